//! The one managed state: the open database, the settings, and the clock's edge.

use chrono::{DateTime, NaiveDate, Utc};
use counterpart_core::db::{Db, Encryption, Reader};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Instant;

use crate::error::ApiError;
use crate::keychain::Keychain;
use crate::settings::Settings;

/// The database the window works on, or why it could not be opened (the window then says
/// so and offers to open another file; nothing is written to a file that failed to open).
pub enum Database {
    /// Boxed: a `Db` (two connections, the key) is several times the other variants.
    Open(Box<Db>),
    /// Could not be opened and was left as it is (a newer schema, another program's file,
    /// a folder that cannot be read…).
    Failed {
        path: PathBuf,
        message: String,
        /// `message` in Chinese.
        message_zh: String,
    },
    /// Was damaged: it has been moved aside to `moved_to`, untouched, and the window offers
    /// to restore the newest good backup or to start an empty database at `path`.
    Damaged {
        path: PathBuf,
        moved_to: PathBuf,
        message: String,
    },
    /// There is no database at `path` yet (the first start): the window offers to encrypt
    /// it, then creates it (`commands::protection::create_database`).
    New { path: PathBuf },
    /// The database is encrypted and its passphrase was not kept in the keychain (or the
    /// kept one no longer opens it, as `note` says): the window asks for it
    /// (`commands::protection::unlock_database`). Nothing has been written to it.
    Locked { path: PathBuf, note: Option<String> },
}

/// What the unlock screen says when the passphrase kept in the keychain does not open the
/// database (it was changed elsewhere, e.g. with `counterpart rekey`).
pub const KEPT_PASSPHRASE_FAILS: &str =
    "The passphrase kept in the system keychain does not open this database (was it changed elsewhere?).";

impl Database {
    /// Opens the database at `path`. A damaged one (SQLite's `quick_check` fails, or SQLite
    /// cannot read it) is never written to: it is moved aside as `<name>.damaged` with its
    /// `-wal` and `-shm`, and the state says where.
    pub fn open(path: &Path, now: DateTime<Utc>) -> Database {
        Database::opened(path, Db::open(path, now), now)
    }

    /// The database at `path` as the app finds it at start: none yet ([`Database::New`]);
    /// encrypted, opened with the passphrase kept in the keychain, or [`Database::Locked`]
    /// when none is kept (or the keychain cannot be used, or the kept one is wrong);
    /// otherwise as [`Database::open`] opens it.
    pub fn start(path: &Path, keychain: &Keychain, now: DateTime<Utc>) -> Database {
        match counterpart_core::db::encryption_of(path) {
            Ok(Encryption::Missing) => Database::New {
                path: path.to_owned(),
            },
            Ok(Encryption::Encrypted) => match Database::unlock(path, keychain, now) {
                Ok(db) => db,
                Err(e) => Database::opened(path, Err(e), now),
            },
            Ok(Encryption::Plain) => Database::open(path, now),
            Err(e) => Database::opened(path, Err(e), now),
        }
    }

    /// The encrypted database at `path` opened with the passphrase kept in the keychain,
    /// or [`Database::Locked`] when none is kept, the keychain cannot be used, or the kept
    /// one does not open it; the error when it cannot be opened for another reason.
    pub fn unlock(
        path: &Path,
        keychain: &Keychain,
        now: DateTime<Utc>,
    ) -> counterpart_core::Result<Database> {
        let locked = |note: Option<&str>| Database::Locked {
            path: path.to_owned(),
            note: note.map(str::to_owned),
        };
        // A keychain that cannot be used is no error here: the window asks for the
        // passphrase, and says why the keychain did not help.
        let Ok(Some(kept)) = keychain.read(path) else {
            return Ok(locked(None));
        };
        match Db::open_keyed(path, Some(&kept), now) {
            Ok(db) => {
                keychain.remember(path, &kept);
                Ok(Database::Open(Box::new(db)))
            }
            Err(counterpart_core::Error::WrongPassphrase { .. }) => {
                Ok(locked(Some(KEPT_PASSPHRASE_FAILS)))
            }
            Err(e) => Err(e),
        }
    }

