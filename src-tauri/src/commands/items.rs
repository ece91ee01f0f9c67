//! Items: the list, the dashboard, one item, entering and editing, events, links, the
//! history of changes, archiving and erasing.

use counterpart_core::db::apply::Applied;
use counterpart_core::db::items::{self as core_items, ArchivedItem, Erased, ItemView};
use counterpart_core::db::list::{self, Dashboard, ItemPage, ListQuery};
use counterpart_core::db::{agencies, audit};
use counterpart_core::form::{self, EventInput};
use counterpart_core::model::{Agency, Item, ItemId};
use counterpart_core::op::{Change, Operation};
use counterpart_core::schema::{self, FormSchema, ItemDraft};
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

/// A page of the list (`query.offset`, `query.limit`) and the number of matches.
#[tauri::command]
#[specta::specta]
pub async fn list_items(
    state: State<'_, AppState>,
    query: ListQuery,
) -> Result<ItemPage, ApiError> {
    let today = state.today();
    state
        .read(move |conn| list::page(conn, &query, today))
        .await
}

/// The figures at the top of the items view.
#[tauri::command]
#[specta::specta]
pub async fn dashboard(state: State<'_, AppState>) -> Result<Dashboard, ApiError> {
    let today = state.today();
    state.read(move |conn| list::dashboard(conn, today)).await
}

/// The counterpart agencies, for the form's choices.
#[tauri::command]
#[specta::specta]
pub async fn agencies(state: State<'_, AppState>) -> Result<Vec<Agency>, ApiError> {
    state.read(agencies::all).await
}

/// One item with its figures, their explanation, its links and its history.
#[tauri::command]
#[specta::specta]
pub async fn get_item(state: State<'_, AppState>, id: ItemId) -> Result<ItemView, ApiError> {
    let today = state.today();
    state
        .read(move |conn| core_items::view(conn, id, today))
        .await
}

/// The item form: every field, per kind, with its control, limit, label and whether an
/// edit may change it (the window builds its forms from it).
#[tauri::command]
#[specta::specta]
pub fn form_schema() -> FormSchema {
    schema::form_schema()
}

/// Creates an item from the entry form.
#[tauri::command]
#[specta::specta]
pub async fn create_item(state: State<'_, AppState>, input: ItemDraft) -> Result<Item, ApiError> {
    let author = state.author();
    state
        .with_db(move |db| form::create_item(db, &input.values(), &author))
        .await
}

/// Changes an item's fields (those given; an empty one is cleared); refused with
/// `conflict` if it changed since `version`.
#[tauri::command]
#[specta::specta]
pub async fn update_item(
    state: State<'_, AppState>,
    id: ItemId,
    version: i32,
    input: ItemDraft,
) -> Result<Item, ApiError> {
    let author = state.author();
    state
        .with_db(move |db| form::update_item(db, id, version.into(), &input.values(), &author))
        .await
}

/// Applies `op` and returns the item `id` as it then stands.
async fn apply_then_view(
    state: &AppState,
    id: ItemId,
    op: Operation,
) -> Result<ItemView, ApiError> {
    let today = state.today();
    state
        .with_db(move |db| {
            db.apply(&op)?;
            core_items::view(db.conn(), id, today)
        })
        .await
}

/// Records an event and returns the item as it now stands.
#[tauri::command]
#[specta::specta]
pub async fn record_event(
    state: State<'_, AppState>,
    id: ItemId,
    input: EventInput,
) -> Result<ItemView, ApiError> {
    let op = form::event_op(id, input, &state.author())?;
    apply_then_view(&state, id, op).await
}

/// Links two items (shown on both).
#[tauri::command]
#[specta::specta]
pub async fn link_items(
    state: State<'_, AppState>,
    from: ItemId,
    to: ItemId,
    relation: String,
) -> Result<(), ApiError> {
    let op = state.author().op(Change::Link { from, to, relation });
    state.with_db(move |db| db.apply(&op).map(|_| ())).await
}

/// Removes the link between two items (audited on both) and returns the first as it
/// now stands.
#[tauri::command]
#[specta::specta]
pub async fn unlink_items(
    state: State<'_, AppState>,
    id: ItemId,
    other: ItemId,
    relation: String,
) -> Result<ItemView, ApiError> {
    let (author, today) = (state.author(), state.today());
    state
        .with_db(move |db| {
            let op = form::unlink_op(db.conn(), id, other, Some(&relation), &author)?;
            db.apply(&op)?;
            core_items::view(db.conn(), id, today)
        })
        .await
}

/// The item's history of changes (the audit trail), oldest first.
#[tauri::command]
#[specta::specta]
pub async fn item_history(
    state: State<'_, AppState>,
    id: ItemId,
) -> Result<Vec<audit::Entry>, ApiError> {
    state.read(move |conn| audit::history(conn, id)).await
}

/// Archives the item (out of the list, briefs and reminders) and returns it as it now
/// stands.
#[tauri::command]
#[specta::specta]
pub async fn archive_item(state: State<'_, AppState>, id: ItemId) -> Result<ItemView, ApiError> {
    let op = state.author().op(Change::Archive { item: id });
    apply_then_view(&state, id, op).await
}

/// Brings an archived item back and returns it as it now stands.
#[tauri::command]
#[specta::specta]
pub async fn unarchive_item(state: State<'_, AppState>, id: ItemId) -> Result<ItemView, ApiError> {
    let op = state.author().op(Change::Unarchive { item: id });
    apply_then_view(&state, id, op).await
}

/// Erases the item for good (the window asks for confirmation first); audited.
#[tauri::command]
#[specta::specta]
pub async fn erase_item(state: State<'_, AppState>, id: ItemId) -> Result<Erased, ApiError> {
    let op = state.author().op(Change::Erase { item: id });
    state
        .with_db(move |db| match db.apply(&op)? {
            Applied::Erased(e) => Ok(e),
            other => Err(counterpart_core::Error::Io(std::io::Error::other(format!(
                "an erase gave {other:?}"
            )))),
        })
        .await
}

/// The archived items, most recently archived first.
#[tauri::command]
#[specta::specta]
pub async fn archived_items(state: State<'_, AppState>) -> Result<Vec<ArchivedItem>, ApiError> {
    state.read(core_items::archived).await
}
