//! The counts over all items: the [`summary`] per kind and status (behind the brief's
//! summary and the benchmark's), the median and longest wait ([`open_days_stats`]), and the
//! window's [`dashboard`].

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::clock::{day_number, median};
use crate::error::Result;
use crate::model::{Kind, Status};

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
    Ok(median(&days).zip(days.last().copied()))
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
