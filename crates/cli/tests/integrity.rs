//! The real `counterpart` binary against damaged and foreign database files (the corruption
//! matrix of issue 6), and `backup` / `restore` / the backup made before an import.
//!
//! Every damaged file must give an `error:` line that says what is wrong, exit code 1, no
//! panic, and the file byte for byte as it was. Nothing sleeps.

mod common;

use common::{ok, run, text};
use std::path::{Path, PathBuf};

/// A database with three items, made by the binary itself.
fn database(dir: &Path) -> PathBuf {
    let db = dir.join("c.sqlite3");
    for (r, k) in [
        ("EXT-1", "extradition"),
        ("IND-1", "indictment"),
        ("SCH-1", "scheduling"),
    ] {
        ok(
            run(
                &db,
                &[
                    "add",
                    "--kind",
                    k,
                    "--title",
                    &format!("Title of {r}"),
                    "--reference",
                    r,
                    "--counterpart",
                    "MPS",
                    "--transmitted-on",
                    "2024-01-02",
                ],
            ),
            "add",
        );
    }
    db
}

fn references(db: &Path) -> Vec<String> {
    let out = ok(run(db, &["list", "--format", "json"]), "list");
    let rows: serde_json::Value = serde_json::from_str(&out).expect("list prints JSON");
    let mut refs: Vec<String> = rows
        .as_array()
        .expect("an array")
        .iter()
        .map(|r| r["reference"].as_str().unwrap().to_owned())
        .collect();
    refs.sort();
    refs
}

