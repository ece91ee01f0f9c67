//! Links finished (issue 14): `counterpart unlink` removes a link (audited on both items,
//! refused naming the field when there is none or when it is ambiguous), and each side
//! reads a link in its own words ("Based on" / "Basis of") in `show`, text and JSON.

mod common;
use common::{an_item, ok, run, text};

fn db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    ok(run(&db, &["init"]), "init");
    for (title, reference) in [("Surrender of Lin", "EXT-1"), ("U.S. v. Lin", "IND-1")] {
        ok(run(&db, &an_item(title, reference)), "add");
    }
    (dir, db)
}

fn links(db: &std::path::Path, reference: &str) -> Vec<serde_json::Value> {
    let show = ok(run(db, &["show", reference, "--format", "json"]), "show");
    let v: serde_json::Value = serde_json::from_str(&show).unwrap();
    v["links"].as_array().cloned().unwrap_or_default()
}

#[test]
fn each_side_reads_the_link_in_its_own_words_and_unlink_removes_it() {
    let (_dir, db) = db();
    ok(
        run(&db, &["link", "EXT-1", "IND-1", "--relation", "indictment"]),
        "link",
    );
    let ext = links(&db, "EXT-1");
    assert_eq!(ext[0]["reference"], "IND-1");
    assert_eq!(ext[0]["words"], "Based on");
    assert_eq!(ext[0]["outgoing"], true);
    let ind = links(&db, "IND-1");
    assert_eq!(ind[0]["words"], "Basis of");
    assert_eq!(ind[0]["outgoing"], false);
    let shown = ok(run(&db, &["show", "IND-1"]), "show");
    assert!(shown.contains("Basis of: EXT-1"), "{shown}");

    // A second link between the two: unlink must be told which.
    ok(run(&db, &["link", "IND-1", "EXT-1"]), "link related");
    let o = run(&db, &["unlink", "IND-1", "EXT-1"]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("relation") && err.contains("`indictment`"),
        "{err}"
    );
    assert_eq!(links(&db, "EXT-1").len(), 2, "nothing removed");

    // From the other side, naming the relation; then the last one without it.
    ok(
        run(
            &db,
            &["unlink", "IND-1", "EXT-1", "--relation", "indictment"],
        ),
        "unlink",
    );
    assert_eq!(links(&db, "EXT-1").len(), 1);
    ok(run(&db, &["unlink", "EXT-1", "IND-1"]), "unlink the last");
    assert!(links(&db, "EXT-1").is_empty() && links(&db, "IND-1").is_empty());

    let o = run(&db, &["unlink", "EXT-1", "IND-1"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        text(&o.stderr).contains("not linked"),
        "{}",
        text(&o.stderr)
    );

    let history = ok(
        run(&db, &["history", "IND-1", "--format", "json"]),
        "history",
    );
    assert_eq!(
        history.matches("\"unlinked\"").count(),
        2,
        "each removal is in the trail of both items: {history}"
    );
}

/// Briefs list each item's linked items in its side's words (issue 14), in the PDF, HTML
/// and Markdown, with the Chinese in en-zh.
#[test]
fn briefs_list_the_linked_items() {
    let (dir, db) = db();
    ok(
        run(&db, &["link", "EXT-1", "IND-1", "--relation", "indictment"]),
        "link",
    );
    let pdf = dir.path().join("b.pdf");
    ok(
        run(
            &db,
            &["brief", "--lang", "en-zh", "-o", pdf.to_str().unwrap()],
        ),
        "brief pdf",
    );
    let words = common::pdf::pdf_words(&pdf);
    for want in [
        "Based on IND-1",
        "Basis of EXT-1",
        "依据 IND-1",
        "系其依据 EXT-1",
    ] {
        assert!(words.contains(want), "no {want:?} in the PDF: {words}");
    }
    for (format, file) in [("html", "b.html"), ("md", "b.md")] {
        let out = dir.path().join(file);
        ok(
            run(
                &db,
                &["brief", "--format", format, "-o", out.to_str().unwrap()],
            ),
            "brief",
        );
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(
            text.contains("Based on IND-1") && text.contains("Basis of EXT-1"),
            "{format}: {text}"
        );
    }
}

/// A link to an archived item is left out of briefs, as the item itself is.
#[test]
fn briefs_leave_out_links_to_archived_items() {
    let (dir, db) = db();
    ok(run(&db, &["link", "EXT-1", "IND-1"]), "link");
    ok(run(&db, &["archive", "IND-1"]), "archive");
    let md = dir.path().join("b.md");
    ok(
        run(
            &db,
            &["brief", "--format", "md", "-o", md.to_str().unwrap()],
        ),
        "brief",
    );
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.contains("EXT-1") && !text.contains("IND-1"), "{text}");
}
