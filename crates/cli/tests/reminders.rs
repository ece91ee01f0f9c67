//! Black-box tests of `counterpart reminders` (CONTRACT.md: `reminders [--within DAYS]
//! [--format table|json] [--ics FILE]`), on the real binary with temporary databases and
//! a pinned `--today`. Nothing sleeps.

mod common;
use common::{ok, run, run_on, text};

use std::path::{Path, PathBuf};

use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};
use serde_json::Value;
use tempfile::TempDir;

/// A database with deadlines around 2024-12-10: EXT-1 overdue, SCH-1 due today, IND-1 due
/// in 3 days, WG-1 a follow-up in 5 days, EXT-2 due in 20 days, EXT-3 closed.
fn fixture() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    let add = |args: &[&str]| {
        let mut all = vec![
            "add",
            "--counterpart",
            "MPS",
            "--transmitted-on",
            "2024-01-03",
        ];
        all.extend_from_slice(args);
        ok(run(&db, &all), "add");
    };
    add(&[
        "--kind",
        "extradition",
        "--reference",
        "EXT-1",
        "--title",
        "Surrender of Lin X",
        "--due-on",
        "2024-12-07",
    ]);
    add(&[
        "--kind",
        "scheduling",
        "--reference",
        "SCH-1",
        "--title",
        "Schedule xylazine",
        "--due-on",
        "2024-12-10",
    ]);
    add(&[
        "--kind",
        "indictment",
        "--reference",
        "IND-1",
        "--title",
        "United States v. Example Co.",
        "--due-on",
        "2024-12-13",
    ]);
    add(&[
        "--kind",
        "commitment",
        "--reference",
        "WG-1",
        "--title",
        "Share seizure data",
        "--follow-up-on",
        "2024-12-15",
    ]);
    add(&[
        "--kind",
        "extradition",
        "--reference",
        "EXT-2",
        "--title",
        "Surrender of Zhou Y",
        "--due-on",
        "2024-12-30",
    ]);
    add(&[
        "--kind",
        "extradition",
        "--reference",
        "EXT-3",
        "--title",
        "Closed one",
        "--due-on",
        "2024-12-11",
    ]);
    ok(
        run(
            &db,
            &[
                "event",
                "EXT-3",
                "--type",
                "closed",
                "--status",
                "fulfilled",
                "--on",
                "2024-12-01",
            ],
        ),
        "close EXT-3",
    );
    (dir, db)
}

fn json(db: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["reminders", "--format", "json"];
    all.extend_from_slice(args);
    let out = ok(run(db, &all), "reminders --format json");
    serde_json::from_str::<Value>(&out)
        .unwrap_or_else(|e| panic!("one JSON array: {e}\n{out}"))
        .as_array()
        .expect("an array")
        .clone()
}

fn refs(v: &[Value]) -> Vec<&str> {
    v.iter().map(|r| r["reference"].as_str().unwrap()).collect()
}

/// The WHEN column is as wide as its longest words: years overdue are printed whole, not
/// cut to "overdue by 1186 …".
#[test]
fn the_table_never_cuts_how_long_a_deadline_is_overdue() {
    let (_dir, db) = fixture();
    let out = ok(
        run_on(&db, "2028-02-29", &["reminders", "--within", "0"]),
        "reminders years later",
    );
    let ext = out
        .lines()
        .find(|l| l.trim_start().starts_with("EXT-1"))
        .unwrap_or_else(|| panic!("EXT-1 listed:\n{out}"));
    assert!(
        ext.contains("overdue by 1179 days pending"),
        "the days whole, then the state:\n{out}"
    );
    assert!(!out.contains('…'), "nothing cut:\n{out}");
}

