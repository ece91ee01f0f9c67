//! Whether the two search indexes agree with the items' text, through a read connection
//! (so that `counterpart check` and the check of a converted copy can run it).
//!
//! FTS5's own `integrity-check` command would compare `item_fts` with its view, but it
//! is an `INSERT`, which a read-only connection refuses, and it cannot compare a
//! contentless index (`item_grams`) with anything. So both are compared the same way:
//! every term each index holds, with the number of items holding it (and for the
//! trigrams the number of its occurrences, which `detail=full` keeps), read from the
//! fts5vocab tables of migration 0015, against the same figures counted here from each
//! item's text (the view `item_search_text`). An item left out of an index, indexed
//! twice, or with the text of before an edit changes the figures of the terms where it
//! differs. `PRAGMA integrity_check` (part of `counterpart check`) checks the indexes'
//! own structure.
//!
//! Counting 100,000 items' trigrams and grams takes about a second; the terms are packed
//! into integers (three characters of 21 bits each, or a gram's [`super::grams::Key`])
//! and counted in a map with a cheap hash.

use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::grams;
use crate::error::Result;

/// One term whose count in an index differs from the items' text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexMismatch {
    /// `item_fts` or `item_grams`.
    pub index: &'static str,
    /// The trigram or gram (as text).
    pub term: String,
    /// Items holding it (occurrences, for the trigrams) as the index says, and as the
    /// items' text says.
    pub indexed: (u64, u64),
    pub expected: (u64, u64),
}

impl std::fmt::Display for IndexMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "search index {}: {:?} is indexed for {} items ({} times) but occurs in {} ({} times)",
            self.index, self.term, self.indexed.0, self.indexed.1, self.expected.0, self.expected.1
        )
    }
}

/// At most this many mismatches are reported per index (one stale item already makes
/// many).
const MAX_REPORTED: usize = 10;

/// A multiply-rotate hash for the packed terms (SipHash, the default, takes several times
/// as long for the ~30 million counts of 100,000 items; no hostile keys come here).
#[derive(Default)]
struct Packed(u64);

impl Hasher for Packed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type Counts = HashMap<u64, (u64, u64), BuildHasherDefault<Packed>>;

/// Three characters as one integer (each code fits in 21 bits).
fn trigram(a: char, b: char, c: char) -> u64 {
    (u64::from(u32::from(a)) << 42) | (u64::from(u32::from(b)) << 21) | u64::from(u32::from(c))
}

fn trigram_text(k: u64) -> String {
    [k >> 42, (k >> 21) & 0x1f_ffff, k & 0x1f_ffff]
        .iter()
        .map(|&c| char::from_u32(c as u32).unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

fn gram_text(k: grams::Key) -> String {
    match grams::chars(k) {
        Some((a, Some(b))) => format!("{a}{b}"),
        Some((a, None)) => a.to_string(),
        None => String::new(),
    }
}

/// Adds one text's terms to the counts: `terms` are its terms with repeats, each item
/// counted once per distinct term.
fn count(counts: &mut Counts, mut terms: Vec<u64>) {
    terms.sort_unstable();
    let mut i = 0;
    while i < terms.len() {
        let j = i + terms[i..].iter().take_while(|&&t| t == terms[i]).count();
        let e = counts.entry(terms[i]).or_default();
        e.0 += 1;
        e.1 += (j - i) as u64;
        i = j;
    }
}

/// The terms whose counts in the indexes differ from the items' text (at most
/// [`MAX_REPORTED`] per index); empty when both indexes are in step.
pub fn verify(conn: &Connection) -> Result<Vec<IndexMismatch>> {
    let mut tri = Counts::default();
    let mut gram = Counts::default();
    let mut st = conn.prepare("SELECT body FROM item_search_text")?;
    let mut rows = st.query([])?;
    let mut chars = Vec::new();
    while let Some(r) = rows.next()? {
        let body = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        // FTS5's trigram tokenizer: every three characters in a row (it would skip NUL
        // characters, which no stored text holds).
        chars.clear();
        chars.extend(body.chars());
        count(
            &mut tri,
            chars
                .windows(3)
                .map(|w| trigram(w[0], w[1], w[2]))
                .collect(),
        );
        // Each gram once per item (detail=none counts items only).
        for k in grams::keys(body) {
            let e = gram.entry(k).or_default();
            e.0 += 1;
            e.1 += 1;
        }
    }
    let mut out = Vec::new();
    compare(
        conn,
        "SELECT term, doc, cnt FROM item_fts_terms",
        "item_fts",
        &mut tri,
        |t| {
            let mut c = t.chars();
            match (c.next(), c.next(), c.next(), c.next()) {
                (Some(a), Some(b), Some(c), None) => Some(trigram(a, b, c)),
                _ => None,
            }
        },
        trigram_text,
        true,
        &mut out,
    )?;
    compare(
        conn,
        "SELECT term, doc, doc FROM item_grams_terms",
        "item_grams",
        &mut gram,
        grams::parse_token,
        gram_text,
        false,
        &mut out,
    )?;
    Ok(out)
}

/// Compares an index's terms (`sql`: term, items, occurrences) with the counts expected,
/// which it empties; pushes the differences onto `out`.
#[allow(clippy::too_many_arguments)]
fn compare(
    conn: &Connection,
    sql: &str,
    index: &'static str,
    expected: &mut Counts,
    parse: impl Fn(&str) -> Option<u64>,
    text: impl Fn(u64) -> String,
    occurrences: bool,
    out: &mut Vec<IndexMismatch>,
) -> Result<()> {
    let mut found = Vec::new();
    let mut st = conn.prepare(sql)?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let term = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        let indexed = (
            r.get::<_, i64>(1)?.unsigned_abs(),
            r.get::<_, i64>(2)?.unsigned_abs(),
        );
        let Some(k) = parse(term) else {
            found.push(IndexMismatch {
                index,
                term: term.to_owned(),
                indexed,
                expected: (0, 0),
            });
            continue;
        };
        let want = expected.remove(&k).unwrap_or((0, 0));
        let same = if occurrences {
            want == indexed
        } else {
            want.0 == indexed.0
        };
        if !same {
            found.push(IndexMismatch {
                index,
                term: text(k),
                indexed,
                expected: want,
            });
        }
    }
    // Terms of the items' text that the index does not hold at all.
    let mut missing: Vec<_> = expected.drain().collect();
    missing.sort_unstable();
    for (k, want) in missing {
        found.push(IndexMismatch {
            index,
            term: text(k),
            indexed: (0, 0),
            expected: want,
        });
    }
    out.extend(found.into_iter().take(MAX_REPORTED));
    Ok(())
}
