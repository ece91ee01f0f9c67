//! The application: what is open, who is working, opening another database.

use counterpart_core::db::{Db, Encryption};
use counterpart_core::reminders::NotificationDetail;
use serde::Serialize;
use std::sync::Arc;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

use crate::dialogs;
use crate::error::ApiError;
use crate::keychain::Keychain;
use crate::settings::Language;
use crate::state::{AppState, Database, Locked};

/// What the window shows about the application.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppInfo {
    pub db_path: String,
    /// Why the database could not be opened, if it could not (and was left as it is).
    pub db_error: Option<String>,
    /// `db_error` in Chinese.
    pub db_error_zh: Option<String>,
    /// The database was damaged and moved aside: the window shows the recovery screen
    /// (`recovery_state` has the facts).
    pub recovering: bool,
    /// There is no database yet (the first start): the window offers to encrypt it and
    /// creates it (`protection_state`, `create_database`).
    pub creating: bool,
    /// The database is encrypted and its passphrase is needed (`unlock_database`).
    pub locked: bool,
    /// The database is encrypted (SQLCipher).
    pub encrypted: bool,
    /// What the check of every page in the background found wrong (SQLite's words), if
    /// anything: the window says so and offers the backups (`crate::page_check`).
    pub pages_damaged: Option<String>,
    #[specta(type = i32)]
    pub schema_version: i64,
    pub user_name: Option<String>,
    /// What reminder notifications show.
    pub notification_detail: NotificationDetail,
    /// The window's language (kept in the user's settings).
    pub language: Language,
    /// The date figures are counted to (`YYYY-MM-DD`).
    pub today: String,
    pub version: String,
}

/// The app's facts from the state.
pub fn info(state: &AppState) -> AppInfo {
    let (db_path, db_error, db_error_zh, gate, pages_damaged) = {
        let db = state.db.locked();
        let (error, error_zh) = match &*db {
            Database::Failed {
                message,
                message_zh,
                ..
            } => (Some(message.clone()), Some(message_zh.clone())),
            _ => (None, None),
        };
        (
            db.path().display().to_string(),
            error,
            error_zh,
            Gate::of(&db),
            crate::page_check::found_in(state, db.path()),
        )
    };
    let (notification_detail, language) = {
        let s = state.settings.locked();
        (s.notifications, s.language)
    };
    AppInfo {
        db_path,
        db_error,
        db_error_zh,
        recovering: gate.recovering,
        creating: gate.creating,
        locked: gate.locked,
        encrypted: gate.encrypted,
        pages_damaged,
        schema_version: counterpart_core::db::schema_version(),
        user_name: state.user_name(),
        notification_detail,
        language,
        today: state.today().to_string(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    }
}

/// Which screen stands in for the views, and whether the database is encrypted.
#[derive(Default)]
struct Gate {
    recovering: bool,
    creating: bool,
    locked: bool,
    encrypted: bool,
}

impl Gate {
    fn of(db: &Database) -> Gate {
        Gate {
            recovering: matches!(db, Database::Damaged { .. }),
            creating: matches!(db, Database::New { .. }),
            locked: matches!(db, Database::Locked { .. }),
            encrypted: crate::commands::protection::is_encrypted(db),
        }
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
    change_settings(&state, |s| s.user_name = name)
}

/// Sets what reminder notifications show (kept in the user's settings).
#[tauri::command]
#[specta::specta]
pub async fn set_notification_detail(
    state: State<'_, AppState>,
    detail: NotificationDetail,
) -> Result<AppInfo, ApiError> {
    change_settings(&state, |s| s.notifications = detail)
}

/// Sets the window's language (kept in the user's settings).
#[tauri::command]
#[specta::specta]
pub async fn set_language(
    state: State<'_, AppState>,
    language: Language,
) -> Result<AppInfo, ApiError> {
    change_settings(&state, |s| s.language = language)
}

/// Changes the user's settings with `change`, saves them, and returns the app's facts.
fn change_settings(
    state: &AppState,
    change: impl FnOnce(&mut crate::settings::Settings),
) -> Result<AppInfo, ApiError> {
    {
        let mut s = state.settings.locked();
        change(&mut s);
        s.save()
            .map_err(|e| ApiError::internal(format!("the settings could not be saved: {e}")))?;
    }
    Ok(info(state))
}

/// Quits the app (Ctrl+Q, or ⌘Q), as closing its window does: the daily backup if one is
/// due, then the database closed cleanly, its record of a clean close written
/// (`RunEvent::ExitRequested` and `RunEvent::Exit`, in lib.rs), so that the next start
/// need not read every page. (A window closed by WebDriver takes the process with it
/// without either event: the tests and the benchmark quit this way, as a user may.)
#[tauri::command]
#[specta::specta]
pub fn quit<R: Runtime>(app: AppHandle<R>) {
    app.exit(0);
}

/// The window's first screen is up (said once, after its first rows are drawn): the
/// start's reminder check and check of every page begin ([`crate::first_screen`]).
#[tauri::command]
#[specta::specta]
pub fn window_shown(state: State<'_, AppState>) {
    state.first_screen.mark();
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
        title: dialogs::words("Open a Counterpart database", "打开 Counterpart 数据库"),
        filter: (dialogs::DATABASE, &["sqlite3", "sqlite", "db"]),
        save_as: None,
    };
    let Some(path) = dialogs::ask(&app, asked).await? else {
        return Ok(None);
    };
    let db = Arc::clone(&state.db);
    let now = state.now();
    let keychain = app.state::<Keychain>().inner().clone();
    // A file the user picked is never moved, even when damaged: it is refused as it is.
    // An encrypted one opens with the passphrase kept for it, or the window asks for it.
    let opened = tauri::async_runtime::spawn_blocking(move || {
        match counterpart_core::db::encryption_of(&path)? {
            Encryption::Encrypted => Database::unlock(&path, &keychain, now),
            _ => Db::open(&path, now).map(|d| Database::Open(Box::new(d))),
        }
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))??;
    let path = opened.path().to_owned();
    *db.locked() = opened;
    crate::state::forget_reader(&state.reads);
    crate::page_check::start(&app);
    {
        let mut s = state.settings.locked();
        s.last_db = Some(path);
        let _ = s.save();
    }
    let _ = app.emit("db-changed", ());
    Ok(Some(info(&state)))
}
