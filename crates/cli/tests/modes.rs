//! Owner-only files (issue 11), through the real `counterpart` binary: one use of every
//! command that writes a file — the database and its folder (the default one, under
//! `XDG_DATA_HOME`), its `-wal` and `-shm`, backups and the backups folder, a backup
//! replaced with `--force`, exports (CSV, JSON), briefs (PDF, HTML, Markdown), the
//! calendar, a restore's copy aside, a damaged database kept aside by a restore — and then
//! every file is 0600 and every folder 0700.
//!
//! Each run starts under `sh -c 'umask 022; exec …'`, so nothing passes by the umask of the
//! test's environment. (The binary sets `umask 077` itself at start; that it does not
//! depend on it is shown by `crates/core/tests/modes.rs`, which writes the same files
//! through the core with the umask left at 022.)
#![cfg(unix)]

mod common;

// The core's tests walk the tree the same way.
#[path = "../../core/tests/support/tree.rs"]
mod tree;

use common::{text, ONE_ITEM, TODAY};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use tree::{modes, names, not_owner_only};

/// `counterpart --today TODAY ARGS…` with umask 022, the default database under `home`.
fn counterpart(home: &Path, args: &[&str]) -> Command {
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(r#"umask 022 && exec "$0" "$@""#)
        .arg(env!("CARGO_BIN_EXE_counterpart"))
        .args(["--today", TODAY])
        .args(args)
        .env_remove("COUNTERPART_DB")
        .env_remove("COUNTERPART_TODAY")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"));
    c
}

fn ok(home: &Path, args: &[&str]) -> String {
    let o: Output = counterpart(home, args).output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{args:?}\n{}\n{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    text(&o.stdout)
}

#[test]
fn every_file_the_program_writes_is_owner_only() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let data = home.join("data/counterpart");
    let out = home.join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o700)).unwrap();
    let o = |name: &str| out.join(name).to_str().unwrap().to_owned();

    ok(home, &["init"]);
    ok(home, &ONE_ITEM);
    ok(home, &["backup"]);
    ok(home, &["backup", &o("copy.sqlite3")]);
    ok(home, &["backup", "--force", &o("copy.sqlite3")]);
    ok(home, &["export", "--format", "csv", "-o", &o("all.csv")]);
    ok(home, &["export", "--format", "json", "-o", &o("all.json")]);
    for format in ["pdf", "html", "md"] {
        let name = o(&format!("brief.{format}"));
        ok(home, &["brief", "--format", format, "-o", &name]);
    }
    ok(home, &["reminders", "--ics", &o("deadlines.ics")]);

    // The `-wal` and `-shm` while the program has the database open: an import reading a
    // FIFO waits, with the database open, until the test writes to it.
    let fifo = out.join("more.csv");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let mut import: Child = counterpart(home, &["import", fifo.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Opening the FIFO to write returns once the import opened it to read: after it
    // opened the database.
    let mut feed = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    let while_open = modes(&data);
    std::io::Write::write_all(
        &mut feed,
        b"kind,reference,title,counterpart\ncommitment,WG-1,One more,MPS\n",
    )
    .unwrap();
    drop(feed);
    assert!(import.wait().unwrap().success(), "the import");
    for side in ["counterpart.sqlite3-wal", "counterpart.sqlite3-shm"] {
        assert!(
            names(&while_open).iter().any(|n| n == side),
            "{side} while the database is open: {:?}",
            names(&while_open)
        );
    }
    assert_eq!(not_owner_only(&while_open), Vec::<String>::new());

    // A restore over the live database (its copy aside), then over a damaged one (moved
    // aside as it was).
    ok(home, &["restore", &o("copy.sqlite3")]);
    let db = data.join("counterpart.sqlite3");
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[..100].fill(0);
    std::fs::write(&db, bytes).unwrap();
    ok(home, &["restore", &o("copy.sqlite3")]);

    let mut all = modes(home);
    all.remove(&out); // made by the test
    let names = names(&all);
    for want in [
        "counterpart",
        "counterpart.sqlite3",
        "backups",
        "copy.sqlite3",
        "all.csv",
        "all.json",
        "brief.pdf",
        "brief.html",
        "brief.md",
        "deadlines.ics",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
    }
    for start in ["counterpart-", "counterpart.sqlite3.before-restore-"] {
        let n = names.iter().filter(|n| n.starts_with(start)).count();
        assert!(n >= 2, "{start}… twice in {names:?}");
    }
    assert_eq!(not_owner_only(&all), Vec::<String>::new());
}
