//! The commands through Tauri's real IPC layer (its mock runtime), on a temporary database:
//! arguments as the window sends them, results and errors as the window receives them. The
//! window has every command the app registers (its one list, `specta_builder`), and every
//! command the bindings name is checked to be invocable.

use counterpart_core::db::Db;
use counterpart_desktop::keychain::{Keychain, MemoryStore};
use counterpart_desktop::settings::Settings;
use counterpart_desktop::state::{AppState, Database};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

struct Window {
    _dir: tempfile::TempDir,
    window: WebviewWindow<MockRuntime>,
}

fn window() -> Window {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("c.sqlite3"), chrono::Utc::now()).unwrap();
    window_on(dir, Database::Open(Box::new(db)), &memory())
}

/// The window on `db` (in the state the app found it), with `keychain` as the system
/// keychain; `dir` lasts as long as the window.
fn window_on(dir: tempfile::TempDir, db: Database, keychain: &Keychain) -> Window {
    let state = AppState {
        reads: Default::default(),
        db: Arc::new(Mutex::new(db)),
        settings: Mutex::new(Settings::default()),
        today: "2024-11-18".parse().ok(),
        last_command: Arc::new(Mutex::new(std::time::Instant::now())),
        dialog_answer: None,
        print_answer: None,
        brief_fonts: Default::default(),
        team: Default::default(),
        attachments: Default::default(),
        pages_damaged: Default::default(),
        first_screen: Default::default(),
    };
    Window {
        _dir: dir,
        window: app_window_with(Some(state), keychain.clone()),
    }
}

/// The window on a new plain database, with an empty keychain in memory; the database's
/// path and the keychain returned, to look into.
fn window_with_keychain() -> (Window, std::path::PathBuf, Keychain) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let db = Db::open(&path, chrono::Utc::now()).unwrap();
    let keychain = memory();
    (
        window_on(dir, Database::Open(Box::new(db)), &keychain),
        path,
        keychain,
    )
}

/// The window on the database at `path` (in `dir`) as the app finds it at start, with an
/// empty keychain in memory (returned, to look into).
fn started(dir: tempfile::TempDir, path: &std::path::Path) -> (Window, Keychain) {
    let keychain = memory();
    let db = Database::start(path, &keychain, chrono::Utc::now());
    (window_on(dir, db, &keychain), keychain)
}

/// A keychain in memory, empty.
fn memory() -> Keychain {
    Keychain::with_store(MemoryStore::default())
}

/// The app's window on the mock runtime, with every command the app registers (the app's
/// own list, [`counterpart_desktop::specta_builder`]) and `state` managed, if any, with a
/// keychain in memory.
fn app_window(state: Option<AppState>) -> WebviewWindow<MockRuntime> {
    app_window_with(state, memory())
}

/// As [`app_window`], with `keychain` as the system keychain (when there is a state).
fn app_window_with(state: Option<AppState>, keychain: Keychain) -> WebviewWindow<MockRuntime> {
    let mut builder = mock_builder();
    if let Some(state) = state {
        builder = builder.manage(state).manage(keychain);
    }
    let app = builder
        .invoke_handler(counterpart_desktop::specta_builder::<MockRuntime>().invoke_handler())
        .build(mock_context(noop_assets()))
        .unwrap();
    tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap()
}

/// Calls a command as the window does; `Ok(data)` or `Err(ApiError as JSON)`.
fn call(w: &Window, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        &w.window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

fn create(w: &Window, fields: Value) -> Result<Value, Value> {
    call(w, "create_item", json!({ "input": fields }))
}

fn query(extra: Value) -> Value {
    let mut q = json!({
        "kind": null, "status": null, "open": null, "overdue": false, "counterpart": null,
        "search": null, "sort": "days_with_counterpart", "descending": true, "offset": 0, "limit": 50
    });
    for (k, v) in extra.as_object().unwrap() {
        q[k] = v.clone();
    }
    json!({ "query": q })
}

#[test]
fn create_list_show_and_record_events() {
    let w = window();
    let item = create(&w, json!({
        "kind": "extradition", "reference": "EXT-1", "title": "<img src=x onerror=\"window.__xss=1\">",
        "title_zh": "引渡林某某案", "counterpart": "MPS", "transmitted_on": "2024-01-01", "due_on": ""
    }))
    .expect("created");
    assert_eq!(item["status"], "transmitted");
    assert_eq!(
        item["title"], "<img src=x onerror=\"window.__xss=1\">",
        "text is kept as typed"
    );

    let page = call(&w, "list_items", query(json!({}))).unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["rows"][0]["days_with_counterpart"], 322);
    let found = call(&w, "list_items", query(json!({ "search": "林某某" }))).unwrap();
    assert_eq!(found["total"], 1, "search in Chinese");

    let id = item["id"].clone();
    let view = call(&w, "record_event", json!({ "id": id, "input": {
        "type": "info_requested", "on": "2024-02-01", "side": null, "status": null, "note": "fingerprints",
        "due_on": null, "retracts": null
    }}))
    .unwrap();
    assert_eq!(view["status"], "awaiting_us");
    assert_eq!(
        view["days_with_counterpart"], 31,
        "the clock stopped at the request"
    );
    let view = call(
        &w,
        "record_event",
        json!({ "id": id, "input": {
            "type": "info_provided", "on": "2024-03-01", "side": null, "status": null, "note": "",
            "due_on": null, "retracts": null
        }}),
    )
    .unwrap();
    assert_eq!(view["days_with_counterpart"], 322 - 29);
    assert_eq!(view["events"].as_array().unwrap().len(), 3);
    assert!(view["explanation"]
        .as_str()
        .unwrap()
        .contains("minus 29 days awaiting U.S. information"));

    let dash = call(&w, "dashboard", json!({})).unwrap();
    assert_eq!(dash["open"], 1);
    assert_eq!(dash["longest_days"], 293);
}

