//! Reading what the responsiveness stats need ([`crate::stats`]): one row per item that
//! counts (not archived, transmitted), with its first PRC-side answer and how often it was
//! raised (retracted events left out). Two passes over indexed tables, no history replayed.

use chrono::NaiveDate;
use rusqlite::Connection;
use std::collections::HashMap;

use crate::clock::day_number;
use crate::error::Result;
use crate::stats::{self, GroupBy, GroupStats, StatsRow};

const ITEMS: &str = "SELECT seq, counterpart, kind, status, transmitted_on,
        max(0, min(coalesce(clock_stop, ?1), ?1) - clock_start)
   FROM item WHERE archived = 0 AND transmitted_on IS NOT NULL";

/// Per item (its `seq`): the first PRC-side event on or after the transmission, and the
/// number of raised events, neither counting a retracted event.
const EVENTS: &str = "SELECT i.seq,
        min(CASE WHEN e.side = 'prc' AND e.occurred_on >= i.transmitted_on
                 THEN e.occurred_on END),
        count(CASE WHEN e.type = 'raised' THEN 1 END)
   FROM event e JOIN item i ON i.id = e.item_id
  WHERE (e.side = 'prc' OR e.type = 'raised')
    AND i.archived = 0 AND i.transmitted_on IS NOT NULL
    AND e.id NOT IN (SELECT retracts FROM event WHERE retracts IS NOT NULL)
  GROUP BY i.seq";

/// The rows of the items that count, as of `today`.
pub fn rows(conn: &Connection, today: NaiveDate) -> Result<Vec<StatsRow>> {
    let mut answers: HashMap<i64, (Option<NaiveDate>, u32)> = HashMap::new();
    let mut st = conn.prepare_cached(EVENTS)?;
    let mut q = st.query([])?;
    while let Some(r) = q.next()? {
        answers.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
    }
    let mut st = conn.prepare_cached(ITEMS)?;
    let rows = st.query_map([day_number(today)], |r| {
        let (first_prc_on, raised) = answers.get(&r.get(0)?).copied().unwrap_or_default();
        Ok(StatsRow {
            counterpart: r.get(1)?,
            kind: r.get(2)?,
            status: r.get(3)?,
            transmitted_on: r.get(4)?,
            days_with_counterpart: r.get(5)?,
            first_prc_on,
            raised,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The figures per group as of `today`.
pub fn stats(conn: &Connection, by: GroupBy, today: NaiveDate) -> Result<Vec<GroupStats>> {
    Ok(stats::compute(&rows(conn, today)?, by))
}
