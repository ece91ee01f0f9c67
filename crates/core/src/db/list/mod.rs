//! The item list: filtered and sorted in SQL, paged, with figures for the rows returned.
//!
//! Sorting by days with counterpart cannot use one index, because the count of a running
//! clock grows with `today` while a stopped one stands still. Each kind of clock has its
//! own index instead (`item_clock_running` on the start day, `item_clock_stopped` on the
//! frozen count), each gives its rows already in order, and [`list`] merges the streams
//! (`by_days`): the first 200 rows of 100,000 cost a few index steps, never a scan and
//! sort of the table.
//!
//! The orders by a column are SQL's (`sorted`), which sorts the page's keys and then
//! reads the page's rows.
//!
//! Pages follow one another by key ([`Cursor`], `cursor`): a page asked for after the
//! previous one's [`ItemPage::next`] seeks to its place in the order instead of walking
//! past every row before it, as an `offset` must.
//!
//! A search ([`crate::db::search`]) is answered by the indexes first: the row numbers of
//! the items holding every word. The list then either reads only those rows (few of them:
//! SQL filters and sorts them, `seq IN` the answer), or, when the answer is large (a
//! common word), walks its order's indexes as without a search and keeps the rows that
//! are in the answer, stopping at the page: a page of a word most items hold is found
//! among its first rows. `scope` carries the choice.
//!
//! This module holds the query ([`ListQuery`], its filters, [`list`], [`count`], [`page`],
//! [`cursor_at`]); the counts over all items ([`summary`], [`dashboard`],
//! [`open_days_stats`]) are in `summary`.

mod by_days;
mod cursor;
mod scope;
mod sorted;
mod summary;

pub use cursor::Cursor;

pub use summary::{
    dashboard, open_days_stats, summary, Dashboard, KindCount, KindStatusCount, Summary,
    SUMMARY_SQL,
};

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::calendar::cached::WorkingCache;
use crate::calendar::{Calendar, WorkingDays};
use crate::clock::{ClockCache, Figures};
use crate::db::workdays;
use crate::error::{Error, Result};
use crate::model::{ItemId, Kind, Priority, Status};
use crate::problem::Problem;
use crate::raised::RaiseSummary;
use by_days::Measure;
use cursor::At;
use scope::{count_found, Found, Scope, READ_AT_MOST};

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
    /// The rows after this place in the order ([`ItemPage::next`] of the page before),
    /// `offset` counted from there: keyset paging.
    #[serde(default)]
    pub after: Option<Cursor>,
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
            after: None,
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

/// The WHERE clause of a query's filters (its search aside: see [`Scope`]), with its
/// parameters.
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

/// The rows with these row numbers, in the order given.
fn rows_by_seq(conn: &Connection, seqs: &[i64], day: &Day) -> Result<Vec<ItemRow>> {
    let mut by_seq: std::collections::HashMap<i64, ItemRow> =
        std::collections::HashMap::with_capacity(seqs.len());
    for chunk in seqs.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(",");
        let sql = format!("SELECT seq, {ROW_COLUMNS} FROM item WHERE seq IN ({marks})");
        let mut st = conn.prepare_cached(&sql)?;
        let rows = st.query_map(params_from_iter(chunk.iter()), |r| {
            Ok((r.get::<_, i64>(0)?, row(r, day)?))
        })?;
        for r in rows {
            let (seq, item) = r?;
            by_seq.insert(seq, item);
        }
    }
    Ok(seqs.iter().filter_map(|s| by_seq.remove(s)).collect())
}

/// A count as SQLite takes it (a 64-bit signed integer): a larger one means "all of them".
pub(super) fn sql_count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// How a list is ordered: by a column (SQL sorts), or by days (index streams merged).
enum Sorting {
    Column(sorted::Order),
    Days(Measure),
}

fn sorting(q: &ListQuery, day: &Day) -> Sorting {
    let asc = !q.descending;
    match q.sort {
        SortKey::DaysWithCounterpart => Sorting::Days(Measure::calendar_days(day.today)),
        SortKey::WorkingDaysUs => Sorting::Days(Measure::working_days(Calendar::Us, day)),
        SortKey::WorkingDaysPrc => Sorting::Days(Measure::working_days(Calendar::Prc, day)),
        // The oldest answer first is the longest wait: "descending" days since the PRC
        // responded is the answer (or transmission) date ascending.
        SortKey::DaysSincePrcResponse => Sorting::Column(sorted::Order::nulls_last(
            "coalesce(last_prc_on, transmitted_on)",
            q.descending,
        )),
        SortKey::Reference => Sorting::Column(sorted::Order::reference(asc)),
        SortKey::Title => Sorting::Column(sorted::Order::by("title", asc)),
        SortKey::Kind => Sorting::Column(sorted::Order::by("kind", asc)),
        SortKey::Status => Sorting::Column(sorted::Order::by("status", asc)),
        SortKey::Counterpart => Sorting::Column(sorted::Order::by("counterpart", asc)),
        SortKey::TransmittedOn => Sorting::Column(sorted::Order::nulls_last("transmitted_on", asc)),
        SortKey::DueOn => Sorting::Column(sorted::Order::nulls_last("due_on", asc)),
    }
}