#[test]
fn bad_input_names_the_fields_and_saves_nothing() {
    let w = window();
    let err = create(
        &w,
        json!({
            "kind": "scheduling", "reference": "SCH-1", "title": "x", "counterpart": "NNCC",
            "transmitted_on": "2024-05-01", "due_on": "2024-04-01", "cas_number": "1609-66-2"
        }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid");
    let fields: Vec<&str> = err["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"due_on") && fields.contains(&"cas_number"),
        "{err}"
    );
    assert_eq!(
        call(&w, "list_items", query(json!({}))).unwrap()["total"],
        0
    );

    let err = call(&w, "record_event", json!({ "id": "01930000-0000-7000-8000-000000000000", "input": {
        "type": "note", "on": "2024-02-30", "side": null, "status": null, "note": "", "due_on": null, "retracts": null
    }}))
    .unwrap_err();
    assert_eq!(err["code"], "invalid", "{err}");
    assert_eq!(err["fields"][0]["field"], "on");
}

#[test]
fn an_edit_from_a_stale_read_is_a_conflict() {
    let w = window();
    let item = create(&w, json!({ "kind": "commitment", "reference": "WG-1", "title": "Share data", "counterpart": "MFA" }))
        .unwrap();
    let edit = |version: &Value, title: &str| {
        call(
            &w,
            "update_item",
            json!({ "id": item["id"], "version": version, "input": {
                "reference": "WG-1", "title": title, "counterpart": "MFA"
            }}),
        )
    };
    let first = edit(&item["version"], "Share seizure data").expect("the first edit");
    assert_eq!(first["version"], 2);
    let err = edit(&item["version"], "Someone else's edit").unwrap_err();
    assert_eq!(err["code"], "conflict", "{err}");
    let shown = call(&w, "get_item", json!({ "id": item["id"] })).unwrap();
    assert_eq!(
        shown["title"], "Share seizure data",
        "the stale edit changed nothing"
    );
}
#[test]
fn reminders_and_history_come_read_and_worded_by_the_core() {
    let w = window();
    let item = create(
        &w,
        json!({
            "kind": "extradition", "reference": "EXT-1", "title": "Surrender of Lin X",
            "counterpart": "MPS", "transmitted_on": "2024-01-01", "due_on": "2024-11-17"
        }),
    )
    .expect("created");
    let id = item["id"].clone();
    let list = call(&w, "reminders", json!({ "withinDays": 14 })).unwrap();
    let r = &list[0];
    assert_eq!(
        (&r["reference"], &r["deadline"]),
        (&json!("EXT-1"), &json!("due"))
    );
    assert_eq!(r["group"], "overdue");
    assert_eq!(r["active"], true);
    assert_eq!(
        r["words"],
        json!({ "heading": "Overdue", "when": "overdue by 1 day", "deadline": "Due date",
                "state": "Pending", "status": "Next reminder 2024-11-18" })
    );
    assert_eq!(call(&w, "reminder_badge", json!({})).unwrap(), 1);
    let mine = call(&w, "item_reminders", json!({ "id": id })).unwrap();
    assert_eq!(mine[0]["words"]["when"], "overdue by 1 day");

    call(
        &w,
        "record_event",
        json!({ "id": id, "input": {
            "type": "acknowledged", "on": "2024-02-01", "side": null, "status": null, "note": "",
            "due_on": null, "retracts": null
        }}),
    )
    .unwrap();
    let h = call(&w, "item_history", json!({ "id": id })).unwrap();
    assert_eq!(
        h[0]["new"],
        json!({ "type": "item", "kind": "extradition", "title": "Surrender of Lin X" })
    );
    let last = h.as_array().unwrap().last().unwrap();
    assert_eq!(last["action"], "event_recorded");
    assert_eq!(
        (&last["new"]["type"], &last["new"]["on"]),
        (&json!("event"), &json!("2024-02-01"))
    );
}

#[test]
fn a_database_that_failed_to_open_is_reported_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.sqlite3");
    std::fs::write(&path, "not a database").unwrap();
    let w = window_on(
        tempfile::tempdir().unwrap(),
        Database::open(&path, chrono::Utc::now()),
        &memory(),
    );
    let info = call(&w, "app_info", json!({})).unwrap();
    assert!(
        info["db_error"]
            .as_str()
            .unwrap()
            .contains("not a Counterpart database"),
        "{info}"
    );
    let err = call(&w, "list_items", query(json!({}))).unwrap_err();
    assert_eq!(err["code"], "damaged");
    assert_eq!(std::fs::read(&path).unwrap(), b"not a database");
}

#[test]
fn brief_preview_is_the_core_model_with_its_labels() {
    let w = window();
    for (kind, r, t, zh, on) in [
        (
            "extradition",
            "EXT-1",
            "Surrender of Lin X",
            "引渡林某某案",
            "2024-01-01",
        ),
        ("scheduling", "SCH-1", "Schedule xylazine", "", "2024-03-01"),
        ("indictment", "IND-1", "Example Biotech", "", "2024-06-01"),
    ] {
        create(
            &w,
            json!({
                "kind": kind, "reference": r, "title": t, "title_zh": zh, "counterpart": "MPS",
                "transmitted_on": on, "due_on": ""
            }),
        )
        .expect("created");
    }
    let options = |extra: Value| {
        let mut o = json!({
            "kinds": [], "open_only": false, "agency": null, "changed_since": null,
            "lang": "en-zh", "title": null, "marking": "SENSITIVE BUT UNCLASSIFIED",
            "prepared_by": "J. Doe"
        });
        for (k, v) in extra.as_object().unwrap() {
            o[k] = v.clone();
        }
        json!({ "options": o })
    };
    let b = call(&w, "brief_preview", options(json!({}))).expect("the preview");
    assert_eq!(b["as_of"], "2024-11-18", "as of the app's today");
    assert_eq!(b["lang"], "en-zh");
    assert_eq!(b["marking_zh"], "敏感但非密");
    assert_eq!(b["prepared_by"], "J. Doe");
    let sections = b["sections"].as_array().unwrap();
    let kinds: Vec<&str> = sections
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["extradition", "indictment", "scheduling"]);
    assert_eq!(sections[0]["label"]["zh"], "引渡请求");
    let ext = &sections[0]["rows"][0];
    assert_eq!(ext["reference"], "EXT-1");
    assert_eq!(ext["title_zh"], "引渡林某某案");
    assert_eq!(ext["days_with_counterpart"], 322);
    assert_eq!(ext["status_label"]["zh"], "已转交");
    assert_eq!(b["summary"]["open"], 3);
    assert_eq!(b["chart"]["by"], "Item");
    assert_eq!(b["chart"]["max"], 322);

    let only = call(
        &w,
        "brief_preview",
        options(json!({ "kinds": ["scheduling"] })),
    )
    .unwrap();
    let refs: Vec<&str> = only["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["rows"].as_array().unwrap())
        .map(|r| r["reference"].as_str().unwrap())
        .collect();
    assert_eq!(refs, ["SCH-1"], "the kinds option filters");
}

#[test]
fn the_marking_setting_is_the_briefs_default() {
    let w = window();
    let d = call(&w, "brief_defaults", json!({})).unwrap();
    assert_eq!(d["marking"], "SENSITIVE BUT UNCLASSIFIED");
    let m = call(
        &w,
        "set_brief_marking",
        json!({ "marking": " FOR OFFICIAL USE ONLY " }),
    );
    assert_eq!(m.unwrap(), "FOR OFFICIAL USE ONLY");
    let d = call(&w, "brief_defaults", json!({})).unwrap();
    assert_eq!(d["marking"], "FOR OFFICIAL USE ONLY");
    let err = call(&w, "set_brief_marking", json!({ "marking": "a\nb" })).unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert_eq!(err["fields"][0]["field"], "marking");
}

/// The commands the window's bindings name (the `commands` object of
/// `ui/src/bindings/bindings.ts`): each one's IPC name and its arguments' names.
fn commands_in_the_bindings() -> Vec<(String, Vec<String>)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../ui/src/bindings/bindings.ts"
    );
    let text = std::fs::read_to_string(path).expect("the bindings");
    let start = text
        .find("export const commands = {")
        .expect("the bindings' commands");
    let block = &text[start..];
    let block = &block[..block.find("\n};").expect("the end of the commands")];
    block
        .split("__TAURI_INVOKE(\"")
        .skip(1)
        .map(|call| {
            let (name, rest) = call.split_once('"').expect("a quoted command name");
            let args = rest
                .strip_prefix(", { ")
                .and_then(|r| r.split_once(" }"))
                .map(|(args, _)| args.split(", ").map(str::to_owned).collect())
                .unwrap_or_default();
            (name.to_owned(), args)
        })
        .collect()
}

