//! The SQLite store. ALL SQL of the program lives under this module, one module per table
//! or aggregate:
//!
//! - [`items`]: items and their histories (create, record an event, read, find);
//! - [`lookup`]: an item by its id or its reference;
//! - [`list`]: the filtered, sorted, paged list and the summary counts;
//! - [`agencies`]: counterpart agencies;
//! - [`audit`]: the audit trail, its hash chain and its verification;
//! - [`attachments`]: the files kept with an item, their bytes in the database,
//!   content-addressed, streamed in and out;
//! - [`check`]: `counterpart check` (file integrity, foreign keys, the audit chain);
//! - [`brief`]: what a brief is made from, and the record of each brief made;
//! - [`search`]: what a search means, and its two full-text indexes (trigrams, grams),
//!   kept in step by the item writes;
//! - [`reminders`]: reminder state (one row per deadline acted on), the check that fires
//!   reminders, and the reminder settings;
//! - [`settings`]: named values shared by every program that opens the database;
//! - [`backup`]: backups through SQLite's online backup API, checks, restore (in
//!   `restore`, re-exported by [`backup`]), and moving a damaged file aside;
//! - `key` and `convert`: encryption at rest (SQLCipher) — the [`Passphrase`], what kind of
//!   file a database is ([`encryption_of`]), the key derived once per open and given to
//!   every connection as its first statement, and [`encrypt_file`], [`rekey_file`],
//!   [`decrypt_file`].
//!
//! - [`apply`]: applies an [`crate::op::Operation`] — the one path by which the record
//!   changes.
//!
//! Opening first tells from the file's first bytes whether it is plain or encrypted
//! ([`Db::open_keyed`] needs the passphrase of an encrypted one), then reads it through a
//! read-only connection and runs
//! `PRAGMA quick_check` (a damaged file is refused untouched, see [`Db::open`]) unless the
//! record of its last clean close shows nothing touched it since ([`verified`]), then
//! sets the pragmas (WAL, `synchronous=FULL`, foreign keys, busy timeout) and
//! applies the numbered migrations of `migrations/`, embedded at build time. A file that
//! needs none of that — untouched since a clean close, of this schema, its working days
//! current — is opened with its read connection alone, and the writer at the first write
//! (`untouched_reader`): most commands only read.
//!
//! ## Reads and writes
//!
//! A [`Db`] holds two connections: one that writes and one that only reads
//! ([`Db::conn`], `query_only`), so that a long write never waits behind a read on the same
//! connection; [`Db::reader`] opens further read connections for other threads (WAL lets
//! them read while a backup or an import writes). The record changes only through
//! [`Db::apply`]: an immediate transaction ([`Tx`]) in which the operation is checked,
//! written, indexed and audited. Every function here that writes takes a [`Tx`], so a
//! write outside a transaction does not compile, and is `pub(crate)`: called by `apply`
//! (or the store's own bookkeeping), never by a face. A name ending in `_raw` writes rows
//! as given, trusting its caller to have checked them (the search index, settings,
//! reminder rows); the others check what they write.
//!
//! To add a table: a new numbered file in `migrations/` (never edit a released one), a
//! module here with its `from_row`, and a test.

pub mod agencies;
pub mod apply;
pub mod attachments;
pub mod audit;
pub mod backup;
pub mod brief;
pub mod calendars;
pub mod check;
mod convert;
pub mod items;
mod key;
pub mod list;
pub mod lookup;
mod open;
pub mod reminders;
mod restore;
pub mod search;
pub mod settings;
mod sql;
pub mod stats;
pub mod substances;
pub mod team;
pub mod verified;
pub mod workdays;

pub use convert::{decrypt_file, encrypt_file, rekey_file, Converted};
pub use key::{encryption_of, secret_of_file, Encryption, Passphrase};

/// The connection type of the read handles ([`Db::conn`], [`Reader::conn`]).
pub use rusqlite::Connection;

use chrono::{DateTime, Utc};
use include_dir::{include_dir, Dir};
use rusqlite::{OpenFlags, Transaction, TransactionBehavior};
use rusqlite_migration::{Migrations, M};
use std::cell::OnceCell;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use crate::error::{Error, Result};
use key::{connect, Key};
use open::{
    connect_rw, damaged, first_read, inspect, open_reader, tighten, untouched_reader,
    writing_pragmas,
};
pub(crate) use sql::{date, instant, stored_date, stored_text, value_text};

static MIGRATION_FILES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../migrations");

