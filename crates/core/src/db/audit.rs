//! The audit trail (`audit_log`, migration 0004): one row per change to an item or its
//! history, appended in the same transaction as the change, chained by SHA-256
//! ([`crate::audit`]). The table is append-only (triggers abort UPDATE and DELETE).
//!
//! Writers append through an [`Appender`], which reads the head of the chain once and
//! then hashes each new row from the one before it in memory (a bulk import appends
//! 100,000 rows through one). [`verify`] walks the whole chain and names the first row
//! that does not hold.
//!
//! What the chain cannot show by itself: rows cut off its end (the head simply moves
//! back), or a chain rewritten wholesale from some row on. Briefs print the head hash, so
//! a brief handed out is an outside witness of the chain as it was.

use chrono::{DateTime, Utc};
use rusqlite::{params, CachedStatement, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::audit::{Action, AuditValue, EventRecord, ItemRecord, RowContent, Which, GENESIS};
use crate::db::{instant, Tx};
use crate::error::Result;
use crate::model::ItemId;

/// One row of the trail, as shown (an item's history of changes).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
// The container's name only names the type in the window's TypeScript bindings.
#[serde(rename = "AuditEntry")]
pub struct Entry {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub who: Option<String>,
    pub item_id: ItemId,
    pub reference: String,
    pub action: Action,
    pub field: Option<String>,
    /// As stored (and hashed).
    pub old_value: Option<String>,
    /// As stored (and hashed).
    pub new_value: Option<String>,
    /// `old_value` read by the row's action: what a face shows.
    pub old: Option<AuditValue>,
    /// `new_value` read by the row's action: what a face shows.
    pub new: Option<AuditValue>,
    pub hash: String,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Entry> {
    let action: Action = r.get("action")?;
    let old_value: Option<String> = r.get("old_value")?;
    let new_value: Option<String> = r.get("new_value")?;
    Ok(Entry {
        seq: r.get("seq")?,
        at: r.get("at")?,
        who: r.get("who")?,
        item_id: r.get("item_id")?,
        reference: r.get("reference")?,
        action,
        field: r.get("field")?,
        old: AuditValue::decode(action, Which::Old, old_value.as_deref()),
        new: AuditValue::decode(action, Which::New, new_value.as_deref()),
        old_value,
        new_value,
        hash: r.get("hash")?,
    })
}

/// The last row of the chain: its number and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

/// The head of the chain; None while it is empty.
pub fn head(conn: &Connection) -> Result<Option<Head>> {
    let mut st =
        conn.prepare_cached("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")?;
    Ok(st
        .query_row([], |r| {
            Ok(Head {
                seq: r.get(0)?,
                hash: r.get(1)?,
            })
        })
        .optional()?)
}

const INSERT: &str = "INSERT INTO audit_log (seq, at, who, item_id, reference, action, field,
        old_value, new_value, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

/// Appends rows to the chain within one transaction, all at one instant by one user.
pub(crate) struct Appender<'c> {
    st: CachedStatement<'c>,
    next_seq: i64,
    prev: String,
    at: String,
    who: Option<String>,
}

impl<'c> Appender<'c> {
    /// Reads the head of the chain. Use it inside the write transaction of the change.
    pub fn new(conn: &'c Tx<'_>, now: DateTime<Utc>, user: Option<&str>) -> Result<Self> {
        let head = head(conn)?;
        Ok(Appender {
            st: conn.prepare_cached(INSERT)?,
            next_seq: head.as_ref().map_or(1, |h| h.seq + 1),
            prev: head.map_or_else(|| GENESIS.to_owned(), |h| h.hash),
            at: instant(now),
            who: user.map(str::to_owned),
        })
    }

    /// Appends one row.
    pub fn append(
        &mut self,
        item: ItemId,
        reference: &str,
        action: Action,
        field: Option<&str>,
        old_value: Option<&str>,
        new_value: Option<&str>,
    ) -> Result<()> {
        let content = RowContent {
            seq: self.next_seq,
            at: &self.at,
            who: self.who.as_deref(),
            item_id: item.0.as_bytes(),
            reference,
            action: action.as_str(),
            field,
            old_value,
            new_value,
            prev_hash: &self.prev,
        };
        let hash = content.hash();
        self.st.execute(params![
            self.next_seq,
            self.at,
            self.who,
            item,
            reference,
            action,
            field,
            old_value,
            new_value,
            self.prev,
            hash,
        ])?;
        self.next_seq += 1;
        self.prev = hash;
        Ok(())
    }
}

/// `{"kind", "title"}`: what a `created` or `erased` row keeps of the item ([`ItemRecord`]).
pub(crate) fn summary(kind: crate::model::Kind, title: &str) -> String {
    let record = ItemRecord {
        kind,
        title: title.to_owned(),
    };
    serde_json::to_string(&record).expect("an item record is always JSON")
}

/// What an `event_recorded` row keeps of the event ([`EventRecord`]), as JSON.
pub(crate) fn event_summary(e: &crate::model::Event) -> String {
    serde_json::to_string(&EventRecord::of(e)).expect("an event record is always JSON")
}

/// An item's rows, oldest first (they outlive the item: an erased item's id still finds
/// them).
pub fn history(conn: &Connection, id: ItemId) -> Result<Vec<Entry>> {
    let mut st = conn.prepare_cached("SELECT * FROM audit_log WHERE item_id = ?1 ORDER BY seq")?;
    let rows = st.query_map([id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The history of the item a person names by its id or its reference — an erased
/// item's too (found in the trail by its id or a reference it had). Not found: no such
/// item, and no rows in the trail.
pub fn history_of(conn: &Connection, id_or_reference: &str) -> Result<Vec<Entry>> {
    let typed = id_or_reference.trim();
    let rows = match crate::db::lookup::find(conn, typed) {
        Ok(id) => history(conn, id)?,
        Err(crate::Error::NotFound(_)) => match typed.parse() {
            Ok(id) => history(conn, id)?,
            Err(_) => history_by_reference(conn, typed)?,
        },
        Err(e) => return Err(e),
    };
    if rows.is_empty() {
        return Err(crate::Error::NotFound(id_or_reference.to_owned()));
    }
    Ok(rows)
}

/// The rows that ever carried this reference, oldest first (to find an erased item).
pub fn history_by_reference(conn: &Connection, reference: &str) -> Result<Vec<Entry>> {
    let mut st = conn.prepare_cached(
        "SELECT * FROM audit_log WHERE item_id IN
            (SELECT item_id FROM audit_log WHERE reference = ?1) ORDER BY seq",
    )?;
    let rows = st.query_map([reference], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What is wrong with the first bad row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// The row's content no longer matches its hash: it was changed (or renumbered).
    ContentChanged,
    /// Rows are missing before this one: the numbers jump from `after` to this row.
    RowsMissing { after: i64 },
    /// The row does not follow the row before it (its `prev_hash` is another row's hash):
    /// rows were removed and renumbered, or reordered.
    OutOfOrder,
}

/// The first bad row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadRow {
    pub seq: i64,
    #[serde(flatten)]
    pub problem: Problem,
}

impl std::fmt::Display for BadRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let seq = self.seq;
        match &self.problem {
            Problem::ContentChanged => write!(
                f,
                "audit row {seq}: its content does not match its hash (the row was changed)"
            ),
            Problem::RowsMissing { after } => write!(
                f,
                "audit row {seq}: the rows between {after} and {seq} are missing"
            ),
            Problem::OutOfOrder => write!(
                f,
                "audit row {seq}: it does not follow the row before it (rows were removed or reordered)"
            ),
        }
    }
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Rows read (up to and including the first bad one).
    pub rows: i64,
    /// The hash of the last row (as stored); None when the trail is empty.
    pub head: Option<String>,
    /// The first bad row; None when the chain holds.
    pub first_bad: Option<BadRow>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.first_bad.is_none()
    }
}

/// Walks the whole chain in order and names the first row that does not hold.
pub fn verify(conn: &Connection) -> Result<Report> {
    let mut st = conn.prepare(
        "SELECT seq, at, who, item_id, reference, action, field, old_value, new_value,
                prev_hash, hash FROM audit_log ORDER BY seq",
    )?;
    let mut rows = st.query([])?;
    let mut prev_seq = 0i64;
    let mut prev_hash = GENESIS.to_owned();
    let mut report = Report {
        rows: 0,
        head: None,
        first_bad: None,
    };
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let text = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
        let (at, who, reference, action) = (text(1)?, text(2)?, text(4)?, text(5)?);
        let item_id: Vec<u8> = r.get::<_, Option<Vec<u8>>>(3)?.unwrap_or_default();
        let (field, old_value, new_value) = (text(6)?, text(7)?, text(8)?);
        let stored_prev: String = r.get::<_, Option<String>>(9)?.unwrap_or_default();
        let hash: String = r.get::<_, Option<String>>(10)?.unwrap_or_default();
        report.rows += 1;
        report.head = Some(hash.clone());
        let content = RowContent {
            seq,
            at: at.as_deref().unwrap_or_default(),
            who: who.as_deref(),
            item_id: &item_id,
            reference: reference.as_deref().unwrap_or_default(),
            action: action.as_deref().unwrap_or_default(),
            field: field.as_deref(),
            old_value: old_value.as_deref(),
            new_value: new_value.as_deref(),
            prev_hash: &stored_prev,
        };
        let problem = if content.hash() != hash {
            Some(Problem::ContentChanged)
        } else if seq != prev_seq + 1 && stored_prev != prev_hash {
            Some(Problem::RowsMissing { after: prev_seq })
        } else if stored_prev != prev_hash || seq != prev_seq + 1 {
            Some(Problem::OutOfOrder)
        } else {
            None
        };
        if let Some(problem) = problem {
            report.first_bad = Some(BadRow { seq, problem });
            return Ok(report);
        }
        prev_seq = seq;
        prev_hash = hash;
    }
    Ok(report)
}

