//! `counterpart stats` and the raise summary through the command line, on a fixture with
//! known answers (issue 13): medians of odd and even counts, an agency with no answered
//! item, drafts and archived items left out, retracted events not counted.

mod common;

use common::{ok, run, text};
use serde_json::Value;
use std::path::Path;

fn add(db: &Path, reference: &str, kind: &str, agency: &str, tx: Option<&str>) {
    let mut args = vec![
        "add",
        "--kind",
        kind,
        "--title",
        "A request",
        "--reference",
        reference,
        "--counterpart",
        agency,
    ];
    if let Some(tx) = tx {
        args.extend(["--transmitted-on", tx]);
    }
    ok(run(db, &args), "add");
}

/// `event REF --type T --on D EXTRA…`: the event's id.
fn event(db: &Path, reference: &str, t: &str, on: &str, extra: &[&str]) -> String {
    let mut all = vec!["event", reference, "--type", t, "--on", on];
    all.extend(extra);
    ok(run(db, &all), "event").trim().to_owned()
}

/// As of 2024-12-10: MPS has 3 open items (10, 20 and 40 days: median 20) and a
/// fulfilled one, 2 of the 4 answered (after 5 and 8 days: median 6.5); NNCC 2 open items
/// (30 and 31 days: median 30.5), never answered (its one acknowledgement retracted); a
/// draft and an archived item count nowhere.
fn fixture() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite3");
    ok(run(&db, &["init"]), "init");
    add(&db, "MPS-1", "extradition", "MPS", Some("2024-11-30"));
    event(&db, "MPS-1", "acknowledged", "2024-12-05", &[]);
    add(&db, "MPS-2", "extradition", "MPS", Some("2024-11-20"));
    let working = ["--level", "working", "--venue", "CNWG"];
    event(&db, "MPS-2", "raised", "2024-11-25", &working);
    event(
        &db,
        "MPS-2",
        "raised",
        "2024-12-01",
        &["--level", "cabinet"],
    );
    let leaders = event(
        &db,
        "MPS-2",
        "raised",
        "2024-12-02",
        &["--level", "leaders"],
    );
    let why = ["--retracts", &leaders, "--note", "wrong item"];
    event(&db, "MPS-2", "retraction", "2024-12-03", &why);
    add(&db, "MPS-3", "indictment", "MPS", Some("2024-10-31"));
    add(&db, "MPS-4", "indictment", "MPS", Some("2024-06-01"));
    event(&db, "MPS-4", "prc_response", "2024-06-09", &[]);
    event(
        &db,
        "MPS-4",
        "closed",
        "2024-07-01",
        &["--status", "fulfilled"],
    );
    add(&db, "NNCC-1", "commitment", "NNCC", Some("2024-11-10"));
    let ack = event(&db, "NNCC-1", "acknowledged", "2024-11-11", &[]);
    let why = ["--retracts", &ack, "--note", "not from NNCC"];
    event(&db, "NNCC-1", "retraction", "2024-11-12", &why);
    add(&db, "NNCC-2", "commitment", "NNCC", Some("2024-11-09"));
    add(&db, "MPS-DRAFT", "extradition", "MPS", None);
    add(&db, "MPS-OLD", "extradition", "MPS", Some("2024-01-01"));
    event(&db, "MPS-OLD", "acknowledged", "2024-01-02", &[]);
    ok(run(&db, &["archive", "MPS-OLD"]), "archive");
    (dir, db)
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

#[test]
fn stats_json_per_agency_has_the_known_answers() {
    let (_dir, db) = fixture();
    let all = json(&ok(run(&db, &["stats", "--format", "json"]), "stats"));
    let groups: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["MPS", "NNCC"]);
    let mps = &all[0];
    for (k, v) in [
        ("items", 4),
        ("open", 3),
        ("closed", 1),
        ("fulfilled", 1),
        ("answered", 2),
        ("no_response", 2),
    ] {
        assert_eq!(mps[k], v, "MPS {k}: {mps}");
    }
    assert_eq!(mps["median_days_with_counterpart_open"], 20.0);
    assert_eq!(mps["median_days_to_first_response"], 6.5);
    assert_eq!(mps["times_raised"], 2, "the retracted raise does not count");
    let nncc = &all[1];
    assert_eq!(
        (
            nncc["items"].as_i64(),
            nncc["answered"].as_i64(),
            nncc["no_response"].as_i64()
        ),
        (Some(2), Some(0), Some(2))
    );
    assert_eq!(nncc["median_days_with_counterpart_open"], 30.5);
    assert!(nncc["median_days_to_first_response"].is_null(), "{nncc}");
}

