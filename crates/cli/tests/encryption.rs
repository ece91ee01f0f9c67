//! Encryption at rest through the real binary (`CONTRACT.md`, "Encryption at rest"):
//! `init --encrypt`, the passphrase from `--passphrase-file` (one trailing line break is
//! not part of it) or `COUNTERPART_PASSPHRASE`, a missing or wrong one refused with exit 1
//! and the file untouched, `encrypt`, `rekey`, `decrypt --yes`, and encrypted backups.

mod common;

use common::{ok, text, TODAY};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the binary on `db` with `COUNTERPART_PASSPHRASE` set to `env` (or unset).
fn run_with(db: &Path, env: Option<&str>, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_counterpart"));
    c.env_remove("COUNTERPART_DB")
        .env_remove("COUNTERPART_TODAY")
        .env_remove("COUNTERPART_PASSPHRASE");
    if let Some(p) = env {
        c.env("COUNTERPART_PASSPHRASE", p);
    }
    c.arg("--db")
        .arg(db)
        .args(["--today", TODAY])
        .args(args)
        .output()
        .expect("the counterpart binary should start")
}

/// A file holding `text`, to give as a passphrase file.
fn secret(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

fn add_args(reference: &str) -> Vec<String> {
    [
        "add",
        "--kind",
        "extradition",
        "--title",
        &format!("Fentanyl request {reference}"),
        "--reference",
        reference,
        "--counterpart",
        "MPS",
    ]
    .map(String::from)
    .to_vec()
}

fn add(db: &Path, env: Option<&str>, reference: &str) {
    let args = add_args(reference);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(run_with(db, env, &args), "add");
}

fn refs(db: &Path, env: Option<&str>) -> Vec<String> {
    let out = ok(run_with(db, env, &["list", "--format", "json"]), "list");
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut r: Vec<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reference"].as_str().unwrap().to_owned())
        .collect();
    r.sort();
    r
}

/// The file and its side files, to show that a refused command touched nothing.
fn bytes(db: &Path) -> Vec<Option<Vec<u8>>> {
    ["", "-wal", "-shm"]
        .iter()
        .map(|s| {
            let mut p = db.as_os_str().to_owned();
            p.push(s);
            std::fs::read(PathBuf::from(p)).ok()
        })
        .collect()
}

fn is_plain(path: &Path) -> bool {
    std::fs::read(path)
        .unwrap()
        .starts_with(b"SQLite format 3\0")
}

/// Asserts `o` failed with exit 1 and an `error:` line containing `said`.
fn refused(o: Output, said: &str, what: &str) {
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{what}: exit 1\n{err}");
    assert!(
        err.starts_with("error: ") && err.contains(said),
        "{what}: `{said}` in\n{err}"
    );
    assert!(o.stdout.is_empty(), "{what}: nothing on stdout");
}

#[test]
fn init_encrypt_and_the_passphrase_file_s_one_trailing_line_break() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    let file = secret(dir.path(), "pass", "s3cret phrase\n");
    let out = ok(
        run_with(
            &db,
            None,
            &["--passphrase-file", &file, "init", "--encrypt"],
        ),
        "init --encrypt",
    );
    assert!(out.contains("encrypted"), "{out}");
    assert!(!is_plain(&db), "the file is encrypted");
    // The environment's passphrase, without the line break, is the same one.
    add(&db, Some("s3cret phrase"), "EXT-1");
    // A \r\n is one line break too.
    let crlf = secret(dir.path(), "crlf", "s3cret phrase\r\n");
    let out = ok(
        run_with(&db, None, &["--passphrase-file", &crlf, "list"]),
        "list",
    );
    assert!(out.contains("EXT-1"), "{out}");
    // Only one: a second line break is part of the secret.
    let two = secret(dir.path(), "two", "s3cret phrase\n\n");
    refused(
        run_with(&db, None, &["--passphrase-file", &two, "list"]),
        "passphrase is wrong",
        "two line breaks",
    );
    assert!(!std::fs::read(&db)
        .unwrap()
        .windows(8)
        .any(|w| w == b"Fentanyl"));
    // Safe to repeat.
    ok(
        run_with(
            &db,
            None,
            &["--passphrase-file", &file, "init", "--encrypt"],
        ),
        "init --encrypt again",
    );
}

#[test]
fn every_command_needs_the_passphrase_and_a_missing_or_wrong_one_touches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    ok(
        run_with(&db, Some("right"), &["init", "--encrypt"]),
        "init --encrypt",
    );
    add(&db, Some("right"), "EXT-1");
    let before = bytes(&db);
    let backups = dir.path().join("backups");
    for args in [
        &["list"][..],
        &["show", "EXT-1"],
        &["check"],
        &["backup"],
        &["export", "--format", "json"],
        &["init"],
        &add_args("EXT-2")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()[..],
    ] {
        refused(
            run_with(&db, None, args),
            "is encrypted: a passphrase is needed",
            &format!("{args:?} without a passphrase"),
        );
        refused(
            run_with(&db, Some("wrong"), args),
            "passphrase is wrong",
            &format!("{args:?} with a wrong one"),
        );
        assert_eq!(bytes(&db), before, "{args:?}: the file is untouched");
        assert!(!backups.exists(), "{args:?}: no backup was made");
    }
    let o = run_with(&db, None, &["list"]);
    assert!(
        text(&o.stderr).contains("--passphrase-file"),
        "the hint names the flag: {}",
        text(&o.stderr)
    );
    assert_eq!(refs(&db, Some("right")), ["EXT-1"]);
}

