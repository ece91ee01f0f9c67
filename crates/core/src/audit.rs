//! The audit trail's hash chain, pure: the actions, the canonical encoding of a row and its
//! hash. The rows themselves are written and verified by [`crate::db::audit`].
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

use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

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
    fn actions_round_trip() {
        for a in Action::ALL {
            assert_eq!(a.as_str().parse::<Action>().unwrap(), a);
        }
        assert!("deleted".parse::<Action>().is_err());
    }
}
