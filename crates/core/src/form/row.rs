//! One row of named values — a CSV row, the entry form, the command line's flags — into the
//! operation that creates its item, with the history its status implies.

use chrono::NaiveDate;

use crate::db::items::{self, Known, Prepared};
use crate::error::Error;
use crate::model::{Event, EventType, ItemId, Status};
use crate::op::{Author, Change, NewItem, Operation};
use crate::problem::Problem;
use crate::validate::{check_item, FieldError};

/// Parses and checks one row (or the entry form's values) into the operation that creates
/// its item. Errors name the column.
pub(crate) fn parse_row<'v>(
    known: &Known,
    get: &super::Values<'v>,
    author: &Author,
) -> Result<Operation, Vec<FieldError>> {
    parse_checked(known, get, author).map(|(op, _)| op)
}

/// [`parse_row`], with the item's rows worked out ready to write (a bulk import prepares
/// them on the thread that reads the file, and [`crate::db::apply`] only writes them).
pub(crate) fn parse_checked<'v>(
    known: &Known,
    get: &super::Values<'v>,
    author: &Author,
) -> Result<(Operation, Prepared), Vec<FieldError>> {
    let super::Parsed {
        fields,
        status,
        status_on,
        transmitted_on,
    } = super::parse(get, &known.agencies)?;
    let mut e = check_item(&fields, transmitted_on);
    if known
        .references
        .as_ref()
        .is_some_and(|r| r.contains(&fields.reference))
    {
        e.push(FieldError::of(
            "reference",
            Problem::AlreadyInDatabase {
                value: fields.reference.clone(),
            },
        ));
    }
    let id = author.item_id();
    let events = match status_events(id, status, status_on, transmitted_on, author) {
        Ok(ev) => ev,
        Err(x) => {
            e.extend(x);
            Vec::new()
        }
    };
    for ev in &events {
        let mut late = Vec::new();
        items::write::not_after_today(&mut late, ev.event_type, ev.on, author.today);
        // The history a CSV row implies is a transmission and one later event: of what
        // can go wrong in it, a date is the row's `status_on`.
        e.extend(late.into_iter().map(|mut f| {
            if f.field == "on" {
                f.field = "status_on".into();
            }
            f
        }));
    }
    let prepared = match Prepared::new(id, fields.clone(), events.clone(), author.now, author.now) {
        Ok(p) if e.is_empty() => p,
        Ok(_) => return Err(e),
        Err(Error::Invalid(v)) => {
            e.extend(v.into_iter().map(|mut x| {
                if x.field == "on" {
                    x.field = "status_on".into();
                }
                x
            }));
            return Err(e);
        }
        Err(other) => {
            return Err(vec![FieldError::of(
                "row",
                Problem::RowFailed {
                    detail: other.to_string(),
                },
            )])
        }
    };
    let op = author.op(Change::CreateItem(NewItem {
        item: id,
        fields,
        events,
        created_at: None,
        updated_at: None,
    }));
    Ok((op, prepared))
}

/// The events a CSV row's status implies: the transmission, then the event that brought
/// the item to its status on `status_on`.
fn status_events(
    id: ItemId,
    status: Option<Status>,
    status_on: Option<NaiveDate>,
    transmitted_on: Option<NaiveDate>,
    author: &Author,
) -> Result<Vec<Event>, Vec<FieldError>> {
    let ev = |t: EventType, on: NaiveDate, status: Option<Status>| Event {
        status,
        ..author.event(id, t, on)
    };
    let status = status.unwrap_or(if transmitted_on.is_some() {
        Status::Transmitted
    } else {
        Status::Draft
    });
    let mut out = Vec::new();
    match (status, transmitted_on) {
        (Status::Draft, None) => {
            if status_on.is_some() {
                return Err(vec![FieldError::of(
                    "status_on",
                    Problem::DraftNoStatusDate,
                )]);
            }
        }
        (Status::Draft, Some(_)) => {
            return Err(vec![FieldError::of(
                "transmitted_on",
                Problem::DraftNotTransmitted,
            )]);
        }
        (_, None) => {
            return Err(vec![FieldError::of(
                "transmitted_on",
                Problem::RequiredForStatus { status },
            )]);
        }
        (Status::Transmitted, Some(tx)) => {
            if status_on.is_some_and(|s| s != tx) {
                return Err(vec![FieldError::of(
                    "status_on",
                    Problem::StatusOnIsTransmitted {
                        transmitted: tx.to_string(),
                    },
                )]);
            }
            out.push(ev(EventType::Transmitted, tx, None));
        }
        (later, Some(tx)) => {
            let Some(on) = status_on else {
                return Err(vec![FieldError::of(
                    "status_on",
                    Problem::StatusDateRequired { status: later },
                )]);
            };
            if on < tx {
                return Err(vec![FieldError::of(
                    "status_on",
                    crate::validate::before_transmitted(on, tx),
                )]);
            }
            out.push(ev(EventType::Transmitted, tx, None));
            out.push(match later {
                Status::Acknowledged => ev(EventType::Acknowledged, on, None),
                Status::AwaitingUs => ev(EventType::InfoRequested, on, None),
                Status::InProgress => ev(EventType::Status, on, Some(Status::InProgress)),
                Status::Fulfilled
                | Status::PartiallyFulfilled
                | Status::Declined
                | Status::Withdrawn => ev(EventType::Closed, on, Some(later)),
                Status::Draft | Status::Transmitted => unreachable!("handled above"),
            });
        }
    }
    Ok(out)
}
