//! The list sorted by days with counterpart, calendar or working: the streams of the two
//! indexes of the [`Measure`] (for calendar days `item_clock_running`,
//! `item_clock_stopped`; for each calendar's working days `item_wd_X_running`,
//! `item_wd_X_stopped`) merged in order (see the parent module's docs), then the page's
//! rows read by row number.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};

use super::{row, sql_count, where_sql, Day, ItemRow, ListQuery, ROW_COLUMNS};
use crate::calendar::{cumulative, Calendar};
use crate::clock::day_number;
use crate::error::Result;

/// A count that grows with today while a clock runs and stands still once it stops: the
/// column a running clock's index orders by (a larger value = a smaller count), the one a
/// stopped clock's orders by (the count), and the count itself in SQL, with its
/// parameters (`?1`, `?2`…; the filters' own are numbered after them).
pub(super) struct Measure {
    running: String,
    stopped: String,
    count: String,
    params: Vec<Value>,
}

impl Measure {
    /// Days with counterpart: `min(today, stop) − start`.
    pub(super) fn calendar_days(today: NaiveDate) -> Self {
        Measure {
            running: "clock_start".into(),
            stopped: "clock_frozen".into(),
            count: "max(0, min(coalesce(clock_stop, ?1), ?1) - clock_start)".into(),
            params: vec![Value::Integer(day_number(today))],
        }
    }

    /// Working days with counterpart on a calendar: `C(today) − base` while the clock
    /// runs, the frozen count once it stopped (on or before today).
    pub(super) fn working_days(cal: Calendar, day: &Day) -> Self {
        let c = cal.as_str();
        Measure {
            running: format!("wd_{c}_base"),
            stopped: format!("wd_{c}_frozen"),
            count: format!(
                "max(0, CASE WHEN clock_stop <= ?1 THEN wd_{c}_frozen ELSE ?2 - wd_{c}_base END)"
            ),
            params: vec![
                Value::Integer(day_number(day.today)),
                Value::Integer(day.c_today[cumulative::index(cal)]),
            ],
        }
    }
}

/// Sorts by a [`Measure`] by merging index-ordered streams (see the module docs).
///
/// The merge runs on row numbers and counts only (read from the indexes), and the
/// full rows are read for the page alone: a page deep in the list costs an index walk, not
/// the building of every row before it.
pub(super) fn merge_by_days(
    conn: &Connection,
    q: &ListQuery,
    w: &[String],
    p: &[Value],
    day: &Day,
    m: &Measure,
) -> Result<Vec<ItemRow>> {
    // Saturating: a page asked for from anywhere (the window's IPC included) never overflows.
    let want = q.limit.map(|n| n.saturating_add(q.offset));
    let lim = want.map_or(String::new(), |n| format!("LIMIT {}", sql_count(n)));
    let (run, stop) = if q.descending {
        ("ASC", "DESC")
    } else {
        ("DESC", "ASC")
    };
    // (seq, count) in the stream's order.
    let stream = |extra: &[&str], order: &str| -> Result<Vec<(i64, i64)>> {
        let sql = format!(
            // The measure's parameters come first; the filters' own `?` are numbered after.
            "SELECT seq, {} FROM item {} ORDER BY {order}, seq {lim}",
            m.count,
            where_sql(w.to_vec(), extra),
        );
        let mut params = m.params.clone();
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
            &format!("is_open, {} {run}", m.running),
        )?);
        streams.push(stream(
            &["is_open = 1", "clock_stop IS NOT NULL"],
            &format!("is_open, {} {stop}", m.stopped),
        )?);
    }
    if q.open != Some(true) {
        streams.push(stream(
            &["is_open = 0", "clock_stop IS NOT NULL"],
            &format!("is_open, {} {stop}", m.stopped),
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
            rest.map_or(String::new(), |n| format!("LIMIT {}", sql_count(n)))
        );
        let mut st = conn.prepare_cached(&sql)?;
        let seqs = st.query_map(params_from_iter(p.iter()), |r| r.get(0))?;
        for s in seqs {
            order.push(s?);
        }
    }
    let page: Vec<i64> = order.into_iter().skip(q.offset).collect();
    rows_by_seq(conn, &page, day)
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