/// The database's JSON export, without the moment it was made.
fn content(db: &Path) -> String {
    let out = ok(run(db, &["export", "--format", "json"]), "export");
    out.lines()
        .filter(|l| !l.contains("\"exported_at\""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A small deterministic byte stream (xorshift), for "garbage".
fn garbage(n: usize, mut seed: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect()
}

/// The ways a database file gets damaged, and the words the error must contain.
fn damage(kind: &str, path: &Path) -> &'static str {
    let mut bytes = std::fs::read(path).unwrap();
    let said = match kind {
        "zeroed header" => {
            bytes[..100].fill(0);
            "damaged"
        }
        "cut in half" => {
            bytes.truncate(bytes.len() / 2);
            "damaged"
        }
        "garbage page" => {
            // Page 2 (4 KB pages): the root of the first table of the schema.
            let g = garbage(4096, 0x9e37_79b9_7f4a_7c15);
            bytes[4096..8192].copy_from_slice(&g);
            "damaged"
        }
        "not SQLite" => {
            bytes = "kind,reference,title\nthese are notes, not a database\n"
                .repeat(200)
                .into_bytes();
            "not a Counterpart database"
        }
        "newer schema" => {
            // user_version: 4 bytes, big-endian, at offset 60 of the header.
            bytes[60..64].copy_from_slice(&999u32.to_be_bytes());
            "newer version of Counterpart"
        }
        other => panic!("no damage called {other}"),
    };
    std::fs::write(path, bytes).unwrap();
    said
}

#[test]
fn damaged_or_foreign_files_are_refused_untouched() {
    for kind in [
        "zeroed header",
        "cut in half",
        "garbage page",
        "not SQLite",
        "newer schema",
    ] {
        for command in ["list", "add"] {
            let dir = tempfile::tempdir().unwrap();
            let db = database(dir.path());
            assert!(
                !dir.path().join("c.sqlite3-wal").exists(),
                "the binary checkpoints on exit"
            );
            let said = damage(kind, &db);
            let before = std::fs::read(&db).unwrap();
            let args: &[&str] = match command {
                "list" => &["list"],
                _ => &[
                    "add",
                    "--kind",
                    "commitment",
                    "--title",
                    "New",
                    "--reference",
                    "WG-9",
                    "--counterpart",
                    "MPS",
                ],
            };
            let o = run(&db, args);
            let err = text(&o.stderr);
            assert_eq!(o.status.code(), Some(1), "{kind}, {command}: exit 1\n{err}");
            assert!(
                err.starts_with("error: ") && err.contains(said),
                "{kind}, {command}: a clear message containing `{said}`, got:\n{err}"
            );
            assert!(!err.contains("panicked"), "{kind}, {command}: {err}");
            assert!(o.stdout.is_empty(), "{kind}, {command}: nothing on stdout");
            assert!(
                std::fs::read(&db).unwrap() == before,
                "{kind}, {command}: the file is byte for byte as it was"
            );
        }
    }
}

#[test]
fn backup_then_restore_puts_the_items_back_and_keeps_the_current_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let copy = dir.path().join("copy.sqlite3");
    let out = ok(run(&db, &["backup", copy.to_str().unwrap()]), "backup");
    assert!(out.contains("backed up 3 item(s)"), "{out}");

    // A second backup to the same name is refused, and leaves the first one whole.
    let first = std::fs::read(&copy).unwrap();
    let o = run(&db, &["backup", copy.to_str().unwrap()]);
    assert_ne!(o.status.code(), Some(0), "an existing file is not replaced");
    assert!(
        text(&o.stderr).contains("already exists"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(std::fs::read(&copy).unwrap(), first);

    // The database changes after the backup…
    ok(
        run(
            &db,
            &[
                "add",
                "--kind",
                "commitment",
                "--title",
                "Added after the backup",
                "--reference",
                "WG-1",
                "--counterpart",
                "MPS",
            ],
        ),
        "add",
    );
    assert_eq!(references(&db).len(), 4);
    let changed = content(&db);

    // …and the restore brings back the items as at the backup.
    let out = ok(run(&db, &["restore", copy.to_str().unwrap()]), "restore");
    assert_eq!(references(&db), ["EXT-1", "IND-1", "SCH-1"]);
    let aside = out
        .lines()
        .find_map(|l| l.strip_prefix("the database that was replaced is kept at "))
        .unwrap_or_else(|| panic!("restore says where the old file is:\n{out}"));
    let aside = PathBuf::from(aside);
    assert!(
        aside
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("c.sqlite3.before-restore-"),
        "{}",
        aside.display()
    );
    // A checked copy made through SQLite's backup API (the restore then writes into the
    // live file), so its content, not its bytes, is the database's as it was.
    assert_eq!(
        content(&aside),
        changed,
        "the replaced database is kept as it was"
    );
    assert_eq!(
        references(&aside).len(),
        4,
        "and it still opens, with the item added after the backup"
    );

    // --force replaces an existing file.
    ok(
        run(&db, &["backup", "--force", copy.to_str().unwrap()]),
        "backup --force",
    );
}

#[test]
fn restore_refuses_a_damaged_or_newer_file_and_changes_nothing() {
    for kind in [
        "zeroed header",
        "garbage page",
        "not SQLite",
        "newer schema",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let db = database(dir.path());
        let bad = dir.path().join("bad.sqlite3");
        ok(run(&db, &["backup", bad.to_str().unwrap()]), "backup");
        let said = match damage(kind, &bad) {
            "newer version of Counterpart" => "newer version of Counterpart",
            _ => "cannot be used as a backup",
        };
        let before = std::fs::read(&db).unwrap();
        let bad_before = std::fs::read(&bad).unwrap();
        let o = run(&db, &["restore", bad.to_str().unwrap()]);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{kind}: exit 1\n{err}");
        assert!(
            err.starts_with("error: ") && err.contains(said),
            "{kind}: `{said}` in\n{err}"
        );
        assert!(!err.contains("panicked"), "{kind}: {err}");
        assert_eq!(
            std::fs::read(&db).unwrap(),
            before,
            "{kind}: database unchanged"
        );
        assert_eq!(
            std::fs::read(&bad).unwrap(),
            bad_before,
            "{kind}: file unchanged"
        );
        let entries: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            !entries.iter().any(|e| e.contains("before-restore")),
            "{kind}: nothing kept aside, since nothing was replaced: {entries:?}"
        );
    }
}

#[test]
fn restore_works_on_a_damaged_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let copy = dir.path().join("copy.sqlite3");
    ok(run(&db, &["backup", copy.to_str().unwrap()]), "backup");
    damage("zeroed header", &db);
    let out = ok(run(&db, &["restore", copy.to_str().unwrap()]), "restore");
    assert!(out.contains("kept at"), "{out}");
    assert_eq!(references(&db), ["EXT-1", "IND-1", "SCH-1"]);
}

#[test]
fn an_import_is_preceded_by_a_backup_and_a_dry_run_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let csv = dir.path().join("more.csv");
    std::fs::write(
        &csv,
        "kind,reference,title,counterpart\ncommitment,WG-1,One more,MPS\n",
    )
    .unwrap();
    let backups = dir.path().join("backups");
    ok(
        run(&db, &["import", "--dry-run", csv.to_str().unwrap()]),
        "dry run",
    );
    assert!(
        !backups.exists(),
        "a dry run writes nothing, backups included"
    );
    let o = run(&db, &["import", csv.to_str().unwrap()]);
    let err = text(&o.stderr);
    ok(o, "import");
    let made: Vec<PathBuf> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(made.len(), 1, "one backup: {made:?}");
    let name = made[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("c-") && name.ends_with("-before-import.sqlite3"),
        "{name}"
    );
    assert!(err.contains(&name), "the import says where: {err}");
    assert_eq!(
        references(&made[0]),
        ["EXT-1", "IND-1", "SCH-1"],
        "as before"
    );
    assert_eq!(references(&db).len(), 4, "and the import went in");
}

#[test]
fn backup_without_a_file_goes_to_the_backups_folder() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let out = ok(run(&db, &["backup"]), "backup");
    let path = out
        .trim()
        .strip_prefix("backed up to ")
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        path.contains("backups") && path.ends_with("-manual.sqlite3"),
        "{path}"
    );
    assert_eq!(references(Path::new(path)).len(), 3);
}
