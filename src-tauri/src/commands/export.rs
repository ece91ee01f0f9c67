//! Exporting from the window: everything, or the items the list's current filter shows,
//! as CSV or JSON (the command line's `export`, the same core functions), to a file
//! chosen in the native Save dialog.

use counterpart_core::db::list::ListQuery;
use counterpart_core::export::{self, Scope};
use counterpart_core::fsutil;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};

use crate::dialogs;
use crate::error::ApiError;
use crate::state::AppState;

/// The file formats of an export (both import back).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    Json,
}

/// Where an export went and how many items it holds.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Exported {
    pub path: String,
    pub items: u32,
}

/// Asks where to save (the native Save dialog) and writes the export there; `query`:
/// only the items it matches (the list's filter), `None`: every item, archived ones
/// included. Returns `None` when the dialog is cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_items<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    format: ExportFormat,
    query: Option<ListQuery>,
) -> Result<Option<Exported>, ApiError> {
    let (ext, name, kind) = match format {
        ExportFormat::Csv => (
            "csv",
            "counterpart-items.csv",
            dialogs::words("CSV", "CSV 文件"),
        ),
        ExportFormat::Json => (
            "json",
            "counterpart-items.json",
            dialogs::words("JSON", "JSON 文件"),
        ),
    };
    let asked = dialogs::Ask {
        title: dialogs::words("Export items", "导出事项"),
        filter: (kind, if ext == "csv" { &["csv"] } else { &["json"] }),
        save_as: Some(name),
    };
    let Some(path) = dialogs::ask(&app, asked).await? else {
        return Ok(None);
    };
    let path = dialogs::with_extension(path, ext)?;
    let (today, now) = (state.today(), state.now());
    let scope = match query {
        Some(query) => Scope::Matching { query, today },
        None => Scope::All,
    };
    let shown = path.display().to_string();
    let n = state
        .read(move |conn| {
            let db = std::path::PathBuf::from(conn.path().unwrap_or_default());
            fsutil::write_output(&db, &path, |w| match format {
                ExportFormat::Csv => export::export_csv_of(conn, &scope, w),
                ExportFormat::Json => {
                    let n = export::export_json_of(conn, &scope, now, &mut *w)?;
                    writeln!(w)?;
                    Ok(n)
                }
            })
        })
        .await?;
    Ok(Some(Exported {
        path: shown,
        items: u32::try_from(n).unwrap_or(u32::MAX),
    }))
}
