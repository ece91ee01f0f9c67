//! The substance registry: its entries (all, or those the PRC has not controlled), adding
//! one and editing one, each an operation of the core.

use counterpart_core::db::apply::Applied;
use counterpart_core::db::substances::{self, SubstanceQuery};
use counterpart_core::form::substance::SubstanceDraft;
use counterpart_core::model::Substance;
use counterpart_core::op::Change;
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

/// The registry's entries by name; with `not_controlled_by_prc`, only those the PRC has
/// not controlled (the core's rule, as `counterpart substance list --not-controlled-by-prc`).
#[tauri::command]
#[specta::specta]
pub async fn substances(
    state: State<'_, AppState>,
    not_controlled_by_prc: bool,
) -> Result<Vec<Substance>, ApiError> {
    let q = SubstanceQuery {
        not_controlled_by_prc,
    };
    state.read(move |conn| substances::list(conn, &q)).await
}

/// Adds a substance to the registry (refused, naming the field, when a value is wrong,
/// e.g. `cas` for a wrong check digit); returns it as stored.
#[tauri::command]
#[specta::specta]
pub async fn add_substance(
    state: State<'_, AppState>,
    input: SubstanceDraft,
) -> Result<Substance, ApiError> {
    apply(&state, input, Change::AddSubstance).await
}

/// Replaces the facts of the registered substance `input.cas` (e.g. the date the PRC
/// controlled it); returns it as stored.
#[tauri::command]
#[specta::specta]
pub async fn edit_substance(
    state: State<'_, AppState>,
    input: SubstanceDraft,
) -> Result<Substance, ApiError> {
    apply(&state, input, Change::EditSubstance).await
}

async fn apply(
    state: &AppState,
    input: SubstanceDraft,
    change: fn(Substance) -> Change,
) -> Result<Substance, ApiError> {
    let author = state.author();
    state
        .with_db(move |db| {
            let op = author.op(change(input.substance()?));
            match db.apply(&op)? {
                Applied::Substance(s) => Ok(s),
                other => unreachable!("a substance's operation answers with it, not {other:?}"),
            }
        })
        .await
}