/// An IPC error as text (Tauri's own errors are strings; an `ApiError` is shown as JSON).
fn text(e: &Value) -> String {
    e.as_str().map_or_else(|| e.to_string(), str::to_owned)
}

/// Every command the bindings offer the window is registered with the IPC layer, which
/// dispatches it to that command. The window has no state, so no command can do anything:
/// each one refuses at its first argument it cannot extract, naming itself (a command
/// missing from the app's list would be "not found").
#[test]
fn every_command_in_the_bindings_is_registered() {
    let w = Window {
        _dir: tempfile::tempdir().unwrap(),
        window: app_window(None),
    };
    assert_eq!(
        call(&w, "no_such_command", json!({})),
        Err(json!("Command no_such_command not found")),
        "an unregistered command is not found"
    );
    let commands = commands_in_the_bindings();
    assert!(
        commands.iter().any(|(name, _)| name == "app_info"),
        "the bindings' commands were read: {commands:?}"
    );
    let unreached: Vec<String> = commands
        .iter()
        .filter_map(|(name, args)| match call(&w, name, json!({})) {
            Ok(v) => (!args.is_empty())
                .then(|| format!("`{name}` ran without its arguments {args:?}: {v}")),
            Err(e) => {
                let e = text(&e);
                (!e.contains(&format!("command `{name}`")))
                    .then(|| format!("`{name}` did not reach the command: {e}"))
            }
        })
        .collect();
    assert!(unreached.is_empty(), "{unreached:#?}");
}

/// Every command with arguments, called without them, refuses with a deserialization error
/// of its own that names a missing argument (and does nothing).
#[test]
fn every_command_refuses_missing_arguments() {
    let w = window();
    let with_args: Vec<_> = commands_in_the_bindings()
        .into_iter()
        .filter(|(_, args)| !args.is_empty())
        .collect();
    assert!(!with_args.is_empty());
    let accepted: Vec<String> = with_args
        .iter()
        .filter_map(|(name, args)| {
            let refused = match call(&w, name, json!({})) {
                Ok(v) => return Some(format!("`{name}` ran without {args:?}: {v}")),
                Err(e) => text(&e),
            };
            let ok = refused.contains(&format!("for command `{name}`"))
                && refused.contains("missing required key")
                && args
                    .iter()
                    .any(|a| refused.starts_with(&format!("invalid args `{a}`")));
            (!ok).then(|| format!("`{name}` ({args:?}): {refused}"))
        })
        .collect();
    assert!(accepted.is_empty(), "{accepted:#?}");
    assert_eq!(
        call(&w, "list_items", query(json!({}))).unwrap()["total"],
        0,
        "nothing was written"
    );
}

