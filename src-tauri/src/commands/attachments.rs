//! Attachments from the window: an item's files listed, added through the native Open
//! dialog or by dropping them on the window, opened with the system's viewer (from an
//! owner-only copy: [`crate::attachments`]) and removed (audited). Each a core call.

use counterpart_core::attachment::Attachment;
use counterpart_core::db::attachments;
use counterpart_core::model::ItemId;
use counterpart_core::op::Change;
use serde::Serialize;
use std::path::PathBuf;
use tauri::{AppHandle, Runtime, State};

use crate::dialogs;
use crate::error::ApiError;
use crate::state::AppState;

/// The item's attachments, in the order they were received.
#[tauri::command]
#[specta::specta]
pub async fn item_attachments(
    state: State<'_, AppState>,
    id: ItemId,
) -> Result<Vec<Attachment>, ApiError> {
    state.read(move |conn| attachments::list(conn, id)).await
}

/// Attaches `paths` to `id`, one operation each, received today; returns the item's
/// attachments as they now stand.
async fn attach_paths(
    state: &AppState,
    id: ItemId,
    paths: Vec<PathBuf>,
) -> Result<Vec<Attachment>, ApiError> {
    let author = state.author();
    state
        .with_db(move |db| {
            for p in &paths {
                db.attach_file(&author, id, p, None, "")?;
            }
            attachments::list(db.conn(), id)
        })
        .await
}

/// Asks for a file (the native Open dialog) and attaches it; `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn attach_chosen_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: ItemId,
) -> Result<Option<Vec<Attachment>>, ApiError> {
    let asked = dialogs::Ask {
        title: dialogs::words("Attach a file", "添加附件"),
        filter: (dialogs::words("All files", "所有文件"), &[]),
        save_as: None,
    };
    let Some(path) = dialogs::ask(&app, asked).await? else {
        return Ok(None);
    };
    attach_paths(&state, id, vec![path]).await.map(Some)
}

/// Attaches the files last dropped on the window (the web view names none itself).
#[tauri::command]
#[specta::specta]
pub async fn attach_dropped_files(
    state: State<'_, AppState>,
    id: ItemId,
) -> Result<Vec<Attachment>, ApiError> {
    let paths = state.attachments.take_dropped();
    attach_paths(&state, id, paths).await
}

/// Takes the attachment off the item (audited); returns the item's attachments.
#[tauri::command]
#[specta::specta]
pub async fn remove_attachment(
    state: State<'_, AppState>,
    id: ItemId,
    sha256: String,
) -> Result<Vec<Attachment>, ApiError> {
    let op = state
        .author()
        .op(Change::RemoveAttachment { item: id, sha256 });
    state
        .with_db(move |db| {
            db.apply(&op)?;
            attachments::list(db.conn(), id)
        })
        .await
}

/// Where the copy of an opened attachment was written.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct OpenedCopy {
    pub path: String,
    /// A viewer was started (never in the end-to-end tests' build).
    pub shown: bool,
}

/// Writes an owner-only copy of the attachment and opens it with the system's viewer.
#[tauri::command]
#[specta::specta]
pub async fn open_attachment(
    state: State<'_, AppState>,
    id: ItemId,
    sha256: String,
) -> Result<OpenedCopy, ApiError> {
    let files = state.attachments.clone();
    let path = state
        .with_db(move |db| files.write_copy(db, id, &sha256))
        .await?;
    let shown = crate::attachments::show(&path)?;
    Ok(OpenedCopy {
        path: path.display().to_string(),
        shown,
    })
}
