//! The reads behind the window on the generated items: the list sorted by days with
//! counterpart (first page, a deep page by offset and by key, the whole set, filtered,
//! searched), sorted by title, the summary (against the same SQL in the `sqlite3` shell),
//! the dashboard's median and longest wait, and one item's history.
//!
//! The searches (issue 15, each first page < 50 ms): a word every item holds (the tag
//! "fentanyl") with a number, one word, one and two Chinese characters (a rare and a
//! common one of each), a long phrase; each result is compared with a scan of every
//! item's text (the rule of `db::search`), so that a fast wrong answer fails the run.
//! The window's first page of a search (rows and total) is timed beside them.

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
        offset: report.size / 2,
        limit: Some(200),
        ..list::ListQuery::open_longest_first()
    };
    let (took, _) = time(10, || list::list(conn, &page, today).expect("list"));
    report.line(
        "open items by days, 200 rows half-way down (OFFSET)",
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
    searches(report, conn, today);
    keyset(report, conn, today);

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
                report.miss("summary within 1.5x of sqlite3");
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

/// The searches' first pages (by days with counterpart, as the window opens), each
/// checked against a scan of every text.
fn searches(report: &mut Report, conn: &Connection, today: NaiveDate) {
    for (search, what) in [
        ("Schedule 4242", "a word of 25% + a number"),
        ("fentanyl 4242", "a word every item holds + a number"),
        ("fentanyl", "a word every item holds"),
        ("piperidone", "one word"),
        ("林", "one Chinese character, 3% of items"),
        ("案", "one Chinese character, 25%"),
        ("林伟", "two Chinese characters, 0.5%"),
        ("列管", "two Chinese characters, 25%"),
        ("Surrender of Lin Wei, precursor broker", "a long phrase"),
        ("precursor", "one word, 25%"),
    ] {
        let q = list::ListQuery {
            search: Some(search.into()),
            limit: Some(200),
            ..list::ListQuery::open_longest_first()
        };
        let (took, found) = time(20, || list::list(conn, &q, today).expect("search"));
        let total = list::count(conn, &q, today).expect("count");
        let scanned = scan(conn, search);
        if scanned != total {
            report.miss(format!("search {search:?} finds {total}, a scan {scanned}"));
        }
        report.line(
            &format!("search '{search}' ({what}), first 200"),
            took,
            Some(Duration::from_millis(50)),
            &format!("[{} rows of {total}; a scan: {scanned}]", found.len()),
        );
    }
    for search in ["fentanyl", "piperidone"] {
        let q = list::ListQuery {
            search: Some(search.into()),
            limit: Some(200),
            ..list::ListQuery::open_longest_first()
        };
        let (took, page) = time(10, || list::page(conn, &q, today).expect("page"));
        report.line(
            &format!("the window's first page of '{search}': 200 rows, total"),
            took,
            None,
            &format!("[{} open items]", page.total),
        );
    }
}

/// How many open items hold every word of `search`, by reading every item's text.
fn scan(conn: &Connection, search: &str) -> usize {
    let words: Vec<String> = search
        .split_whitespace()
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let mut st = conn
        .prepare("SELECT v.body FROM item_search_text v JOIN item i ON i.seq = v.seq WHERE i.archived = 0 AND i.is_open = 1")
        .expect("scan");
    let bodies = st.query_map([], |r| r.get::<_, String>(0)).expect("scan");
    bodies
        .map(|b| b.expect("a text"))
        .filter(|b| words.iter().all(|w| b.contains(w.as_str())))
        .count()
}

/// Pages by key (issue 15: a page deep in the list < 5 ms, beside the offset's figure
/// above) and the sort by title.
fn keyset(report: &mut Report, conn: &Connection, today: NaiveDate) {
    let half = report.size / 2;
    let deep = |q: &list::ListQuery| {
        let before = list::ListQuery {
            offset: half - 200,
            limit: Some(200),
            ..q.clone()
        };
        list::page(conn, &before, today).expect("page").next
    };
    let by_days = list::ListQuery {
        limit: Some(200),
        ..list::ListQuery::open_longest_first()
    };
    let after = list::ListQuery {
        after: deep(&by_days),
        ..by_days.clone()
    };
    let (took, rows) = time(20, || list::list(conn, &after, today).expect("list"));
    let want = list::list(
        conn,
        &list::ListQuery {
            offset: half,
            ..by_days.clone()
        },
        today,
    )
    .expect("list");
    if rows != want {
        report.miss("the page half-way down by key is the page by offset");
    }
    report.line(
        "open items by days, 200 rows half-way down (by key)",
        took,
        Some(Duration::from_millis(5)),
        "",
    );
    let by_title = list::ListQuery {
        sort: list::SortKey::Title,
        descending: false,
        limit: Some(200),
        ..Default::default()
    };
    let (took, rows) = time(20, || list::list(conn, &by_title, today).expect("list"));
    report.line(
        "all items by title, first 200 rows",
        took,
        Some(Duration::from_millis(50)),
        &format!("[{}]", rows[0].title),
    );
    let (took, _) = time(10, || list::page(conn, &by_title, today).expect("page"));
    report.line(
        "the window's first page by title: 200 rows, total",
        took,
        None,
        "",
    );
    let after = list::ListQuery {
        after: deep(&by_title),
        ..by_title.clone()
    };
    let (took, _) = time(10, || list::list(conn, &after, today).expect("list"));
    report.line(
        "all items by title, 200 rows half-way down (by key)",
        took,
        None,
        "",
    );
}
