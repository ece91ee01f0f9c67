-- Counterpart schema: attachments (PRODUCT.md "Attachments"). The files that prove a
-- request was made — notes verbales, letters, indictments, answers — are kept with their
-- item, in the database itself: encryption at rest, backups, restore, `check` and the
-- audit cover them as they cover the rest of the record (files beside the database would
-- escape all of them). See `crates/core/src/db/attachments.rs` for the reasons in full.
--
-- The bytes are content-addressed: one `attachment_blob` row per distinct file, keyed by
-- its SHA-256, apart from `attachment`, which links an item to a file with what the user
-- said of it. The lists and the item detail read `attachment` only; the bytes are read
-- when a file is opened, written back or checked, through SQLite's incremental blob I/O
-- (the content column is last, so that reading `sha256` and `size` never touches the
-- overflow pages that hold the bytes).
--
-- The trail learns `attached` and `attachment_removed` (field the SHA-256, new/old value
-- the attachment's name, size, type, date received and note as JSON).
CREATE TABLE attachment_blob (
    id       INTEGER PRIMARY KEY,
    sha256   TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    size     INTEGER NOT NULL CHECK (size > 0),
    content  BLOB NOT NULL
) STRICT;

CREATE TABLE attachment (
    item_id      BLOB NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    sha256       TEXT NOT NULL REFERENCES attachment_blob (sha256),
    name         TEXT NOT NULL CHECK (length(name) > 0),
    size         INTEGER NOT NULL CHECK (size > 0),
    media_type   TEXT NOT NULL,
    received_on  TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    attached_at  TEXT NOT NULL,
    attached_by  TEXT,
    PRIMARY KEY (item_id, sha256)
) STRICT;

CREATE INDEX attachment_sha256 ON attachment (sha256);

INSERT INTO audit_action (name) VALUES ('attached'), ('attachment_removed');
