//! The files and folders the program makes, one way for every face:
//!
//! - **owner-only**: every file is created 0600 and every folder 0700 (on Unix), *as it is
//!   created* — never made with the umask's mode and tightened afterwards, which would
//!   leave a moment in which another local user could open it. A temporary name is
//!   created with `O_CREAT|O_EXCL` (`create_new`), which also refuses to follow a symlink
//!   planted at the predictable `.{name}.{pid}.tmp`;
//! - **atomic**: an output (export, calendar, brief) is written to a temporary file in the
//!   same folder, synced, and renamed into place ([`write_atomically`]);
//! - **never over the database**: an output that *is* the database, one of its side files
//!   (`-wal`, `-shm`, `-journal`) or one of its backups is refused before anything is
//!   written ([`refuse_database_files`], [`write_output`]). Files are compared, not path
//!   strings: the same device and inode (`./c.sqlite3`, a symlink or a hard link to it are
//!   all the database), or, for a file not there yet, the same folder and name.

use crate::error::Error;
use std::fs::{DirBuilder, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Owner-only modes (Unix).
pub const FILE_MODE: u32 = 0o600;
pub const DIR_MODE: u32 = 0o700;

fn new_file_options() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(FILE_MODE);
    }
    o
}

/// Takes group and other access away from a file or folder that has them (best effort:
/// one that cannot be changed, e.g. another user's, is left as it is). For what an older
/// version of the program made with the umask's mode (a database, its `-wal`, the
/// backups folder and its copies): what this version makes is owner-only from the start.
pub fn tighten_existing(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // symlink_metadata: a symlink is not followed (its own mode means nothing).
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            return;
        };
        let mode = meta.permissions().mode() & 0o777;
        let wanted = if meta.is_dir() {
            DIR_MODE
        } else if meta.is_file() {
            FILE_MODE
        } else {
            return;
        };
        if mode & 0o077 != 0 {
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & wanted));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Creates the new file `path`, owner-only. `path` must not exist (a file or a symlink
/// there is an error: `create_new` never follows it).
pub fn create_new_private(path: &Path) -> std::io::Result<File> {
    new_file_options().open(path)
}

/// Creates the temporary file `tmp` owner-only; a stale one (left by a process of the same
/// id that died) is removed first — the name itself, never what a symlink there points to.
pub fn create_temporary(tmp: &Path) -> std::io::Result<File> {
    match create_new_private(tmp) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(tmp)?;
            create_new_private(tmp)
        }
        other => other,
    }
}

/// Creates the empty file `path`, owner-only, unless it exists (then it is left as it is).
/// The database is made this way before SQLite opens it: SQLite's Unix VFS gives the
/// `-wal`, `-shm` and `-journal` files the mode of the database file.
pub fn create_private_if_missing(path: &Path) -> std::io::Result<()> {
    match create_new_private(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Creates `dir` and its missing parents, each new one owner-only (folders already there
/// are left as they are).
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(DIR_MODE);
    }
    b.create(dir)
}

/// Sets the process's umask to 077 (Unix), at the start of each program. Belt and braces:
/// the program's own files and folders do not depend on it (they are created with their
/// modes, above), but a file some library creates with the default mode — SQLite's
/// temporary files, a crate's cache, the web view's — is then owner-only too.
pub fn restrict_umask() {
    #[cfg(unix)]
    rustix::process::umask(rustix::fs::Mode::from_bits_truncate(0o077));
}

/// The folder a file is in (`.` for a bare name).
pub fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The temporary name beside `path` that [`write_atomically`] writes first.
pub fn temporary_name(path: &Path, tag: &str) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    parent(path).join(format!(".{name}.{tag}{}.tmp", std::process::id()))
}

/// Writes a file through a temporary file in the same folder (owner-only, created new),
/// synced and renamed into place, so that a failed write never leaves half a file where a
/// good one was. Outputs of the database go through [`write_output`], which also refuses
/// to write over the database.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<usize, Error>,
) -> Result<usize, Error> {
    let tmp = temporary_name(path, "");
    let result = (|| {
        let file = create_temporary(&tmp)?;
        let mut w = std::io::BufWriter::new(file);
        let n = write(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)?;
        Ok(n)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|e| match e {
        Error::Io(io) => Error::Io(std::io::Error::new(
            io.kind(),
            format!("cannot write {}: {io}", path.display()),
        )),
        other => other,
    })
}

/// Writes `bytes` to `path` as [`write_atomically`] does.
pub fn write_bytes_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_atomically(path, |w| {
        w.write_all(bytes)?;
        Ok(bytes.len())
    })?;
    Ok(())
}