/// The first start: no database yet; the window is told so, creates it encrypted, and the
/// passphrase is kept in the keychain (under the database's path), nowhere else.
#[test]
fn the_first_start_creates_an_encrypted_database_and_keeps_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let (w, keychain) = started(dir, &path);
    let info = call(&w, "app_info", json!({})).unwrap();
    assert_eq!(
        (&info["creating"], &info["locked"]),
        (&json!(true), &json!(false))
    );
    assert!(
        !path.exists(),
        "nothing is created before the window says so"
    );
    let p = call(&w, "protection_state", json!({})).unwrap();
    assert_eq!(p["keychain_problem"], Value::Null, "{p}");
    assert_eq!(
        call(&w, "list_items", query(json!({}))).unwrap_err()["code"],
        "damaged"
    );

    let opened = call(
        &w,
        "create_database",
        json!({ "passphrase": "correct horse", "keep": true }),
    )
    .unwrap();
    assert_eq!(opened["keychain_error"], Value::Null);
    let info = &opened["info"];
    assert_eq!(
        (&info["creating"], &info["encrypted"]),
        (&json!(false), &json!(true))
    );
    let head = std::fs::read(&path).unwrap();
    assert!(!head.starts_with(b"SQLite format 3\0"), "the file is plain");
    assert!(keychain.read(&path).unwrap().is_some(), "not kept");
    assert_eq!(
        call(&w, "list_items", query(json!({}))).unwrap()["total"],
        0
    );
    let p = call(&w, "protection_state", json!({})).unwrap();
    assert_eq!((&p["encrypted"], &p["kept"]), (&json!(true), &json!(true)));
    // Kept under the database's path, so the next start opens it without asking.
    assert!(matches!(
        Database::start(&path, &keychain, chrono::Utc::now()),
        Database::Open(_)
    ));
    assert_eq!(
        call(
            &w,
            "create_database",
            json!({ "passphrase": null, "keep": false })
        )
        .unwrap_err()["code"],
        "internal",
        "a second database is not created over the first"
    );
}

/// Without a passphrase the new database is plain; a keychain that cannot be used is said,
/// and the database is created (encrypted) all the same.
#[test]
fn the_first_start_without_encryption_or_without_a_keychain() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.sqlite3");
    let keychain = memory();
    let w = window_on(dir, Database::New { path: path.clone() }, &keychain);
    let opened = call(
        &w,
        "create_database",
        json!({ "passphrase": null, "keep": true }),
    )
    .unwrap();
    assert_eq!(opened["info"]["encrypted"], false);
    assert!(std::fs::read(&path)
        .unwrap()
        .starts_with(b"SQLite format 3\0"));
    assert!(keychain.read(&path).unwrap().is_none());

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let none = Keychain::with_store(MemoryStore::unavailable(
        "no Secret Service on the session bus",
    ));
    let w = window_on(dir, Database::New { path: path.clone() }, &none);
    let p = call(&w, "protection_state", json!({})).unwrap();
    assert_eq!(
        p["keychain_problem"],
        "no Secret Service on the session bus"
    );
    let err = call(
        &w,
        "create_database",
        json!({ "passphrase": "", "keep": false }),
    )
    .unwrap_err();
    assert_eq!(
        (&err["code"], &err["fields"][0]["field"]),
        (&json!("invalid"), &json!("passphrase"))
    );
    assert!(!path.exists(), "an empty passphrase creates nothing");
    let opened = call(
        &w,
        "create_database",
        json!({ "passphrase": "pp", "keep": true }),
    )
    .unwrap();
    assert_eq!(opened["info"]["encrypted"], true);
    let said = opened["keychain_error"].as_str().unwrap();
    assert!(
        said.contains("no Secret Service") && said.contains("ask for it at the next start"),
        "{said}"
    );
}

/// An encrypted database whose passphrase is not kept: the window asks; a wrong one is
/// refused plainly (`wrong_passphrase`) with nothing touched and the database still
/// locked; the right one opens it, and is kept only when asked.
#[test]
fn a_wrong_passphrase_is_refused_plainly_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let right = counterpart_core::db::Passphrase::new("right one".into()).unwrap();
    drop(Db::open_keyed(&path, Some(&right), chrono::Utc::now()).unwrap());
    let before = std::fs::read(&path).unwrap();
    let (w, keychain) = started(dir, &path);
    let info = call(&w, "app_info", json!({})).unwrap();
    assert_eq!(
        (&info["locked"], &info["encrypted"]),
        (&json!(true), &json!(true))
    );
    assert_eq!(
        call(&w, "list_items", query(json!({}))).unwrap_err()["code"],
        "damaged"
    );

    let err = call(
        &w,
        "unlock_database",
        json!({ "passphrase": "wrong one", "keep": true }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "wrong_passphrase");
    assert_eq!(
        err["message"],
        "That passphrase does not open this database."
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file was touched"
    );
    assert_eq!(call(&w, "app_info", json!({})).unwrap()["locked"], true);
    assert!(
        keychain.read(&path).unwrap().is_none(),
        "a wrong one was kept"
    );

    let opened = call(
        &w,
        "unlock_database",
        json!({ "passphrase": "right one", "keep": false }),
    )
    .unwrap();
    assert_eq!(
        (&opened["info"]["locked"], &opened["keychain_error"]),
        (&json!(false), &Value::Null)
    );
    assert_eq!(
        call(&w, "list_items", query(json!({}))).unwrap()["total"],
        0
    );
    assert!(
        keychain.read(&path).unwrap().is_none(),
        "kept although not asked"
    );
}

