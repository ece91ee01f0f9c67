//! Owner-only files (issue 11): every file the core writes in one use is created 0600 and
//! every folder 0700 — with a permissive umask (022) in force, and without the programs'
//! own `umask(077)` at start ([`counterpart_core::fsutil::restrict_umask`]), so the modes
//! come from how each file is created, not from the umask.
//!
//! The writer is this test binary run again (`current_exe()`, the ignored test
//! `child_writes_everything`) under `sh -c 'umask 022; exec …'`; it lists every file and
//! folder it made and checks each one's mode, and the parent checks that it succeeded and
//! that the umask really was 022. `crates/cli/tests/modes.rs` does the same through the
//! `counterpart` binary.
#![cfg(unix)]

use chrono::{DateTime, TimeZone, Utc};
use counterpart_core::backup::Reason;
use counterpart_core::brief::BriefOptions;
use counterpart_core::db::{
    backup, brief, decrypt_file, encrypt_file, rekey_file, reminders, Db, Passphrase,
};
use counterpart_core::{export, fsutil};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::Command;

mod support;
use support::tree::{modes, not_owner_only};

const CHILD_DIR: &str = "COUNTERPART_TEST_MODES_DIR";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).unwrap()
}

#[test]
#[ignore = "run by every_file_is_owner_only_whatever_the_umask"]
fn child_writes_everything() {
    let Ok(dir) = std::env::var(CHILD_DIR) else {
        return;
    };
    let dir = PathBuf::from(dir).join("data");
    fsutil::create_private_dir(&dir.join("deeper")).unwrap();
    let path = dir.join("c.sqlite3");
    let mut db = Db::open(&path, now()).unwrap();
    support::add(&mut db, "EXT-1", now());
    db.backup_now(Reason::Manual, now()).unwrap();
    let copy = dir.join("copy.sqlite3");
    db.backup_to(&copy, false).unwrap();
    db.backup_to(&copy, true).unwrap();
    support::add(&mut db, "EXT-2", now());
    let json = dir.join("deeper/export.json");
    fsutil::write_output(db.path(), &json, |w| {
        export::export_json(db.conn(), now(), w)
    })
    .unwrap();
    let csv = dir.join("export.csv");
    fsutil::write_output(db.path(), &csv, |w| export::export_csv(db.conn(), w)).unwrap();
    let (ics, _) = reminders::calendar_file(db.conn(), now().date_naive(), now()).unwrap();
    fsutil::write_output_bytes(db.path(), &dir.join("deadlines.ics"), ics.as_bytes()).unwrap();
    let options = BriefOptions::default();
    let made = brief::build(db.conn(), &options, now().date_naive()).unwrap();
    for (format, name) in [("pdf", "b.pdf"), ("html", "b.html"), ("md", "b.md")] {
        db.deliver_brief(&made, &options, format, b"a brief", &dir.join(name), now())
            .unwrap();
    }
    // A restore while the database is open: the copy aside, and the live `-wal`/`-shm`.
    let done = backup::restore(&path, &copy, now()).unwrap();
    assert!(done.kept_aside.is_some());
    support::add(&mut db, "EXT-3", now());

    // A damaged database moved aside, and a restore where there is then none.
    let other = dir.join("d.sqlite3");
    drop(Db::open(&other, now()).unwrap());
    let mut bytes = std::fs::read(&other).unwrap();
    bytes[..100].fill(0);
    std::fs::write(&other, bytes).unwrap();
    let moved = backup::move_aside_damaged(&other, now()).unwrap();
    backup::restore(&other, &copy, now()).unwrap();

    // Encryption at rest: a database encrypted, re-keyed and decrypted (each writes a
    // converted copy, renamed into place), its encrypted backup, and a new encrypted one.
    let secret = dir.join("s.sqlite3");
    drop(Db::open(&secret, now()).unwrap());
    let one = Passphrase::new("one".into()).unwrap();
    let two = Passphrase::new("two".into()).unwrap();
    encrypt_file(&secret, &one).unwrap();
    rekey_file(&secret, &one, &two).unwrap();
    let keyed = Db::open_keyed(&secret, Some(&two), now()).unwrap();
    keyed.backup_now(Reason::Manual, now()).unwrap();
    drop(keyed);
    decrypt_file(&secret, &two).unwrap();
    drop(Db::open_keyed(&dir.join("e.sqlite3"), Some(&one), now()).unwrap());

    let found = modes(&dir);
    let names: Vec<String> = found
        .keys()
        .map(|p| p.strip_prefix(&dir).unwrap().display().to_string())
        .collect();
    for want in [
        "c.sqlite3",
        "c.sqlite3-wal",
        "c.sqlite3-shm",
        "backups",
        "copy.sqlite3",
        "deeper",
        "deeper/export.json",
        "export.csv",
        "deadlines.ics",
        "b.pdf",
        "b.html",
        "b.md",
        "d.sqlite3",
        "d.sqlite3.damaged",
        "s.sqlite3",
        "e.sqlite3",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
    }
    assert!(
        names.iter().any(|n| n.starts_with("backups/c-")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("c.sqlite3.before-restore-")),
        "{names:?}"
    );
    assert!(moved.ends_with("d.sqlite3.damaged"));
    let wrong = not_owner_only(&found);
    let mut out = std::io::stdout().lock();
    writeln!(out, "CHILD checked {} files and folders", found.len() + 1).unwrap();
    assert!(wrong.is_empty(), "not owner-only: {wrong:?}");
    assert_eq!(
        std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
        0o700,
        "the data folder"
    );
    drop(db);
}

/// What an older version made with the umask's mode (0644 files, a 0755 backups folder) is
/// made owner-only when this version opens the database and backs it up.
#[test]
fn files_left_open_by_an_older_version_are_tightened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let mut db = Db::open(&path, now()).unwrap();
    support::add(&mut db, "EXT-1", now());
    let first = db.backup_now(Reason::Manual, now()).unwrap();
    drop(db);
    let set = |p: &std::path::Path, mode: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    set(&path, 0o644);
    set(&backup::folder(&path), 0o755);
    set(&first.path, 0o644);
    let db = Db::open(&path, now()).unwrap();
    db.backup_now(Reason::Manual, now() + chrono::Duration::hours(1))
        .unwrap();
    let found = modes(dir.path());
    let wrong = not_owner_only(&found);
    assert!(wrong.is_empty(), "not owner-only: {wrong:?}");
    assert!(found.len() >= 5, "{found:?}");
}

#[test]
fn every_file_is_owner_only_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("sh")
        .arg("-c")
        .arg(r#"umask 022 && umask && exec "$0" "$@""#)
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_writes_everything",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DIR, dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.starts_with("0022"), "run with umask 022: {stdout}");
    assert!(stdout.contains("CHILD checked"), "{stdout}");
}
