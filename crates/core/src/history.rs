//! From an item's events to its status and the dates the clock needs.
//!
//! Events are replayed in the order of the date they happened, then of their recording,
//! skipping retracted ones. Replaying the whole history after every new event (rather than
//! applying the new one to the stored status) is what lets an event be back-dated, a wrong
//! one be retracted, and two copies' events be merged later: the status always follows
//! from the history and never disagrees with it.

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashSet;

use crate::model::{Event, EventId, EventType, RaiseLevel, Side, Status};
use crate::problem::Problem;

/// A stretch of time in `awaiting_us`; the clock does not count it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Pause {
    pub from: NaiveDate,
    /// `None` while the pause is still open (or the item closed during it).
    pub to: Option<NaiveDate>,
}

/// What an item's history amounts to.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    pub status: Status,
    /// When the item reached `status` (`None` for a draft never moved).
    pub status_on: Option<NaiveDate>,
    pub transmitted_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    /// The latest event on the PRC side.
    pub last_prc_on: Option<NaiveDate>,
    /// The first event on the PRC side after transmission (the first answer).
    pub first_prc_on: Option<NaiveDate>,
    /// How many `raised` events count (retracted ones do not).
    pub raised: u32,
    /// The highest level of those that have one, and the date of the last.
    pub raised_highest: Option<RaiseLevel>,
    pub raised_last_on: Option<NaiveDate>,
    pub pauses: Vec<Pause>,
    /// The due date set by the latest `due_changed` event, if any.
    pub due_on: Option<NaiveDate>,
    pub due_changed: bool,
}

impl Timeline {
    fn draft() -> Self {
        Timeline {
            status: Status::Draft,
            status_on: None,
            transmitted_on: None,
            closed_on: None,
            last_prc_on: None,
            first_prc_on: None,
            raised: 0,
            raised_highest: None,
            raised_last_on: None,
            pauses: Vec::new(),
            due_on: None,
            due_changed: false,
        }
    }

    /// The open pause, if the item is in `awaiting_us` (or closed during a pause).
    pub fn open_pause(&self) -> Option<Pause> {
        self.pauses.last().copied().filter(|p| p.to.is_none())
    }

    /// Whole days of the pauses that have ended.
    pub fn paused_days_completed(&self) -> i64 {
        self.pauses
            .iter()
            .filter_map(|p| p.to.map(|to| (to - p.from).num_days()))
            .sum()
    }
}

/// Why a history cannot stand. Each names the offending event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    #[error("a {event_type} event on {on} comes before the item was transmitted{}", transmitted_on.map(|d| format!(" (on {d})")).unwrap_or_default())]
    BeforeTransmission {
        event: EventId,
        event_type: EventType,
        on: NaiveDate,
        transmitted_on: Option<NaiveDate>,
    },
    #[error("moving from {from} to {to} on {on} is not allowed{}", if from.is_closed() { " (the item is closed)" } else { "" })]
    Transition {
        event: EventId,
        from: Status,
        to: Status,
        on: NaiveDate,
    },
    #[error("a {event_type} event on {on} comes after the item was closed ({status})")]
    AfterClosing {
        event: EventId,
        event_type: EventType,
        on: NaiveDate,
        status: Status,
    },
    #[error("a {event_type} event needs {what}")]
    Missing {
        event: EventId,
        event_type: EventType,
        what: Needed,
    },
    #[error("event {retracts} cannot be retracted: {why}")]
    BadRetraction {
        event: EventId,
        retracts: EventId,
        why: RetractionFault,
    },
}

/// What an event lacks ([`HistoryError::Missing`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Needed {
    #[error("a status")]
    Status,
    #[error("a closed status (fulfilled, partially_fulfilled, declined or withdrawn)")]
    ClosedStatus,
    #[error("the new due date")]
    DueDate,
}

/// Why a retraction cannot stand ([`HistoryError::BadRetraction`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RetractionFault {
    #[error("a retraction must name the event it retracts")]
    Unnamed,
    #[error("it is not an event of this item")]
    NotOfItem,
    #[error("a retraction cannot itself be retracted")]
    IsRetraction,
    #[error("it is already retracted")]
    AlreadyRetracted,
}

impl HistoryError {
    /// The event at fault.
    pub fn event(&self) -> EventId {
        match self {
            HistoryError::BeforeTransmission { event, .. }
            | HistoryError::Transition { event, .. }
            | HistoryError::AfterClosing { event, .. }
            | HistoryError::Missing { event, .. }
            | HistoryError::BadRetraction { event, .. } => *event,
        }
    }

