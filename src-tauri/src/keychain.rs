//! The passphrases of encrypted databases, kept in the system keychain when the user asks
//! for it: the Secret Service on Linux (GNOME Keyring, KWallet), the Keychain on macOS, the
//! Credential Manager on Windows (the `keyring` crate). One item per database: service
//! [`SERVICE`], account the database's canonical path ([`account`]).
//!
//! Team mode keeps each team user's password here too ([`Keychain::team_password`]): the
//! same service, account `team:USER@host:port/dbname`
//! (`counterpart_team::connect::keychain_account`), where the command line's `counterpart
//! sync` reads it.
//!
//! A passphrase is never written anywhere else (not the settings, not the database, not a
//! log): errors name the database, never the secret. A keychain that cannot be reached (no
//! Secret Service on the session bus, a locked store) is [`KeychainError::Unavailable`]: the
//! window then says so and asks for the passphrase instead.

use crate::state::Locked;
use counterpart_core::db::Passphrase;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use zeroize::Zeroizing;

/// The keychain's service name of every item Counterpart keeps.
pub const SERVICE: &str = "Counterpart";

/// Why the keychain could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeychainError {
    /// There is no keychain to talk to, or it refused access (locked, no Secret Service).
    #[error("the system keychain cannot be used: {0}")]
    Unavailable(String),
    /// The keychain answered, but the item could not be read or written.
    #[error("the system keychain failed: {0}")]
    Failed(String),
}

/// Where secrets are kept: the system's keychain, or (in tests) memory.
pub trait Store: Send + Sync {
    /// The secret kept for `account`, `None` when there is none.
    fn get(&self, account: &str) -> Result<Option<String>, KeychainError>;
    fn set(&self, account: &str, secret: &str) -> Result<(), KeychainError>;
    /// Removes the secret kept for `account`; `false` when there was none.
    fn delete(&self, account: &str) -> Result<bool, KeychainError>;
}

/// The system keychain, through the `keyring` crate.
pub struct SystemStore;

impl SystemStore {
    fn entry(account: &str) -> Result<keyring::Entry, KeychainError> {
        keyring::Entry::new(SERVICE, account).map_err(from_keyring)
    }
}

impl Store for SystemStore {
    fn get(&self, account: &str) -> Result<Option<String>, KeychainError> {
        match Self::entry(account)?.get_password() {
            Ok(s) => Ok(Some(s)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(from_keyring(e)),
        }
    }

    fn set(&self, account: &str, secret: &str) -> Result<(), KeychainError> {
        Self::entry(account)?
            .set_password(secret)
            .map_err(from_keyring)
    }

    fn delete(&self, account: &str) -> Result<bool, KeychainError> {
        match Self::entry(account)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(from_keyring(e)),
        }
    }
}

/// The keyring crate's error in our terms. Its messages name the platform's failure, never
/// the secret (`BadEncoding`'s bytes are dropped here).
fn from_keyring(e: keyring::Error) -> KeychainError {
    use keyring::Error as K;
    match e {
        K::PlatformFailure(e) | K::NoStorageAccess(e) => KeychainError::Unavailable(e.to_string()),
        K::BadEncoding(_) => KeychainError::Failed("the kept passphrase is not text".into()),
        other => KeychainError::Failed(other.to_string()),
    }
}

/// Secrets in memory: the tests' keychain (and a keychain that is `unavailable` on demand).
#[derive(Default)]
pub struct MemoryStore {
    items: Mutex<HashMap<String, String>>,
    /// When set, every call fails with [`KeychainError::Unavailable`] and this message.
    unavailable: Option<String>,
}

impl MemoryStore {
    /// A keychain that cannot be used: every call fails with `why`.
    pub fn unavailable(why: &str) -> MemoryStore {
        MemoryStore {
            unavailable: Some(why.to_owned()),
            ..Default::default()
        }
    }

    fn check(&self) -> Result<std::sync::MutexGuard<'_, HashMap<String, String>>, KeychainError> {
        if let Some(why) = &self.unavailable {
            return Err(KeychainError::Unavailable(why.clone()));
        }
        Ok(self.items.locked())
    }
}

impl Store for MemoryStore {
    fn get(&self, account: &str) -> Result<Option<String>, KeychainError> {
        Ok(self.check()?.get(account).cloned())
    }

    fn set(&self, account: &str, secret: &str) -> Result<(), KeychainError> {
        self.check()?.insert(account.to_owned(), secret.to_owned());
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<bool, KeychainError> {
        Ok(self.check()?.remove(account).is_some())
    }
}

/// The keychain as the app uses it (a managed state of its own; cheap to clone onto a
/// blocking thread): passphrases by database — those kept in the system's store, and
/// those that opened a database in this run (in memory only, wiped when dropped), which
/// the app needs again to check and restore that database's encrypted backups.
#[derive(Clone)]
pub struct Keychain {
    store: Arc<dyn Store>,
    opened: Arc<Mutex<HashMap<String, Passphrase>>>,
    /// Team passwords typed in this run, by account (in memory only, wiped when dropped):
    /// the sync goes on when the store could not keep one.
    typed: Arc<Mutex<HashMap<String, Zeroizing<String>>>>,
}

impl Keychain {
    /// The system's keychain.
    pub fn system() -> Keychain {
        Keychain::with_store(SystemStore)
    }

    pub fn with_store(store: impl Store + 'static) -> Keychain {
        Keychain {
            store: Arc::new(store),
            opened: Default::default(),
            typed: Default::default(),
        }
    }

