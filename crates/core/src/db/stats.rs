//! Reading what the responsiveness stats need ([`crate::stats`]): one row per item that
//! counts (not archived, transmitted), with its first PRC-side answer and how often it was
//! raised (retracted events left out), as the item's derived columns keep them.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::clock::day_number;
use crate::error::Result;
use crate::model::ItemId;
use crate::stats::{self, GroupBy, GroupStats, StatsRow};

const ITEMS: &str = "SELECT counterpart, kind, status, transmitted_on,
        max(0, min(coalesce(clock_stop, ?1), ?1) - clock_start), first_prc_on, raised_count, id
   FROM item WHERE archived = 0 AND transmitted_on IS NOT NULL";

/// The rows of the items that count, as of `today`: one pass over `item`, whose derived
/// columns `first_prc_on` and `raised_count` are kept from each history.
pub fn rows(conn: &Connection, today: NaiveDate) -> Result<Vec<StatsRow>> {
    Ok(rows_by_item(conn, today)?
        .into_iter()
        .map(|(_, r)| r)
        .collect())
}

/// [`rows`] with the item each is of (a brief counts its own items).
pub fn rows_by_item(conn: &Connection, today: NaiveDate) -> Result<Vec<(ItemId, StatsRow)>> {
    let mut st = conn.prepare_cached(ITEMS)?;
    let rows = st.query_map([day_number(today)], |r| {
        Ok((
            r.get(7)?,
            StatsRow {
                counterpart: r.get(0)?,
                kind: r.get(1)?,
                status: r.get(2)?,
                transmitted_on: r.get(3)?,
                days_with_counterpart: r.get(4)?,
                first_prc_on: r.get(5)?,
                raised: r.get(6)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The figures per group as of `today`.
pub fn stats(conn: &Connection, by: GroupBy, today: NaiveDate) -> Result<Vec<GroupStats>> {
    Ok(stats::compute(&rows(conn, today)?, by))
}
