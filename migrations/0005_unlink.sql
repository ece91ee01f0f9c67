-- Counterpart schema, version 5: the audit trail records links removed (`unlinked`:
-- field the relation, old_value the other item's reference).
--
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt with its rows
-- as they are: the hash chain covers the rows' content, not the table, and still verifies.
CREATE TABLE audit_log_v5 (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    who        TEXT,
    item_id    BLOB NOT NULL CHECK (length(item_id) = 16),
    reference  TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action = 'created' OR action = 'edited' OR
                                    action = 'event_recorded' OR action = 'linked' OR
                                    action = 'unlinked' OR action = 'archived' OR
                                    action = 'restored' OR action = 'erased'),
    field      TEXT,
    old_value  TEXT,
    new_value  TEXT,
    prev_hash  TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash       TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;

INSERT INTO audit_log_v5 (seq, at, who, item_id, reference, action, field, old_value,
                          new_value, prev_hash, hash)
    SELECT seq, at, who, item_id, reference, action, field, old_value, new_value,
           prev_hash, hash
      FROM audit_log ORDER BY seq;

DROP TABLE audit_log;
ALTER TABLE audit_log_v5 RENAME TO audit_log;

CREATE INDEX audit_log_item ON audit_log (item_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: its rows cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: its rows cannot be deleted');
END;
