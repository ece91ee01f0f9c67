//! Keyset paging: where a page ended, for the next page to start right after it.
//!
//! A page asked for by `offset` must walk past every row before it (SQLite has no way to
//! skip to the 50,000th row of an order), so a page deep in the list costs as much as
//! all the rows before it. A page asked for `after` a [`Cursor`] seeks straight to its
//! place in the order's index and reads its own rows only.
//!
//! A cursor holds the order's key of the page's last row, which is enough to find the
//! rows after it:
//!
//! - for the orders by a column ([`super::sorted`]): the values of the order's terms for
//!   that row (the column, its null flag where it has one, and the reference, unique,
//!   which breaks ties);
//! - for the orders by days with counterpart ([`super::by_days`]), which merge three
//!   index streams and then the drafts: the place reached in each stream (the index
//!   column's value and the row number of the last row taken from it), since the merge
//!   goes on from the heads of every stream at once.
//!
//! The faces treat it as an opaque string (it is JSON inside). It is made for one order
//! (sort and direction): given with another it is refused; the filters and the search
//! may differ (the rows after a key are well defined whichever rows are kept). Rows
//! added or changed between two pages appear where their key falls, as they would with
//! offsets.

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use super::SortKey;
use crate::error::{Error, Result};
use crate::problem::Problem;

/// Where a page of the list ended (from [`super::ItemPage::next`]); give it as
/// [`super::ListQuery::after`] for the rows after it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Cursor(String);

/// The inside of a cursor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Inside {
    sort: SortKey,
    descending: bool,
    at: At,
}

/// The place in the order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum At {
    /// The order's terms of the last row (text, integer or null).
    Key(Vec<serde_json::Value>),
    /// The place in each stream of the days' merge: (index value, row number) of the
    /// last row taken from it, or none yet; and the row number of the last draft.
    Days {
        streams: [Option<(i64, i64)>; 3],
        drafts: Option<i64>,
    },
}

impl Cursor {
    pub(super) fn new(sort: SortKey, descending: bool, at: At) -> Cursor {
        let inside = Inside {
            sort,
            descending,
            at,
        };
        Cursor(serde_json::to_string(&inside).expect("a cursor serializes"))
    }

    /// The place this cursor holds, if it was made for this order.
    pub(super) fn at(&self, sort: SortKey, descending: bool) -> Result<At> {
        let refused = || Error::field("after", Problem::NotAListCursor);
        let inside: Inside = serde_json::from_str(&self.0).map_err(|_| refused())?;
        if inside.sort != sort || inside.descending != descending {
            return Err(refused());
        }
        Ok(inside.at)
    }

    /// The cursor as the faces pass it around.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for Cursor {
    fn from(s: String) -> Cursor {
        Cursor(s)
    }
}

/// A key term as the cursor keeps it.
pub(super) fn to_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Integer(n) => (*n).into(),
        Value::Real(x) => {
            serde_json::Number::from_f64(*x).map_or(serde_json::Value::Null, Into::into)
        }
        Value::Text(s) => s.clone().into(),
        // No order's term is a blob.
        Value::Blob(_) => serde_json::Value::Null,
    }
}

/// A key term back as the SQL value it was (a cursor that holds anything else is refused).
pub(super) fn from_json(v: &serde_json::Value) -> Result<Value> {
    Ok(match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::String(s) => Value::Text(s.clone()),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or_default()),
        },
        _ => return Err(Error::field("after", Problem::NotAListCursor)),
    })
}
