//! What opening checks before anything is written (the file's kind, plain or encrypted, is
//! told by [`super::encryption_of`] first): that it is ours and not of a newer schema, and `PRAGMA quick_check`;
//! an older schema is backed up before it is upgraded.

use chrono::{DateTime, Utc};
use rusqlite::OpenFlags;
use std::path::Path;
use std::time::Duration;

use super::key::{connect, large_cache, Key};
use super::{backup, schema_version, verified, Connection};
use crate::error::{Error, Result};

/// Reads an existing database through a read-only connection (nothing is written, and no
/// checkpoint happens on close): its schema version, that it is ours, and
/// `PRAGMA quick_check` — unless the record of its last clean close shows that nothing has
/// touched it since its pages were last all read ([`super::verified`] says when that is
/// enough). Backs up an older schema before the caller upgrades it. Returns the schema
/// version found and when the pages were last all read (`now` if they were just now).
pub(super) fn inspect(
    path: &Path,
    key: Option<&Key>,
    now: DateTime<Utc>,
) -> Result<(i64, DateTime<Utc>)> {
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        key,
    )
    .map_err(|e| damaged(path, e))?;
    let damaged = |e| unreadable(path, key.is_some(), e);
    conn.busy_timeout(Duration::from_secs(10))?;
    let version = first_read(&conn, path, key)?;
    large_cache(&conn).map_err(damaged)?;
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
            .map_err(damaged)?;
        if foreign > 0 {
            return Err(Error::NotADatabase {
                path: path.to_owned(),
                why: "it is an SQLite database of another program".into(),
            });
        }
    }
    let checked_at = match verified::still_checked(path, now) {
        Some(at) => at,
        None => {
            verified::forget(path);
            if let Some(report) = backup::integrity_report(&conn, "quick_check").map_err(damaged)? {
                return Err(Error::Damaged {
                    path: path.to_owned(),
                    report: format!("SQLite's check found: {report}"),
                });
            }
            now
        }
    };
    if version > 0 && version < schema_version() {
        backup::backup_into_folder(
            &conn,
            path,
            crate::backup::Reason::BeforeMigration,
            now,
            key,
        )?;
    }
    Ok((version, checked_at))
}

/// The first read of a connection: the schema version (`PRAGMA user_version`). The first
/// read of an encrypted file decrypts its first page: if that fails, the passphrase is
/// wrong (or that page is damaged; the two look the same).
pub(super) fn first_read(conn: &Connection, path: &Path, key: Option<&Key>) -> Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| match (key, e.sqlite_error_code()) {
            (Some(_), Some(rusqlite::ErrorCode::NotADatabase)) => Error::WrongPassphrase {
                path: path.to_owned(),
            },
            _ => unreadable(path, key.is_some(), e),
        })
}

/// An SQLite error met while reading a database, [`damaged`] for a plain one; for an
/// encrypted one, SQLCipher's plain "SQL logic error" means a page failed its
/// authentication check (it was changed or damaged).
///
/// Where the pager itself first reads such a page (`readDbPage`), SQLCipher's codec hook
/// fails the read as SQLITE_NOMEM ("out of memory"), and that is what a statement that
/// hit it reports: FTS5's part of `quick_check`, which reads its tables' configuration
/// through its own statements, meets a damaged page that way. So both mean damage here.
pub(super) fn unreadable(path: &Path, encrypted: bool, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::Unknown | rusqlite::ErrorCode::OutOfMemory) if encrypted => Error::Damaged {
            path: path.to_owned(),
            report: "a page of the encrypted file fails its authentication check (it was changed or damaged)".into(),
        },
        _ => damaged(path, e),
    }
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
