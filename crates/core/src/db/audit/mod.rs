//! The audit trail (`audit_log`, migrations 0004 and 0006): one row per change to the
//! record, appended in the same transaction as the change, chained by SHA-256
//! ([`crate::audit`]). An item's changes name the item; the other changes of the record
//! (settings, agencies, reminders acted on, briefs made, restores) name none. The table is
//! append-only (triggers abort UPDATE and DELETE), but for one update: an erase redacts
//! the erased item's values ([`redact`]), which the chain survives because each row's
//! hash commits to digests of its values, not to the values.
//!
//! Writers append through an [`Appender`], which reads the head of the chain once and
//! then hashes each new row from the one before it in memory (a bulk import appends
//! 100,000 rows through one). [`verify`] walks the whole chain and names the first row
//! that does not hold; [`replay`] replays it against the items, events and links as they
//! are stored and names every difference.
//!
//! What the chain cannot show by itself: rows cut off its end (the head simply moves
//! back), or a chain rewritten wholesale from some row on. Briefs print the head
//! (`seq:hash`), so a brief handed out is an outside witness of the chain as it was; a
//! restore appends a row naming the head it replaced.

use chrono::{DateTime, Utc};
use rusqlite::{params, CachedStatement, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::audit::{
    value_digest, Action, AuditValue, Column, CreatedRecord, ErasedRecord, EventRecord, ItemRecord,
    RecordAction, RowContent, Which, GENESIS,
};
use crate::db::{instant, Tx};
use crate::error::Result;
use crate::model::ItemId;

mod migrate;
pub mod replay;
mod restore;
mod verify;

pub(crate) use migrate::{backfill, rechain};
pub(crate) use restore::{head_of_file, record_restore};
pub use verify::{verify, BadRow, Problem, Report};

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
    // Since schema 6 the hash covers the values' digests, and an erase redacts the
    // values (None).
    /// As stored (and hashed).
    pub old_value: Option<String>,
    /// As stored (and hashed).
    pub new_value: Option<String>,
    /// `old_value` read by the row's action: what a face shows.
    pub old: Option<AuditValue>,
    /// `new_value` read by the row's action: what a face shows.
    pub new: Option<AuditValue>,
    /// The row's values were removed by an erase of its item (`old_value`, `new_value`
    /// are then None whatever they held; the hash still verifies).
    pub redacted: bool,
    pub hash: String,
    /// The row in plain words, for the rows a face cannot word from its values alone
    /// (an edit conflict, a share); None for the others.
    pub words: Option<String>,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Entry> {
    let action: Action = r.get("action")?;
    let old_value: Option<String> = r.get("old_value")?;
    let new_value: Option<String> = r.get("new_value")?;
    let field: Option<String> = r.get("field")?;
    let who: Option<String> = r.get("who")?;
    let words = match action {
        Action::Conflict => Some(crate::audit::conflict_words(
            field.as_deref().unwrap_or_default(),
            old_value.as_deref(),
            new_value.as_deref(),
            who.as_deref(),
        )),
        Action::Shared => Some(format!(
            "shared with {}",
            field.as_deref().unwrap_or_default()
        )),
        Action::Attached => Some(attachment_words(new_value.as_deref(), field.as_deref())),
        Action::AttachmentRemoved => Some(attachment_words(old_value.as_deref(), field.as_deref())),
        _ => None,
    };
    Ok(Entry {
        seq: r.get("seq")?,
        at: r.get("at")?,
        who,
        item_id: r.get("item_id")?,
        reference: r.get("reference")?,
        action,
        field,
        old: AuditValue::decode(action, Which::Old, old_value.as_deref()),
        new: AuditValue::decode(action, Which::New, new_value.as_deref()),
        old_value,
        new_value,
        redacted: r.get("redacted")?,
        hash: r.get("hash")?,
        words,
    })
}

/// An `attached` or `attachment_removed` row in words: `note-verbale.pdf (1.2 MB,
/// SHA-256 3f5a…)` (the hash alone once an erase redacted the value).
fn attachment_words(value: Option<&str>, sha256: Option<&str>) -> String {
    let sha = sha256.unwrap_or_default();
    let short = sha.get(..12).unwrap_or(sha);
    let value: Option<serde_json::Value> = value.and_then(|v| serde_json::from_str(v).ok());
    match value {
        Some(v) => format!(
            "{} ({}, SHA-256 {short}…)",
            v["name"].as_str().unwrap_or_default(),
            crate::attachment::size_words(v["size"].as_u64().unwrap_or_default())
        ),
        None => format!("SHA-256 {short}…"),
    }
}

/// The last row of the chain: its number and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

impl Head {
    /// `seq:hash`, as briefs print it and restores record it: the row number says how
    /// long the chain was, the whole hash what it held.
    pub fn anchor(&self) -> String {
        format!("{}:{}", self.seq, self.hash)
    }
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
        old_value, new_value, salt, old_digest, new_digest, prev_hash, hash, redacted)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

/// A fresh random salt for one row (see [`crate::audit`]: it makes a redacted row's
/// digests untestable against guesses once it is deleted).
fn new_salt() -> [u8; 16] {
    uuid::Uuid::new_v4().into_bytes()
}

/// One row to write, before its salt, digests and hash.
pub(crate) struct NewRow<'a> {
    pub seq: i64,
    pub at: &'a str,
    pub who: Option<&'a str>,
    pub item_id: Option<ItemId>,
    pub reference: Option<&'a str>,
    pub action: &'a str,
    pub values: [Option<&'a str>; 3],
    pub prev_hash: &'a str,
    /// Written as an erase leaves it ([`redact`]): the digests of the values, but not
    /// the old and new values or the salt.
    pub redacted: bool,
}

impl NewRow<'_> {
    /// Salts, digests, hashes and inserts the row through `st` ([`INSERT`]); returns its
    /// hash.
    pub(crate) fn write(&self, st: &mut rusqlite::Statement<'_>) -> rusqlite::Result<String> {
        let salt = new_salt();
        let columns = [Column::OldValue, Column::NewValue];
        let digests: [Option<[u8; 32]>; 2] =
            std::array::from_fn(|i| self.values[i + 1].map(|v| value_digest(&salt, columns[i], v)));
        let id = self.item_id.map(|i| *i.0.as_bytes());
        let hash = RowContent {
            seq: self.seq,
            at: self.at,
            who: self.who,
            item_id: id.as_ref().map(|b| &b[..]),
            reference: self.reference,
            action: self.action,
            field: self.values[0],
            digests: std::array::from_fn(|i| digests[i].as_ref().map(|d| &d[..])),
            prev_hash: self.prev_hash,
        }
        .hash();
        let [field, old, new] = if self.redacted {
            [self.values[0], None, None]
        } else {
            self.values
        };
        let salt = (!self.redacted).then_some(&salt[..]);
        let [od, nd] = digests;
        st.execute(params![
            self.seq,
            self.at,
            self.who,
            self.item_id,
            self.reference,
            self.action,
            field,
            old,
            new,
            salt,
            od.as_ref().map(|d| &d[..]),
            nd.as_ref().map(|d| &d[..]),
            self.prev_hash,
            hash,
            self.redacted,
        ])?;
        Ok(hash)
    }
}

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

    fn push(
        &mut self,
        item: Option<(ItemId, &str)>,
        action: &str,
        values: [Option<&str>; 3],
    ) -> Result<()> {
        let hash = NewRow {
            seq: self.next_seq,
            at: &self.at,
            who: self.who.as_deref(),
            item_id: item.map(|(id, _)| id),
            reference: item.map(|(_, r)| r),
            action,
            values,
            prev_hash: &self.prev,
            redacted: false,
        }
        .write(&mut self.st)?;
        self.next_seq += 1;
        self.prev = hash;
        Ok(())
    }

    /// Appends one row of an item.
    pub fn append(
        &mut self,
        item: ItemId,
        reference: &str,
        action: Action,
        field: Option<&str>,
        old_value: Option<&str>,
        new_value: Option<&str>,
    ) -> Result<()> {
        self.push(
            Some((item, reference)),
            action.as_str(),
            [field, old_value, new_value],
        )
    }

    /// Appends one row of a change that is not an item's.
    pub fn append_record(
        &mut self,
        action: RecordAction,
        field: Option<&str>,
        old_value: Option<&str>,
        new_value: Option<&str>,
    ) -> Result<()> {
        self.push(None, action.as_str(), [field, old_value, new_value])
    }
}

