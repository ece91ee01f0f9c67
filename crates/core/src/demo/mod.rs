//! A demo database: a few dozen realistic items with their histories, for trying the
//! program, screenshots and training.
//!
//! The items are data, in `demo.json` (embedded at build time): one block an item, with
//! its fields, its events in the order they are recorded, and its links. Every date in it
//! is a number of days from the `today` given (negative: before it), so that the figures
//! look alive whatever the date: items sent years ago and never answered, items waiting
//! on the U.S. side, items closed, deadlines passed and deadlines coming up. References
//! and case numbers take their year from a date too: `{year -1500}` is the year of the
//! date 1,500 days before today, `{yy -1520}` its last two digits.
//!
//! Making the demo has three steps: `File` is the file as written; `resolve` turns each
//! of its items into a `Resolved` one (concrete dates, references and kind facts,
//! retractions by position); `write` records them. Only `write` touches the database.
//!
//! The people and companies are fictional; the PRC agencies, U.S. agencies, chemicals
//! and their CAS numbers are real. Nothing here is random: the same `today` always gives
//! the same content.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::de::IgnoredAny;
use serde::Deserialize;
use std::collections::HashMap;

use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{
    EventType, FlatDetails, ItemFields, Kind, NewEvent, OwnerSide, Priority, RaiseLevel, Side,
    Status, SubstanceClass,
};
use crate::op::{Author, Change, Operation};
use crate::problem::Problem;
use crate::validate::FieldError;

/// The demo's items, as written.
const DEMO: &str = include_str!("demo.json");

/// The user the demo's items, events and links are recorded by.
const USER: &str = "demo";

/// Fills an empty database with a few dozen realistic items and their histories, dated
/// relative to `today` so that the figures look alive whatever the date.
pub fn populate(db: &mut Db, today: NaiveDate, now: DateTime<Utc>) -> Result<()> {
    let file: File = serde_json::from_str(DEMO)?;
    let demo = file
        .items
        .into_iter()
        .map(|entry| resolve(entry, today))
        .collect::<Result<Vec<_>>>()?;
    db.apply_all(&operations(
        &demo,
        &Author::new(now, today, Some(USER.into())),
    )?)?;
    Ok(())
}

/// `demo.json`: a note to its reader, and the items.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(rename = "about")]
    _about: IgnoredAny,
    items: Vec<Entry>,
}

/// One item as written: the fields of `ItemFields` (the kind's facts flat, as in the
/// CSV), dates as days from today (named without `_on`), and its history.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    /// What the item shows in the demo; for the reader of the file.
    #[serde(rename = "comment")]
    _comment: Option<IgnoredAny>,
    reference: String,
    kind: Kind,
    title: String,
    title_zh: Option<String>,
    counterpart: String,
    us_agency: Option<String>,
    #[serde(default)]
    priority: Priority,
    owner: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    /// `None`: a draft.
    transmitted: Option<i64>,
    due: Option<i64>,
    follow_up: Option<i64>,
    subject: Option<String>,
    subject_zh: Option<String>,
    charges: Option<String>,
    district: Option<String>,
    provisional_arrest: Option<bool>,
    case_number: Option<String>,
    defendants: Option<String>,
    unsealed: Option<i64>,
    substance: Option<String>,
    cas_number: Option<String>,
    substance_class: Option<SubstanceClass>,
    us_control_status: Option<String>,
    prc_control_status: Option<String>,
    prc_controlled: Option<i64>,
    forum: Option<String>,
    agreed: Option<i64>,
    owner_side: Option<OwnerSide>,
    text_en: Option<String>,
    text_zh: Option<String>,
    notes: Option<String>,
    #[serde(default)]
    events: Vec<EntryEvent>,
    #[serde(default)]
    links: Vec<EntryLink>,
}

/// An event as written; `side` left out is the type's default.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryEvent {
    #[serde(rename = "type")]
    event_type: EventType,
    on: i64,
    side: Option<Side>,
    status: Option<Status>,
    due: Option<i64>,
    /// The retracted event's place in the item's list, counted from 1.
    retracts: Option<usize>,
    /// A raised event's level and venue.
    level: Option<RaiseLevel>,
    venue: Option<String>,
    note: String,
}

/// A link to an item written before it, named by its reference.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryLink {
    to: String,
    relation: String,
}

/// One item of the demo with everything worked out: what `write` records.
/// An item as the demo enters it: its fields and when it was transmitted (None: a draft).
struct NewItem {
    fields: ItemFields,
    transmitted_on: Option<NaiveDate>,
}

struct Resolved {
    item: NewItem,
    /// In the order they are recorded, after the transmission.
    events: Vec<ResolvedEvent>,
    /// The other items' references worked out.
    links: Vec<EntryLink>,
}

struct ResolvedEvent {
    /// With `retracts` unset: the id is known only once the event retracted is recorded.
    event: NewEvent,
    /// The index in `Resolved::events` of the (earlier) event this one retracts.
    retracts: Option<usize>,
}

