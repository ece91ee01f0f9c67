//! Reminder state and settings in the store: the SQL side of [`crate::reminders`].
//!
//! - [`check`]: the one call the scheduler makes (about once a minute, and at start): in
//!   one immediate transaction it finds the reminders due on `today`, records them as
//!   fired and returns them. Two processes checking at once queue on the write lock, and
//!   the second sees what the first recorded, so nothing fires twice. [`Checker`] wraps
//!   it for a scheduler: it skips the check while neither the day nor the database has
//!   changed since the last one.
//! - [`upcoming`]: overdue deadlines and those due within N days, with their state (the
//!   Reminders view, `counterpart reminders`); [`badge`]: how many the navigation counts.
//! - [`snooze`], [`done`], [`mark_fired`]: what the user (or the scheduler) records.
//! - [`retire_closed`]: marks the reminders of closed items retired. Closing an item
//!   retires its reminders in the same transaction ([`retire_item_raw`], called by
//!   `db::items`), so this is a sweep for safety, not part of every check.
//! - [`settings`], [`set_leads`], [`set_cadence`]: lead times and per-kind cadences, in
//!   the `setting` table.
//! - [`calendar`]: every deadline of the open items, for the iCalendar export.
//!
//! ## Keeping the check cheap
//!
//! The `reminder` table holds one row per deadline acted on (see `migrations/0002`),
//! keyed by (deadline, date, item row number): the order of the partial indexes
//! `item_due` and `item_follow_up`. The check asks SQLite for the open deadlines up to the
//! horizon (today + the longest lead) `EXCEPT` those whose row settles them — done,
//! snoozed past today, or fired at a lead no earlier than the current one (a `CASE` built
//! from [`Leads::thresholds`], the same rule as [`Leads::current`]) — and SQLite merges
//! the two index-ordered streams without a lookup per item. Only the few deadlines left
//! are read in full and decided by [`due_lead`], the pure rule. The SQL filter drops only
//! deadlines that rule would also find settled: its `CASE` comes from the same thresholds,
//! and a test checks them against [`Leads::current`].
//!
//! The chase dates of a cadence are computed, not stored on the item, so when a cadence
//! is set the check scans the open, transmitted items of those kinds, sorts their chase
//! dates and merges them with the stored rows read in key order (`read::due_by_merge`).
//! That scan walks the partial index `item_chase` (migrations/0016), which holds only
//! the open, transmitted items' kind and date last heard from: about 7 ms for 60,000
//! items where a scan of the wide `item` rows took about 57 ms, for a small cost on
//! every write of an open item (measured in `make bench`'s import figure).
//!
//! ## Measured
//!
//! `make bench` (100,000 items, about 64,000 open ones overdue): the check repeated with
//! nothing new due, 13 ms; the first check of the next day, 18 ms; with a 30-day cadence
//! on every kind (60,000 chase dates, the walk above), 58 ms before `item_chase`; through a [`Checker`] with
//! nothing changed, a few microseconds. The first check on such a database fires its
//! whole backlog at once (68,000 reminders, 0.33 s, once).

mod read;
mod walk;
mod write;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension};

use crate::db::{settings, Db, Tx};
use crate::error::{Error, Result};
use crate::ics;
use crate::model::{ItemId, Kind, Status};
use crate::problem::Problem;
use crate::reminders::{
    add_days, cadence_on, due_lead, due_now, sort, Cadence, Deadline, DeadlineOf, Lead, Leads,
    Mark, Reminder, ReminderSettings, ReminderState, Stored,
};
use read::{cadence_deadlines, due_by_merge, items_by_seq, states_of, unsettled, ItemInfo};
use write::fire_raw;
pub(crate) use write::retire_item_raw;
pub(crate) use write::{done, snooze};

/// The setting that holds the lead times.
pub const LEADS_KEY: &str = "reminders.leads";
/// The settings `reminders.cadence.<kind>` hold the cadences.
pub const CADENCE_PREFIX: &str = "reminders.cadence.";

/// The reminder settings of the database (defaults where none are stored).
pub fn settings(conn: &Connection) -> Result<ReminderSettings> {
    let leads = match settings::get(conn, LEADS_KEY)? {
        Some(v) => Leads::parse("leads", &v).map_err(|e| Error::Invalid(vec![e]))?,
        None => Leads::default(),
    };
    let mut cadences = Vec::new();
    for (key, value) in settings::with_prefix(conn, CADENCE_PREFIX)? {
        let kind: Kind = key[CADENCE_PREFIX.len()..]
            .parse()
            .map_err(|e: crate::model::UnknownWord| Error::field(&key, e.problem()))?;
        let days: i64 = value.trim().parse().map_err(|_| {
            Error::field(
                &key,
                Problem::NotANumberOfDays {
                    value: value.clone(),
                },
            )
        })?;
        cadences.push(Cadence::new(kind, days).map_err(|e| Error::Invalid(vec![e]))?);
    }
    Ok(ReminderSettings { leads, cadences })
}

