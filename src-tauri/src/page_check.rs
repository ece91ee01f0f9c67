//! The check of every page of the database file, in the background after the window opens.
//!
//! Opening reads every page (`PRAGMA quick_check`) only when the file may have been touched
//! since its last clean close (`counterpart_core::db::verified`): a window that found it
//! untouched opens at once, and reads the pages here instead, on a read connection of its
//! own, while the user works. Damage found is kept in the state (`AppInfo.pages_damaged`)
//! and announced (`pages-damaged`): the window says so and offers the backups; nothing is
//! written or moved, as the record itself may still be read. A clean result moves the
//! record's date on (`Db::pages_checked`).

use chrono::Utc;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::state::{AppState, Database, Locked};

/// The event when damage was found.
pub const DAMAGED: &str = "pages-damaged";

/// Reads every page of the open database unless its open just did; see the module.
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    let (db, found) = (state.db.clone(), state.pages_damaged.clone());
    let (app, shown) = (app.clone(), state.first_screen.wait());
    // After the window's first rows (crate::first_screen); at once for a database opened
    // later.
    tauri::async_runtime::spawn(async move {
        shown.await;
        let started = Utc::now();
        let found = tauri::async_runtime::spawn_blocking(move || check_now(&db, &found, started));
        if found.await.unwrap_or(false) {
            let _ = app.emit(DAMAGED, ());
        }
    });
}

/// [`start`]'s work, on this thread: true when damage was found (and kept in `found`).
pub fn check_now(db: &Mutex<Database>, found: &Found, started: chrono::DateTime<Utc>) -> bool {
    let reader = match &*db.locked() {
        // Checked at this open (a minute's leeway for a slow start): nothing to do.
        Database::Open(d)
            if d.pages_last_checked()
                .is_some_and(|at| at < started - chrono::Duration::minutes(1)) =>
        {
            d.reader().ok().map(|r| (r, d.path().to_owned()))
        }
        _ => None,
    };
    let Some((reader, path)) = reader else {
        return false;
    };
    let report = match reader.page_problems() {
        Ok(None) => {
            drop(reader);
            match &mut *db.locked() {
                Database::Open(d) if d.path() == path => d.pages_checked(started),
                _ => {}
            }
            return false;
        }
        Ok(Some(report)) => report,
        Err(e) => e.to_string(),
    };
    match &mut *db.locked() {
        Database::Open(d) if d.path() == path => d.pages_found_damaged(),
        _ => {}
    }
    *found.locked() = Some((path, report));
    true
}

/// The damage found in the file at `path`, if it is the one open (`AppInfo.pages_damaged`).
pub fn found_in(state: &AppState, path: &Path) -> Option<String> {
    match &*state.pages_damaged.locked() {
        Some((p, report)) if p == path => Some(report.clone()),
        _ => None,
    }
}

/// The file checked and what was wrong with it.
pub type Found = Arc<std::sync::Mutex<Option<(PathBuf, String)>>>;
