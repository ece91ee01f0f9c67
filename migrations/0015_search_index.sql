-- Counterpart schema 15: a search that stays fast on 100,000 items (issue 15), through
-- two full-text indexes that answer every term exactly, so that no item's text is read
-- to check a match and the list can stop at its page (`db::search` says how a search
-- uses them).
--
-- What a search means does not change: every word typed (split at whitespace) must
-- occur in the item's text, ASCII letters in either case, every other character as it
-- is (SQLite's LIKE and lower(), which the search used until now). So both indexes hold
-- the text with its ASCII letters lowered (lower() in the view below, the same folding
-- in Rust for the words typed and for the grams) and compare the rest exactly.
--
-- 1. `item_fts` again, made anew: trigrams, now with their positions (`detail=full`)
--    and case-sensitive over the lowered text. A word of three characters or more is
--    a quoted phrase of its trigrams, which FTS5 matches only where they stand one
--    after the other: a substring match, exact. The index it replaces (`detail=none`)
--    could only say that an item held every trigram of a word somewhere, so each
--    candidate's text was read again (a common word read every text: 2.1 s for
--    "Request 4242" on 100,000 items). Positions make it about four times larger (some
--    45 MB for 100,000 items instead of 11 MB); the price of never reading the text.
--    `columnsize=0`: the search ranks nothing, so no per-item sizes are kept.
--
-- 2. `item_grams`: the one- and two-character words, which have no trigram (林, 公安,
--    a two-letter code). The program writes each item's distinct one- and
--    two-character grams (none holding whitespace, which no word typed holds) as
--    tokens, each the hexadecimal of its UTF-8 bytes so that the `ascii` tokenizer
--    keeps it whole whatever the character. A gram is in an item's set exactly when it
--    occurs in its text, so this index is exact too, and needs no positions
--    (`detail=none`). It is contentless: FTS5 cannot make the grams from the view, so
--    the db layer gives them, to add an item and (the same tokens again) to remove it,
--    and this migration's hook fills it for the items already there.
--
-- Both are kept in step by the item writes in their transaction (as `item_fts` always
-- was), both zero what a delete removes (`secure-delete`: an erased item's grams leave
-- the file, as its text does), and `counterpart check` compares both with the items
-- (through the two fts5vocab tables below, which store nothing).

DROP TABLE item_fts;
DROP VIEW item_search_text;

CREATE VIEW item_search_text AS
    SELECT seq, lower(coalesce(reference, '') || char(10) || coalesce(title, '') || char(10)
        || coalesce(title_zh, '') || char(10) || coalesce(subject, '') || char(10)
        || coalesce(subject_zh, '') || char(10) || coalesce(substance, '') || char(10)
        || coalesce(notes, '') || char(10) || coalesce(tags, '')) AS body
    FROM item;

CREATE VIRTUAL TABLE item_fts USING fts5 (
    body, content = 'item_search_text', content_rowid = 'seq',
    tokenize = 'trigram case_sensitive 1', detail = 'full', columnsize = 0
);
-- Up to 16 MB of index in memory before a segment is written (a bulk import writes a few
-- large segments), and deletes that zero what they remove (see 0006).
INSERT INTO item_fts (item_fts, rank) VALUES ('hashsize', 16777216);
INSERT INTO item_fts (item_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO item_fts (item_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE item_grams USING fts5 (
    grams, content = '', detail = 'none', columnsize = 0, tokenize = 'ascii'
);
INSERT INTO item_grams (item_grams, rank) VALUES ('hashsize', 16777216);
INSERT INTO item_grams (item_grams, rank) VALUES ('secure-delete', 1);

-- Each index's terms with the number of items holding each (and, for the trigrams, of
-- their occurrences): what `counterpart check` compares with the items' text.
CREATE VIRTUAL TABLE item_fts_terms USING fts5vocab (item_fts, row);
CREATE VIRTUAL TABLE item_grams_terms USING fts5vocab (item_grams, row);