    /// The same, keyed (its English is this error's).
    pub fn problem(&self) -> Problem {
        let day = |d: &NaiveDate| d.to_string();
        match self {
            HistoryError::BeforeTransmission {
                event_type,
                on,
                transmitted_on: None,
                ..
            } => Problem::BeforeTransmission {
                event_type: *event_type,
                on: day(on),
            },
            HistoryError::BeforeTransmission {
                event_type,
                on,
                transmitted_on: Some(tx),
                ..
            } => Problem::BeforeTransmissionOn {
                event_type: *event_type,
                on: day(on),
                transmitted: day(tx),
            },
            HistoryError::Transition { from, to, on, .. } if from.is_closed() => {
                Problem::NotAllowedClosed {
                    from_status: *from,
                    to_status: *to,
                    on: day(on),
                }
            }
            HistoryError::Transition { from, to, on, .. } => Problem::NotAllowed {
                from_status: *from,
                to_status: *to,
                on: day(on),
            },
            HistoryError::AfterClosing {
                event_type,
                on,
                status,
                ..
            } => Problem::AfterClosing {
                event_type: *event_type,
                on: day(on),
                status: *status,
            },
            HistoryError::Missing {
                event_type, what, ..
            } => {
                let event_type = *event_type;
                match what {
                    Needed::Status => Problem::NeedsStatus { event_type },
                    Needed::ClosedStatus => Problem::NeedsClosedStatus { event_type },
                    Needed::DueDate => Problem::NeedsDueDate { event_type },
                }
            }
            HistoryError::BadRetraction { retracts, why, .. } => {
                let retracts = retracts.to_string();
                match why {
                    RetractionFault::Unnamed => Problem::RetractionUnnamed { retracts },
                    RetractionFault::NotOfItem => Problem::RetractsForeign { retracts },
                    RetractionFault::IsRetraction => Problem::RetractsRetraction { retracts },
                    RetractionFault::AlreadyRetracted => Problem::RetractedAlready { retracts },
                }
            }
        }
    }
}

/// Sorts events into the order they count in: date happened, then recorded, then the order
/// given (the order of storing, as `db::items::events` returns them).
pub fn sort_events(events: &mut [Event]) {
    // A stable sort: events of one date recorded at one instant keep the order they were
    // given in, which is the order they were stored in (`seq`), as the store lists them.
    events.sort_by_key(|e| (e.on, e.recorded_at));
}

/// Ids of the events retracted by a retraction in `events`.
pub fn retracted_ids(events: &[Event]) -> HashSet<EventId> {
    events
        .iter()
        .filter(|e| e.event_type == EventType::Retraction)
        .filter_map(|e| e.retracts)
        .collect()
}

