//! The item list: filtered and sorted in SQL, paged, with figures for the rows returned.
//!
//! Sorting by days with counterpart cannot use one index, because the count of a running
//! clock grows with `today` while a stopped one stands still. Each kind of clock has its
//! own index instead (`item_clock_running` on the start day, `item_clock_stopped` on the
//! frozen count), each gives its rows already in order, and [`list`] merges the streams
//! (`by_days`): the first 200 rows of 100,000 cost a few index steps, never a scan and
//! sort of the table.
//!
//! This module holds the query ([`ListQuery`], its filters, [`list`], [`count`], [`page`]);
//! the counts over all items ([`summary`], [`dashboard`], [`open_days_stats`]) are in
//! `summary`.

mod by_days;
mod summary;

pub use summary::{
    dashboard, open_days_stats, summary, Dashboard, KindCount, KindStatusCount, Summary,
    SUMMARY_SQL,
};

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, Row};
use serde::Serialize;

use crate::calendar::cached::WorkingCache;
use crate::calendar::{Calendar, WorkingDays};
use crate::clock::{ClockCache, Figures};
use crate::db::{search, workdays};
use crate::error::Result;
use crate::model::{ItemId, Kind, Priority, Status};
use crate::raised::RaiseSummary;
use by_days::Measure;

/// Columns the list can be sorted by (the command line's `--sort` values too).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
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
    /// Working days with counterpart by the U.S. federal calendar.
    WorkingDaysUs,
    /// Working days with counterpart by the PRC calendar.
    WorkingDaysPrc,
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
    /// The same span in working days on both calendars (estimated: a year in it has no
    /// published calendar), as `show` gives them.
    #[serde(flatten)]
    pub working_days: WorkingDays,
    /// How often it was raised, when last, at what highest level (retracted events do
    /// not count), and the same in plain words: as `show` gives them.
    pub raised: RaiseSummary,
    pub raised_words: String,
}

const ROW_COLUMNS: &str =
    "id, kind, reference, title, title_zh, status, counterpart, priority, owner, \
    transmitted_on, status_on, due_on, follow_up_on, closed_on, last_prc_on, paused_days, \
    paused_since, clock_start, clock_stop, is_open, wd_us_base, wd_us_frozen, wd_prc_base, \
    wd_prc_frozen, raised_count, raised_level, raised_last_on";

/// What every row of one list is figured with: the day, and `C(today)` of each calendar's
/// working-day counter.
pub(super) struct Day {
    today: NaiveDate,
    c_today: [i64; 2],
    counters: crate::calendar::cumulative::Counters,
}

impl Day {
    fn new(conn: &Connection, today: NaiveDate) -> Result<Day> {
        let counters = workdays::counters(conn)?;
        Ok(Day {
            today,
            c_today: counters.at(today),
            counters,
        })
    }
}

fn row(r: &Row<'_>, day: &Day) -> rusqlite::Result<ItemRow> {
    let today = day.today;
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
    let raised = RaiseSummary {
        count: r.get("raised_count")?,
        last_on: r.get("raised_last_on")?,
        highest_level: r.get("raised_level")?,
    };
    let working = WorkingCache {
        base: [r.get("wd_us_base")?, r.get("wd_prc_base")?],
        frozen: [r.get("wd_us_frozen")?, r.get("wd_prc_frozen")?],
    };
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
        working_days: working.working_days(&cache, today, &day.counters, day.c_today),
        raised_words: raised.words_en(),
        raised,
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

fn query_rows(conn: &Connection, sql: &str, params: &[Value], day: &Day) -> Result<Vec<ItemRow>> {
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map(params_from_iter(params.iter()), |r| row(r, day))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A count as SQLite takes it (a 64-bit signed integer): a larger one means "all of them".
pub(super) fn sql_count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The items matching `q`, sorted and paged, with their figures as of `today`.
pub fn list(conn: &Connection, q: &ListQuery, today: NaiveDate) -> Result<Vec<ItemRow>> {
    let (w, p) = filters(q, today);
    let day = Day::new(conn, today)?;
    let dir = if q.descending { "DESC" } else { "ASC" };
    let limit_sql = match q.limit {
        Some(n) => format!("LIMIT {} OFFSET {}", sql_count(n), sql_count(q.offset)),
        None if q.offset > 0 => format!("LIMIT -1 OFFSET {}", sql_count(q.offset)),
        None => String::new(),
    };
    let simple = |order: &str| -> Result<Vec<ItemRow>> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM item {} ORDER BY {order}, reference {limit_sql}",
            where_sql(w.clone(), &[])
        );
        query_rows(conn, &sql, &p, &day)
    };
    let merged = |m: Measure| by_days::merge_by_days(conn, q, &w, &p, &day, &m);
    match q.sort {
        SortKey::DaysWithCounterpart => merged(Measure::calendar_days(today)),
        SortKey::WorkingDaysUs => merged(Measure::working_days(Calendar::Us, &day)),
        SortKey::WorkingDaysPrc => merged(Measure::working_days(Calendar::Prc, &day)),
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

/// How many items match `q` (ignoring its paging).
pub fn count(conn: &Connection, q: &ListQuery, today: NaiveDate) -> Result<usize> {
    let (w, p) = filters(q, today);
    let sql = format!("SELECT count(*) FROM item {}", where_sql(w, &[]));
    let n: i64 = conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(p.iter()), |r| r.get(0))?;
    Ok(n as usize)
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
