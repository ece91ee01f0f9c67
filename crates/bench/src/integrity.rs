//! Integrity and backups (issue #6) on the same database: opening it (its `quick_check`
//! included, and alone), and a checked backup of the whole database.

use chrono::{DateTime, Utc};
use counterpart_core::db::Db;
use std::path::Path;
use std::time::Instant;

use crate::timing::{time, Report};

/// Times opening the (closed) database at `path` and backing it up into `dir`.
pub fn run(report: &mut Report, path: &Path, dir: &Path, now: DateTime<Utc>) {
    let (took, _) = time(5, || Db::open(path, now).expect("open"));
    report.line("open the database (quick_check included)", took, None, "");
    let (took, problems) = time(5, || quick_check(path));
    report.line(
        "  of which PRAGMA quick_check alone",
        took,
        None,
        &format!("[{}]", problems),
    );
    let db = Db::open(path, now).expect("open");
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let copy = dir.join("copy.sqlite3");
    let (took, verified) = time(3, || db.backup_to(&copy, true).expect("backup"));
    report.line(
        &format!(
            "backup of the database ({:.0} MB), checked",
            size as f64 / 1e6
        ),
        took,
        None,
        &format!(
            "[{} items; online backup + integrity_check]",
            verified.items
        ),
    );
    let t = Instant::now();
    counterpart_core::db::backup::verify(&copy).expect("verify");
    report.line(
        "  of which the check (integrity_check)",
        t.elapsed(),
        None,
        "",
    );
    drop(db);
    println!();
}

/// `PRAGMA quick_check` through its own read-only connection, as `Db::open` runs it.
fn quick_check(path: &Path) -> String {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open");
    conn.query_row("PRAGMA quick_check", [], |r| r.get(0))
        .expect("quick_check")
}
