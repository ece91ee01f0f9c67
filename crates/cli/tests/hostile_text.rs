//! Text a user (or a file, or a script) may give that must never reach the record: control
//! characters that would drive the terminal through `history` or `show`, and bidirectional
//! controls that can make a reference read as another on a brief. Every text the program
//! takes goes through the core's one check, so each way in is tried here through the real
//! binary: a field, the link relation, the `--user` name, an imported row.

mod common;

use common::{ok, run, text};
use std::path::Path;

fn add(db: &Path, reference: &str, title: &str, user: &str) -> std::process::Output {
    run(
        db,
        &[
            "--user",
            user,
            "add",
            "--kind",
            "extradition",
            "--reference",
            reference,
            "--title",
            title,
            "--counterpart",
            "MPS",
            "--transmitted-on",
            "2024-01-02",
        ],
    )
}

/// Refused with the exit code for invalid data, naming `field`, and nothing written.
fn refused(o: std::process::Output, field: &str, what: &str) {
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{what}: exit 3\n{err}");
    assert!(
        err.contains(field),
        "{what}: the error names {field}: {err}"
    );
}

#[test]
fn control_and_bidirectional_characters_are_refused_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    ok(add(&db, "EXT-1", "A title", "ana"), "a good item");
    ok(add(&db, "EXT-2", "Another", "ana"), "a second item");

    // A reference that reads "EXT-1" backwards on a brief, a title with an override.
    refused(
        add(&db, "EXT-\u{202e}3", "Title", "ana"),
        "reference",
        "override in a reference",
    );
    refused(
        add(&db, "EXT-3", "Title \u{2067}x\u{2069}", "ana"),
        "title",
        "isolate in a title",
    );
    // The user name is recorded with the change and printed by `history`.
    refused(
        add(&db, "EXT-3", "Title", "ana\u{1b}[2J"),
        "user",
        "escape in --user",
    );
    refused(
        add(&db, "EXT-3", "Title", "ana\u{202e}"),
        "user",
        "override in --user",
    );
    // The link relation.
    refused(
        run(
            &db,
            &[
                "link",
                "EXT-1",
                "EXT-2",
                "--relation",
                "based on\u{1b}]0;x\u{7}",
            ],
        ),
        "relation",
        "escape in a relation",
    );
    refused(
        run(
            &db,
            &["link", "EXT-1", "EXT-2", "--relation", "based\u{202e}on"],
        ),
        "relation",
        "override in a relation",
    );
    // An event's note.
    refused(
        run(
            &db,
            &[
                "event",
                "EXT-1",
                "--type",
                "note",
                "--on",
                "2024-01-05",
                "--note",
                "a\u{202d}b",
            ],
        ),
        "note",
        "override in a note",
    );
    // An imported row.
    let csv = dir.path().join("in.csv");
    let header = ok(run(&db, &["export", "--format", "csv"]), "export")
        .lines()
        .next()
        .unwrap()
        .to_owned();
    let columns: Vec<&str> = header.split(',').collect();
    let row: Vec<&str> = columns
        .iter()
        .map(|c| match *c {
            "kind" => "extradition",
            "reference" => "EXT-9",
            "title" => "Imported \u{202e}title",
            "counterpart" => "MPS",
            _ => "",
        })
        .collect();
    std::fs::write(&csv, format!("{header}\n{}\n", row.join(","))).unwrap();
    refused(
        run(&db, &["import", csv.to_str().unwrap()]),
        "title",
        "override in an import",
    );

    // Nothing of it was written: two items, no link, no note, no stray user.
    let list = ok(run(&db, &["list", "--format", "json"]), "list");
    let items: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(items.as_array().unwrap().len(), 2, "{list}");
    let history = ok(run(&db, &["history", "EXT-1"]), "history");
    assert!(
        !history.contains('\u{1b}') && !history.contains('\u{202e}'),
        "{history:?}"
    );
}
