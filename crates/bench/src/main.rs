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
//!
//! - status briefs to PDF (issue #5), on generated databases of 1,000 and 10,000 items, in
//!   English and in English with Chinese: reading and assembling the model, and rendering
//!   the PDF after a first render (which loads the fonts): 1,000 items < 500 ms and < 2 MB,
//!   10,000 items < 5 s. Each timed render is of a brief as of a different day (every
//!   figure differs), so typst's memoisation of an identical document does not flatter it.
//!
//! The database is generated with realistic histories (2–12 events per item, about 10%
//! paused awaiting U.S. information, about 30% closed). Timings are medians of repeated
//! runs. Exits 1 when a target is missed.
//!
//! `counterpart-bench --only briefs` runs the briefs' part alone; `--import-only` stops
//! after the import.

mod generate;

// The allocator the programs use (crates/cli, src-tauri), so the figures are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use chrono::{NaiveDate, TimeZone, Utc};
use counterpart_core::db::{items, list, reminders, Db};
use counterpart_core::model::Kind;
use counterpart_core::op::{Author, Change};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ITEMS: usize = 100_000;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut out = None;
    let times = (0..runs)
        .map(|_| {
            let t = Instant::now();
            out = Some(f());
            t.elapsed()
        })
        .collect();
    (median(times), out.expect("at least one run"))
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

struct Report {
    missed: Vec<String>,
}

impl Report {
    fn line(&mut self, what: &str, took: Duration, target: Option<Duration>, extra: &str) {
        let verdict = match target {
            Some(t) if took <= t => format!("ok   (target < {})", ms(t)),
            Some(t) => {
                self.missed.push(what.to_owned());
                format!("MISS (target < {})", ms(t))
            }
            None => String::new(),
        };
        println!("{what:<58} {:>14}  {verdict} {extra}", ms(took));
    }
}

/// Runs `sql` in the `sqlite3` shell with `.timer on` and returns the summed "real" times
/// of its statements (median of `runs` runs).
fn sqlite3_shell(db: &Path, sql: &str, runs: usize) -> Option<Duration> {
    let mut times = Vec::new();
    for _ in 0..runs {
        let mut child = Command::new("sqlite3")
            .arg(db)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .ok()?;
        child
            .stdin
            .take()?
            .write_all(format!(".timer on\n{sql}").as_bytes())
            .ok()?;
        let out = child.wait_with_output().ok()?;
        if !out.status.success() {
            eprintln!("sqlite3: {}", String::from_utf8_lossy(&out.stderr));
            return None;
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let total: f64 = text
            .lines()
            .filter_map(|l| l.strip_prefix("Run Time: real "))
            .filter_map(|l| l.split_whitespace().next()?.parse::<f64>().ok())
            .sum();
        times.push(Duration::from_secs_f64(total));
    }
    Some(median(times))
}

/// `PRAGMA quick_check` through its own read-only connection, as `Db::open` runs it.
fn quick_check(path: &Path) -> String {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open");
    conn.query_row("PRAGMA quick_check", [], |r| r.get(0))
        .expect("quick_check")
}

/// `--only PART`: the one part to run (`briefs`), or every part.
fn only() -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == "--only")
        .map(|i| args.get(i + 1).cloned().unwrap_or_default())
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

