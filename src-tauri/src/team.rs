//! Team mode in the window (`TEAM.md`): the sync engine, a task on Tauri's async runtime
//! that keeps a database that is in a team in step with the team server, and the status
//! the window's indicator and Settings → Team show.
//!
//! ## When it syncs
//!
//! - When the server says there is something new: a `LISTEN` connection
//!   ([`counterpart_team::client::Listener`]) wakes it at each push by anyone.
//! - Every [`PERIOD`] (a missed notification, another program's writes to the file).
//! - On every reconnect: the listener's connection is the engine's probe of the network;
//!   when it cannot be opened the engine is offline and tries again at the next tick.
//! - Soon after the window saved something ([`Engine::nudge`], from every database command):
//!   when operations wait in the outbox it pushes them at once.
//!
//! ## Where it runs
//!
//! A sync runs on a blocking thread that holds the database (as every command does), its
//! network half driven by Tauri's runtime (`block_on` on that thread): never on the
//! window's thread. The list keeps reading meanwhile on its own read connection. Only one
//! sync runs at a time (the engine's `turn`), whether the timer, the listener or "Sync
//! now" asked for it.
//!
//! ## What the window hears
//!
//! - `team-status` ([`TeamStatus`], or `null` when the database is in no team) whenever
//!   the status changed: synced, operations waiting, syncing (with its progress), offline
//!   since when and why. A failure is never silent: it stays in the status until a sync
//!   succeeds.
//! - `team-changed` ([`TeamChanged`]) after a sync that brought operations: the list, the
//!   figures and the open item are read again.
//!
//! The password is the one kept in the system keychain ([`crate::keychain`], account
//! `counterpart_team::connect::keychain_account`, as the command line reads it); it is
//! never logged, nor written anywhere else.

use chrono::{DateTime, Utc};
use counterpart_core::db::team::Membership;
use counterpart_team::client::{self, Listener, Progress, SyncReport};
use counterpart_team::connect::keychain_account;
use counterpart_team::error::SyncError;
use serde::Serialize;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use zeroize::Zeroizing;

use crate::error::ApiError;
use crate::keychain::Keychain;
use crate::state::{AppState, Database, Locked};

/// How often the engine syncs when nothing woke it.
pub const PERIOD: Duration = Duration::from_secs(30);

/// The longest a connection to the server may take to open before the engine counts as
/// offline.
const CONNECT_LIMIT: Duration = Duration::from_secs(15);

/// The event of a status change (payload: [`TeamStatus`] or `null`).
pub const STATUS_EVENT: &str = "team-status";

/// The event of operations that arrived (payload: [`TeamChanged`]).
pub const CHANGED_EVENT: &str = "team-changed";

/// The event of a join's progress (payload: [`SyncProgress`]).
pub const PROGRESS_EVENT: &str = "team-progress";

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
struct Health {
    syncing: bool,
    progress: Option<SyncProgress>,
    offline_since: Option<DateTime<Utc>>,
    error: Option<String>,
    live: bool,
}

/// What woke the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wake {
    /// The timer, the listener, a reconnect, "Sync now": sync.
    Sync,
    /// The window saved something: push if anything waits, else refresh the status.
    Nudge,
}

/// The sync engine's shared part (in [`AppState`]): its health, its wake-up call, its turn.
#[derive(Default)]
pub struct Engine {
    health: Mutex<Health>,
    wake: tokio::sync::Notify,
    turn: tokio::sync::Mutex<()>,
    /// The status last sent to the window (sent again only when it changed).
    sent: Mutex<Option<Option<TeamStatus>>>,
}

/// A failure of a sync, in the window's terms.
struct Failure {
    offline: bool,
    message: String,
}

impl From<SyncError> for Failure {
    fn from(e: SyncError) -> Failure {
        use counterpart_team::Error as E;
        // The server cannot be reached (no answer, the connection lost, TLS failing):
        // offline. An answer (a wrong password, a refusal) is a failure, not offline.
        let offline = match &e {
            SyncError::Server(E::Postgres(p)) => p.as_db_error().is_none(),
            SyncError::Server(E::Tls(_)) => true,
            _ => false,
        };
        let mut message = describe(&e);
        if offline {
            message = format!(
                "{message} — what you record waits here; Counterpart tries again every {} seconds",
                PERIOD.as_secs()
            );
        }
        Failure { offline, message }
    }
}

/// A team error in words: tokio-postgres says "db error" or "error connecting to server"
/// and keeps the server's message ("password authentication failed for user …") or the
/// cause ("Connection refused") beneath; those are said too. No error carries the password.
pub(crate) fn describe(e: &SyncError) -> String {
    let SyncError::Server(counterpart_team::Error::Postgres(p)) = e else {
        return e.to_string();
    };
    if let Some(db) = p.as_db_error() {
        return format!("team server: {}", db.message());
    }
    let mut message = e.to_string();
    let mut source = std::error::Error::source(p);
    while let Some(s) = source {
        let why = s.to_string();
        if !message.contains(&why) {
            message = format!("{message}: {why}");
        }
        source = s.source();
    }
    message
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Failure {
        Failure {
            offline: false,
            message: e.message,
        }
    }
}

