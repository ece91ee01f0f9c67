//! What the window is told of the team: the status (the database's membership, the
//! operations waiting, the engine's health) and what a sync brought.

use chrono::{DateTime, Utc};
use counterpart_team::client::SyncReport;
use serde::Serialize;
use std::sync::Arc;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use super::sync::facts;
use super::STATUS_EVENT;
use crate::error::ApiError;
use crate::state::{AppState, Locked};

/// What the window shows about the database's team.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct TeamStatus {
    /// The server's PostgreSQL URL (never with a password).
    pub server: String,
    pub user: String,
    /// The U.S. agency of the user (the server says).
    pub agency: String,
    pub joined_at: DateTime<Utc>,
    /// When the last sync succeeded.
    pub last_sync: Option<DateTime<Utc>>,
    /// Operations recorded here and not yet on the server ("waiting to sync").
    #[specta(type = u32)]
    pub pending: u64,
    /// A sync is under way.
    pub syncing: bool,
    /// How far the sync under way has applied what it pulls (a join, a long absence).
    pub progress: Option<SyncProgress>,
    /// Since when the server cannot be reached; `null` when it can.
    pub offline_since: Option<DateTime<Utc>>,
    /// Why the last attempt failed (offline, or refused by the server), in words; `null`
    /// when the last sync succeeded.
    pub error: Option<String>,
    /// The server tells this window of new operations as they are pushed (`LISTEN`).
    pub live: bool,
    /// No password is kept for the user (the database joined from the command line, say),
    /// or the server refused the one kept: the window asks for it.
    pub password_needed: bool,
    /// Changes made here that the server refused (another agency's item…), in the core's
    /// words: they stand here only and are not sent again.
    pub refused: Vec<String>,
}

/// Operations applied so far out of those to pull.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
pub struct SyncProgress {
    #[specta(type = u32)]
    pub done: u64,
    #[specta(type = u32)]
    pub total: u64,
}

/// What a sync brought or sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
pub struct TeamChanged {
    #[specta(type = u32)]
    pub pushed: usize,
    #[specta(type = u32)]
    pub pulled: usize,
    /// Fields where a colleague's edit replaced a value (each in the item's history).
    #[specta(type = u32)]
    pub conflicts: usize,
    /// Operations pulled that could not be applied (kept, reported).
    #[specta(type = u32)]
    pub not_applied: usize,
}

impl From<&SyncReport> for TeamChanged {
    fn from(r: &SyncReport) -> TeamChanged {
        TeamChanged {
            pushed: r.pushed,
            pulled: r.pulled,
            conflicts: r.conflicts,
            not_applied: r.not_applied,
        }
    }
}

/// What the engine knows beyond the database: the sync under way, the last failure.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Health {
    pub(super) syncing: bool,
    pub(super) progress: Option<SyncProgress>,
    pub(super) offline_since: Option<DateTime<Utc>>,
    pub(super) error: Option<String>,
    pub(super) live: bool,
    pub(super) password_needed: bool,
    pub(super) refused: Vec<String>,
}

/// The team's status now (`None`: the database is in no team). While a sync holds the
/// database, the status last sent, with the engine's health as it stands.
pub async fn status<R: Runtime>(app: &AppHandle<R>) -> Result<Option<TeamStatus>, ApiError> {
    let state = app.state::<AppState>();
    let engine = Arc::clone(&state.team);
    if engine.health.locked().syncing {
        return Ok(engine.last_status());
    }
    let facts = match facts(Arc::clone(&state.db)).await {
        Ok(f) => f,
        Err(e) if e.code == crate::error::ErrorCode::Damaged => None,
        Err(e) => return Err(e),
    };
    *engine.facts.locked() = facts.clone();
    Ok(engine.status(facts))
}

/// Tells the window the status, when it changed since it was last told.
pub(super) async fn tell<R: Runtime>(app: &AppHandle<R>) {
    let Ok(now) = status(app).await else { return };
    let engine = Arc::clone(&app.state::<AppState>().team);
    let mut sent = engine.sent.locked();
    if sent.as_ref() != Some(&now) {
        let _ = app.emit(STATUS_EVENT, &now);
        *sent = Some(now);
    }
}