#[test]
fn init_encrypt_needs_a_passphrase_and_refuses_an_existing_plain_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    let o = run_with(&db, None, &["init", "--encrypt"]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("passphrase"),
        "{}",
        text(&o.stderr)
    );
    assert!(!db.exists(), "nothing was created");
    let empty = secret(dir.path(), "empty", "\n");
    let o = run_with(
        &db,
        None,
        &["--passphrase-file", &empty, "init", "--encrypt"],
    );
    assert_eq!(o.status.code(), Some(3), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("passphrase: is empty"),
        "{}",
        text(&o.stderr)
    );
    assert!(!db.exists(), "nothing was created");

    ok(run_with(&db, None, &["init"]), "init");
    let before = bytes(&db);
    refused(
        run_with(&db, Some("p"), &["init", "--encrypt"]),
        "is not encrypted",
        "init --encrypt of a plain database",
    );
    assert_eq!(bytes(&db), before);
}

#[test]
fn encrypt_rekey_and_decrypt_an_existing_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    add(&db, None, "EXT-1");
    add(&db, None, "EXT-2");
    let out = ok(run_with(&db, None, &["backup"]), "backup");
    let made = PathBuf::from(out.trim().strip_prefix("backed up to ").unwrap());
    assert!(is_plain(&made));

    // encrypt: the new passphrase from --passphrase-file; the backups are encrypted too.
    let first = secret(dir.path(), "first", "first one\n");
    let out = ok(
        run_with(&db, None, &["--passphrase-file", &first, "encrypt"]),
        "encrypt",
    );
    assert!(
        out.contains("encrypted") && out.contains("2 item(s)"),
        "{out}"
    );
    assert!(
        out.contains("the unencrypted file was emptied"),
        "says the old file is gone:\n{out}"
    );
    let beside: Vec<String> = std::fs::read_dir(db.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("before-"))
        .collect();
    assert!(beside.is_empty(), "no unencrypted copy is left: {beside:?}");
    assert!(!is_plain(&db));
    refused(
        run_with(&db, None, &["list"]),
        "passphrase is needed",
        "list after encrypt",
    );
    assert_eq!(refs(&db, Some("first one")), ["EXT-1", "EXT-2"]);
    let before = bytes(&db);
    refused(
        run_with(&db, Some("first one"), &["encrypt"]),
        "already encrypted",
        "encrypt twice",
    );
    assert_eq!(bytes(&db), before);

    // rekey: the old from the environment, the new from --new-passphrase-file.
    let second = secret(dir.path(), "second", "second one\n");
    refused(
        run_with(
            &db,
            Some("wrong"),
            &["rekey", "--new-passphrase-file", &second],
        ),
        "passphrase is wrong",
        "rekey with a wrong passphrase",
    );
    assert_eq!(bytes(&db), before, "untouched");
    let out = ok(
        run_with(
            &db,
            Some("first one"),
            &["rekey", "--new-passphrase-file", &second],
        ),
        "rekey",
    );
    assert!(out.contains("re-keyed"), "{out}");
    refused(
        run_with(&db, Some("first one"), &["list"]),
        "passphrase is wrong",
        "the old passphrase after rekey",
    );
    assert_eq!(refs(&db, Some("second one")), ["EXT-1", "EXT-2"]);

    // decrypt: only with --yes.
    let o = run_with(&db, Some("second one"), &["decrypt"]);
    assert_eq!(o.status.code(), Some(2), "clap asks for --yes");
    assert!(!is_plain(&db));
    let out = ok(
        run_with(
            &db,
            None,
            &["--passphrase-file", &second, "decrypt", "--yes"],
        ),
        "decrypt",
    );
    assert!(out.contains("no longer encrypted"), "{out}");
    assert!(is_plain(&db));
    assert_eq!(refs(&db, None), ["EXT-1", "EXT-2"]);
    ok(run_with(&db, None, &["check"]), "check");
}

#[test]
fn backups_of_an_encrypted_database_are_encrypted_and_restore_with_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    let key = Some("right");
    ok(run_with(&db, key, &["init", "--encrypt"]), "init --encrypt");
    add(&db, key, "EXT-1");
    let copy = dir.path().join("copy.sqlite3");
    let copy_arg = copy.to_str().unwrap();
    ok(run_with(&db, key, &["backup", copy_arg]), "backup FILE");
    let out = ok(run_with(&db, key, &["backup"]), "backup");
    let into_folder = PathBuf::from(out.trim().strip_prefix("backed up to ").unwrap());
    for file in [&copy, &into_folder] {
        assert!(!is_plain(file), "{file:?} is encrypted");
        refused(
            run_with(file, None, &["list"]),
            "passphrase is needed",
            "a backup without the passphrase",
        );
        assert_eq!(refs(file, key), ["EXT-1"], "{file:?} opens with it");
    }
    add(&db, key, "EXT-2");
    let before = bytes(&db);
    refused(
        run_with(&db, None, &["restore", copy_arg]),
        "passphrase is needed",
        "restore without the passphrase",
    );
    refused(
        run_with(&db, Some("wrong"), &["restore", copy_arg]),
        "passphrase is wrong",
        "restore with a wrong one",
    );
    assert_eq!(bytes(&db), before, "untouched");
    ok(run_with(&db, key, &["restore", copy_arg]), "restore");
    assert_eq!(refs(&db, key), ["EXT-1"]);
    assert!(!is_plain(&db), "still encrypted");
}
