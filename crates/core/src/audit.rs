//! The audit trail's hash chain, pure: the actions, the canonical encoding of a row and its
//! hash, and what its values hold ([`ItemRecord`], [`EventRecord`], read back as
//! [`AuditValue`]). The rows themselves are written and verified by [`crate::db::audit`].
//!
//! A row's hash is SHA-256 over its canonical content, which begins with the previous
//! row's hash (the [`GENESIS`] value for the first row), so every row vouches for all the
//! rows before it: changing, removing or moving any row changes the hashes from there on.
//!
//! ## Version 2: the hash commits to digests of the values (redactable)
//!
//! Since schema 6 a row's hash does not cover its two values (`old_value`, `new_value`,
//! which hold what was typed) themselves but a digest of each ([`value_digest`]): SHA-256
//! of a domain tag, the row's random 16-byte `salt`, the column's number and the value.
//! (`field`, which names a column, an event type or a link's relation, is hashed as it
//! is and never redacted.)
//! The digests are stored beside the values. Erasing an item sets its rows' values and
//! salt to NULL (the row marked `redacted`) and leaves the digests and hashes as they
//! were, so the chain still verifies while the text is gone. The salt is what makes the
//! redaction real: without it, the digest of a short value (an owner's name, a priority)
//! could be confirmed by hashing guesses; with the salt deleted it cannot.
//!
//! The canonical content ([`RowContent`]) is unambiguous: the domain tag
//! `counterpart-audit-v2`, the row number as 8 big-endian bytes, then each of `at`, `who`,
//! `item_id`, `reference`, `action`, `field`, the digests of `old_value` and `new_value`,
//! and `prev_hash`, each as one byte `0` (NULL) or `1` followed by its length as 8
//! big-endian bytes and its bytes (UTF-8 text; the item id's 16 bytes; a digest's 32).
//! Two different rows therefore never encode to the same bytes.
//!
//! Version 1 ([`V1Row`], schemas 4 and 5) hashed the values themselves; migration 0006
//! verifies such a chain and re-chains its rows as version 2 (see the migration).

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::model::{Event, EventId, Kind, RaiseLevel, Side, Status};

/// The `prev_hash` of the first row.
mod actions;
pub use actions::{conflict_words, Action, RecordAction, UnknownAction};

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The tag that begins every version-1 row's canonical content.
const DOMAIN_V1: &[u8] = b"counterpart-audit-v1\0";

/// The tag that begins every version-2 row's canonical content.
const DOMAIN: &[u8] = b"counterpart-audit-v2\0";

/// The tag that begins every value's digest.
const VALUE_DOMAIN: &[u8] = b"counterpart-audit-value\0";

/// The tag that begins the digest of an item's state at its creation.
const STATE_DOMAIN: &[u8] = b"counterpart-item-state\0";

/// What a `created` or `erased` row keeps of the item, as JSON in its `new_value` /
/// `old_value`: `{"kind","title"}`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ItemRecord {
    pub kind: Kind,
    pub title: String,
}

/// What an `event_recorded` row keeps of the event, as JSON in its `new_value`: its id
/// (which a retraction names), date, side and whatever else it carries. The fields are in
/// the order rows have always been written in (by name).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EventRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_on: Option<NaiveDate>,
    pub id: EventId,
    /// A raised event's level (schema 9); absent otherwise, so that the records of older
    /// events read as they were written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<RaiseLevel>,
    /// Absent when the event has no note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retracts: Option<EventId>,
    pub side: Side,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// A raised event's venue (schema 9); absent otherwise, like `level`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
}

impl EventRecord {
    pub fn of(e: &Event) -> EventRecord {
        EventRecord {
            due_on: e.due_on,
            id: e.id,
            level: e.level,
            note: (!e.note.is_empty()).then(|| e.note.clone()),
            on: e.on,
            retracts: e.retracts,
            side: e.side,
            status: e.status,
            venue: e.venue.clone(),
        }
    }
}