/// Sets the lead times from whole days (as the settings form sends them).
pub(crate) fn set_lead_days(conn: &Tx<'_>, days: &[i64]) -> Result<Leads> {
    let leads = Leads::from_days("leads", days).map_err(|e| Error::Invalid(vec![e]))?;
    settings::set_raw(conn, LEADS_KEY, &leads.to_setting())?;
    Ok(leads)
}

/// Sets (1–3650 days) or clears (None) the follow-up cadence of a kind. An error names
/// the field `cadence.<kind>`.
pub(crate) fn set_cadence(conn: &Tx<'_>, kind: Kind, days: Option<i64>) -> Result<()> {
    let key = format!("{CADENCE_PREFIX}{kind}");
    match days {
        Some(d) => {
            let c = Cadence::new(kind, d).map_err(|e| Error::Invalid(vec![e]))?;
            settings::set_raw(conn, &key, &c.days.to_string())
        }
        None => settings::remove_raw(conn, &key),
    }
}

/// Finds the reminders due on `today`, records them as fired at `now` and returns them,
/// one per deadline, in one immediate transaction: each fires once, even with two
/// processes checking. Show the result through [`crate::reminders::gather`]. A scheduler
/// that checks every minute should go through a [`Checker`], which skips the work when
/// nothing has changed since its last check.
pub fn check(db: &mut Db, today: NaiveDate, now: DateTime<Utc>) -> Result<Vec<Reminder>> {
    db.write(|tx| check_raw(tx, today, now))
}

/// What a check is a function of: the day, and the database's content as seen by one
/// connection (`PRAGMA data_version` moves when another connection commits, the
/// connection's total of changed rows when it writes itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seen {
    today: NaiveDate,
    data_version: i64,
    own_changes: u64,
}

fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}

/// The scheduler's side of [`check`], kept by whoever checks every minute (one per open
/// database): what is due depends only on the day and on what is stored, and everything
/// due at the last check was recorded as fired then, so while neither has changed nothing
/// new can be due and the check is skipped without touching the tables. A change by this
/// connection, a commit by another process or a new day makes the next call check in
/// full.
#[derive(Debug, Default)]
pub struct Checker {
    seen: Option<Seen>,
    skipped: bool,
}

impl Checker {
    pub fn new() -> Self {
        Self::default()
    }

