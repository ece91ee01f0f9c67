//! The shell's own tests: bindings are fresh, the launch options, the navigation guard.

use super::*;

#[test]
fn typescript_bindings_are_fresh() {
    let committed =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings/bindings.ts");
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("bindings.ts");
    export_bindings(&fresh).expect("the bindings export");
    let fresh = std::fs::read_to_string(&fresh).unwrap();
    let old = std::fs::read_to_string(&committed).unwrap_or_default();
    if old != fresh {
        std::fs::create_dir_all(committed.parent().unwrap()).unwrap();
        std::fs::write(&committed, &fresh).unwrap();
        panic!(
            "ui/src/bindings/bindings.ts was stale and has been regenerated: review and commit it ({})",
            committed.display()
        );
    }
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
    use crate::state::{AppState, Database};
    use counterpart_core::db::list::{self, ListQuery};
    use std::sync::{Arc, Mutex};
    let dir = tempfile::tempdir().unwrap();
    let db = counterpart_core::db::Db::open(&dir.path().join("c.sqlite3"), chrono::Utc::now())
        .unwrap();
    let state = Arc::new(AppState {
        db: Arc::new(Mutex::new(Database::Open(db))),
        reads: Default::default(),
        settings: Mutex::new(crate::settings::Settings::default()),
        today: "2024-11-18".parse().ok(),
        last_command: Arc::new(Mutex::new(std::time::Instant::now())),
        dialog_answer: None,
        brief_fonts: Default::default(),
    });
    let count = |state: Arc<AppState>| {
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
