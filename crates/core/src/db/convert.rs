//! Encrypting, re-keying and decrypting an existing database file ([`encrypt_file`],
//! [`rekey_file`], [`decrypt_file`]).
//!
//! Each is one conversion, atomic and checked:
//!
//! 1. the database is opened with its current key (none, or the old passphrase: a wrong
//!    one is [`Error::WrongPassphrase`]) and locked exclusively (`locking_mode=EXCLUSIVE`):
//!    if any other connection, of this process or another, has it open, the conversion is
//!    refused ([`Error::InUse`]) — it would go on writing into the old file;
//! 2. it is checked ([`check::check`]: integrity, foreign keys, the audit chain) and its
//!    WAL folded into the file;
//! 3. a converted copy is written to a temporary file in the same folder
//!    (`ATTACH … KEY`, `sqlcipher_export`), under a fresh salt; the copy is checked the same
//!    way, and must hold the same items and the same audit head; then synced;
//! 4. the copy is renamed over the database, and the old file — still locked by this
//!    conversion — is emptied and marked as not a database. It is not kept: after `encrypt`
//!    it would be a plain copy of everything the encryption protects, after `rekey` a copy
//!    that the old (perhaps leaked) passphrase still opens; the converted copy was checked
//!    to hold the same items, schema and audit head before it took the old one's place.
//!    Emptying it (rather than only removing its name) also closes the one way a write
//!    could be lost: a program that opened the database just before the rename and waited
//!    for the lock would otherwise go on writing into the old file; it now gets "file is
//!    not a database" and opens the database again.
//!
//! Then the backups in the backups folder are converted the same way, one by one
//! ([`convert_backups`]).
//!
//! A crash before the rename leaves the old file whole (and a temporary file, which the
//! next conversion replaces); the rename itself is atomic. Any failure removes the
//! temporary file, and the database is not changed.

use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::backup::{self, io_at, side, sync_dir};
use super::key::{connect, large_cache, Key, Passphrase};
use super::{check, encryption_of, Encryption};
use crate::error::{Error, Result};
use crate::fsutil::parent;

/// What a conversion did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// How many items the converted database holds (checked after conversion).
    pub items: i64,
    /// How many of the backups in the backups folder were converted too.
    pub backups: usize,
    /// The backups that could not be (damaged, or under another passphrase): left as they
    /// were.
    pub backups_left: Vec<PathBuf>,
}

/// Encrypts the plain database at `path` with `new`.
pub fn encrypt_file(path: &Path, new: &Passphrase) -> Result<Converted> {
    convert(path, None, Some(new), "encrypt")
}

/// Changes the passphrase of the encrypted database at `path` from `old` to `new`.
pub fn rekey_file(path: &Path, old: &Passphrase, new: &Passphrase) -> Result<Converted> {
    convert(path, Some(old), Some(new), "rekey")
}

/// Decrypts the encrypted database at `path` (its passphrase `old`) into a plain one.
pub fn decrypt_file(path: &Path, old: &Passphrase) -> Result<Converted> {
    convert(path, Some(old), None, "decrypt")
}

/// What the checks of a database say, to compare a copy with its original.
#[derive(Debug, PartialEq, Eq)]
struct Contents {
    schema_version: i64,
    items: i64,
    audit_head: Option<String>,
}

