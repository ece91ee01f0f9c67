-- Counterpart schema, version 9: raising an item (PRODUCT.md "Raising an item"). A
-- `raised` event carries the level it was raised at and the venue; other events have
-- neither. Raised events recorded before this version have no level (NULL).
ALTER TABLE event ADD COLUMN level TEXT CHECK (level IS NULL OR
    level = 'working' OR level = 'director' OR level = 'assistant_secretary' OR
    level = 'deputy_secretary' OR level = 'cabinet' OR level = 'leaders');
ALTER TABLE event ADD COLUMN venue TEXT;

-- Kept with the item's other derived columns (from its history, in the transaction that
-- changes it) so that the responsiveness stats read one row per item: the first PRC-side
-- event after transmission, and how many raised events count (retracted ones do not).
ALTER TABLE item ADD COLUMN first_prc_on TEXT;
ALTER TABLE item ADD COLUMN raised_count INTEGER NOT NULL DEFAULT 0 CHECK (raised_count >= 0);
UPDATE item SET
    first_prc_on = (SELECT min(e.occurred_on) FROM event e
                     WHERE e.item_id = item.id AND e.side = 'prc' AND item.transmitted_on IS NOT NULL
                       AND e.occurred_on >= item.transmitted_on
                       AND e.id NOT IN (SELECT retracts FROM event WHERE retracts IS NOT NULL)),
    raised_count = (SELECT count(*) FROM event e
                     WHERE e.item_id = item.id AND e.type = 'raised'
                       AND e.id NOT IN (SELECT retracts FROM event WHERE retracts IS NOT NULL));
