//! The import of the generated CSV rows (100,000: target < 3 s) into a new database.

use chrono::{DateTime, NaiveDate, Utc};
use counterpart_core::db::{Db, Passphrase};
use counterpart_core::op::Author;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::generate;
use crate::timing::Report;

/// Imports a generated CSV file of `report.size` rows into a new database in `dir`;
/// returns the CSV file (the encrypted import reads it again, [`crate::encryption`]).
pub fn run(report: &mut Report, dir: &Path, today: NaiveDate, now: DateTime<Utc>) -> PathBuf {
    let csv_path = dir.join("items.csv");
    let n = report.size;
    generate::csv(&csv_path, n, 7);
    let size = std::fs::metadata(&csv_path).map(|m| m.len()).unwrap_or(0);
    let (took, events) = once(&csv_path, &dir.join("import.sqlite3"), n, None, today, now);
    // The import database is not read again: its space goes back before the next part.
    crate::remove_database(&dir.join("import.sqlite3"));
    report.line(
        "import the CSV rows",
        took,
        Some(Duration::from_secs(3)),
        &format!("[{n} rows, {:.1} MB; {events} events]", size as f64 / 1e6),
    );
    csv_path
}

/// Imports `csv` into a new database at `db_path` (encrypted with `key` if given; any file
/// there is replaced): the time taken and the events imported.
pub fn once(
    csv: &Path,
    db_path: &Path,
    rows: usize,
    key: Option<&Passphrase>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> (Duration, usize) {
    crate::remove_database(db_path);
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
    assert_eq!(r.items, rows);
    (took, r.events)
}
