//! Black-box tests of the audit trail's commands: `check` (exit 0 when sound; exit 1
//! naming the first bad row after tampering with the file behind the program's back),
//! `archive` / `unarchive` / `list --archived`, `erase` (which needs `--yes`) and
//! `history`.

mod common;
use common::{ok, run, text};

use std::path::{Path, PathBuf};
use std::process::Output;
use tempfile::TempDir;

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

/// A database with three items, events, an edit-free history and a link.
fn database() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    for (kind, r, agency) in [
        ("extradition", "EXT-1", "MPS"),
        ("indictment", "IND-1", "SPP"),
        ("scheduling", "SCH-1", "NNCC"),
    ] {
        ok(
            run(
                &db,
                &[
                    "add",
                    "--kind",
                    kind,
                    "--reference",
                    r,
                    "--title",
                    "A title",
                    "--counterpart",
                    agency,
                    "--transmitted-on",
                    "2024-01-02",
                    "--due-on",
                    "2024-06-01",
                ],
            ),
            "add",
        );
    }
    ok(
        run(
            &db,
            &[
                "event",
                "EXT-1",
                "--type",
                "acknowledged",
                "--on",
                "2024-01-05",
            ],
        ),
        "event",
    );
    ok(
        run(&db, &["link", "EXT-1", "IND-1", "--user", "ana"]),
        "link",
    );
    (dir, db)
}