#[test]
fn the_table_groups_overdue_today_this_week_and_later() {
    let (_dir, db) = fixture();
    let out = ok(run(&db, &["reminders"]), "reminders");
    let heading = |h: &str| out.lines().position(|l| l.starts_with(h));
    let (o, t, w) = (
        heading("Overdue"),
        heading("Due today"),
        heading("This week"),
    );
    assert!(o < t && t < w && o.is_some(), "groups in order:\n{out}");
    assert_eq!(
        heading("Later"),
        None,
        "nothing later within 7 days:\n{out}"
    );
    let line = |r: &str| out.lines().position(|l| l.trim_start().starts_with(r));
    assert!(
        line("EXT-1") > o && line("EXT-1") < t,
        "EXT-1 is overdue:\n{out}"
    );
    assert!(
        line("SCH-1") > t && line("SCH-1") < w,
        "SCH-1 is due today:\n{out}"
    );
    assert!(line("IND-1") > w && line("WG-1") > w, "this week:\n{out}");
    assert!(
        out.contains("overdue by 3 days") && out.contains("in 3 days"),
        "{out}"
    );
    assert!(
        out.contains("follow_up"),
        "the deadline kind is shown:\n{out}"
    );
    assert!(!out.contains("EXT-2") && !out.contains("EXT-3"), "{out}");

    let out = ok(run(&db, &["reminders", "--within", "30"]), "--within 30");
    let later = out
        .lines()
        .position(|l| l.starts_with("Later"))
        .expect(&out);
    let ext2 = out
        .lines()
        .position(|l| l.trim_start().starts_with("EXT-2"));
    assert!(ext2 > Some(later), "EXT-2 is later:\n{out}");
    assert!(
        !out.contains("EXT-3"),
        "a closed item has no deadlines:\n{out}"
    );

    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("e.sqlite3");
    let out = ok(run(&empty, &["reminders"]), "empty");
    assert!(
        out.contains("Nothing overdue or due within 7 days"),
        "{out}"
    );
}

#[test]
fn within_sets_how_far_ahead_overdue_always_shows() {
    let (_dir, db) = fixture();
    assert_eq!(refs(&json(&db, &[])), ["EXT-1", "SCH-1", "IND-1", "WG-1"]);
    assert_eq!(refs(&json(&db, &["--within", "0"])), ["EXT-1", "SCH-1"]);
    assert_eq!(
        refs(&json(&db, &["--within", "3"])),
        ["EXT-1", "SCH-1", "IND-1"]
    );
    assert_eq!(
        refs(&json(&db, &["--within", "30"])),
        ["EXT-1", "SCH-1", "IND-1", "WG-1", "EXT-2"]
    );
}

#[test]
fn json_has_the_fields_a_scheduled_job_needs() {
    let (_dir, db) = fixture();
    let rows = json(&db, &[]);
    for r in &rows {
        for f in [
            "item_id",
            "reference",
            "title",
            "deadline",
            "deadline_on",
            "days_until",
            "state",
        ] {
            assert!(r.get(f).is_some(), "field {f} in {r}");
        }
        assert!(r["item_id"].as_str().unwrap().len() == 36, "a UUID: {r}");
    }
    let ext1 = &rows[0];
    assert_eq!(ext1["reference"], "EXT-1");
    assert_eq!(ext1["title"], "Surrender of Lin X");
    assert_eq!(ext1["deadline"], "due");
    assert_eq!(ext1["deadline_on"], "2024-12-07");
    assert_eq!(ext1["days_until"], -3, "negative when overdue");
    assert_eq!(ext1["state"], "pending");
    assert_eq!(rows[1]["days_until"], 0);
    assert_eq!(rows[3]["deadline"], "follow_up");
    assert_eq!(rows[3]["days_until"], 5);
}

#[test]
fn snooze_and_done_show_in_the_list() {
    let (_dir, db) = fixture();
    ok(
        run(
            &db,
            &["reminders", "snooze", "IND-1", "--until", "2024-12-12"],
        ),
        "snooze",
    );
    ok(run(&db, &["reminders", "done", "EXT-1"]), "done");
    let rows = json(&db, &[]);
    assert_eq!(rows[0]["state"], "done");
    assert_eq!(rows[2]["reference"], "IND-1");
    assert_eq!(rows[2]["state"], "snoozed");
    assert_eq!(rows[2]["snoozed_until"], "2024-12-12");

    let o = run(
        &db,
        &["reminders", "snooze", "IND-1", "--until", "2024-12-01"],
    );
    assert_eq!(
        o.status.code(),
        Some(3),
        "a snooze into the past is invalid data"
    );
    assert!(
        text(&o.stderr).starts_with("error: until:"),
        "{}",
        text(&o.stderr)
    );
    let o = run(&db, &["reminders", "done", "EXT-3"]);
    assert_eq!(o.status.code(), Some(3), "a closed item has no deadline");
    assert!(
        text(&o.stderr).starts_with("error: "),
        "{}",
        text(&o.stderr)
    );
}