impl Engine {
    /// The window saved something: the engine pushes it soon (or refreshes the count).
    pub fn nudge(&self) {
        self.wake.notify_one();
    }

    /// Waits for the turn to talk to the server (one sync, join or leave at a time).
    pub async fn turn(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.turn.lock().await
    }

    fn status(&self, facts: Option<(Membership, u64)>) -> Option<TeamStatus> {
        let (m, pending) = facts?;
        let h = self.health.locked().clone();
        Some(TeamStatus {
            server: m.server,
            user: m.user,
            agency: m.agency,
            joined_at: m.joined_at,
            last_sync: m.last_sync,
            pending,
            syncing: h.syncing,
            progress: h.progress,
            offline_since: h.offline_since,
            error: h.error,
            live: h.live,
        })
    }

    fn failed(&self, f: &Failure, now: DateTime<Utc>) {
        let mut h = self.health.locked();
        h.error = Some(f.message.clone());
        if f.offline {
            h.offline_since.get_or_insert(now);
            h.live = false;
        } else {
            h.offline_since = None;
        }
    }

    fn succeeded(&self) {
        let mut h = self.health.locked();
        h.error = None;
        h.offline_since = None;
    }
}

/// The membership and the count of operations waiting, read on a blocking thread (`None`
/// when the database is in no team, or is not open).
async fn facts(db: Arc<Mutex<Database>>) -> Result<Option<(Membership, u64)>, ApiError> {
    on_db(db, |db| match db.team()? {
        Some(m) => Ok(Some((m, db.pending_ops()?))),
        None => Ok(None),
    })
    .await
}

/// Runs `f` on the open database on a blocking thread, holding it (a database that is not
/// open is an error here). A team call inside `f` runs its network half with
/// `tauri::async_runtime::block_on`.
pub(crate) async fn on_db<T: Send + 'static>(
    db: Arc<Mutex<Database>>,
    f: impl FnOnce(&mut counterpart_core::db::Db) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tauri::async_runtime::spawn_blocking(move || match &mut *db.locked() {
        Database::Open(db) => f(db),
        _ => Err(ApiError::damaged("no database is open")),
    })
    .await
    .map_err(|e| ApiError::internal(format!("the team task failed: {e}")))?
}

/// The team's status now (`None`: the database is in no team). While a sync holds the
/// database, the status last sent, with the engine's health as it stands.
pub async fn status<R: Runtime>(app: &AppHandle<R>) -> Result<Option<TeamStatus>, ApiError> {
    let state = app.state::<AppState>();
    let engine = Arc::clone(&state.team);
    if engine.health.locked().syncing {
        let last = engine.sent.locked().clone().flatten();
        return Ok(last.map(|s| {
            let h = engine.health.locked().clone();
            TeamStatus {
                syncing: h.syncing,
                progress: h.progress,
                offline_since: h.offline_since,
                error: h.error,
                live: h.live,
                ..s
            }
        }));
    }
    let facts = match facts(Arc::clone(&state.db)).await {
        Ok(f) => f,
        Err(e) if e.code == crate::error::ErrorCode::Damaged => None,
        Err(e) => return Err(e),
    };
    Ok(engine.status(facts))
}

/// Tells the window the status, when it changed since it was last told.
async fn tell<R: Runtime>(app: &AppHandle<R>) {
    let Ok(now) = status(app).await else { return };
    let engine = Arc::clone(&app.state::<AppState>().team);
    let mut sent = engine.sent.locked();
    if sent.as_ref() != Some(&now) {
        let _ = app.emit(STATUS_EVENT, &now);
        *sent = Some(now);
    }
}

/// The password of the team user of `m`, from the keychain (or typed in this run).
fn password_of(keychain: &Keychain, m: &Membership) -> Result<Zeroizing<String>, Failure> {
    let refused = |message: String| Failure {
        offline: false,
        message,
    };
    let account = keychain_account(&m.server, &m.user).map_err(|e| refused(e.to_string()))?;
    match keychain.team_password(&account) {
        Ok(Some(p)) => Ok(p),
        Ok(None) => Err(refused(format!(
            "no password for {} is kept in the system keychain: join the team again in Settings → Team",
            m.user
        ))),
        Err(e) => Err(refused(format!(
            "the password of {} cannot be read: {e}",
            m.user
        ))),
    }
}

/// One sync now, whoever asked: pushes the outbox, pulls and applies, and tells the
/// window. `Ok(None)` when the database is in no team.
pub async fn sync_once<R: Runtime>(app: &AppHandle<R>) -> Result<Option<TeamChanged>, ApiError> {
    let state = app.state::<AppState>();
    let engine = Arc::clone(&state.team);
    let _turn = engine.turn.lock().await;
    let Some((m, _)) = facts(Arc::clone(&state.db)).await? else {
        return Ok(None);
    };
    let keychain = app.state::<Keychain>().inner().clone();
    let outcome = match password_of(&keychain, &m) {
        Ok(password) => run_sync(app, password).await,
        Err(f) => Err(f),
    };
    let result = match outcome {
        Ok(report) => {
            engine.succeeded();
            let changed = TeamChanged::from(&report);
            if changed.pulled > 0 || changed.conflicts > 0 {
                let _ = app.emit(CHANGED_EVENT, changed);
            }
            Ok(Some(changed))
        }
        Err(f) => {
            engine.failed(&f, state.now());
            Err(ApiError::internal(f.message))
        }
    };
    tell(app).await;
    result
}

