//! The full-text index (`item_fts`: trigrams over one text per item, read through the view
//! `item_search_text`). It is kept in step by the item writes, in their transaction; the
//! migration says why not by triggers.

use rusqlite::params;

use crate::db::Tx;

use crate::error::Result;
use crate::model::{FlatDetails, ItemFields};

/// The text of an item as the view `item_search_text` builds it (the index must be given
/// exactly that text, to add it and to remove it).
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
}

/// Adds an item's text to the index under its row number.
pub(crate) fn index_raw(conn: &Tx<'_>, seq: i64, f: &ItemFields) -> Result<()> {
    conn.prepare_cached("INSERT INTO item_fts (rowid, body) VALUES (?1, ?2)")?
        .execute(params![seq, body(f)])?;
    Ok(())
}

/// Removes an item's text from the index; `f` must be the fields that were indexed.
pub(crate) fn unindex_raw(conn: &Tx<'_>, seq: i64, f: &ItemFields) -> Result<()> {
    conn.prepare_cached("INSERT INTO item_fts (item_fts, rowid, body) VALUES ('delete', ?1, ?2)")?
        .execute(params![seq, body(f)])?;
    Ok(())
}

/// The SQL condition (on `item`) and its parameter for one search term.
///
/// A term without LIKE wildcards is looked up in the trigram index (three characters or
/// more; shorter ones, like many two-character Chinese words, make FTS5 read every text).
/// A term with `%` or `_` is matched literally with `instr`, reading every text.
pub fn term_condition(term: &str) -> (&'static str, String) {
    if term.contains(['%', '_']) {
        (
            "seq IN (SELECT seq FROM item_search_text WHERE instr(lower(body), lower(?)) > 0)",
            term.to_owned(),
        )
    } else {
        (
            "seq IN (SELECT rowid FROM item_fts WHERE body LIKE ?)",
            format!("%{term}%"),
        )
    }
}

/// Checks that the index agrees with the items (FTS5's own integrity check, which SQLite
/// runs as an INSERT: through the writing connection, changing nothing).
pub fn check(db: &crate::db::Db) -> Result<()> {
    db.writer().execute(
        "INSERT INTO item_fts (item_fts, rank) VALUES ('integrity-check', 1)",
        [],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;
    use crate::model::{Details, Kind, Priority};

    #[test]
    fn the_index_agrees_with_the_view() {
        let mut db = Db::open_in_memory().unwrap();
        let f = ItemFields {
            reference: "EXT-1".into(),
            title: "Surrender of Lin".into(),
            title_zh: Some("引渡林某某案".into()),
            us_agency: None,
            counterpart: "MPS".into(),
            priority: Priority::Normal,
            owner: None,
            notes: Some("line one\nline two".into()),
            tags: vec!["b".into(), "a".into(), "a".into()],
            due_on: None,
            follow_up_on: None,
            details: Details::empty(Kind::Extradition),
        };
        let now = chrono::DateTime::<chrono::Utc>::from_timestamp(1_700_000_000, 0).unwrap();
        let author = crate::op::Author::new(now, now.date_naive(), None);
        db.apply(&author.create_item(f.clone(), None)).unwrap();
        let stored: String = db
            .conn()
            .query_row("SELECT body FROM item_search_text", [], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, body(&f));
        check(&db).expect("FTS5 integrity check");
    }
}
