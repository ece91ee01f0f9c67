//! The import of 100,000 generated CSV rows into a new database (target < 3 s).

use chrono::{DateTime, NaiveDate, Utc};
use counterpart_core::db::Db;
use counterpart_core::op::Author;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::timing::Report;
use crate::{generate, ITEMS};

/// Imports a generated CSV file of [`ITEMS`] rows into a new database in `dir`.
pub fn run(report: &mut Report, dir: &Path, today: NaiveDate, now: DateTime<Utc>) {
    let csv_path = dir.join("items.csv");
    generate::csv(&csv_path, ITEMS, 7);
    let size = std::fs::metadata(&csv_path).map(|m| m.len()).unwrap_or(0);
    let import_db = dir.join("import.sqlite3");
    let mut db = Db::open(&import_db, chrono::Utc::now()).expect("open");
    let file = std::fs::File::open(&csv_path).expect("the CSV");
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
    report.line(
        &format!("import {ITEMS} CSV rows ({:.1} MB)", size as f64 / 1e6),
        took,
        Some(Duration::from_secs(3)),
        &format!("[{} events]", r.events),
    );
    drop(db);
}
