//! Export to CSV (the columns of `CONTRACT.md`, then the further kind facts) and to JSON
//! (everything, histories included). Both import back.
//!
//! The CSV holds each item's current status and the date it reached it, not its whole
//! history (earlier pauses, for instance); the JSON holds the whole history, so a JSON
//! round trip gives identical figures, and each item's attachments with their bytes
//! ([`attachments::ExportAttachment`]).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io::Write;

use crate::db::items;
use crate::db::list::{self, ListQuery};
use crate::error::Result;
use crate::model::{Event, FlatDetails, Item, Status};

pub mod attachments;
pub use attachments::ExportAttachment;

/// The columns of `CONTRACT.md`, in its order: the fields every item has, then the kind
/// facts it names.
const CONTRACT_COLUMNS: [&str; 25] = [
    "kind",
    "reference",
    "title",
    "title_zh",
    "us_agency",
    "counterpart",
    "status",
    "status_on",
    "transmitted_on",
    "due_on",
    "follow_up_on",
    "priority",
    "owner",
    "notes",
    "tags",
    "subject",
    "subject_zh",
    "charges",
    "district",
    "case_number",
    "substance",
    "cas_number",
    "substance_class",
    "forum",
    "owner_side",
];

/// How many of the contract's columns are the fields every item has (the rest are facts).
const COMMON_COLUMNS: usize = 15;

/// The CSV columns, in order: those of `CONTRACT.md`, then every other kind fact of the
/// model ([`FlatDetails::NAMES`]), so that a new fact is a new column.
pub static CSV_COLUMNS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    CONTRACT_COLUMNS
        .into_iter()
        .chain(
            FlatDetails::NAMES
                .iter()
                .copied()
                .filter(|n| !CONTRACT_COLUMNS.contains(n)),
        )
        .collect()
});

/// What a spreadsheet takes as the beginning of a formula: the ASCII signs and their
/// full-width forms (typed by a Chinese input method, and read as the ASCII ones by some
/// spreadsheets).
const FORMULA_SIGNS: [char; 8] = ['=', '+', '-', '@', '＝', '＋', '－', '＠'];

/// True when a spreadsheet would take a cell beginning like `s` for a formula — leading
/// spaces (ASCII, no-break, ideographic) are skipped first, as spreadsheets skip them — or
/// when it already carries the escape, which must then be escaped again to survive a round
/// trip.
pub fn needs_escape(s: &str) -> bool {
    if s.starts_with(['\t', '\r']) {
        return true;
    }
    let rest = s.trim_start();
    match rest.chars().next() {
        Some(c) if FORMULA_SIGNS.contains(&c) => true,
        Some('\'') if rest.len() == s.len() => needs_escape(&s[1..]),
        _ => false,
    }
}

/// The cell as written: with a leading `'` when a spreadsheet would run it as a formula.
pub fn escape_cell(s: &str) -> String {
    if needs_escape(s) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// An item's cells, in the order of [`CSV_COLUMNS`], unescaped.
pub(crate) fn csv_row(item: &Item) -> Vec<String> {
    let f = &item.fields;
    let d = FlatDetails::from(&f.details);
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let date = |v: Option<chrono::NaiveDate>| v.map(|d| d.to_string()).unwrap_or_default();
    let status_on = match item.status {
        Status::Draft => None,
        Status::Transmitted => item.transmitted_on,
        _ => item.status_on,
    };
    let mut row = vec![
        f.kind().to_string(),
        f.reference.clone(),
        f.title.clone(),
        opt(&f.title_zh),
        opt(&f.us_agency),
        f.counterpart.clone(),
        item.status.to_string(),
        date(status_on),
        date(item.transmitted_on),
        date(f.due_on),
        date(f.follow_up_on),
        f.priority.to_string(),
        opt(&f.owner),
        opt(&f.notes),
        f.tags.join(";"),
    ];
    debug_assert_eq!(row.len(), COMMON_COLUMNS);
    let facts = d.texts();
    row.extend(CSV_COLUMNS[COMMON_COLUMNS..].iter().map(|c| {
        facts
            .iter()
            .find(|(name, _)| name == c)
            .map(|(_, text)| text.clone())
            .unwrap_or_default()
    }));
    row
}

/// Which items an export holds.
#[derive(Debug, Clone)]
pub enum Scope {
    /// Every item, archived ones included: the export a restore or another copy reads.
    All,
    /// The items a list query matches as of `today` (the window's current filter), in
    /// reference order like the whole export; paging is ignored.
    Matching { query: ListQuery, today: NaiveDate },
}

/// The items of `scope` with their events, in reference order.
fn selected(conn: &Connection, scope: &Scope) -> Result<Vec<(Item, Vec<Event>)>> {
    let all = items::all_with_events(conn)?;
    match scope {
        Scope::All => Ok(all),
        Scope::Matching { query, today } => {
            let q = ListQuery {
                offset: 0,
                limit: None,
                ..query.clone()
            };
            let ids: HashSet<_> = list::list(conn, &q, *today)?
                .into_iter()
                .map(|r| r.id)
                .collect();
            Ok(all
                .into_iter()
                .filter(|(i, _)| ids.contains(&i.id))
                .collect())
        }
    }
}

/// Writes every item as CSV.
pub fn export_csv(conn: &Connection, out: impl Write) -> Result<usize> {
    export_csv_of(conn, &Scope::All, out)
}

/// Writes the items of `scope` as CSV.
pub fn export_csv_of(conn: &Connection, scope: &Scope, out: impl Write) -> Result<usize> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS.iter()).map_err(csv_io)?;
    let all = selected(conn, scope)?;
    for (item, _) in &all {
        let row: Vec<String> = csv_row(item).iter().map(|c| escape_cell(c)).collect();
        w.write_record(&row).map_err(csv_io)?;
    }
    w.flush()?;
    Ok(all.len())
}

