-- Counterpart schema, version 9: raising an item (PRODUCT.md "Raising an item"). A
-- `raised` event carries the level it was raised at and the venue; other events have
-- neither. Raised events recorded before this version have no level (NULL).
ALTER TABLE event ADD COLUMN level TEXT CHECK (level IS NULL OR
    level = 'working' OR level = 'director' OR level = 'assistant_secretary' OR
    level = 'deputy_secretary' OR level = 'cabinet' OR level = 'leaders');
ALTER TABLE event ADD COLUMN venue TEXT;

-- The raise summary and the responsiveness stats read the raised events of every item.
CREATE INDEX event_raised ON event (item_id, occurred_on) WHERE type = 'raised';
