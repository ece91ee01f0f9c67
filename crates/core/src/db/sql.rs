//! How values are stored: instants and dates as fixed-width text, closed vocabularies as
//! their words, ids as their 16 bytes.

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::model::{
    EventId, EventType, ItemId, Kind, OpId, OwnerSide, Priority, RaiseLevel, Side, Status,
    SubstanceClass,
};

/// An instant as stored: RFC 3339 in UTC with microseconds, fixed width so that text order
/// is time order (rusqlite's own `DateTime` conversion writes a variable-width fraction).
pub(crate) fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A date as stored, `YYYY-MM-DD` (written directly: chrono's `strftime` path is a
/// noticeable share of a bulk import).
pub(crate) fn date(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
}

/// A value as SQLite stores it, written out as text (None for NULL; a blob as lowercase
/// hex): how the audit trail records a column's old and new value, and what the digest
/// of an item's state at its creation is made of.
pub(crate) fn value_text(value: ValueRef<'_>) -> Option<String> {
    match value {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(f) => Some(f.to_string()),
        ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Some(crate::audit::hex(b)),
    }
}

/// A value to be bound, as [`value_text`] writes it once stored.
pub(crate) fn stored_text(v: &dyn ToSql) -> rusqlite::Result<Option<String>> {
    let out = v.to_sql()?;
    let value = match &out {
        ToSqlOutput::Borrowed(r) => *r,
        ToSqlOutput::Owned(v) => ValueRef::from(v),
        other => return Ok(Some(format!("{other:?}"))),
    };
    Ok(value_text(value))
}

/// A stored `YYYY-MM-DD` date, parsed by hand for the loops that read one per item
/// (chrono's format parser is several times slower); None if it is not one.
pub(crate) fn stored_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// Stores a closed vocabulary as its word.
macro_rules! sql_word {
    ($($ty:ty),*) => {$(
        impl ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }
        impl FromSql for $ty {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                value
                    .as_str()?
                    .parse()
                    .map_err(|e| FromSqlError::Other(Box::new(e)))
            }
        }
    )*};
}
sql_word!(
    crate::audit::Action,
    Kind,
    Status,
    EventType,
    Side,
    Priority,
    SubstanceClass,
    OwnerSide,
    RaiseLevel,
    crate::model::UnTable
);

/// Stores an id as its 16 bytes.
macro_rules! sql_id {
    ($($ty:ty),*) => {$(
        impl ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::Borrowed(ValueRef::Blob(self.0.as_bytes())))
            }
        }
        impl FromSql for $ty {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                uuid::Uuid::from_slice(value.as_blob()?)
                    .map(Self)
                    .map_err(|e| FromSqlError::Other(Box::new(e)))
            }
        }
    )*};
}
sql_id!(ItemId, EventId, OpId);
