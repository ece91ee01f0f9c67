//! The shell's own tests: bindings are fresh (compared, never rewritten: see
//! [`typescript_bindings_are_fresh`]), so is the window tests' copy of the form schema,
//! the launch options, the navigation guard.

use super::*;

/// The committed `ui/src/bindings/bindings.ts` is what the Rust types generate. The test
/// only compares (the bindings are generated into a temporary file) and fails with the
/// first lines that differ; it never touches the committed file. To regenerate it after
/// changing a type or a command, run
///
/// ```text
/// COUNTERPART_UPDATE_BINDINGS=1 cargo test -p counterpart-desktop typescript_bindings_are_fresh
/// ```
///
/// and commit the result.
#[test]
fn typescript_bindings_are_fresh() {
    let committed =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings/bindings.ts");
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("bindings.ts");
    export_bindings(&fresh).expect("the bindings export");
    let fresh = std::fs::read_to_string(&fresh).unwrap();
    if std::env::var_os("COUNTERPART_UPDATE_BINDINGS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(committed.parent().unwrap()).unwrap();
        std::fs::write(&committed, &fresh).unwrap();
        return;
    }
    let old = std::fs::read_to_string(&committed).unwrap_or_default();
    if let Some(diff) = first_differences(&old, &fresh, 5) {
        panic!(
            "ui/src/bindings/bindings.ts is stale ({}).\n{diff}\nRegenerate it with \
             `COUNTERPART_UPDATE_BINDINGS=1 cargo test -p counterpart-desktop \
             typescript_bindings_are_fresh`, review and commit it.",
            committed.display()
        );
    }
}

/// Where `old` and `new` differ, as a short diff: the lines between their common beginning
/// and their common end, at most `max` of each side (`-` committed, `+` generated); `None`
/// when they are the same.
fn first_differences(old: &str, new: &str, max: usize) -> Option<String> {
    if old == new {
        return None;
    }
    let (old, new): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    let same = |(a, b): (&&str, &&str)| a == b;
    let head = old.iter().zip(&new).take_while(|&p| same(p)).count();
    let shorter = old.len().min(new.len()) - head;
    let tail = (old.iter().rev().zip(new.iter().rev()))
        .take(shorter)
        .take_while(|&p| same(p))
        .count();
    let (gone, added) = (&old[head..old.len() - tail], &new[head..new.len() - tail]);
    if gone.is_empty() && added.is_empty() {
        return Some(
            "every line is the same: the files differ in line endings or the final newline\n"
                .to_owned(),
        );
    }
    let mut out = format!(
        "from line {}: {} committed line(s) where {} are generated\n",
        head + 1,
        gone.len(),
        added.len()
    );
    for (sign, lines) in [('-', gone), ('+', added)] {
        for line in lines.iter().take(max) {
            out += &format!("{sign} {line}\n");
        }
        if lines.len() > max {
            out += &format!("{sign} … and {} more\n", lines.len() - max);
        }
    }
    Some(out)
}

#[test]
fn differences_show_the_lines_that_differ() {
    assert_eq!(first_differences("a\nb\n", "a\nb\n", 5), None);
    let inserted = first_differences("a\nb\nc\n", "a\nb\nx\ny\nc\n", 5).unwrap();
    assert_eq!(
        inserted,
        "from line 3: 0 committed line(s) where 2 are generated\n+ x\n+ y\n"
    );
    let changed = first_differences("a\nb\nc\n", "a\nB\nc\nd\n", 5).unwrap();
    assert_eq!(
        changed,
        "from line 2: 2 committed line(s) where 3 are generated\n- b\n- c\n+ B\n+ c\n+ d\n"
    );
    let many = first_differences("1\n2\n3\n", "x\ny\nz\n", 2).unwrap();
    assert!(
        many.contains("- 2\n- … and 1 more\n") && many.contains("+ y\n+ … and 1 more\n"),
        "{many}"
    );
    let newline = first_differences("a", "a\n", 5).expect("a trailing newline is a difference");
    assert!(newline.contains("final newline"), "{newline}");
}

/// The window's unit tests answer `form_schema` with `ui/tests/fixtures/form-schema.json`:
/// it must be what the command sends. `UPDATE_FIXTURES=1` rewrites it.
#[test]
fn the_window_tests_form_schema_is_what_the_command_sends() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ui/tests/fixtures/form-schema.json");
    let fresh = serde_json::to_string_pretty(&commands::items::form_schema()).unwrap() + "\n";
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is not what form_schema sends: regenerate it with UPDATE_FIXTURES=1 \
         cargo test -p counterpart-desktop form_schema, then review and commit it",
        path.display()
    );
}

