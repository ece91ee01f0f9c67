//! The item list: filtered and sorted in SQL, paged, with figures for the rows returned.
//!
//! Sorting by days with counterpart cannot use one index, because the count of a running
//! clock grows with `today` while a stopped one stands still. Each kind of clock has its
//! own index instead (`item_clock_running` on the start day, `item_clock_stopped` on the
//! frozen count), each gives its rows already in order, and [`list`] merges the streams:
//! the first 200 rows of 100,000 cost a few index steps, never a scan and sort of the table.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, Row};
use serde::Serialize;

use crate::clock::{day_number, ClockCache, Figures};
use crate::db::search;
use crate::error::Result;
use crate::model::{ItemId, Kind, Priority, Status};

/// Columns the list can be sorted by.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    DaysWithCounterpart,
    DaysSincePrcResponse,
    Reference,
    Title,
    Kind,
    Status,
    Counterpart,
    TransmittedOn,
    DueOn,
}

/// What to list. The default: every item, longest waiting first.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, serde::Deserialize)]
pub struct ListQuery {
    pub kind: Option<Kind>,
    pub status: Option<Status>,
    /// `Some(true)`: open items only; `Some(false)`: closed only.
    pub open: Option<bool>,
    pub overdue: bool,
    /// An agency code.
    pub counterpart: Option<String>,
    /// Full-text search (English or Chinese).
    pub search: Option<String>,
    pub sort: SortKey,
    /// `true` (the default for days) puts the largest first.
    pub descending: bool,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub offset: usize,
    #[cfg_attr(feature = "specta", specta(type = Option<u32>))]
    pub limit: Option<usize>,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            kind: None,
            status: None,
            open: None,
            overdue: false,
            counterpart: None,
            search: None,
            sort: SortKey::DaysWithCounterpart,
            descending: true,
            offset: 0,
            limit: None,
        }
    }
}

impl ListQuery {
    /// Open items, longest waiting first.
    pub fn open_longest_first() -> Self {
        ListQuery {
            open: Some(true),
            ..Default::default()
        }
    }
}

/// One row of the list, with its figures as of the day asked.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemRow {
    pub id: ItemId,
    pub kind: Kind,
    pub reference: String,
    pub title: String,
    pub title_zh: Option<String>,
    pub status: Status,
    pub counterpart: String,
    pub priority: Priority,
    pub owner: Option<String>,
    pub transmitted_on: Option<NaiveDate>,
    pub status_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub follow_up_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub last_prc_on: Option<NaiveDate>,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub days_with_counterpart: Option<i64>,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub days_in_status: Option<i64>,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub days_since_prc_response: Option<i64>,
    pub overdue: bool,
}

const ROW_COLUMNS: &str =
    "id, kind, reference, title, title_zh, status, counterpart, priority, owner, \
    transmitted_on, status_on, due_on, follow_up_on, closed_on, last_prc_on, paused_days, \
    paused_since, clock_start, clock_stop, is_open";

fn row(r: &Row<'_>, today: NaiveDate) -> rusqlite::Result<ItemRow> {
    let cache = ClockCache {
        start: r.get("clock_start")?,
        stop: r.get("clock_stop")?,
        paused_days: r.get("paused_days")?,
        paused_since: r.get("paused_since")?,
        transmitted_on: r.get("transmitted_on")?,
        status_on: r.get("status_on")?,
        closed_on: r.get("closed_on")?,
        last_prc_on: r.get("last_prc_on")?,
        is_open: r.get("is_open")?,
    };
    let due_on: Option<NaiveDate> = r.get("due_on")?;
    let f: Figures = cache.figures(due_on, today);
    Ok(ItemRow {
        id: r.get("id")?,
        kind: r.get("kind")?,
        reference: r.get("reference")?,
        title: r.get("title")?,
        title_zh: r.get("title_zh")?,
        status: r.get("status")?,
        counterpart: r.get("counterpart")?,
        priority: r.get("priority")?,
        owner: r.get("owner")?,
        transmitted_on: cache.transmitted_on,
        status_on: cache.status_on,
        due_on,
        follow_up_on: r.get("follow_up_on")?,
        closed_on: cache.closed_on,
        last_prc_on: cache.last_prc_on,
        days_with_counterpart: f.days_with_counterpart,
        days_in_status: f.days_in_status,
        days_since_prc_response: f.days_since_prc_response,
        overdue: f.overdue,
    })
}