fn events(cal: &Calendar) -> Vec<&icalendar::Event> {
    cal.components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect()
}

#[test]
fn ics_writes_a_parseable_calendar_with_stable_uids() {
    let (dir, db) = fixture();
    let file = dir.path().join("deadlines.ics");
    let out = ok(
        run(&db, &["reminders", "--ics", file.to_str().unwrap()]),
        "--ics",
    );
    assert!(
        out.contains("wrote 5 deadline(s)") && out.contains("deadlines.ics"),
        "it says where: {out}"
    );
    let first = std::fs::read_to_string(&file).unwrap();
    let cal: Calendar = first.parse().unwrap_or_else(|e| panic!("{e}\n{first}"));
    let evs = events(&cal);
    assert_eq!(
        evs.len(),
        5,
        "every deadline of the open items, whatever --within"
    );
    let summaries: Vec<&str> = evs.iter().filter_map(|e| e.get_summary()).collect();
    assert!(
        summaries.contains(&"EXT-1 due: Surrender of Lin X"),
        "{summaries:?}"
    );
    assert!(
        summaries.contains(&"WG-1 follow-up: Share seizure data"),
        "{summaries:?}"
    );
    assert!(
        !summaries.iter().any(|s| s.starts_with("EXT-3")),
        "closed: none"
    );
    for e in &evs {
        assert!(
            matches!(e.get_start(), Some(DatePerhapsTime::Date(_))),
            "all-day: {:?}",
            e.get_start()
        );
        let alarms: Vec<_> = e
            .components()
            .iter()
            .filter(|c| c.component_kind() == "VALARM")
            .collect();
        assert_eq!(alarms.len(), 1);
        assert_eq!(alarms[0].property_value("TRIGGER"), Some("-P7D"));
    }
    assert_eq!(
        evs[0].get_start(),
        Some(DatePerhapsTime::Date("2024-12-07".parse().unwrap()))
    );
    // A second export (another day, a changed date) keeps the UIDs.
    ok(
        run(
            &db,
            &[
                "event",
                "EXT-1",
                "--type",
                "due_changed",
                "--due-on",
                "2025-01-15",
                "--on",
                "2024-12-10",
            ],
        ),
        "move EXT-1's due date",
    );
    ok(
        run(&db, &["reminders", "--ics", file.to_str().unwrap()]),
        "again",
    );
    let second = std::fs::read_to_string(&file).unwrap();
    let cal2: Calendar = second.parse().unwrap();
    let uids = |c: &Calendar| -> Vec<String> {
        let mut v: Vec<String> = events(c)
            .iter()
            .map(|e| e.get_uid().unwrap().to_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(uids(&cal), uids(&cal2), "the same UIDs across exports");
    assert!(uids(&cal).iter().all(|u| u.ends_with("@counterpart")));
    assert!(
        second.contains("DTSTART;VALUE=DATE:20250115"),
        "the moved date"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "written atomically, no temporary file left"
    );
}

#[test]
fn a_bad_within_is_refused_with_an_error_line() {
    let (_dir, db) = fixture();
    for bad in ["-3", "x", "1.5", "99999"] {
        let o = run(&db, &["reminders", "--within", bad]);
        let code = o.status.code();
        assert!(
            code == Some(2) || code == Some(3),
            "--within {bad}: exit 2 or 3, got {code:?}\n{}",
            text(&o.stderr)
        );
        assert!(
            text(&o.stderr).lines().any(|l| l.starts_with("error:")),
            "--within {bad}: an error: line\n{}",
            text(&o.stderr)
        );
        assert!(o.stdout.is_empty(), "--within {bad}: nothing listed");
    }
    let o = run(&db, &["reminders", "--format", "yaml"]);
    assert_eq!(o.status.code(), Some(2));
}