/// Settings: a plain database is encrypted (its items kept, the passphrase kept in the
/// keychain, the plain file as it was named); a wrong current passphrase changes nothing;
/// the right one changes it (the old one forgotten when the new one is not to be kept).
#[test]
fn settings_encrypt_the_database_and_change_its_passphrase() {
    let (w, path, keychain) = window_with_keychain();
    create(
        &w,
        json!({ "kind": "extradition", "reference": "EXT-9", "title": "Kept through it all",
                "counterpart": "MPS", "transmitted_on": "2024-01-01" }),
    )
    .unwrap();
    let p = call(&w, "protection_state", json!({})).unwrap();
    assert_eq!(
        (&p["encrypted"], &p["kept"]),
        (&json!(false), &json!(false))
    );

    let done = call(
        &w,
        "encrypt_database",
        json!({ "passphrase": "first", "keep": true }),
    )
    .unwrap();
    assert_eq!(done["info"]["encrypted"], true, "{done}");
    assert!(
        done.get("kept_aside").is_none(),
        "no plain copy is kept: {done}"
    );
    let names: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.contains("before-encrypt")),
        "no plain copy is left beside it: {names:?}"
    );
    assert!(!std::fs::read(&path)
        .unwrap()
        .starts_with(b"SQLite format 3\0"));
    assert_eq!(
        call(&w, "list_items", query(json!({}))).unwrap()["total"],
        1
    );
    let p = call(&w, "protection_state", json!({})).unwrap();
    assert_eq!((&p["encrypted"], &p["kept"]), (&json!(true), &json!(true)));

    let err = call(
        &w,
        "change_passphrase",
        json!({ "current": "wrong", "passphrase": "second", "keep": true }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "wrong_passphrase");
    assert_eq!(
        call(&w, "list_items", query(json!({}))).unwrap()["total"],
        1
    );
    let first = counterpart_core::db::Passphrase::new("first".into()).unwrap();
    drop(Db::open_keyed(&path, Some(&first), chrono::Utc::now()).expect("still the first"));

    let done = call(
        &w,
        "change_passphrase",
        json!({ "current": "first", "passphrase": "second", "keep": false }),
    )
    .unwrap();
    assert_eq!(done["keychain_error"], Value::Null, "{done}");
    assert_eq!(
        call(&w, "list_items", query(json!({}))).unwrap()["total"],
        1
    );
    let second = counterpart_core::db::Passphrase::new("second".into()).unwrap();
    drop(Db::open_keyed(&path, Some(&second), chrono::Utc::now()).expect("now the second"));
    assert!(
        keychain.read(&path).unwrap().is_none(),
        "the old one is still kept"
    );
}

#[test]
fn settings_forget_the_kept_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let pass = counterpart_core::db::Passphrase::new("kept".into()).unwrap();
    let db = Db::open_keyed(&path, Some(&pass), chrono::Utc::now()).unwrap();
    let keychain = memory();
    keychain.keep(&path, "kept").unwrap();
    let w = window_on(dir, Database::Open(Box::new(db)), &keychain);
    assert_eq!(
        call(&w, "protection_state", json!({})).unwrap()["kept"],
        true
    );
    let p = call(&w, "forget_passphrase", json!({})).unwrap();
    assert_eq!((&p["encrypted"], &p["kept"]), (&json!(true), &json!(false)));
    assert!(keychain.read(&path).unwrap().is_none());
    assert!(matches!(
        Database::start(&path, &keychain, chrono::Utc::now()),
        Database::Locked { .. }
    ));
}

/// Leaving the recovery screen for an empty database goes through the first start's offer:
/// the new database is encrypted when the user chooses so (it is not made plain behind
/// their back, as it was before, when the damaged one was encrypted).
#[test]
fn an_empty_database_after_damage_is_offered_encryption() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let damaged = Database::Damaged {
        path: path.clone(),
        moved_to: dir.path().join("c.sqlite3.damaged"),
        message: "malformed".into(),
    };
    let w = window_on(dir, damaged, &memory());
    let info = call(&w, "start_empty_database", json!({})).unwrap();
    assert_eq!(
        (&info["recovering"], &info["creating"]),
        (&json!(false), &json!(true))
    );
    assert!(!path.exists(), "nothing is created before the user chooses");
    let opened = call(
        &w,
        "create_database",
        json!({ "passphrase": "pp", "keep": false }),
    )
    .unwrap();
    assert_eq!(opened["info"]["encrypted"], true);
}

/// An encrypted database opened with a passphrase typed (not kept anywhere) is backed up
/// and checked, and its backup restored, with that passphrase: the window remembers it for
/// the run (in memory), and the database stays open after the restore.
#[test]
fn an_encrypted_database_is_backed_up_and_restored_with_the_passphrase_typed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let (w, keychain) = started(dir, &path);
    call(
        &w,
        "create_database",
        json!({ "passphrase": "typed only", "keep": false }),
    )
    .unwrap();
    assert!(keychain.read(&path).unwrap().is_none());
    let item = |r: &str| {
        json!({ "kind": "extradition", "reference": r, "title": "Kept encrypted",
                "counterpart": "MPS", "transmitted_on": "2024-01-01" })
    };
    create(&w, item("EXT-1")).unwrap();
    let made = call(&w, "backup_now", json!({})).unwrap();
    assert_eq!(made["items"], 1, "{made}");
    let backup = made["path"].as_str().unwrap().to_owned();
    assert!(!std::fs::read(&backup)
        .unwrap()
        .starts_with(b"SQLite format 3\0"));
    create(&w, item("EXT-2")).unwrap();
    assert_eq!(
        call(&w, "list_items", query(json!({}))).unwrap()["total"],
        2
    );

    let restored = call(&w, "restore_backup", json!({ "path": backup })).unwrap();
    assert_eq!(restored["items"], 1, "{restored}");
    let info = &restored["info"];
    assert_eq!(
        (&info["locked"], &info["encrypted"], &info["db_error"]),
        (&json!(false), &json!(true), &Value::Null)
    );
    assert_eq!(
        call(&w, "list_items", query(json!({}))).unwrap()["total"],
        1
    );
}