/// The migrations, with `now` the instant of the upgrade (migration 0006 records it in
/// the audit trail when it re-chains an older trail).
fn migrations_at(now: DateTime<Utc>) -> Migrations<'static> {
    let mut files: Vec<_> = MIGRATION_FILES
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort_by_key(|f| f.path());
    Migrations::new(
        files
            .into_iter()
            .map(|f| {
                let sql = f.contents_utf8().expect("migrations are UTF-8");
                match f.path().file_name().and_then(|n| n.to_str()) {
                    // 0004 starts the audit trail with a row for every item already there.
                    Some("0004_audit.sql") => M::up_with_hook(sql, audit::backfill),
                    // 0006 re-chains the trail so that it can be redacted.
                    Some("0006_redactable_audit.sql") => {
                        M::up_with_hook(sql, move |tx: &Transaction<'_>| audit::rechain(tx, now))
                    }
                    // 0011 rebuilds `item` (and `substance`): its foreign keys are checked
                    // before it commits (see `setup`).
                    Some("0011_pre_precursor.sql") => M::up(sql).foreign_key_check(),
                    // 0015 makes the search's gram index: the grams are made in Rust.
                    Some("0015_search_index.sql") => M::up_with_hook(sql, search::fill_grams),
                    _ => M::up(sql),
                }
            })
            .collect(),
    )
}

static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| migrations_at(DateTime::UNIX_EPOCH));

/// The default database: `counterpart.sqlite3` in the OS application-data folder
/// (`~/.local/share/counterpart/` on Linux), shared by the command line and the window.
pub fn default_path() -> Result<PathBuf> {
    directories::ProjectDirs::from("org", "Counterpart", "Counterpart")
        .map(|d| d.data_dir().join("counterpart.sqlite3"))
        .ok_or_else(|| {
            Error::Io(std::io::Error::other(
                "no home folder to keep the database in; choose the database file",
            ))
        })
}

/// The migrations, in order.
pub fn migrations() -> &'static Migrations<'static> {
    &MIGRATIONS
}

/// The schema version this program writes (the number of migrations).
pub fn schema_version() -> i64 {
    MIGRATION_FILES
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "sql"))
        .count() as i64
}

/// An open Counterpart database: a connection that writes, and one that reads.
pub struct Db {
    /// The connection that writes: opened with the database, or at the first write when
    /// the open found nothing to do ([`Db::open_keyed`]: a command that only reads never
    /// opens it).
    conn: OnceCell<Connection>,
    /// The read connection (`query_only`); None for a database in memory, which has one
    /// connection only.
    read: Option<Connection>,
    path: PathBuf,
    /// The derived key of an encrypted database (every connection opened later is keyed
    /// with it without deriving it again); None for a plain one.
    key: Option<Key>,
    /// When the file's pages were last all read, for a file trusted at its open (checked
    /// then, or untouched since a clean close): recorded as it closes ([`verified`]). None
    /// for a database in memory or a restore's staged copy.
    checked_at: Option<DateTime<Utc>>,
}

/// An immediate write transaction: the only way to change the store. It reads like a
/// connection.
pub struct Tx<'c>(Transaction<'c>);

impl Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.0
    }
}

/// A read-only connection to the database, for another thread ([`Db::reader`]).
pub struct Reader {
    conn: Connection,
}

impl Reader {
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Reads every page (`PRAGMA quick_check`, at most 10 problems): None when the file is
    /// sound. The window runs it in the background after its first rows, since an open
    /// that found the file untouched since a clean close did not ([`verified`]).
    /// A page so damaged that the check itself stops is a problem found, not a failure.
    pub fn page_problems(&self) -> Result<Option<String>> {
        match backup::integrity_report(&self.conn, "quick_check") {
            Ok(found) => Ok(found),
            Err(e) => match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                    Ok(Some(format!("SQLite cannot read it ({e})")))
                }
                _ => Err(e.into()),
            },
        }
    }
}

impl Db {
    /// Opens (creating the file if needed) and upgrades the plain database at `path`: an
    /// encrypted one is refused ([`Error::PassphraseNeeded`]). Same as
    /// [`Db::open_keyed`] without a passphrase.
    pub fn open(path: &Path, now: DateTime<Utc>) -> Result<Db> {
        Db::open_keyed(path, None, now)
    }

