-- Counterpart schema, version 4: the audit trail, and archiving items.
--
-- `audit_log` holds one row per change to an item or its history, written in the same
-- transaction as the change (db::audit). It is append-only: the triggers below abort any
-- UPDATE or DELETE. Each row is chained to the one before it: `hash` is SHA-256 over
-- `prev_hash` and the row's own canonical content (every column but `hash`, length-prefixed;
-- see `crate::audit`), and `prev_hash` is the previous row's `hash` (a fixed genesis value
-- for the first row). A row changed, removed or moved behind the program's back breaks the
-- chain, which `counterpart check` verifies (db::audit::verify).
--
--   seq         1, 2, 3 … without gaps, in the order the changes were made;
--   at          the instant of the change (TEXT RFC 3339 UTC with microseconds, as in 0001);
--   who         the user name the program was given, NULL when none;
--   item_id     the item's UUID (16 bytes). NOT a foreign key: the rows outlive an erased item;
--   reference   the item's reference at the time, so that the rows of an erased item stay
--               readable;
--   action      what happened (below); `field`, `old_value`, `new_value` say what changed:
--                 created         new_value: {"kind", "title"} as JSON
--                 edited          field: the column; old_value, new_value: as stored (TEXT)
--                 event_recorded  field: the event type; new_value: the event as JSON
--                 linked          field: the relation; new_value: the other item's reference
--                 archived, restored
--                 erased          old_value: {"kind", "title"} as JSON (not the whole item)
--   prev_hash, hash  64 lowercase hex digits.
CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    who        TEXT,
    item_id    BLOB NOT NULL CHECK (length(item_id) = 16),
    reference  TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action = 'created' OR action = 'edited' OR
                                    action = 'event_recorded' OR action = 'linked' OR
                                    action = 'archived' OR action = 'restored' OR
                                    action = 'erased'),
    field      TEXT,
    old_value  TEXT,
    new_value  TEXT,
    prev_hash  TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash       TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;

-- An item's history of changes (the item detail, `counterpart history`).
CREATE INDEX audit_log_item ON audit_log (item_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: its rows cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: its rows cannot be deleted');
END;

-- An archived item (archived = 1, and archived_at the instant) leaves the list, the
-- summary, search, reminders and briefs, and can be restored. Erasing is a real DELETE
-- (audited). The flag is an integer compared with `=`, not `archived_at IS NULL`: SQLite
-- treats a column that a partial index's WHERE sets equal to a constant as covered by the
-- index, but not one it tests with IS NULL, and the summary then read every row of the
-- table (measured: 11 ms became 98 ms on 100,000 items).
ALTER TABLE item ADD COLUMN archived INTEGER NOT NULL DEFAULT 0 CHECK (archived = 0 OR archived = 1);
ALTER TABLE item ADD COLUMN archived_at TEXT;

-- Every read of the list, summary, reminders and briefs asks for `archived = 0`; the
-- indexes behind them are rebuilt over the items that are not archived, so that those
-- reads keep answering from an index alone (archived items are not in these indexes).
-- The parentheses matter: SQLite counts as covered the columns of `col = constant` terms
-- of a partial index's WHERE only at the top of its AND tree and down its right-hand
-- side, so `is_open = 1 AND (archived = 0 AND …)` covers both is_open and archived where
-- `is_open = 1 AND archived = 0 AND …` covers archived alone (EXPLAIN QUERY PLAN).
DROP INDEX item_kind_status;
DROP INDEX item_unanswered;
DROP INDEX item_due;
DROP INDEX item_follow_up;
DROP INDEX item_clock_running;
DROP INDEX item_clock_stopped;
CREATE INDEX item_kind_status ON item (kind, status) WHERE archived = 0;
CREATE INDEX item_unanswered ON item (kind) WHERE is_open = 1 AND (archived = 0 AND last_prc_on IS NULL AND transmitted_on IS NOT NULL);
CREATE INDEX item_due ON item (due_on) WHERE is_open = 1 AND (archived = 0 AND due_on IS NOT NULL);
CREATE INDEX item_follow_up ON item (follow_up_on) WHERE is_open = 1 AND (archived = 0 AND follow_up_on IS NOT NULL);
CREATE INDEX item_clock_running ON item (is_open, clock_start) WHERE clock_stop IS NULL AND archived = 0;
CREATE INDEX item_clock_stopped ON item (is_open, clock_frozen) WHERE clock_stop IS NOT NULL AND archived = 0;

-- Items that exist before this version get a `created` row each, chained in item order,
-- by the migration's hook (db::audit::backfill): SQLite has no SHA-256 of its own.