/// Status briefs to PDF on generated databases of 1,000 and 10,000 items (issue #5).
fn briefs(report: &mut Report, dir: &Path, today: NaiveDate, now: chrono::DateTime<Utc>) {
    use counterpart_core::brief::{BriefOptions, Lang};
    use counterpart_core::db::brief as db_brief;
    println!("status briefs (PDF through typst)");
    let t = Instant::now();
    let fonts = counterpart_brief::pdf::Fonts::load()
        .expect("the brief's fonts (fonts-noto-core, fonts-noto-cjk)");
    report.line("brief: load the fonts", t.elapsed(), None, "");
    for n in [1_000, 10_000] {
        let path = dir.join(format!("briefs-{n}.sqlite3"));
        let mut db = Db::open(&path, chrono::Utc::now()).expect("open");
        generate::database(&mut db, n, now, 13);
        let conn = db.conn();
        for lang in [Lang::En, Lang::EnZh] {
            let o = BriefOptions {
                lang,
                prepared_by: Some("bench".into()),
                ..BriefOptions::default()
            };
            let l = lang.as_str();
            let (took, brief) = time(5, || db_brief::build(conn, &o, today).expect("build"));
            assert_eq!(brief.rows().count(), n, "every item is in the brief");
            report.line(
                &format!("brief: {n} items, read and assemble ({l})"),
                took,
                None,
                "",
            );
            let t = Instant::now();
            let first = counterpart_brief::pdf::render(&brief, &fonts).expect("render");
            let first_took = t.elapsed();
            let runs = if n <= 1_000 { 5 } else { 3 };
            // Briefs as of the following days, built beforehand: only the render is timed.
            let later: Vec<_> = (1..=runs)
                .map(|k| {
                    let day = today + chrono::Duration::days(k as i64);
                    db_brief::build(conn, &o, day).expect("build")
                })
                .collect();
            let mut next = later.iter();
            let mut size = first.len();
            let (render, _) = time(runs, || {
                let b = next.next().expect("one brief per run");
                let pdf = counterpart_brief::pdf::render(b, &fonts).expect("render");
                size = size.max(pdf.len());
            });
            let (target, max_size) = if n <= 1_000 {
                (Duration::from_millis(500), Some(2_000_000))
            } else {
                (Duration::from_secs(5), None)
            };
            report.line(
                &format!("brief: {n} items to PDF ({l}), after a first render"),
                render,
                Some(target),
                &format!(
                    "[{:.2} MB; first render {}]",
                    size as f64 / 1e6,
                    ms(first_took)
                ),
            );
            if let Some(max) = max_size {
                let ok = size < max;
                if !ok {
                    report
                        .missed
                        .push(format!("brief of {n} items ({l}) under 2 MB"));
                }
                println!(
                    "{:<58} {:>11.2} MB  {} (target < {:.1} MB)",
                    format!("brief: {n} items PDF size ({l})"),
                    size as f64 / 1e6,
                    if ok { "ok  " } else { "MISS" },
                    max as f64 / 1e6
                );
            }
        }
    }
    println!();
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("a date");
    let now = Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).unwrap();
    let mut report = Report { missed: Vec::new() };
    match only().as_deref() {
        None => {}
        Some("briefs") => {
            println!("Counterpart benchmarks — briefs only, today = {today}\n");
            briefs(&mut report, dir.path(), today, now);
            finish(&report, dir);
            return;
        }
        Some(other) => {
            eprintln!("error: --only takes `briefs`, not {other:?}");
            std::process::exit(2);
        }
    }
    println!("Counterpart benchmarks — {ITEMS} items, today = {today}\n");

    // 1. CSV import.
    let csv_path = dir.path().join("items.csv");
    generate::csv(&csv_path, ITEMS, 7);
    let size = std::fs::metadata(&csv_path).map(|m| m.len()).unwrap_or(0);
    let import_db = dir.path().join("import.sqlite3");
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
    if std::env::args().any(|a| a == "--import-only") {
        return;
    }

    // 2. A database with realistic histories.
    let path = dir.path().join("bench.sqlite3");
    let mut db = Db::open(&path, chrono::Utc::now()).expect("open");
    let t = Instant::now();
    let stats = generate::database(&mut db, ITEMS, now, 11);
    println!(
        "{:<58} {:>14}  [{} events; {} paused, {} closed, {} drafts]",
        "generate the database with histories",
        ms(t.elapsed()),
        stats.events,
        stats.paused,
        stats.closed,
        stats.drafts
    );
    db.analyze().expect("analyze");
    println!();

    let conn = db.conn();
    let first = list::ListQuery {
        limit: Some(200),
        ..list::ListQuery::open_longest_first()
    };
    let (took, rows) = time(50, || list::list(conn, &first, today).expect("list"));
    report.line(
        "open items by days with counterpart, first 200 rows",
        took,
        Some(Duration::from_millis(5)),
        &format!("[longest {} d]", rows[0].days_with_counterpart.unwrap_or(0)),
    );
    let page = list::ListQuery {
        offset: 50_000,
        limit: Some(200),
        ..list::ListQuery::open_longest_first()
    };
    let (took, _) = time(10, || list::list(conn, &page, today).expect("list"));
    report.line(
        "open items by days, 200 rows at offset 50,000",
        took,
        None,
        "",
    );
    let (took, _) = time(20, || list::page(conn, &first, today).expect("page"));
    report.line(
        "the window's first page: 200 rows and the total",
        took,
        None,
        "",
    );
    let (took, all) = time(5, || {
        list::list(conn, &list::ListQuery::open_longest_first(), today).expect("list")
    });
    report.line(
        "open items by days with counterpart, the whole set",
        took,
        None,
        &format!("[{} rows]", all.len()),
    );
    let overdue = list::ListQuery {
        overdue: true,
        limit: Some(200),
        ..list::ListQuery::open_longest_first()
    };
    let (took, _) = time(20, || list::list(conn, &overdue, today).expect("list"));
    report.line("overdue items by days, first 200 rows", took, None, "");
    let search = list::ListQuery {
        search: Some("piperidone".into()),
        limit: Some(200),
        ..list::ListQuery::open_longest_first()
    };
    let (took, found) = time(20, || list::list(conn, &search, today).expect("list"));
    report.line(
        "full-text search 'piperidone', first 200 rows",
        took,
        None,
        &format!("[{} rows]", found.len()),
    );
    let search_zh = list::ListQuery {
        search: Some("林伟".into()),
        limit: Some(200),
        ..list::ListQuery::open_longest_first()
    };
    let (took, found) = time(20, || list::list(conn, &search_zh, today).expect("list"));
    report.line(
        "search '林伟' (2 characters: LIKE, no trigram), first 200",
        took,
        None,
        &format!("[{} rows]", found.len()),
    );

    let (took, summary) = time(50, || list::summary(conn, today).expect("summary"));
    report.line(
        "summary: per kind/status, overdue, never answered",
        took,
        Some(Duration::from_millis(20)),
        &format!("[{} open, {} overdue]", summary.open, summary.overdue),
    );
    let summary_sql: String = list::SUMMARY_SQL
        .iter()
        .map(|q| format!("{};\n", q.replace("?1", &format!("'{today}'"))))
        .collect();
    match sqlite3_shell(&path, &summary_sql, 15) {
        Some(shell) => {
            let ratio = took.as_secs_f64() / shell.as_secs_f64().max(1e-6);
            let ok = ratio <= 1.5;
            if !ok {
                report.missed.push("summary within 1.5x of sqlite3".into());
            }
            println!(
                "{:<58} {:>14}  {} (ours / shell = {ratio:.2}, target <= 1.50)",
                "the same SQL in the sqlite3 shell",
                ms(shell),
                if ok { "ok  " } else { "MISS" }
            );
        }
        None => println!("the same SQL in the sqlite3 shell: sqlite3 not available"),
    }
    let (took, stats) = time(10, || list::open_days_stats(conn, today).expect("stats"));
    let (median_days, longest) = stats.unwrap_or((0, 0));
    report.line(
        "dashboard median and longest days (open items)",
        took,
        None,
        &format!("[median {median_days} d, longest {longest} d]"),
    );

    let ids: Vec<_> = all.iter().step_by(997).map(|r| r.id).collect();
    let mut k = 0;
    let (took, v) = time(200, || {
        k = (k + 1) % ids.len();
        items::view(conn, ids[k], today).expect("view")
    });
    report.line(
        "one item's history (fields, events, figures)",
        took,
        Some(Duration::from_millis(1)),
        &format!("[{} events]", v.events.len()),
    );

    // 3. Reminders (issue #4): the scheduler's check on the same database.
    let followups = all.iter().filter(|r| r.follow_up_on.is_some()).count();
    let t = Instant::now();
    let fired = reminders::check(&mut db, today, now).expect("check");
    report.line(
        "reminders: first check (fires the whole backlog at once)",
        t.elapsed(),
        None,
        &format!(
            "[{} reminders; {followups} open items with follow-ups]",
            fired.len()
        ),
    );
    let (took, again) = time(20, || reminders::check(&mut db, today, now).expect("check"));
    assert!(again.is_empty(), "nothing fires twice");
    report.line(
        "reminders: check again, nothing new due",
        took,
        Some(Duration::from_millis(50)),
        "",
    );
    let tomorrow = today.succ_opt().expect("a date");
    let t = Instant::now();
    let next = reminders::check(&mut db, tomorrow, now).expect("check");
    report.line(
        "reminders: first check of the next day",
        t.elapsed(),
        None,
        &format!("[{} reminders]", next.len()),
    );
    let author = Author::new(now, today, None);
    let cadences: Vec<_> = Kind::ALL
        .into_iter()
        .map(|kind| {
            author.op(Change::SetCadence {
                kind,
                days: Some(30),
            })
        })
        .collect();
    db.apply_all(&cadences).expect("cadence");
    let chased = reminders::check(&mut db, tomorrow, now).expect("check");
    let (took, _) = time(10, || {
        reminders::check(&mut db, tomorrow, now).expect("check")
    });
    report.line(
        "reminders: check, 30-day cadence on every kind",
        took,
        None,
        &format!("[{} chases fired before]", chased.len()),
    );
    let mut checker = reminders::Checker::new();
    checker.check(&mut db, tomorrow, now).expect("check");
    let (took, _) = time(20, || checker.check(&mut db, tomorrow, now).expect("check"));
    assert!(checker.skipped(), "nothing changed: skipped");
    report.line(
        "reminders: the scheduler's check, nothing changed (Checker)",
        took,
        None,
        "[skipped]",
    );
    let (took, upcoming) = time(5, || {
        reminders::upcoming(db.conn(), tomorrow, 7).expect("upcoming")
    });
    report.line(
        "reminders: the list, overdue and due within 7 days",
        took,
        None,
        &format!("[{} rows]", upcoming.len()),
    );

    // 4. Integrity and backups (issue #6) on the same database.
    drop(db);
    let (took, _) = time(5, || Db::open(&path, now).expect("open"));
    report.line("open the database (quick_check included)", took, None, "");
    let (took, problems) = time(5, || quick_check(&path));
    report.line(
        "  of which PRAGMA quick_check alone",
        took,
        None,
        &format!("[{}]", problems),
    );
    let db = Db::open(&path, now).expect("open");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let copy = dir.path().join("copy.sqlite3");
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

    // 4. Status briefs (issue #5).
    briefs(&mut report, dir.path(), today, now);
    finish(&report, dir);
}
