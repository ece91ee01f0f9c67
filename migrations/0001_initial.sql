-- Counterpart schema, version 1.
-- Dates the user enters are TEXT 'YYYY-MM-DD'; instants are TEXT RFC 3339 UTC with
-- microseconds (fixed width, so text order is time order); ids are UUIDs as 16-byte BLOBs.
-- The clock columns of `item` (clock_start, clock_stop, clock_frozen) are day numbers
-- (days since 1970-01-01) kept in step with the events in the same transaction, so that
-- SQL can filter and sort by days with counterpart through an index.
--
-- CHECK constraints compare with OR, not `IN (…)`: SQLite builds an ephemeral table for an
-- IN list at every execution of an INSERT, which made a bulk import 45% slower.

CREATE TABLE agency (
    code     TEXT NOT NULL PRIMARY KEY,
    name_en  TEXT NOT NULL UNIQUE,
    name_zh  TEXT NOT NULL,
    builtin  INTEGER NOT NULL DEFAULT 0 CHECK (builtin = 0 OR builtin = 1)
) STRICT;

INSERT INTO agency (code, name_en, name_zh, builtin) VALUES
    ('MPS',    'Ministry of Public Security',                 '公安部', 1),
    ('NNCC',   'National Narcotics Control Commission',       '国家禁毒委员会', 1),
    ('SPP',    'Supreme People''s Procuratorate',              '最高人民检察院', 1),
    ('MOJ',    'Ministry of Justice',                         '司法部', 1),
    ('MFA',    'Ministry of Foreign Affairs',                 '外交部', 1),
    ('MOFCOM', 'Ministry of Commerce',                        '商务部', 1),
    ('NMPA',   'National Medical Products Administration',    '国家药品监督管理局', 1),
    ('GACC',   'General Administration of Customs',           '海关总署', 1),
    ('PBOC',   'People''s Bank of China',                      '中国人民银行', 1),
    ('CAC',    'Cyberspace Administration of China',          '国家互联网信息办公室', 1);

CREATE TABLE item (
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
    substance_class     TEXT CHECK (substance_class = 'precursor' OR substance_class = 'analogue' OR
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
    version         INTEGER NOT NULL DEFAULT 1
) STRICT;

-- The summary: counts per kind and status, overdue (item_due), never answered.
CREATE INDEX item_kind_status ON item (kind, status);
CREATE INDEX item_unanswered ON item (kind) WHERE is_open = 1 AND last_prc_on IS NULL AND transmitted_on IS NOT NULL;
CREATE INDEX item_due ON item (due_on) WHERE is_open = 1 AND due_on IS NOT NULL;
CREATE INDEX item_follow_up ON item (follow_up_on) WHERE is_open = 1 AND follow_up_on IS NOT NULL;
-- Days with counterpart: a running clock orders by its start, a stopped one by its frozen count.
CREATE INDEX item_clock_running ON item (is_open, clock_start) WHERE clock_stop IS NULL;
CREATE INDEX item_clock_stopped ON item (is_open, clock_frozen) WHERE clock_stop IS NOT NULL;

CREATE TABLE event (
    seq          INTEGER PRIMARY KEY,
    id           BLOB NOT NULL UNIQUE CHECK (length(id) = 16),  -- UUID v7, 16 bytes
    item_id      BLOB NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    type         TEXT NOT NULL CHECK (type = 'transmitted' OR type = 'acknowledged' OR
                                      type = 'info_requested' OR type = 'info_provided' OR
                                      type = 'raised' OR type = 'prc_response' OR type = 'status' OR
                                      type = 'note' OR type = 'due_changed' OR type = 'closed' OR
                                      type = 'retraction'),
    occurred_on  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT,
    side         TEXT NOT NULL CHECK (side = 'us' OR side = 'prc'),
    status       TEXT CHECK (status = 'draft' OR status = 'transmitted' OR status = 'acknowledged' OR
                             status = 'in_progress' OR status = 'awaiting_us' OR
                             status = 'fulfilled' OR status = 'partially_fulfilled' OR
                             status = 'declined' OR status = 'withdrawn'),
    due_on       TEXT,
    retracts     BLOB REFERENCES event (id),
    note         TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX event_item ON event (item_id);
CREATE INDEX event_retracts ON event (retracts) WHERE retracts IS NOT NULL;

CREATE TABLE item_link (
    from_id   BLOB NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    to_id     BLOB NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    relation  TEXT NOT NULL DEFAULT 'related',
    PRIMARY KEY (from_id, to_id),
    CHECK (from_id <> to_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX item_link_to ON item_link (to_id);

-- Full-text search over what people type: one text per item (reference, titles, subject,
-- substance, notes, tags, a line each), indexed by trigrams (every three characters), so
-- that a Chinese word, which has no spaces around it, is found inside a title. Queries are
-- `body LIKE '%term%'`, which FTS5 answers from the trigram index; `detail=none` keeps the
-- index a fifth of the size of `detail=full` (11 MB against 59 MB for 100,000 items), as
-- LIKE needs no positions. The text itself is not stored twice: the index reads it
-- through the view `item_search_text`.
--
-- The index is kept up to date by the db layer (`db::search`) in the same transaction as
-- the item, not by triggers: FTS5 flushes its pending index at every statement savepoint,
-- which a trigger opens, and that made a bulk import 3.4 times slower.
CREATE VIEW item_search_text AS
    SELECT seq, coalesce(reference, '') || char(10) || coalesce(title, '') || char(10)
        || coalesce(title_zh, '') || char(10) || coalesce(subject, '') || char(10)
        || coalesce(subject_zh, '') || char(10) || coalesce(substance, '') || char(10)
        || coalesce(notes, '') || char(10) || coalesce(tags, '') AS body
    FROM item;

CREATE VIRTUAL TABLE item_fts USING fts5 (
    body, content = 'item_search_text', content_rowid = 'seq', tokenize = 'trigram', detail = 'none'
);

-- Accumulate up to 16 MB of index in memory before writing a segment: a bulk import then
-- writes a few large segments instead of merging many small ones.
INSERT INTO item_fts (item_fts, rank) VALUES ('hashsize', 16777216);
