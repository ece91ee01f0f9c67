//! Backups and recovery: "Back up now", the list of backups, "Restore…", and the two ways
//! out of the recovery screen (restore the newest good backup, or start an empty
//! database). The work (copying, checking) runs on blocking threads; the window stays
//! usable.

use counterpart_core::backup::Reason;
use counterpart_core::db::backup::{self, BackupFile, Verified};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

use crate::commands::app::{info, AppInfo};
use crate::dialogs;
use crate::error::ApiError;
use crate::keychain::Keychain;
use crate::state::{AppState, Database};

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
pub fn recovery(path: &Path, moved_to: &Path, report: &str) -> Recovery {
    let backup = backup::newest_good(path)
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
pub async fn recovery_state(state: State<'_, AppState>) -> Result<RecoveryState, ApiError> {
    let db = Arc::clone(&state.db);
    let recovery = tauri::async_runtime::spawn_blocking(move || {
        let guard = db.lock().ok()?;
        match &*guard {
            Database::Damaged {
                path,
                moved_to,
                message,
            } => Some(recovery(path, moved_to, message)),
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
pub async fn backup_now(state: State<'_, AppState>) -> Result<BackupInfo, ApiError> {
    let now = state.now();
    state
        .with_db(move |db| {
            let made = db.backup_now(Reason::Manual, now)?;
            let checked = backup::verify(&made.path)?;
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
        let path = db
            .lock()
            .map_err(|_| ApiError::internal("the database lock was poisoned"))?
            .path()
            .to_owned();
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
        let current = db
            .lock()
            .map_err(|_| ApiError::internal("the database lock was poisoned"))?
            .path()
            .to_owned();
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
        return Err(counterpart_core::Error::field(
            "backup",
            "is not one of this database's backups; choose one from the list",
        )
        .into());
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
        title: "Restore a Counterpart backup",
        filter: ("Counterpart database", &["sqlite3", "sqlite", "db"]),
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
    let db = Arc::clone(&state.db);
    let now = state.now();
    let keychain = app.state::<Keychain>().inner().clone();
    let done = tauri::async_runtime::spawn_blocking(move || {
        let mut guard = db
            .lock()
            .map_err(|_| ApiError::internal("the database lock was poisoned"))?;
        let path = guard.path().to_owned();
        // Checked before the open database is closed: a bad file changes nothing.
        backup::verify(&from)?;
        // Close the database (its WAL is checkpointed) before its file is moved.
        *guard = Database::Failed {
            path: path.clone(),
            message: "a restore is under way".into(),
        };
        let restored = backup::restore(&path, &from, now);
        // An encrypted one opens with the passphrase kept for it, or the window asks.
        *guard = Database::start(&path, &keychain, now);
        let restored = restored?;
        if let Database::Failed { message, .. } = &*guard {
            return Err(ApiError::damaged(message.clone()));
        }
        Ok::<_, ApiError>(restored)
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))??;
    crate::state::forget_reader(&state.reads);
    let _ = app.emit("db-changed", ());
    Ok(Restored {
        info: info(state),
        kept_aside: done.kept_aside.map(|p| p.display().to_string()),
        items: done.verified.items,
    })
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
        let mut guard = state
            .db
            .lock()
            .map_err(|_| ApiError::internal("the database lock was poisoned"))?;
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