fn refs(db: &Path) -> Vec<String> {
    let out = ok(run(db, &["list", "--format", "json"]), "list");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r["reference"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn check_passes_on_a_sound_database_and_prints_the_head() {
    let (_dir, db) = database();
    let out = ok(run(&db, &["check"]), "check");
    assert!(out.contains("audit trail: ok (6 row(s) checked)"), "{out}");
    assert!(out.contains("integrity_check): ok"), "{out}");
    let head = out
        .lines()
        .find_map(|l| l.strip_prefix("head: "))
        .unwrap_or_else(|| panic!("a head: {out}"));
    let (seq, hash) = head.split_once(':').expect("seq:hash");
    assert_eq!(seq, "6", "{out}");
    assert_eq!(hash.len(), 64);
}

fn tampered(sql: &str) -> Output {
    let (dir, db) = database();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(&format!(
        "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; {sql}"
    ))
    .unwrap();
    drop(conn);
    let o = run(&db, &["check"]);
    drop(dir);
    o
}

#[test]
fn check_names_a_changed_row() {
    let o = tampered("UPDATE audit_log SET new_value = '{\"kind\":\"extradition\",\"title\":\"Other\"}' WHERE seq = 2");
    assert_eq!(code(&o), Some(1), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("error: audit row 2: its content does not match its hash"),
        "{err}"
    );
    assert!(
        text(&o.stdout).contains("audit trail: BROKEN"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn check_names_a_deleted_row() {
    let o = tampered("DELETE FROM audit_log WHERE seq = 3");
    assert_eq!(code(&o), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("audit row 4: the rows between 2 and 4 are missing"),
        "{err}"
    );
}

#[test]
fn check_detects_reordered_rows() {
    let o = tampered(
        "UPDATE audit_log SET seq = 100 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3;
         UPDATE audit_log SET seq = 3 WHERE seq = 100",
    );
    assert_eq!(code(&o), Some(1));
    assert!(
        text(&o.stderr).contains("error: audit row 2"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn archive_hides_and_unarchive_brings_back() {
    let (dir, db) = database();
    assert_eq!(refs(&db), ["EXT-1", "IND-1", "SCH-1"]);
    let out = ok(run(&db, &["archive", "IND-1"]), "archive");
    assert!(out.contains("archived IND-1"), "{out}");
    assert_eq!(refs(&db), ["EXT-1", "SCH-1"], "out of the list");
    let archived = ok(run(&db, &["list", "--archived"]), "list --archived");
    assert!(archived.contains("IND-1"), "{archived}");
    let reminders = ok(run(&db, &["reminders", "--format", "json"]), "reminders");
    assert!(
        !reminders.contains("IND-1"),
        "out of reminders: {reminders}"
    );
    let md = dir.path().join("b.md");
    ok(
        run(
            &db,
            &["brief", "--format", "md", "-o", md.to_str().unwrap()],
        ),
        "brief",
    );
    let brief = std::fs::read_to_string(&md).unwrap();
    assert!(
        !brief.contains("IND-1") && brief.contains("EXT-1"),
        "out of the brief"
    );
    let show = ok(run(&db, &["show", "IND-1"]), "show an archived item");
    assert!(show.contains("ARCHIVED on"), "{show}");
    let again = run(&db, &["archive", "IND-1"]);
    assert_eq!(
        code(&again),
        Some(3),
        "archived twice: {}",
        text(&again.stderr)
    );

    ok(run(&db, &["unarchive", "IND-1"]), "unarchive");
    assert_eq!(refs(&db), ["EXT-1", "IND-1", "SCH-1"]);
    assert!(ok(run(&db, &["list", "--archived"]), "").contains("No archived items"));
    let history = ok(run(&db, &["history", "IND-1"]), "history");
    assert!(
        history.contains("archived") && history.contains("restored"),
        "{history}"
    );
    ok(run(&db, &["check"]), "check");
}

#[test]
fn erase_needs_yes_and_keeps_only_the_trail() {
    let (_dir, db) = database();
    let no = run(&db, &["erase", "EXT-1"]);
    assert_eq!(code(&no), Some(2), "without --yes: {}", text(&no.stderr));
    assert!(text(&no.stderr).contains("--yes"));
    assert_eq!(refs(&db), ["EXT-1", "IND-1", "SCH-1"], "nothing was erased");
    let missing = run(&db, &["erase", "NOPE-1", "--yes"]);
    assert_eq!(code(&missing), Some(3));

    let out = ok(
        run(&db, &["erase", "EXT-1", "--yes", "--user", "ana"]),
        "erase",
    );
    assert!(
        out.contains("erased EXT-1 (extradition, 2 event(s))"),
        "{out}"
    );
    assert_eq!(refs(&db), ["IND-1", "SCH-1"]);
    assert_eq!(code(&run(&db, &["show", "EXT-1"])), Some(3), "gone");
    let show = ok(run(&db, &["show", "IND-1"]), "show");
    assert!(!show.contains("EXT-1"), "the link went with it: {show}");
    let history = ok(run(&db, &["history", "EXT-1"]), "history of an erased item");
    let lines: Vec<&str> = history.lines().collect();
    assert!(
        lines[0].starts_with("EXT-1 — history of changes (4 row(s))"),
        "{history}"
    );
    assert!(
        lines.last().unwrap().contains("ana") && lines.last().unwrap().contains("erased"),
        "{history}"
    );
    // The erase redacted the item's rows: the title is in none of them, and the erased
    // row says how many (created, the event, the link).
    assert!(!history.contains("A title"), "{history}");
    assert!(
        history.contains("extradition; 3 row(s) of its history redacted"),
        "{history}"
    );
    assert!(
        lines[1].contains("created") && lines[1].contains("(redacted)"),
        "{history}"
    );
    let id = history_id(&db, "EXT-1");
    let by_id = ok(
        run(&db, &["history", &id]),
        "history of an erased item by its id",
    );
    assert_eq!(by_id, history);
    ok(run(&db, &["check"]), "check after an erase");
}

/// The item id of the audit rows that carried `reference`.
fn history_id(db: &Path, reference: &str) -> String {
    let out = ok(
        run(db, &["history", reference, "--format", "json"]),
        "history",
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v[0]["item_id"].as_str().unwrap().to_owned()
}

#[test]
fn history_prints_each_change() {
    let (_dir, db) = database();
    let out = ok(
        run(&db, &["history", "EXT-1", "--format", "json"]),
        "history",
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let actions: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["created", "event_recorded", "linked"]);
    assert_eq!(v[2]["who"], "ana");
    assert_eq!(v[2]["new_value"], "IND-1");
    assert_eq!(code(&run(&db, &["history", "NOPE-1"])), Some(3));
}

#[test]
fn check_finds_a_title_changed_behind_the_programs_back() {
    // The audit trail untouched (its chain verifies): the record no longer replays from it.
    let (_dir, db) = database();
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("UPDATE item SET title = 'x' WHERE reference = 'EXT-1'", [])
        .unwrap();
    let o = run(&db, &["check"]);
    assert_eq!(code(&o), Some(1), "{}", text(&o.stdout));
    let err = text(&o.stderr);
    assert!(
        err.contains("error: record: EXT-1 title: is \"x\""),
        "{err}"
    );
    let out = text(&o.stdout);
    assert!(out.contains("audit trail: ok"), "{out}");
    assert!(
        out.contains("record against the audit trail: BROKEN"),
        "{out}"
    );
}
