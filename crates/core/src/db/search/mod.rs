//! The search: which items hold every word typed, answered by two full-text indexes, and
//! the indexes kept in step with the items.
//!
//! What a search means: the text is split at whitespace into words, and an item matches
//! when each word occurs in its text (reference, titles, subject, substance, notes, tags)
//! as a substring, ASCII letters in either case, every other character as it is. That is
//! what SQLite's `LIKE '%word%'` gave the search before schema 15; the tests compare the
//! two on generated text (`tests.rs`).
//!
//! How it is answered (migration 0015 has the indexes' reasons):
//!
//! - a word of three characters or more is a quoted phrase in `item_fts` (trigrams with
//!   their positions, over the text with its ASCII letters lowered): FTS5 matches it only
//!   where its trigrams stand in a row, which is a substring match;
//! - a word of one or two characters is one token of `item_grams` (every distinct one-
//!   and two-character gram of the item's text, [`grams`]);
//! - the words of each index are one `MATCH` of quoted phrases joined by `AND`, so FTS5
//!   intersects them in its doclists (a rare word carries a common one: it skips to the
//!   rare one's items instead of reading all of the common one's); when both indexes have
//!   words, the two sorted answers are intersected here ([`matches`]).
//!
//! Nothing the user types is read as FTS5 syntax: each word is a quoted string (with `"`
//! doubled), so `AND`, `OR`, `NEAR`, `*`, `^`, `:`, parentheses and quotes are letters
//! like any other; `%` and `_` were never wildcards and still are not.
//!
//! The list ([`crate::db::list`]) takes the answer, the items' row numbers, and either
//! reads only those rows or walks its order and keeps the rows in it, whichever reads
//! fewer (see there).
//!
//! Both indexes are kept in step by the item writes in their transaction, not by
//! triggers: FTS5 flushes its pending index at every statement savepoint, which a trigger
//! opens, and that made a bulk import 3.4 times slower. `counterpart check` compares them
//! with the items ([`verify`]).

mod check;
mod grams;
#[cfg(test)]
mod tests;

use rusqlite::{params, CachedStatement, Connection};

use crate::db::Tx;
use crate::error::Result;
use crate::model::{FlatDetails, ItemFields};

pub use check::{verify, IndexMismatch};
pub(crate) use grams::grams;

/// The text of an item as the indexes hold it, and as the view `item_search_text` builds
/// it: its fields a line each, ASCII letters lowered (SQLite's `lower()`, which leaves
/// every other character as it is). The index must be given exactly this text, to add it
/// and to remove it.
pub fn body(f: &ItemFields) -> String {
    let d = FlatDetails::from(&f.details);
    let tags = crate::model::normalized_tags(&f.tags).join(";");
    [
        Some(f.reference.as_str()),
        Some(f.title.as_str()),
        f.title_zh.as_deref(),
        d.subject.as_deref(),
        d.subject_zh.as_deref(),
        d.substance.as_deref(),
        f.notes.as_deref(),
        Some(tags.as_str()),
    ]
    .map(|s| s.unwrap_or(""))
    .join("\n")
    .to_ascii_lowercase()
}

/// What both indexes are given for one item: its [`body`] and its [`grams`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    body: String,
    grams: String,
}

impl Entry {
    pub(crate) fn of(f: &ItemFields) -> Entry {
        let body = body(f);
        Entry {
            grams: grams(&body),
            body,
        }
    }
}

/// Adds items to both indexes, for the item writes: at once, or (`buffered`, a batch of
/// new items) all together when the batch ends ([`Indexer::flush`]).
///
/// Why a batch waits: FTS5 writes its pending index to disk (a new segment, merged with
/// the others later) at every statement savepoint of the transaction, and the other
/// rows of a new item (the item with its constraints, its events, its audit row) open
/// one each. Indexed as they came, 100,000 new items made some 100,000 tiny segments for
/// each index, and merging them was most of an import's time (perf: 56 % in FTS5's
/// flushes and merges). Added together after the batch's other rows, they fill FTS5's
/// in-memory index (16 MB, `hashsize`) and reach the disk in a few large segments.
pub(crate) struct Indexer<'c> {
    fts: CachedStatement<'c>,
    grams: CachedStatement<'c>,
    buffered: bool,
    pending: Vec<(i64, Entry)>,
}

const ADD_FTS: &str = "INSERT INTO item_fts (rowid, body) VALUES (?1, ?2)";
const ADD_GRAMS: &str = "INSERT INTO item_grams (rowid, grams) VALUES (?1, ?2)";

impl<'c> Indexer<'c> {
    pub(crate) fn new(conn: &'c Tx<'_>, buffered: bool) -> Result<Indexer<'c>> {
        Ok(Indexer {
            fts: conn.prepare_cached(ADD_FTS)?,
            grams: conn.prepare_cached(ADD_GRAMS)?,
            buffered,
            pending: Vec::new(),
        })
    }

    /// Adds an item's entry under its row number (buffered: when [`Indexer::flush`]ed).
    pub(crate) fn add(&mut self, seq: i64, e: Entry) -> Result<()> {
        if self.buffered {
            self.pending.push((seq, e));
            return Ok(());
        }
        self.write(seq, &e)
    }

    fn write(&mut self, seq: i64, e: &Entry) -> Result<()> {
        self.fts.execute(params![seq, e.body])?;
        self.grams.execute(params![seq, e.grams])?;
        Ok(())
    }

    /// Writes the entries waiting: each index's in a row, no other statement between.
    /// Must run before the transaction commits, and before anything else reads or
    /// changes these items' index entries (an edit of an item of the batch removes the
    /// tokens that were added).
    pub(crate) fn flush(&mut self) -> Result<()> {
        for (seq, e) in &self.pending {
            self.fts.execute(params![seq, e.body])?;
        }
        for (seq, e) in &self.pending {
            self.grams.execute(params![seq, e.grams])?;
        }
        self.pending.clear();
        Ok(())
    }
}

