//! The reminders list and the calendar read every open item's deadlines in one walk of
//! the open items, each deadline with what a reminder shows of its item, and their stored
//! states merged in key order: no lookup per deadline and no map, so that the list of
//! 68,000 overdue deadlines on 100,000 items costs about what the `sqlite3` shell takes to
//! print the same rows (issue 15: `counterpart reminders` within 2× of it).
//!
//! Before, the deadlines came from the partial indexes, then each item was looked up by
//! its row number (500 at a time) and kept in a hash map, and each stored state in
//! another: half of the command's time went to those lookups.

use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, Row};

use crate::clock::ClockCache;
use crate::db::stored_date;
use crate::error::Result;
use crate::model::Kind;
use crate::reminders::{cadence_on, Deadline, DeadlineOf, Lead, Mark, ReminderSettings, Stored};

use super::read::ItemInfo;

/// The items of a walk, and their deadlines each with the index of its item.
pub(super) type Walked = (Vec<ItemInfo>, Vec<(DeadlineOf<i64>, usize)>);

/// The open items with a deadline on or before `until` (all of them when None), and
/// their deadlines (due dates, follow-up dates, chase dates), each with the index of its
/// item in the first list; in the order of the walk.
pub(super) fn open_deadlines(
    conn: &Connection,
    s: &ReminderSettings,
    today: NaiveDate,
    until: Option<NaiveDate>,
) -> Result<Walked> {
    // Without a cadence only the two dated columns can put an item in the list, and SQLite
    // drops the others before their text is read. The walk is of the table itself (`NOT
    // INDEXED`): most open items have a deadline, so reading them by the partial indexes
    // would visit the same pages out of order.
    let filter = match (s.cadences.is_empty(), until) {
        (true, Some(_)) => "AND (i.due_on <= ?1 OR i.follow_up_on <= ?1)",
        (true, None) => "AND (i.due_on IS NOT NULL OR i.follow_up_on IS NOT NULL)",
        (false, _) => "",
    };
    let sql = format!(
        "SELECT i.seq, i.due_on, i.follow_up_on, i.kind,
                CASE WHEN i.transmitted_on IS NOT NULL AND i.status <> 'awaiting_us'
                     THEN coalesce(i.last_prc_on, i.transmitted_on) END,
                i.id, i.reference, i.title, i.counterpart, a.name_en, i.clock_start, i.clock_stop
           FROM item i NOT INDEXED LEFT JOIN agency a ON a.code = i.counterpart
          WHERE i.is_open = 1 AND i.archived = 0 {filter}"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let bound = until.map(|u| u.to_string()).unwrap_or_default();
    let mut rows = if filter.contains("?1") {
        st.query([&bound])?
    } else {
        st.query([])?
    };
    let within = |on: NaiveDate| until.is_none_or(|u| on <= u);
    let mut items = Vec::new();
    let mut deadlines = Vec::new();
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let kind: Kind = r.get(3)?;
        let chase = s.cadence(kind).and_then(|every| {
            let heard = date_at(r, 4)?;
            Some(cadence_on(heard, every, &s.leads, today))
        });
        let before = deadlines.len();
        for (deadline, on) in [
            (Deadline::Due, date_at(r, 1)),
            (Deadline::FollowUp, date_at(r, 2)),
            (Deadline::Cadence, chase),
        ] {
            if let Some(on) = on.filter(|on| within(*on)) {
                let d = DeadlineOf {
                    item: seq,
                    deadline,
                    on,
                };
                deadlines.push((d, items.len()));
            }
        }
        if deadlines.len() > before {
            items.push(info_at(r, kind, today)?);
        }
    }
    Ok((items, deadlines))
}

/// A date column (None when empty or not a date).
fn date_at(r: &Row<'_>, i: usize) -> Option<NaiveDate> {
    match r.get_ref(i).ok()? {
        ValueRef::Text(t) => std::str::from_utf8(t).ok().and_then(stored_date),
        _ => None,
    }
}

/// What a reminder shows of the item in columns 5–11 of [`open_deadlines`]'s walk.
fn info_at(r: &Row<'_>, kind: Kind, today: NaiveDate) -> rusqlite::Result<ItemInfo> {
    let clock = ClockCache {
        start: r.get(10)?,
        stop: r.get(11)?,
        ..ClockCache::default()
    };
    Ok(ItemInfo {
        id: r.get(5)?,
        reference: r.get(6)?,
        title: r.get(7)?,
        kind,
        counterpart: r.get(8)?,
        agency: r.get(9)?,
        days_with_counterpart: clock.days_with_counterpart(today),
    })
}

/// Visits each of `keys` (the deadlines of kind `d`, as (date, item row), sorted) with
/// its stored state, if any: the `reminder` rows in the keys' date range are read in key
/// order, the table's own, and merged with them. Without `fired_at`, a state's firing
/// time is not read (the check does not need it).
pub(super) fn merge_stored(
    conn: &Connection,
    d: Deadline,
    keys: &[(NaiveDate, i64)],
    fired_at: bool,
    mut visit: impl FnMut(usize, Option<&Stored>),
) -> Result<()> {
    let (Some(first), Some(last)) = (keys.first(), keys.last()) else {
        return Ok(());
    };
    debug_assert!(keys.is_sorted(), "merge_stored needs its keys in order");
    let mut st = conn.prepare_cached(
        "SELECT deadline_on, item_seq, lead, state, snoozed_until, fired_at FROM reminder
          WHERE deadline = ?1 AND deadline_on >= ?2 AND deadline_on <= ?3
          ORDER BY deadline_on, item_seq",
    )?;
    let mut rows = st.query(params![d.as_str(), first.0, last.0])?;
    let end = (NaiveDate::MAX, i64::MAX);
    let mut next: Option<((NaiveDate, i64), Option<Stored>)> = None;
    for (k, key) in keys.iter().enumerate() {
        while next.as_ref().is_none_or(|(at, _)| at < key) {
            next = Some(match rows.next()? {
                Some(r) => {
                    let on = date_at(r, 0).unwrap_or(NaiveDate::MIN);
                    ((on, r.get(1)?), Some(stored_at(r, fired_at)?))
                }
                None => (end, None),
            });
        }
        let stored = next
            .as_ref()
            .filter(|(at, _)| at == key)
            .and_then(|(_, s)| s.as_ref());
        visit(k, stored);
    }
    Ok(())
}

/// A stored state from columns 2–5 of [`merge_stored`]'s read.
fn stored_at(r: &Row<'_>, fired_at: bool) -> rusqlite::Result<Stored> {
    let mark = match r.get_ref(3)?.as_str()? {
        "fired" => Mark::Fired,
        "snoozed" => Mark::Snoozed { until: r.get(4)? },
        "done" => Mark::Done,
        "retired" => Mark::Retired,
        other => {
            return Err(rusqlite::Error::FromSqlConversionFailure(
                3,
                rusqlite::types::Type::Text,
                format!("unknown reminder state `{other}`").into(),
            ))
        }
    };
    Ok(Stored {
        lead: Lead(r.get(2)?),
        mark,
        fired_at: if fired_at { r.get(5)? } else { None },
    })
}
