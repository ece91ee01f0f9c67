//! Reading deadlines and reminder state: the open items' deadline dates (from the partial
//! indexes), the candidates of a check, stored states, and what a reminder shows of its
//! item.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use std::collections::HashMap;

use crate::clock::ClockCache;
use crate::db::stored_date;
use crate::error::{Error, Result};
use crate::model::{ItemId, Kind, Status};
use crate::reminders::{
    cadence_on, due_lead, Deadline, DeadlineOf, Lead, Leads, Mark, ReminderSettings, Stored,
};

use super::walk::merge_stored;

/// The item columns that hold the dated deadlines.
pub(super) fn column(d: Deadline) -> Option<&'static str> {
    match d {
        Deadline::Due => Some("due_on"),
        Deadline::FollowUp => Some("follow_up_on"),
        Deadline::Cadence => None,
    }
}

/// The condition on a `reminder` row that settles its deadline on `today` (nothing can be
/// due): done, snoozed past today, or fired at a lead no earlier than the current one.
/// `?1` is the deadline, `?2` the upper date bound, `?3` today, `?4…` the thresholds of
/// [`Leads::thresholds`]; [`settled_params`] gives them in that order.
fn settled_sql(leads: &Leads, today: NaiveDate) -> String {
    let case: String = leads
        .thresholds(today)
        .iter()
        .enumerate()
        .map(|(i, (lead, _))| format!("WHEN deadline_on <= ?{} THEN {} ", i + 4, lead.0))
        .collect();
    format!(
        "deadline = ?1 AND deadline_on <= ?2
         AND (state = 'done'
              OR (state = 'snoozed' AND snoozed_until > ?3)
              OR (state = 'fired' AND lead <= CASE {case}END))"
    )
}

fn settled_params(d: Deadline, until: NaiveDate, leads: &Leads, today: NaiveDate) -> Vec<Value> {
    let mut p = vec![
        Value::Text(d.as_str().into()),
        Value::Text(until.to_string()),
        Value::Text(today.to_string()),
    ];
    p.extend(
        leads
            .thresholds(today)
            .iter()
            .map(|(_, on)| Value::Text(on.to_string())),
    );
    p
}