/// An output of the database at `db` (an export, a calendar, a brief): refused if `path`
/// is one of the database's files ([`refuse_database_files`]), else written as
/// [`write_atomically`] does.
pub fn write_output(
    db: &Path,
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<usize, Error>,
) -> Result<usize, Error> {
    refuse_database_files(db, path)?;
    write_atomically(path, write)
}

/// [`write_output`] of `bytes`.
pub fn write_output_bytes(db: &Path, path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_output(db, path, |w| {
        w.write_all(bytes)?;
        Ok(bytes.len())
    })?;
    Ok(())
}

/// Refuses ([`Error::IsTheDatabase`]) an output `path` that is the database at `db`, one of
/// its side files (`-wal`, `-shm`, `-journal`, there or not yet), or one of the backups in
/// its backups folder.
pub fn refuse_database_files(db: &Path, path: &Path) -> Result<(), Error> {
    let out = Identity::of(path);
    let refuse = |what: String, what_zh: String| {
        Err(Error::IsTheDatabase {
            output: path.to_owned(),
            what,
            what_zh,
        })
    };
    for (suffix, what, what_zh) in [
        ("", "the database itself", "数据库本身"),
        (
            "-wal",
            "the database's write-ahead log (-wal)",
            "数据库的预写日志（-wal）",
        ),
        (
            "-shm",
            "the database's shared-memory file (-shm)",
            "数据库的共享内存文件（-shm）",
        ),
        (
            "-journal",
            "the database's journal (-journal)",
            "数据库的日志文件（-journal）",
        ),
    ] {
        let mut s = db.as_os_str().to_owned();
        s.push(suffix);
        if out.same(&Identity::of(Path::new(&s))) {
            let db = db.display();
            return refuse(format!("{what}, {db}"), format!("{what_zh}（{db}）"));
        }
    }
    for b in crate::db::backup::list(db).unwrap_or_default() {
        if out.same(&Identity::of(&b.path)) {
            return refuse(
                "one of the database's backups".into(),
                "数据库的一份备份".into(),
            );
        }
    }
    Ok(())
}

/// What names a file, for comparing files rather than path strings: the file itself (its
/// device and inode) when it exists, and its folder (device and inode) and name.
struct Identity {
    file: Option<(u64, u64)>,
    in_folder: Option<((u64, u64), std::ffi::OsString)>,
}

impl Identity {
    fn of(path: &Path) -> Identity {
        let folder = path
            .file_name()
            .and_then(|name| Some((file_id(parent(path))?, name.to_owned())));
        Identity {
            file: file_id(path),
            in_folder: folder,
        }
    }

    fn same(&self, other: &Identity) -> bool {
        fn both<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
            a.is_some() && a == b
        }
        both(&self.file, &other.file) || both(&self.in_folder, &other.in_folder)
    }
}

#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Without inodes: the canonical path, hashed.
#[cfg(not(unix))]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::hash::{Hash, Hasher};
    let p = path.canonicalize().ok()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    p.to_string_lossy().to_lowercase().hash(&mut h);
    Some((0, h.finish()))
}

#[cfg(test)]
mod tests {
    use super::write_bytes_atomically as write_atomically;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.pdf");
        write_atomically(&p, b"one").unwrap();
        write_atomically(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no .tmp left"
        );
        let missing = dir.path().join("no-such-folder").join("b.pdf");
        assert!(write_atomically(&missing, b"x").is_err());
    }

    /// A symlink planted at the temporary name is not followed: its target is untouched.
    #[cfg(unix)]
    #[test]
    fn a_symlink_at_the_temporary_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("victim");
        std::fs::write(&target, b"keep").unwrap();
        let p = dir.path().join("b.pdf");
        std::os::unix::fs::symlink(&target, super::temporary_name(&p, "")).unwrap();
        write_atomically(&p, b"brief").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"keep");
        assert_eq!(std::fs::read(&p).unwrap(), b"brief");
    }
}