fn convert(
    path: &Path,
    old: Option<&Passphrase>,
    new: Option<&Passphrase>,
    what: &str,
) -> Result<Converted> {
    let owned = || path.to_owned();
    match (encryption_of(path)?, old) {
        (Encryption::Missing, _) => {
            return Err(Error::Io(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("there is no database at {}", path.display()),
            )))
        }
        (Encryption::Plain, Some(_)) => return Err(Error::NotEncrypted { path: owned() }),
        (Encryption::Encrypted, None) => return Err(Error::AlreadyEncrypted { path: owned() }),
        _ => {}
    }
    let old_key = old.map(|p| Key::of_file(p, path)).transpose()?;
    let new_key = new.map(Key::fresh).transpose()?;

    // 1. Open and lock: no other connection may have the file open.
    // (CREATE: the converted copy is attached to this connection, with its flags.)
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        old_key.as_ref(),
    )?;
    conn.busy_timeout(Duration::from_millis(500))?;
    let unreadable = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            Error::InUse { path: owned() }
        }
        Some(ErrorCode::NotADatabase) if old_key.is_some() => {
            Error::WrongPassphrase { path: owned() }
        }
        _ => super::open::damaged(path, e),
    };
    conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;")
        .map_err(unreadable)?;
    // With the lock held no other conversion of this database is under way: a converted
    // copy left beside it is a killed one's, and goes.
    remove_stale_copies(path);

    // 2. Check it, and fold its WAL into the file (the converted copy then holds every commit).
    let before = contents(&conn, path)?;
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .map_err(unreadable)?;

    // 3. The converted copy, checked and synced.
    let dir = parent(path);
    let tmp = crate::fsutil::temporary_name(path, &format!("{what}-"));
    let written = (|| {
        export(&conn, &tmp, new_key.as_ref())?;
        let copy = connect(
            &tmp,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            new_key.as_ref(),
        )?;
        let after = contents(&copy, &tmp)?;
        drop(copy);
        if after != before {
            return Err(Error::Damaged {
                path: tmp.clone(),
                report: format!(
                    "the converted copy differs from the database ({after:?} instead of {before:?})"
                ),
            });
        }
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| io_at(&tmp, e))?;
        // 4. The copy in place of the old file, which is then emptied and marked (see the
        // module's documentation), while this conversion still holds its lock.
        let old_file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| io_at(path, e))?;
        std::fs::rename(&tmp, path).map_err(|e| io_at(path, e))?;
        sync_dir(dir);
        retire(&old_file).map_err(|e| io_at(path, e))
    })();
    drop(conn);
    match written {
        Ok(()) => {
            // The old file's side files (its WAL is empty after the checkpoint) would be
            // read as the new file's.
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(side(path, suffix));
            }
            // And the record of the old file's last clean close (another inode: it would
            // not be trusted, but it says nothing true of the new one).
            super::verified::forget(path);
            let (backups, backups_left) = convert_backups(path, old, new, what)?;
            Ok(Converted {
                items: before.items,
                backups,
                backups_left,
            })
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            let _ = std::fs::remove_file(side(&tmp, "-journal"));
            Err(e)
        }
    }
}