/// The WHERE clause of a query's filters, with its parameters.
fn filters(q: &ListQuery, today: NaiveDate) -> (Vec<String>, Vec<Value>) {
    // Archived items are out of every list (and of the briefs, which read through it).
    let mut w = vec!["archived = 0".to_owned()];
    let mut p: Vec<Value> = Vec::new();
    if let Some(k) = q.kind {
        w.push("kind = ?".to_owned());
        p.push(Value::Text(k.as_str().into()));
    }
    if let Some(s) = q.status {
        w.push("status = ?".to_owned());
        p.push(Value::Text(s.as_str().into()));
    }
    if let Some(open) = q.open {
        w.push(format!("is_open = {}", i32::from(open)));
    }
    if q.overdue {
        w.push("is_open = 1 AND due_on IS NOT NULL AND due_on < ?".to_owned());
        p.push(Value::Text(today.to_string()));
    }
    if let Some(c) = &q.counterpart {
        w.push("counterpart = ?".to_owned());
        p.push(Value::Text(c.clone()));
    }
    if let Some(s) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        for term in s.split_whitespace() {
            let (cond, param) = search::term_condition(term);
            w.push(cond.to_owned());
            p.push(Value::Text(param));
        }
    }
    (w, p)
}

fn where_sql(mut w: Vec<String>, extra: &[&str]) -> String {
    w.extend(extra.iter().map(|s| (*s).to_owned()));
    if w.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", w.join(" AND "))
    }
}

fn query_rows(
    conn: &Connection,
    sql: &str,
    params: &[Value],
    today: NaiveDate,
) -> Result<Vec<ItemRow>> {
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map(params_from_iter(params.iter()), |r| row(r, today))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The items matching `q`, sorted and paged, with their figures as of `today`.
pub fn list(conn: &Connection, q: &ListQuery, today: NaiveDate) -> Result<Vec<ItemRow>> {
    let (w, p) = filters(q, today);
    let dir = if q.descending { "DESC" } else { "ASC" };
    let limit_sql = match q.limit {
        Some(n) => format!("LIMIT {} OFFSET {}", n, q.offset),
        None if q.offset > 0 => format!("LIMIT -1 OFFSET {}", q.offset),
        None => String::new(),
    };
    let simple = |order: &str| -> Result<Vec<ItemRow>> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM item {} ORDER BY {order}, reference {limit_sql}",
            where_sql(w.clone(), &[])
        );
        query_rows(conn, &sql, &p, today)
    };
    match q.sort {
        SortKey::DaysWithCounterpart => merge_by_days(conn, q, &w, &p, today),
        SortKey::DaysSincePrcResponse => simple(&format!(
            "coalesce(last_prc_on, transmitted_on) IS NULL, coalesce(last_prc_on, transmitted_on) {}",
            if q.descending { "ASC" } else { "DESC" }
        )),
        SortKey::Reference => simple(&format!("reference {dir}")),
        SortKey::Title => simple(&format!("title {dir}")),
        SortKey::Kind => simple(&format!("kind {dir}")),
        SortKey::Status => simple(&format!("status {dir}")),
        SortKey::Counterpart => simple(&format!("counterpart {dir}")),
        SortKey::TransmittedOn => simple(&format!("transmitted_on IS NULL, transmitted_on {dir}")),
        SortKey::DueOn => simple(&format!("due_on IS NULL, due_on {dir}")),
    }
}

