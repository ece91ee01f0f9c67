//! Importing from the window: a CSV or JSON file chosen in the native Open dialog, its
//! preview (the command line's `import --dry-run`: nothing written), then the import (a
//! checked backup first, all or nothing). The same core functions as the command line,
//! on a blocking thread, their progress sent to the window through a channel.

use counterpart_core::import::{self, Preview, Progress};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use crate::dialogs;
use crate::error::ApiError;
use crate::state::AppState;

/// What an import wrote, and the backup made before it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Imported {
    pub items: u32,
    pub events: u32,
    pub backup: String,
}

/// Asks for the file to import (the native Open dialog): its path, or `None` when
/// cancelled. Without a database open to import into (locked, damaged), it says so and
/// asks for no file.
#[tauri::command]
#[specta::specta]
pub async fn choose_import_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<String>, ApiError> {
    state.read(|_| Ok(())).await?;
    let asked = dialogs::Ask {
        title: dialogs::words("Import items", "导入事项"),
        filter: (
            dialogs::words("CSV or JSON export", "CSV 或 JSON 导出文件"),
            &["csv", "json"],
        ),
        save_as: None,
    };
    Ok(dialogs::ask(&app, asked)
        .await?
        .map(|p| p.display().to_string()))
}

/// What importing `path` would do: the counts, the first rows as they will be stored and
/// every problem with its line. Nothing is written.
#[tauri::command]
#[specta::specta]
pub async fn preview_import(
    state: State<'_, AppState>,
    path: String,
    progress: Channel<Progress>,
) -> Result<Preview, ApiError> {
    let author = state.author();
    state
        .with_db(move |db| import::preview(db, path.as_ref(), &author, &mut to_window(progress)))
        .await
}

/// Imports `path`: all of it or, at any bad row, nothing; the database is backed up (and
/// the copy checked) first.
#[tauri::command]
#[specta::specta]
pub async fn run_import(
    state: State<'_, AppState>,
    path: String,
    progress: Channel<Progress>,
) -> Result<Imported, ApiError> {
    let author = state.author();
    let done = state
        .with_db(move |db| {
            import::import_file(db, path.as_ref(), &author, &mut to_window(progress))
        })
        .await?;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(Imported {
        items: count(done.report.items),
        events: count(done.report.events),
        backup: done.backup.display().to_string(),
    })
}

/// The progress callback that sends each report to the window (one gone away hears none).
fn to_window(progress: Channel<Progress>) -> impl FnMut(Progress) {
    move |p| {
        let _ = progress.send(p);
    }
}
