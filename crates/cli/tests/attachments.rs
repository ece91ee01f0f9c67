//! `counterpart attach`, `attachments`, `attachment get` (CONTRACT.md "Attachments"), and
//! `check` naming an attachment whose bytes changed.

mod common;

use common::{ok, run, text, ONE_ITEM};
use std::path::Path;

fn with_item(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("c.sqlite3");
    ok(run(&db, &["init"]), "init");
    ok(run(&db, &ONE_ITEM), "add");
    db
}

#[test]
fn attach_list_and_get_back_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_item(dir.path());
    let bytes: Vec<u8> = (0..1_500_000u32).map(|i| (i * 31 % 256) as u8).collect();
    let file = dir.path().join("Note verbale No. 14.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let f = file.to_str().unwrap();

    let sha = ok(
        run(
            &db,
            &[
                "attach",
                "EXT-1",
                f,
                "--received-on",
                "2024-12-02",
                "--note",
                "by hand",
            ],
        ),
        "attach",
    );
    let sha = sha.trim();
    assert_eq!(sha.len(), 64, "prints the SHA-256 in hex: {sha:?}");
    assert!(sha.bytes().all(|b| b.is_ascii_hexdigit()));

    let json = ok(
        run(&db, &["attachments", "EXT-1", "--format", "json"]),
        "attachments json",
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let a = &v.as_array().unwrap()[0];
    assert_eq!(a["sha256"], sha);
    assert_eq!(a["name"], "Note verbale No. 14.pdf");
    assert_eq!(a["size"], 1_500_000);
    assert_eq!(a["received_on"], "2024-12-02");
    assert_eq!(a["note"], "by hand");

    let table = ok(run(&db, &["attachments", "EXT-1"]), "attachments table");
    assert!(table.contains("Note verbale No. 14.pdf"), "{table}");
    assert!(table.contains("1.5 MB"), "{table}");

    let out = dir.path().join("back.pdf");
    ok(
        run(
            &db,
            &[
                "attachment",
                "get",
                "EXT-1",
                sha,
                "-o",
                out.to_str().unwrap(),
            ],
        ),
        "attachment get",
    );
    assert_eq!(std::fs::read(&out).unwrap(), bytes, "byte for byte");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the copy is owner-only");
    }

    let history = ok(run(&db, &["history", "EXT-1"]), "history");
    assert!(history.contains("attached"), "{history}");
    assert!(
        history.contains(&sha[..12]),
        "the hash is in the trail: {history}"
    );
    ok(run(&db, &["check"]), "check");
}

#[test]
fn refusals_name_the_field_and_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_item(dir.path());
    let file = dir.path().join("letter.txt");
    std::fs::write(&file, b"a letter").unwrap();
    let f = file.to_str().unwrap();
    let missing = dir.path().join("missing.pdf");

    let o = run(&db, &["attach", "EXT-1", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).starts_with("error: file:"),
        "{}",
        text(&o.stderr)
    );

    let o = run(&db, &["attach", "EXT-1", f, "--received-on", "2024-12-11"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        text(&o.stderr).contains("received_on"),
        "{}",
        text(&o.stderr)
    );

    let o = run(&db, &["attach", "NOPE-1", f]);
    assert_eq!(o.status.code(), Some(3));

    ok(run(&db, &["attach", "EXT-1", f]), "attach");
    let o = run(&db, &["attach", "EXT-1", f]);
    assert_eq!(o.status.code(), Some(3), "the same file twice");
    assert!(
        text(&o.stderr).contains("already attached"),
        "{}",
        text(&o.stderr)
    );

    let out = dir.path().join("x");
    let o = run(
        &db,
        &[
            "attachment",
            "get",
            "EXT-1",
            &"0".repeat(64),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(3));
    assert!(text(&o.stderr).contains("sha256"), "{}", text(&o.stderr));
    assert!(!out.exists(), "nothing written");
}

#[test]
fn check_names_an_attachment_whose_bytes_changed() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_item(dir.path());
    let file = dir.path().join("indictment.pdf");
    std::fs::write(&file, b"%PDF indictment of Zhang").unwrap();
    ok(
        run(&db, &["attach", "EXT-1", file.to_str().unwrap()]),
        "attach",
    );
    ok(run(&db, &["check"]), "check before");

    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch(
        "UPDATE attachment_blob SET content = CAST('%PDF indictment of Zhong' AS BLOB)",
    )
    .unwrap();
    drop(c);
    let o = run(&db, &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    let err = text(&o.stderr);
    assert!(
        err.contains("error: attachment indictment.pdf of EXT-1"),
        "the attachment named: {err}"
    );
    assert!(text(&o.stdout).contains("attachments against their SHA-256: BROKEN"));
}