/// A row's old or new value, decoded by its action, so that no face reads the stored
/// text itself.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AuditValue {
    /// The item, as a `created` row (new value) or an `erased` row (old value) keeps it.
    Item(ItemRecord),
    /// The event, as an `event_recorded` row keeps it (new value).
    Event(EventRecord),
    /// What an `erased` row keeps since schema 6 (old value): the item's kind and how many
    /// rows of its history the erase redacted.
    Erased(ErasedRecord),
    /// A field's value as stored (`edited`), the other item's reference (`linked`), or a
    /// value that does not read as its action's, as written.
    Text { text: String },
}

/// Which of a row's two values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Old,
    New,
}

impl AuditValue {
    /// Reads the old or new value (`which`) of a row recording `action`.
    pub fn decode(action: Action, which: Which, raw: Option<&str>) -> Option<AuditValue> {
        let raw = raw?;
        let decoded = match (action, which) {
            (Action::Erased, Which::Old) => serde_json::from_str(raw)
                .ok()
                .map(AuditValue::Erased)
                .or_else(|| serde_json::from_str(raw).ok().map(AuditValue::Item)),
            (Action::Created, Which::New) => serde_json::from_str(raw).ok().map(AuditValue::Item),
            (Action::EventRecorded, Which::New) => {
                serde_json::from_str(raw).ok().map(AuditValue::Event)
            }
            _ => None,
        };
        Some(decoded.unwrap_or_else(|| AuditValue::Text {
            text: raw.to_owned(),
        }))
    }
}

/// What a `created` row keeps since schema 6 (its `new_value`): the item's kind and title
/// as [`ItemRecord`] (which reads it) and the digest of the whole item as it was created
/// ([`StateDigest`]), against which `check` replays the trail.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CreatedRecord {
    #[serde(flatten)]
    pub item: ItemRecord,
    /// None in a row written before schema 6.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// What an `erased` row keeps since schema 6 (its `old_value`): the kind, and how many of
/// the item's rows the erase redacted. Not the title: it is erased.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErasedRecord {
    pub kind: Kind,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub redacted: i64,
}

/// The two columns of a row whose values are redactable, in the order of the canonical
/// encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    OldValue = 1,
    NewValue = 2,
}

/// A value's digest: SHA-256 of the value domain tag, the row's salt, the column's number
/// (one byte) and the value's UTF-8 bytes.
pub fn value_digest(salt: &[u8], column: Column, value: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(VALUE_DOMAIN);
    h.update((salt.len() as u64).to_be_bytes());
    h.update(salt);
    h.update([column as u8]);
    h.update(value.as_bytes());
    h.finalize().into()
}

/// The digest of an item as it was created: its kind, its columns (name and stored text,
/// in the order given) and the events it came with (each as its columns' stored text).
/// Every piece is length-prefixed, so different items never feed the same bytes.
pub struct StateDigest(Sha256);

impl StateDigest {
    /// The digest of an item as created: kind, creation instant, its columns (name and
    /// stored text, in the order of `db::items::insert::EDITABLE_COLUMNS`) and its events
    /// (each its columns' stored text, in the order of `EVENT_COLUMNS`), in the order
    /// they were written.
    pub fn of(
        kind: &str,
        created_at: &str,
        columns: &[(&str, Option<String>)],
        events: &[Vec<Option<String>>],
    ) -> String {
        let mut s = StateDigest::new(kind);
        s.column("created_at", Some(created_at));
        for (name, value) in columns {
            s.column(name, value.as_deref());
        }
        for e in events {
            s.event(e);
        }
        s.finish()
    }

    pub fn new(kind: &str) -> StateDigest {
        let mut s = StateDigest(Sha256::new());
        s.0.update(STATE_DOMAIN);
        s.piece(Some(kind.as_bytes()));
        s
    }

    fn piece(&mut self, p: Option<&[u8]>) {
        put_part(&mut |b| self.0.update(b), p);
    }

    /// One column of the item.
    pub fn column(&mut self, name: &str, value: Option<&str>) {
        self.piece(Some(name.as_bytes()));
        self.piece(value.map(str::as_bytes));
    }

    /// One event the item came with: its columns' stored text, in table order.
    pub fn event(&mut self, columns: &[Option<String>]) {
        self.piece(Some(b"event"));
        for c in columns {
            self.piece(c.as_deref().map(str::as_bytes));
        }
    }

