//! The daily backup: at most once a day, when the window has been idle for [`IDLE`] (no
//! database command asked for), or when the app closes. A sibling of the reminder
//! scheduler: a task on Tauri's async runtime that ticks every [`PERIOD`] and reads the
//! wall clock afresh at each tick (see `reminders.rs` on why an interval, not a long
//! sleep). The backup itself runs on a blocking thread, through the core
//! (`Db::backup_now`: online backup, checked, then rotation).
//!
//! Whether a backup is due is decided by [`due`], pure: the files in the backups folder say
//! whether one was made today (a backup of any reason counts), and the time of the last
//! command says whether the user is busy.

use chrono::{DateTime, Utc};
use counterpart_core::backup::Reason;
use counterpart_core::db::backup;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Manager};

use crate::state::{AppState, Database, Locked};

/// How often the task looks.
pub const PERIOD: Duration = Duration::from_secs(60);

/// How long without a command before the window counts as idle.
pub const IDLE: Duration = Duration::from_secs(5 * 60);

/// True when the daily backup should be made now: none made today, and (unless the app is
/// closing) no command for at least [`IDLE`].
pub fn due(made_today: bool, since_last_command: Duration, closing: bool) -> bool {
    !made_today && (closing || since_last_command >= IDLE)
}

/// Makes the daily backup of the open database if [`due`]; returns what was written.
/// Holds the database lock for the copy (commands wait for it; the window does not).
pub fn daily_blocking(
    db: &Mutex<Database>,
    last_command: &Mutex<Instant>,
    now: DateTime<Utc>,
    closing: bool,
) -> Option<std::path::PathBuf> {
    let since = last_command.locked().elapsed();
    let guard = db.locked();
    let Database::Open(db) = &*guard else {
        return None;
    };
    let made_today = !backup::daily_due(db.path(), now).ok()?;
    if !due(made_today, since, closing) {
        return None;
    }
    match db.backup_now(Reason::Daily, now) {
        Ok(made) => Some(made.path),
        Err(e) => {
            eprintln!("backup: the daily backup failed (tried again later): {e}");
            None
        }
    }
}

/// Starts the task (from `setup`).
pub fn start(app: &AppHandle) {
    let state = app.state::<AppState>();
    let db = Arc::clone(&state.db);
    let last_command = Arc::clone(&state.last_command);
    tauri::async_runtime::spawn(async move {
        let mut ticks = tokio::time::interval(PERIOD);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            ticks.tick().await;
            let db = Arc::clone(&db);
            let last_command = Arc::clone(&last_command);
            let _ = tauri::async_runtime::spawn_blocking(move || {
                daily_blocking(&db, &last_command, Utc::now(), false)
            })
            .await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn due_once_a_day_when_idle_or_closing() {
        let busy = Duration::from_secs(30);
        let idle = IDLE;
        for (made_today, since, closing, want) in [
            (false, idle, false, true),
            (false, busy, false, false),
            (false, busy, true, true),
            (true, idle, false, false),
            (true, busy, true, false),
        ] {
            assert_eq!(
                due(made_today, since, closing),
                want,
                "made today {made_today}, idle {since:?}, closing {closing}"
            );
        }
    }

    #[test]
    fn the_daily_backup_is_made_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.sqlite3");
        let now = Utc.with_ymd_and_hms(2026, 11, 29, 9, 0, 0).unwrap();
        let db = Mutex::new(Database::open(&path, now));
        let long_ago = Mutex::new(Instant::now() - IDLE - Duration::from_secs(1));
        let just_now = Mutex::new(Instant::now());
        assert_eq!(daily_blocking(&db, &just_now, now, false), None, "busy");
        let made = daily_blocking(&db, &long_ago, now, false).expect("idle: made");
        assert!(made.ends_with("backups/c-2026-11-29-090000-daily.sqlite3"));
        assert_eq!(
            daily_blocking(&db, &long_ago, now, true),
            None,
            "once a day, closing or not"
        );
        let tomorrow = now + chrono::Duration::days(1);
        assert!(
            daily_blocking(&db, &just_now, tomorrow, true).is_some(),
            "closing"
        );
    }
}