/// Adds an item's text to both indexes under its row number.
pub(crate) fn index_raw(conn: &Tx<'_>, seq: i64, f: &ItemFields) -> Result<()> {
    Indexer::new(conn, false)?.add(seq, Entry::of(f))
}

/// Removes an item's text from both indexes; `f` must be the fields that were indexed
/// (FTS5 removes the tokens it is given: other ones would corrupt the index).
pub(crate) fn unindex_raw(conn: &Tx<'_>, seq: i64, f: &ItemFields) -> Result<()> {
    let e = Entry::of(f);
    conn.prepare_cached("INSERT INTO item_fts (item_fts, rowid, body) VALUES ('delete', ?1, ?2)")?
        .execute(params![seq, e.body])?;
    conn.prepare_cached(
        "INSERT INTO item_grams (item_grams, rowid, grams) VALUES ('delete', ?1, ?2)",
    )?
    .execute(params![seq, e.grams])?;
    Ok(())
}

/// Migration 0015's hook: the grams of every item already there (the trigram index is
/// rebuilt by the migration itself, from the view).
pub(crate) fn fill_grams(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    let mut read = tx.prepare("SELECT seq, body FROM item_search_text ORDER BY seq")?;
    let mut add = tx.prepare(ADD_GRAMS)?;
    let mut rows = read.query([])?;
    while let Some(r) = rows.next()? {
        let (seq, body): (i64, String) = (r.get(0)?, r.get(1)?);
        add.execute(params![seq, grams(&body)])?;
    }
    Ok(())
}

/// The words of a search, ready for the indexes: the quoted phrases for `item_fts`, the
/// gram tokens for `item_grams`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    /// Words of three characters or more, lowered (ASCII), each once.
    phrases: Vec<String>,
    /// Words of one or two characters, as their gram tokens, each once.
    grams: Vec<String>,
    /// A word holds a control character, which no stored text can (every text field
    /// refuses them; newlines and tabs are whitespace, so never in a word): nothing
    /// matches. Said here rather than left to the index, whose trigram tokenizer drops
    /// NUL characters and would match "a\0bc" where "abc" stands.
    nothing: bool,
}

impl Terms {
    /// The words of `text`; None when it has none (the list is then not searched).
    pub fn parse(text: &str) -> Option<Terms> {
        let mut t = Terms {
            phrases: Vec::new(),
            grams: Vec::new(),
            nothing: false,
        };
        for word in text.split_whitespace() {
            if word.chars().any(char::is_control) {
                t.nothing = true;
                continue;
            }
            let word = word.to_ascii_lowercase();
            let list = match word.chars().count() {
                1 | 2 => {
                    let token = grams::token(&word);
                    if !t.grams.contains(&token) {
                        t.grams.push(token);
                    }
                    continue;
                }
                _ => &mut t.phrases,
            };
            if !list.contains(&word) {
                list.push(word);
            }
        }
        (t.nothing || !t.phrases.is_empty() || !t.grams.is_empty()).then_some(t)
    }

    /// The `MATCH` expression of some words: each a quoted string, joined by `AND`.
    fn expression(words: &[String]) -> Option<String> {
        (!words.is_empty()).then(|| {
            words
                .iter()
                .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
                .collect::<Vec<_>>()
                .join(" AND ")
        })
    }
}

/// The row numbers of the items matching `t`, ascending (archived items included: the
/// list's own filters leave them out).
pub fn matches(conn: &Connection, t: &Terms) -> Result<Vec<i64>> {
    if t.nothing {
        return Ok(Vec::new());
    }
    let rowids = |sql: &str, expr: &str| -> Result<Vec<i64>> {
        let mut st = conn.prepare_cached(sql)?;
        let rows = st.query_map([expr], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let phrases = Terms::expression(&t.phrases)
        .map(|e| {
            rowids(
                "SELECT rowid FROM item_fts WHERE item_fts MATCH ?1 ORDER BY rowid",
                &e,
            )
        })
        .transpose()?;
    if phrases.as_ref().is_some_and(Vec::is_empty) {
        return Ok(Vec::new());
    }
    let grams = Terms::expression(&t.grams)
        .map(|e| {
            rowids(
                "SELECT rowid FROM item_grams WHERE item_grams MATCH ?1 ORDER BY rowid",
                &e,
            )
        })
        .transpose()?;
    Ok(match (phrases, grams) {
        (Some(a), Some(b)) => intersect(&a, &b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => Vec::new(),
    })
}

/// The numbers in both ascending lists, ascending.
fn intersect(a: &[i64], b: &[i64]) -> Vec<i64> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Checks that both indexes agree with the items: [`verify`], and FTS5's own
/// `integrity-check` of `item_fts` against its view and of both indexes' structure (run
/// as an INSERT, through the writing connection, changing nothing). An error names the
/// first disagreement. For tests.
pub fn check(db: &crate::db::Db) -> Result<()> {
    for sql in [
        "INSERT INTO item_fts (item_fts, rank) VALUES ('integrity-check', 1)",
        "INSERT INTO item_grams (item_grams, rank) VALUES ('integrity-check', 1)",
    ] {
        db.writer()?.execute(sql, [])?;
    }
    match verify(db.conn())?.first() {
        None => Ok(()),
        Some(m) => Err(crate::Error::Damaged {
            path: db.path().to_owned(),
            report: m.to_string(),
        }),
    }
}