/// The page of `q` (its `after`, `offset` and `limit`) with the items `found` by its
/// search, and the cursor after it when it is full.
fn rows(
    conn: &Connection,
    q: &ListQuery,
    today: NaiveDate,
    found: Option<&Found>,
) -> Result<(Vec<ItemRow>, Option<Cursor>)> {
    let day = Day::new(conn, today)?;
    match sorting(q, &day) {
        Sorting::Column(o) => {
            // No index to walk: SQL sorts the rows found, or every row.
            let scope = Scope::new(q, today, found, false);
            let after = match q
                .after
                .as_ref()
                .map(|c| c.at(q.sort, q.descending))
                .transpose()?
            {
                Some(At::Key(k)) if k.len() == o.len() => Some(
                    k.iter()
                        .map(cursor::from_json)
                        .collect::<Result<Vec<_>>>()?,
                ),
                Some(_) => return Err(Error::field("after", Problem::NotAListCursor)),
                None => None,
            };
            let (rows, next) = sorted::page(conn, q, &o, &scope, after, &day)?;
            let next = next.map(|k| {
                Cursor::new(
                    q.sort,
                    q.descending,
                    At::Key(k.iter().map(cursor::to_json).collect()),
                )
            });
            Ok((rows, next))
        }
        Sorting::Days(m) => {
            let walk = found.is_some_and(|f| f.0.len() > READ_AT_MOST);
            let scope = Scope::new(q, today, found, walk);
            let after = match q
                .after
                .as_ref()
                .map(|c| c.at(q.sort, q.descending))
                .transpose()?
            {
                Some(At::Days { streams, drafts }) => by_days::Place { streams, drafts },
                Some(At::Key(_)) => return Err(Error::field("after", Problem::NotAListCursor)),
                None => by_days::Place::default(),
            };
            let (seqs, next) = by_days::page(conn, q, &scope, &m, after)?;
            let next = next.map(|p| {
                Cursor::new(
                    q.sort,
                    q.descending,
                    At::Days {
                        streams: p.streams,
                        drafts: p.drafts,
                    },
                )
            });
            Ok((rows_by_seq(conn, &seqs, &day)?, next))
        }
    }
}

/// The items matching `q`, sorted and paged, with their figures as of `today`.
pub fn list(conn: &Connection, q: &ListQuery, today: NaiveDate) -> Result<Vec<ItemRow>> {
    let found = Found::of(conn, q)?;
    Ok(rows(conn, q, today, found.as_ref())?.0)
}

/// How many items match `q` (ignoring its paging).
pub fn count(conn: &Connection, q: &ListQuery, today: NaiveDate) -> Result<usize> {
    let found = Found::of(conn, q)?;
    count_found(conn, q, today, found.as_ref())
}

/// One page of the list, how many items match in all (for the window's scroll bar), and
/// where the page ended (for the next one).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemPage {
    pub rows: Vec<ItemRow>,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub total: i64,
    /// Give it as the next query's `after` for the rows after these; None when the list
    /// ends with them.
    pub next: Option<Cursor>,
}

/// A page of the items matching `q` (after its `after`, its `offset` and `limit`), with
/// the total; the search is answered once for both.
pub fn page(conn: &Connection, q: &ListQuery, today: NaiveDate) -> Result<ItemPage> {
    let found = Found::of(conn, q)?;
    let (rows, next) = rows(conn, q, today, found.as_ref())?;
    Ok(ItemPage {
        rows,
        total: count_found(conn, q, today, found.as_ref())? as i64,
        next,
    })
}

/// The cursor just after the listed item `reference` in `q`'s order, for the rows after
/// it (the command line's `--after`): [`Error::NotFound`] when there is no such item, a
/// field error on `after` when it is not one of `q`'s rows.
pub fn cursor_at(
    conn: &Connection,
    q: &ListQuery,
    reference: &str,
    today: NaiveDate,
) -> Result<Cursor> {
    let seq: i64 = conn
        .prepare_cached("SELECT seq FROM item WHERE reference = ?1")?
        .query_row([reference], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound(reference.to_owned()))?;
    let not_listed = || {
        Error::field(
            "after",
            Problem::NotInList {
                reference: reference.to_owned(),
            },
        )
    };
    let found = Found::of(conn, q)?;
    let day = Day::new(conn, today)?;
    match sorting(q, &day) {
        Sorting::Column(o) => {
            let scope = Scope::new(q, today, found.as_ref(), false);
            let sql = format!(
                "SELECT count(*) FROM item {}",
                where_sql(scope.conditions.clone(), &["seq = ?"])
            );
            let mut p = scope.params.clone();
            p.push(Value::Integer(seq));
            let listed: i64 = conn
                .prepare_cached(&sql)?
                .query_row(params_from_iter(p.iter()), |r| r.get(0))?;
            if listed == 0 {
                return Err(not_listed());
            }
            let key = o.key_of(conn, seq)?;
            Ok(Cursor::new(
                q.sort,
                q.descending,
                At::Key(key.iter().map(cursor::to_json).collect()),
            ))
        }
        Sorting::Days(m) => {
            let walk = found.as_ref().is_some_and(|f| f.0.len() > READ_AT_MOST);
            let scope = Scope::new(q, today, found.as_ref(), walk);
            let p = by_days::place_after(conn, q, &scope, &m, seq)?.ok_or_else(not_listed)?;
            Ok(Cursor::new(
                q.sort,
                q.descending,
                At::Days {
                    streams: p.streams,
                    drafts: p.drafts,
                },
            ))
        }
    }
}

#[cfg(test)]
mod tests;
