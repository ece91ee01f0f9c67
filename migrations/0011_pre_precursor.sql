-- Counterpart schema: the substance class `pre-precursor` (PRODUCT.md "Substances": a
-- chemical used to make a precursor, such as 4-piperidone for fentanyl's), for items and
-- for the registry alike.
--
-- A CHECK constraint cannot be changed in place, so `item` and `substance` are rebuilt
-- the way SQLite documents ("Making Other Kinds Of Table Schema Changes"): a new table
-- with the wider CHECK, every row copied with its `seq` (the full-text index and every
-- table that refers to an item keep their keys), the old table dropped and the new one
-- renamed, then its indexes and the view the search index reads made again. The program
-- runs its migrations with foreign keys off, as that procedure requires (dropping `item`
-- would otherwise delete every event, link and reminder by cascade), and checks them
-- before this migration commits (`foreign_key_check`).
--
-- `pre_precursor` is the stored word, like the other vocabularies' multi-word values.

-- The item table's indexes are dropped first, and the registry rebuilt before the items:
-- the pages each drop frees are those the next tables and indexes take, so a new
-- database is left with no free page (whose content no integrity check would read).
DROP INDEX item_kind_status;
DROP INDEX item_unanswered;
DROP INDEX item_due;
DROP INDEX item_follow_up;
DROP INDEX item_clock_running;
DROP INDEX item_clock_stopped;
DROP INDEX item_cas;

CREATE TABLE substance_v11 (
    cas                TEXT NOT NULL PRIMARY KEY,
    name               TEXT NOT NULL,
    name_zh            TEXT,
    class              TEXT CHECK (class = 'precursor' OR class = 'pre_precursor' OR
                                   class = 'analogue' OR class = 'adulterant' OR
                                   class = 'other'),
    us_control         TEXT,
    prc_control        TEXT,
    prc_controlled_on  TEXT,
    un_table           TEXT CHECK (un_table = 'I' OR un_table = 'II'),
    source             TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;

INSERT INTO substance_v11 (cas, name, name_zh, class, us_control, prc_control,
                           prc_controlled_on, un_table, source, created_at, updated_at)
SELECT cas, name, name_zh, class, us_control, prc_control, prc_controlled_on, un_table,
       source, created_at, updated_at
FROM substance ORDER BY cas;

DROP TABLE substance;
ALTER TABLE substance_v11 RENAME TO substance;

-- The view over `item` is dropped first: renaming a table re-reads every view.
DROP VIEW item_search_text;

CREATE TABLE item_v11 (
    seq             INTEGER PRIMARY KEY,
    id              BLOB NOT NULL UNIQUE CHECK (length(id) = 16),  -- UUID v7, 16 bytes
    kind            TEXT NOT NULL CHECK (kind = 'extradition' OR kind = 'indictment' OR
                                         kind = 'scheduling' OR kind = 'commitment'),
    reference       TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    title_zh        TEXT,
    us_agency       TEXT,
    counterpart     TEXT NOT NULL REFERENCES agency (code),
    priority        TEXT NOT NULL DEFAULT 'normal' CHECK (priority = 'low' OR priority = 'normal' OR
                                                          priority = 'high' OR priority = 'urgent'),
    owner           TEXT,
    notes           TEXT,
    -- `;`-separated, sorted, without duplicates (searched through item_fts)
    tags            TEXT,
    due_on          TEXT,
    follow_up_on    TEXT,
    -- kind-specific facts (NULL where they do not apply to the kind)
    subject             TEXT,
    subject_zh          TEXT,
    charges             TEXT,
    district            TEXT,
    provisional_arrest  INTEGER CHECK (provisional_arrest = 0 OR provisional_arrest = 1),
    case_number         TEXT,
    defendants          TEXT,
    unsealed_on         TEXT,
    substance           TEXT,
    cas_number          TEXT,
    substance_class     TEXT CHECK (substance_class = 'precursor' OR
                                    substance_class = 'pre_precursor' OR
                                    substance_class = 'analogue' OR
                                    substance_class = 'adulterant' OR substance_class = 'other'),
    us_control_status   TEXT,
    prc_control_status  TEXT,
    prc_controlled_on   TEXT,
    forum               TEXT,
    agreed_on           TEXT,
    owner_side          TEXT CHECK (owner_side = 'us' OR owner_side = 'prc' OR
                                    owner_side = 'joint'),
    text_en             TEXT,
    text_zh             TEXT,
    -- derived from the events, kept in step in the same transaction
    status          TEXT NOT NULL CHECK (status = 'draft' OR status = 'transmitted' OR
                                         status = 'acknowledged' OR status = 'in_progress' OR
                                         status = 'awaiting_us' OR status = 'fulfilled' OR
                                         status = 'partially_fulfilled' OR status = 'declined' OR
                                         status = 'withdrawn'),
    is_open         INTEGER NOT NULL CHECK (is_open = 0 OR is_open = 1),
    status_on       TEXT,
    transmitted_on  TEXT,
    closed_on       TEXT,
    last_prc_on     TEXT,
    paused_days     INTEGER NOT NULL DEFAULT 0,
    paused_since    TEXT,
    clock_start     INTEGER,
    clock_stop      INTEGER,
    clock_frozen    INTEGER GENERATED ALWAYS AS (clock_stop - clock_start) VIRTUAL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    archived        INTEGER NOT NULL DEFAULT 0 CHECK (archived = 0 OR archived = 1),
    archived_at     TEXT,
    first_prc_on    TEXT,
    raised_count    INTEGER NOT NULL DEFAULT 0 CHECK (raised_count >= 0)
) STRICT;

INSERT INTO item_v11 (
    seq, id, kind, reference, title, title_zh, us_agency, counterpart, priority, owner,
    notes, tags, due_on, follow_up_on, subject, subject_zh, charges, district,
    provisional_arrest, case_number, defendants, unsealed_on, substance, cas_number,
    substance_class, us_control_status, prc_control_status, prc_controlled_on, forum,
    agreed_on, owner_side, text_en, text_zh, status, is_open, status_on, transmitted_on,
    closed_on, last_prc_on, paused_days, paused_since, clock_start, clock_stop,
    created_at, updated_at, version, archived, archived_at, first_prc_on, raised_count
)
SELECT
    seq, id, kind, reference, title, title_zh, us_agency, counterpart, priority, owner,
    notes, tags, due_on, follow_up_on, subject, subject_zh, charges, district,
    provisional_arrest, case_number, defendants, unsealed_on, substance, cas_number,
    substance_class, us_control_status, prc_control_status, prc_controlled_on, forum,
    agreed_on, owner_side, text_en, text_zh, status, is_open, status_on, transmitted_on,
    closed_on, last_prc_on, paused_days, paused_since, clock_start, clock_stop,
    created_at, updated_at, version, archived, archived_at, first_prc_on, raised_count
FROM item ORDER BY seq;

DROP TABLE item;
ALTER TABLE item_v11 RENAME TO item;

CREATE INDEX item_kind_status ON item (kind, status) WHERE archived = 0;
CREATE INDEX item_unanswered ON item (kind) WHERE is_open = 1 AND (archived = 0 AND last_prc_on IS NULL AND transmitted_on IS NOT NULL);
CREATE INDEX item_due ON item (due_on) WHERE is_open = 1 AND (archived = 0 AND due_on IS NOT NULL);
CREATE INDEX item_follow_up ON item (follow_up_on) WHERE is_open = 1 AND (archived = 0 AND follow_up_on IS NOT NULL);
CREATE INDEX item_clock_running ON item (is_open, clock_start) WHERE clock_stop IS NULL AND archived = 0;
CREATE INDEX item_clock_stopped ON item (is_open, clock_frozen) WHERE clock_stop IS NOT NULL AND archived = 0;
CREATE INDEX item_cas ON item (cas_number) WHERE cas_number IS NOT NULL;

CREATE VIEW item_search_text AS
    SELECT seq, coalesce(reference, '') || char(10) || coalesce(title, '') || char(10)
        || coalesce(title_zh, '') || char(10) || coalesce(subject, '') || char(10)
        || coalesce(subject_zh, '') || char(10) || coalesce(substance, '') || char(10)
        || coalesce(notes, '') || char(10) || coalesce(tags, '') AS body
    FROM item;