fn csv_io(e: csv::Error) -> crate::Error {
    crate::Error::Io(std::io::Error::other(e))
}

/// One item and its history in the JSON export.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportItem {
    #[serde(flatten)]
    pub item: Item,
    pub events: Vec<Event>,
    /// Its attachments with their bytes (absent from an export made before schema 14,
    /// and left out when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<ExportAttachment>,
}

/// The JSON export: everything needed to restore the items and their histories.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportDoc {
    /// Always `counterpart`.
    pub format: String,
    /// The schema version of the database it came from.
    pub schema_version: i64,
    pub exported_at: DateTime<Utc>,
    pub items: Vec<ExportItem>,
}

/// Writes every item with its events as one JSON document.
pub fn export_json(conn: &Connection, now: DateTime<Utc>, out: impl Write) -> Result<usize> {
    export_json_of(conn, &Scope::All, now, out)
}

/// Writes the items of `scope` with their events as one JSON document.
pub fn export_json_of(
    conn: &Connection,
    scope: &Scope,
    now: DateTime<Utc>,
    out: impl Write,
) -> Result<usize> {
    let items = selected(conn, scope)?;
    let n = items.len();
    let doc = DocOut {
        format: "counterpart",
        schema_version: crate::db::schema_version(),
        exported_at: now,
        items: ItemsOut {
            conn,
            items: &items,
        },
    };
    serde_json::to_writer_pretty(out, &doc)?;
    Ok(n)
}

/// [`ExportDoc`] as it is written: the same fields, its items read out one at a time.
#[derive(Serialize)]
struct DocOut<'a> {
    format: &'static str,
    schema_version: i64,
    exported_at: DateTime<Utc>,
    items: ItemsOut<'a>,
}

/// The items of an export, each written with its attachments' bytes read as it is
/// written, so that one item's files are in memory at a time.
struct ItemsOut<'a> {
    conn: &'a Connection,
    items: &'a [(Item, Vec<Event>)],
}

/// One [`ExportItem`] as it is written.
#[derive(Serialize)]
struct ItemOut<'a> {
    #[serde(flatten)]
    item: &'a Item,
    events: &'a [Event],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attachments: Vec<ExportAttachment>,
}

impl Serialize for ItemsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq};
        let mut seq = s.serialize_seq(Some(self.items.len()))?;
        for (item, events) in self.items {
            let attachments = attachments::of_item(self.conn, item.id).map_err(S::Error::custom)?;
            seq.serialize_element(&ItemOut {
                item,
                events,
                attachments,
            })?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::unescape_cell;

    #[test]
    fn formula_escaping_round_trips() {
        for s in [
            "=1+1",
            "+44",
            "-5 days",
            "@SUM(A1)",
            "\tx",
            "'=already",
            "''=twice",
            "plain",
            "'quoted",
            "",
            " =1+1",
            "  @SUM(A1)",
            "\u{a0}-1",
            "\u{3000}＝1+1",
            "＝1+1",
            "＋44",
            "－5",
            "＠SUM(A1)",
            "' =twice",
            " 'spaced quote",
        ] {
            let e = escape_cell(s);
            if s.trim_start().starts_with(FORMULA_SIGNS) || s.starts_with(['\t', '\r']) {
                assert!(e.starts_with('\''), "{s:?} must be escaped");
            }
            assert_eq!(unescape_cell(&e), s, "{s:?} survives a round trip");
        }
    }
}
