//! Encryption at rest (SQLCipher): the passphrase, what kind of file a database is, and
//! the key every connection is opened with.
//!
//! An encrypted database is an SQLCipher 4 file with its default settings (AES-256 pages,
//! HMAC-SHA512, PBKDF2-HMAC-SHA512 of 256,000 iterations over the passphrase and the
//! file's 16-byte salt, its first bytes) but one: pages of 16 KB ([`CIPHER_PAGE_SIZE`]).
//! SQLCipher decrypts and authenticates (HMAC) every page it reads, and through OpenSSL 3
//! much of that cost is per page, not per byte: on the benchmark's 100,000 items (64 MB
//! page caches), the check that opening runs (`quick_check`, every page) took 2.6 times as
//! long as on the plain file with 4 KB pages and 2.2 times with 16 KB pages; `check` 1.6
//! and 1.3 times; a checked backup 1.9 and 1.5 times (see `make bench`). The `sqlcipher` shell opens it with `PRAGMA key = 'passphrase';
//! PRAGMA cipher_page_size = 16384;`. The key derivation is the slow part of opening (on
//! purpose: it is what makes guessing passphrases slow), so this program does it once per
//! [`super::Db::open_keyed`], here ([`Key::derive`]), and keys every connection it opens
//! afterwards — the writer, the readers, the checks, the backups — with the derived raw
//! key and the salt (`PRAGMA key = "x'…'"`), which SQLCipher uses without deriving again.
//! `PRAGMA key` is always the first statement on a connection ([`connect`]).
//!
//! The passphrase and the derived key are wiped from memory when dropped (`zeroize`), and
//! never printed (their `Debug` says nothing of them). Neither is ever written to the
//! database.

use rusqlite::{Connection, OpenFlags};
use std::io::Read;
use std::path::Path;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// SQLCipher 4's default key derivation: PBKDF2-HMAC-SHA512 of this many iterations.
const KDF_ITER: u32 = 256_000;
/// The size of an SQLCipher file's salt (its first bytes).
const SALT_LEN: usize = 16;
/// The page size of an encrypted database (SQLCipher's default is 4096: see the module's
/// documentation for why not here). Set on every connection after its key.
pub(crate) const CIPHER_PAGE_SIZE: u32 = 16384;
/// The first 16 bytes of every plain SQLite file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The secret a passphrase or password file holds (`--passphrase-file`, a team password
/// file): its text, of which one trailing line break (`\n` or `\r\n`) is not part, wiped
/// from memory when dropped.
pub fn secret_of_file(contents: String) -> Zeroizing<String> {
    let mut text = Zeroizing::new(contents);
    let end = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .map(str::len);
    if let Some(end) = end {
        text.truncate(end);
    }
    text
}

/// A database passphrase: never empty, wiped from memory when dropped, and never shown
/// (`Debug` prints `Passphrase(…)`).
#[derive(Clone)]
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// A passphrase as typed; an empty one is refused (a field error naming `passphrase`).
    pub fn new(text: String) -> Result<Passphrase> {
        let text = Zeroizing::new(text);
        if text.is_empty() {
            return Err(Error::field(
                "passphrase",
                crate::problem::Problem::EmptyPassphrase,
            ));
        }
        Ok(Passphrase(text))
    }

    /// A passphrase read from a file: one trailing line break (`\n` or `\r\n`) is not part
    /// of it; anything else, other spaces included, is.
    pub fn from_file_contents(contents: String) -> Result<Passphrase> {
        let mut text = secret_of_file(contents);
        Passphrase::new(std::mem::take(&mut *text))
    }

    fn bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// What kind of database file a path holds, as far as its first bytes tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Encryption {
    /// No file, or an empty one: opening creates a new database.
    Missing,
    /// An SQLite file that is not encrypted (the `SQLite format 3` header).
    Plain,
    /// A file without the SQLite header, the size of whole pages: an SQLCipher database —
    /// or a damaged one, which its first bytes alone cannot tell apart. With a passphrase,
    /// a file that does not open is "a wrong passphrase, or damaged"
    /// ([`Error::WrongPassphrase`]); without one it is "encrypted: a passphrase is needed"
    /// ([`Error::PassphraseNeeded`]).
    Encrypted,
}