/// Removes the temporary copies that killed conversions of the database at `path` left
/// (`.<name>.<encrypt|rekey|decrypt>-<pid>.tmp`, with their journals).
fn remove_stale_copies(path: &Path) {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let Ok(entries) = std::fs::read_dir(parent(path)) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let stale = ["encrypt", "rekey", "decrypt"].iter().any(|what| {
            file.strip_prefix(&format!(".{name}.{what}-"))
                .and_then(|rest| {
                    rest.strip_suffix(".tmp")
                        .or(rest.strip_suffix(".tmp-journal"))
                })
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        });
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// What the old file of a conversion holds once its converted copy has taken its place:
/// less than a page, and no SQLite header, so that SQLite refuses it ("file is not a
/// database") rather than reading it as an empty database and writing into it.
const RETIRED: &[u8] = b"Counterpart: this file was replaced by its converted copy \
(encrypted, re-keyed or decrypted). Open the database again.\n";

/// Empties the old file of a conversion (through `file`, opened on it before the rename:
/// its name is the new file's now) and leaves [`RETIRED`] in it, synced.
fn retire(file: &std::fs::File) -> std::io::Result<()> {
    use std::io::Write;
    file.set_len(0)?;
    let mut w = file;
    w.write_all(RETIRED)?;
    file.sync_all()
}

/// Converts the backups in the database's backups folder as the database was converted, so
/// that no copy stays plain after `encrypt` or under the old passphrase after `rekey`, and
/// every backup restores with the database's passphrase: each is checked, exported to a
/// temporary file beside it, checked again (the same items, the same schema version),
/// synced and renamed over it. One that cannot be is left as it was, and named.
fn convert_backups(
    path: &Path,
    old: Option<&Passphrase>,
    new: Option<&Passphrase>,
    what: &str,
) -> Result<(usize, Vec<PathBuf>)> {
    let mut done = 0;
    let mut left = Vec::new();
    for b in backup::list(path)? {
        match convert_backup(&b.path, old, new, what) {
            Ok(()) => done += 1,
            Err(_) => left.push(b.path),
        }
    }
    Ok((done, left))
}

fn convert_backup(
    file: &Path,
    old: Option<&Passphrase>,
    new: Option<&Passphrase>,
    what: &str,
) -> Result<()> {
    let key = backup::backup_key(file, old)?;
    let before = backup::verify_with(file, key.as_ref())?;
    let new_key = new.map(Key::fresh).transpose()?;
    let conn = connect(
        file,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        key.as_ref(),
    )?;
    let tmp = crate::fsutil::temporary_name(file, &format!("{what}-"));
    let written = (|| {
        export(&conn, &tmp, new_key.as_ref())?;
        let after = backup::verify_with(&tmp, new_key.as_ref())?;
        if after != before {
            return Err(Error::BadBackup {
                path: file.to_owned(),
                why: format!("its converted copy differs ({after:?} instead of {before:?})"),
            });
        }
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| io_at(&tmp, e))?;
        std::fs::rename(&tmp, file).map_err(|e| io_at(file, e))
    })();
    drop(conn);
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Writes the database of `conn` (opened with the flags to create a file: an attached
/// database is opened with its connection's flags) into a new file `dest` (any file there
/// is replaced), encrypted with `key` or plain (`sqlcipher_export`, and the schema version,
/// which it does not copy). The copy is not checked or synced here.
pub(super) fn export(conn: &Connection, dest: &Path, key: Option<&Key>) -> Result<()> {
    // Owner-only from the start: SQLite would create it with the umask's mode.
    drop(crate::fsutil::create_temporary(dest).map_err(|e| io_at(dest, e))?);
    conn.execute(
        "ATTACH DATABASE ?1 AS converted KEY ?2",
        (
            dest.to_string_lossy().as_ref(),
            key.map_or("", |k| k.literal()),
        ),
    )?;
    if key.is_some() {
        conn.execute_batch(&format!(
            "PRAGMA converted.cipher_page_size = {};",
            super::key::CIPHER_PAGE_SIZE
        ))?;
    }
    // The page cache the database's own connections have (64 MB): the copy's indexes are
    // built without spilling half-built pages.
    conn.execute_batch("PRAGMA converted.cache_size = -65536;")?;
    let version: i64 = conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
    let exported = conn
        .query_row("SELECT sqlcipher_export('converted')", [], |_| Ok(()))
        .and_then(|()| conn.execute_batch(&format!("PRAGMA converted.user_version = {version};")))
        .map_err(Error::from);
    conn.execute_batch("DETACH DATABASE converted;")?;
    exported
}

/// Checks the database on `conn` (integrity, foreign keys, the audit chain): what it holds,
/// or [`Error::Damaged`] naming what is wrong.
fn contents(conn: &Connection, path: &Path) -> Result<Contents> {
    large_cache(conn)?;
    let schema_version = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let items = conn.query_row("SELECT count(*) FROM item", [], |r| r.get(0))?;
    if schema_version < super::schema_version() {
        // An older schema is converted as it is (its next open upgrades it, keeping an
        // encrypted backup first): its audit trail is of an older form, which only the
        // upgrade reads, so the copy is compared on its integrity and its items.
        if let Some(report) = backup::integrity_report(conn, "integrity_check")? {
            return Err(Error::Damaged {
                path: path.to_owned(),
                report: format!("its check found: {report}"),
            });
        }
        return Ok(Contents {
            schema_version,
            items,
            audit_head: None,
        });
    }
    let report = check::check(conn)?;
    if !report.ok() {
        let mut problems = report.integrity.clone();
        problems.extend(
            report
                .foreign_keys
                .iter()
                .map(|(t, row, parent)| format!("{t} row {row:?} points to no {parent}")),
        );
        problems.extend(report.audit.first_bad.iter().map(|bad| bad.to_string()));
        return Err(Error::Damaged {
            path: path.to_owned(),
            report: format!("its check found: {}", problems.join("; ")),
        });
    }
    Ok(Contents {
        schema_version,
        items,
        audit_head: report.audit.head,
    })
}
