-- Counterpart schema: a year's calendar published from its notice (PRODUCT.md
-- "Calendars": the year's data can be updated without a new release). When the State
-- Council publishes next year's notice (or an executive order closes the departments),
-- the user loads it (`counterpart holidays import`): its days join `calendar_day` with
-- the notice as their `source`, and the year is in `calendar_year`, so that counts over
-- it are no longer marked estimated. A day the user added by hand (`source` NULL) wins
-- over a notice's, as it wins over the program's own data.
--
-- The trail learns `calendar_published` (field `calendar:year`, new_value the source and
-- the days as JSON). Its vocabulary moves from a CHECK on `action`, which every new
-- action had to rebuild the table to widen (0005, 0007, 0008, 0010), to the table
-- `audit_action`, checked by a trigger on insert: a later migration adds its action with
-- one INSERT. The table is rebuilt once more for that, with its rows as they are (the
-- chain covers the rows' content, not the table); the new tables are made after it, in
-- the pages the old one freed.
CREATE TABLE audit_log_v13 (
    seq           INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    who           TEXT,
    item_id       BLOB CHECK (item_id IS NULL OR length(item_id) = 16),
    reference     TEXT,
    -- checked against `audit_action` by the trigger `audit_log_known_action`
    action        TEXT NOT NULL,
    field         TEXT,
    old_value     TEXT,
    new_value     TEXT,
    salt          BLOB CHECK (salt IS NULL OR length(salt) = 16),
    old_digest    BLOB CHECK (old_digest IS NULL OR length(old_digest) = 32),
    new_digest    BLOB CHECK (new_digest IS NULL OR length(new_digest) = 32),
    redacted      INTEGER NOT NULL DEFAULT 0 CHECK (redacted = 0 OR redacted = 1),
    prev_hash     TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash          TEXT NOT NULL CHECK (length(hash) = 64),
    CHECK ((item_id IS NULL) = (reference IS NULL))
) STRICT;

INSERT INTO audit_log_v13 SELECT * FROM audit_log ORDER BY seq;
DROP TABLE audit_log;
ALTER TABLE audit_log_v13 RENAME TO audit_log;

CREATE INDEX audit_log_item ON audit_log (item_id) WHERE item_id IS NOT NULL;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (
    OLD.redacted = 0 AND NEW.redacted = 1 AND OLD.item_id IS NOT NULL
    AND OLD.action <> 'erased'
    AND NEW.salt IS NULL AND NEW.old_value IS NULL AND NEW.new_value IS NULL
    AND NEW.field IS OLD.field AND NEW.seq IS OLD.seq AND NEW.at IS OLD.at AND NEW.who IS OLD.who
    AND NEW.item_id IS OLD.item_id AND NEW.reference IS OLD.reference
    AND NEW.action IS OLD.action
    AND NEW.old_digest IS OLD.old_digest
    AND NEW.new_digest IS OLD.new_digest
    AND NEW.prev_hash IS OLD.prev_hash AND NEW.hash IS OLD.hash
    AND EXISTS (SELECT 1 FROM audit_log e WHERE e.item_id = OLD.item_id AND e.action = 'erased')
)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: its rows cannot be changed (only an erased item''s values redacted)');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: its rows cannot be deleted');
END;

CREATE TRIGGER audit_log_known_action BEFORE INSERT ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM audit_action WHERE name = NEW.action)
BEGIN
    SELECT RAISE(ABORT, 'audit_log: unknown action');
END;

CREATE TABLE audit_action (
    name TEXT NOT NULL PRIMARY KEY
) STRICT, WITHOUT ROWID;

INSERT INTO audit_action (name) VALUES
    ('created'),
    ('edited'),
    ('event_recorded'),
    ('linked'),
    ('unlinked'),
    ('archived'),
    ('restored'),
    ('erased'),
    ('shared'),
    ('conflict'),
    ('setting_changed'),
    ('agency_added'),
    ('reminder_snoozed'),
    ('reminder_done'),
    ('brief_made'),
    ('database_restored'),
    ('rechained'),
    ('team_joined'),
    ('team_left'),
    ('holiday_added'),
    ('substance_added'),
    ('substance_edited'),
    ('calendar_published');

CREATE TABLE calendar_year (
    calendar  TEXT NOT NULL CHECK (calendar = 'us' OR calendar = 'prc'),
    year      INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    -- the notice or order, as the user gave it (title, number, date, address)
    source    TEXT NOT NULL,
    added_at  TEXT NOT NULL,
    who       TEXT,
    PRIMARY KEY (calendar, year)
) STRICT;

-- NULL: a day the user added by hand; otherwise the source of the notice it came from.
ALTER TABLE calendar_day ADD COLUMN source TEXT;