    /// The state after trying to open `path`: open, or damaged (moved aside), or failed.
    pub fn opened(
        path: &Path,
        opened: counterpart_core::Result<Db>,
        now: DateTime<Utc>,
    ) -> Database {
        match opened {
            Ok(db) => Database::Open(Box::new(db)),
            Err(counterpart_core::Error::Damaged { report, .. }) => {
                match counterpart_core::db::backup::move_aside_damaged(path, now) {
                    Ok(moved_to) => Database::Damaged {
                        path: path.to_owned(),
                        moved_to,
                        message: report,
                    },
                    Err(e) => Database::Failed {
                        path: path.to_owned(),
                        message: format!(
                            "it is damaged ({report}), and it could not be moved aside: {e}"
                        ),
                        message_zh: format!("文件已损坏（{report}），且无法移开：{e}"),
                    },
                }
            }
            Err(e) => Database::failed(path.to_owned(), &e),
        }
    }

    /// A database that could not be opened, with the core's reason in both languages.
    pub fn failed(path: PathBuf, e: &counterpart_core::Error) -> Database {
        Database::Failed {
            path,
            message: e.to_string(),
            message_zh: e.message_zh(),
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            Database::Open(db) => db.path(),
            Database::Failed { path, .. }
            | Database::Damaged { path, .. }
            | Database::New { path }
            | Database::Locked { path, .. } => path,
        }
    }
}

pub struct AppState {
    /// Shared with the blocking tasks that do the database work off the main thread.
    pub db: Arc<Mutex<Database>>,
    /// A read connection of its own (WAL), so that a long write — a backup, an import, a
    /// brief being recorded — never holds up the list; opened on first use, and dropped
    /// ([`forget_reader`]) whenever the database is replaced.
    pub reads: Arc<Mutex<Option<Reader>>>,
    pub settings: Mutex<Settings>,
    /// `--today` / `COUNTERPART_TODAY`: the date every figure is counted to.
    pub today: Option<NaiveDate>,
    /// When the window last asked for database work: the daily backup waits until the
    /// user has been idle for a few minutes ([`crate::backups`]).
    pub last_command: Arc<Mutex<Instant>>,
    /// `--dialog-answer` / `COUNTERPART_DIALOG_ANSWER`: every file dialog answers with this
    /// path instead of showing itself (end-to-end tests).
    pub dialog_answer: Option<PathBuf>,
    /// `--print-answer`: the print dialog answers printed (`true`) or cancelled at once
    /// (end-to-end tests).
    pub print_answer: Option<bool>,
    /// The fonts of PDF briefs, loaded at the first PDF and kept.
    pub brief_fonts: OnceLock<Arc<counterpart_brief::pdf::Fonts>>,
    /// Team mode's sync engine ([`crate::team`]), nudged after every database command.
    pub team: Arc<crate::team::Engine>,
    /// The files dropped on the window, and the copies of attachments opened.
    pub attachments: Arc<crate::attachments::Files>,
    /// What the check of every page in the background found wrong ([`crate::page_check`]).
    pub pages_damaged: crate::page_check::Found,
    /// Whether the window's first screen is up: the start's background work waits for it.
    pub first_screen: crate::first_screen::FirstScreen,
}

impl AppState {
    /// Today, as pinned or from the local clock.
    pub fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    pub fn user_name(&self) -> Option<String> {
        self.settings.locked().user_name.clone()
    }

    /// The author of the operations a command makes: now, today and the user name.
    pub fn author(&self) -> counterpart_core::op::Author {
        counterpart_core::op::Author::new(self.now(), self.today(), self.user_name())
    }

    /// Runs `f` on the read connection on a blocking thread: it does not wait for a write
    /// in progress (it sees the database as of the last commit). Falls back to the
    /// database itself when no read connection can be opened.
    pub async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&counterpart_core::db::Connection) -> counterpart_core::Result<T>
            + Send
            + 'static,
    ) -> Result<T, ApiError> {
        let (reads, db) = (self.reads.clone(), self.db.clone());
        *self.last_command.locked() = Instant::now();
        tauri::async_runtime::spawn_blocking(move || {
            let mut reader = reads.locked();
            if reader.is_none() {
                let guard = db.locked();
                match &*guard {
                    Database::Open(db) => *reader = db.reader().ok(),
                    other => return Err(unusable(other)),
                }
            }
            match &*reader {
                Some(r) => f(r.conn()).map_err(ApiError::from),
                None => match &*db.locked() {
                    Database::Open(db) => f(db.conn()).map_err(ApiError::from),
                    other => Err(unusable(other)),
                },
            }
        })
        .await
        .map_err(|e| ApiError::internal(format!("the database task failed: {e}")))?
    }

    /// Runs `f` on the database on a blocking thread (never on the window's thread). The
    /// team's engine hears of it: what was written goes to the server soon.
    pub async fn with_db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Db) -> counterpart_core::Result<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        let db = self.db.clone();
        *self.last_command.locked() = Instant::now();
        let done = tauri::async_runtime::spawn_blocking(move || {
            let mut guard = db.locked();
            match &mut *guard {
                Database::Open(db) => f(db).map_err(ApiError::from),
                other => Err(unusable(other)),
            }
        })
        .await
        .map_err(|e| ApiError::internal(format!("the database task failed: {e}")))?;
        if done.is_ok() {
            self.team.nudge();
        }
        done
    }
}