/// The sync itself on a blocking thread that holds the database, its progress told to the
/// window as it goes (at most every 200 ms).
async fn run_sync<R: Runtime>(
    app: &AppHandle<R>,
    password: Zeroizing<String>,
) -> Result<SyncReport, Failure> {
    let state = app.state::<AppState>();
    let engine = Arc::clone(&state.team);
    {
        let mut h = engine.health.locked();
        h.syncing = true;
        h.progress = None;
    }
    tell(app).await;
    let (db, handle) = (Arc::clone(&state.db), app.clone());
    let progress_engine = Arc::clone(&engine);
    let done = on_db(db, move |db| {
        let mut last = Instant::now();
        let mut progress = |p: Progress| {
            progress_engine.health.locked().progress = Some(SyncProgress {
                done: p.done,
                total: p.total,
            });
            if last.elapsed() >= Duration::from_millis(200) {
                last = Instant::now();
                let status = progress_engine
                    .sent
                    .locked()
                    .clone()
                    .flatten()
                    .map(|s| TeamStatus {
                        syncing: true,
                        progress: progress_engine.health.locked().progress,
                        ..s
                    });
                let _ = handle.emit(STATUS_EVENT, status);
            }
        };
        Ok(
            tauri::async_runtime::block_on(client::sync(db, &password, &mut progress))
                .map_err(Failure::from),
        )
    })
    .await;
    {
        let mut h = engine.health.locked();
        h.syncing = false;
        h.progress = None;
    }
    done.map_err(Failure::from)?
}

/// Starts the engine (from `setup`).
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move { run(app).await });
}

/// The listener of one team user on one server.
struct Listening {
    server: String,
    user: String,
    listener: Listener,
}

/// The engine's loop: a pass, then wait for the listener, a nudge or the timer; forever.
async fn run<R: Runtime>(app: AppHandle<R>) {
    let engine = Arc::clone(&app.state::<AppState>().team);
    let mut listening: Option<Listening> = None;
    let mut wake = Wake::Sync;
    loop {
        pass(&app, &mut listening, wake).await;
        let heard = async {
            match listening.as_mut() {
                Some(l) => l.listener.next().await,
                None => std::future::pending().await,
            }
        };
        wake = tokio::select! {
            head = heard => {
                if head.is_none() {
                    // The connection ended: offline until it is opened again (next pass).
                    listening = None;
                    engine.health.locked().live = false;
                }
                Wake::Sync
            }
            _ = engine.wake.notified() => Wake::Nudge,
            _ = tokio::time::sleep(PERIOD) => Wake::Sync,
        };
        if wake == Wake::Nudge {
            // A burst of saves is one push.
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    }
}

/// One pass of the engine: reads the membership; (re)opens the listener, which also tells
/// whether the server can be reached; syncs when woken for it, when the listener was just
/// (re)opened, or when operations wait; tells the window the status.
async fn pass<R: Runtime>(app: &AppHandle<R>, listening: &mut Option<Listening>, wake: Wake) {
    let state = app.state::<AppState>();
    let engine = Arc::clone(&state.team);
    let facts = facts(Arc::clone(&state.db)).await.ok().flatten();
    let Some((m, pending)) = facts else {
        *listening = None;
        *engine.health.locked() = Health::default();
        tell(app).await;
        return;
    };
    let same = |l: &Listening| l.server == m.server && l.user == m.user;
    if !listening.as_ref().is_some_and(same) {
        *listening = None;
        engine.health.locked().live = false;
        let keychain = app.state::<Keychain>().inner().clone();
        let opened = match password_of(&keychain, &m) {
            Ok(password) => {
                match tokio::time::timeout(
                    CONNECT_LIMIT,
                    Listener::start(&m.server, &m.user, &password),
                )
                .await
                {
                    Ok(Ok(listener)) => Ok(listener),
                    Ok(Err(e)) => Err(Failure::from(e)),
                    Err(_) => Err(Failure {
                        offline: true,
                        message: format!(
                            "the team server did not answer within {} s",
                            CONNECT_LIMIT.as_secs()
                        ),
                    }),
                }
            }
            Err(f) => Err(f),
        };
        match opened {
            Ok(listener) => {
                engine.health.locked().live = true;
                *listening = Some(Listening {
                    server: m.server.clone(),
                    user: m.user.clone(),
                    listener,
                });
                // A reconnect: whatever was pushed meanwhile is pulled now.
                let _ = sync_once(app).await;
            }
            Err(f) => {
                engine.failed(&f, state.now());
                tell(app).await;
            }
        }
        return;
    }
    if wake == Wake::Sync || pending > 0 {
        let _ = sync_once(app).await;
    } else {
        tell(app).await;
    }
}
