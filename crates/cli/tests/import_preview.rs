//! `import --dry-run` is the window's preview (issue 14): one core workflow. What the
//! command line reports for a file is what `counterpart_core::import::preview` finds for
//! it on the same database, problem for problem.

mod common;

use chrono::{NaiveDate, Utc};
use common::{ok, run, text, TODAY};
use counterpart_core::db::Db;
use counterpart_core::import;
use counterpart_core::op::Author;

fn core_preview(db: &std::path::Path, file: &std::path::Path) -> import::Preview {
    let mut db = Db::open(db, Utc::now()).unwrap();
    let author = Author::new(Utc::now(), TODAY.parse::<NaiveDate>().unwrap(), None);
    import::preview(&mut db, file, &author, &mut |_| {}).unwrap()
}

#[test]
fn the_dry_run_reports_what_the_preview_finds() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    ok(run(&db, &["init"]), "init");
    ok(run(&db, &common::ONE_ITEM), "add");
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "\u{feff}kind,reference,title,counterpart,status,status_on,transmitted_on,due_on,notes\r\n\
extradition,A-1,Good,MPS,acknowledged,2024-03-01,2024-02-01,,\r\n\
extradition,EXT-1,Taken,MPS,,,,,\r\n\
extradition,A-2,\"Title over\r\ntwo lines\",MPS,,,2024-02-30,,\r\n\
extradition,A-3,Late,MPS,fulfilled,,2024-01-01,,\r\n\
scheduling,A-4,Good too,NNCC,,,,,\"a note,\r\nwith a comma\"\r\n\
extradition,A-1,Twice,MPS,,,,,\r\n",
    )
    .unwrap();
    let preview = core_preview(&db, &bad);
    let o = run(&db, &["import", "--dry-run", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o.stderr));
    let mut reported: Vec<String> = text(&o.stderr)
        .lines()
        .filter(|l| l.starts_with("error: line "))
        .map(str::to_owned)
        .collect();
    let mut found: Vec<String> = match preview.refusal() {
        Some(counterpart_core::Error::InvalidRows(rows)) => {
            rows.iter().map(|r| format!("error: {r}")).collect()
        }
        other => panic!("the preview finds the problems: {other:?}"),
    };
    reported.sort();
    found.sort();
    assert_eq!(reported, found, "the same problems, at the same lines");
    let lines: Vec<u32> = preview.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 4, 6, 9], "{:?}", preview.errors);
    assert_eq!(preview.items, 2, "A-1 and A-4 passed");

    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "kind,reference,title,counterpart,status,status_on,transmitted_on\n\
extradition,G-1,One,MPS,acknowledged,2024-03-01,2024-02-01\n\
commitment,G-2,Two,MFA,,,\n",
    )
    .unwrap();
    let preview = core_preview(&db, &good);
    assert!(preview.errors.is_empty());
    let out = ok(
        run(&db, &["import", "--dry-run", good.to_str().unwrap()]),
        "dry run",
    );
    assert_eq!(
        out.trim(),
        format!(
            "dry run: {} item(s) with {} event(s) would be imported; nothing was written",
            preview.items, preview.events
        )
    );
    assert_eq!((preview.items, preview.events), (2, 2));
    let out = ok(run(&db, &["import", good.to_str().unwrap()]), "import");
    assert_eq!(out.trim(), "imported 2 item(s) with 2 event(s)");
}