/// An item of the file as of `today`.
fn resolve(e: Entry, today: NaiveDate) -> Result<Resolved> {
    let day = |n: Option<i64>| n.map(|n| today + Duration::days(n));
    let reference = years(&e.reference, today)?;
    // The demo gives the facts it uses; a fact it has no data for stays unset.
    #[allow(clippy::needless_update)]
    let facts = FlatDetails {
        subject: e.subject,
        subject_zh: e.subject_zh,
        charges: e.charges,
        district: e.district,
        provisional_arrest: e.provisional_arrest,
        case_number: e.case_number.map(|c| years(&c, today)).transpose()?,
        defendants: e.defendants,
        unsealed_on: day(e.unsealed),
        substance: e.substance,
        cas_number: e.cas_number,
        substance_class: e.substance_class,
        us_control_status: e.us_control_status,
        prc_control_status: e.prc_control_status,
        prc_controlled_on: day(e.prc_controlled),
        forum: e.forum,
        agreed_on: day(e.agreed),
        owner_side: e.owner_side,
        text_en: e.text_en,
        text_zh: e.text_zh,
        ..FlatDetails::default()
    };
    let details = facts.into_details(e.kind).map_err(|stray| {
        let errors = stray.into_iter().map(|(field, why)| {
            FieldError::of(
                field,
                Problem::DemoItem {
                    reference: reference.to_string(),
                    detail: why.to_string(),
                },
            )
        });
        Error::Invalid(errors.collect())
    })?;
    let events = e
        .events
        .into_iter()
        .enumerate()
        .map(|(i, ev)| {
            let retracts = match ev.retracts {
                None => None,
                Some(n) if (1..=i).contains(&n) => Some(n - 1),
                Some(n) => Err(Error::field(
                    "retracts",
                    Problem::DemoNoEarlierEvent {
                        reference: reference.to_string(),
                        n: u32::try_from(n).unwrap_or(u32::MAX),
                    },
                ))?,
            };
            let mut event = NewEvent::new(ev.event_type, today + Duration::days(ev.on));
            event.side = ev.side;
            event.status = ev.status;
            event.due_on = day(ev.due);
            event.note = ev.note;
            event.level = ev.level;
            event.venue = ev.venue;
            Ok(ResolvedEvent { event, retracts })
        })
        .collect::<Result<_>>()?;
    let mut links = e.links;
    for l in &mut links {
        l.to = years(&l.to, today)?;
    }
    let fields = ItemFields {
        reference,
        title: e.title,
        title_zh: e.title_zh,
        us_agency: e.us_agency,
        counterpart: e.counterpart,
        priority: e.priority,
        owner: e.owner,
        notes: e.notes,
        tags: e.tags,
        due_on: day(e.due),
        follow_up_on: day(e.follow_up),
        details,
    };
    Ok(Resolved {
        item: NewItem {
            fields,
            transmitted_on: day(e.transmitted),
        },
        events,
        links,
    })
}

/// `text` with each `{year N}` replaced by the year of the date `N` days from `today`,
/// and each `{yy N}` by that year's last two digits.
fn years(text: &str, today: NaiveDate) -> Result<String> {
    let bad = || {
        Error::field(
            "reference",
            Problem::DemoBadPlaceholder {
                text: text.to_owned(),
            },
        )
    };
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let (inside, after) = rest[start + 1..].split_once('}').ok_or_else(bad)?;
        let (unit, n) = inside.split_once(' ').ok_or_else(bad)?;
        let year = (today + Duration::days(n.parse().map_err(|_| bad())?)).year();
        match unit {
            "year" => out.push_str(&year.to_string()),
            "yy" => out.push_str(&format!("{:02}", year.rem_euclid(100))),
            _ => return Err(bad()),
        }
        rest = after;
    }
    out.push_str(rest);
    Ok(out)
}

/// The demo as operations, item by item: the item (with its transmission), its events in
/// order, then its links to items recorded before it. Applied together, all or nothing.
fn operations(demo: &[Resolved], author: &Author) -> Result<Vec<Operation>> {
    let mut ops = Vec::new();
    let mut ids = HashMap::new();
    for r in demo {
        let create = author.create_item(r.item.fields.clone(), r.item.transmitted_on);
        let item = create.item().expect("a new item has an id");
        ids.insert(r.item.fields.reference.clone(), item);
        ops.push(create);
        let mut recorded = Vec::with_capacity(r.events.len());
        for e in &r.events {
            let mut input = e.event.clone();
            input.retracts = e.retracts.map(|i| recorded[i]);
            let op = author.event_op(item, input);
            recorded.push(match &op.change {
                Change::RecordEvent { event, .. } | Change::Retract { event, .. } => *event,
                _ => unreachable!("an event operation"),
            });
            ops.push(op);
        }
        for l in &r.links {
            let Some(&to) = ids.get(&l.to) else {
                return Err(Error::field(
                    "links",
                    Problem::DemoLinksLater {
                        from: r.item.fields.reference.clone(),
                        to: l.to.to_string(),
                    },
                ));
            };
            ops.push(author.op(Change::Link {
                from: item,
                to,
                relation: l.relation.clone(),
            }));
        }
    }
    Ok(ops)
}

#[cfg(test)]
mod tests;