    /// 64 lowercase hex digits.
    pub fn finish(self) -> String {
        hex(&self.0.finalize())
    }
}

/// One part of a canonical encoding: `0` for NULL, or `1`, the length as 8 big-endian
/// bytes and the bytes.
fn put_part(put: &mut dyn FnMut(&[u8]), p: Option<&[u8]>) {
    match p {
        None => put(&[0]),
        Some(b) => {
            put(&[1]);
            put(&(b.len() as u64).to_be_bytes());
            put(b);
        }
    }
}

/// SHA-256 of the canonical encoding `encode` hands out, as 64 lowercase hex digits.
fn hash_of(encode: impl FnOnce(&mut dyn FnMut(&[u8]))) -> String {
    let mut h = Sha256::new();
    encode(&mut |b| h.update(b));
    hex(&h.finalize())
}

/// The content of one version-2 row, every column but `hash` (and but the values, which
/// it covers through their digests, and the salt and the redaction mark).
#[derive(Debug, Clone, Copy)]
pub struct RowContent<'a> {
    pub seq: i64,
    pub at: &'a str,
    pub who: Option<&'a str>,
    /// None for a change that is not an item's ([`RecordAction`]).
    pub item_id: Option<&'a [u8]>,
    pub reference: Option<&'a str>,
    pub action: &'a str,
    pub field: Option<&'a str>,
    /// The digests of `old_value` and `new_value` ([`value_digest`]; None for a NULL
    /// value).
    pub digests: [Option<&'a [u8]>; 2],
    pub prev_hash: &'a str,
}

impl RowContent<'_> {
    /// Hands the canonical encoding (see the module's documentation) to `put`.
    fn encode(&self, put: &mut dyn FnMut(&[u8])) {
        put(DOMAIN);
        put(&self.seq.to_be_bytes());
        let [old, new] = self.digests;
        for p in [
            Some(self.at.as_bytes()),
            self.who.map(str::as_bytes),
            self.item_id,
            self.reference.map(str::as_bytes),
            Some(self.action.as_bytes()),
            self.field.map(str::as_bytes),
            old,
            new,
            Some(self.prev_hash.as_bytes()),
        ] {
            put_part(put, p);
        }
    }

    /// The canonical encoding (see the module's documentation).
    pub fn canonical(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        self.encode(&mut |b| out.extend_from_slice(b));
        out
    }

    /// The row's hash: SHA-256 of its canonical content, as 64 lowercase hex digits.
    pub fn hash(&self) -> String {
        hash_of(|put| self.encode(put))
    }
}

/// The content of one version-1 row (schemas 4 and 5), every column but `hash`: the
/// values themselves are hashed. Read by migration 0006, which verifies the old chain
/// before it re-chains it, and written by migration 0004's backfill.
#[derive(Debug, Clone, Copy)]
pub struct V1Row<'a> {
    pub seq: i64,
    pub at: &'a str,
    pub who: Option<&'a str>,
    pub item_id: &'a [u8],
    pub reference: &'a str,
    pub action: &'a str,
    pub field: Option<&'a str>,
    pub old_value: Option<&'a str>,
    pub new_value: Option<&'a str>,
    pub prev_hash: &'a str,
}

impl V1Row<'_> {
    fn encode(&self, put: &mut dyn FnMut(&[u8])) {
        put(DOMAIN_V1);
        put(&self.seq.to_be_bytes());
        for p in [
            Some(self.at.as_bytes()),
            self.who.map(str::as_bytes),
            Some(self.item_id),
            Some(self.reference.as_bytes()),
            Some(self.action.as_bytes()),
            self.field.map(str::as_bytes),
            self.old_value.map(str::as_bytes),
            self.new_value.map(str::as_bytes),
            Some(self.prev_hash.as_bytes()),
        ] {
            put_part(put, p);
        }
    }

    /// The version-1 hash.
    pub fn hash(&self) -> String {
        hash_of(|put| self.encode(put))
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

#[cfg(test)]
mod tests;