    /// Remembers, in memory for this run only, that `passphrase` opened the database at
    /// `db` (typed, or read from the store).
    pub fn remember(&self, db: &Path, passphrase: &Passphrase) {
        self.opened.locked().insert(account(db), passphrase.clone());
    }

    /// The passphrase of the database at `db`: the one that opened it in this run, else
    /// the one kept in the store; `None` when there is neither (or the store cannot be
    /// used).
    pub fn passphrase(&self, db: &Path) -> Option<Passphrase> {
        let opened = self.opened.locked();
        match opened.get(&account(db)) {
            Some(p) => Some(p.clone()),
            None => self.read(db).ok().flatten(),
        }
    }

    /// The passphrase kept for the database at `db`, if any.
    pub fn read(&self, db: &Path) -> Result<Option<Passphrase>, KeychainError> {
        match self.store.get(&account(db))? {
            None => Ok(None),
            Some(s) => Passphrase::new(s).map(Some).map_err(|_| {
                KeychainError::Failed("the kept passphrase is not a valid passphrase".into())
            }),
        }
    }

    /// Keeps `passphrase` (as typed) for the database at `db`, replacing what was kept.
    pub fn keep(&self, db: &Path, passphrase: &str) -> Result<(), KeychainError> {
        self.store.set(&account(db), passphrase)
    }

    /// Forgets the passphrase kept for `db`; `false` when none was kept.
    pub fn forget(&self, db: &Path) -> Result<bool, KeychainError> {
        self.store.delete(&account(db))
    }

    /// The password of the team user `account` (`keychain_account`): the one typed in this
    /// run, else the one kept in the store; `None` when there is neither.
    pub fn team_password(&self, account: &str) -> Result<Option<Zeroizing<String>>, KeychainError> {
        if let Some(typed) = self.typed.locked().get(account) {
            return Ok(Some(typed.clone()));
        }
        Ok(self.store.get(account)?.map(Zeroizing::new))
    }

    /// Remembers `password` for this run and keeps it in the store; the store's error when
    /// it could not keep it (the password is remembered for this run all the same).
    pub fn keep_team_password(&self, account: &str, password: &str) -> Result<(), KeychainError> {
        self.typed
            .locked()
            .insert(account.to_owned(), Zeroizing::new(password.to_owned()));
        self.store.set(account, password)
    }

    /// Forgets the password of `account`, in memory and in the store.
    pub fn forget_team_password(&self, account: &str) -> Result<bool, KeychainError> {
        self.typed.locked().remove(account);
        self.store.delete(account)
    }
}

/// The keychain account of the database at `db`: its canonical path (the same file opened
/// through a symbolic link or a relative path is the same item), or the path as given when
/// it cannot be resolved.
pub fn account(db: &Path) -> String {
    std::fs::canonicalize(db)
        .unwrap_or_else(|_| PathBuf::from(db))
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_reads_and_forgets_by_canonical_path() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.sqlite3");
        std::fs::write(&db, b"x").unwrap();
        let k = Keychain::with_store(MemoryStore::default());
        assert!(k.read(&db).unwrap().is_none());
        k.keep(&db, "correct horse").unwrap();
        let roundabout = dir.path().join(".").join("c.sqlite3");
        assert_eq!(
            k.store.get(&account(&roundabout)).unwrap().as_deref(),
            Some("correct horse")
        );
        assert!(k.read(&roundabout).unwrap().is_some());
        assert!(k.forget(&db).unwrap());
        assert!(!k.forget(&db).unwrap());
        assert!(k.read(&db).unwrap().is_none());
    }

    #[test]
    fn the_passphrase_that_opened_a_database_is_remembered_in_memory_only() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.sqlite3");
        std::fs::write(&db, b"x").unwrap();
        let k = Keychain::with_store(MemoryStore::unavailable("none"));
        assert!(k.passphrase(&db).is_none());
        k.remember(&db, &Passphrase::new("typed".into()).unwrap());
        assert!(k.passphrase(&db).is_some());
        assert!(k.read(&db).is_err(), "the store was not used");
    }

    #[test]
    fn a_team_password_typed_is_used_when_the_store_cannot_keep_it() {
        let k = Keychain::with_store(MemoryStore::unavailable("locked"));
        let account = "team:li@127.0.0.1:5432/team";
        assert!(k.keep_team_password(account, "pw").is_err());
        assert_eq!(
            k.team_password(account)
                .unwrap()
                .as_deref()
                .map(String::as_str),
            Some("pw")
        );
        let _ = k.forget_team_password(account);
        assert!(
            k.team_password(account).is_err(),
            "the store is asked again"
        );
    }

    #[test]
    fn an_unavailable_keychain_says_so() {
        let k = Keychain::with_store(MemoryStore::unavailable("no Secret Service"));
        let e = k.read(Path::new("/nowhere.sqlite3")).unwrap_err();
        assert_eq!(e, KeychainError::Unavailable("no Secret Service".into()));
        assert!(e.to_string().contains("cannot be used"), "{e}");
    }
}

#[cfg(test)]
mod system_tests {
    use super::*;

    /// Run by hand: `DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent cargo test -p
    /// counterpart-desktop unreachable -- --ignored`.
    #[test]
    #[ignore = "needs a session without a keychain (see the comment)"]
    fn an_unreachable_system_keychain_is_unavailable() {
        let e = SystemStore.get("/nowhere.sqlite3").unwrap_err();
        assert!(matches!(e, KeychainError::Unavailable(_)), "{e:?}");
        eprintln!("{e}");
    }
}
