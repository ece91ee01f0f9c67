//! The substance registry from the command line (CONTRACT.md, "Substances"): `substance
//! add` checks the CAS number by its check digit (exit 3 naming `cas`), `substance list`
//! prints the registry (json with `cas`, `name`, `name_zh`, `prc_controlled_on`) and can
//! leave out what the PRC controlled, and a scheduling item's CAS number joins the
//! registry.

mod common;

use common::{ok, run, text};
use serde_json::Value;

fn list(db: &std::path::Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["substance", "list", "--format", "json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&ok(run(db, &args), "substance list")).unwrap()
}

#[test]
fn substances_round_trip_through_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    let added = ok(
        run(
            &db,
            &[
                "substance",
                "add",
                "--name",
                "formaldehyde",
                "--name-zh",
                "甲醛",
                "--cas",
                "50-00-0",
                "--class",
                "precursor",
                "--un-table",
                "II",
                "--source",
                "test data",
            ],
        ),
        "substance add",
    );
    assert_eq!(added.trim(), "50-00-0");

    // A wrong check digit: exit 3, naming `cas`, nothing written.
    let bad = run(
        &db,
        &[
            "substance",
            "add",
            "--name",
            "xylazine",
            "--cas",
            "7361-61-8",
        ],
    );
    assert_eq!(bad.status.code(), Some(3), "{}", text(&bad.stderr));
    assert!(
        text(&bad.stderr).starts_with("error: cas: "),
        "{}",
        text(&bad.stderr)
    );
    let bad = run(
        &db,
        &[
            "substance",
            "add",
            "--name",
            "x",
            "--cas",
            "71-43-2",
            "--un-table",
            "III",
        ],
    );
    assert_eq!(bad.status.code(), Some(3));
    assert!(text(&bad.stderr).contains("error: un_table: "));
    assert_eq!(list(&db, &[]).len(), 1, "nothing was written");

    // A scheduling item's new CAS number joins the registry, with the item's substance.
    ok(
        run(
            &db,
            &[
                "add",
                "--kind",
                "scheduling",
                "--title",
                "Scheduling of xylazine",
                "--reference",
                "SCH-1",
                "--counterpart",
                "NNCC",
                "--substance",
                "xylazine",
                "--cas-number",
                "7361-61-7",
            ],
        ),
        "add scheduling",
    );
    let all = list(&db, &[]);
    let names: Vec<(&str, &str)> = all
        .iter()
        .map(|s| (s["cas"].as_str().unwrap(), s["name"].as_str().unwrap()))
        .collect();
    assert_eq!(
        names,
        [("50-00-0", "formaldehyde"), ("7361-61-7", "xylazine")]
    );
    assert_eq!(all[0]["name_zh"], "甲醛");
    assert_eq!(all[0]["un_table"], "II");
    assert_eq!(all[0]["prc_controlled_on"], Value::Null);
    assert_eq!(all[1]["name_zh"], Value::Null);

    // Marking it controlled by the PRC on a date; the filter then leaves it out.
    ok(
        run(
            &db,
            &[
                "substance",
                "edit",
                "--cas",
                "7361-61-7",
                "--prc-controlled-on",
                "2024-07-01",
                "--name-zh",
                "赛拉嗪",
            ],
        ),
        "substance edit",
    );
    let all = list(&db, &[]);
    assert_eq!(all[1]["prc_controlled_on"], "2024-07-01");
    assert_eq!(all[1]["name_zh"], "赛拉嗪");
    let open: Vec<Value> = list(&db, &["--not-controlled-by-prc"]);
    assert_eq!(open.len(), 1);
    assert_eq!(open[0]["cas"], "50-00-0");
    let table = ok(run(&db, &["substance", "list"]), "substance list");
    assert!(
        table.contains("formaldehyde") && table.contains("not controlled"),
        "{table}"
    );
    assert!(table.contains("2024-07-01"), "{table}");

    // The changes are in the trail, and the chain holds.
    ok(run(&db, &["check"]), "check");
}
