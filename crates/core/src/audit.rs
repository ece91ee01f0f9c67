//! The audit trail's hash chain, pure: the actions, the canonical encoding of a row and its
//! hash, and what its values hold ([`ItemRecord`], [`EventRecord`], read back as
//! [`AuditValue`]). The rows themselves are written and verified by [`crate::db::audit`].
//!
//! A row's hash is SHA-256 over its canonical content, which begins with the previous
//! row's hash (the [`GENESIS`] value for the first row), so every row vouches for all the
//! rows before it: changing, removing or moving any row changes the hashes from there on.
//!
//! The canonical content is unambiguous: a fixed domain tag, then the row number as 8
//! big-endian bytes, then each of `at`, `who`, `item_id`, `reference`, `action`, `field`,
//! `old_value`, `new_value`, `prev_hash` in that order, each as one byte `0` (NULL) or
//! `1` followed by its length as 8 big-endian bytes and its bytes (UTF-8 text; the item
//! id's 16 bytes). Two different rows therefore never encode to the same bytes.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

use crate::model::{Event, EventId, Kind, Side, Status};

/// The `prev_hash` of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The tag that begins every row's canonical content (its version).
const DOMAIN: &[u8] = b"counterpart-audit-v1\0";

/// What a row of the audit trail records.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename = "AuditAction", rename_all = "snake_case")]
pub enum Action {
    /// The item was made (entered, added, imported).
    Created,
    /// One field was changed (`field`, `old_value` → `new_value`).
    Edited,
    /// An event was recorded (retractions included); `field` is its type.
    EventRecorded,
    /// The item was linked to another; `field` is the relation.
    Linked,
    /// A link was removed; `field` is the relation, `old_value` the other item's reference.
    Unlinked,
    /// The item was archived (out of the list, briefs and reminders).
    Archived,
    /// The item was brought back from the archive.
    Restored,
    /// The item was erased for good (data entered by mistake).
    Erased,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::Created,
        Action::Edited,
        Action::EventRecorded,
        Action::Linked,
        Action::Unlinked,
        Action::Archived,
        Action::Restored,
        Action::Erased,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Created => "created",
            Action::Edited => "edited",
            Action::EventRecorded => "event_recorded",
            Action::Linked => "linked",
            Action::Unlinked => "unlinked",
            Action::Archived => "archived",
            Action::Restored => "restored",
            Action::Erased => "erased",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word that is not an audit action.
#[derive(Debug, Clone, thiserror::Error)]
#[error("`{0}` is not an audit action")]
pub struct UnknownAction(pub String);

impl FromStr for Action {
    type Err = UnknownAction;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Action::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| UnknownAction(s.to_owned()))
    }
}

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
    /// Absent when the event has no note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retracts: Option<EventId>,
    pub side: Side,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

