//! Responsiveness: the Stats view's figures per counterpart agency, kind or quarter.

use counterpart_core::db::stats;
use counterpart_core::stats::{GroupBy, GroupStats};
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

/// The figures per group (not archived, transmitted items) as of today.
#[tauri::command]
#[specta::specta]
pub async fn responsiveness(
    state: State<'_, AppState>,
    by: GroupBy,
) -> Result<Vec<GroupStats>, ApiError> {
    let today = state.today();
    state.read(move |conn| stats::stats(conn, by, today)).await
}