#[test]
fn launch_options() {
    let env = |k: &str| match k {
        "COUNTERPART_DB" => Some("/env/db.sqlite3".to_owned()),
        "COUNTERPART_TODAY" => Some("2024-02-29".to_owned()),
        _ => None,
    };
    let none = |_: &str| None;
    let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let l = Launch::from_args(
        args(&["--db", "/x.sqlite3", "--today=2024-11-18", "--unknown"]),
        env,
    )
    .unwrap();
    assert_eq!(
        l.db.as_deref(),
        Some(std::path::Path::new("/x.sqlite3")),
        "the flag wins over the variable"
    );
    assert_eq!(l.today, "2024-11-18".parse().ok());
    let l = Launch::from_args(args(&[]), env).unwrap();
    assert_eq!(
        l.db.as_deref(),
        Some(std::path::Path::new("/env/db.sqlite3"))
    );
    assert_eq!(l.today, "2024-02-29".parse().ok());
    assert!(Launch::from_args(args(&["--demo"]), none).unwrap().demo);
    let err = Launch::from_args(args(&["--today", "2024-02-30"]), none).unwrap_err();
    assert!(err.contains("not a real date"), "{err}");
}

#[test]
#[cfg(feature = "test-hooks")]
fn dialog_answer_option() {
    let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let none = |_: &str| None;
    let env = |k: &str| (k == "COUNTERPART_DIALOG_ANSWER").then(|| "/env/answer.pdf".to_owned());
    let p = |s: &str| Some(std::path::PathBuf::from(s));
    assert_eq!(
        Launch::from_args(args(&["--dialog-answer", "/t/a.pdf"]), none)
            .unwrap()
            .dialog_answer,
        p("/t/a.pdf")
    );
    assert_eq!(
        Launch::from_args(args(&["--dialog-answer=/t/b c.pdf", "--db", "/x"]), none)
            .unwrap()
            .dialog_answer,
        p("/t/b c.pdf"),
        "the inline form, spaces kept"
    );
    assert_eq!(
        Launch::from_args(args(&[]), env).unwrap().dialog_answer,
        p("/env/answer.pdf"),
        "from the environment"
    );
    assert_eq!(
        Launch::from_args(args(&["--dialog-answer", "/t/a.pdf"]), env)
            .unwrap()
            .dialog_answer,
        p("/t/a.pdf"),
        "the flag wins over the variable"
    );
    assert_eq!(
        Launch::from_args(args(&[]), none).unwrap().dialog_answer,
        None
    );
    let err = Launch::from_args(args(&["--dialog-answer"]), none).unwrap_err();
    assert!(err.contains("--dialog-answer"), "{err}");
}

#[test]
#[cfg(feature = "test-hooks")]
fn instance_option() {
    let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let none = |_: &str| None;
    assert_eq!(
        Launch::from_args(args(&["--instance", "team_b"]), none)
            .unwrap()
            .instance
            .as_deref(),
        Some("team_b")
    );
    for bad in [
        &["--instance"][..],
        &["--instance", "a.b"],
        &["--instance=x y"],
    ] {
        let err = Launch::from_args(args(bad), none).unwrap_err();
        assert!(err.contains("--instance"), "{bad:?}: {err}");
    }
}

/// A build as it ships refuses the test hook's flag and ignores its variable.
#[test]
#[cfg(not(feature = "test-hooks"))]
fn no_dialog_answer_without_test_hooks() {
    let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let env = |k: &str| (k == "COUNTERPART_DIALOG_ANSWER").then(|| "/env/answer.pdf".to_owned());
    let err = Launch::from_args(args(&["--dialog-answer", "/t/a.pdf"]), env).unwrap_err();
    assert!(err.contains("test hook"), "{err}");
    let err = Launch::from_args(args(&["--dialog-answer=/t/a.pdf"]), env).unwrap_err();
    assert!(err.contains("test hook"), "{err}");
    let err = Launch::from_args(args(&["--instance", "b"]), env).unwrap_err();
    assert!(err.contains("test hook"), "{err}");
    assert_eq!(
        Launch::from_args(args(&["--db", "/x"]), env)
            .unwrap()
            .dialog_answer,
        None,
        "the variable is ignored"
    );
}

#[test]
fn navigation_stays_in_the_app() {
    for (url, ok) in [
        ("tauri://localhost/index.html", true),
        ("http://tauri.localhost/", true),
        ("https://example.com/", false),
        ("http://localhost:8080/", false),
        ("file:///etc/passwd", false),
        ("javascript:alert(1)", false),
    ] {
        assert_eq!(is_app_url(&url.parse().unwrap()), ok, "{url}");
    }
}