/// Sorts by days with counterpart by merging index-ordered streams (see the module docs).
///
/// The merge runs on row numbers and counts only (read from the clock indexes), and the
/// full rows are read for the page alone: a page deep in the list costs an index walk, not
/// the building of every row before it.
fn merge_by_days(
    conn: &Connection,
    q: &ListQuery,
    w: &[String],
    p: &[Value],
    today: NaiveDate,
) -> Result<Vec<ItemRow>> {
    let want = q.limit.map(|n| n + q.offset);
    let lim = want.map_or(String::new(), |n| format!("LIMIT {n}"));
    let (run, stop) = if q.descending {
        ("ASC", "DESC")
    } else {
        ("DESC", "ASC")
    };
    let t = day_number(today);
    // (seq, days with counterpart) in the stream's order.
    let stream = |extra: &[&str], order: &str| -> Result<Vec<(i64, i64)>> {
        let sql = format!(
            // `?1` is today; the filters' own `?` parameters are numbered after it.
            "SELECT seq, max(0, min(coalesce(clock_stop, ?1), ?1) - clock_start) FROM item {} \
             ORDER BY {order}, seq {lim}",
            where_sql(w.to_vec(), extra),
        );
        let mut params = vec![Value::Integer(t)];
        params.extend_from_slice(p);
        let mut st = conn.prepare_cached(&sql)?;
        let rows = st.query_map(params_from_iter(params.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let mut streams = Vec::new();
    if q.open != Some(false) {
        // A running clock: larger count = earlier start.
        streams.push(stream(
            &[
                "is_open = 1",
                "clock_stop IS NULL",
                "clock_start IS NOT NULL",
            ],
            &format!("is_open, clock_start {run}"),
        )?);
        streams.push(stream(
            &["is_open = 1", "clock_stop IS NOT NULL"],
            &format!("is_open, clock_frozen {stop}"),
        )?);
    }
    if q.open != Some(true) {
        streams.push(stream(
            &["is_open = 0", "clock_stop IS NOT NULL"],
            &format!("is_open, clock_frozen {stop}"),
        )?);
    }
    let mut heads: Vec<_> = streams
        .into_iter()
        .map(|s| s.into_iter().peekable())
        .collect();
    let mut order: Vec<i64> = Vec::with_capacity(want.unwrap_or(1024).min(100_000));
    while want.is_none_or(|n| order.len() < n) {
        // The head with the largest (or smallest) count; ties go to the earlier stream.
        let mut best: Option<(usize, i64)> = None;
        for (i, h) in heads.iter_mut().enumerate() {
            let Some(&(_, k)) = h.peek() else { continue };
            let better = match best {
                None => true,
                Some((_, kb)) => (q.descending && k > kb) || (!q.descending && k < kb),
            };
            if better {
                best = Some((i, k));
            }
        }
        match best.and_then(|(b, _)| heads[b].next()) {
            Some((seq, _)) => order.push(seq),
            None => break,
        }
    }
    // Drafts have no count: they come last.
    if q.open != Some(false) && want.is_none_or(|n| order.len() < n) {
        let rest = want.map(|n| n - order.len());
        let sql = format!(
            "SELECT seq FROM item {} ORDER BY seq {}",
            where_sql(w.to_vec(), &["clock_start IS NULL"]),
            rest.map_or(String::new(), |n| format!("LIMIT {n}"))
        );
        let mut st = conn.prepare_cached(&sql)?;
        let seqs = st.query_map(params_from_iter(p.iter()), |r| r.get(0))?;
        for s in seqs {
            order.push(s?);
        }
    }
    let page: Vec<i64> = order.into_iter().skip(q.offset).collect();
    rows_by_seq(conn, &page, today)
}

/// The rows with these row numbers, in the order given.
fn rows_by_seq(conn: &Connection, seqs: &[i64], today: NaiveDate) -> Result<Vec<ItemRow>> {
    let mut by_seq: std::collections::HashMap<i64, ItemRow> =
        std::collections::HashMap::with_capacity(seqs.len());
    for chunk in seqs.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(",");
        let sql = format!("SELECT seq, {ROW_COLUMNS} FROM item WHERE seq IN ({marks})");
        let mut st = conn.prepare_cached(&sql)?;
        let rows = st.query_map(params_from_iter(chunk.iter()), |r| {
            Ok((r.get::<_, i64>(0)?, row(r, today)?))
        })?;
        for r in rows {
            let (seq, item) = r?;
            by_seq.insert(seq, item);
        }
    }
    Ok(seqs.iter().filter_map(|s| by_seq.remove(s)).collect())
}

/// How many items match `q` (ignoring its paging).
pub fn count(conn: &Connection, q: &ListQuery, today: NaiveDate) -> Result<usize> {
    let (w, p) = filters(q, today);
    let sql = format!("SELECT count(*) FROM item {}", where_sql(w, &[]));
    let n: i64 = conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(p.iter()), |r| r.get(0))?;
    Ok(n as usize)
}

/// Items per kind and status.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindStatusCount {
    pub kind: Kind,
    pub status: Status,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub count: i64,
}

/// The counts behind the dashboard and the brief's summary.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub by_kind_status: Vec<KindStatusCount>,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub open: i64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub overdue: i64,
    /// Open, transmitted items with no PRC-side event at all.
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub no_prc_response: i64,
}