/// An encrypted database found damaged once its passphrase is typed: moved aside (the
/// recovery screen), and its newest backup — encrypted — is offered and restored with the
/// passphrase typed.
#[test]
fn a_damaged_encrypted_database_is_recovered_with_the_passphrase_typed() {
    use counterpart_core::backup::Reason;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let pass = counterpart_core::db::Passphrase::new("typed".into()).unwrap();
    let db = Db::open_keyed(&path, Some(&pass), chrono::Utc::now()).unwrap();
    let pages = db.page_count().unwrap() as usize;
    db.backup_now(Reason::Daily, chrono::Utc::now()).unwrap();
    drop(db);
    // A page past the first damaged: the passphrase opens it, its check fails.
    let mut bytes = std::fs::read(&path).unwrap();
    let page = pages - 1;
    for b in &mut bytes[page * 4096 + 1000..page * 4096 + 1010] {
        *b ^= 0x5a;
    }
    std::fs::write(&path, &bytes).unwrap();
    let (w, _) = started(dir, &path);
    assert_eq!(call(&w, "app_info", json!({})).unwrap()["locked"], true);
    let opened = call(
        &w,
        "unlock_database",
        json!({ "passphrase": "typed", "keep": false }),
    )
    .unwrap();
    assert_eq!(opened["info"]["recovering"], true, "{opened}");
    let r = call(&w, "recovery_state", json!({})).unwrap();
    let offered = &r["recovery"]["backup"];
    assert_eq!(offered["items"], 0, "the encrypted backup is offered: {r}");
    let restored = call(
        &w,
        "restore_backup",
        json!({ "path": offered["path"].as_str().unwrap() }),
    )
    .unwrap();
    assert_eq!(
        (
            &restored["info"]["recovering"],
            &restored["info"]["encrypted"]
        ),
        (&json!(false), &json!(true)),
        "{restored}"
    );
    assert_eq!(
        call(&w, "list_items", query(json!({}))).unwrap()["total"],
        0
    );
}

/// A team server of the test's own: the schema, and `ana` and `li` of STATE (passwords
/// `ana-pw`, `li-pw`).
fn team_server() -> counterpart_team::testing::Cluster {
    let cluster = counterpart_team::testing::Cluster::start();
    tauri::async_runtime::block_on(async {
        let mut admin = cluster.admin().await;
        counterpart_team::server::init(&mut admin).await.unwrap();
        for user in ["ana", "li"] {
            counterpart_team::server::add_user(&mut admin, user, "STATE", &format!("{user}-pw"))
                .await
                .unwrap();
        }
    });
    cluster
}

fn team_url(cluster: &counterpart_team::testing::Cluster) -> String {
    format!(
        "postgresql://127.0.0.1:{}/postgres?sslmode=disable",
        cluster.port
    )
}

fn join(w: &Window, server: &str, user: &str, password: &str) -> Result<Value, Value> {
    call(
        w,
        "team_join",
        json!({ "server": server, "user": user, "password": password }),
    )
}

/// Whether any file of the database in `dir` holds `secret`.
fn files_hold(dir: &std::path::Path, secret: &str) -> bool {
    std::fs::read_dir(dir).unwrap().flatten().any(|e| {
        std::fs::read(e.path())
            .map(|b| b.windows(secret.len()).any(|w| w == secret.as_bytes()))
            .unwrap_or(false)
    })
}

/// Bad input to the join form is refused naming its field; nothing is joined.
#[test]
fn team_join_refuses_bad_input_naming_the_field() {
    let w = window();
    assert_eq!(call(&w, "team_status", json!({})), Ok(Value::Null));
    for (server, user, password, field) in [
        ("", "ana", "pw", "server"),
        ("postgresql://127.0.0.1/team", "", "pw", "user"),
        ("postgresql://127.0.0.1/team", "ana", "", "password"),
        ("https://team.example.gov", "ana", "pw", "server"),
    ] {
        let e = join(&w, server, user, password).unwrap_err();
        assert_eq!(e["code"], "invalid", "{e}");
        assert_eq!(e["fields"][0]["field"], field, "{e}");
    }
    assert_eq!(call(&w, "team_status", json!({})), Ok(Value::Null));
}

/// Joining a real team: the items go to the server, the status says who and where, the
/// password is in the keychain (under the command line's account) and in no file of the
/// database; leaving forgets it.
#[test]
fn joining_a_real_team_keeps_the_password_in_the_keychain_only() {
    let cluster = team_server();
    let (w, path, keychain) = window_with_keychain();
    create(
        &w,
        json!({"kind": "extradition", "reference": "T-1", "title": "Shared", "counterpart": "MPS", "transmitted_on": "2024-10-01"}),
    )
    .unwrap();
    let joined = join(&w, &team_url(&cluster), "ana", "ana-pw").unwrap();
    assert_eq!(joined["agency"], "STATE");
    assert!(joined["pushed"].as_u64().unwrap() >= 1, "{joined}");
    assert_eq!(joined["keychain_error"], Value::Null);
    let status = call(&w, "team_status", json!({})).unwrap();
    assert_eq!(
        (&status["user"], &status["agency"]),
        (&json!("ana"), &json!("STATE"))
    );
    assert_eq!(status["pending"], 0);
    assert_eq!(status["error"], Value::Null);
    assert!(status["last_sync"].is_string(), "{status}");
    assert!(!status["server"].as_str().unwrap().contains("ana-pw"));
    let account = format!("team:ana@127.0.0.1:{}/postgres", cluster.port);
    assert_eq!(
        keychain
            .team_password(&account)
            .unwrap()
            .as_deref()
            .map(String::as_str),
        Some("ana-pw")
    );
    assert!(
        !files_hold(path.parent().unwrap(), "ana-pw"),
        "the password is in a file"
    );

    let synced = call(&w, "team_sync_now", json!({})).unwrap();
    assert_eq!(
        (&synced["pushed"], &synced["pulled"]),
        (&json!(0), &json!(0))
    );

    assert_eq!(call(&w, "team_leave", json!({})), Ok(Value::Null));
    assert_eq!(call(&w, "team_status", json!({})), Ok(Value::Null));
    assert!(
        keychain.team_password(&account).unwrap().is_none(),
        "forgotten"
    );
    assert_eq!(
        call(&w, "list_items", query(json!({}))).unwrap()["total"],
        1,
        "items kept"
    );
}

