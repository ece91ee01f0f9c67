//! The import of 100,000 generated CSV rows into a new database (target < 3 s).

use chrono::{DateTime, NaiveDate, Utc};
use counterpart_core::db::{Db, Passphrase};
use counterpart_core::op::Author;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::timing::Report;
use crate::{generate, ITEMS};

/// Imports a generated CSV file of [`ITEMS`] rows into a new database in `dir`; returns
/// the CSV file (the encrypted import reads it again, [`crate::encryption`]).
pub fn run(report: &mut Report, dir: &Path, today: NaiveDate, now: DateTime<Utc>) -> PathBuf {
    let csv_path = dir.join("items.csv");
    generate::csv(&csv_path, ITEMS, 7);
    let size = std::fs::metadata(&csv_path).map(|m| m.len()).unwrap_or(0);
    let (took, events) = once(&csv_path, &dir.join("import.sqlite3"), None, today, now);
    report.line(
        &format!("import {ITEMS} CSV rows ({:.1} MB)", size as f64 / 1e6),
        took,
        Some(Duration::from_secs(3)),
        &format!("[{events} events]"),
    );
    csv_path
}

/// Imports `csv` into a new database at `db_path` (encrypted with `key` if given; any file
/// there is replaced): the time taken and the events imported.
pub fn once(
    csv: &Path,
    db_path: &Path,
    key: Option<&Passphrase>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> (Duration, usize) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db_path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
    let mut db = Db::open_keyed(db_path, key, chrono::Utc::now()).expect("open");
    let file = std::fs::File::open(csv).expect("the CSV");
    let t = Instant::now();
    let r = counterpart_core::import::import_csv(
        &mut db,
        std::io::BufReader::new(file),
        &Author::new(now, today, Some("bench".into())),
        false,
    )
    .expect("import succeeds");
    let took = t.elapsed();
    assert_eq!(r.items, ITEMS);
    (took, r.events)
}