/// What the file at `path` is, from its first bytes and its size, without opening it
/// through SQLite (nothing is written). A folder, a file whose size is not whole pages of
/// 512 bytes (every SQLite page size is a multiple of 512), or one whose first page does
/// not look like ciphertext (text, say) is not a database ([`Error::NotADatabase`]); a
/// header wiped to zeros is damage ([`Error::Damaged`]).
pub fn encryption_of(path: &Path) -> Result<Encryption> {
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
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return match path.parent().filter(|d| !d.as_os_str().is_empty()) {
                Some(dir) if !dir.is_dir() => Err(cannot(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("the folder {} does not exist", dir.display()),
                ))),
                _ => Ok(Encryption::Missing),
            };
        }
        Err(e) => return Err(cannot(e)),
    };
    let size = file.metadata().map_err(cannot)?.len();
    let mut head = Vec::with_capacity(4096);
    file.take(4096).read_to_end(&mut head).map_err(cannot)?;
    if head.is_empty() {
        return Ok(Encryption::Missing);
    }
    if head.starts_with(SQLITE_HEADER) {
        return Ok(Encryption::Plain);
    }
    if head.len() >= 100 && head[..100].iter().all(|&b| b == 0) {
        return Err(Error::Damaged {
            path: path.to_owned(),
            report: "its first page has been wiped (the SQLite header is all zeros)".into(),
        });
    }
    if size % 512 != 0 || !looks_random(&head) {
        return Err(Error::NotADatabase {
            path: path.to_owned(),
            why: "it is not an SQLite file (its header is wrong) nor an encrypted one (its size is not whole pages)".into(),
        });
    }
    Ok(Encryption::Encrypted)
}

/// True when `page` (the first bytes of a file, 512 at least) could be SQLCipher's: a
/// random salt then ciphertext, in which nearly every byte value occurs (random 512 bytes
/// hold about 220 distinct values, English text under 70).
fn looks_random(page: &[u8]) -> bool {
    let mut seen = [false; 256];
    for &b in page {
        seen[usize::from(b)] = true;
    }
    page.len() >= 512 && seen.iter().filter(|&&s| s).count() >= 128
}

/// The key of one encrypted file (or of files made from it: its backups): the
/// passphrase's derived raw key and the file's salt, as SQLCipher's raw key literal
/// `x'<key><salt>'`. Wiped when dropped; never shown.
#[derive(Clone)]
pub(crate) struct Key(Zeroizing<String>);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

impl Key {
    /// The raw key SQLCipher derives from `passphrase` and `salt` (done here once, so that
    /// each connection does not derive it again).
    pub(crate) fn derive(passphrase: &Passphrase, salt: &[u8; SALT_LEN]) -> Key {
        let mut raw = Zeroizing::new([0u8; 32]);
        counterpart_kdf::pbkdf2_sha512(passphrase.bytes(), salt, KDF_ITER, &mut *raw);
        let mut spec = Zeroizing::new(String::with_capacity(3 + 2 * (32 + SALT_LEN)));
        spec.push_str("x'");
        for b in raw.iter().chain(salt.iter()) {
            spec.push(char::from(HEX[usize::from(b >> 4)]));
            spec.push(char::from(HEX[usize::from(b & 0xf)]));
        }
        spec.push('\'');
        Key(spec)
    }

    /// The key for a new encrypted file: a fresh random salt.
    pub(crate) fn fresh(passphrase: &Passphrase) -> Result<Key> {
        let mut salt = [0u8; SALT_LEN];
        getrandom::fill(&mut salt)
            .map_err(|e| Error::Io(std::io::Error::other(format!("no random salt: {e}"))))?;
        Ok(Key::derive(passphrase, &salt))
    }

    /// The key of the existing encrypted file at `path` (its salt is its first 16 bytes).
    pub(crate) fn of_file(passphrase: &Passphrase, path: &Path) -> Result<Key> {
        let mut salt = [0u8; SALT_LEN];
        std::fs::File::open(path)
            .and_then(|mut f| f.read_exact(&mut salt))
            .map_err(|e| {
                Error::Io(std::io::Error::new(
                    e.kind(),
                    format!("cannot read {}: {e}", path.display()),
                ))
            })?;
        Ok(Key::derive(passphrase, &salt))
    }

