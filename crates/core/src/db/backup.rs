//! Backups and restores, the SQL and file part (the naming and rotation policy is pure, in
//! [`crate::backup`]).
//!
//! A backup is made with SQLite's online backup API (a consistent copy of the live
//! database, WAL included, while other connections keep working) into a temporary name in
//! the destination folder, switched to a single self-contained file (`journal_mode=DELETE`),
//! synced, then opened read-only and checked ([`verify`]: `integrity_check`, and that it is
//! a Counterpart database of a schema this program knows) before it is renamed into place.
//! Only then are older backups rotated out. A backup that fails any of this is removed and
//! the error returned; nothing else changes.
//!
//! A restore checks the file first, keeps a checked copy of the current database aside as
//! `<db>.before-restore-<time>`, and writes the backup *into* the live database through
//! the same backup API, so that every connection open on it (another process's too) sees
//! the restored content and keeps writing into the one live file ([`restore`]). A damaged
//! database cannot be written into: it is moved aside, as `<db>.damaged`
//! ([`move_aside_damaged`]) or before a restore; nothing here ever deletes a database.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::key::{connect, large_cache, Key, Passphrase};
use super::{encryption_of, schema_version, Db, Encryption};

pub use super::restore::{restore, restore_keyed, Restored};
use crate::backup::{self as policy, BackupName, Reason};
use crate::error::{Error, Result};
use crate::fsutil::{self, parent};

/// What a checked backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub schema_version: i64,
    pub items: i64,
}

/// A backup in the backups folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    pub name: BackupName,
}

/// The folder that holds the automatic backups of the database at `db_path`.
pub fn folder(db_path: &Path) -> PathBuf {
    parent(db_path).join("backups")
}

fn stem(db_path: &Path) -> String {
    db_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "counterpart".into())
}

/// The backups of the database at `db_path`, newest first. Files of other names in the
/// folder are ignored; a missing folder is an empty list.
pub fn list(db_path: &Path) -> Result<Vec<BackupFile>> {
    let dir = folder(db_path);
    let stem = stem(db_path);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_at(&dir, e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io_at(&dir, e))?;
        let file_name = entry.file_name();
        if let Some(name) = BackupName::parse(&stem, &file_name.to_string_lossy()) {
            found.push(BackupFile {
                path: entry.path(),
                name,
            });
        }
    }
    found.sort_by_key(|b| std::cmp::Reverse(b.name.at));
    Ok(found)
}

/// The newest backup that passes [`verify`], with what it holds; None if there is none.
pub fn newest_good(db_path: &Path) -> Result<Option<(BackupFile, Verified)>> {
    newest_good_keyed(db_path, None)
}

/// The newest backup that passes [`verify_keyed`] with `passphrase` (so an encrypted one
/// counts only when the passphrase opens it), with what it holds; None if there is none.
pub fn newest_good_keyed(
    db_path: &Path,
    passphrase: Option<&Passphrase>,
) -> Result<Option<(BackupFile, Verified)>> {
    for b in list(db_path)? {
        if let Ok(v) = verify_keyed(&b.path, passphrase) {
            return Ok(Some((b, v)));
        }
    }
    Ok(None)
}

/// True when the app's once-a-day backup has not been made on `now`'s (UTC) day.
pub fn daily_due(db_path: &Path, now: DateTime<Utc>) -> Result<bool> {
    let names: Vec<BackupName> = list(db_path)?.into_iter().map(|b| b.name).collect();
    Ok(policy::daily_due(&names, now.date_naive()))
}

impl Db {
    /// A consistent copy of the live database written to `dest` (through a temporary file
    /// in the same folder, checked, then renamed into place). An existing `dest` is refused
    /// unless `overwrite`; it is replaced atomically when allowed.
    pub fn backup_to(&self, dest: &Path, overwrite: bool) -> Result<Verified> {
        fsutil::refuse_database_files(self.path(), dest)?;
        if !overwrite && dest.exists() {
            return Err(Error::field(
                "file",
                crate::problem::Problem::FileExists {
                    path: dest.display().to_string(),
                },
            ));
        }
        write_checked(self.writer()?, dest, self.key.as_ref())
    }

    /// A backup into the backups folder beside the database, named for `now` and `reason`;
    /// then the older backups are rotated out ([`crate::backup::to_remove`]). The backup
    /// of an encrypted database is encrypted with the same key (it opens with the same
    /// passphrase).
    pub fn backup_now(&self, reason: Reason, now: DateTime<Utc>) -> Result<BackupFile> {
        backup_into_folder(self.writer()?, self.path(), reason, now, self.key.as_ref())
    }
}

