//! Black-box tests of `counterpart workdays` and `counterpart holidays list|add`
//! (CONTRACT.md, "Calendars"), and the working days of `show --format json`.

mod common;
use common::{ok, run, text};

use serde_json::Value;

fn db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    ok(run(&db, &["init"]), "init");
    (dir, db)
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{e}: {s}"))
}

#[test]
fn workdays_by_both_calendars() {
    let (_dir, db) = db();
    // (from, to, U.S., PRC, PRC estimated)
    let table = [
        // February 2024: the Spring Festival off, 2-04 and 2-18 working Sundays.
        ("2024-01-31", "2024-02-29", 20, 18, false),
        // 2025's Spring Festival, with its eighth statutory day: 1-26 and 2-08 worked.
        ("2025-01-25", "2025-02-08", 10, 6, false),
        // Juneteenth and July 4 2021 (a Sunday: observed on Monday 7-05 in the U.S.).
        ("2021-06-17", "2021-07-06", 11, 13, false),
        ("2024-03-01", "2024-03-01", 0, 0, false),
        // Across 2027, whose notice is not out: weekdays only, estimated.
        ("2026-12-01", "2027-01-31", 40, 43, true),
    ];
    for (from, to, us, prc, estimated) in table {
        let out = ok(run(&db, &["workdays", from, to]), "workdays");
        assert_eq!(out, format!("us: {us}\nprc: {prc}\n"), "{from}..{to}");
        let j = json(&ok(
            run(&db, &["workdays", from, to, "--format", "json"]),
            "workdays json",
        ));
        assert_eq!(
            j,
            serde_json::json!({"us": us, "prc": prc, "us_estimated": false, "prc_estimated": estimated}),
            "{from}..{to}"
        );
    }
    let o = run(&db, &["workdays", "2024-02-29", "2024-01-31"]);
    assert_eq!(o.status.code(), Some(3), "TO before FROM: exit 3");
    assert!(text(&o.stderr).contains("to"), "{}", text(&o.stderr));
}

/// `holidays list --calendar CAL --year YEAR --format json`.
fn listed(db: &std::path::Path, cal: &str, year: &str) -> Vec<Value> {
    let args = [
        "holidays",
        "list",
        "--calendar",
        cal,
        "--year",
        year,
        "--format",
        "json",
    ];
    let v = json(&ok(run(db, &args), "holidays list"));
    v.as_array().unwrap().clone()
}

/// `holidays add --calendar us --on ON --kind holiday --name NAME`.
fn add_us(db: &std::path::Path, on: &str, name: &str) -> std::process::Output {
    let args = [
        "holidays",
        "add",
        "--calendar",
        "us",
        "--on",
        on,
        "--kind",
        "holiday",
        "--name",
        name,
    ];
    run(db, &args)
}

#[test]
fn holidays_list_and_add() {
    let (_dir, db) = db();
    let days = listed(&db, "prc", "2024");
    let sunday = days.iter().find(|d| d["date"] == "2024-02-04").unwrap();
    assert_eq!(sunday["calendar"], "prc");
    assert_eq!(sunday["kind"], "workday");
    assert!(sunday["source"].as_str().unwrap().contains("2024"));
    assert!(sunday["name"].as_str().unwrap().contains("Spring Festival"));
    assert!(days.iter().all(|d| d["calendar"] == "prc"));

    ok(
        add_us(&db, "2025-12-26", "Closed by executive order"),
        "holidays add",
    );
    let us = listed(&db, "us", "2025");
    let d = us
        .iter()
        .find(|d| d["date"] == "2025-12-26")
        .expect("the added day is listed");
    assert_eq!(d["name"], "Closed by executive order");
    assert_eq!(d["source"], "added by the user");
    let counted = ok(
        run(&db, &["workdays", "2025-12-21", "2025-12-31"]),
        "workdays",
    );
    assert_eq!(
        counted, "us: 6\nprc: 8\n",
        "the added day is not a working day"
    );
    let bad = add_us(&db, "2025-13-01", "x");
    assert_eq!(bad.status.code(), Some(3), "a bad date: exit 3");
    assert!(text(&bad.stderr).contains("on"), "{}", text(&bad.stderr));
    let unnamed = add_us(&db, "2025-12-29", " ");
    assert_eq!(unnamed.status.code(), Some(3), "no name: exit 3");
    assert!(
        text(&unnamed.stderr).contains("name"),
        "{}",
        text(&unnamed.stderr)
    );
}

#[test]
fn show_gives_working_days_beside_calendar_days() {
    let (_dir, db) = db();
    ok(
        run(
            &db,
            &[
                "add",
                "--kind",
                "extradition",
                "--title",
                "Surrender of Lin X",
                "--reference",
                "EXT-1",
                "--counterpart",
                "MPS",
                "--transmitted-on",
                "2024-11-10",
            ],
        ),
        "add",
    );
    let v = json(&ok(
        run(&db, &["show", "EXT-1", "--format", "json"]),
        "show",
    ));
    // 2024-11-10 to 2024-12-10: 22 weekdays; Veterans Day and Thanksgiving off in the U.S.
    assert_eq!(v["days_with_counterpart"], 30);
    assert_eq!(v["working_days_with_counterpart_us"], 20);
    assert_eq!(v["working_days_with_counterpart_prc"], 22);
    assert_eq!(v["working_days_estimated"], false);
    assert!(
        v["explanation"]
            .as_str()
            .unwrap()
            .contains("20 U.S. working days, 22 PRC working days"),
        "{}",
        v["explanation"]
    );
}

