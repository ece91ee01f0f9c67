//! Outputs never overwrite the database (issue 11): `export -o`, `backup FILE` (with and
//! without `--force`), `brief -o` and `reminders --ics` refuse a file that is the database
//! — by another spelling of its path, a symlink or a hard link to it — one of its side
//! files (`-wal`, `-shm`, `-journal`, there or not), or one of its backups. The refusal is
//! exit 3 (as other refused input), names the output, and leaves every file as it was.

mod common;

use common::{ok, run, text, ONE_ITEM, TODAY};
use std::path::Path;
use std::process::{Command, Output};

/// `counterpart --db c.sqlite3 …` run from the database's folder.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_counterpart"))
        .current_dir(dir)
        .env_remove("COUNTERPART_DB")
        .env_remove("COUNTERPART_TODAY")
        .args(["--db", "c.sqlite3", "--today", TODAY])
        .args(args)
        .output()
        .unwrap()
}

fn database(dir: &Path) {
    ok(run_in(dir, &ONE_ITEM), "add");
}

/// Every output command, writing to `target`.
fn outputs(target: &str) -> Vec<Vec<String>> {
    let t = target.to_owned();
    let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        v(&["export", "--format", "json", "-o", &t]),
        v(&["export", "--format", "csv", "-o", &t]),
        v(&["backup", &t]),
        v(&["backup", "--force", &t]),
        v(&["brief", "--format", "html", "-o", &t]),
        v(&["brief", "--format", "md", "-o", &t]),
        v(&["reminders", "--ics", &t]),
    ]
}

fn refused(dir: &Path, args: &[String], says: &str) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let before = std::fs::read(dir.join("c.sqlite3")).unwrap();
    let o = run_in(dir, &args);
    let err = text(&o.stderr);
    assert_eq!(
        o.status.code(),
        Some(3),
        "{args:?} refused with exit 3:\n{err}"
    );
    let target = args.last().unwrap();
    assert!(
        err.starts_with("error: ")
            && err.contains(&format!("{target} is {says}"))
            && err.contains("nothing was written"),
        "{args:?}: `{target} is {says}` in\n{err}"
    );
    assert_eq!(
        std::fs::read(dir.join("c.sqlite3")).unwrap(),
        before,
        "{args:?}: the database is as it was"
    );
}

#[test]
fn an_output_that_is_the_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    database(dir);
    std::os::unix::fs::symlink("c.sqlite3", dir.join("link.sqlite3")).unwrap();
    std::fs::hard_link(dir.join("c.sqlite3"), dir.join("hard.sqlite3")).unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    for target in [
        "./c.sqlite3",
        "c.sqlite3",
        "sub/../c.sqlite3",
        "link.sqlite3",
        "hard.sqlite3",
    ] {
        for args in outputs(target) {
            refused(dir, &args, "the database itself");
        }
    }
    let absolute = dir.join("c.sqlite3");
    for args in outputs(absolute.to_str().unwrap()) {
        refused(dir, &args, "the database itself");
    }
    // The side files, whether or not they are there now (the database is closed).
    for (side, says) in [
        ("c.sqlite3-wal", "the database's write-ahead log"),
        ("./c.sqlite3-shm", "the database's shared-memory file"),
        ("c.sqlite3-journal", "the database's journal"),
    ] {
        for args in outputs(side) {
            refused(dir, &args, says);
        }
        assert!(!dir.join(side).exists(), "{side} not made");
    }
    // The database still opens, with its item.
    let list = ok(run(&dir.join("c.sqlite3"), &["list"]), "list");
    assert!(list.contains("EXT-1"), "{list}");
}

#[test]
fn an_output_over_one_of_the_backups_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    database(dir);
    ok(run_in(dir, &["backup"]), "backup");
    let made = std::fs::read_dir(dir.join("backups"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let kept = std::fs::read(&made).unwrap();
    for args in outputs(made.to_str().unwrap()) {
        refused(dir, &args, "one of the database's backups");
    }
    assert_eq!(std::fs::read(&made).unwrap(), kept, "the backup as it was");
}

#[test]
fn other_outputs_in_the_databases_folder_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    database(dir);
    ok(
        run_in(dir, &["export", "--format", "json", "-o", "./c.json"]),
        "export",
    );
    ok(run_in(dir, &["backup", "c-copy.sqlite3"]), "backup");
    ok(
        run_in(dir, &["brief", "--format", "md", "-o", "c.sqlite3.md"]),
        "brief",
    );
    ok(run_in(dir, &["reminders", "--ics", "c.ics"]), "ics");
    for f in ["c.json", "c-copy.sqlite3", "c.sqlite3.md", "c.ics"] {
        assert!(dir.join(f).is_file(), "{f}");
    }
}
