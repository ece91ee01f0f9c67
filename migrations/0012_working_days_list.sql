-- Counterpart schema, version 12: the list shows and sorts by working days (U.S. and
-- PRC) as it does by calendar days, and shows an item's raise summary (with `raised_count`
-- of schema 9: the date of the last raised event and the highest level).
--
-- Per calendar, like the clock columns: while the clock runs, working days with
-- counterpart = C(today) − wd_X_base, C being the calendar's cumulative working-day counter
-- (crates/core/src/calendar/cumulative.rs); once stopped by a pause or by closing, it
-- stands at wd_X_frozen. Kept in step with the history in the transaction that changes
-- an item, and made again for every item when a day is added to a calendar or the
-- program's calendar data changes (the setting `calendar.fingerprint`): left empty here,
-- they are filled when the database is first opened after this upgrade.
ALTER TABLE item ADD COLUMN wd_us_base INTEGER;
ALTER TABLE item ADD COLUMN wd_us_frozen INTEGER;
ALTER TABLE item ADD COLUMN wd_prc_base INTEGER;
ALTER TABLE item ADD COLUMN wd_prc_frozen INTEGER;
ALTER TABLE item ADD COLUMN raised_level TEXT CHECK (raised_level IS NULL OR
    raised_level = 'working' OR raised_level = 'director' OR
    raised_level = 'assistant_secretary' OR raised_level = 'deputy_secretary' OR
    raised_level = 'cabinet' OR raised_level = 'leaders');
ALTER TABLE item ADD COLUMN raised_last_on TEXT;

-- As the calendar-day indexes: a running clock orders by its base, a stopped one by its
-- frozen count.
CREATE INDEX item_wd_us_running ON item (is_open, wd_us_base) WHERE clock_stop IS NULL AND archived = 0;
CREATE INDEX item_wd_us_stopped ON item (is_open, wd_us_frozen) WHERE clock_stop IS NOT NULL AND archived = 0;
CREATE INDEX item_wd_prc_running ON item (is_open, wd_prc_base) WHERE clock_stop IS NULL AND archived = 0;
CREATE INDEX item_wd_prc_stopped ON item (is_open, wd_prc_frozen) WHERE clock_stop IS NOT NULL AND archived = 0;

-- The last date and the highest level of the raised events that count (retracted ones
-- do not).
UPDATE item SET raised_last_on = (
    SELECT max(e.occurred_on) FROM event e
     WHERE e.item_id = item.id AND e.type = 'raised'
       AND e.id NOT IN (SELECT retracts FROM event WHERE retracts IS NOT NULL)),
  raised_level = (
    SELECT e.level FROM event e
     WHERE e.item_id = item.id AND e.type = 'raised' AND e.level IS NOT NULL
       AND e.id NOT IN (SELECT retracts FROM event WHERE retracts IS NOT NULL)
     ORDER BY CASE e.level WHEN 'working' THEN 1 WHEN 'director' THEN 2
                           WHEN 'assistant_secretary' THEN 3 WHEN 'deputy_secretary' THEN 4
                           WHEN 'cabinet' THEN 5 ELSE 6 END DESC
     LIMIT 1)
WHERE raised_count > 0;