/// `holidays import FILE`: a year's notice makes the year published (counts no longer
/// estimated), its days are listed with the notice as their source; a broken file or a
/// bad day is exit 3 naming the place, and nothing is loaded.
#[test]
fn holidays_import_publishes_a_year() {
    let (dir, db) = db();
    let estimated = |db: &std::path::Path| {
        let j = json(&ok(
            run(
                db,
                &["workdays", "2026-12-31", "2027-02-28", "--format", "json"],
            ),
            "workdays json",
        ));
        (
            j["prc"].as_i64().unwrap(),
            j["prc_estimated"].as_bool().unwrap(),
        )
    };
    assert_eq!(estimated(&db), (41, true));

    let file = dir.path().join("prc-2027.json");
    let write = |body: &str| std::fs::write(&file, body).unwrap();
    let import = |db: &std::path::Path| run(db, &["holidays", "import", file.to_str().unwrap()]);
    // A broken file: exit 3, the line named; a day outside the year: exit 3, its field.
    write("{\"calendar\": \"prc\",\n \"year\": 2027,\n \"days\": [}");
    let o = import(&db);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("line 3"), "{}", text(&o.stderr));
    write(
        r#"{"calendar": "prc", "year": 2027, "source": "notice (test)",
            "days": [{"date": "2028-01-01", "kind": "holiday", "name": "元旦"}]}"#,
    );
    let o = import(&db);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        text(&o.stderr).contains("days[0].date"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(estimated(&db), (41, true), "nothing was loaded");

    write(
        r#"{"calendar": "prc", "year": 2027, "source": "notice (test)",
            "days": [{"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
                     {"date": "2027-02-14", "kind": "workday", "name": "春节调休"}]}"#,
    );
    let out = ok(import(&db), "holidays import");
    assert_eq!(
        out,
        "prc 2027: published (1 day off, 1 make-up working day)\n"
    );
    assert_eq!(
        estimated(&db),
        (41, false),
        "one day off, one working Sunday"
    );
    let days = listed(&db, "prc", "2027");
    assert_eq!(days.len(), 2);
    assert!(
        days.iter().all(|d| d["source"] == "notice (test)"),
        "{days:?}"
    );
}

/// `add` an extradition `reference` transmitted on `on`.
fn add_transmitted(db: &std::path::Path, reference: &str, on: &str) {
    let title = format!("Surrender of {reference}");
    let args = [
        "add",
        "--kind",
        "extradition",
        "--title",
        &title,
        "--reference",
        reference,
        "--counterpart",
        "MPS",
        "--transmitted-on",
        on,
    ];
    ok(run(db, &args), "add");
}

#[test]
fn list_sorts_by_working_days_with_show_s_figures() {
    let (_dir, db) = db();
    // Across the PRC's National Day week (2024-10-01..07 off, 9-29 and 10-12 worked), the
    // U.S.'s Columbus and Veterans Days and Thanksgiving.
    for (reference, on) in [
        ("EXT-1", "2024-11-10"),
        ("EXT-2", "2024-09-25"),
        ("EXT-3", "2024-10-08"),
        ("EXT-4", "2024-09-30"),
    ] {
        add_transmitted(&db, reference, on);
    }
    for (sort, key) in [
        ("working-days-us", "working_days_with_counterpart_us"),
        ("working-days-prc", "working_days_with_counterpart_prc"),
    ] {
        let listed = json(&ok(
            run(&db, &["list", "--format", "json", "--sort", sort]),
            "list --sort",
        ));
        let rows = listed.as_array().unwrap();
        assert_eq!(rows.len(), 4);
        let figures: Vec<i64> = rows.iter().map(|r| r[key].as_i64().unwrap()).collect();
        assert!(
            figures.windows(2).all(|w| w[0] >= w[1]),
            "{sort}: {figures:?}"
        );
        for r in rows {
            let reference = r["reference"].as_str().unwrap();
            let shown = json(&ok(
                run(&db, &["show", reference, "--format", "json"]),
                "show",
            ));
            for k in [
                "working_days_with_counterpart_us",
                "working_days_with_counterpart_prc",
                "working_days_estimated",
                "days_with_counterpart",
            ] {
                assert_eq!(r[k], shown[k], "{reference} {k}");
            }
        }
        let ascending = json(&ok(
            run(
                &db,
                &["list", "--format", "json", "--sort", sort, "--ascending"],
            ),
            "list --ascending",
        ));
        let up: Vec<i64> = ascending
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r[key].as_i64().unwrap())
            .collect();
        assert!(up.windows(2).all(|w| w[0] <= w[1]), "{sort}: {up:?}");
    }
    // A closure on a day of EXT-1's span takes one U.S. working day off it, in the list.
    let before = json(&ok(run(&db, &["list", "--format", "json"]), "list"));
    let us_of = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|r| r["reference"] == "EXT-1")
            .unwrap()["working_days_with_counterpart_us"]
            .as_i64()
            .unwrap()
    };
    ok(
        add_us(&db, "2024-12-02", "Closed by executive order"),
        "holidays add",
    );
    let after = json(&ok(run(&db, &["list", "--format", "json"]), "list"));
    assert_eq!(us_of(&after), us_of(&before) - 1);
}