/// Backs up `src` (the database at `db_path`, encrypted with `key` if given) into its
/// backups folder and rotates.
pub(super) fn backup_into_folder(
    src: &Connection,
    db_path: &Path,
    reason: Reason,
    now: DateTime<Utc>,
    key: Option<&Key>,
) -> Result<BackupFile> {
    let dir = folder(db_path);
    fsutil::create_private_dir(&dir).map_err(|e| io_at(&dir, e))?;
    // An older version made the folder and its copies with the umask's mode.
    fsutil::tighten_existing(&dir);
    for old in list(db_path).unwrap_or_default() {
        fsutil::tighten_existing(&old.path);
    }
    let name = BackupName {
        at: now.naive_utc().with_nanosecond_zero(),
        reason,
    };
    let path = dir.join(name.file_name(&stem(db_path)));
    write_checked(src, &path, key)?;
    rotate(db_path, now)?;
    Ok(BackupFile { path, name })
}

trait NoNanos {
    fn with_nanosecond_zero(self) -> Self;
}

impl NoNanos for chrono::NaiveDateTime {
    fn with_nanosecond_zero(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap_or(self)
    }
}

/// Deletes the backups the policy lets go. Only files whose names parse as backups of
/// this database are candidates.
fn rotate(db_path: &Path, now: DateTime<Utc>) -> Result<()> {
    let all = list(db_path)?;
    let names: Vec<BackupName> = all.iter().map(|b| b.name).collect();
    let gone = policy::to_remove(&names, now.date_naive());
    for b in all.iter().filter(|b| gone.contains(&b.name)) {
        std::fs::remove_file(&b.path).map_err(|e| io_at(&b.path, e))?;
    }
    Ok(())
}

/// Copies `src` (encrypted with `key`, if given: so is the copy) into a temporary file
/// beside `dest`, checks the copy, and renames it to `dest`. The temporary file is removed
/// on any failure.
pub(super) fn write_checked(src: &Connection, dest: &Path, key: Option<&Key>) -> Result<Verified> {
    let dir = parent(dest);
    let tmp = fsutil::temporary_name(dest, "");
    let result = (|| {
        copy(src, &tmp, key)?;
        let verified = verify_with(&tmp, key)?;
        std::fs::rename(&tmp, dest).map_err(|e| io_at(dest, e))?;
        sync_dir(dir);
        Ok(verified)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
        let _ = std::fs::remove_file(side(&tmp, "-journal"));
    }
    result
}

/// SQLite's online backup of `src` into a new file `dest` (a temporary name: any file
/// there is replaced), created owner-only before SQLite opens it, left as one
/// self-contained file (rollback journal mode) and synced to disk. With `key` (`src`'s
/// own: SQLCipher copies between two encrypted databases only), the copy is encrypted with
/// it, salt included, so the same passphrase opens it.
fn copy(src: &Connection, dest: &Path, key: Option<&Key>) -> Result<()> {
    drop(fsutil::create_temporary(dest).map_err(|e| io_at(dest, e))?);
    let mut out = connect(
        dest,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        key,
    )?;
    {
        let backup = rusqlite::backup::Backup::new(src, &mut out)?;
        // Steps of 4 MB (at 4 KB pages): other connections may write between steps; the
        // backup API restarts if they do, so the copy is always of one moment.
        backup.run_to_completion(1024, Duration::ZERO, None)?;
    }
    out.pragma_update(None, "journal_mode", "DELETE")?;
    drop(out);
    std::fs::File::open(dest)
        .and_then(|f| f.sync_all())
        .map_err(|e| io_at(dest, e))?;
    Ok(())
}

/// Opens `path` read-only and checks that it can be put back: an SQLite file that passes
/// `integrity_check`, of a Counterpart schema this program knows. The file is not changed.
/// An encrypted backup needs its passphrase ([`verify_keyed`]).
pub fn verify(path: &Path) -> Result<Verified> {
    verify_keyed(path, None)
}

/// [`verify`] of a plain backup, or of an encrypted one with `passphrase`: without one it is
/// [`Error::PassphraseNeeded`]; one that the passphrase does not open is
/// [`Error::WrongPassphrase`].
pub fn verify_keyed(path: &Path, passphrase: Option<&Passphrase>) -> Result<Verified> {
    let key = backup_key(path, passphrase)?;
    verify_with(path, key.as_ref())
}

/// The key of the backup at `path`: None for a plain one; for an encrypted one, derived from
/// `passphrase` ([`Error::PassphraseNeeded`] without one).
pub(super) fn backup_key(path: &Path, passphrase: Option<&Passphrase>) -> Result<Option<Key>> {
    let kind = encryption_of(path).map_err(|e| Error::BadBackup {
        path: path.to_owned(),
        why: match e {
            Error::NotADatabase { .. } => {
                "it is not an SQLite database (its header is wrong)".into()
            }
            other => other.to_string(),
        },
    })?;
    match (kind, passphrase) {
        (Encryption::Missing, _) => Err(Error::BadBackup {
            path: path.to_owned(),
            why: "it is empty, or missing".into(),
        }),
        (Encryption::Plain, _) => Ok(None),
        (Encryption::Encrypted, None) => Err(Error::PassphraseNeeded {
            path: path.to_owned(),
        }),
        (Encryption::Encrypted, Some(p)) => Key::of_file(p, path).map(Some),
    }
}

/// [`verify`] with the key of the file (None: a plain file, whose header must be SQLite's).
pub(super) fn verify_with(path: &Path, key: Option<&Key>) -> Result<Verified> {
    let bad = |why: String| Error::BadBackup {
        path: path.to_owned(),
        why,
    };
    if key.is_none() {
        let mut head = Vec::with_capacity(16);
        std::fs::File::open(path)
            .and_then(|f| f.take(16).read_to_end(&mut head))
            .map_err(|e| bad(format!("it cannot be read ({e})")))?;
        if head != b"SQLite format 3\0" {
            return Err(bad(
                "it is not an SQLite database (its header is wrong)".into()
            ));
        }
    }
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        key,
    )
    .map_err(|e| bad(format!("SQLite cannot open it ({e})")))?;
    let sqlite = |e: rusqlite::Error| bad(format!("SQLite cannot read it ({e})"));
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| match (key, e.sqlite_error_code()) {
            (Some(_), Some(rusqlite::ErrorCode::NotADatabase)) => Error::WrongPassphrase {
                path: path.to_owned(),
            },
            _ => sqlite(e),
        })?;
    large_cache(&conn).map_err(sqlite)?;
    let report = integrity_report(&conn, "integrity_check").map_err(sqlite)?;
    if let Some(report) = report {
        return Err(bad(format!("it is damaged ({report})")));
    }
    if version > schema_version() {
        return Err(Error::NewerSchema {
            path: path.to_owned(),
            found: version,
            known: schema_version(),
        });
    }
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('item', 'event', 'agency')",
            [],
            |r| r.get(0),
        )
        .map_err(sqlite)?;
    if version < 1 || tables != 3 {
        return Err(bad("it is not a Counterpart database".into()));
    }
    let items: i64 = conn
        .query_row("SELECT count(*) FROM item", [], |r| r.get(0))
        .map_err(sqlite)?;
    Ok(Verified {
        schema_version: version,
        items,
    })
}

