-- Counterpart schema: the substance registry (PRODUCT.md "Substances"), shared by the
-- items. A substance is known by its CAS registry number (checked by its check digit on
-- entry), which is also how a scheduling item refers to it: the item's `cas_number`. The
-- item keeps its own substance columns as they were entered (the CSV export and import
-- read and write them as before); the registry holds the shared, current facts, among
-- them the date the PRC controlled the substance (NULL: not controlled, or not known).
--
-- `class` is the substance class vocabulary of the items; `un_table` the table of the
-- 1988 UN Convention (I or II) the substance is listed in, NULL if in neither or unknown;
-- `source` where the facts come from. A status nobody can source stays NULL (unknown).

-- The trail's table is rebuilt first, so that the pages the old one frees are those the
-- registry's new table and indexes take (no free page is left in the file).
--
-- The trail learns `substance_added` and `substance_edited` (field the CAS number,
-- old_value and new_value the entry as JSON). As in 0007 and 0008 the table is rebuilt with its
-- rows as they are (the chain covers the rows' content, not the table).
CREATE TABLE audit_log_v10 (
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
                                       action = 'team_left' OR action = 'holiday_added' OR
                                       action = 'substance_added' OR action = 'substance_edited'),
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

INSERT INTO audit_log_v10 SELECT * FROM audit_log ORDER BY seq;
DROP TABLE audit_log;
ALTER TABLE audit_log_v10 RENAME TO audit_log;

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

CREATE TABLE substance (
    cas                TEXT NOT NULL PRIMARY KEY,
    name               TEXT NOT NULL,
    name_zh            TEXT,
    class              TEXT CHECK (class = 'precursor' OR class = 'analogue' OR
                                   class = 'adulterant' OR class = 'other'),
    us_control         TEXT,
    prc_control        TEXT,
    prc_controlled_on  TEXT,
    un_table           TEXT CHECK (un_table = 'I' OR un_table = 'II'),
    source             TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;

-- A scheduling item finds its substance by its CAS number.
CREATE INDEX item_cas ON item (cas_number) WHERE cas_number IS NOT NULL;

-- Every existing scheduling item with a CAS number becomes (or joins) a registry entry:
-- one per CAS number, with the facts of the item changed last among those that share it
-- (the items keep their own values, so nothing is lost).
INSERT INTO substance (cas, name, class, us_control, prc_control, prc_controlled_on,
                       source, created_at, updated_at)
SELECT i.cas_number, coalesce(nullif(trim(i.substance), ''), i.cas_number), i.substance_class,
       i.us_control_status, i.prc_control_status, i.prc_controlled_on,
       'item ' || i.reference, i.updated_at, i.updated_at
FROM item i
WHERE i.kind = 'scheduling' AND i.cas_number IS NOT NULL AND i.cas_number <> ''
  AND i.seq = (SELECT j.seq FROM item j
               WHERE j.kind = 'scheduling' AND j.cas_number = i.cas_number
               ORDER BY j.updated_at DESC, j.seq DESC LIMIT 1);
