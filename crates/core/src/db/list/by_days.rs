//! The list sorted by days with counterpart, calendar or working: the streams of the two
//! indexes of the [`Measure`] (for calendar days `item_clock_running`,
//! `item_clock_stopped`; for each calendar's working days `item_wd_X_running`,
//! `item_wd_X_stopped`) merged in order (see the parent module's docs), then the drafts,
//! then the page's rows read by row number.
//!
//! Each stream is read in chunks, each chunk seeking past the last row read (`column >=
//! v AND (column > v OR seq > s)` for an ascending one): the merge takes its rows one by
//! one from the heads of the streams, and when a search's answer is walked
//! ([`super::Scope`]) the rows not in it are passed over as they are read, so a page is
//! made of as many chunks as it needs and no more. Without a walked search a stream can
//! give the page at most `offset + limit` rows, which one chunk reads, as before.
//!
//! The place a page ends at ([`Place`], inside a [`super::Cursor`]) is the last row taken
//! from each stream: the next page's merge starts from the rows after them, its heads
//! the same the merge would have had, so it goes on exactly as one long merge would.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use std::collections::VecDeque;

use super::{sql_count, where_sql, Day, ListQuery, Scope};
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

/// Where a page of the merge ended: the (index value, row number) of the last row taken
/// from each stream (by [`Stream::slot`]), and the row number of the last draft.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Place {
    pub streams: [Option<(i64, i64)>; 3],
    pub drafts: Option<i64>,
}

/// The most rows one chunk of a walked stream reads.
const MAX_CHUNK: usize = 16_384;

/// One index stream of the merge: its rows (row number, count, index value) in the
/// index's order.
struct Stream {
    /// Its place in a [`Place`]: 0 running and open, 1 stopped and open (paused), 2
    /// stopped and closed.
    slot: usize,
    conditions: &'static [&'static str],
    column: String,
    ascending: bool,
    buffer: VecDeque<(i64, i64, i64)>,
    /// The last (index value, row number) read, kept or not.
    read: Option<(i64, i64)>,
    done: bool,
    chunk: usize,
}

impl Stream {
    /// Reads the next rows until one is kept or the stream ends.
    fn fill(&mut self, conn: &Connection, m: &Measure, scope: &Scope<'_>) -> Result<()> {
        while self.buffer.is_empty() && !self.done {
            let mut conditions: Vec<String> =
                self.conditions.iter().map(|c| c.to_string()).collect();
            // The measure's parameters come first; the filters' own `?` are numbered after.
            let mut params = m.params.clone();
            params.extend_from_slice(&scope.params);
            if let Some((v, seq)) = self.read {
                let (c, op) = (&self.column, if self.ascending { ">" } else { "<" });
                conditions.push(format!("{c} {op}= ? AND ({c} {op} ? OR seq > ?)"));
                params.extend([Value::Integer(v), Value::Integer(v), Value::Integer(seq)]);
            }
            let extra: Vec<&str> = conditions.iter().map(String::as_str).collect();
            let sql = format!(
                "SELECT seq, {count}, {c} FROM item {w} ORDER BY is_open, {c} {dir}, seq LIMIT {n}",
                count = m.count,
                c = self.column,
                w = where_sql(scope.conditions.clone(), &extra),
                dir = if self.ascending { "ASC" } else { "DESC" },
                n = sql_count(self.chunk),
            );
            let mut st = conn.prepare_cached(&sql)?;
            let mut rows = st.query(params_from_iter(params.iter()))?;
            let mut n = 0;
            while let Some(r) = rows.next()? {
                n += 1;
                let (seq, count, value): (i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
                self.read = Some((value, seq));
                if scope.keeps(seq) {
                    self.buffer.push_back((seq, count, value));
                }
            }
            self.done = n < self.chunk;
            self.chunk = self.chunk.saturating_mul(2).min(MAX_CHUNK.max(self.chunk));
        }
        Ok(())
    }
}

/// The drafts, which have no count: after every stream, by row number.
struct Drafts {
    buffer: VecDeque<i64>,
    read: Option<i64>,
    done: bool,
    chunk: usize,
}

impl Drafts {
    fn fill(&mut self, conn: &Connection, scope: &Scope<'_>) -> Result<()> {
        while self.buffer.is_empty() && !self.done {
            let mut params = scope.params.clone();
            let mut extra = vec!["clock_start IS NULL"];
            if let Some(seq) = self.read {
                extra.push("seq > ?");
                params.push(Value::Integer(seq));
            }
            let sql = format!(
                "SELECT seq FROM item {} ORDER BY seq LIMIT {}",
                where_sql(scope.conditions.clone(), &extra),
                sql_count(self.chunk)
            );
            let mut st = conn.prepare_cached(&sql)?;
            let mut rows = st.query(params_from_iter(params.iter()))?;
            let mut n = 0;
            while let Some(r) = rows.next()? {
                n += 1;
                let seq: i64 = r.get(0)?;
                self.read = Some(seq);
                if scope.keeps(seq) {
                    self.buffer.push_back(seq);
                }
            }
            self.done = n < self.chunk;
            self.chunk = self.chunk.saturating_mul(2).min(MAX_CHUNK.max(self.chunk));
        }
        Ok(())
    }
}

/// The merge of the streams and then the drafts, row by row, with the place reached.
pub(super) struct Merge<'a> {
    conn: &'a Connection,
    m: &'a Measure,
    scope: &'a Scope<'a>,
    descending: bool,
    streams: Vec<Stream>,
    drafts: Option<Drafts>,
    pub(super) place: Place,
}

