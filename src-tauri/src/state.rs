//! The one managed state: the open database, the settings, and the clock's edge.

use chrono::{DateTime, NaiveDate, Utc};
use counterpart_core::db::Db;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::error::ApiError;
use crate::settings::Settings;

/// The database the window works on, or why it could not be opened (the window then says
/// so and offers to open another file; nothing is written to a file that failed to open).
pub enum Database {
    Open(Db),
    Failed { path: PathBuf, message: String },
}

impl Database {
    pub fn open(path: &Path) -> Database {
        match Db::open(path) {
            Ok(db) => Database::Open(db),
            Err(e) => Database::Failed {
                path: path.to_owned(),
                message: e.to_string(),
            },
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            Database::Open(db) => db.path(),
            Database::Failed { path, .. } => path,
        }
    }
}

pub struct AppState {
    /// Shared with the blocking tasks that do the database work off the main thread.
    pub db: Arc<Mutex<Database>>,
    pub settings: Mutex<Settings>,
    /// `--today` / `COUNTERPART_TODAY`: the date every figure is counted to.
    pub today: Option<NaiveDate>,
    /// `--dialog-answer` / `COUNTERPART_DIALOG_ANSWER`: every file dialog answers with this
    /// path instead of showing itself (end-to-end tests).
    pub dialog_answer: Option<PathBuf>,
    /// The fonts of PDF briefs, loaded at the first PDF and kept.
    pub brief_fonts: OnceLock<Arc<counterpart_brief::pdf::Fonts>>,
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
        self.settings.lock().ok().and_then(|s| s.user_name.clone())
    }

    /// Runs `f` on the database on a blocking thread (never on the window's thread).
    pub async fn with_db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Db) -> counterpart_core::Result<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        let db = self.db.clone();
        tauri::async_runtime::spawn_blocking(move || {
            let mut guard = db.lock().map_err(|_| {
                ApiError::internal(
                    "the database lock was poisoned by an earlier failure; restart Counterpart",
                )
            })?;
            match &mut *guard {
                Database::Open(db) => f(db).map_err(ApiError::from),
                Database::Failed { path, message } => Err(ApiError::damaged(format!(
                    "{} cannot be used: {message}",
                    path.display()
                ))),
            }
        })
        .await
        .map_err(|e| ApiError::internal(format!("the database task failed: {e}")))?
    }
}
