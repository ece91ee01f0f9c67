//! Native file dialogs, shown from Rust so that the web view needs no dialog or
//! file-system permission. They block, so they run on a blocking thread.
//!
//! In a build with the `test-hooks` feature (the end-to-end tests' only), `--dialog-answer
//! PATH` (or `COUNTERPART_DIALOG_ANSWER`) shows no dialog: every one answers PATH at once,
//! so that the tests can save and open files. Builds as shipped have no such path.

use std::path::PathBuf;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};

use crate::error::ApiError;

/// Which dialog, with its title and the file type offered.
pub struct Ask {
    pub title: &'static str,
    pub filter: (&'static str, &'static [&'static str]),
    /// `Some(suggested name)` for a Save dialog, `None` for an Open dialog.
    pub save_as: Option<&'static str>,
}

/// The path the user chose, or `None` when cancelled.
pub async fn ask<R: Runtime>(app: &AppHandle<R>, ask: Ask) -> Result<Option<PathBuf>, ApiError> {
    #[cfg(feature = "test-hooks")]
    if let Some(answer) = tauri::Manager::try_state::<crate::state::AppState>(app)
        .and_then(|s| s.dialog_answer.clone())
    {
        return Ok(Some(answer));
    }
    let dialog = app.dialog().clone();
    let picked = tauri::async_runtime::spawn_blocking(move || {
        let b: FileDialogBuilder<_> = dialog
            .file()
            .set_title(ask.title)
            .add_filter(ask.filter.0, ask.filter.1);
        match ask.save_as {
            Some(name) => b.set_file_name(name).blocking_save_file(),
            None => b.blocking_pick_file(),
        }
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))?;
    picked
        .map(|f| {
            f.into_path()
                .map_err(|e| ApiError::internal(format!("the chosen file has no path: {e}")))
        })
        .transpose()
}

/// Writes through a temporary file in the same folder, synced and renamed into place, so a
/// failure never leaves half a file where a good one was (a brief, a calendar).
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> counterpart_core::Result<()> {
    counterpart_core::fsutil::write_bytes_atomically(path, bytes)
}
