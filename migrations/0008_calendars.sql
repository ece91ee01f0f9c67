-- Counterpart schema, version 8: the days the user adds to a calendar (a closure, a
-- holiday, a make-up working day), which the working-day counts use over the published
-- calendars. One row per calendar and date: a later one replaces it.

-- The trail learns `holiday_added` (field `calendar:date`, new_value the kind and name as
-- JSON). The table is rebuilt as in migration 0007, with its rows as they are.
CREATE TABLE audit_log_v8 (
    seq           INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    who           TEXT,
    item_id       BLOB CHECK (item_id IS NULL OR length(item_id) = 16),
    reference     TEXT,
    action        TEXT NOT NULL CHECK (action = 'created' OR action = 'edited' OR
                                       action = 'event_recorded' OR action = 'linked' OR
                                       action = 'unlinked' OR action = 'archived' OR
                                       action = 'restored' OR action = 'erased' OR
                                       action = 'shared' OR action = 'conflict' OR
                                       action = 'setting_changed' OR action = 'agency_added' OR
                                       action = 'reminder_snoozed' OR action = 'reminder_done' OR
                                       action = 'brief_made' OR action = 'database_restored' OR
                                       action = 'rechained' OR action = 'team_joined' OR
                                       action = 'team_left' OR action = 'holiday_added'),
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

INSERT INTO audit_log_v8 SELECT * FROM audit_log ORDER BY seq;
DROP TABLE audit_log;
ALTER TABLE audit_log_v8 RENAME TO audit_log;

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

-- Created after the rebuild, so that it takes a page the old trail's table freed (a free
-- page is not read by the check on opening).
CREATE TABLE calendar_day (
    calendar  TEXT NOT NULL CHECK (calendar = 'us' OR calendar = 'prc'),
    date      TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    kind      TEXT NOT NULL CHECK (kind = 'holiday' OR kind = 'workday'),
    name      TEXT NOT NULL,
    added_at  TEXT NOT NULL,
    who       TEXT,
    PRIMARY KEY (calendar, date)
) STRICT;
