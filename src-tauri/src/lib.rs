//! # counterpart-desktop
//!
//! The desktop window: a thin Tauri 2 shell over `counterpart-core`.
//!
//! - [`commands`]: one thin adapter per command (`docs/ipc.md`): state → one core call on
//!   a blocking thread → error mapped to [`error::ApiError`].
//! - [`state`]: the one managed state (the open database, the settings, `today`).
//! - [`settings`]: the user's settings file.
//! - [`reminders`]: the scheduler that checks for due reminders every minute and sends
//!   desktop notifications (`tauri-plugin-notification`, from Rust).
//! - [`backups`]: the daily backup, made when the window is idle or the app closes.
//!
//! A damaged database (SQLite's `quick_check` fails, or it cannot be read) is never
//! written to: at start it is moved aside as `<name>.damaged` ([`state::Database::open`])
//! and the window shows the recovery screen, which offers the newest good backup or an
//! empty database (`commands::backup`).
//!
//! Encryption at rest ([`commands::protection`], [`keychain`]): where there is no database
//! yet, the window offers to encrypt it (on by default) and creates it; an encrypted one
//! opens with the passphrase kept in the system keychain, or the window asks for it.
//!
//! Team mode ([`team`], [`commands::team`]): a database in a team syncs with the team's
//! PostgreSQL server in the background (`LISTEN`, a timer, every reconnect); the window's
//! indicator and Settings → Team show how it stands, never a silent failure.
//!
//! The TypeScript types and callers are generated from the Rust types by tauri-specta into
//! `ui/src/bindings/bindings.ts`; a test fails when that file is stale
//! (`COUNTERPART_UPDATE_BINDINGS=1` makes it rewrite the file instead).
//!
//! The app takes `--db PATH`, `--today YYYY-MM-DD` and `--demo` (a generated demo
//! database), and honours `COUNTERPART_DB` / `COUNTERPART_TODAY` likewise.
//!
//! Builds with the `test-hooks` feature (the end-to-end tests' build, `scripts/e2e`, and
//! no other) also take `--dialog-answer PATH` / `COUNTERPART_DIALOG_ANSWER`: every file
//! dialog, restore included, answers PATH without showing itself. A build as it ships has
//! no such hook: the flag is refused, the variable ignored, and the dialogs' code path that
//! reads it is not compiled in. Likewise `--instance NAME`: the window's single-instance
//! lock is NAME's, so that the team test can open two windows at once.

pub mod attachments;
pub mod backups;
pub mod commands;
pub mod dialogs;
pub mod error;
pub mod first_screen;
pub mod keychain;
pub mod page_check;
pub mod reminders;
pub mod settings;
pub mod state;
pub mod team;

use chrono::NaiveDate;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tauri::Manager;

use state::{AppState, Database};

/// Every command the window can call, listed once, and the core's limits (`LIMITS`): the
/// app's invoke handler, the bindings export and the IPC tests (on Tauri's mock runtime)
/// all take them from here. The commands are generic over the runtime; `::<tauri::Wry>`
/// only names one for the bindings' types (the runtime appears in none of them), the
/// handler itself follows `R`.
pub fn specta_builder<R: tauri::Runtime>() -> tauri_specta::Builder<R> {
    let b = tauri_specta::Builder::<R>::new().commands(tauri_specta::collect_commands![
        commands::app::app_info,
        commands::app::set_user_name,
        commands::app::set_notification_detail,
        commands::app::set_language,
        commands::app::open_database::<tauri::Wry>,
        commands::app::quit::<tauri::Wry>,
        commands::app::window_shown,
        commands::backup::recovery_state,
        commands::backup::backup_now,
        commands::backup::list_backups,
        commands::backup::restore_backup::<tauri::Wry>,
        commands::backup::restore_from_file::<tauri::Wry>,
        commands::backup::start_empty_database::<tauri::Wry>,
        commands::protection::protection_state,
        commands::protection::create_database,
        commands::protection::unlock_database,
        commands::protection::forget_passphrase,
        commands::protection::encrypt_database::<tauri::Wry>,
        commands::protection::change_passphrase::<tauri::Wry>,
        commands::items::list_items,
        commands::items::dashboard,
        commands::items::agencies,
        commands::items::get_item,
        commands::items::form_schema,
        commands::items::create_item,
        commands::items::update_item,
        commands::items::record_event,
        commands::items::link_items,
        commands::export::export_items::<tauri::Wry>,
        commands::items::unlink_items,
        commands::items::item_history,
        commands::items::archive_item,
        commands::items::unarchive_item,
        commands::items::erase_item,
        commands::items::archived_items,
        commands::reminders::reminders,
        commands::reminders::reminder_badge,
        commands::reminders::item_reminders,
        commands::reminders::snooze_reminder::<tauri::Wry>,
        commands::reminders::done_reminder::<tauri::Wry>,
        commands::reminders::reminder_settings,
        commands::reminders::set_reminder_settings::<tauri::Wry>,
        commands::reminders::export_calendar::<tauri::Wry>,
        commands::briefs::brief_defaults,
        commands::briefs::set_brief_marking,
        commands::briefs::brief_preview,
        commands::briefs::save_brief_pdf::<tauri::Wry>,
        commands::briefs::save_brief_text::<tauri::Wry>,
        commands::briefs::print_brief::<tauri::Wry>,
        commands::team::team_status::<tauri::Wry>,
        commands::team::team_join::<tauri::Wry>,
        commands::team::team_sync_now::<tauri::Wry>,
        commands::team::team_password::<tauri::Wry>,
        commands::team::team_leave::<tauri::Wry>,
        commands::stats::responsiveness,
        commands::substances::substances,
        commands::substances::add_substance,
        commands::substances::edit_substance,
        commands::attachments::item_attachments,
        commands::attachments::attach_chosen_file::<tauri::Wry>,
        commands::attachments::attach_dropped_files,
        commands::attachments::remove_attachment,
        commands::attachments::open_attachment,
        commands::import::choose_import_file::<tauri::Wry>,
        commands::import::preview_import,
        commands::import::run_import,
    ]);
    b.typ::<counterpart_core::validate::Limits>()
        .constant("LIMITS", counterpart_core::validate::LIMITS)
        .typ::<counterpart_core::model::Vocabulary>()
        .constant("VOCABULARY", counterpart_core::model::Vocabulary::get())
        .typ::<team::TeamChanged>()
        .typ::<team::SyncProgress>()
}