/// Why a database that is not open cannot be used.
fn unusable(db: &Database) -> ApiError {
    match db {
        Database::Open(_) => ApiError::internal("the database is open"),
        Database::Failed {
            path,
            message,
            message_zh,
        } => ApiError::damaged(
            format!("{} cannot be used: {message}", path.display()),
            format!("{} 无法使用：{message_zh}", path.display()),
        ),
        Database::Damaged { moved_to, .. } => ApiError::damaged(
            format!(
                "the database was damaged and has been moved aside to {}; restore a backup or start an empty database",
                moved_to.display()
            ),
            format!(
                "数据库已损坏，已移至 {}；请从备份恢复，或新建空数据库",
                moved_to.display()
            ),
        ),
        Database::New { path } => ApiError::damaged(
            format!("there is no database at {} yet; create it first", path.display()),
            format!("{} 尚无数据库；请先新建", path.display()),
        ),
        Database::Locked { path, .. } => ApiError::damaged(
            format!("{} is encrypted; type its passphrase to open it", path.display()),
            format!("{} 已加密；请输入口令打开", path.display()),
        ),
    }
}

/// A lock that a panic cannot wedge. A panic while the database is held (a bug, caught as
/// a failed command) leaves the database as it was: a write runs in one transaction, rolled
/// back when it unwinds. So the lock's poison says nothing about its data, and keeping it
/// would refuse every later command until the app restarts: it is cleared and the guard
/// taken anyway.
pub trait Locked<T> {
    fn locked(&self) -> MutexGuard<'_, T>;
}

impl<T> Locked<T> for Mutex<T> {
    fn locked(&self) -> MutexGuard<'_, T> {
        self.lock().unwrap_or_else(|poisoned| {
            self.clear_poison();
            poisoned.into_inner()
        })
    }
}

/// Drops the read connection (the database was replaced: the next read opens a new one).
pub fn forget_reader(reads: &Mutex<Option<Reader>>) {
    *reads.locked() = None;
}

/// Closes the database as the app exits: its connections closed (the last one moves the
/// WAL into the file) and the record of a clean close written beside it
/// (`counterpart_core::db::verified`), so that the next start need not read every page
/// before the window opens (1.3 s on 100,000 items). Tauri ends the process without
/// dropping its state, so without this every window's close looked like a crash.
pub fn close_at_exit(db: &Mutex<Database>, reads: &Mutex<Option<Reader>>) {
    forget_reader(reads);
    let mut db = db.locked();
    if let Database::Open(open) = &*db {
        let path = open.path().to_owned();
        let closed = std::mem::replace(
            &mut *db,
            Database::Failed {
                path,
                message: "The database was closed as the app exits.".into(),
                message_zh: "应用退出时数据库已关闭。".into(),
            },
        );
        drop(closed);
    }
}

#[cfg(test)]
mod close_tests {
    use super::*;

    #[test]
    fn the_database_closed_at_exit_is_trusted_at_the_next_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.sqlite3");
        let now = Utc::now();
        drop(Db::open(&path, now).unwrap());
        std::fs::remove_file(counterpart_core::db::verified::record_path(&path)).unwrap();
        // Opened as after a crash (no record): every page read, then a write.
        let db = Mutex::new(Database::open(&path, now));
        let reads = Mutex::new(match &*db.locked() {
            Database::Open(d) => d.reader().ok(),
            _ => None,
        });
        assert!(reads.locked().is_some());
        close_at_exit(&db, &reads);
        assert!(matches!(&*db.locked(), Database::Failed { .. }));
        assert!(reads.locked().is_none());
        assert!(
            counterpart_core::db::verified::still_checked(&path, now).is_some(),
            "the next start trusts it"
        );
    }
}