/// A read does not wait for a write in progress: with the database held (as a backup or
/// an import holds it), the list still answers from the read connection. (A regression
/// to reading through the database lock would hang here: the answer is awaited on
/// another thread, with a generous limit, so the test fails instead of hanging.)
#[test]
fn reads_do_not_wait_for_a_write_in_progress() {
    use crate::state::AppState;
    use counterpart_core::db::list::{self, ListQuery};
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let state = Arc::new(state_on(dir.path()));
    let count =
        |state: Arc<AppState>| {
            tauri::async_runtime::block_on(state.read(|conn| {
                list::count(conn, &ListQuery::default(), "2024-11-18".parse().unwrap())
            }))
        };
    assert_eq!(count(state.clone()).unwrap(), 0, "the reader opens");
    let writing = state.db.lock().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = state.clone();
    std::thread::spawn(move || {
        let _ = tx.send(count(reader));
    });
    let answer = rx.recv_timeout(std::time::Duration::from_secs(60));
    drop(writing);
    assert!(
        matches!(answer, Ok(Ok(0))),
        "the list answered while the database was held: {answer:?}"
    );
}

/// A panic while the database is held (a bug) fails that one command; the next ones work,
/// without a restart.
#[test]
fn a_panic_in_a_command_does_not_wedge_the_database() {
    use counterpart_core::db::list::{self, ListQuery};
    let dir = tempfile::tempdir().unwrap();
    let state = state_on(dir.path());
    let panicked = tauri::async_runtime::block_on(
        state.with_db(|_db| -> counterpart_core::Result<()> { panic!("a bug in a command") }),
    );
    assert!(panicked.is_err(), "the failing command reports a failure");
    assert!(state.db.is_poisoned(), "the panic poisoned the lock");
    let count = tauri::async_runtime::block_on(state.with_db(|db| {
        list::count(
            db.conn(),
            &ListQuery::default(),
            "2024-11-18".parse().unwrap(),
        )
    }));
    assert_eq!(count.unwrap(), 0, "the next command works");
    assert!(!state.db.is_poisoned(), "the poison was cleared");
    assert!(crate::commands::app::info(&state).db_error.is_none());
}

/// The window reads every page in the background when its open trusted the record of the
/// last clean close: a clean file moves the record's date on; damage under an unchanged
/// file (a record forged after it, as a failing disk would leave) is kept for `AppInfo`.
#[test]
fn the_background_check_reads_every_page_the_open_did_not() {
    use crate::page_check::check_now;
    use crate::state::Database;
    use counterpart_core::db::Db;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    // The record keeps whole seconds.
    let week_ago = chrono::Utc::now() - chrono::Duration::days(6);
    let week_ago = chrono::DateTime::from_timestamp(week_ago.timestamp(), 0).unwrap();
    drop(Db::open(&path, week_ago).unwrap());

    // Trusted at its open (last read six days ago): read now, and the date moves on.
    let db = Db::open(&path, chrono::Utc::now()).unwrap();
    assert_eq!(db.pages_last_checked(), Some(week_ago));
    let db = std::sync::Mutex::new(Database::Open(Box::new(db)));
    let found = crate::page_check::Found::default();
    let now = chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp(), 0).unwrap();
    assert!(!check_now(&db, &found, now), "sound");
    match db.into_inner().unwrap() {
        Database::Open(d) => assert_eq!(d.pages_last_checked(), Some(now)),
        _ => panic!("open"),
    }

    // Damage the open did not see.
    let mut bytes = std::fs::read(&path).unwrap();
    for (i, b) in bytes[8192..12288].iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(151).wrapping_add(7);
    }
    std::fs::write(&path, &bytes).unwrap();
    counterpart_core::db::verified::record(&path, week_ago);
    let db = Db::open(&path, chrono::Utc::now()).expect("trusted");
    let db = std::sync::Mutex::new(Database::Open(Box::new(db)));
    assert!(check_now(&db, &found, chrono::Utc::now()), "damage found");
    let (at, report) = found.lock().unwrap().clone().expect("kept");
    assert_eq!(at, path);
    assert!(!report.is_empty());
    // And no longer trusted: the next open reads every page (and refuses the file).
    drop(db);
    assert!(!counterpart_core::db::verified::record_path(&path).exists());
    assert!(matches!(
        Db::open(&path, chrono::Utc::now()),
        Err(counterpart_core::Error::Damaged { .. })
    ));
}

/// The app's state on a new database in `dir`, today pinned to 2024-11-18.
fn state_on(dir: &std::path::Path) -> crate::state::AppState {
    use crate::state::{AppState, Database};
    use std::sync::{Arc, Mutex};
    let db = counterpart_core::db::Db::open(&dir.join("c.sqlite3"), chrono::Utc::now()).unwrap();
    AppState {
        db: Arc::new(Mutex::new(Database::Open(Box::new(db)))),
        reads: Default::default(),
        settings: Mutex::new(crate::settings::Settings::default()),
        today: "2024-11-18".parse().ok(),
        last_command: Arc::new(Mutex::new(std::time::Instant::now())),
        dialog_answer: None,
        print_answer: None,
        brief_fonts: Default::default(),
        team: Default::default(),
        attachments: Default::default(),
        pages_damaged: Default::default(),
        first_screen: Default::default(),
    }
}
