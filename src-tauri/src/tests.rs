//! The shell's own tests: bindings are fresh, so is the window tests' copy of the form
//! schema, the launch options, the navigation guard.

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
