-- Counterpart schema, version 3: the record of the briefs made.
--
-- Every brief records what it contained, so that a later step can print "changes since the
-- previous brief": `brief` holds one row per brief (when it was made, its as-of date, the
-- options it was made with as JSON, its format, how many items), `brief_item` the items in
-- the order the brief showed them, with the figures it printed.
-- Dates are TEXT 'YYYY-MM-DD', instants TEXT RFC 3339 UTC with microseconds, as in 0001.
CREATE TABLE brief (
    id          INTEGER PRIMARY KEY,
    made_at     TEXT NOT NULL,
    as_of       TEXT NOT NULL CHECK (length(as_of) = 10),
    options     TEXT NOT NULL CHECK (json_valid(options)),
    format      TEXT NOT NULL CHECK (format = 'pdf' OR format = 'html' OR format = 'md'),
    item_count  INTEGER NOT NULL CHECK (item_count >= 0)
) STRICT;

CREATE INDEX brief_made_at ON brief (made_at);

-- The item's id has no foreign key: the record of what was handed out outlives the item.
CREATE TABLE brief_item (
    brief_id                 INTEGER NOT NULL REFERENCES brief (id) ON DELETE CASCADE,
    position                 INTEGER NOT NULL CHECK (position >= 0),
    item_id                  BLOB NOT NULL CHECK (length(item_id) = 16),
    reference                TEXT NOT NULL,
    status                   TEXT NOT NULL CHECK (status = 'draft' OR status = 'transmitted' OR
                                                  status = 'acknowledged' OR status = 'in_progress' OR
                                                  status = 'awaiting_us' OR status = 'fulfilled' OR
                                                  status = 'partially_fulfilled' OR
                                                  status = 'declined' OR status = 'withdrawn'),
    days_with_counterpart    INTEGER CHECK (days_with_counterpart >= 0),
    days_since_prc_response  INTEGER,
    overdue                  INTEGER NOT NULL CHECK (overdue = 0 OR overdue = 1),
    PRIMARY KEY (brief_id, position)
) STRICT, WITHOUT ROWID;

-- "Which briefs showed this item" (changes since the previous brief).
CREATE INDEX brief_item_item ON brief_item (item_id);