    /// Opens (creating the file if needed) and upgrades the database at `path`, encrypted
    /// with `passphrase` if one is given. A new database is created encrypted when a
    /// passphrase is given, plain otherwise; an existing plain database opens plain
    /// whether or not one is given (encrypt it with [`encrypt_file`]); an existing
    /// encrypted one needs it ([`Error::PassphraseNeeded`]), and one that the passphrase
    /// does not open is [`Error::WrongPassphrase`] (or damaged: see [`Encryption`]).
    ///
    /// Before anything is written (the `journal_mode=WAL` pragma writes the header, the
    /// migrations write the schema), the file is read through a read-only connection: a
    /// file that is not SQLite or is another program's database ([`Error::NotADatabase`]),
    /// one written by a newer schema ([`Error::NewerSchema`]), or one that fails
    /// `PRAGMA quick_check` or cannot be read as a database ([`Error::Damaged`]) is refused
    /// and left byte for byte as it was. A database of an older schema is backed up into
    /// the backups folder (reason `before-migration`, named for `now`) before it is upgraded.
    ///
    /// A file found untouched since a clean close and current is opened with its read
    /// connection only; the writer is opened at the first write, and refuses
    /// ([`Error::NewerSchema`]) if a newer program upgraded the file in between.
    pub fn open_keyed(
        path: &Path,
        passphrase: Option<&Passphrase>,
        now: DateTime<Utc>,
    ) -> Result<Db> {
        let (key, checked_at) = match encryption_of(path)? {
            Encryption::Missing => {
                // Owner-only from the start: SQLite would create it with the umask's mode,
                // and gives its `-wal`, `-shm` and journal the database file's mode.
                crate::fsutil::create_private_if_missing(path).map_err(|e| {
                    Error::Io(std::io::Error::new(
                        e.kind(),
                        format!("cannot create the database {}: {e}", path.display()),
                    ))
                })?;
                // A record left by a file of the same name that is gone.
                verified::forget(path);
                (passphrase.map(Key::fresh).transpose()?, now)
            }
            found @ (Encryption::Plain | Encryption::Encrypted) => {
                let key = match found {
                    Encryption::Encrypted => {
                        let passphrase = passphrase.ok_or_else(|| Error::PassphraseNeeded {
                            path: path.to_owned(),
                        })?;
                        Some(Key::of_file(passphrase, path)?)
                    }
                    _ => None,
                };
                if let Some((read, checked_at)) = untouched_reader(path, key.as_ref(), now)? {
                    tighten(path);
                    return Ok(Db {
                        conn: OnceCell::new(),
                        read: Some(read),
                        path: path.to_owned(),
                        key,
                        checked_at: Some(checked_at),
                    });
                }
                let (version, checked_at) = inspect(path, key.as_ref(), now)?;
                debug_assert!(version <= schema_version());
                (key, checked_at)
            }
        };
        let conn = connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            key.as_ref(),
        )?;
        conn.busy_timeout(Duration::from_secs(10))?;
        tighten(path);
        let mut db = Db {
            conn: OnceCell::from(conn),
            read: None,
            path: path.to_owned(),
            key,
            checked_at: Some(checked_at),
        };
        db.writer()?
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| damaged(path, e))?;
        db.setup(now)?;
        db.read = Some(open_reader(path, db.key.as_ref())?);
        Ok(db)
    }

    /// For tests: whether the writing connection is open (a file that the open found
    /// current and untouched has none until its first write).
    #[doc(hidden)]
    pub fn writer_is_open(&self) -> bool {
        self.conn.get().is_some()
    }

    /// True when the database is encrypted (SQLCipher).
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// A fresh database in memory, for tests (one connection, which both reads and writes).
    pub fn open_in_memory() -> Result<Db> {
        let mut db = Db {
            conn: OnceCell::from(Connection::open_in_memory()?),
            read: None,
            path: PathBuf::from(":memory:"),
            key: None,
            checked_at: None,
        };
        // A new database: no older trail to re-chain, so the instant is never recorded.
        db.setup(DateTime::UNIX_EPOCH)?;
        Ok(db)
    }

    /// Another read-only connection to the same file, for a thread that reads while this
    /// one writes (a database in memory has none: [`Error::Io`]).
    pub fn reader(&self) -> Result<Reader> {
        if self.read.is_none() {
            return Err(Error::Io(std::io::Error::other(
                "a database in memory has no other connection",
            )));
        }
        Ok(Reader {
            conn: open_reader(&self.path, self.key.as_ref())?,
        })
    }

    /// A restore's staged copy of a backup (checked as it was copied): opened with `key`,
    /// upgraded to this schema — without a `before-migration` backup, since the backup it
    /// was copied from stays where it is — and kept one self-contained file (no WAL).
    pub(crate) fn open_staged(path: &Path, key: Option<Key>, now: DateTime<Utc>) -> Result<Db> {
        let conn = connect_rw(path, key.as_ref())?;
        let mut db = Db {
            conn: OnceCell::from(conn),
            read: None,
            path: path.to_owned(),
            key,
            checked_at: None,
        };
        db.writer()?.pragma_update(None, "journal_mode", "DELETE")?;
        db.setup(now)?;
        Ok(db)
    }

    fn setup(&mut self, now: DateTime<Utc>) -> Result<()> {
        writing_pragmas(self.writer()?)?;
        // A migration or a calendar change rewrites every item: a bulk write.
        self.in_bulk(|db| db.migrate(now))
    }

    fn migrate(&mut self, now: DateTime<Utc>) -> Result<()> {
        let conn = self.writer_mut()?;
        // Migrations run with foreign keys off, as SQLite's procedure for rebuilding a
        // table requires (0011 drops and re-creates `item`, which would otherwise delete
        // every event by cascade); a migration that rebuilds a table checks the keys
        // itself before it commits (`M::foreign_key_check`). The pragma cannot change
        // inside a transaction, so it is set around the migrations, not in them.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        let migrated = migrations_at(now).to_latest(conn);
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrated?;
        // The working-day columns are made again if the calendar data changed (an upgrade
        // to schema 12 included).
        workdays::ensure_current(self)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection for reads (it cannot write: `query_only`).
    pub fn conn(&self) -> &Connection {
        match (&self.read, self.conn.get()) {
            (Some(read), _) => read,
            (None, Some(one)) => one,
            (None, None) => {
                unreachable!("a database without a reader has its writer from its open")
            }
        }
    }

    /// The writing connection, for the store's own work that is not a change of the
    /// record (backups read through it so that they see every commit); opened now if the
    /// open did not need it.
    pub(crate) fn writer(&self) -> Result<&Connection> {
        if let Some(conn) = self.conn.get() {
            return Ok(conn);
        }
        let conn = self.open_writer()?;
        Ok(self.conn.get_or_init(|| conn))
    }

    fn writer_mut(&mut self) -> Result<&mut Connection> {
        self.writer()?;
        Ok(self
            .conn
            .get_mut()
            .expect("the writer was opened just above"))
    }

    /// The writer of a database that the open found current and untouched: the file is
    /// WAL and of this schema already, so only the pragmas are set — unless a newer
    /// program upgraded it since, which this one refuses to write to.
    fn open_writer(&self) -> Result<Connection> {
        let conn = connect_rw(&self.path, self.key.as_ref())?;
        writing_pragmas(&conn)?;
        let found = first_read(&conn, &self.path, self.key.as_ref())?;
        if found != schema_version() {
            return Err(Error::NewerSchema {
                path: self.path.clone(),
                found,
                known: schema_version(),
            });
        }
        Ok(conn)
    }

    /// Runs `f` in an immediate write transaction: committed if it returns `Ok`, rolled
    /// back if it returns `Err`. Immediate, because deferred transactions that upgrade
    /// from read to write fail with "database is locked" under concurrent writers.
    /// The record changes only through [`Db::apply`]; this is for it and for the store's
    /// own bookkeeping (reminders fired, briefs made).
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = Tx(self
            .writer_mut()?
            .transaction_with_behavior(TransactionBehavior::Immediate)?);
        let out = f(&tx)?;
        tx.0.commit()?;
        Ok(out)
    }
}

