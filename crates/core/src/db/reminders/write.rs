//! Writing reminder state: what fired, snoozes, done, retiring.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::item_reminders;
use super::read::seq_of;
use crate::db::{instant, Tx};
use crate::error::{Error, Result};
use crate::model::ItemId;
use crate::problem::Problem;
use crate::reminders::{DeadlineOf, Lead, ReminderKey};
use crate::validate::{DayRange, LEAD_DAYS};

/// Records reminders as fired at `now` (one row per deadline, at the lead that fired).
pub(super) fn fire_raw(
    conn: &Tx<'_>,
    fired: &[(DeadlineOf<i64>, Lead)],
    now: DateTime<Utc>,
) -> Result<()> {
    let at = instant(now);
    let mut st = conn.prepare_cached(
        "INSERT INTO reminder (deadline, deadline_on, item_seq, lead, state, fired_at, changed_at)
         VALUES (?1, ?2, ?3, ?4, 'fired', ?5, ?5)
         ON CONFLICT (deadline, deadline_on, item_seq) DO UPDATE SET
            lead = excluded.lead, state = 'fired', fired_at = excluded.fired_at,
            snoozed_until = NULL, changed_at = excluded.changed_at",
    )?;
    for (d, lead) in fired {
        st.execute(params![d.deadline.as_str(), d.on, d.item, lead.0, at])?;
    }
    Ok(())
}

/// Checks that the key names a current deadline of an open item; returns its row number.
pub(super) fn require_deadline(
    conn: &Connection,
    key: &ReminderKey,
    today: NaiveDate,
) -> Result<i64> {
    let DayRange { min, max } = LEAD_DAYS;
    if !key.lead.is_overdue() && !LEAD_DAYS.contains(i64::from(key.lead.0)) {
        return Err(Error::field(
            "lead",
            Problem::NotAReminderLead {
                lead: key.lead.0,
                min,
                max,
            },
        ));
    }
    let (seq, reference, open): (i64, String, bool) = conn
        .prepare_cached("SELECT seq, reference, is_open FROM item WHERE id = ?1")?
        .query_row([key.item_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or_else(|| Error::NotFound(key.item_id.to_string()))?;
    if !open {
        return Err(Error::field(
            "item",
            Problem::ClosedNoDeadlines { reference },
        ));
    }
    let current = item_reminders(conn, key.item_id, today)?;
    match current.iter().find(|r| r.deadline == key.deadline) {
        Some(r) if r.deadline_on == key.deadline_on => Ok(seq),
        Some(r) => Err(Error::field(
            "deadline_on",
            Problem::DeadlineDateIs {
                reference,
                deadline: key.deadline,
                on: r.deadline_on,
                given: key.deadline_on,
            },
        )),
        None => Err(Error::field(
            "deadline",
            Problem::NoDeadlineDate {
                reference,
                deadline: key.deadline,
            },
        )),
    }
}

/// Stores a state for a deadline (keeping when it last fired).
pub(super) fn put_raw(
    conn: &Tx<'_>,
    seq: i64,
    key: &ReminderKey,
    state: &str,
    snoozed_until: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO reminder (deadline, deadline_on, item_seq, lead, state, snoozed_until, changed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (deadline, deadline_on, item_seq) DO UPDATE SET
            lead = excluded.lead, state = excluded.state,
            snoozed_until = excluded.snoozed_until, changed_at = excluded.changed_at",
    )?
    .execute(params![
        key.deadline.as_str(),
        key.deadline_on,
        seq,
        key.lead.0,
        state,
        snoozed_until,
        instant(now)
    ])?;
    Ok(())
}

/// Snoozes a deadline's reminders until `until` (after `today`): none fires before that
/// day; on it, the lead then due fires.
pub(crate) fn snooze(
    conn: &Tx<'_>,
    key: &ReminderKey,
    until: NaiveDate,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<()> {
    if until <= today {
        return Err(Error::field(
            "until",
            Problem::SnoozeNotAfterToday {
                until: until.to_string(),
                today: today.to_string(),
            },
        ));
    }
    let seq = require_deadline(conn, key, today)?;
    put_raw(conn, seq, key, "snoozed", Some(until), now)
}

/// Marks a deadline done: none of its reminders fires again (a new date re-arms them).
pub(crate) fn done(
    conn: &Tx<'_>,
    key: &ReminderKey,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<()> {
    let seq = require_deadline(conn, key, today)?;
    put_raw(conn, seq, key, "done", None, now)
}

impl crate::db::Db {
    /// Records reminders as fired at `now` (for a scheduler that fires by other means
    /// than [`super::check`]).
    pub fn mark_fired(&mut self, keys: &[ReminderKey], now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| mark_fired(tx, keys, now))
    }

    /// Retires the reminders of every closed item that still has live ones (see
    /// [`retire_closed`]).
    pub fn retire_closed(&mut self, now: DateTime<Utc>) -> Result<usize> {
        self.write(|tx| retire_closed(tx, now))
    }
}

/// Records reminders as fired at `now` (for a scheduler that fires by other means than
/// [`check`]).
pub(crate) fn mark_fired(conn: &Tx<'_>, keys: &[ReminderKey], now: DateTime<Utc>) -> Result<()> {
    let mut fired = Vec::with_capacity(keys.len());
    for k in keys {
        fired.push((
            DeadlineOf {
                item: seq_of(conn, k.item_id)?,
                deadline: k.deadline,
                on: k.deadline_on,
            },
            k.lead,
        ));
    }
    fire_raw(conn, &fired, now)
}

/// Retires the reminders of one item; `db::items` calls it when the item closes, in the
/// same transaction.
pub(crate) fn retire_item_raw(conn: &Tx<'_>, id: ItemId, now: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached(
        "UPDATE reminder SET state = 'retired', snoozed_until = NULL, changed_at = ?2
          WHERE item_seq = (SELECT seq FROM item WHERE id = ?1) AND state <> 'retired'",
    )?
    .execute(params![id, instant(now)])?;
    Ok(())
}

/// Retires the reminders of every closed item that still has live ones; returns how many
/// rows changed. Closing an item already does this for it; this sweep is a safety net
/// (cost: a pass over the closed items).
pub(crate) fn retire_closed(conn: &Tx<'_>, now: DateTime<Utc>) -> Result<usize> {
    Ok(conn
        .prepare_cached(
            "UPDATE reminder SET state = 'retired', snoozed_until = NULL, changed_at = ?1
              WHERE state <> 'retired'
                AND item_seq IN (SELECT seq FROM item WHERE is_open = 0)",
        )?
        .execute([instant(now)])?)
}