#[test]
fn stats_by_kind_and_quarter_and_as_csv_and_table() {
    let (_dir, db) = fixture();
    let kinds = json(&ok(
        run(&db, &["stats", "--by", "kind", "--format", "json"]),
        "stats",
    ));
    let rows: Vec<(String, i64)> = kinds
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["group"].as_str().unwrap().to_owned(),
                g["items"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("commitment".into(), 2),
            ("extradition".into(), 2),
            ("indictment".into(), 2)
        ]
    );
    let csv = ok(
        run(&db, &["stats", "--by", "quarter", "--format", "csv"]),
        "stats csv",
    );
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "group,items,open,closed,fulfilled,answered,no_response,median_days_with_counterpart_open,median_days_to_first_response,times_raised,items_raised,percent_answered,percent_no_response");
    assert_eq!(
        &lines[1..],
        [
            "2024-Q2,1,0,1,1,1,0,,8,0,0,100,0",
            "2024-Q4,5,5,0,0,1,4,30,5,2,1,20,80"
        ]
    );
    let table = ok(run(&db, &["stats"]), "stats table");
    assert!(
        table.lines().next().unwrap().starts_with("GROUP"),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("NNCC") && l.contains("30.5") && l.contains('—')),
        "{table}"
    );
}

#[test]
fn show_gives_the_raise_summary_retractions_excluded() {
    let (_dir, db) = fixture();
    let s = json(&ok(
        run(&db, &["show", "MPS-2", "--format", "json"]),
        "show",
    ));
    assert_eq!(
        s["raised"],
        serde_json::json!({"count": 2, "last_on": "2024-12-01", "highest_level": "cabinet"})
    );
    let none = json(&ok(
        run(&db, &["show", "MPS-3", "--format", "json"]),
        "show",
    ));
    assert_eq!(
        none["raised"],
        serde_json::json!({"count": 0, "last_on": null, "highest_level": null})
    );
    let t = ok(run(&db, &["show", "MPS-2"]), "show text");
    assert!(
        t.contains("raised twice, last 2024-12-01 at cabinet level"),
        "{t}"
    );
    assert!(
        t.contains("Raised in a meeting at working level, CNWG"),
        "{t}"
    );
}

/// Runs `event MPS-3 ARGS…`, which must fail with `code` and an `error:` line with `needle`.
fn refused(db: &Path, args: &[&str], code: i32, needle: &str) {
    let mut all = vec!["event", "MPS-3", "--on", "2024-12-09"];
    all.extend(args);
    let o = run(db, &all);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "{args:?}: {err}");
    assert!(err.contains(needle), "{args:?}: {err}");
}

#[test]
fn a_raised_event_needs_its_level_and_other_events_refuse_one() {
    let (_dir, db) = fixture();
    refused(
        &db,
        &["--type", "raised"],
        3,
        "error: level: a raised event needs",
    );
    refused(
        &db,
        &["--type", "note", "--venue", "a call"],
        3,
        "error: venue:",
    );
    // A level outside the list is a wrong command line.
    refused(
        &db,
        &["--type", "raised", "--level", "minister"],
        2,
        "minister",
    );
    ok(run(&db, &["check"]), "check after raised events");
}

/// The brief in every format and both languages (issue 13): each item's working days
/// beside its calendar days (as `show` gives them, an estimated count marked), the raise
/// line of `show`, and the section "Counterpart responsiveness" with the figures of
/// `counterpart stats` over the brief's items.
mod brief {
    use super::*;
    use common::pdf::{pdf_text, pdf_words};

