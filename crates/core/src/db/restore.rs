//! Restore: a checked backup put back into the live database through SQLite's online
//! backup API, or in its place when there is nothing whole to write into (the module
//! documentation of [`super::backup`] tells the whole story; this is its second half).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::backup::{
    backup_key, free_name, integrity_report, io_at, move_with_sides, same_file, side, sync_dir,
    verify_with, write_checked, Verified,
};
use super::key::{connect, large_cache, Key, Passphrase};
use super::{encryption_of, Encryption};
use crate::error::{Error, Result};
use crate::fsutil::{self, parent};

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
///
/// An encrypted backup or database needs its passphrase ([`restore_keyed`]).
pub fn restore(db_path: &Path, from: &Path, now: DateTime<Utc>) -> Result<Restored> {
    restore_keyed(db_path, from, None, now)
}

/// [`restore`] with the passphrase of the backup and of the database (the same one). The
/// restored database is encrypted if the current one is (with its key), plain if it is
/// plain, and, when there is no usable current one, as the backup is: a backup made before
/// `encrypt` is encrypted as it is put back, one made before `decrypt` is decrypted. A
/// passphrase that does not open the current database is [`Error::WrongPassphrase`], and
/// nothing changes.
pub fn restore_keyed(
    db_path: &Path,
    from: &Path,
    passphrase: Option<&Passphrase>,
    now: DateTime<Utc>,
) -> Result<Restored> {
    if same_file(db_path, from) {
        return Err(Error::field(
            "file",
            crate::problem::Problem::IsTheDatabaseItself,
        ));
    }
    let from_key = backup_key(from, passphrase)?;
    let verified = verify_with(from, from_key.as_ref())?;
    let key = restored_key(db_path, passphrase, from_key.as_ref())?;
    // SQLCipher's backup API copies between two plain or two encrypted databases only: a
    // backup of the other kind is first exported to a temporary file of the kind wanted.
    let converted = fsutil::temporary_name(db_path, "restore-as-");
    let src = if from_key.is_some() == key.is_some() {
        connect(
            from,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            from_key.as_ref(),
        )?
    } else {
        let conn = connect(
            from,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            from_key.as_ref(),
        )?;
        if let Err(e) = super::convert::export(&conn, &converted, key.as_ref()) {
            let _ = std::fs::remove_file(&converted);
            return Err(e);
        }
        connect(
            &converted,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            key.as_ref(),
        )?
    };
    // The restore and its audit row are one change: the backup's content is staged in a
    // temporary copy, upgraded to this schema there, and given its `database_restored` row
    // (the head of the trail it replaces, read now); only then is the staged copy written
    // into the live database, in one transaction. A crash at any point leaves either the
    // database as it was or the restored one with its row — never a restore unaudited.
    let staged = fsutil::temporary_name(db_path, "restore-staged-");
    let put = (|| {
        super::backup::write_checked(&src, &staged, key.as_ref())?;
        drop(src);
        let replaced = super::audit::head_of_file(db_path, key.as_ref());
        let mut stage = super::Db::open_staged(&staged, key.clone(), now)?;
        super::audit::record_restore(&mut stage, from, now, replaced)?;
        drop(stage);
        let src = connect(
            &staged,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            key.as_ref(),
        )?;
        put_back(&src, db_path, key.as_ref(), now)
    })();
    for f in [&staged, &converted] {
        let _ = std::fs::remove_file(f);
        let _ = std::fs::remove_file(side(f, "-journal"));
    }
    Ok(Restored {
        kept_aside: put?,
        verified,
    })
}

/// The key the restored database gets: the current database's when it is encrypted (the
/// passphrase must be given), none when it is plain, and the backup's when there is no
/// database or one of no known kind.
fn restored_key(
    db_path: &Path,
    passphrase: Option<&Passphrase>,
    from_key: Option<&Key>,
) -> Result<Option<Key>> {
    match encryption_of(db_path) {
        Ok(Encryption::Plain) => Ok(None),
        Ok(Encryption::Encrypted) => match passphrase {
            Some(p) => Key::of_file(p, db_path).map(Some),
            None => Err(Error::PassphraseNeeded {
                path: db_path.to_owned(),
            }),
        },
        Ok(Encryption::Missing) | Err(Error::Damaged { .. }) | Err(Error::NotADatabase { .. }) => {
            Ok(from_key.cloned())
        }
        Err(e) => Err(e),
    }
}

/// Writes `src` (of the kind `key` says) into the database at `db_path`, or in its place
/// ([`restore`]); where the database as it was is kept, if there was one.
fn put_back(
    src: &Connection,
    db_path: &Path,
    key: Option<&Key>,
    now: DateTime<Utc>,
) -> Result<Option<PathBuf>> {
    let dir = parent(db_path);
    let name = db_path.file_name().unwrap_or_default().to_string_lossy();
    let aside = || {
        let stamp = now.format("%Y%m%d-%H%M%S");
        free_name(dir, &format!("{name}.before-restore-{stamp}"))
    };
    Ok(match current(db_path, key)? {
        Current::Whole => {
            let aside = aside();
            write_into(src, db_path, &aside, key)?;
            Some(aside)
        }
        Current::Unusable => {
            let aside = aside();
            replace(src, db_path, Some(&aside), key)?;
            Some(aside)
        }
        Current::Missing => {
            replace(src, db_path, None, key)?;
            None
        }
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

/// What is at `db_path`, read with `key` (the database's own: a passphrase that does not
/// open its first page is [`Error::WrongPassphrase`], and nothing is done).
fn current(db_path: &Path, key: Option<&Key>) -> Result<Current> {
    match encryption_of(db_path) {
        Ok(Encryption::Plain | Encryption::Encrypted) => {}
        Ok(Encryption::Missing) if db_path.exists() => return Ok(Current::Unusable),
        Ok(Encryption::Missing) => return Ok(Current::Missing),
        Err(Error::Damaged { .. }) => return Ok(Current::Unusable),
        Err(Error::NotADatabase { .. }) if !db_path.is_dir() => return Ok(Current::Unusable),
        Err(e) => return Err(e),
    }
    let checked = connect(
        db_path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        key,
    )
    .and_then(|c| {
        c.busy_timeout(Duration::from_secs(10))?;
        c.query_row("PRAGMA user_version", [], |_| Ok(()))?;
        large_cache(&c)?;
        integrity_report(&c, "quick_check")
    })
    .map_err(|e| match (key, e.sqlite_error_code()) {
        (Some(_), Some(rusqlite::ErrorCode::NotADatabase)) => Error::WrongPassphrase {
            path: db_path.to_owned(),
        },
        _ => super::open::unreadable(db_path, key.is_some(), e),
    });
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
fn write_into(src: &Connection, db_path: &Path, aside: &Path, key: Option<&Key>) -> Result<()> {
    use rusqlite::backup::{Backup, StepResult};
    let open = |flags: OpenFlags| -> Result<Connection> {
        let c = connect(db_path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX, key)?;
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
    write_checked(&reader, aside, key).map_err(|e| match e {
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
fn replace(
    src: &Connection,
    db_path: &Path,
    aside: Option<&Path>,
    key: Option<&Key>,
) -> Result<()> {
    let dir = parent(db_path);
    let staged = fsutil::temporary_name(db_path, "restore-");
    write_checked(src, &staged, key)?;
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