    /// The literal for `PRAGMA key` and `ATTACH … KEY`.
    pub(crate) fn literal(&self) -> &str {
        &self.0
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Keys a new connection: `PRAGMA key` must be the first statement on it, then the page
/// size ([`CIPHER_PAGE_SIZE`]). No key: a plain database.
pub(crate) fn key_connection(conn: &Connection, key: Option<&Key>) -> rusqlite::Result<()> {
    if let Some(key) = key {
        let sql = Zeroizing::new(format!(
            "PRAGMA key = \"{}\"; PRAGMA cipher_page_size = {CIPHER_PAGE_SIZE};",
            key.literal()
        ));
        conn.execute_batch(&sql)?;
    }
    Ok(())
}

/// Opens a connection to `path` with `flags`, keyed first ([`key_connection`]).
pub(crate) fn connect(
    path: &Path,
    flags: OpenFlags,
    key: Option<&Key>,
) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    key_connection(&conn, key)?;
    Ok(conn)
}

/// Gives a connection that checks a whole database (`quick_check`, `integrity_check`) the
/// page cache of the database's own connections, 64 MB (SQLite's default is 2 MB): a check
/// reads pages again and again, and each read of an encrypted page that is not in the
/// cache is decrypted and authenticated again — a checked backup of 100,000 items took 8.8
/// times as long as the plain one with the default cache, 1.5 times with this one. Call it
/// after the connection's first read (setting it reads the schema: with a wrong key that
/// read fails, and must be told as such).
pub(crate) fn large_cache(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "cache_size", -65536)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_passphrase_is_refused_naming_the_field() {
        let err = Passphrase::new(String::new()).unwrap_err();
        assert!(
            matches!(&err, Error::Invalid(f) if f[0].field == "passphrase"),
            "{err}"
        );
        assert!(Passphrase::from_file_contents("\n".into()).is_err());
        assert!(Passphrase::from_file_contents("\r\n".into()).is_err());
    }

    #[test]
    fn one_trailing_line_break_of_a_file_is_not_part_of_the_secret() {
        let p = |s: &str| Passphrase::from_file_contents(s.into()).unwrap();
        assert_eq!(p("secret\n").bytes(), b"secret");
        assert_eq!(p("secret\r\n").bytes(), b"secret");
        assert_eq!(p("secret\n\n").bytes(), b"secret\n");
        assert_eq!(p("secret").bytes(), b"secret");
        assert_eq!(p(" secret \n").bytes(), b" secret ");
        assert_eq!(p("secret\r").bytes(), b"secret\r");
    }

    #[test]
    fn debug_shows_nothing_secret() {
        let p = Passphrase::new("hunter2".into()).unwrap();
        assert_eq!(format!("{p:?}"), "Passphrase(…)");
        let k = Key::derive(&p, &[7; SALT_LEN]);
        assert_eq!(format!("{k:?}"), "Key(…)");
    }

    #[test]
    fn the_derived_key_is_the_one_sqlcipher_derives() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.sqlite3");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA key = 'correct horse'; PRAGMA cipher_page_size = 16384;
             CREATE TABLE t(x); INSERT INTO t VALUES (42);",
        )
        .unwrap();
        drop(conn);
        assert_eq!(encryption_of(&path).unwrap(), Encryption::Encrypted);
        let pass = Passphrase::new("correct horse".into()).unwrap();
        let key = Key::of_file(&pass, &path).unwrap();
        let conn = connect(&path, OpenFlags::SQLITE_OPEN_READ_ONLY, Some(&key)).unwrap();
        let x: i64 = conn.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(x, 42);
        let wrong = Key::of_file(&Passphrase::new("wrong".into()).unwrap(), &path).unwrap();
        let conn = connect(&path, OpenFlags::SQLITE_OPEN_READ_ONLY, Some(&wrong)).unwrap();
        assert!(conn
            .query_row("SELECT x FROM t", [], |r| r.get::<_, i64>(0))
            .is_err());
    }

    #[test]
    fn what_a_file_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.sqlite3");
        assert_eq!(encryption_of(&path).unwrap(), Encryption::Missing);
        std::fs::write(&path, b"").unwrap();
        assert_eq!(encryption_of(&path).unwrap(), Encryption::Missing);
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE t(x)")
            .unwrap();
        assert_eq!(encryption_of(&path).unwrap(), Encryption::Plain);
        std::fs::write(&path, "notes\n".repeat(100)).unwrap();
        assert!(matches!(
            encryption_of(&path),
            Err(Error::NotADatabase { .. })
        ));
        let text = "This is my thesis, not a database.\n".repeat(120);
        std::fs::write(&path, &text.as_bytes()[..4096]).unwrap();
        assert!(
            matches!(encryption_of(&path), Err(Error::NotADatabase { .. })),
            "text of whole pages is not ciphertext"
        );
        std::fs::write(&path, [0u8; 4096]).unwrap();
        assert!(matches!(encryption_of(&path), Err(Error::Damaged { .. })));
        assert!(matches!(
            encryption_of(dir.path()),
            Err(Error::NotADatabase { .. })
        ));
    }
}
