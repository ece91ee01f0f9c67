-- Counterpart schema, version 6: a redactable audit trail, and the changes of the record
-- that are not an item's.
--
-- 1. Redactable. A row's hash now commits to a digest of each of its two values
--    (`old_value`, `new_value`: what was typed) instead of the values: SHA-256 over a
--    domain tag, the row's random 16-byte `salt`, the column and the value (crate::audit).
--    The digests are stored (`old_digest`, `new_digest`, 32 bytes, NULL for a NULL
--    value). Erasing an item sets its rows' old and new values and salt to NULL and
--    `redacted` to 1 (`field` stays: a column's name, an event's type, a link's relation);
--    the digests and hashes stay, so the chain still verifies, and without the salt a
--    digest cannot be tested against a guessed value. The `erased` row says how many rows
--    were redacted, and `counterpart check` refuses a redacted row that no erase explains
--    or a count that does not match.
--
-- 2. Not only items. `item_id` and `reference` may be NULL: a row with no item records a
--    setting changed, an agency added, a reminder snoozed or done, a brief made, a restore
--    from a backup, or this migration's re-chaining (crate::audit::RecordAction). An
--    item's history (`WHERE item_id = ?`) never reads them.
--
-- 3. The old rows: re-chained, not kept as version 1. A version-1 row's hash covers its
--    values, so it could never be redacted and still verify: an item created before this
--    upgrade and erased after it would keep its text in the trail for ever, or break the
--    chain. So the migration's hook (db::audit::migrate::rechain) first verifies the old
--    chain as version 1, then writes every row again with the same number, instant, user,
--    item, action and values, a fresh salt, its digests and a version-2 hash, chained
--    from the genesis value; and appends one `rechained` row whose value records the old
--    chain's head (`seq:hash`) and whether it verified (and if not, its first bad row).
--    The re-anchoring is thus itself evidence: a brief printed before the upgrade names a
--    version-1 head, which that row (and any backup made before, among them the one made
--    automatically before this migration) still shows; and a broken old chain is not
--    laundered by the re-hashing: `check` reports the `rechained` row that says so.
--
-- The table is rebuilt (SQLite cannot change a CHECK constraint or NOT NULL in place).
-- The old one is renamed aside here, the hook fills the new one from it and drops it.
DROP TRIGGER audit_log_no_update;
DROP TRIGGER audit_log_no_delete;
DROP INDEX audit_log_item;
ALTER TABLE audit_log RENAME TO audit_log_v1;

CREATE TABLE audit_log (
    seq           INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    who           TEXT,
    item_id       BLOB CHECK (item_id IS NULL OR length(item_id) = 16),
    reference     TEXT,
    action        TEXT NOT NULL CHECK (action = 'created' OR action = 'edited' OR
                                       action = 'event_recorded' OR action = 'linked' OR
                                       action = 'unlinked' OR action = 'archived' OR
                                       action = 'restored' OR action = 'erased' OR
                                       action = 'setting_changed' OR action = 'agency_added' OR
                                       action = 'reminder_snoozed' OR action = 'reminder_done' OR
                                       action = 'brief_made' OR action = 'database_restored' OR
                                       action = 'rechained'),
    field         TEXT,
    old_value     TEXT,
    new_value     TEXT,
    salt          BLOB CHECK (salt IS NULL OR length(salt) = 16),
    old_digest    BLOB CHECK (old_digest IS NULL OR length(old_digest) = 32),
    new_digest    BLOB CHECK (new_digest IS NULL OR length(new_digest) = 32),
    redacted      INTEGER NOT NULL DEFAULT 0 CHECK (redacted = 0 OR redacted = 1),
    prev_hash     TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash          TEXT NOT NULL CHECK (length(hash) = 64),
    -- An item's rows name it; the others name none.
    CHECK ((item_id IS NULL) = (reference IS NULL))
) STRICT;

CREATE INDEX audit_log_item ON audit_log (item_id) WHERE item_id IS NOT NULL;

-- Append-only, but for one update: the redaction of an erased item's row (old and new
-- values and salt to NULL, `redacted` to 1; every other column, the digests and the hash
-- as they were), and only once an `erased` row of that item exists.
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

-- The full-text index deletes an erased (or edited) item's text from its pages at once
-- instead of leaving it in older segments behind a delete marker until a merge (FTS5's
-- secure-delete option, SQLite 3.42); with `PRAGMA secure_delete` on the writing
-- connection the freed bytes are zeroed too. What earlier deletes left behind their
-- markers is merged away once, here ('optimize' rewrites the index as one segment), so
-- that an erase need not rewrite the whole index each time.
INSERT INTO item_fts (item_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO item_fts (item_fts) VALUES ('optimize');
