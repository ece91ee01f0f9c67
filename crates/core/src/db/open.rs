//! Opening: the connections and their pragmas, the open of a file that needs nothing done
//! ([`untouched_reader`]), and what opening checks before anything is written (the file's
//! kind, plain or encrypted, is told by [`super::encryption_of`] first): that it is ours
//! and not of a newer schema, and `PRAGMA quick_check`; an older schema is backed up before
//! it is upgraded.

use chrono::{DateTime, Utc};
use rusqlite::OpenFlags;
use std::path::Path;
use std::time::Duration;

use super::key::{connect, large_cache, Key};
use super::{backup, schema_version, verified, workdays, Connection};
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

/// A connection that may write (no file is created), as the writer and the readers are.
pub(super) fn connect_rw(path: &Path, key: Option<&Key>) -> rusqlite::Result<Connection> {
    connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        key,
    )
}

/// The pragmas of the connection that writes.
pub(super) fn writing_pragmas(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Deleted content is overwritten with zeros, always (as Signal Desktop does), not
    // only around an erase: an edit's old text, a removed link, the full-text index's
    // merged segments and the audit rows an erase redacts are all freed space, and
    // the erase's own guarantee ("the text is nowhere in the file") would otherwise
    // depend on no earlier free page still holding a copy. The cost falls on deletes
    // and page frees only (this program rarely deletes; a bulk import frees pages
    // when the index merges its segments), measured in `make bench`'s import figure.
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "cache_size", WRITER_CACHE)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

/// The writer's page cache outside bulk writes (KiB, as `cache_size` takes it): the
/// readers' 8 MB. The writer lives as long as the program, and SQLite takes its pages
/// from the C library's heap, which keeps what SQLite frees: with 64 MB for every write,
/// the window's first reminder check (a new database's backlog) or a day's edits filled
/// the cache and the window kept 64 MB more for its whole session (`make bench`: 68 MB
/// of heap at rest on 100,000 items). A single change touches a few dozen pages.
const WRITER_CACHE: i64 = -8192;

/// A bulk write's page cache: 64 MB, so that the indexes of 100,000 items stay in memory
/// during an import (or a migration, a team's join) instead of spilling to the WAL
/// mid-transaction.
const BULK_CACHE: i64 = -65536;

impl super::Db {
    /// Runs `f` with the writer's page cache made large for a bulk write
    /// ([`bulk_cache`]), and its own again after, whatever `f` returned.
    pub(crate) fn in_bulk<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        bulk_cache(self.writer()?, true)?;
        let out = f(self);
        let back = match self.conn.get() {
            Some(conn) => bulk_cache(conn, false),
            None => Ok(()),
        };
        // `f`'s own error first.
        let out = out?;
        back?;
        Ok(out)
    }
}

/// Gives the writer the bulk cache (`on`) or its own again, handing back what it no
/// longer holds (`shrink_memory`).
fn bulk_cache(conn: &Connection, on: bool) -> rusqlite::Result<()> {
    if on {
        conn.pragma_update(None, "cache_size", BULK_CACHE)
    } else {
        conn.pragma_update(None, "cache_size", WRITER_CACHE)?;
        conn.execute_batch("PRAGMA shrink_memory")
    }
}

/// Opens a connection that can only read (`query_only`), with the pragmas of reading.
pub(super) fn open_reader(path: &Path, key: Option<&Key>) -> Result<Connection> {
    let conn = connect_rw(path, key)?;
    reading_pragmas(&conn)?;
    Ok(conn)
}

/// The pragmas of a connection that reads.
fn reading_pragmas(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "query_only", "ON")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // 8 MB of page cache, not the writer's 64: a read that walks the table (the reminders,
    // a search's check) fills the cache with pages read once, each into fresh memory the
    // kernel must zero — `counterpart reminders` on 100,000 items spent a fifth of its
    // time so, the `sqlite3` shell with its 2 MB none; and each of the window's readers
    // kept up to 64 MB. What is read again comes back from the system's file cache.
    conn.pragma_update(None, "cache_size", -8192)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

/// A database made by an older version (with the umask's mode) is made owner-only.
pub(super) fn tighten(path: &Path) {
    for f in [
        path.to_owned(),
        backup::side(path, "-wal"),
        backup::side(path, "-shm"),
    ] {
        crate::fsutil::tighten_existing(&f);
    }
}

/// The open of a file that needs nothing done: untouched since a clean close that found
/// it sound ([`super::verified`]), of this schema, its working days made with this program's
/// calendars. Then a read connection is all a command that only reads needs, and the
/// writer is opened at the first write: no inspection, no migrations, no second and third
/// connection (`show` on 100,000 items is a few milliseconds, most of them the process's
/// own start; issue 15). None: open in full.
pub(super) fn untouched_reader(
    path: &Path,
    key: Option<&Key>,
    now: DateTime<Utc>,
) -> Result<Option<(Connection, DateTime<Utc>)>> {
    let Some(checked_at) = verified::still_checked(path, now) else {
        return Ok(None);
    };
    let conn = connect_rw(path, key).map_err(|e| damaged(path, e))?;
    // The first read before anything else: it tells a wrong passphrase.
    if first_read(&conn, path, key)? != schema_version() {
        return Ok(None);
    }
    reading_pragmas(&conn)?;
    Ok(workdays::is_current(&conn)?.then_some((conn, checked_at)))
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