/// The migration hook of 0004: a `created` row for every item that exists before the
/// trail does, at its own creation instant, chained in item order. Their `who` is NULL
/// (the program did not know who made them).
pub(crate) fn backfill(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    let mut st =
        tx.prepare("SELECT id, reference, kind, title, created_at FROM item ORDER BY seq")?;
    let mut rows = st.query([])?;
    let mut insert = tx.prepare(INSERT)?;
    let (mut seq, mut prev) = (1i64, GENESIS.to_owned());
    while let Some(r) = rows.next()? {
        let id: ItemId = r.get(0)?;
        let reference: String = r.get(1)?;
        let kind: crate::model::Kind = r.get(2)?;
        let title: String = r.get(3)?;
        let at: String = r.get(4)?;
        let new_value = summary(kind, &title);
        let action = Action::Created.as_str();
        let hash = RowContent {
            seq,
            at: &at,
            who: None,
            item_id: id.0.as_bytes(),
            reference: &reference,
            action,
            field: None,
            old_value: None,
            new_value: Some(&new_value),
            prev_hash: &prev,
        }
        .hash();
        insert.execute(params![
            seq,
            at,
            None::<String>,
            id,
            reference,
            action,
            None::<String>,
            None::<String>,
            new_value,
            prev,
            hash
        ])?;
        seq += 1;
        prev = hash;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;
    use crate::model::{Event, EventId, EventType, Kind, Side};

    #[test]
    fn history_reads_each_value_by_its_action() {
        let mut db = Db::open_in_memory().unwrap();
        let now = "2024-06-01T09:00:00Z".parse().unwrap();
        let item = ItemId::at(now);
        let event = Event {
            id: EventId::at(now),
            item_id: item,
            event_type: EventType::PrcResponse,
            on: "2024-05-30".parse().unwrap(),
            recorded_at: now,
            recorded_by: None,
            side: Side::Prc,
            status: None,
            due_on: None,
            retracts: None,
            note: String::new(),
        };
        db.write(|tx| {
            let mut a = Appender::new(tx, now, Some("ana"))?;
            let created = summary(Kind::Indictment, "Charges against ZHANG");
            a.append(item, "IND-1", Action::Created, None, None, Some(&created))?;
            let e = event_summary(&event);
            a.append(
                item,
                "IND-1",
                Action::EventRecorded,
                Some("prc_response"),
                None,
                Some(&e),
            )?;
            a.append(
                item,
                "IND-1",
                Action::Edited,
                Some("owner"),
                None,
                Some("J. Smith"),
            )?;
            Ok(())
        })
        .unwrap();
        let h = history(db.conn(), item).unwrap();
        let new: Vec<Option<AuditValue>> = h.iter().map(|e| e.new.clone()).collect();
        assert_eq!(
            new,
            [
                Some(AuditValue::Item(ItemRecord {
                    kind: Kind::Indictment,
                    title: "Charges against ZHANG".into()
                })),
                Some(AuditValue::Event(EventRecord::of(&event))),
                Some(AuditValue::Text {
                    text: "J. Smith".into()
                }),
            ]
        );
        assert!(h.iter().all(|e| e.old.is_none()));
        let json = serde_json::to_value(&h[1]).unwrap();
        assert_eq!(json["new"]["type"], "event");
        assert_eq!(json["new"]["on"], "2024-05-30");
        assert!(json["new_value"].is_string(), "the stored text goes along");
    }
}