    /// [`check`], unless nothing has changed since the last one (then nothing is due).
    pub fn check(
        &mut self,
        db: &mut Db,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<Reminder>> {
        let before = Seen {
            today,
            data_version: data_version(db.writer()?)?,
            own_changes: db.writer()?.total_changes(),
        };
        self.skipped = self.seen == Some(before);
        if self.skipped {
            return Ok(Vec::new());
        }
        // The version is read inside the write transaction, where no other process can
        // commit: a commit that lands after it moves it, and the next call checks again.
        let (out, version) = db.write(|tx| Ok((check_raw(tx, today, now)?, data_version(tx)?)))?;
        self.seen = Some(Seen {
            today,
            data_version: version,
            own_changes: db.writer()?.total_changes(),
        });
        Ok(out)
    }

    /// Whether the last [`Checker::check`] was skipped (nothing had changed).
    pub fn skipped(&self) -> bool {
        self.skipped
    }
}

/// [`check`] inside a transaction the caller holds (it must be a write transaction).
pub(crate) fn check_raw(
    conn: &Tx<'_>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<Reminder>> {
    let s = settings(conn)?;
    let leads = &s.leads;
    let mut due: Vec<(DeadlineOf<i64>, Lead)> = Vec::new();
    for d in [Deadline::Due, Deadline::FollowUp] {
        let candidates = unsettled(conn, d, leads, today)?;
        let states = states_of(conn, &candidates)?;
        due.extend(due_now(
            &candidates,
            |x| states.get(&(x.item, x.on)).copied(),
            leads,
            today,
        ));
    }
    let chases = cadence_deadlines(conn, &s, today, Some(leads.horizon(today)))?;
    due.extend(due_by_merge(conn, &chases, leads, today)?);
    fire_raw(conn, &due, now)?;
    let info = items_by_seq(conn, due.iter().map(|(d, _)| d.item), today)?;
    let mut out: Vec<Reminder> = due
        .iter()
        .filter_map(|(d, lead)| {
            let i = info.get(&d.item)?;
            let texts = (i.reference.clone(), i.title.clone());
            Some(reminder(
                i,
                texts,
                d,
                *lead,
                ReminderState::Fired,
                Some(now),
                None,
            ))
        })
        .collect();
    sort(&mut out);
    Ok(out)
}

/// The deadlines of open items that are overdue or fall within `within_days` of `today`,
/// each with its reminder state, sorted by date: the Reminders view and
/// `counterpart reminders`. Show them with [`crate::reminders::shown`]. One walk of the
/// open items and one ordered read of the stored states per kind of deadline
/// ([`walk`]).
pub fn upcoming(conn: &Connection, today: NaiveDate, within_days: u32) -> Result<Vec<Reminder>> {
    let s = settings(conn)?;
    let until = add_days(today, i64::from(within_days));
    let (mut items, deadlines) = walk::open_deadlines(conn, &s, today, Some(until))?;
    // How many deadlines each item still has to show: the last one takes its texts
    // instead of copying them (most items have one).
    let mut uses = vec![0u8; items.len()];
    for (_, i) in &deadlines {
        uses[*i] += 1;
    }
    let mut out = Vec::with_capacity(deadlines.len());
    for d in Deadline::ALL {
        let mut of: Vec<&(DeadlineOf<i64>, usize)> =
            deadlines.iter().filter(|x| x.0.deadline == d).collect();
        of.sort_unstable_by_key(|x| (x.0.on, x.0.item));
        let keys: Vec<(NaiveDate, i64)> = of.iter().map(|x| (x.0.on, x.0.item)).collect();
        walk::merge_stored(conn, d, &keys, true, |k, stored| {
            let (deadline, i) = of[k];
            uses[*i] -= 1;
            let item = &mut items[*i];
            let texts = if uses[*i] == 0 {
                (
                    std::mem::take(&mut item.reference),
                    std::mem::take(&mut item.title),
                )
            } else {
                (item.reference.clone(), item.title.clone())
            };
            out.push(shown(item, texts, deadline, stored, &s.leads, today));
        })?;
    }
    sort(&mut out);
    Ok(out)
}

/// How many reminders the navigation's badge counts on `today`: those overdue or due
/// today that are neither snoozed nor done ([`crate::reminders::badge`]).
pub fn badge(conn: &Connection, today: NaiveDate) -> Result<u32> {
    let n = crate::reminders::badge(&upcoming(conn, today, 0)?, today);
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// A deadline as shown on `today`: the lead in question is the current one (or the next
/// to come), and a reminder fired at an earlier lead shows as pending once a later lead
/// is due.
fn shown(
    i: &ItemInfo,
    texts: (String, String),
    d: &DeadlineOf<i64>,
    stored: Option<&Stored>,
    leads: &Leads,
    today: NaiveDate,
) -> Reminder {
    let lead = leads
        .current(d.on, today)
        .or_else(|| leads.next(d.on, today))
        .unwrap_or(Lead::OVERDUE);
    let state = match ReminderState::of(stored, today) {
        ReminderState::Fired if due_lead(leads, d.on, stored, today).is_some() => {
            ReminderState::Pending
        }
        s => s,
    };
    let snoozed_until = stored.and_then(|s| match s.mark {
        Mark::Snoozed { until } if until > today => Some(until),
        _ => None,
    });
    reminder(
        i,
        texts,
        d,
        lead,
        state,
        stored.and_then(|s| s.fired_at),
        snoozed_until,
    )
}

/// One item's deadline at one lead, in one state; `texts` are the item's reference and
/// title (taken from `i` or copied, as the caller can).
fn reminder(
    i: &ItemInfo,
    (reference, title): (String, String),
    d: &DeadlineOf<i64>,
    lead: Lead,
    state: ReminderState,
    fired_at: Option<DateTime<Utc>>,
    snoozed_until: Option<NaiveDate>,
) -> Reminder {
    Reminder {
        item_id: i.id,
        reference,
        title,
        kind: i.kind,
        deadline: d.deadline,
        deadline_on: d.on,
        lead,
        fire_on: lead.fire_on(d.on),
        state,
        fired_at,
        snoozed_until,
    }
}

/// The iCalendar file of every open deadline, with its alarms at the lead times in force
/// (what `reminders --ics` and the window's calendar export write), and how many
/// deadlines it holds.
pub fn calendar_file(
    conn: &Connection,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(String, usize)> {
    let entries = calendar(conn, today)?;
    let leads = settings(conn)?.leads;
    Ok((ics::calendar(&entries, &leads, today, now), entries.len()))
}

/// Every deadline of the open items (due dates, follow-up dates, chase dates), with what a
/// calendar event shows: the iCalendar export's input.
pub fn calendar(conn: &Connection, today: NaiveDate) -> Result<Vec<ics::Entry>> {
    let s = settings(conn)?;
    let (items, deadlines) = walk::open_deadlines(conn, &s, today, None)?;
    let mut out: Vec<ics::Entry> = deadlines
        .iter()
        .map(|(d, i)| {
            let i = &items[*i];
            ics::Entry {
                item_id: i.id,
                reference: i.reference.clone(),
                title: i.title.clone(),
                kind: i.kind,
                counterpart: i.counterpart.clone(),
                agency: i.agency.clone(),
                days_with_counterpart: i.days_with_counterpart,
                deadline: d.deadline,
                deadline_on: d.on,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.deadline_on, &a.reference, a.deadline).cmp(&(b.deadline_on, &b.reference, b.deadline))
    });
    Ok(out)
}

/// The current deadlines of one item (open or not: a closed item has none), each with its
/// reminder state as shown: the item detail, and naming a deadline to snooze or mark done.
pub fn item_reminders(conn: &Connection, id: ItemId, today: NaiveDate) -> Result<Vec<Reminder>> {
    let s = settings(conn)?;
    let row = conn
        .prepare_cached(
            "SELECT seq, kind, status, is_open, due_on, follow_up_on,
                    coalesce(last_prc_on, transmitted_on) AS heard
               FROM item WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, i64>("seq")?,
                r.get::<_, Kind>("kind")?,
                r.get::<_, Status>("status")?,
                r.get::<_, bool>("is_open")?,
                r.get::<_, Option<NaiveDate>>("due_on")?,
                r.get::<_, Option<NaiveDate>>("follow_up_on")?,
                r.get::<_, Option<NaiveDate>>("heard")?,
            ))
        })
        .optional()?
        .ok_or_else(|| Error::NotFound(id.to_string()))?;
    let (seq, kind, status, open, due_on, follow_up_on, heard) = row;
    if !open {
        return Ok(Vec::new());
    }
    let chase = match (s.cadence(kind), heard, status) {
        (Some(every), Some(h), st) if st != Status::AwaitingUs => {
            Some(cadence_on(h, every, &s.leads, today))
        }
        _ => None,
    };
    let info = items_by_seq(conn, std::iter::once(seq), today)?;
    let Some(i) = info.get(&seq) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (deadline, on) in [
        (Deadline::Due, due_on),
        (Deadline::FollowUp, follow_up_on),
        (Deadline::Cadence, chase),
    ] {
        let Some(on) = on else { continue };
        let d = DeadlineOf {
            item: seq,
            deadline,
            on,
        };
        let states = states_of(conn, &[d])?;
        let texts = (i.reference.clone(), i.title.clone());
        out.push(shown(i, texts, &d, states.get(&(seq, on)), &s.leads, today));
    }
    sort(&mut out);
    Ok(out)
}

/// The deadline of an item (named by id or reference) that a person means: its only one,
/// or the one `deadline` names; an error naming the field `deadline` otherwise.
pub fn find_deadline(
    conn: &Connection,
    item: &str,
    deadline: Option<Deadline>,
    today: NaiveDate,
) -> Result<crate::reminders::ReminderKey> {
    let id = crate::db::lookup::find(conn, item)?;
    let current = item_reminders(conn, id, today)?;
    let chosen: Vec<&Reminder> = current
        .iter()
        .filter(|r| deadline.is_none_or(|d| d == r.deadline))
        .collect();
    match chosen.as_slice() {
        [one] => Ok(one.key()),
        [] => Err(Error::field(
            "deadline",
            match deadline {
                Some(deadline) => Problem::NoDeadlineDate {
                    reference: item.to_owned(),
                    deadline,
                },
                None => Problem::NoDeadline {
                    reference: item.to_owned(),
                },
            },
        )),
        many => Err(Error::field(
            "deadline",
            Problem::SeveralDeadlines {
                reference: item.to_owned(),
                deadlines: many
                    .iter()
                    .map(|r| format!("{} {}", r.deadline, r.deadline_on))
                    .collect::<Vec<_>>()
                    .join(", "),
            },
        )),
    }
}