/// The open deadlines of one dated kind with a reminder possibly due on `today`: those up
/// to the horizon that no stored row settles (see the module docs).
pub(super) fn unsettled(
    conn: &Connection,
    d: Deadline,
    leads: &Leads,
    today: NaiveDate,
) -> Result<Vec<DeadlineOf<i64>>> {
    let Some(col) = column(d) else {
        return Ok(Vec::new());
    };
    let sql = format!(
        "SELECT {col}, seq FROM item WHERE is_open = 1 AND {col} IS NOT NULL AND archived = 0 AND {col} <= ?2
         EXCEPT
         SELECT deadline_on, item_seq FROM reminder WHERE {}
         ORDER BY 1, 2",
        settled_sql(leads, today)
    );
    let p = settled_params(d, leads.horizon(today), leads, today);
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(params_from_iter(p.iter()), |r| {
        Ok(DeadlineOf {
            item: r.get(1)?,
            deadline: d,
            on: r.get(0)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Of `deadlines` (one kind, sorted by date then item), those with a reminder due on
/// `today`, with its lead. Their stored rows are read in key order and merged with them
/// ([`merge_stored`]: no lookup per deadline, no map); the decision is [`due_lead`]'s.
pub(super) fn due_by_merge(
    conn: &Connection,
    deadlines: &[DeadlineOf<i64>],
    leads: &Leads,
    today: NaiveDate,
) -> Result<Vec<(DeadlineOf<i64>, Lead)>> {
    let Some(first) = deadlines.first() else {
        return Ok(Vec::new());
    };
    let keys: Vec<(NaiveDate, i64)> = deadlines.iter().map(|d| (d.on, d.item)).collect();
    let mut out = Vec::new();
    merge_stored(conn, first.deadline, &keys, false, |k, stored| {
        let d = deadlines[k];
        if let Some(lead) = due_lead(leads, d.on, stored, today) {
            out.push((d, lead));
        }
    })?;
    Ok(out)
}

/// The chase dates of the open, transmitted items (not awaiting U.S. information) of the
/// kinds with a cadence, those on or before `until`.
pub(super) fn cadence_deadlines(
    conn: &Connection,
    s: &ReminderSettings,
    today: NaiveDate,
    until: Option<NaiveDate>,
) -> Result<Vec<DeadlineOf<i64>>> {
    if s.cadences.is_empty() {
        return Ok(Vec::new());
    }
    // The cadence of each row's kind comes back from SQL as a number (a CASE), and dates
    // are parsed by hand: this loop runs over every open, transmitted item of those kinds,
    // read from the partial index `item_chase` alone (migrations/0016), whose condition
    // this WHERE repeats word for word (the status a literal, as a partial index needs).
    debug_assert_eq!(Status::AwaitingUs.as_str(), "awaiting_us");
    let whens: String = (0..s.cadences.len())
        .map(|i| format!("WHEN ?{} THEN ?{} ", 2 * i + 1, 2 * i + 2))
        .collect();
    let kinds: Vec<String> = (0..s.cadences.len())
        .map(|i| format!("?{}", 2 * i + 1))
        .collect();
    let sql = format!(
        "SELECT seq, CASE kind {whens}END, coalesce(last_prc_on, transmitted_on) FROM item INDEXED BY item_chase
          WHERE is_open = 1 AND transmitted_on IS NOT NULL AND archived = 0 AND status <> 'awaiting_us'
            AND kind IN ({})",
        kinds.join(", ")
    );
    let mut p = Vec::new();
    for c in &s.cadences {
        p.push(Value::Text(c.kind.as_str().into()));
        p.push(Value::Integer(i64::from(c.days)));
    }
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query(params_from_iter(p.iter()))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let every: u32 = r.get(1)?;
        let Some(heard) = r.get_ref(2)?.as_str().ok().and_then(stored_date) else {
            continue;
        };
        let on = cadence_on(heard, every, &s.leads, today);
        if until.is_none_or(|u| on <= u) {
            out.push(DeadlineOf {
                item: r.get(0)?,
                deadline: Deadline::Cadence,
                on,
            });
        }
    }
    out.sort_unstable_by_key(|d| (d.on, d.item));
    Ok(out)
}

pub(super) fn stored_from_row(r: &Row<'_>) -> rusqlite::Result<Stored> {
    let state: String = r.get("state")?;
    let mark = match state.as_str() {
        "fired" => Mark::Fired,
        "snoozed" => Mark::Snoozed {
            until: r.get("snoozed_until")?,
        },
        "done" => Mark::Done,
        "retired" => Mark::Retired,
        other => {
            return Err(rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("unknown reminder state `{other}`").into(),
            ))
        }
    };
    Ok(Stored {
        lead: Lead(r.get("lead")?),
        mark,
        fired_at: r.get("fired_at")?,
    })
}

/// Stored states of these deadlines (all of one kind), by (item row, date): point lookups
/// for a few, one range read for many.
pub(super) fn states_of(
    conn: &Connection,
    deadlines: &[DeadlineOf<i64>],
) -> Result<HashMap<(i64, NaiveDate), Stored>> {
    let mut out = HashMap::with_capacity(deadlines.len());
    let Some(first) = deadlines.first() else {
        return Ok(out);
    };
    let d = first.deadline;
    if deadlines.len() <= 64 {
        let mut st = conn.prepare_cached(
            "SELECT lead, state, fired_at, snoozed_until FROM reminder
              WHERE deadline = ?1 AND deadline_on = ?2 AND item_seq = ?3",
        )?;
        for x in deadlines {
            if let Some(s) = st
                .query_row(params![d.as_str(), x.on, x.item], stored_from_row)
                .optional()?
            {
                out.insert((x.item, x.on), s);
            }
        }
    } else {
        let (from, to) = deadlines
            .iter()
            .fold((first.on, first.on), |(a, b), x| (a.min(x.on), b.max(x.on)));
        let mut st = conn.prepare_cached(
            "SELECT item_seq, deadline_on, lead, state, fired_at, snoozed_until FROM reminder
              WHERE deadline = ?1 AND deadline_on >= ?2 AND deadline_on <= ?3",
        )?;
        let rows = st.query_map(params![d.as_str(), from, to], |r| {
            Ok(((r.get(0)?, r.get(1)?), stored_from_row(r)?))
        })?;
        for row in rows {
            let (k, s) = row?;
            out.insert(k, s);
        }
    }
    Ok(out)
}

/// What a reminder shows of its item (and the calendar of its agency and clock).
pub(super) struct ItemInfo {
    pub(super) id: ItemId,
    pub(super) reference: String,
    pub(super) title: String,
    pub(super) kind: Kind,
    pub(super) counterpart: String,
    pub(super) agency: Option<String>,
    pub(super) days_with_counterpart: Option<i64>,
}

/// The items with these row numbers.
pub(super) fn items_by_seq(
    conn: &Connection,
    seqs: impl Iterator<Item = i64>,
    today: NaiveDate,
) -> Result<HashMap<i64, ItemInfo>> {
    let mut seqs: Vec<i64> = seqs.collect();
    seqs.sort_unstable();
    seqs.dedup();
    let mut out = HashMap::with_capacity(seqs.len());
    for chunk in seqs.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(",");
        let sql = format!(
            "SELECT i.seq, i.id, i.reference, i.title, i.kind, i.counterpart, a.name_en,
                    i.clock_start, i.clock_stop
               FROM item i LEFT JOIN agency a ON a.code = i.counterpart
              WHERE i.seq IN ({marks})"
        );
        let mut st = conn.prepare_cached(&sql)?;
        let rows = st.query_map(params_from_iter(chunk.iter()), |r| {
            let clock = ClockCache {
                start: r.get("clock_start")?,
                stop: r.get("clock_stop")?,
                ..ClockCache::default()
            };
            Ok((
                r.get::<_, i64>("seq")?,
                ItemInfo {
                    id: r.get("id")?,
                    reference: r.get("reference")?,
                    title: r.get("title")?,
                    kind: r.get("kind")?,
                    counterpart: r.get("counterpart")?,
                    agency: r.get("name_en")?,
                    days_with_counterpart: clock.days_with_counterpart(today),
                },
            ))
        })?;
        for row in rows {
            let (seq, info) = row?;
            out.insert(seq, info);
        }
    }
    Ok(out)
}

/// The row number of an item, or `NotFound`.
pub(super) fn seq_of(conn: &Connection, id: ItemId) -> Result<i64> {
    conn.prepare_cached("SELECT seq FROM item WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound(id.to_string()))
}
