//! Deadline reminders: which reminders are due on a day, pure, with `today` passed in.
//! The store's side (reading deadlines and reminder state, recording what fired) is
//! [`crate::db::reminders`]; the window's scheduler and the command line are thin layers
//! over [`crate::db::reminders::check`] and [`crate::db::reminders::upcoming`].
//!
//! ## Deadlines
//!
//! Every **open** item has up to three deadlines ([`Deadline`]): its due date, its next
//! follow-up date, and — when a follow-up cadence is set for its kind — a chase date,
//! [`cadence_on`]: the last PRC response (or the transmission, if none) plus the cadence,
//! repeated every cadence period while no response comes. Items awaiting U.S. information
//! have no chase date (the ball is in the U.S. court). Closed items have no deadlines.
//!
//! A deadline is the triple (item, which deadline, its date): a changed date is another
//! deadline, so its reminders re-arm.
//!
//! ## Lead times and state
//!
//! Each deadline has reminders at the lead times ([`Leads`], by default 7 days before,
//! 1 day before, the day itself) and one more, [`Lead::OVERDUE`], the day after. A reminder
//! is due on `today` when its fire date (deadline − lead) is on or before `today`.
//!
//! Leads fire in a fixed order, so the state of a deadline is one record ([`Stored`]): the
//! latest lead spent and what happened to it (fired, snoozed until a date, done, retired).
//! [`due_lead`] is the whole rule: a deadline has a reminder due when its **current lead**
//! (the latest lead whose fire date has come, [`Leads::current`]) is later than the one
//! spent; a snooze holds every lead of the deadline until its date; done holds for good.
//! Each (item, deadline, date, lead) therefore fires at most once.
//!
//! When several leads of one deadline came due while nothing checked (the program was
//! closed for a week), they are all spent at once and one reminder — the current lead —
//! is reported: "EXT-1 due tomorrow", not also "EXT-1 due in 7 days". Several deadlines due
//! at once are gathered into one notification by [`gather`].
//!
//! ## For the view
//!
//! A [`Reminder`] is one deadline as shown (item, deadline, date, the lead in question, its
//! fire date, its [`ReminderState`]); [`group`] sorts it into overdue, due today, this
//! week (the next 7 days) and later by the **deadline** date. Its words (the group's
//! heading, "overdue by 1 day", "Snoozed until …") and the badge's count are the
//! `shown` module's ([`ShownReminder`], [`badge`]): every face takes them from there.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::model::{ItemId, Kind, UnknownWord};
use crate::validate::{DayRange, FieldError, CADENCE_DAYS};

mod leads;
mod shown;
pub(crate) use leads::add_days;
pub use leads::{Lead, Leads};
pub use shown::{
    badge, gather, group, shown, when_words, when_words_zh, Group, Notification,
    NotificationDetail, ReminderWords, ShownReminder, GATHER_NAMED, NO_TITLE_BODY,
};

/// Which deadline of an item a reminder is for.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deadline {
    /// The item's due date.
    Due,
    /// The item's next follow-up date, entered by hand.
    FollowUp,
    /// The chase date set by the follow-up cadence of the item's kind.
    Cadence,
}

impl Deadline {
    pub const ALL: [Deadline; 3] = [Deadline::Due, Deadline::FollowUp, Deadline::Cadence];

    pub fn as_str(self) -> &'static str {
        match self {
            Deadline::Due => "due",
            Deadline::FollowUp => "follow_up",
            Deadline::Cadence => "cadence",
        }
    }

    /// The word before "today", "tomorrow", "in 3 days": "due", "follow-up", "chase".
    pub fn noun(self) -> &'static str {
        match self {
            Deadline::Due => "due",
            Deadline::FollowUp => "follow-up",
            Deadline::Cadence => "chase",
        }
    }
}

impl fmt::Display for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Deadline {
    type Err = UnknownWord;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Deadline::ALL
            .into_iter()
            .find(|d| d.as_str() == s)
            .ok_or_else(|| UnknownWord {
                what: "deadline",
                word: s.to_owned(),
                allowed: Deadline::ALL.iter().map(|d| d.as_str()).collect(),
            })
    }
}

/// A follow-up cadence: chase items of a kind when the counterpart has been silent this
/// many days.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cadence {
    pub kind: Kind,
    /// Within [`CADENCE_DAYS`].
    pub days: u32,
}

impl Cadence {
    /// The settings field that holds a kind's cadence, also the field named in errors.
    pub fn field(kind: Kind) -> String {
        format!("cadence.{kind}")
    }

    /// Checks a cadence as entered.
    pub fn new(kind: Kind, days: i64) -> Result<Cadence, FieldError> {
        if !CADENCE_DAYS.contains(days) {
            let DayRange { min, max } = CADENCE_DAYS;
            return Err(FieldError::of(
                Cadence::field(kind),
                crate::problem::Problem::NotACadence { days, min, max },
            ));
        }
        Ok(Cadence {
            kind,
            days: days as u32,
        })
    }
}

/// The reminder settings of a database.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReminderSettings {
    pub leads: Leads,
    /// At most one per kind.
    pub cadences: Vec<Cadence>,
}

impl ReminderSettings {
    /// The cadence set for a kind.
    pub fn cadence(&self, kind: Kind) -> Option<u32> {
        self.cadences
            .iter()
            .find(|c| c.kind == kind)
            .map(|c| c.days)
    }
}

