//! One sync: the password from the keychain, the database held on a blocking thread while
//! the client pushes and pulls, and its failure in the window's words.

use counterpart_core::db::team::Membership;
use counterpart_team::client::{self, Progress, SyncReport};
use counterpart_team::connect::keychain_account;
use counterpart_team::error::SyncError;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use zeroize::Zeroizing;

use super::status::{tell, SyncProgress, TeamChanged};
use super::{CHANGED_EVENT, CONNECT_LIMIT, PERIOD, STATUS_EVENT};
use crate::error::ApiError;
use crate::keychain::Keychain;
use crate::state::{AppState, Database, Locked};

/// A failure of a sync, in the window's terms.
pub(super) struct Failure {
    pub(super) offline: bool,
    /// No password is kept for the user, or the server refused it: the window asks.
    pub(super) password: bool,
    pub(super) message: String,
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
        // SQLSTATE 28P01: the password does not open the server (changed there?).
        let password = matches!(&e, SyncError::Server(E::Postgres(p))
            if p.as_db_error().is_some_and(|d| d.code().code() == "28P01"));
        let mut message = describe(&e);
        if offline {
            message = format!(
                "{message} — what you record waits here; Counterpart tries again every {} seconds",
                PERIOD.as_secs()
            );
        }
        Failure {
            offline,
            password,
            message,
        }
    }
}

/// A team error in words (the server's message or the connection's cause, as
/// `counterpart_team::Error` words it; never the password).
pub(crate) fn describe(e: &SyncError) -> String {
    e.to_string()
}

/// The server did not answer within [`CONNECT_LIMIT`]: offline.
pub(super) fn no_answer() -> Failure {
    Failure {
        offline: true,
        password: false,
        message: format!(
            "the team server did not answer within {} s — what you record waits here; Counterpart tries again every {} seconds",
            CONNECT_LIMIT.as_secs(),
            PERIOD.as_secs()
        ),
    }
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Failure {
        Failure {
            offline: false,
            password: false,
            message: e.message,
        }
    }
}

/// The membership and the count of operations waiting, read on a blocking thread (`None`
/// when the database is in no team, or is not open).
pub(super) async fn facts(db: Arc<Mutex<Database>>) -> Result<Option<(Membership, u64)>, ApiError> {
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
        _ => Err(ApiError::damaged("no database is open", "尚未打开数据库")),
    })
    .await
    .map_err(|e| ApiError::internal(format!("the team task failed: {e}")))?
}

/// The password of the team user of `m`, from the keychain (or typed in this run).
pub(super) fn password_of(
    keychain: &Keychain,
    m: &Membership,
) -> Result<Zeroizing<String>, Failure> {
    let refused = |message: String| Failure {
        offline: false,
        password: true,
        message,
    };
    let account = keychain_account(&m.server, &m.user).map_err(|e| refused(e.to_string()))?;
    match keychain.team_password(&account) {
        Ok(Some(p)) => Ok(p),
        Ok(None) => Err(refused(format!(
            "no password for {} is kept in the system keychain: type it in Settings → Team",
            m.user
        ))),
        Err(e) => Err(refused(format!(
            "the password of {} cannot be read: {e}; type it in Settings → Team",
            m.user
        ))),
    }
}

/// One sync now, whoever asked: pushes the outbox, pulls and applies, and tells the
/// window. `Ok(None)` when the database is in no team.
pub async fn sync_once<R: Runtime>(app: &AppHandle<R>) -> Result<Option<TeamChanged>, ApiError> {
    sync_once_with(app, None).await
}

/// [`sync_once`] with `typed` as the password when given (else the one kept).
pub async fn sync_once_with<R: Runtime>(
    app: &AppHandle<R>,
    typed: Option<Zeroizing<String>>,
) -> Result<Option<TeamChanged>, ApiError> {
    let state = app.state::<AppState>();
    let engine = Arc::clone(&state.team);
    let _turn = engine.turn.lock().await;
    let Some((m, _)) = facts(Arc::clone(&state.db)).await? else {
        return Ok(None);
    };
    let keychain = app.state::<Keychain>().inner().clone();
    let password = match typed {
        Some(p) => Ok(p),
        None => password_of(&keychain, &m),
    };
    let outcome = match password {
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
                let _ = handle.emit(STATUS_EVENT, progress_engine.last_status());
            }
        };
        // The connection within CONNECT_LIMIT: a server that does not answer must not keep
        // the database held for as long as TCP waits (the sync itself may take long).
        Ok(tauri::async_runtime::block_on(async {
            let client = tokio::time::timeout(CONNECT_LIMIT, client::connect(db, &password))
                .await
                .map_err(|_| no_answer())??;
            let report = client::sync_with(db, &client, &mut progress).await?;
            let refused = db
                .server_refusals()
                .map_err(SyncError::Core)?
                .iter()
                .map(|r| r.words())
                .collect();
            progress_engine.health.locked().refused = refused;
            Ok(report)
        }))
    })
    .await;
    {
        let mut h = engine.health.locked();
        h.syncing = false;
        h.progress = None;
    }
    done.map_err(Failure::from)?
}
