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

use super::{schema_version, Db};
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
    for b in list(db_path)? {
        if let Ok(v) = verify(&b.path) {
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
                format!(
                    "{} already exists; give another name, or choose to replace it",
                    dest.display()
                ),
            ));
        }
        write_checked(&self.conn, dest)
    }

    /// A backup into the backups folder beside the database, named for `now` and `reason`;
    /// then the older backups are rotated out ([`crate::backup::to_remove`]).
    pub fn backup_now(&self, reason: Reason, now: DateTime<Utc>) -> Result<BackupFile> {
        backup_into_folder(&self.conn, self.path(), reason, now)
    }
}

/// Backs up `src` (the database at `db_path`) into its backups folder and rotates.
pub(super) fn backup_into_folder(
    src: &Connection,
    db_path: &Path,
    reason: Reason,
    now: DateTime<Utc>,
) -> Result<BackupFile> {
    let dir = folder(db_path);
    fsutil::create_private_dir(&dir).map_err(|e| io_at(&dir, e))?;
    let name = BackupName {
        at: now.naive_utc().with_nanosecond_zero(),
        reason,
    };
    let path = dir.join(name.file_name(&stem(db_path)));
    write_checked(src, &path)?;
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

/// Copies `src` into a temporary file beside `dest`, checks the copy, and renames it to
/// `dest`. The temporary file is removed on any failure.
fn write_checked(src: &Connection, dest: &Path) -> Result<Verified> {
    let dir = parent(dest);
    let tmp = fsutil::temporary_name(dest, "");
    let result = (|| {
        copy(src, &tmp)?;
        let verified = verify(&tmp)?;
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
/// self-contained file (rollback journal mode) and synced to disk.
fn copy(src: &Connection, dest: &Path) -> Result<()> {
    drop(fsutil::create_temporary(dest).map_err(|e| io_at(dest, e))?);
    let mut out = Connection::open(dest)?;
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
pub fn verify(path: &Path) -> Result<Verified> {
    let bad = |why: String| Error::BadBackup {
        path: path.to_owned(),
        why,
    };
    let mut head = Vec::with_capacity(16);
    std::fs::File::open(path)
        .and_then(|f| f.take(16).read_to_end(&mut head))
        .map_err(|e| bad(format!("it cannot be read ({e})")))?;
    if head != b"SQLite format 3\0" {
        return Err(bad(
            "it is not an SQLite database (its header is wrong)".into()
        ));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| bad(format!("SQLite cannot open it ({e})")))?;
    let sqlite = |e: rusqlite::Error| bad(format!("SQLite cannot read it ({e})"));
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sqlite)?;
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

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// Where the database that was replaced now is (None if there was none).
    pub kept_aside: Option<PathBuf>,
    pub verified: Verified,
}

/// Puts the backup `from` in place of the database at `db_path`. `from` is checked first
/// (a damaged file, another program's file or one of a newer schema is refused and nothing
/// changes). A whole current database is then written *into* ([`write_into`]): a checked
/// copy of it is kept aside as `<db>.before-restore-<time>`, and the backup's content goes
/// into the live file through SQLite's online backup API, in one transaction, so that
/// every connection open on it — in this process or another — reads the restored content
/// next and its later writes land in it. A current file that cannot be written into
/// (damaged, not SQLite, empty) is moved aside under that name, with its `-wal`, and the
/// copy put in its place; a missing one is simply created.
pub fn restore(db_path: &Path, from: &Path, now: DateTime<Utc>) -> Result<Restored> {
    if same_file(db_path, from) {
        return Err(Error::field(
            "file",
            "is the database itself; give a backup file",
        ));
    }
    let verified = verify(from)?;
    let src = Connection::open_with_flags(
        from,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let dir = parent(db_path);
    let name = db_path.file_name().unwrap_or_default().to_string_lossy();
    let aside = || {
        let stamp = now.format("%Y%m%d-%H%M%S");
        free_name(dir, &format!("{name}.before-restore-{stamp}"))
    };
    // The head of the trail being replaced, for the restored trail's `database_restored` row.
    let replaced = super::audit::head_of_file(db_path);
    let kept_aside = match current(db_path)? {
        Current::Whole => {
            let aside = aside();
            write_into(&src, db_path, &aside)?;
            Some(aside)
        }
        Current::Unusable => {
            let aside = aside();
            replace(&src, db_path, Some(&aside))?;
            Some(aside)
        }
        Current::Missing => {
            replace(&src, db_path, None)?;
            None
        }
    };
    drop(src);
    super::audit::record_restore(db_path, from, now, replaced)?;
    Ok(Restored {
        kept_aside,
        verified,
    })
}

/// What is at the database's path before a restore.
enum Current {
    Missing,
    /// An SQLite database that passes `quick_check`: it can be written into.
    Whole,
    /// Damaged, not SQLite, or empty: it can only be moved aside.
    Unusable,
}

fn current(db_path: &Path) -> Result<Current> {
    match super::open::check_header(db_path) {
        Ok(true) => {}
        Ok(false) if db_path.exists() => return Ok(Current::Unusable),
        Ok(false) => return Ok(Current::Missing),
        Err(Error::Damaged { .. }) => return Ok(Current::Unusable),
        Err(Error::NotADatabase { .. }) if !db_path.is_dir() => return Ok(Current::Unusable),
        Err(e) => return Err(e),
    }
    let checked = Connection::open_with_flags(
        db_path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .and_then(|c| {
        c.busy_timeout(Duration::from_secs(10))?;
        integrity_report(&c, "quick_check")
    })
    .map_err(|e| super::open::damaged(db_path, e));
    match checked {
        Ok(None) => Ok(Current::Whole),
        Ok(Some(_)) | Err(Error::Damaged { .. }) => Ok(Current::Unusable),
        Err(e) => Err(e),
    }
}

/// Writes the content of `src` into the live database at `db_path` through SQLite's online
/// backup API, after keeping a checked copy of the live content at `aside`. The backup's
/// first step (of no pages) takes the live database's write lock, so no other connection
/// can commit between the copy kept aside (read through a connection of its own: WAL lets
/// it read the last commit) and the restore; the restore is one transaction of the live
/// database (it bumps the schema cookie, so other connections reload the schema). If the
/// copy aside fails, the backup is dropped unfinished and the live database is unchanged.
fn write_into(src: &Connection, db_path: &Path, aside: &Path) -> Result<()> {
    use rusqlite::backup::{Backup, StepResult};
    let open = |flags: OpenFlags| -> Result<Connection> {
        let c = Connection::open_with_flags(db_path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        c.busy_timeout(Duration::from_secs(10))?;
        Ok(c)
    };
    let mut live = open(OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    let busy = || {
        Error::Io(std::io::Error::other(format!(
            "{} is busy (another program is writing to it); nothing was changed, try again",
            db_path.display()
        )))
    };
    let backup = Backup::new(src, &mut live)?;
    if !matches!(backup.step(0)?, StepResult::More | StepResult::Done) {
        return Err(busy());
    }
    let reader = open(OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    write_checked(&reader, aside).map_err(|e| match e {
        Error::BadBackup { why, .. } => Error::BadBackup {
            path: db_path.to_owned(),
            why: format!("the current database cannot be kept aside: {why}"),
        },
        other => other,
    })?;
    drop(reader);
    match backup.step(-1)? {
        StepResult::Done => Ok(()),
        _ => Err(busy()),
    }
}

/// Puts a checked copy of `src` at `db_path` by renaming, after moving what is there (with
/// its side files) to `aside`: for a database path nothing can be written into.
fn replace(src: &Connection, db_path: &Path, aside: Option<&Path>) -> Result<()> {
    let dir = parent(db_path);
    let staged = fsutil::temporary_name(db_path, "restore-");
    write_checked(src, &staged)?;
    if let Some(aside) = aside {
        if let Err(e) = move_with_sides(db_path, aside) {
            let _ = std::fs::remove_file(&staged);
            return Err(e);
        }
    }
    // Stale side files of the old database would be read as part of the new one.
    let _ = std::fs::remove_file(side(db_path, "-shm"));
    let _ = std::fs::remove_file(side(db_path, "-wal"));
    std::fs::rename(&staged, db_path).map_err(|e| io_at(db_path, e))?;
    sync_dir(dir);
    Ok(())
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
    sync_dir(dir);
    Ok(aside)
}

/// `base` in `dir`, or `base-2`, `base-3`… if taken.
fn free_name(dir: &Path, base: &str) -> PathBuf {
    let mut path = dir.join(base);
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{base}-{n}"));
        n += 1;
    }
    path
}

fn move_with_sides(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|e| io_at(from, e))?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let s = side(from, suffix);
        if s.exists() {
            std::fs::rename(&s, side(to, suffix)).map_err(|e| io_at(&s, e))?;
        }
    }
    Ok(())
}

fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Makes a rename durable (best effort: not every file system can sync a folder).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

fn io_at(path: &Path, e: std::io::Error) -> Error {
    Error::Io(std::io::Error::new(
        e.kind(),
        format!("{}: {e}", path.display()),
    ))
}
