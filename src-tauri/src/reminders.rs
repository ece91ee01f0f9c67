//! The reminder scheduler: a task on Tauri's async runtime that checks for due reminders
//! when the app starts and then every minute, sends one desktop notification for what fell
//! due together, and tells the window (`reminders-changed`) so that its view and badge
//! update.
//!
//! ## Why an interval of a minute, not a sleep until the next deadline
//!
//! Tokio's timers run on the monotonic clock, which on Linux stands still while the machine
//! is suspended: a sleep until tomorrow 00:00 taken tonight would wake hours late after a
//! night with the lid closed. So the task ticks every [`PERIOD`] and each tick reads the
//! **wall** clock afresh (today through [`AppState::today`], which honours `--today` /
//! `COUNTERPART_TODAY`, and now); whatever fell due meanwhile is found at the first tick
//! after waking. Missed ticks are skipped, not replayed in a burst.
//!
//! ## Parts
//!
//! - [`run`]: the loop, generic over its [`Effects`] and a clock closure, so that it is
//!   tested with tokio's paused time and no window (see the tests below).
//! - [`Desktop`]: the real effects. The check runs on a blocking thread against the state's
//!   database through one [`Checker`], owned by the scheduler and moved into the blocking
//!   task and back (no global, no lock held across `.await`); the notification goes
//!   through `tauri-plugin-notification` from Rust; the window hears of it by an event.
//! - [`start`]: spawns the task (called from `setup`); its first check waits for the
//!   window's first rows ([`crate::first_screen`]).
//!
//! Reminders that fell due while the app was closed are found by the first check, at
//! start, and gathered into one notification by [`gather`]. When the database could not be
//! opened the checks find nothing and the task waits quietly; when the window opens another
//! database the scheduler starts a fresh [`Checker`] for it.

use chrono::{DateTime, NaiveDate, Utc};
use counterpart_core::db::reminders::Checker;
use counterpart_core::reminders::{gather, Notification, NotificationDetail, Reminder};
use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_notification::NotificationExt;
use tokio::time::MissedTickBehavior;

use crate::commands;
use crate::state::{AppState, Database, Locked};

/// How often the scheduler checks.
pub const PERIOD: Duration = Duration::from_secs(60);

/// The title of every reminder notification.
pub const TITLE: &str = "Counterpart";

/// What the scheduler's loop does, apart from keeping time.
pub trait Effects {
    /// Records and returns the reminders due on `today` that have not fired yet (empty when
    /// there is no database, or when the check failed: it is tried again at the next tick).
    fn check(
        &mut self,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Vec<Reminder>> + Send;

    /// What notifications may show (the user's setting, read at each one).
    fn detail(&self) -> NotificationDetail;

    /// Shows one desktop notification.
    fn notify(&self, notification: &Notification);

    /// Tells the window that reminders changed.
    fn changed(&self);
}

/// Checks at once, then every [`PERIOD`], forever: at each tick reads `clock` (the wall
/// clock: today and now), checks, and when reminders fired sends one gathered notification
/// and says the reminders changed.
pub async fn run<E, C>(mut effects: E, mut clock: C)
where
    E: Effects,
    C: FnMut() -> (NaiveDate, DateTime<Utc>),
{
    let mut ticks = tokio::time::interval(PERIOD);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Skip);
    loop {
        // The first tick completes at once: the check at start.
        ticks.tick().await;
        let (today, now) = clock();
        let fired = effects.check(today, now).await;
        if let Some(notification) = gather(&fired, today, effects.detail()) {
            effects.notify(&notification);
        }
        if !fired.is_empty() {
            effects.changed();
        }
    }
}

/// The checker and the database it has been checking (a new database gets a new checker:
/// what it saw of the old one says nothing about the new one).
#[derive(Default)]
struct Watch {
    checker: Checker,
    path: Option<PathBuf>,
    /// The last failure reported, so that a lasting one is not logged every minute.
    failure: Option<String>,
}

/// The real effects: the state's database, desktop notifications, the window's event.
pub struct Desktop {
    app: AppHandle,
    db: Arc<Mutex<Database>>,
    watch: Option<Watch>,
}

impl Desktop {
    pub fn new(app: AppHandle, db: Arc<Mutex<Database>>) -> Desktop {
        Desktop {
            app,
            db,
            watch: Some(Watch::default()),
        }
    }
}

impl Effects for Desktop {
    async fn check(&mut self, today: NaiveDate, now: DateTime<Utc>) -> Vec<Reminder> {
        let db = self.db.clone();
        let mut watch = self.watch.take().unwrap_or_default();
        let done = tauri::async_runtime::spawn_blocking(move || {
            let fired = check_blocking(&db, &mut watch, today, now);
            (watch, fired)
        })
        .await;
        match done {
            Ok((watch, fired)) => {
                self.watch = Some(watch);
                fired
            }
            Err(e) => {
                // The checker went down with the task; the next tick starts a fresh one.
                eprintln!("reminders: the check failed: {e}");
                Vec::new()
            }
        }
    }

    fn detail(&self) -> NotificationDetail {
        self.app.state::<AppState>().settings.locked().notifications
    }

    fn notify(&self, notification: &Notification) {
        // Linux's notification servers read the body as markup; the others show it as is.
        let body = if cfg!(target_os = "linux") {
            notification.markup_text()
        } else {
            notification.text()
        };
        if let Err(e) = self
            .app
            .notification()
            .builder()
            .title(TITLE)
            .body(body)
            .show()
        {
            eprintln!("reminders: the notification could not be shown: {e}");
        }
    }

    fn changed(&self) {
        let _ = self.app.emit(commands::reminders::CHANGED, ());
    }
}

/// One check on the blocking thread: nothing when the database is not open.
fn check_blocking(
    db: &Mutex<Database>,
    watch: &mut Watch,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Vec<Reminder> {
    let mut guard = db.locked();
    let Database::Open(db) = &mut *guard else {
        return Vec::new();
    };
    if watch.path.as_deref() != Some(db.path()) {
        watch.checker = Checker::new();
        watch.path = Some(db.path().to_owned());
        watch.failure = None;
    }
    match watch.checker.check(db, today, now) {
        Ok(fired) => {
            watch.failure = None;
            fired
        }
        Err(e) => {
            let message = e.to_string();
            if watch.failure.as_deref() != Some(message.as_str()) {
                eprintln!("reminders: the check failed (tried again every minute): {message}");
                watch.failure = Some(message);
            }
            Vec::new()
        }
    }
}

/// Starts the scheduler on the app's state (from `setup`).
pub fn start(app: &AppHandle) {
    let state = app.state::<AppState>();
    let (db, shown) = (state.db.clone(), state.first_screen.wait());
    let effects = Desktop::new(app.clone(), db);
    let handle = app.clone();
    let clock = move || {
        let state = handle.state::<AppState>();
        (state.today(), state.now())
    };
    // The first check after the window's first rows (crate::first_screen).
    tauri::async_runtime::spawn(async move {
        shown.await;
        run(effects, clock).await
    });
}

#[cfg(test)]
mod tests;
