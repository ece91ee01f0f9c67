-- Counterpart schema, version 7: team mode (TEAM.md). A database joins a team whose shared
-- log lives on a PostgreSQL server; this file keeps only what the laptop needs to stay in
-- step with it, and nothing secret (the password is in the system keychain).
--
-- `team`: one row while the database is in a team. `server` is the connection URL
-- without its password; `device` this copy's id (16-byte UUID); `pulled` the server_seq
-- up to which the server's log has been pulled and applied (in the transaction that
-- applied it, so a crash re-pulls, never skips).
CREATE TABLE team (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    server     TEXT NOT NULL,
    user_name  TEXT NOT NULL,
    agency     TEXT NOT NULL,
    device     BLOB NOT NULL CHECK (length(device) = 16),
    pulled     INTEGER NOT NULL DEFAULT 0 CHECK (pulled >= 0),
    last_sync  TEXT,
    joined_at  TEXT NOT NULL
) STRICT;

-- The outbox: each operation applied here while in the team, written in the same
-- transaction as the operation itself. `base` is the pull position it was made on (what
-- its author had seen: a concurrent edit is one the author had not), `fields` the item
-- columns an edit changed (JSON array), `op` its name (`create_item`…), `server_seq` its place in the server's log once
-- the server acknowledged it. A row goes once the pull position has passed it. `refused`:
-- why the server refused it (another agency's item…): it is not sent again, and stays
-- listed by `team status` (the change stands here only).
CREATE TABLE outbox (
    seq         INTEGER PRIMARY KEY,
    op_id       BLOB NOT NULL UNIQUE CHECK (length(op_id) = 16),
    op          TEXT NOT NULL,
    item_id     BLOB CHECK (item_id IS NULL OR length(item_id) = 16),
    body        TEXT NOT NULL,
    base        INTEGER NOT NULL,
    fields      TEXT NOT NULL DEFAULT '[]',
    server_seq  INTEGER,
    refused     TEXT
) STRICT;
CREATE INDEX outbox_item ON outbox (item_id) WHERE item_id IS NOT NULL;

-- The value of each item column in the server's order, as pulled: which op set it last,
-- its author, device and value. A pulled edit whose author had not seen the op that set
-- the column before it (that op is after the edit's `base`) overwrote a colleague's value:
-- an edit conflict, recorded in the item's history.
CREATE TABLE team_field (
    item_id     BLOB NOT NULL CHECK (length(item_id) = 16),
    field       TEXT NOT NULL,
    server_seq  INTEGER NOT NULL,
    author      TEXT,
    device      BLOB,
    value       TEXT,
    PRIMARY KEY (item_id, field)
) STRICT, WITHOUT ROWID;

-- Pulled operations this copy could not apply (an item it may not see, an event its
-- history refuses…), with why: counted in `team status`, never silently dropped.
CREATE TABLE team_refused (
    server_seq  INTEGER PRIMARY KEY,
    op_id       BLOB NOT NULL,
    why         TEXT NOT NULL
) STRICT;

-- The trail learns four actions: `shared` (an item shared with another agency: field the
-- agency code), `conflict` (field the column, old_value the value overwritten, new_value
-- the one that won, who its author), `team_joined` and `team_left` (field the server).
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt with its rows
-- as they are: the chain covers the rows' content, not the table, and still verifies.
CREATE TABLE audit_log_v7 (
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
                                       action = 'team_left'),
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

INSERT INTO audit_log_v7 SELECT * FROM audit_log ORDER BY seq;
DROP TABLE audit_log;
ALTER TABLE audit_log_v7 RENAME TO audit_log;

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