impl EventRecord {
    pub fn of(e: &Event) -> EventRecord {
        EventRecord {
            due_on: e.due_on,
            id: e.id,
            note: (!e.note.is_empty()).then(|| e.note.clone()),
            on: e.on,
            retracts: e.retracts,
            side: e.side,
            status: e.status,
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
            (Action::Created, Which::New) | (Action::Erased, Which::Old) => {
                serde_json::from_str(raw).ok().map(AuditValue::Item)
            }
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

/// The content of one row, every column but `hash`.
#[derive(Debug, Clone, Copy)]
pub struct RowContent<'a> {
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

impl RowContent<'_> {
    /// Hands the canonical encoding (see the module's documentation) to `put`, piece by
    /// piece.
    fn encode(&self, mut put: impl FnMut(&[u8])) {
        put(DOMAIN);
        put(&self.seq.to_be_bytes());
        let parts: [Option<&[u8]>; 9] = [
            Some(self.at.as_bytes()),
            self.who.map(str::as_bytes),
            Some(self.item_id),
            Some(self.reference.as_bytes()),
            Some(self.action.as_bytes()),
            self.field.map(str::as_bytes),
            self.old_value.map(str::as_bytes),
            self.new_value.map(str::as_bytes),
            Some(self.prev_hash.as_bytes()),
        ];
        for p in parts {
            match p {
                None => put(&[0]),
                Some(b) => {
                    put(&[1]);
                    put(&(b.len() as u64).to_be_bytes());
                    put(b);
                }
            }
        }
    }

    /// The canonical encoding (see the module's documentation).
    pub fn canonical(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        self.encode(|b| out.extend_from_slice(b));
        out
    }

    /// The row's hash: SHA-256 of its canonical content, as 64 lowercase hex digits.
    pub fn hash(&self) -> String {
        let mut h = Sha256::new();
        self.encode(|b| h.update(b));
        hex(&h.finalize())
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row<'a>() -> RowContent<'a> {
        RowContent {
            seq: 1,
            at: "2024-01-02T03:04:05.000000Z",
            who: Some("ana"),
            item_id: &[7; 16],
            reference: "EXT-1",
            action: "edited",
            field: Some("title"),
            old_value: Some("a"),
            new_value: Some("b"),
            prev_hash: GENESIS,
        }
    }

    #[test]
    fn every_column_counts_in_the_hash() {
        let base = row().hash();
        assert_eq!(base.len(), 64);
        assert_eq!(base, row().hash(), "the hash is deterministic");
        let variants = [
            RowContent { seq: 2, ..row() },
            RowContent {
                at: "2024-01-02T03:04:05.000001Z",
                ..row()
            },
            RowContent { who: None, ..row() },
            RowContent {
                item_id: &[8; 16],
                ..row()
            },
            RowContent {
                reference: "EXT-2",
                ..row()
            },
            RowContent {
                action: "created",
                ..row()
            },
            RowContent {
                field: None,
                ..row()
            },
            RowContent {
                old_value: None,
                ..row()
            },
            RowContent {
                new_value: Some("c"),
                ..row()
            },
            RowContent {
                prev_hash: &base,
                ..row()
            },
        ];
        for v in variants {
            assert_ne!(v.hash(), base, "{v:?} must hash differently");
        }
    }

    #[test]
    fn the_hash_is_sha256_of_the_canonical_encoding() {
        assert_eq!(row().hash(), hex(&Sha256::digest(row().canonical())));
        let c = row().canonical();
        assert!(c.starts_with(DOMAIN));
        assert_eq!(&c[DOMAIN.len()..DOMAIN.len() + 8], &1i64.to_be_bytes());
    }

    #[test]
    fn the_encoding_is_unambiguous() {
        // Text moved from one column to its neighbour, and NULL against empty, differ.
        let a = RowContent {
            old_value: Some("ab"),
            new_value: Some("c"),
            ..row()
        };
        let b = RowContent {
            old_value: Some("a"),
            new_value: Some("bc"),
            ..row()
        };
        assert_ne!(a.hash(), b.hash());
        let null = RowContent { who: None, ..row() };
        let empty = RowContent {
            who: Some(""),
            ..row()
        };
        assert_ne!(null.hash(), empty.hash());
    }

    #[test]
    fn values_read_back_by_their_action() {
        let item = r#"{"kind":"extradition","title":"Surrender of \"LIN\" Wei"}"#;
        let event = r#"{"due_on":"2024-09-01","id":"0190e3c4-4b1a-7000-8000-000000000001","note":"New date","on":"2024-03-01","side":"prc"}"#;
        let cases: [(Action, Which, &str, AuditValue); 6] = [
            (
                Action::Created,
                Which::New,
                item,
                AuditValue::Item(ItemRecord {
                    kind: Kind::Extradition,
                    title: "Surrender of \"LIN\" Wei".into(),
                }),
            ),
            (
                Action::Erased,
                Which::Old,
                item,
                AuditValue::Item(ItemRecord {
                    kind: Kind::Extradition,
                    title: "Surrender of \"LIN\" Wei".into(),
                }),
            ),
            (
                Action::EventRecorded,
                Which::New,
                event,
                AuditValue::Event(EventRecord {
                    due_on: "2024-09-01".parse().ok(),
                    id: EventId("0190e3c4-4b1a-7000-8000-000000000001".parse().unwrap()),
                    note: Some("New date".into()),
                    on: "2024-03-01".parse().unwrap(),
                    retracts: None,
                    side: Side::Prc,
                    status: None,
                }),
            ),
            (
                Action::Edited,
                Which::New,
                item,
                AuditValue::Text { text: item.into() },
            ),
            (
                Action::Linked,
                Which::New,
                "IND-1",
                AuditValue::Text {
                    text: "IND-1".into(),
                },
            ),
            (
                Action::EventRecorded,
                Which::New,
                "not json",
                AuditValue::Text {
                    text: "not json".into(),
                },
            ),
        ];
        for (action, which, raw, want) in cases {
            assert_eq!(
                AuditValue::decode(action, which, Some(raw)),
                Some(want),
                "{action} {which:?} {raw}"
            );
        }
        assert_eq!(AuditValue::decode(Action::Created, Which::New, None), None);
        // The records write what rows have always held, byte for byte.
        let AuditValue::Event(e) =
            AuditValue::decode(Action::EventRecorded, Which::New, Some(event)).unwrap()
        else {
            panic!("an event");
        };
        assert_eq!(serde_json::to_string(&e).unwrap(), event);
        let i = ItemRecord {
            kind: Kind::Extradition,
            title: "Surrender of \"LIN\" Wei".into(),
        };
        assert_eq!(serde_json::to_string(&i).unwrap(), item);
        // Every field set: as the JSON object the rows were first written from.
        let full = EventRecord {
            retracts: Some(e.id),
            status: Some(Status::InProgress),
            ..e.clone()
        };
        let object = serde_json::json!({
            "id": e.id, "on": e.on, "side": e.side, "status": full.status,
            "due_on": e.due_on, "retracts": e.id, "note": e.note,
        });
        assert_eq!(serde_json::to_string(&full).unwrap(), object.to_string());
    }

    #[test]
    fn actions_round_trip() {
        for a in Action::ALL {
            assert_eq!(a.as_str().parse::<Action>().unwrap(), a);
        }
        assert!("deleted".parse::<Action>().is_err());
    }
}