impl Db {
    /// For tests of a full disk: the database may grow to at most `pages` pages
    /// (`PRAGMA max_page_count`, this connection only); a write that needs more fails with
    /// [`Error::DiskFull`] as it would on a full disk. Returns the limit SQLite set (never
    /// below the current size).
    #[doc(hidden)]
    pub fn limit_pages_for_tests(&self, pages: i64) -> Result<i64> {
        Ok(self
            .writer()?
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| {
                r.get(0)
            })?)
    }

    /// Brings the query planner's statistics up to date (`ANALYZE`) and moves the WAL into
    /// the file (after a bulk load).
    pub fn analyze(&mut self) -> Result<()> {
        self.writer()?
            .execute_batch("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }

    /// The database's size in pages (`PRAGMA page_count`).
    pub fn page_count(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("PRAGMA page_count", [], |r| r.get(0))?)
    }

    /// SQLite's full `integrity_check` (at most 10 problems): None when it says "ok".
    pub fn integrity_problems(&self) -> Result<Option<String>> {
        Ok(backup::integrity_report(self.conn(), "integrity_check")?)
    }

    /// Runs `f` in a write transaction and always rolls it back: a dry run that meets every
    /// check the real write would.
    pub(crate) fn rehearse<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = Tx(self
            .writer_mut()?
            .transaction_with_behavior(TransactionBehavior::Immediate)?);
        let out = f(&tx);
        let rolled_back = tx.0.rollback();
        // The dry run's own error first: SQLite may have ended the transaction for it
        // (then the rollback finds none, which says nothing of what went wrong).
        let out = out?;
        rolled_back?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