/// Runs `PRAGMA quick_check` or `integrity_check` (at most 10 problems): None when the
/// answer is "ok", else the problems on one line.
pub(super) fn integrity_report(
    conn: &Connection,
    pragma: &str,
) -> rusqlite::Result<Option<String>> {
    let lines = super::check::problems(conn, pragma, 10)?;
    Ok((!lines.is_empty()).then(|| lines.join("; ")))
}

/// Moves a damaged database (with its `-wal` and `-shm`) aside as `<name>.damaged` — or
/// `<name>.damaged-<time>` if that name is taken — and returns where it now is. Nothing
/// is deleted and the file's bytes are not changed.
pub fn move_aside_damaged(db_path: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
    let dir = parent(db_path);
    let name = db_path.file_name().unwrap_or_default().to_string_lossy();
    let mut aside = dir.join(format!("{name}.damaged"));
    if aside.exists() {
        aside = free_name(
            dir,
            &format!("{name}.damaged-{}", now.format("%Y%m%d-%H%M%S")),
        );
    }
    move_with_sides(db_path, &aside)?;
    super::verified::forget(db_path);
    sync_dir(dir);
    Ok(aside)
}

/// `base` in `dir`, or `base-2`, `base-3`… if taken.
pub(super) fn free_name(dir: &Path, base: &str) -> PathBuf {
    let mut path = dir.join(base);
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{base}-{n}"));
        n += 1;
    }
    path
}

pub(super) fn move_with_sides(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|e| io_at(from, e))?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let s = side(from, suffix);
        if s.exists() {
            std::fs::rename(&s, side(to, suffix)).map_err(|e| io_at(&s, e))?;
        }
    }
    Ok(())
}

pub(super) fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Makes a rename durable (best effort: not every file system can sync a folder).
pub(super) fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

pub(super) fn io_at(path: &Path, e: std::io::Error) -> Error {
    Error::Io(std::io::Error::new(
        e.kind(),
        format!("{}: {e}", path.display()),
    ))
}
