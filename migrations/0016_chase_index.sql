-- Counterpart schema 16: the reminder check with a follow-up cadence stays cheap on
-- 100,000 items (issue 15: the full check < 50 ms with a cadence on every kind).
--
-- A cadence's chase dates are computed from when the counterpart was last heard from,
-- not stored (see `db::reminders`), so the check reads every open, transmitted item of
-- the kinds with a cadence. Without an index that is a scan of the whole `item` table,
-- whose rows are wide (titles, notes, the working-day columns): about 57 ms on 100,000
-- items. This partial index holds exactly the rows and columns that read needs (the
-- kind, the date last heard from, and the row number every index carries), about a
-- fortieth of the table, and the read becomes a walk of it (about 7 ms). Its condition
-- is written as the check's query writes it (with the status as a literal), which is
-- what lets SQLite use a partial index.
--
-- Its cost falls on writes of open, transmitted items: measured in `make bench`'s import
-- figure (an earlier measurement, before any cadence had a target, found about 6%).
CREATE INDEX item_chase ON item (kind, coalesce(last_prc_on, transmitted_on))
    WHERE is_open = 1 AND transmitted_on IS NOT NULL AND archived = 0 AND status <> 'awaiting_us';
