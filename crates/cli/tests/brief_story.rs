//! `counterpart brief --since-last` and `--profile full|wide` (CONTRACT.md "Briefs"), on the
//! real binary: the section of changes since the previous recorded brief, and a wide-
//! distribution brief without subjects' names or notes, in Markdown, HTML and PDF.

mod common;
use common::pdf::pdf_words;
use common::{ok, run, run_on, text, ONE_ITEM};

use std::path::Path;

#[test]
fn a_brief_since_the_last_one_begins_with_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    ok(run(&db, &ONE_ITEM), "add EXT-1 (due 2024-12-20)");
    let first = dir.path().join("first.md");
    ok(
        run(
            &db,
            &["brief", "--since-last", "-o", first.to_str().unwrap()],
        ),
        "the first brief",
    );
    let md = std::fs::read_to_string(&first).unwrap();
    assert!(md.contains("## Changes since the previous brief"), "{md}");
    assert!(md.contains("No brief was recorded before this one"));

    let mut second = common::an_item("Extradition of a broker", "EXT-2").to_vec();
    second[10] = "2024-12-18";
    ok(run_on(&db, "2024-12-18", &second), "add EXT-2");
    let pdf = dir.path().join("second.pdf");
    ok(
        run_on(
            &db,
            "2024-12-23",
            &[
                "brief",
                "--since-last",
                "--lang",
                "en-zh",
                "-o",
                pdf.to_str().unwrap(),
            ],
        ),
        "the brief since the first",
    );
    let words = pdf_words(&pdf);
    for expected in [
        "Changes since the previous brief 自上次简报以来的变化",
        "Since the brief made on",
        "New items (1) 新增事项（1）",
        "EXT-2 Extradition of a broker",
        "Newly overdue (1) 新逾期事项（1）",
        "Overdue, 52 days with counterpart",
        "Largest moves in days with counterpart (1)",
        "39 → 52 days (+13)",
    ] {
        assert!(words.contains(expected), "{expected:?} in:\n{words}");
    }

    // Without the flag, no such section.
    let plain = dir.path().join("plain.md");
    ok(run(&db, &["brief", "-o", plain.to_str().unwrap()]), "plain");
    assert!(!std::fs::read_to_string(&plain)
        .unwrap()
        .contains("Changes since"));
}

#[test]
fn a_wide_distribution_brief_withholds_subjects_names_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    let mut add = ONE_ITEM.to_vec();
    add.extend(["--subject", "Zhang Moumou"]);
    ok(run(&db, &add), "add EXT-1 naming its subject");
    ok(
        run(
            &db,
            &[
                "event",
                "EXT-1",
                "--type",
                "note",
                "--on",
                "2024-12-01",
                "--note",
                "Source: a confidential informant",
            ],
        ),
        "a note",
    );
    let full = dir.path().join("full.html");
    ok(run(&db, &["brief", "-o", full.to_str().unwrap()]), "full");
    let h = std::fs::read_to_string(&full).unwrap();
    assert!(h.contains("Extradition of Zhang Moumou"));
    assert!(h.contains("confidential informant"));
    assert!(h.contains("Full brief: for internal use"));

    for (name, read) in [
        (
            "wide.html",
            (|p: &Path| std::fs::read_to_string(p).unwrap()) as fn(&Path) -> String,
        ),
        ("wide.md", |p: &Path| std::fs::read_to_string(p).unwrap()),
        ("wide.pdf", |p: &Path| pdf_words(p)),
    ] {
        let out = dir.path().join(name);
        ok(
            run(
                &db,
                &["brief", "--profile", "wide", "-o", out.to_str().unwrap()],
            ),
            name,
        );
        let t = read(&out);
        assert!(
            !t.contains("Zhang Moumou") && !t.contains("Moumou"),
            "{name}: {t}"
        );
        assert!(!t.contains("informant"), "{name}: the note left out");
        assert!(
            t.contains("Extradition of [withheld]") || t.contains("Extradition of \\[withheld\\]"),
            "{name}: {t}"
        );
        assert!(
            t.contains("Wide distribution: notes, subjects"),
            "{name}: the profile printed"
        );
    }

    let bad = run(&db, &["brief", "--profile", "public", "-o", "x.html"]);
    assert!(!bad.status.success());
    let err = text(&bad.stderr);
    assert!(
        err.contains("profile") && err.contains("full, wide"),
        "{err}"
    );
}
