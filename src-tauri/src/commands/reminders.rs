//! Reminders: the list, snooze and done, the settings, the calendar file.

use counterpart_core::db::reminders as store;
use counterpart_core::model::{ItemId, Kind};
use counterpart_core::op::Change;
use counterpart_core::reminders::{shown, ReminderKey, ShownReminder};
use counterpart_core::validate::parse_date;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::dialogs;
use crate::error::ApiError;
use crate::state::AppState;

/// The event the window listens to for the reminders' badge and view.
pub const CHANGED: &str = "reminders-changed";

/// Overdue deadlines and those due within `within_days`, with their state, by date, each
/// with its group and words.
#[tauri::command]
#[specta::specta]
pub async fn reminders(
    state: State<'_, AppState>,
    within_days: u32,
) -> Result<Vec<ShownReminder>, ApiError> {
    let today = state.today();
    state
        .with_db(move |db| {
            Ok(shown(
                store::upcoming(db.conn(), today, within_days)?,
                today,
            ))
        })
        .await
}

/// How many reminders the navigation's badge counts: overdue or due today, neither
/// snoozed nor done.
#[tauri::command]
#[specta::specta]
pub async fn reminder_badge(state: State<'_, AppState>) -> Result<u32, ApiError> {
    let today = state.today();
    state
        .with_db(move |db| store::badge(db.conn(), today))
        .await
}

/// One item's deadlines and their state (for the item detail), with their words.
#[tauri::command]
#[specta::specta]
pub async fn item_reminders(
    state: State<'_, AppState>,
    id: ItemId,
) -> Result<Vec<ShownReminder>, ApiError> {
    let today = state.today();
    state
        .with_db(move |db| Ok(shown(store::item_reminders(db.conn(), id, today)?, today)))
        .await
}

/// Snoozes a deadline's reminders until a later day (`YYYY-MM-DD`).
#[tauri::command]
#[specta::specta]
pub async fn snooze_reminder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    key: ReminderKey,
    until: String,
) -> Result<(), ApiError> {
    let until =
        parse_date("until", &until).map_err(|e| counterpart_core::Error::Invalid(vec![e]))?;
    let op = state.author().op(Change::SnoozeReminder {
        reminder: key,
        until,
    });
    state.with_db(move |db| db.apply(&op)).await?;
    let _ = app.emit(CHANGED, ());
    Ok(())
}

/// Marks a deadline done: its reminders do not fire again (a new date re-arms them).
#[tauri::command]
#[specta::specta]
pub async fn done_reminder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    key: ReminderKey,
) -> Result<(), ApiError> {
    let op = state.author().op(Change::ReminderDone { reminder: key });
    state.with_db(move |db| db.apply(&op)).await?;
    let _ = app.emit(CHANGED, ());
    Ok(())
}

/// A kind's follow-up cadence in days.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct KindCadence {
    pub kind: Kind,
    pub days: u32,
}

/// The reminder settings as the settings view shows and sends them.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct ReminderSettingsView {
    /// Days before a deadline (e.g. 7, 1, 0); the overdue reminder always follows.
    pub lead_days: Vec<u32>,
    /// Kinds without a cadence are absent.
    pub cadences: Vec<KindCadence>,
}

fn view(s: &counterpart_core::reminders::ReminderSettings) -> ReminderSettingsView {
    ReminderSettingsView {
        lead_days: s.leads.days_before().into_iter().map(u32::from).collect(),
        cadences: s
            .cadences
            .iter()
            .map(|c| KindCadence {
                kind: c.kind,
                days: c.days,
            })
            .collect(),
    }
}

#[tauri::command]
#[specta::specta]
pub async fn reminder_settings(
    state: State<'_, AppState>,
) -> Result<ReminderSettingsView, ApiError> {
    state
        .with_db(|db| store::settings(db.conn()).map(|s| view(&s)))
        .await
}

/// Sets the lead times and every kind's cadence (a kind absent from `cadences` has none).
#[tauri::command]
#[specta::specta]
pub async fn set_reminder_settings<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    settings: ReminderSettingsView,
) -> Result<ReminderSettingsView, ApiError> {
    let lead_days: Vec<i64> = settings.lead_days.iter().map(|d| i64::from(*d)).collect();
    let cadences: Vec<(Kind, i64)> = settings
        .cadences
        .iter()
        .map(|c| (c.kind, i64::from(c.days)))
        .collect();
    let ops = state.author().reminder_settings(&lead_days, &cadences);
    let saved = state
        .with_db(move |db| {
            db.apply_all(&ops)?;
            store::settings(db.conn())
        })
        .await?;
    let _ = app.emit(CHANGED, ());
    Ok(view(&saved))
}

/// Writes the deadlines of the open items as an iCalendar file chosen in the native Save
/// dialog; returns where, or `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_calendar<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<String>, ApiError> {
    let asked = dialogs::Ask {
        title: dialogs::words("Export deadlines as a calendar", "将截止期限导出为日历"),
        filter: (dialogs::words("iCalendar", "iCalendar 日历"), &["ics"]),
        save_as: Some("counterpart-deadlines.ics"),
    };
    let Some(path) = dialogs::ask(&app, asked).await? else {
        return Ok(None);
    };
    let path = dialogs::with_extension(path, "ics")?;
    let (today, now) = (state.today(), state.now());
    let shown = path.display().to_string();
    state
        .read(move |conn| {
            let (text, _) = store::calendar_file(conn, today, now)?;
            let db = std::path::PathBuf::from(conn.path().unwrap_or_default());
            counterpart_core::fsutil::write_output_bytes(&db, &path, text.as_bytes())?;
            Ok(())
        })
        .await?;
    Ok(Some(shown))
}