    /// The fixture, and GACC-OLD transmitted 2003-12-01 (7,680 days; December 2003 has
    /// no PRC notice, so its working days are estimated).
    fn with_an_estimated_item() -> (tempfile::TempDir, std::path::PathBuf) {
        let (dir, db) = fixture();
        add(&db, "GACC-OLD", "indictment", "GACC", Some("2003-12-01"));
        (dir, db)
    }

    fn write(db: &Path, lang: &str, format: &str) -> std::path::PathBuf {
        let out = db.with_file_name(format!("brief-{lang}.{format}"));
        let args = ["brief", "--lang", lang, "--format", format, "-o"];
        let mut args = args.to_vec();
        args.push(out.to_str().unwrap());
        ok(run(db, &args), "brief");
        out
    }

    /// `show REF --format json`'s working days: "U.S. / PRC" as the brief prints them,
    /// and whether they are estimated.
    fn shown(db: &Path, reference: &str) -> (String, bool) {
        let s = json(&ok(
            run(db, &["show", reference, "--format", "json"]),
            "show",
        ));
        (
            format!(
                "{} / {}",
                s["working_days_with_counterpart_us"], s["working_days_with_counterpart_prc"]
            ),
            s["working_days_estimated"].as_bool().unwrap(),
        )
    }

    const TRANSMITTED: [&str; 6] = ["MPS-1", "MPS-2", "MPS-3", "MPS-4", "NNCC-1", "NNCC-2"];

    /// Per agency: items, open, answered, never answered, the medians of days with
    /// counterpart (open items) and of days to a first response, times raised.
    const SECTION: [[&str; 8]; 3] = [
        ["GACC", "1", "1", "0", "1", "7680", "—", "0"],
        ["MPS", "4", "3", "2", "2", "20", "6.5", "2"],
        ["NNCC", "2", "2", "0", "2", "30.5", "—", "0"],
    ];

    const RAISED_EN: &str = "Raised twice, last 2024-12-01 at cabinet level";
    const RAISED_ZH: &str = "交涉 2 次，最近一次交涉 2024-12-01，交涉最高级别：部长级";

    fn no_spaces(s: &str) -> String {
        s.split_whitespace().collect()
    }

    #[test]
    fn the_pdf_has_working_days_raises_and_responsiveness_in_en_and_en_zh() {
        let (_dir, db) = with_an_estimated_item();
        for lang in ["en", "en-zh"] {
            let pdf = write(&db, lang, "pdf");
            let laid = pdf_text(&pdf, None);
            let lines: Vec<&str> = laid.lines().collect();
            // (The last: the chart's bars come first.)
            let line_of = |r: &str| {
                lines
                    .iter()
                    .rposition(|l| l.split_whitespace().next() == Some(r))
                    .unwrap_or_else(|| panic!("{r} has a line ({lang}):\n{laid}"))
            };
            for r in TRANSMITTED {
                let (working, estimated) = shown(&db, r);
                assert!(!estimated, "{r}");
                // Beneath its days with counterpart: on the line after its reference's.
                let at = line_of(r);
                let l = lines[at + 1];
                // "7 / 7" as one word "7/7" (the layout may set the spaces thin).
                let tight = |s: &str| s.split('/').map(str::trim).collect::<Vec<_>>().join("/");
                assert!(
                    tight(l).split_whitespace().any(|w| w == tight(&working)),
                    "{r}: {working} beneath its days, on {l:?} ({lang}):\n{}",
                    lines[at..at + 3].join("\n")
                );
            }
            let (_, estimated) = shown(&db, "GACC-OLD");
            assert!(estimated, "show marks GACC-OLD's count estimated");
            let at = line_of("GACC-OLD");
            let marker = lines[at..at + 4].join("\n");
            assert!(
                marker.contains("Estimated"),
                "its working days are marked estimated ({lang}):\n{marker}"
            );
            assert_eq!(
                laid.matches("Estimated").count(),
                1,
                "only its count is marked ({lang})"
            );
            if lang == "en-zh" {
                assert!(marker.contains("估算"), "{marker}");
            }
            for want in SECTION {
                let row = lines
                    .iter()
                    .map(|l| l.split_whitespace().collect::<Vec<_>>())
                    .find(|w| w.first() == Some(&want[0]))
                    .unwrap_or_else(|| panic!("{} has a row ({lang}):\n{laid}", want[0]));
                assert_eq!(row, want, "({lang})");
            }
            let words = pdf_words(&pdf);
            assert!(words.contains(RAISED_EN), "{RAISED_EN} ({lang}):\n{words}");
            assert_eq!(
                words.matches(", last 20").count(),
                1,
                "only MPS-2 has a raise line ({lang})"
            );
            assert!(words.contains("Counterpart responsiveness"));
            assert!(
                words.contains(
                    "Figures over the 7 transmitted items in this brief; drafts do not count."
                ),
                "the section says what it counts ({lang}):\n{words}"
            );
            if lang == "en-zh" {
                let all = no_spaces(&words);
                for zh in [
                    RAISED_ZH,
                    "中方对口机构回应情况",
                    "统计范围：本简报所列已转交事项 7 项（不含草稿）。",
                    "美方 / 中方工作日",
                    "首次回应天数中位数",
                    "从未答复",
                ] {
                    assert!(all.contains(&no_spaces(zh)), "{zh}:\n{words}");
                }
            }
        }
    }