/// Appends one row of a change that is not an item's, in its own appender.
pub(crate) fn record(
    tx: &Tx<'_>,
    now: DateTime<Utc>,
    user: Option<&str>,
    action: RecordAction,
    field: Option<&str>,
    values: [Option<&str>; 2],
) -> Result<()> {
    Appender::new(tx, now, user)?.append_record(action, field, values[0], values[1])
}

/// What a `created` row keeps of the item ([`CreatedRecord`]): its kind and title, and
/// the digest of its whole state as created (None only for the rows of migration 0004).
pub(crate) fn summary(kind: crate::model::Kind, title: &str, state: Option<String>) -> String {
    let record = CreatedRecord {
        item: ItemRecord {
            kind,
            title: title.to_owned(),
        },
        state,
    };
    serde_json::to_string(&record).expect("an item record is always JSON")
}

/// What an `event_recorded` row keeps of the event ([`EventRecord`]), as JSON.
pub(crate) fn event_summary(e: &crate::model::Event) -> String {
    serde_json::to_string(&EventRecord::of(e)).expect("an event record is always JSON")
}

/// Erases the values of an item's rows (an erase, in its transaction, after appending
/// its `erased` row): the old and new values and the salt to NULL, `redacted` set. The
/// `field` stays: a column's name, an event's type, a link's relation (which the other
/// item's row of the link keeps anyway).
/// The digests and hashes stay, so the chain verifies. Returns the number of rows
/// redacted.
pub(crate) fn redact(tx: &Tx<'_>, item: ItemId) -> Result<i64> {
    let n = tx
        .prepare_cached(
            "UPDATE audit_log SET old_value = NULL, new_value = NULL, salt = NULL, redacted = 1
              WHERE item_id = ?1 AND redacted = 0 AND action <> 'erased'",
        )?
        .execute([item])?;
    Ok(n as i64)
}

/// The rows of an item not yet redacted, but its `erased` row (what an erase will
/// redact).
pub(crate) fn redactable(tx: &Tx<'_>, item: ItemId) -> Result<i64> {
    Ok(tx
        .prepare_cached(
            "SELECT count(*) FROM audit_log WHERE item_id = ?1 AND redacted = 0 AND action <> 'erased'",
        )?
        .query_row([item], |r| r.get(0))?)
}

/// What an `erased` row keeps ([`ErasedRecord`]): the kind and the rows redacted.
pub(crate) fn erased_summary(kind: crate::model::Kind, redacted: i64) -> String {
    serde_json::to_string(&ErasedRecord { kind, redacted }).expect("an erased record is JSON")
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
            level: None,
            venue: None,
        };
        db.write(|tx| {
            let mut a = Appender::new(tx, now, Some("ana"))?;
            let created = summary(Kind::Indictment, "Charges against ZHANG", None);
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