/// Writes the TypeScript bindings to `path`.
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    specta_builder::<tauri::Wry>()
        .export(
            specta_typescript::Typescript::default()
                .header("// Generated by tauri-specta from the Rust types (src-tauri). Never edit by hand.\n// @ts-nocheck"),
            path,
        )
        .map_err(|e| e.to_string())
}

/// What the command line of the app asks for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Launch {
    pub db: Option<PathBuf>,
    pub today: Option<NaiveDate>,
    pub demo: bool,
    pub dialog_answer: Option<PathBuf>,
    /// `--print-answer print|cancel` (test builds only): the print dialog answers so at
    /// once instead of showing itself.
    pub print_answer: Option<bool>,
    /// `--instance NAME` (test builds only): the single-instance lock of this window is
    /// NAME's, so that a test can open two windows at once (team mode's, on two databases).
    pub instance: Option<String>,
}

impl Launch {
    /// Reads `--db`, `--today`, `--demo` and (test builds only) `--dialog-answer`, ignoring
    /// what it does not know, such as the arguments a test driver adds; then
    /// `COUNTERPART_DB`, `COUNTERPART_TODAY` and (test builds only)
    /// `COUNTERPART_DIALOG_ANSWER`.
    pub fn from_args(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Launch, String> {
        let mut launch = Launch::default();
        let mut args = args.into_iter();
        while let Some(a) = args.next() {
            let (flag, inline) = match a.split_once('=') {
                Some((f, v)) => (f.to_owned(), Some(v.to_owned())),
                None => (a.clone(), None),
            };
            match flag.as_str() {
                "--db" => launch.db = inline.or_else(|| args.next()).map(PathBuf::from),
                "--today" => {
                    let v = inline.or_else(|| args.next()).unwrap_or_default();
                    launch.today = Some(parse_today(&v)?);
                }
                "--demo" => launch.demo = true,
                "--dialog-answer" if !cfg!(feature = "test-hooks") => {
                    return Err("--dialog-answer is a test hook: this build has none (only \
                                the end-to-end tests' build, with the `test-hooks` feature)"
                        .to_owned());
                }
                "--dialog-answer" => {
                    let v = inline.or_else(|| args.next()).unwrap_or_default();
                    if v.is_empty() {
                        return Err("--dialog-answer needs a file path".to_owned());
                    }
                    launch.dialog_answer = Some(PathBuf::from(v));
                }
                "--print-answer" if !cfg!(feature = "test-hooks") => {
                    return Err("--print-answer is a test hook: this build has none (only \
                                the end-to-end tests' build, with the `test-hooks` feature)"
                        .to_owned());
                }
                "--print-answer" => {
                    launch.print_answer = match inline.or_else(|| args.next()).as_deref() {
                        Some("print") => Some(true),
                        Some("cancel") => Some(false),
                        _ => return Err("--print-answer takes print or cancel".to_owned()),
                    };
                }
                "--instance" if !cfg!(feature = "test-hooks") => {
                    return Err("--instance is a test hook: this build has none (only the \
                                end-to-end tests' build, with the `test-hooks` feature)"
                        .to_owned());
                }
                "--instance" => {
                    let v = inline.or_else(|| args.next()).unwrap_or_default();
                    if v.is_empty() || !v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                        return Err("--instance needs a name of letters, digits and _".to_owned());
                    }
                    launch.instance = Some(v);
                }
                _ => {}
            }
        }
        if launch.db.is_none() {
            launch.db = env("COUNTERPART_DB")
                .filter(|s| !s.is_empty())
                .map(PathBuf::from);
        }
        if launch.today.is_none() {
            if let Some(v) = env("COUNTERPART_TODAY").filter(|s| !s.is_empty()) {
                launch.today = Some(parse_today(&v)?);
            }
        }
        if cfg!(feature = "test-hooks") && launch.dialog_answer.is_none() {
            launch.dialog_answer = env("COUNTERPART_DIALOG_ANSWER")
                .filter(|s| !s.is_empty())
                .map(PathBuf::from);
        }
        Ok(launch)
    }
}

