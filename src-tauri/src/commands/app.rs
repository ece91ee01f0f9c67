//! The application: what is open, who is working, opening another database.

use counterpart_core::db::Db;
use counterpart_core::reminders::NotificationDetail;
use serde::Serialize;
use std::sync::Arc;
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::dialogs;
use crate::error::ApiError;
use crate::state::{AppState, Database, Locked};

/// What the window shows about the application.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppInfo {
    pub db_path: String,
    /// Why the database could not be opened, if it could not (and was left as it is).
    pub db_error: Option<String>,
    /// The database was damaged and moved aside: the window shows the recovery screen
    /// (`recovery_state` has the facts).
    pub recovering: bool,
    #[specta(type = i32)]
    pub schema_version: i64,
    pub user_name: Option<String>,
    /// What reminder notifications show.
    pub notification_detail: NotificationDetail,
    /// The date figures are counted to (`YYYY-MM-DD`).
    pub today: String,
    pub version: String,
}

/// The app's facts from the state.
pub fn info(state: &AppState) -> AppInfo {
    let (db_path, db_error, recovering) = {
        let db = state.db.locked();
        (
            db.path().display().to_string(),
            match &*db {
                Database::Open(_) | Database::Damaged { .. } => None,
                Database::Failed { message, .. } => Some(message.clone()),
            },
            matches!(&*db, Database::Damaged { .. }),
        )
    };
    AppInfo {
        db_path,
        db_error,
        recovering,
        schema_version: counterpart_core::db::schema_version(),
        user_name: state.user_name(),
        notification_detail: state.settings.locked().notifications,
        today: state.today().to_string(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    }
}

#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, ApiError> {
    Ok(info(&state))
}

/// Sets the name recorded with every change.
#[tauri::command]
#[specta::specta]
pub async fn set_user_name(state: State<'_, AppState>, name: String) -> Result<AppInfo, ApiError> {
    let name = counterpart_core::validate::user_name(&name)?;
    {
        let mut s = state.settings.locked();
        s.user_name = name;
        s.save()
            .map_err(|e| ApiError::internal(format!("the settings could not be saved: {e}")))?;
    }
    Ok(info(&state))
}

/// Sets what reminder notifications show (kept in the user's settings).
#[tauri::command]
#[specta::specta]
pub async fn set_notification_detail(
    state: State<'_, AppState>,
    detail: NotificationDetail,
) -> Result<AppInfo, ApiError> {
    {
        let mut s = state.settings.locked();
        s.notifications = detail;
        s.save()
            .map_err(|e| ApiError::internal(format!("the settings could not be saved: {e}")))?;
    }
    Ok(info(&state))
}

/// Shows the native Open dialog (from here, so the web view needs no file-system or dialog
/// permission) and opens the chosen database. `None` when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn open_database<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<AppInfo>, ApiError> {
    let asked = dialogs::Ask {
        title: "Open a Counterpart database",
        filter: ("Counterpart database", &["sqlite3", "sqlite", "db"]),
        save_as: None,
    };
    let Some(path) = dialogs::ask(&app, asked).await? else {
        return Ok(None);
    };
    let db = Arc::clone(&state.db);
    let now = state.now();
    // A file the user picked is never moved, even when damaged: it is refused as it is.
    let opened = tauri::async_runtime::spawn_blocking(move || Db::open(&path, now))
        .await
        .map_err(|e| ApiError::internal(e.to_string()))??;
    let path = opened.path().to_owned();
    *db.locked() = Database::Open(opened);
    crate::state::forget_reader(&state.reads);
    {
        let mut s = state.settings.locked();
        s.last_db = Some(path);
        let _ = s.save();
    }
    let _ = app.emit("db-changed", ());
    Ok(Some(info(&state)))
}
