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

mod status;
mod sync;

pub use status::{status, SyncProgress, TeamChanged, TeamStatus};
pub(crate) use sync::{describe, on_db, sync_once, sync_once_with};

use chrono::{DateTime, Utc};
use counterpart_team::client::Listener;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tauri::{AppHandle, Manager, Runtime};

use counterpart_core::db::team::Membership;

use crate::keychain::Keychain;
use crate::state::{AppState, Locked};
use status::{tell, Health};
use sync::{facts, no_answer, password_of, Failure};

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
    /// The team (server, user) the health is about.
    member: Mutex<Option<(String, String)>>,
    /// The membership and the count waiting as last read (while a sync holds the database,
    /// the status is told from them).
    facts: Mutex<Option<(Membership, u64)>>,
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

    /// The status from the facts last read and the health as it stands now.
    fn last_status(&self) -> Option<TeamStatus> {
        self.status(self.facts.locked().clone())
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
            password_needed: h.password_needed,
            refused: h.refused,
        })
    }

    fn failed(&self, f: &Failure, now: DateTime<Utc>) {
        let mut h = self.health.locked();
        h.error = Some(f.message.clone());
        h.password_needed = f.password;
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
        h.password_needed = false;
    }
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
        *engine.member.locked() = None;
        *engine.health.locked() = Health::default();
        tell(app).await;
        return;
    };
    {
        // Another team (another database was opened): the last one's health is not its.
        let who = Some((m.server.clone(), m.user.clone()));
        let mut member = engine.member.locked();
        if *member != who {
            *member = who;
            *engine.health.locked() = Health::default();
        }
    }
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
                    Err(_) => Err(no_answer()),
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