impl<'a> Merge<'a> {
    /// The merge of `q`'s streams from `after` (the start when None), reading `first`
    /// rows per stream at first (all when None).
    pub(super) fn new(
        conn: &'a Connection,
        q: &ListQuery,
        scope: &'a Scope<'a>,
        m: &'a Measure,
        after: Place,
        first: Option<usize>,
    ) -> Merge<'a> {
        let chunk = first.unwrap_or(usize::MAX).max(1);
        // A running clock: larger count = earlier start.
        let (run, stop) = (q.descending, !q.descending);
        let mut streams = Vec::new();
        let mut add =
            |slot: usize, conditions: &'static [&'static str], column: &str, ascending| {
                streams.push(Stream {
                    slot,
                    conditions,
                    column: column.to_owned(),
                    ascending,
                    buffer: VecDeque::new(),
                    read: after.streams[slot],
                    done: false,
                    chunk,
                });
            };
        if q.open != Some(false) {
            add(
                0,
                &[
                    "is_open = 1",
                    "clock_stop IS NULL",
                    "clock_start IS NOT NULL",
                ],
                &m.running,
                run,
            );
            add(
                1,
                &["is_open = 1", "clock_stop IS NOT NULL"],
                &m.stopped,
                stop,
            );
        }
        if q.open != Some(true) {
            add(
                2,
                &["is_open = 0", "clock_stop IS NOT NULL"],
                &m.stopped,
                stop,
            );
        }
        // Drafts have no count: they come last.
        let drafts = (q.open != Some(false)).then(|| Drafts {
            buffer: VecDeque::new(),
            read: after.drafts,
            done: false,
            chunk,
        });
        Merge {
            conn,
            m,
            scope,
            descending: q.descending,
            streams,
            drafts,
            place: after,
        }
    }

    /// The next row number in the order, or None at the end.
    pub(super) fn next_seq(&mut self) -> Result<Option<i64>> {
        // The head with the largest (or smallest) count; ties go to the earlier stream.
        let mut best: Option<(usize, i64)> = None;
        for (i, s) in self.streams.iter_mut().enumerate() {
            s.fill(self.conn, self.m, self.scope)?;
            let Some(&(_, k, _)) = s.buffer.front() else {
                continue;
            };
            let better = match best {
                None => true,
                Some((_, kb)) => (self.descending && k > kb) || (!self.descending && k < kb),
            };
            if better {
                best = Some((i, k));
            }
        }
        if let Some((i, _)) = best {
            let s = &mut self.streams[i];
            if let Some((seq, _, value)) = s.buffer.pop_front() {
                self.place.streams[s.slot] = Some((value, seq));
                return Ok(Some(seq));
            }
        }
        let Some(d) = self.drafts.as_mut() else {
            return Ok(None);
        };
        d.fill(self.conn, self.scope)?;
        Ok(d.buffer
            .pop_front()
            .inspect(|&seq| self.place.drafts = Some(seq)))
    }
}

/// The row numbers of `q`'s page in the merge from `after`, and the place after its last
/// row when the page is full (more rows may follow).
pub(super) fn page(
    conn: &Connection,
    q: &ListQuery,
    scope: &Scope<'_>,
    m: &Measure,
    after: Place,
) -> Result<(Vec<i64>, Option<Place>)> {
    // Saturating: a page asked for from anywhere (the window's IPC included) never overflows.
    let want = q.limit.map(|n| n.saturating_add(q.offset));
    let mut merge = Merge::new(conn, q, scope, m, after, want);
    let mut skipped = 0;
    while skipped < q.offset {
        if merge.next_seq()?.is_none() {
            return Ok((Vec::new(), None));
        }
        skipped += 1;
    }
    let mut seqs = Vec::with_capacity(q.limit.unwrap_or(1024).min(100_000));
    while q.limit.is_none_or(|n| seqs.len() < n) {
        match merge.next_seq()? {
            Some(seq) => seqs.push(seq),
            None => return Ok((seqs, None)),
        }
    }
    let full = q.limit.is_some_and(|n| n > 0);
    Ok((seqs, full.then_some(merge.place)))
}

/// The place just after the row `seq` in the merge of `q` (None when it is not listed).
pub(super) fn place_after(
    conn: &Connection,
    q: &ListQuery,
    scope: &Scope<'_>,
    m: &Measure,
    seq: i64,
) -> Result<Option<Place>> {
    let mut merge = Merge::new(conn, q, scope, m, Place::default(), Some(1024));
    while let Some(s) = merge.next_seq()? {
        if s == seq {
            return Ok(Some(merge.place));
        }
    }
    Ok(None)
}