fn parse_today(v: &str) -> Result<NaiveDate, String> {
    counterpart_core::validate::parse_date("today", v)
        .map_err(|e| format!("--today / COUNTERPART_TODAY: {}", e.message))
}

/// Starts the app.
pub fn run() {
    let launch = match Launch::from_args(std::env::args().skip(1), |k| std::env::var(k).ok()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let settings = settings::Settings::load();
    let today = launch.today;
    let path = if launch.demo {
        demo_database(today)
    } else {
        launch
            .db
            .clone()
            .or_else(|| settings.last_db.clone())
            .map(Ok)
            .unwrap_or_else(|| {
                let p = counterpart_core::db::default_path()?;
                if let Some(dir) = p.parent() {
                    counterpart_core::fsutil::create_private_dir(dir)?;
                }
                Ok::<_, counterpart_core::Error>(p)
            })
    };
    let keychain = keychain::Keychain::system();
    let database = match path {
        Ok(p) => Database::start(&p, &keychain, chrono::Utc::now()),
        Err(e) => Database::failed(PathBuf::new(), &e),
    };
    // The read connection of the first rows, opened before the window: the reminder check
    // and the page check start with it and take the database while they begin, and the
    // first list would otherwise wait behind them to open its reader.
    let reader = match &database {
        Database::Open(db) => db.reader().ok(),
        _ => None,
    };
    let state = AppState {
        db: Arc::new(Mutex::new(database)),
        reads: Arc::new(Mutex::new(reader)),
        settings: Mutex::new(settings),
        today,
        last_command: Arc::new(Mutex::new(std::time::Instant::now())),
        dialog_answer: launch.dialog_answer,
        print_answer: launch.print_answer,
        brief_fonts: Default::default(),
        team: Default::default(),
        attachments: Default::default(),
        pages_damaged: Default::default(),
        first_screen: Default::default(),
    };
    let builder = specta_builder::<tauri::Wry>();
    let context = tauri::generate_context!();
    let mut single = tauri_plugin_single_instance::Builder::new().callback(|app, _args, _cwd| {
        if let Some(w) = app.get_webview_window("main") {
            let _ = w.unminimize();
            let _ = w.show();
            let _ = w.set_focus();
        }
    });
    if let Some(name) = &launch.instance {
        single = single.dbus_id(format!("{}.{name}", context.config().identifier));
    }
    tauri::Builder::default()
        .plugin(single.build())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .manage(state)
        .manage(keychain)
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            reminders::start(app.handle());
            backups::start(app.handle());
            team::start(app.handle());
            page_check::start(app.handle());
            Ok(())
        })
        .plugin(navigation_guard())
        .on_window_event(|window, event| {
            // The paths of files dropped on the window, for `attach_dropped_files`.
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                window
                    .state::<AppState>()
                    .attachments
                    .dropped(paths.clone());
            }
        })
        .build(context)
        .expect("the window could not start")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                let state = app.state::<AppState>();
                // The copies of attachments opened go with the app.
                state.attachments.clean();
                state::close_at_exit(&state.db, &state.reads);
            }
            if let tauri::RunEvent::ExitRequested { .. } = event {
                // The daily backup, if none was made today, before the app goes.
                let state = app.state::<AppState>();
                if let Some(made) = backups::daily_blocking(
                    &state.db,
                    &state.last_command,
                    chrono::Utc::now(),
                    true,
                ) {
                    eprintln!("backed up to {}", made.display());
                }
            }
        });
}

/// Blocks navigation away from the app's own pages (a link or a redirect in user text must
/// never take the window to another origin).
fn navigation_guard() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|_webview, url| is_app_url(url))
        .build()
}

/// The app's own origins: the embedded front end, and Vite's dev server in development.
pub fn is_app_url(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" => true,
        "http" | "https" => {
            url.host_str() == Some("tauri.localhost")
                || (cfg!(dev) && url.host_str() == Some("localhost") && url.port() == Some(5173))
        }
        _ => false,
    }
}

/// A fresh demo database of a few dozen realistic items, in a temporary folder.
fn demo_database(today: Option<NaiveDate>) -> Result<PathBuf, counterpart_core::Error> {
    let dir = std::env::temp_dir().join(format!("counterpart-demo-{}", std::process::id()));
    counterpart_core::fsutil::create_private_dir(&dir)?;
    let path = dir.join("demo.sqlite3");
    let _ = std::fs::remove_file(&path);
    let mut db = counterpart_core::db::Db::open(&path, chrono::Utc::now())?;
    let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
    counterpart_core::demo::populate(&mut db, today, chrono::Utc::now())?;
    Ok(path)
}

#[cfg(test)]
mod tests;
