//! `make bench`: Counterpart's core on a generated database of 100,000 items.
//!
//! Measures, and prints against the targets of issue #2:
//! - import of 100,000 CSV rows (target < 3 s);
//! - the open-items list sorted by days with counterpart: first 200 rows (< 5 ms) and the
//!   whole set;
//! - the per-kind/per-status summary (< 20 ms, and within 1.5× of the same SQL run by the
//!   `sqlite3` shell on the same file);
//! - one item's history (< 1 ms);
//! - the reminder check the desktop scheduler runs every minute (issue #4): once nothing
//!   new is due (< 50 ms), and for information the first check on this database (which
//!   fires the whole backlog at once), the next day's, one with a 30-day follow-up
//!   cadence set for every kind, the scheduler's [`reminders::Checker`] when nothing has
//!   changed, and the reminders list.
//! - integrity and backups (issue #6): opening the database (its `quick_check` included,
//!   and alone), and a checked backup of the whole database.
//! - encryption at rest (issue 11): the import, the list, the summary and opening with its
//!   check, on a plain and on an encrypted (SQLCipher) database side by side: encrypted
//!   within 15 % of plain on each.
//!
//! - status briefs to PDF (issue #5), on generated databases of 1,000 and 10,000 items, in
//!   English and in English with Chinese: reading and assembling the model, and rendering
//!   the PDF after a first render (which loads the fonts): 1,000 items < 500 ms and < 3 MB (tagged),
//!   10,000 items < 5 s. Each timed render is of a brief as of a different day (every
//!   figure differs), so typst's memoisation of an identical document does not flatter it.
//!
//! - working days (issue 13): the list of 100,000 items sorted by U.S. and by PRC working
//!   days, first 200 rows (< 5 ms, beside the calendar-day sort of the same run), and the
//!   item detail's figures with working days (< 1 ms); see [`workdays`].
//!
//! - search and paging (issue 15): the first page of searches on the 100,000 items (a word
//!   every item holds with a number, one word, one and two Chinese characters, a long
//!   phrase: each < 50 ms, each checked against a scan of every text), the window's first
//!   page of a search with its total, a page 50,000 rows deep by key (< 5 ms, beside the
//!   same by offset), and the sort by title (first page < 50 ms); see [`list`].
//!
//! - attachments (issue 14): the list and an item's detail before and after a 50 MB file
//!   is attached to it (each within 1.25× of before); see [`attachments`].
//!
//! - team mode (issue 12) on a PostgreSQL started for the run: 20 clients × 500 operations
//!   pushed at once (0 lost, one order, the throughput, the time to converge); a new laptop
//!   joining a team of 100,000 items (the time, the longest write transaction); from a push
//!   to the change visible on another laptop (LISTEN); see [`team`].
//!
//! - the window (issue 15), through WebDriver on a virtual display: launch to the first
//!   rows (< 1 s and <= 2x an empty Tauri window's), memory after scrolling the whole list
//!   and opening 100 items (< 400 MiB), and a search or a sort to its first rows shown
//!   (< 150 ms); see [`window`].
//!
//! - the programs' sizes (issue 15): `counterpart` and `counterpart-desktop` as built for
//!   release, beside this executable (< 70 MB and < 90 MB); see [`sizes`].
//!
//! The database is generated with realistic histories (2–12 events per item, about 10%
//! paused awaiting U.S. information, about 30% closed). Timings are medians of repeated
//! runs. Exits 1 when a target is missed.
//!
//! `counterpart-bench --only briefs` runs the briefs' part alone, `--only team` team mode's,
//! `--only encryption` the import, the generated database and the encryption part,
//! `--only list` the import, the generated database, the list's reads and working days;
//! `--only commands` the import, the generated database and the whole-process commands;
//! `--only window` the import, the generated database and the window ([`window`]: under
//! `scripts/with-display`);
//! `--only attachments` a 50 MB attachment against the list and the detail
//! ([`attachments`]); `--only sizes` the programs' sizes; `--import-only` stops after the
//! import.

mod attachments;
mod briefs;
mod commands;
mod encryption;
mod generate;
mod import;
mod integrity;
mod list;
mod reminders;
mod sizes;
mod team;
mod timing;
mod window;
mod workdays;

// mimalloc, tuned: see crates/alloc.
#[global_allocator]
static ALLOCATOR: counterpart_alloc::Allocator = counterpart_alloc::Allocator;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use counterpart_core::db::Db;
use std::path::{Path, PathBuf};
use std::time::Instant;

use timing::Report;

/// The size the targets are set for (and team mode's join).
const ITEMS: usize = timing::TARGET_SIZE;

/// The argument after `flag`, when it is given.
fn arg_after(flag: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == flag)
        .map(|i| args.get(i + 1).cloned().unwrap_or_default())
}

/// `--only PART`: the one part to run (`briefs`), or every part.
fn only() -> Option<String> {
    arg_after("--only")
}

/// `--import-only`: each size's import and nothing else.
fn import_only() -> bool {
    std::env::args().any(|a| a == "--import-only")
}

fn finish(report: &Report, dir: tempfile::TempDir) {
    println!();
    if report.missed.is_empty() {
        println!("all targets met");
    } else {
        println!("targets missed: {}", report.missed.join(", "));
        // `exit` runs no destructors: remove the half-gigabyte of databases first.
        drop(dir);
        std::process::exit(1);
    }
}