/// The chase date that a cadence of `every` days sets for an item last heard from (last
/// PRC response, or transmission) on `last_heard`: `last_heard + k × every`, for the
/// latest period `k ≥ 1` whose first reminder has come by `today` (the first period when
/// none has). So a silent counterpart is chased every period, and a period missed while the
/// program was closed is still reminded of (as overdue) until the next one begins.
pub fn cadence_on(last_heard: NaiveDate, every: u32, leads: &Leads, today: NaiveDate) -> NaiveDate {
    let every = i64::from(every.max(1));
    let reach = (leads.horizon(today) - last_heard).num_days();
    let k = (reach / every).max(1);
    add_days(last_heard, k * every)
}

/// What is stored about a deadline's reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// The reminder at `lead` fired.
    Fired,
    /// Nothing of the deadline fires before this date.
    Snoozed { until: NaiveDate },
    /// Dealt with: nothing of the deadline fires again.
    Done,
    /// The item was closed. Should a retraction reopen it, this counts as nothing stored.
    Retired,
}

/// The stored state of one deadline (a row of the `reminder` table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    /// The latest lead spent (fired, or acted on).
    pub lead: Lead,
    pub mark: Mark,
    pub fired_at: Option<DateTime<Utc>>,
}

/// The lead whose reminder is due on `today` for a deadline on `deadline_on`, given what
/// is stored about it; None when nothing is due. The whole rule:
///
/// - nothing stored (or retired): the current lead, once one has come;
/// - fired at a lead: the current lead if it is a later one than the lead spent;
/// - snoozed: nothing before the snooze date, then the current lead;
/// - done: nothing, ever.
pub fn due_lead(
    leads: &Leads,
    deadline_on: NaiveDate,
    stored: Option<&Stored>,
    today: NaiveDate,
) -> Option<Lead> {
    let current = leads.current(deadline_on, today)?;
    match stored.map(|s| (s.lead, s.mark)) {
        None | Some((_, Mark::Retired)) => Some(current),
        Some((spent, Mark::Fired)) => (current < spent).then_some(current),
        Some((_, Mark::Snoozed { until })) => (until <= today).then_some(current),
        Some((_, Mark::Done)) => None,
    }
}

/// A deadline of one item; `K` names the item (the store uses its row number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DeadlineOf<K> {
    pub item: K,
    pub deadline: Deadline,
    pub on: NaiveDate,
}

/// The deadlines among `deadlines` that have a reminder due on `today`, with its lead.
pub fn due_now<K: Copy>(
    deadlines: &[DeadlineOf<K>],
    stored: impl Fn(&DeadlineOf<K>) -> Option<Stored>,
    leads: &Leads,
    today: NaiveDate,
) -> Vec<(DeadlineOf<K>, Lead)> {
    deadlines
        .iter()
        .filter_map(|d| due_lead(leads, d.on, stored(d).as_ref(), today).map(|l| (*d, l)))
        .collect()
}

/// Names a reminder for snoozing or marking done: the deadline and the lead in question.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ReminderKey {
    pub item_id: ItemId,
    pub deadline: Deadline,
    pub deadline_on: NaiveDate,
    pub lead: Lead,
}

/// The state of a deadline's reminders, as shown.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderState {
    /// Nothing has fired yet (or a snooze has run out and the next check fires it).
    Pending,
    Fired,
    Snoozed,
    Done,
}

impl ReminderState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReminderState::Pending => "pending",
            ReminderState::Fired => "fired",
            ReminderState::Snoozed => "snoozed",
            ReminderState::Done => "done",
        }
    }

    /// How a stored state shows on `today`.
    pub fn of(stored: Option<&Stored>, today: NaiveDate) -> ReminderState {
        match stored.map(|s| s.mark) {
            None | Some(Mark::Retired) => ReminderState::Pending,
            Some(Mark::Fired) => ReminderState::Fired,
            Some(Mark::Snoozed { until }) if until > today => ReminderState::Snoozed,
            Some(Mark::Snoozed { .. }) => ReminderState::Pending,
            Some(Mark::Done) => ReminderState::Done,
        }
    }
}

/// One deadline of one item as the view, the command line and a notification show it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    pub item_id: ItemId,
    pub reference: String,
    pub title: String,
    pub kind: Kind,
    pub deadline: Deadline,
    pub deadline_on: NaiveDate,
    /// The lead in question: the one that fired (from a check), else the current lead, or
    /// the next one to fire when none has come yet.
    pub lead: Lead,
    /// The day the reminder at `lead` fires (fired).
    pub fire_on: NaiveDate,
    pub state: ReminderState,
    pub fired_at: Option<DateTime<Utc>>,
    pub snoozed_until: Option<NaiveDate>,
}

impl Reminder {
    /// The key to snooze it or mark it done with.
    pub fn key(&self) -> ReminderKey {
        ReminderKey {
            item_id: self.item_id,
            deadline: self.deadline,
            deadline_on: self.deadline_on,
            lead: self.lead,
        }
    }

    /// Days from `today` to the deadline: negative when overdue.
    pub fn days_until(&self, today: NaiveDate) -> i64 {
        (self.deadline_on - today).num_days()
    }

    /// Where it comes among reminders as shown: by deadline date, then reference, then
    /// deadline.
    fn order(&self) -> (NaiveDate, &str, Deadline) {
        (self.deadline_on, &self.reference, self.deadline)
    }
}

/// Sorts reminders as shown: by deadline date, then reference, then deadline.
pub fn sort(reminders: &mut [Reminder]) {
    reminders.sort_by(|a, b| a.order().cmp(&b.order()));
}

#[cfg(test)]
mod tests;
