//! `counterpart check`: the integrity of the database file (`PRAGMA integrity_check`), of
//! its foreign keys (`PRAGMA foreign_key_check`), of the audit trail's hash chain
//! ([`audit::verify`]), of the record against the trail ([`audit::replay`]: a row
//! changed behind the program's back), of every attachment's bytes against its hash
//! ([`attachments::verify`]), and of the search indexes against the items' text
//! ([`search::verify`]).

use rusqlite::Connection;
use serde::Serialize;

use crate::db::{attachments, audit, search};
use crate::error::Result;

/// What [`check`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// The lines of `integrity_check` when it is not `ok` (at most 20).
    pub integrity: Vec<String>,
    /// Rows whose foreign key points nowhere: (table, rowid, parent table).
    pub foreign_keys: Vec<(String, Option<i64>, String)>,
    pub audit: audit::Report,
    /// Where the items, events and links as stored differ from the audit trail's replay.
    pub record: Vec<audit::replay::Mismatch>,
    /// The attachments whose bytes are missing or no longer hash to their SHA-256.
    pub attachments: Vec<attachments::BadAttachment>,
    /// How many attachments were checked.
    pub attachments_checked: usize,
    /// The search indexes' terms whose counts differ from the items' text (an index out
    /// of step: searches would miss items or find wrong ones).
    pub search: Vec<search::IndexMismatch>,
}

impl CheckReport {
    /// All good.
    pub fn ok(&self) -> bool {
        self.integrity.is_empty()
            && self.foreign_keys.is_empty()
            && self.audit.ok()
            && self.record.is_empty()
            && self.attachments.is_empty()
            && self.search.is_empty()
    }
}

/// Runs the six checks (reads only).
pub fn check(conn: &Connection) -> Result<CheckReport> {
    let integrity = problems(conn, "integrity_check", 20)?;
    let mut st = conn.prepare("PRAGMA foreign_key_check")?;
    let foreign_keys = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let (bad_attachments, attachments_checked) = attachments::verify(conn)?;
    Ok(CheckReport {
        integrity,
        foreign_keys,
        audit: audit::verify(conn)?,
        record: audit::replay::replay(conn)?,
        attachments: bad_attachments,
        attachments_checked,
        search: search::verify(conn)?,
    })
}

/// What `PRAGMA integrity_check` or `quick_check` reports beyond "ok", at most `max`
/// lines; empty when the file is sound.
pub(crate) fn problems(conn: &Connection, pragma: &str, max: u32) -> rusqlite::Result<Vec<String>> {
    let mut st = conn.prepare(&format!("PRAGMA {pragma}({max})"))?;
    let lines = st
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lines.into_iter().filter(|l| l != "ok").collect())
}