/// A wrong password is the server's refusal, said plainly; nothing is joined.
#[test]
fn a_wrong_team_password_joins_nothing() {
    let cluster = team_server();
    let w = window();
    let e = join(&w, &team_url(&cluster), "ana", "not-the-password").unwrap_err();
    assert!(text(&e).contains("password authentication failed"), "{e}");
    assert!(!text(&e).contains("not-the-password"), "{e}");
    assert_eq!(call(&w, "team_status", json!({})), Ok(Value::Null));
}

/// A keychain that cannot keep the password: the join goes through, says so, and syncs
/// with the password typed until the app closes.
#[test]
fn a_team_password_the_keychain_cannot_keep_is_used_for_the_run() {
    let cluster = team_server();
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("c.sqlite3"), chrono::Utc::now()).unwrap();
    let keychain = Keychain::with_store(MemoryStore::unavailable("no Secret Service"));
    let w = window_on(dir, Database::Open(Box::new(db)), &keychain);
    let joined = join(&w, &team_url(&cluster), "ana", "ana-pw").unwrap();
    assert!(
        text(&joined["keychain_error"]).contains("no Secret Service"),
        "{joined}"
    );
    assert!(call(&w, "team_sync_now", json!({})).is_ok());
}

/// The server goes away: "Sync now" says why, and the status says offline since when,
/// with the error; what was recorded meanwhile waits.
#[test]
fn syncing_offline_says_so_and_keeps_what_waits() {
    let cluster = team_server();
    let w = window();
    join(&w, &team_url(&cluster), "ana", "ana-pw").unwrap();
    drop(cluster);
    create(
        &w,
        json!({"kind": "extradition", "reference": "T-2", "title": "Offline", "counterpart": "MPS"}),
    )
    .unwrap();
    let e = call(&w, "team_sync_now", json!({})).unwrap_err();
    assert!(text(&e).contains("team server"), "{e}");
    let status = call(&w, "team_status", json!({})).unwrap();
    assert!(status["offline_since"].is_string(), "{status}");
    assert!(text(&status["error"]).contains("waits here"), "{status}");
    assert_eq!(status["pending"], 1);
}

/// Two copies edit one title without seeing each other's edit: after both synced, the copy
/// whose value was overwritten shows the conflict in the item's history, worded (the
/// window's history is the core's, conflict rows included).
#[test]
fn an_edit_conflict_reaches_the_history_of_the_copy_that_lost() {
    let cluster = team_server();
    let (ana, li) = (window(), window());
    let item = create(
        &ana,
        json!({"kind": "commitment", "reference": "WG-9", "title": "Share data", "counterpart": "MFA"}),
    )
    .unwrap();
    join(&ana, &team_url(&cluster), "ana", "ana-pw").unwrap();
    join(&li, &team_url(&cluster), "li", "li-pw").unwrap();
    let edit = |w: &Window, title: &str| {
        let v = call(w, "get_item", json!({ "id": item["id"] })).unwrap();
        call(
            w,
            "update_item",
            json!({ "id": item["id"], "version": v["version"], "input": {
                "reference": "WG-9", "title": title, "counterpart": "MFA"
            }}),
        )
        .unwrap();
    };
    edit(&ana, "Share seizure data");
    edit(&li, "Share lab data");
    for w in [&ana, &li, &ana] {
        call(w, "team_sync_now", json!({})).unwrap();
    }
    let title =
        |w: &Window| call(w, "get_item", json!({ "id": item["id"] })).unwrap()["title"].clone();
    assert_eq!(title(&ana), title(&li), "both copies agree");
    assert_eq!(
        title(&ana),
        "Share lab data",
        "the later edit in the server's order stands"
    );
    let history = call(&ana, "item_history", json!({ "id": item["id"] })).unwrap();
    let conflict = history
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "conflict")
        .unwrap_or_else(|| panic!("no conflict row in {history:#}"));
    assert_eq!(conflict["field"], "title");
    assert_eq!(conflict["old"]["text"], "Share seizure data", "{conflict}");
    assert_eq!(conflict["new"]["text"], "Share lab data", "{conflict}");
}

/// A database joined from the command line (its password from COUNTERPART_TEAM_PASSWORD,
/// kept nowhere): the window says a password is needed, refuses one the server refuses
/// (keeping nothing), and keeps the right one once a sync with it worked.
#[test]
fn a_team_password_typed_in_the_window_is_checked_then_kept() {
    let cluster = team_server();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let mut db = Db::open(&path, chrono::Utc::now()).unwrap();
    let author = counterpart_core::op::Author::new(
        chrono::Utc::now(),
        "2024-11-18".parse().unwrap(),
        Some("cli".into()),
    );
    tauri::async_runtime::block_on(counterpart_team::client::join(
        &mut db,
        &team_url(&cluster),
        "ana",
        "ana-pw",
        &author,
        &mut |_| {},
    ))
    .unwrap();
    let keychain = memory();
    let w = window_on(dir, Database::Open(Box::new(db)), &keychain);
    let e = call(&w, "team_sync_now", json!({})).unwrap_err();
    assert!(text(&e).contains("no password for ana"), "{e}");
    let status = call(&w, "team_status", json!({})).unwrap();
    assert_eq!(status["password_needed"], true, "{status}");

    let e = call(&w, "team_password", json!({ "password": "wrong" })).unwrap_err();
    assert!(text(&e).contains("password authentication failed"), "{e}");
    let account = format!("team:ana@127.0.0.1:{}/postgres", cluster.port);
    assert!(
        keychain.team_password(&account).unwrap().is_none(),
        "a refused password is not kept"
    );
    assert_eq!(
        call(&w, "team_status", json!({})).unwrap()["password_needed"],
        true
    );

    let kept = call(&w, "team_password", json!({ "password": "ana-pw" })).unwrap();
    assert_eq!(kept["keychain_error"], Value::Null);
    assert_eq!(
        (&kept["status"]["password_needed"], &kept["status"]["error"]),
        (&json!(false), &Value::Null)
    );
    assert_eq!(
        keychain
            .team_password(&account)
            .unwrap()
            .as_deref()
            .map(String::as_str),
        Some("ana-pw")
    );
}