fn main() {
    // As the command line does (crates/alloc).
    counterpart_alloc::keep_freed_memory(counterpart_alloc::Keep::UntilExit);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("a date");
    let now = Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).unwrap();
    let mut report = Report::new();
    match only().as_deref() {
        None => {}
        Some("briefs") => {
            println!("Counterpart benchmarks — briefs only, today = {today}\n");
            briefs::run(&mut report, dir.path(), today, now);
            finish(&report, dir);
            return;
        }
        Some("team") => {
            println!("Counterpart benchmarks — team mode only, today = {today}\n");
            team::run(&mut report, dir.path(), today, now);
            finish(&report, dir);
            return;
        }
        Some("attachments") => {
            println!("Counterpart benchmarks — attachments only, today = {today}\n");
            attachments::run(&mut report, dir.path(), today, now);
            finish(&report, dir);
            return;
        }
        Some("sizes") => {
            sizes::run(&mut report);
            finish(&report, dir);
            return;
        }
        Some("encryption" | "list" | "commands" | "reminders" | "window") => {}
        Some(other) => {
            eprintln!(
                "error: --only takes `briefs`, `team`, `encryption`, `list`, `reminders`, `commands`, `window`, `attachments` or `sizes`, not {other:?}"
            );
            std::process::exit(2);
        }
    }
    let sizes = sizes();
    let list: Vec<String> = sizes.iter().map(|n| n.to_string()).collect();
    println!(
        "Counterpart benchmarks — generated databases of {} items, today = {today} (targets at {ITEMS})\n",
        list.join(", ")
    );
    if only().is_none() {
        sizes::run(&mut report);
    }
    for n in sizes {
        report.size = n;
        println!("—— {n} items ——\n");
        at_size(&mut report, dir.path(), today, now);
        if arg_after("--keep-db").is_some() {
            return;
        }
        println!();
    }
    if import_only() {
        finish(&report, dir);
        return;
    }
    report.size = ITEMS;
    if only().is_none() {
        briefs::run(&mut report, dir.path(), today, now);
        attachments::run(&mut report, dir.path(), today, now);
        team::run(&mut report, dir.path(), today, now);
    }
    report.print_curve();
    finish(&report, dir);
}

/// The parts that depend on the database's size, on a database of `report.size` items
/// generated in `dir` (removed at the end, as the import's is).
fn at_size(report: &mut Report, dir: &Path, today: NaiveDate, now: DateTime<Utc>) {
    let n = report.size;
    let part = only();
    let keep = arg_after("--keep-db").map(PathBuf::from);
    let path = keep.clone().unwrap_or_else(|| dir.join("bench.sqlite3"));
    let (csv, mut db) = match arg_after("--from-db") {
        // A database kept by `--keep-db` (of `--items` items), copied: no import, no
        // generation (for measuring one part again and again).
        Some(from) if keep.is_none() => {
            std::fs::copy(&from, &path).expect("copy the database given to --from-db");
            (dir.join("items.csv"), Db::open(&path, now).expect("open"))
        }
        _ => {
            let csv = import::run(report, dir, today, now);
            if import_only() {
                return;
            }
            // A database with realistic histories: the reads, the reminders and the
            // backups are timed on it.
            let mut db = Db::open(&path, chrono::Utc::now()).expect("open");
            let t = Instant::now();
            let stats = generate::database(&mut db, n, now, 11);
            report.line(
                "generate the database with histories",
                t.elapsed(),
                None,
                &format!(
                    "[{} events; {} paused, {} closed, {} drafts]",
                    stats.events, stats.paused, stats.closed, stats.drafts
                ),
            );
            db.analyze().expect("analyze");
            println!();
            (csv, db)
        }
    };
    if let Some(keep) = keep {
        drop(db);
        println!("kept the generated database: {}", keep.display());
        return;
    }
    let wanted = |p: &str| part.is_none() || part.as_deref() == Some(p);
    if wanted("list") || wanted("reminders") {
        let all = list::run(report, db.conn(), &path, today);
        if wanted("reminders") {
            reminders::run(report, &mut db, &all, today, now);
        }
    }
    if wanted("list") {
        workdays::run(report, &mut db, today, now);
    }
    drop(db);
    if wanted("commands") {
        commands::run(report, &path, today);
    }
    // The window at the size its targets are set for (scrolling a million rows through
    // WebDriver takes minutes): other sizes with `--only window --items N`.
    if wanted("window") && (n == ITEMS || part.is_some()) {
        window::run(report, &path, today);
    }
    if part.is_none() {
        integrity::run(report, &path, dir, now);
    }
    // Encryption copies and imports the database twice more: at the size its targets are
    // set for only.
    if wanted("encryption") && n == ITEMS {
        encryption::run(report, dir, &path, &csv, today, now);
    }
    remove_database(&path);
    let _ = std::fs::remove_file(&csv);
}

/// The sizes of the generated databases: `--items 10000,100000` or every size of the
/// scale curve (10,000, 100,000 and 1,000,000 items) for the whole benchmark, 100,000 for
/// one part (`--only`).
fn sizes() -> Vec<usize> {
    match arg_after("--items") {
        Some(list) => list
            .split(',')
            .map(|n| {
                n.trim().replace('_', "").parse().unwrap_or_else(|_| {
                    eprintln!("error: --items takes sizes like 10000,100000, not {n:?}");
                    std::process::exit(2)
                })
            })
            .collect(),
        None if only().is_some() => vec![ITEMS],
        None => vec![10_000, ITEMS, 1_000_000],
    }
}

/// Removes a database and its `-wal`, `-shm` and `-checked` files (gone already is fine).
pub fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-checked"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}