/// Replays a history into a [`Timeline`] (sorted here; events of one date and instant
/// count in the order given, which must be the order they were stored in).
pub fn replay(events: &[Event]) -> Result<Timeline, HistoryError> {
    let mut sorted: Vec<Event> = events.to_vec();
    sort_events(&mut sorted);
    check_retractions(&sorted)?;
    let retracted = retracted_ids(&sorted);

    let mut t = Timeline::draft();
    // The open status to return to when a pause ends through `info_provided`.
    let mut resume_to = Status::InProgress;

    for e in sorted
        .iter()
        .filter(|e| e.event_type != EventType::Retraction && !retracted.contains(&e.id))
    {
        // Before transmission only the transmission itself, notes and due dates may be recorded.
        if t.transmitted_on.is_none()
            && !matches!(
                e.event_type,
                EventType::Transmitted | EventType::Note | EventType::DueChanged
            )
        {
            return Err(HistoryError::BeforeTransmission {
                event: e.id,
                event_type: e.event_type,
                on: e.on,
                transmitted_on: first_transmission(&sorted, &retracted),
            });
        }
        if e.side == Side::Prc && t.transmitted_on.is_some() {
            t.last_prc_on = Some(t.last_prc_on.map_or(e.on, |d| d.max(e.on)));
            t.first_prc_on = Some(t.first_prc_on.map_or(e.on, |d| d.min(e.on)));
        }
        if e.event_type == EventType::Raised {
            t.raised += 1;
            t.raised_highest = t.raised_highest.max(e.level);
            t.raised_last_on = t.raised_last_on.max(Some(e.on));
        }
        let closed = t.status.is_closed();
        let after_closing = || HistoryError::AfterClosing {
            event: e.id,
            event_type: e.event_type,
            on: e.on,
            status: t.status,
        };
        match e.event_type {
            EventType::Transmitted => {
                if t.status == Status::Draft {
                    t.transmitted_on = Some(e.on);
                    move_to(&mut t, Status::Transmitted, e.on);
                }
            }
            EventType::Acknowledged => {
                if matches!(t.status, Status::Transmitted) {
                    move_to(&mut t, Status::Acknowledged, e.on);
                }
            }
            EventType::InfoRequested => {
                if closed {
                    return Err(after_closing());
                }
                if t.status != Status::AwaitingUs {
                    resume_to = t.status;
                    move_to(&mut t, Status::AwaitingUs, e.on);
                }
            }
            EventType::InfoProvided => {
                if t.status == Status::AwaitingUs {
                    move_to(&mut t, resume_to, e.on);
                }
            }
            EventType::Status | EventType::Closed => {
                let Some(to) = e.status else {
                    return Err(HistoryError::Missing {
                        event: e.id,
                        event_type: e.event_type,
                        what: if e.event_type == EventType::Closed {
                            Needed::ClosedStatus
                        } else {
                            Needed::Status
                        },
                    });
                };
                if e.event_type == EventType::Closed && !to.is_closed() {
                    return Err(HistoryError::Missing {
                        event: e.id,
                        event_type: e.event_type,
                        what: Needed::ClosedStatus,
                    });
                }
                if !t.status.can_move_to(to) {
                    return Err(HistoryError::Transition {
                        event: e.id,
                        from: t.status,
                        to,
                        on: e.on,
                    });
                }
                if to == Status::AwaitingUs {
                    resume_to = t.status;
                }
                move_to(&mut t, to, e.on);
            }
            EventType::DueChanged => {
                let Some(due) = e.due_on else {
                    return Err(HistoryError::Missing {
                        event: e.id,
                        event_type: e.event_type,
                        what: Needed::DueDate,
                    });
                };
                t.due_on = Some(due);
                t.due_changed = true;
            }
            EventType::Raised | EventType::PrcResponse | EventType::Note => {}
            EventType::Retraction => unreachable!("retractions are filtered out above"),
        }
    }
    Ok(t)
}

/// Replays a history that may hold events no single author recorded together (a team's
/// copies merge their events as a set of facts, TEAM.md): each event that the history
/// would refuse where it falls (a status move after closing, a second retraction of one
/// event…) is left out of the count, earliest first, and named in the second value. The
/// result depends only on the set of events, never on the order they arrived in, so
/// every copy replays the same figures. A history that [`replay`] accepts gives the same
/// timeline and leaves nothing out.
pub fn replay_merged(events: &[Event]) -> (Timeline, Vec<(EventId, HistoryError)>) {
    let mut counted: Vec<Event> = events.to_vec();
    let mut left_out = Vec::new();
    loop {
        match replay(&counted) {
            Ok(t) => return (t, left_out),
            Err(e) => {
                let bad = e.event();
                counted.retain(|x| x.id != bad);
                left_out.push((bad, e));
            }
        }
    }
}

/// Applies a status change on `on`, opening or closing a pause and stopping the clock.
fn move_to(t: &mut Timeline, to: Status, on: NaiveDate) {
    if t.status == Status::AwaitingUs && to != Status::AwaitingUs && !to.is_closed() {
        if let Some(p) = t.pauses.last_mut() {
            p.to = Some(on);
        }
    }
    if to == Status::AwaitingUs && t.status != Status::AwaitingUs {
        t.pauses.push(Pause { from: on, to: None });
    }
    if to.is_closed() {
        t.closed_on = Some(on);
    }
    t.status = to;
    t.status_on = Some(on);
}

fn first_transmission(sorted: &[Event], retracted: &HashSet<EventId>) -> Option<NaiveDate> {
    sorted
        .iter()
        .find(|e| e.event_type == EventType::Transmitted && !retracted.contains(&e.id))
        .map(|e| e.on)
}

fn check_retractions(sorted: &[Event]) -> Result<(), HistoryError> {
    let mut seen = HashSet::new();
    for e in sorted
        .iter()
        .filter(|e| e.event_type == EventType::Retraction)
    {
        let bad = |why| HistoryError::BadRetraction {
            event: e.id,
            retracts: e.retracts.unwrap_or(e.id),
            why,
        };
        let Some(target) = e.retracts else {
            return Err(bad(RetractionFault::Unnamed));
        };
        match sorted.iter().find(|x| x.id == target) {
            None => return Err(bad(RetractionFault::NotOfItem)),
            Some(x) if x.event_type == EventType::Retraction => {
                return Err(bad(RetractionFault::IsRetraction))
            }
            Some(_) => {}
        }
        if !seen.insert(target) {
            return Err(bad(RetractionFault::AlreadyRetracted));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