/// A server that takes the connection and never answers (a network that swallows packets):
/// "Sync now" gives up within the connection limit, offline, instead of holding the
/// database for as long as TCP would wait.
#[test]
fn a_server_that_never_answers_is_offline_within_the_limit() {
    let cluster = team_server();
    let w = window();
    join(&w, &team_url(&cluster), "ana", "ana-pw").unwrap();
    let port = cluster.port;
    drop(cluster);
    // Bound, never accepted: the kernel completes the handshake; nothing ever answers.
    let _silent = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    let started = std::time::Instant::now();
    let e = call(&w, "team_sync_now", json!({})).unwrap_err();
    assert!(text(&e).contains("did not answer"), "{e}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    let status = call(&w, "team_status", json!({})).unwrap();
    assert!(status["offline_since"].is_string(), "{status}");
}

#[test]
fn the_substance_registry_through_the_window() {
    let w = window();
    let draft = |cas: &str, name: &str, prc_on: &str| {
        json!({ "input": {
            "cas": cas, "name": name, "name_zh": "", "class": "precursor", "us_control": "",
            "prc_control": "", "prc_controlled_on": prc_on, "un_table": "I", "source": ""
        }})
    };
    // A wrong check digit: refused naming `cas`, nothing stored.
    let err = call(&w, "add_substance", draft("7361-61-8", "Xylazine", "")).unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert_eq!(err["fields"][0]["field"], "cas", "{err}");
    // A date that is no date: refused naming its field.
    let err = call(
        &w,
        "add_substance",
        draft("7361-61-7", "Xylazine", "07/01/2025"),
    )
    .unwrap_err();
    assert_eq!(err["fields"][0]["field"], "prc_controlled_on", "{err}");
    let all = |uncontrolled: bool| {
        call(
            &w,
            "substances",
            json!({ "notControlledByPrc": uncontrolled }),
        )
        .unwrap()
    };
    assert_eq!(all(false), json!([]));

    let added = call(&w, "add_substance", draft(" 7361-61-7 ", "Xylazine", "")).unwrap();
    assert_eq!(added["cas"], "7361-61-7");
    assert_eq!(added["name_zh"], Value::Null, "an empty text is none");
    call(
        &w,
        "add_substance",
        draft("39742-60-4", "NPP", "2017-03-01"),
    )
    .unwrap();
    let cas = |v: Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s["cas"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(cas(all(false)), ["39742-60-4", "7361-61-7"]);
    assert_eq!(cas(all(true)), ["7361-61-7"], "the core's filter");

    // Marking it controlled by the PRC is an edit of its facts.
    let edited = call(
        &w,
        "edit_substance",
        draft("7361-61-7", "Xylazine", "2025-07-01"),
    )
    .unwrap();
    assert_eq!(edited["prc_controlled_on"], "2025-07-01");
    assert_eq!(all(true), json!([]));
    let err = call(&w, "edit_substance", draft("50-00-0", "Formaldehyde", "")).unwrap_err();
    assert_eq!(err["fields"][0]["field"], "cas", "{err}");
}

/// The window's import (issue 14), through the IPC layer with a progress channel: the
/// preview writes nothing and names the bad row by its line and field; the import of that
/// file is refused whole; once fixed it is written, after a backup.
#[test]
fn the_import_previews_then_imports_all_or_nothing() {
    let w = window();
    let csv = w._dir.path().join("in.csv");
    let bad = "kind,reference,title,counterpart\r\nextradition,W-1,One,Ministry of Public Security\r\nextradition,W-2,,MPS\r\n";
    std::fs::write(&csv, bad).unwrap();
    let args = json!({ "path": csv, "progress": "__CHANNEL__:1" });
    let total = |w: &Window| {
        call(w, "list_items", query(json!({ "open": null }))).unwrap()["total"].clone()
    };

    let p = call(&w, "preview_import", args.clone()).unwrap();
    assert_eq!(
        (p["format"].clone(), p["items"].clone()),
        (json!("csv"), json!(1))
    );
    assert_eq!(
        p["errors"],
        json!([{
            "line": 3,
            "field": "title",
            "message": "is required",
            "problem": { "key": "required" }
        }]),
        "each row's problem keyed, for the window to word in its language"
    );
    assert_eq!(p["first"][0]["reference"], "W-1");
    assert_eq!(
        p["first"][0]["counterpart"], "MPS",
        "as stored: the agency's code"
    );
    assert_eq!(total(&w), 0, "the preview wrote nothing");

    let refused = call(&w, "run_import", args.clone()).unwrap_err();
    assert_eq!(refused["code"], "invalid", "{refused}");
    assert!(text(&refused).contains("line 3"), "{refused}");
    assert_eq!(total(&w), 0, "all or nothing");

    std::fs::write(&csv, bad.replace("W-2,,", "W-2,Two,")).unwrap();
    let done = call(&w, "run_import", args).unwrap();
    assert_eq!(
        (done["items"].clone(), done["events"].clone()),
        (json!(2), json!(0))
    );
    let backup = std::path::PathBuf::from(done["backup"].as_str().unwrap());
    assert!(backup.is_file(), "the backup made first: {backup:?}");
    assert_eq!(total(&w), 2);
}
