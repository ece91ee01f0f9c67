//! What opening checks before anything is written: that the file is an SQLite file
//! (its header), that it is ours and not of a newer schema, and `PRAGMA quick_check`;
//! an older schema is backed up before it is upgraded.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use super::{backup, schema_version};
use crate::error::{Error, Result};

/// Reads an existing database through a read-only connection (nothing is written, and no
/// checkpoint happens on close): its schema version, that it is ours, and
/// `PRAGMA quick_check`. Backs up an older schema before the caller upgrades it. Returns
/// the schema version found.
pub(super) fn inspect(path: &Path, now: DateTime<Utc>) -> Result<i64> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| damaged(path, e))?;
    conn.busy_timeout(Duration::from_secs(10))?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| damaged(path, e))?;
    if version > schema_version() {
        return Err(Error::NewerSchema {
            path: path.to_owned(),
            found: version,
            known: schema_version(),
        });
    }
    if version == 0 {
        let foreign: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'",
                [],
                |r| r.get(0),
            )
            .map_err(|e| damaged(path, e))?;
        if foreign > 0 {
            return Err(Error::NotADatabase {
                path: path.to_owned(),
                why: "it is an SQLite database of another program".into(),
            });
        }
    }
    if let Some(report) =
        backup::integrity_report(&conn, "quick_check").map_err(|e| damaged(path, e))?
    {
        return Err(Error::Damaged {
            path: path.to_owned(),
            report: format!("SQLite's check found: {report}"),
        });
    }
    if version > 0 && version < schema_version() {
        backup::backup_into_folder(&conn, path, crate::backup::Reason::BeforeMigration, now)?;
    }
    Ok(version)
}

/// An SQLite error met while reading a file that has the SQLite header: "corrupt" and
/// "not a database" mean the file is damaged; anything else is itself.
pub(super) fn damaged(path: &Path, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            Error::Damaged {
                path: path.to_owned(),
                report: format!("SQLite cannot read it ({e})"),
            }
        }
        _ => Error::from(e),
    }
}

/// Refuses, without opening it through SQLite, a non-empty file that does not begin with
/// the SQLite header (a header wiped to zeros is damage; other bytes mean it is some other
/// kind of file). True when there is a non-empty file to inspect.
pub(super) fn check_header(path: &Path) -> Result<bool> {
    let cannot = |e: std::io::Error| {
        Error::Io(std::io::Error::new(
            e.kind(),
            format!("cannot open the database {}: {e}", path.display()),
        ))
    };
    if path.is_dir() {
        return Err(Error::NotADatabase {
            path: path.to_owned(),
            why: "it is a folder".into(),
        });
    }
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return match path.parent().filter(|d| !d.as_os_str().is_empty()) {
                Some(dir) if !dir.is_dir() => Err(cannot(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("the folder {} does not exist", dir.display()),
                ))),
                _ => Ok(false),
            };
        }
        Err(e) => return Err(cannot(e)),
    };
    let mut head = Vec::with_capacity(100);
    file.by_ref()
        .take(100)
        .read_to_end(&mut head)
        .map_err(cannot)?;
    if head.is_empty() {
        return Ok(false);
    }
    if head.starts_with(b"SQLite format 3\0") {
        return Ok(true);
    }
    if head.len() == 100 && head.iter().all(|&b| b == 0) {
        return Err(Error::Damaged {
            path: path.to_owned(),
            report: "its first page has been wiped (the SQLite header is all zeros)".into(),
        });
    }
    Err(Error::NotADatabase {
        path: path.to_owned(),
        why: "it is not an SQLite file (its header is wrong)".into(),
    })
}
