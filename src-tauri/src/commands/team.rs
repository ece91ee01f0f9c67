//! Settings → Team and the team indicator (`TEAM.md`): the status, joining a team,
//! syncing now, leaving. The sync itself is the engine's ([`crate::team`]); the password
//! goes to the system keychain ([`crate::keychain`]) and nowhere else (not the database,
//! not a log, not an error message). The work runs on blocking threads, the network half
//! on Tauri's runtime; never on the window's thread.

use counterpart_team::client::{self, Progress};
use std::sync::Arc;
use tauri::{AppHandle, Emitter, Runtime, State};
use zeroize::Zeroizing;

use crate::error::ApiError;
use crate::keychain::Keychain;
use crate::state::AppState;
use crate::team::{self, SyncProgress, TeamChanged, TeamStatus};
use counterpart_core::problem::Problem;
use counterpart_team::connect::keychain_account;
use counterpart_team::error::SyncError;

/// The team of the open database, or `null` when it is in none.
#[tauri::command]
#[specta::specta]
pub async fn team_status<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<TeamStatus>, ApiError> {
    // The window asks when it (re)loads, e.g. after another database was opened: the
    // engine looks again too.
    state.team.nudge();
    team::status(&app).await
}

/// Joins the open database to the team at `server` (a PostgreSQL URL) as `user`: its items
/// are pushed once and the team's pulled (the progress as `team-status` events). The
/// password is kept in the system keychain; when it cannot be, it is used for this run
/// only and the answer's `keychain_error` says so.
#[tauri::command]
#[specta::specta]
pub async fn team_join<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    keychain: State<'_, Keychain>,
    server: String,
    user: String,
    password: String,
) -> Result<TeamJoined, ApiError> {
    let password = Zeroizing::new(password);
    let (server, user) = (server.trim().to_owned(), user.trim().to_owned());
    let account = check_join(&server, &user, &password)?;
    let engine = Arc::clone(&state.team);
    let _turn = engine.turn().await;
    let (db, author, handle) = (Arc::clone(&state.db), state.author(), app.clone());
    let typed = password.clone();
    let joined = team::on_db(db, move |db| {
        let mut progress = |p: Progress| {
            let _ = handle.emit(
                team::PROGRESS_EVENT,
                SyncProgress {
                    done: p.done,
                    total: p.total,
                },
            );
        };
        tauri::async_runtime::block_on(client::join(
            db,
            &server,
            &user,
            &typed,
            &author,
            &mut progress,
        ))
        .map_err(team_error)
    })
    .await?;
    let keychain_error = keep(&keychain, &account, &password);
    drop(_turn);
    engine.nudge();
    let _ = app.emit(
        team::CHANGED_EVENT,
        TeamChanged {
            pushed: joined.pushed,
            pulled: joined.pulled,
            conflicts: 0,
            not_applied: 0,
        },
    );
    Ok(TeamJoined {
        agency: joined.agency,
        pushed: joined.pushed as u64,
        pulled: joined.pulled as u64,
        keychain_error,
        status: team::status(&app).await?,
    })
}

/// What joining did.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct TeamJoined {
    /// The U.S. agency the server says the user belongs to.
    pub agency: String,
    #[specta(type = u32)]
    pub pushed: u64,
    #[specta(type = u32)]
    pub pulled: u64,
    /// The password could not be kept in the keychain (it is used for this run only).
    pub keychain_error: Option<String>,
    pub status: Option<TeamStatus>,
}

/// The keychain account of a join, or the first field that is wrong.
fn check_join(server: &str, user: &str, password: &str) -> Result<String, ApiError> {
    let field = |name: &str, problem: Problem| {
        ApiError::from(counterpart_core::Error::field(name, problem))
    };
    if server.is_empty() {
        return Err(field("server", Problem::ServerUrlRequired));
    }
    if user.is_empty() {
        return Err(field("user", Problem::UserNameRequired));
    }
    if password.is_empty() {
        return Err(field("password", Problem::PasswordRequired));
    }
    keychain_account(server, user).map_err(|e| team_error(e.into()))
}

/// Syncs now (push, then pull); what went each way. Failing, the error says why (offline,
/// refused), and so does the status.
#[tauri::command]
#[specta::specta]
pub async fn team_sync_now<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<TeamChanged>, ApiError> {
    let changed = team::sync_once(&app).await;
    state.team.nudge();
    changed
}

/// The team password typed in Settings → Team when none is kept (the database joined
/// from the command line) or the server refused the kept one: checked by a sync with it,
/// then kept in the system keychain. A password the server refuses is not kept.
#[tauri::command]
#[specta::specta]
pub async fn team_password<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    keychain: State<'_, Keychain>,
    password: String,
) -> Result<TeamPasswordKept, ApiError> {
    let password = Zeroizing::new(password);
    if password.is_empty() {
        return Err(counterpart_core::Error::field("password", Problem::PasswordRequired).into());
    }
    let Some(status) = team::status(&app).await? else {
        return Err(counterpart_core::Error::field("team", Problem::InNoTeam).into());
    };
    let account =
        keychain_account(&status.server, &status.user).map_err(|e| team_error(e.into()))?;
    team::sync_once_with(&app, Some(password.clone())).await?;
    let keychain_error = keep(&keychain, &account, &password);
    state.team.nudge();
    Ok(TeamPasswordKept {
        keychain_error,
        status: team::status(&app).await?,
    })
}

/// What keeping a typed team password did.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct TeamPasswordKept {
    /// The password could not be kept in the keychain (it is used for this run only).
    pub keychain_error: Option<String>,
    pub status: Option<TeamStatus>,
}

/// Keeps `password` for `account` (and for this run); what to tell the user when the
/// keychain could not keep it.
fn keep(keychain: &Keychain, account: &str, password: &str) -> Option<String> {
    keychain.keep_team_password(account, password).err().map(|e| {
        format!(
            "The password could not be kept in the system keychain ({e}); Counterpart syncs until it closes and will ask for it again."
        )
    })
}

/// The database leaves the team (it keeps its items; nothing more is synced), and the
/// password kept for it is forgotten.
#[tauri::command]
#[specta::specta]
pub async fn team_leave<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    keychain: State<'_, Keychain>,
) -> Result<Option<TeamStatus>, ApiError> {
    let engine = Arc::clone(&state.team);
    let _turn = engine.turn().await;
    let (db, author) = (Arc::clone(&state.db), state.author());
    let left = team::on_db(db, move |db| {
        let m = db.team()?;
        client::leave(db, &author).map_err(team_error)?;
        Ok(m)
    })
    .await?;
    if let Some(account) = left.and_then(|m| keychain_account(&m.server, &m.user).ok()) {
        let _ = keychain.forget_team_password(&account);
    }
    drop(_turn);
    engine.nudge();
    team::status(&app).await
}

/// A team error as the window sees it: the core's as usual, a bad value naming its field,
/// the server's in its words (never with the password, which no error carries).
fn team_error(e: SyncError) -> ApiError {
    match e {
        SyncError::Core(e) => e.into(),
        SyncError::Server(counterpart_team::Error::Invalid { field, problem }) => {
            counterpart_core::Error::field(field, problem).into()
        }
        e => ApiError::internal(team::describe(&e)),
    }
}