    #[test]
    fn html_and_markdown_have_the_same_figures() {
        let (_dir, db) = with_an_estimated_item();
        let figures: Vec<(&str, String)> =
            TRANSMITTED.iter().map(|r| (*r, shown(&db, r).0)).collect();
        for lang in ["en", "en-zh"] {
            let md = std::fs::read_to_string(write(&db, lang, "md")).unwrap();
            // (The last: the chart's bars come first.)
            let row = |r: &str| {
                md.lines()
                    .rfind(|l| l.starts_with(&format!("| {r} |")))
                    .unwrap_or_else(|| panic!("{r} has a row:\n{md}"))
            };
            for (r, working) in &figures {
                assert!(
                    row(r).contains(&format!("<br>{working} |")),
                    "{r}: {working} beneath the days"
                );
            }
            assert!(row("GACC-OLD").contains("<br>*Estimated"), "{md}");
            assert!(row("MPS-2").contains(RAISED_EN), "{md}");
            if lang == "en-zh" {
                assert!(row("MPS-2").contains(&format!("{RAISED_EN} / {RAISED_ZH}")));
                assert!(row("GACC-OLD").contains("*Estimated / 估算*"), "{md}");
            }
            for want in SECTION {
                let line = md
                    .lines()
                    .find(|l| l.starts_with(&format!("| {}<br>", want[0])))
                    .unwrap_or_else(|| panic!("{} has a row:\n{md}", want[0]));
                assert!(
                    line.ends_with(&format!("| {} |", want[1..].join(" | "))),
                    "{line}"
                );
            }
            let html = std::fs::read_to_string(write(&db, lang, "html")).unwrap();
            for (r, working) in &figures {
                let at = html.find(&format!("<tr><td>{r}</td>")).unwrap();
                let end = at + html[at..].find("</tr>").unwrap();
                assert!(
                    html[at..end].contains(&format!("<span class=\"working\">{working}</span>")),
                    "{r}: {working}"
                );
            }
            assert!(html.contains(RAISED_EN));
            assert!(html.contains("<span class=\"estimated\">Estimated"));
            for want in SECTION {
                let at = html
                    .find(&format!("<tr><td>{}<span", want[0]))
                    .unwrap_or_else(|| panic!("{} has a row:\n{html}", want[0]));
                let end = at + html[at..].find("</tr>").unwrap();
                let cells: String = want[1..]
                    .iter()
                    .map(|c| format!("<td class=\"num\">{c}</td>"))
                    .collect();
                assert!(html[at..end].ends_with(&cells), "{}", &html[at..end]);
            }
        }
    }
}
