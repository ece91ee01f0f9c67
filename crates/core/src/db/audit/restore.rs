//! A restore from a backup, audited: otherwise a restore to an older backup would be an
//! undetectable truncation of the trail (its head simply moves back). The restored
//! database's trail gets a `database_restored` row naming the backup, the head of the
//! trail it restored and the head (`seq:hash`) of the trail it replaced; a brief printed
//! from the replaced trail names a head that this row names too.

use chrono::{DateTime, Utc};
use rusqlite::OpenFlags;
use std::path::Path;

use super::{head, Head};
use crate::audit::RecordAction;
use crate::db::key::{connect, Key};
use crate::db::Db;
use crate::error::Result;

/// The head of the trail of the database at `path` (encrypted with `key`, if given), read
/// through a read-only connection; None when there is none to read (no file, no trail
/// yet, a file that cannot be read).
pub(crate) fn head_of_file(path: &Path, key: Option<&Key>) -> Option<Head> {
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        key,
    )
    .ok()?;
    conn.busy_timeout(std::time::Duration::from_secs(10)).ok()?;
    head(&conn).ok().flatten()
}

/// Appends the `database_restored` row to `db`, the staged copy of the backup `from`
/// (upgraded to this schema) that is about to be written into the live database (at
/// `now`). `replaced`: the head of the live trail it replaces ([`head_of_file`]).
pub(crate) fn record_restore(
    db: &mut Db,
    from: &Path,
    now: DateTime<Utc>,
    replaced: Option<Head>,
) -> Result<()> {
    let restored = head(db.conn())?;
    let value = serde_json::json!({
        "backup": from.display().to_string(),
        "restored_head": restored.as_ref().map(Head::anchor),
        "replaced_head": replaced.as_ref().map(Head::anchor),
    })
    .to_string();
    db.write(|tx| {
        super::record(
            tx,
            now,
            None,
            RecordAction::DatabaseRestored,
            None,
            [None, Some(&value)],
        )
    })
}
