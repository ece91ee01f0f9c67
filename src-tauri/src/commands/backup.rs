//! Backups and recovery: "Back up now", the list of backups, "Restore…", and the two ways
//! out of the recovery screen (restore the newest good backup, or start an empty
//! database). The work (copying, checking) runs on blocking threads; the window stays
//! usable.

use chrono::{DateTime, Utc};
use counterpart_core::backup::Reason;
use counterpart_core::db::backup::{self, BackupFile, Verified};
use counterpart_core::db::{Db, Passphrase, Reader};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

use crate::commands::app::{info, AppInfo};
use crate::dialogs;
use crate::error::ApiError;
use crate::keychain::Keychain;
use crate::state::{AppState, Database, Locked};
use counterpart_core::problem::Problem;

/// A backup as the window lists it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BackupInfo {
    pub path: String,
    pub file_name: String,
    /// When it was made, `YYYY-MM-DD HH:MM:SS` in UTC.
    pub made_at: String,
    pub reason: Reason,
    /// How many items it holds, when it has been checked.
    pub items: Option<i32>,
}

impl BackupInfo {
    fn new(b: &BackupFile, checked: Option<&Verified>) -> BackupInfo {
        BackupInfo {
            path: b.path.display().to_string(),
            file_name: b
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            made_at: b.name.at.format("%Y-%m-%d %H:%M:%S").to_string(),
            reason: b.name.reason,
            items: checked.map(|v| i32::try_from(v.items).unwrap_or(i32::MAX)),
        }
    }
}

/// What the recovery screen shows: what happened, where the damaged file is now, and the
/// newest backup that passed its check (if any).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Recovery {
    pub db_path: String,
    pub moved_to: String,
    /// SQLite's words for what is wrong.
    pub report: String,
    pub backup: Option<BackupInfo>,
}

/// The recovery facts when the database was found damaged (slow: checks backups).
pub fn recovery(
    path: &Path,
    moved_to: &Path,
    report: &str,
    passphrase: Option<&Passphrase>,
) -> Recovery {
    let backup = backup::newest_good_keyed(path, passphrase)
        .ok()
        .flatten()
        .map(|(b, v)| BackupInfo::new(&b, Some(&v)));
    Recovery {
        db_path: path.display().to_string(),
        moved_to: moved_to.display().to_string(),
        report: report.to_owned(),
        backup,
    }
}

/// The recovery screen's facts, or `None` when the database is not in recovery.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RecoveryState {
    pub recovery: Option<Recovery>,
}

