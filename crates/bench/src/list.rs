//! The reads behind the window on the 100,000 items: the list sorted by days with
//! counterpart (first page, a deep page, the whole set, filtered, searched), the summary
//! (against the same SQL in the `sqlite3` shell), the dashboard's median and longest
//! wait, and one item's history.

use chrono::NaiveDate;
use counterpart_core::db::items::{self, ItemView};
use counterpart_core::db::list::{self, ItemRow};
use counterpart_core::model::ItemId;
use rusqlite::Connection;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::timing::{median, ms, time, Report};

/// Times the reads on the database at `path` (open as `conn`); returns every open item,
/// longest waiting first.
pub fn run(report: &mut Report, conn: &Connection, path: &Path, today: NaiveDate) -> Vec<ItemRow> {
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
    let (took, groups) = time(10, || {
        counterpart_core::db::stats::stats(conn, counterpart_core::stats::GroupBy::Agency, today)
            .expect("stats")
    });
    report.line(
        "stats per counterpart agency (every item)",
        took,
        Some(Duration::from_millis(100)),
        &format!("[{} agencies]", groups.len()),
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
    match sqlite3_shell(path, &summary_sql, 15) {
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
    let (took, v) = views(conn, &ids, today);
    report.line(
        "one item's history (fields, events, figures)",
        took,
        Some(Duration::from_millis(1)),
        &format!("[{} events]", v.events.len()),
    );
    all
}

/// The median time of an item's whole view (the window's detail), over these items in turn.
pub fn views(conn: &Connection, ids: &[ItemId], today: NaiveDate) -> (Duration, ItemView) {
    let mut k = 0;
    time(200, || {
        k = (k + 1) % ids.len();
        items::view(conn, ids[k], today).expect("view")
    })
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