/// Counts per kind and status, open, overdue and never-answered items, each from its own
/// index (`item_kind_status`, `item_due`, `item_unanswered`).
pub fn summary(conn: &Connection, today: NaiveDate) -> Result<Summary> {
    let [by_kind_status, overdue, unanswered] = SUMMARY_SQL;
    let mut st = conn.prepare_cached(by_kind_status)?;
    let by_kind_status: Vec<KindStatusCount> = st
        .query_map([], |r| {
            Ok(KindStatusCount {
                kind: r.get(0)?,
                status: r.get(1)?,
                count: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let open = by_kind_status
        .iter()
        .filter(|c| c.status.is_open())
        .map(|c| c.count)
        .sum();
    let overdue: i64 = conn
        .prepare_cached(overdue)?
        .query_row([today.to_string()], |r| r.get(0))?;
    let no_prc_response: i64 = conn
        .prepare_cached(unanswered)?
        .query_row([], |r| r.get(0))?;
    Ok(Summary {
        by_kind_status,
        open,
        overdue,
        no_prc_response,
    })
}

/// The summary's statements (`?1` is today), public so that the benchmark can run the very
/// same SQL in the `sqlite3` shell.
pub const SUMMARY_SQL: [&str; 3] = [
    "SELECT kind, status, count(*) FROM item WHERE archived = 0 GROUP BY kind, status",
    "SELECT count(*) FROM item WHERE is_open = 1 AND due_on IS NOT NULL AND due_on < ?1 AND archived = 0",
    "SELECT count(*) FROM item WHERE is_open = 1 AND last_prc_on IS NULL AND transmitted_on IS NOT NULL AND archived = 0",
];

/// The median and longest days with counterpart over open, transmitted items.
pub fn open_days_stats(conn: &Connection, today: NaiveDate) -> Result<Option<(i64, i64)>> {
    let t = day_number(today);
    let mut st = conn.prepare_cached(
        "SELECT d FROM (
            SELECT max(0, ?1 - clock_start) AS d FROM item WHERE is_open = 1 AND clock_stop IS NULL AND clock_start IS NOT NULL AND archived = 0
            UNION ALL
            SELECT max(0, min(?1, clock_stop) - clock_start) FROM item WHERE is_open = 1 AND clock_stop IS NOT NULL AND archived = 0
         ) ORDER BY d",
    )?;
    let days: Vec<i64> = st
        .query_map([t], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if days.is_empty() {
        return Ok(None);
    }
    let n = days.len();
    let median = if n % 2 == 1 {
        days[n / 2]
    } else {
        (days[n / 2 - 1] + days[n / 2]) / 2
    };
    Ok(Some((median, days[n - 1])))
}

/// One page of the list and how many items match in all (for the window's scroll bar).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemPage {
    pub rows: Vec<ItemRow>,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub total: i64,
}

/// A page of the items matching `q` (its `offset` and `limit`), with the total.
pub fn page(conn: &Connection, q: &ListQuery, today: NaiveDate) -> Result<ItemPage> {
    Ok(ItemPage {
        rows: list(conn, q, today)?,
        total: count(conn, q, today)? as i64,
    })
}

/// Open items of one kind.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindCount {
    pub kind: Kind,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub count: i64,
}

/// The figures at the top of the window.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dashboard {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub open: i64,
    pub open_by_kind: Vec<KindCount>,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub overdue: i64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub no_prc_response: i64,
    /// Median and longest days with counterpart over open, transmitted items.
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub median_days: Option<i64>,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub longest_days: Option<i64>,
}

/// Open items per kind, overdue and never-answered counts, median and longest wait.
pub fn dashboard(conn: &Connection, today: NaiveDate) -> Result<Dashboard> {
    let s = summary(conn, today)?;
    let open_by_kind = Kind::ALL
        .into_iter()
        .map(|kind| KindCount {
            kind,
            count: s
                .by_kind_status
                .iter()
                .filter(|c| c.kind == kind && c.status.is_open())
                .map(|c| c.count)
                .sum(),
        })
        .collect();
    let stats = open_days_stats(conn, today)?;
    Ok(Dashboard {
        open: s.open,
        open_by_kind,
        overdue: s.overdue,
        no_prc_response: s.no_prc_response,
        median_days: stats.map(|(m, _)| m),
        longest_days: stats.map(|(_, l)| l),
    })
}