#[tauri::command]
#[specta::specta]
pub async fn recovery_state(
    state: State<'_, AppState>,
    keychain: State<'_, Keychain>,
) -> Result<RecoveryState, ApiError> {
    let (db, keychain) = (Arc::clone(&state.db), keychain.inner().clone());
    let recovery = tauri::async_runtime::spawn_blocking(move || {
        let guard = db.locked();
        match &*guard {
            // An encrypted database's backups are checked with its passphrase.
            Database::Damaged {
                path,
                moved_to,
                message,
            } => Some(recovery(
                path,
                moved_to,
                message,
                keychain.passphrase(path).as_ref(),
            )),
            _ => None,
        }
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(RecoveryState { recovery })
}

/// A checked backup of the open database into its backups folder, now.
#[tauri::command]
#[specta::specta]
pub async fn backup_now(
    state: State<'_, AppState>,
    keychain: State<'_, Keychain>,
) -> Result<BackupInfo, ApiError> {
    let (now, keychain) = (state.now(), keychain.inner().clone());
    state
        .with_db(move |db| {
            let made = db.backup_now(Reason::Manual, now)?;
            // An encrypted database's backup is encrypted with its key: checked with it.
            let checked =
                backup::verify_keyed(&made.path, keychain.passphrase(db.path()).as_ref())?;
            Ok(BackupInfo::new(&made, Some(&checked)))
        })
        .await
}

/// The backups of the database (open or in recovery), newest first, not yet checked.
#[tauri::command]
#[specta::specta]
pub async fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupInfo>, ApiError> {
    let db = Arc::clone(&state.db);
    tauri::async_runtime::spawn_blocking(move || {
        let path = db.locked().path().to_owned();
        let found = backup::list(&path)?;
        Ok(found.iter().map(|b| BackupInfo::new(b, None)).collect())
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))?
}

/// Puts back one of the backups of the backups folder (`path` must be one of those
/// [`list_backups`] gives). The backup is checked first; the current database is kept
/// aside; the restored one is opened. Returns the app's facts and where the old file went.
#[tauri::command]
#[specta::specta]
pub async fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> Result<Restored, ApiError> {
    let db = Arc::clone(&state.db);
    let listed = tauri::async_runtime::spawn_blocking(move || {
        let current = db.locked().path().to_owned();
        Ok::<_, ApiError>(
            backup::list(&current)?
                .into_iter()
                .any(|b| b.path == Path::new(&path))
                .then(|| PathBuf::from(&path)),
        )
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))??;
    let Some(from) = listed else {
        return Err(counterpart_core::Error::field("backup", Problem::NotABackup).into());
    };
    restore_from(&app, &state, from).await
}

/// Shows the Open dialog (from Rust) and restores the chosen file; `None` if cancelled.
#[tauri::command]
#[specta::specta]
pub async fn restore_from_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<Restored>, ApiError> {
    let asked = dialogs::Ask {
        title: dialogs::words(
            "Restore a Counterpart backup",
            "从备份恢复 Counterpart 数据库",
        ),
        filter: (dialogs::DATABASE, &["sqlite3", "sqlite", "db"]),
        save_as: None,
    };
    let Some(from) = dialogs::ask(&app, asked).await? else {
        return Ok(None);
    };
    restore_from(&app, &state, from).await.map(Some)
}

/// What a restore did.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Restored {
    pub info: AppInfo,
    /// Where the database that was replaced now is (none when there was none, as after
    /// a damaged one was moved aside).
    pub kept_aside: Option<String>,
    #[specta(type = i32)]
    pub items: i64,
}

async fn restore_from<R: Runtime>(
    app: &AppHandle<R>,
    state: &State<'_, AppState>,
    from: PathBuf,
) -> Result<Restored, ApiError> {
    let (db, reads) = (Arc::clone(&state.db), Arc::clone(&state.reads));
    let now = state.now();
    let keychain = app.state::<Keychain>().inner().clone();
    let done = tauri::async_runtime::spawn_blocking(move || {
        restore_blocking(&db, &reads, &from, &keychain, now)
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))??;
    let _ = app.emit("db-changed", ());
    Ok(Restored {
        info: info(state),
        kept_aside: done.kept_aside.map(|p| p.display().to_string()),
        items: done.verified.items,
    })
}

/// The restore itself, under the database lock: through the core's
/// [`backup::restore`], which writes the backup *into* the live file (every connection
/// open on it, the window's own and other programs', sees the restored content). The
/// database is then opened again, so that a backup of an older schema is upgraded and
/// checked, and the read connection is dropped to be opened afresh.
///
/// An encrypted database (or backup) is restored with the passphrase that opened the
/// database in this run, or the one kept in the keychain (the same one opens its
/// backups), and opened again with it.
pub fn restore_blocking(
    db: &Mutex<Database>,
    reads: &Mutex<Option<Reader>>,
    from: &Path,
    keychain: &Keychain,
    now: DateTime<Utc>,
) -> Result<backup::Restored, ApiError> {
    let mut guard = db.locked();
    let path = guard.path().to_owned();
    let passphrase = keychain.passphrase(&path);
    let restored = backup::restore_keyed(&path, from, passphrase.as_ref(), now)?;
    *guard = Database::opened(&path, Db::open_keyed(&path, passphrase.as_ref(), now), now);
    crate::state::forget_reader(reads);
    match &*guard {
        Database::Failed {
            message,
            message_zh,
            ..
        } => return Err(ApiError::damaged(message, message_zh)),
        Database::Damaged { message, .. } => {
            return Err(ApiError::damaged(message, format!("文件已损坏：{message}")))
        }
        _ => {}
    }
    Ok(restored)
}

/// Leaves the recovery screen for a new, empty database where the damaged one was (the
/// damaged file stays where it was moved): the window offers to encrypt it, as at the
/// first start, and creates it (`create_database`).
#[tauri::command]
#[specta::specta]
pub async fn start_empty_database<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<AppInfo, ApiError> {
    {
        let mut guard = state.db.locked();
        let Database::Damaged { path, .. } = &*guard else {
            return Err(ApiError::internal(
                "there is no damaged database to replace",
            ));
        };
        *guard = Database::New { path: path.clone() };
    }
    crate::state::forget_reader(&state.reads);
    let _ = app.emit("db-changed", ());
    Ok(info(&state))
}

#[cfg(test)]
mod tests {
    use super::*;
    use counterpart_core::db::Db;

    fn add(db: &mut Db, reference: &str) {
        let csv = format!("kind,reference,title,counterpart\nextradition,{reference},T,MPS\n");
        let author = counterpart_core::op::Author::new(Utc::now(), Utc::now().date_naive(), None);
        counterpart_core::import::import_csv(db, csv.as_bytes(), &author, false).unwrap();
    }

    fn count(conn: &counterpart_core::db::Connection) -> i64 {
        let every = counterpart_core::db::list::ListQuery::default();
        counterpart_core::db::list::count(conn, &every, Utc::now().date_naive()).unwrap() as i64
    }

    /// The window's restore writes into the live file: a read connection opened before
    /// (a read task in flight) sees the restored content, the state's reader is dropped,
    /// and the database is open again on the restored content.
    #[test]
    fn the_windows_restore_is_seen_by_its_read_connections() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.sqlite3");
        let copy = dir.path().join("copy.sqlite3");
        let now = Utc::now();
        let db = Mutex::new(Database::open(&path, now));
        let (held, reads) = {
            let mut guard = db.lock().unwrap();
            let Database::Open(open) = &mut *guard else {
                panic!("opened")
            };
            add(open, "EXT-1");
            open.backup_to(&copy, false).unwrap();
            add(open, "EXT-2");
            (
                open.reader().unwrap(),
                Mutex::new(Some(open.reader().unwrap())),
            )
        };
        assert_eq!(count(held.conn()), 2);
        let keychain = Keychain::with_store(crate::keychain::MemoryStore::default());
        let done = restore_blocking(&db, &reads, &copy, &keychain, now).unwrap();
        assert_eq!(done.verified.items, 1);
        assert!(done.kept_aside.is_some());
        assert!(
            reads.lock().unwrap().is_none(),
            "the reader is opened afresh"
        );
        assert_eq!(
            count(held.conn()),
            1,
            "a reader open before sees the restore"
        );
        let Database::Open(open) = &*db.lock().unwrap() else {
            panic!("open again")
        };
        assert_eq!(count(open.conn()), 1);
    }
}
