//! Changing items and their histories: the item arms of [`crate::db::apply`] (links and
//! shares are in `links.rs`). Each runs inside the transaction `apply` opened, checks what
//! is particular to its change, writes the rows, keeps the search index in step and
//! appends its audit rows.

use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashSet;

use crate::audit::Action;
use crate::db::{agencies, audit, instant, search, Tx};
use crate::error::{Error, Result};
use crate::history;
use crate::model::{
    Event, EventId, EventType, FlatDetails, Item, ItemFields, ItemId, NewEvent, Status,
};
use crate::op::NewItem;
use crate::raised;
use crate::validate::{check_item, check_text, FieldError, MAX_NOTES};

use super::insert::{self, Inserter, Prepared};
use super::{events, get, history_error, normalized_tags, reference_taken, store_timeline};
use crate::problem::Problem;

/// What a new item is checked against: the agencies, and the references in use — looked
/// up one at a time, or (for a batch of many new items) loaded once and kept in step.
pub(crate) struct Known {
    pub agencies: agencies::Lookup,
    pub references: Option<HashSet<String>>,
}

impl Known {
    /// For a few changes: references are looked up in the store.
    pub fn for_one(conn: &rusqlite::Connection) -> Result<Known> {
        Ok(Known {
            agencies: agencies::Lookup::load(conn)?,
            references: None,
        })
    }

    /// For a batch: every reference in use, in memory.
    pub fn for_batch(conn: &rusqlite::Connection) -> Result<Known> {
        Ok(Known {
            agencies: agencies::Lookup::load(conn)?,
            references: Some(super::all_references(conn)?),
        })
    }

    pub fn reference_taken(&self, conn: &rusqlite::Connection, reference: &str) -> Result<bool> {
        match &self.references {
            Some(set) => Ok(set.contains(reference)),
            None => reference_taken(conn, reference, None),
        }
    }
}

/// Refuses an event dated after `today`: it has not happened. The error names the field
/// the user typed the date in.
pub(crate) fn not_after_today(
    errors: &mut Vec<FieldError>,
    event_type: EventType,
    on: NaiveDate,
    today: NaiveDate,
) {
    if on > today {
        let field = if event_type == EventType::Transmitted {
            "transmitted_on"
        } else {
            "on"
        };
        errors.push(FieldError::of(
            field,
            crate::problem::Problem::AfterToday {
                date: on.to_string(),
                today: today.to_string(),
            },
        ));
    }
}

/// Creates an item with the history it comes with. `inserter` writes it (a batch keeps
/// one for all its items).
pub(crate) fn create(
    tx: &Tx<'_>,
    known: &mut Known,
    inserter: &mut Inserter<'_>,
    n: &NewItem,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Item> {
    let mut fields = n.fields.clone();
    let transmitted_on = n
        .events
        .iter()
        .find(|e| e.event_type == EventType::Transmitted)
        .map(|e| e.on);
    let mut errors = check_item(&fields, transmitted_on);
    if !fields.counterpart.trim().is_empty() {
        match known.agencies.require("counterpart", &fields.counterpart) {
            Ok(code) => fields.counterpart = code,
            Err(e) => errors.push(e),
        }
    }
    if !fields.reference.trim().is_empty() && known.reference_taken(tx, &fields.reference)? {
        errors.push(FieldError::of(
            "reference",
            crate::problem::Problem::ReferenceTaken {
                reference: fields.reference.clone(),
            },
        ));
    }
    if tx
        .prepare_cached("SELECT 1 FROM item WHERE id = ?1")?
        .exists([n.item])?
    {
        errors.push(FieldError::of(
            "id",
            Problem::AlreadyInDatabase {
                value: n.item.to_string(),
            },
        ));
    }
    for e in &n.events {
        if e.item_id != n.item {
            errors.push(FieldError::of(
                "events",
                Problem::EventOfAnotherItem {
                    event: e.id.to_string(),
                },
            ));
        }
        not_after_today(&mut errors, e.event_type, e.on, today);
        raised::check_recorded(&mut errors, e);
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let created = n.created_at.unwrap_or(now);
    let p = Prepared::new(
        n.item,
        fields,
        n.events.clone(),
        created,
        n.updated_at.unwrap_or(created),
    )?;
    inserter.insert(&p)?;
    if let Some(set) = &mut known.references {
        set.insert(p.fields.reference.clone());
    }
    Ok(p.item())
}

/// Checks an event against its type (a status event needs its status…) and the item.
fn check_event(new: &NewEvent, current: &Item, today: NaiveDate) -> Vec<FieldError> {
    let mut errors = Vec::new();
    check_text(&mut errors, "note", &new.note, MAX_NOTES, true);
    let mut needs = |ok: bool, field: &str, problem: Problem| {
        if !ok {
            errors.push(FieldError::of(field, problem));
        }
    };
    match new.event_type {
        EventType::Retraction => {
            needs(
                new.retracts.is_some(),
                "retracts",
                Problem::RetractionNeedsTarget,
            );
            needs(
                !new.note.trim().is_empty(),
                "note",
                Problem::RetractionNeedsReason,
            );
        }
        EventType::Status => needs(
            new.status.is_some(),
            "status",
            Problem::StatusEventNeedsStatus,
        ),
        EventType::Closed => needs(
            new.status.is_some_and(Status::is_closed),
            "status",
            Problem::ClosedEventNeedsClosedStatus,
        ),
        EventType::DueChanged => {
            needs(new.due_on.is_some(), "due_on", Problem::DueChangedNeedsDate)
        }
        EventType::Transmitted
        | EventType::Acknowledged
        | EventType::InfoRequested
        | EventType::InfoProvided
        | EventType::Raised
        | EventType::PrcResponse
        | EventType::Note => {}
    }
    if new.status.is_some() && !matches!(new.event_type, EventType::Status | EventType::Closed) {
        errors.push(FieldError::of(
            "status",
            Problem::SetsNoStatus {
                event_type: new.event_type,
            },
        ));
    }
    raised::check_new(&mut errors, new);
    if new.retracts.is_some() && new.event_type != EventType::Retraction {
        errors.push(FieldError::of("retracts", Problem::OnlyRetractionRetracts));
    }
    if let (Some(due), Some(tx)) = (new.due_on, current.transmitted_on) {
        if due < tx {
            errors.push(FieldError::of(
                "due_on",
                crate::validate::before_transmitted(due, tx),
            ));
        }
    }
    // A draft's dates may have been set before it went out: transmitting it after its due
    // or follow-up date would make an item that no form, CSV or JSON import accepts (and
    // so an export that could not be restored). The date is to be moved first.
    if new.event_type == EventType::Transmitted {
        let f = &current.fields;
        for (field, date) in [("due_on", f.due_on), ("follow_up_on", f.follow_up_on)] {
            if let Some(d) = date.filter(|d| *d < new.on) {
                errors.push(FieldError::of(
                    field,
                    Problem::DueBeforeTransmitted {
                        date: d.to_string(),
                        transmitted: new.on.to_string(),
                    },
                ));
            }
        }
    }
    not_after_today(&mut errors, new.event_type, new.on, today);
    errors
}

/// Records an event on an item. The whole history is replayed with it; if it would not
/// stand (a move the transition table refuses, an event before transmission…) nothing is
/// written — unless it is `merged`: an event a teammate recorded, pulled from the team's
/// server, which is a fact whatever this copy's history says (see [`merged_timeline`]).
#[allow(clippy::too_many_arguments)]
pub(crate) fn record_event(
    tx: &Tx<'_>,
    item: ItemId,
    event: EventId,
    new: &NewEvent,
    now: DateTime<Utc>,
    today: NaiveDate,
    user: Option<&str>,
    merged: bool,
) -> Result<Event> {
    let current = get(tx, item)?;
    let errors = check_event(new, &current, today);
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    if tx
        .prepare_cached("SELECT 1 FROM event WHERE id = ?1")?
        .exists([event])?
    {
        return Err(Error::field(
            "id",
            Problem::EventRecorded {
                event: event.to_string(),
            },
        ));
    }
    let event = Event {
        id: event,
        item_id: item,
        event_type: new.event_type,
        on: new.on,
        recorded_at: now,
        recorded_by: user.map(str::to_owned),
        side: new.side.unwrap_or(new.event_type.default_side()),
        status: new.status,
        due_on: new.due_on,
        retracts: new.retracts,
        note: new.note.clone(),
        level: new.level,
        venue: raised::venue(new.venue.as_deref()),
    };
    let mut all = events(tx, item)?;
    all.push(event.clone());
    let timeline = match history::replay(&all) {
        Ok(t) => t,
        Err(e) => merged_timeline(&all, e, merged)?,
    };
    insert::insert_event_raw(tx, &event)?;
    store_timeline(tx, item, &timeline, now)?;
    audit::Appender::new(tx, now, user)?.append(
        item,
        &current.fields.reference,
        Action::EventRecorded,
        Some(event.event_type.as_str()),
        None,
        Some(&audit::event_summary(&event)),
    )?;
    Ok(event)
}

/// The timeline of a history that [`history::replay`] refused (with `refused`) once the
/// newest event (last in `all`) was added. A team's copies hold the events of several
/// authors, merged as a set, and some may not count where they fall
/// ([`history::replay_merged`]); the new event is refused only if it is one more that would
/// not count (or makes an earlier one stop counting) — in a database of one author, where
/// every event counts, exactly when `replay` refuses it. A `merged` event (pulled from the
/// team) is never refused: every copy counts the same set the same way.
fn merged_timeline(
    all: &[Event],
    refused: history::HistoryError,
    merged: bool,
) -> Result<history::Timeline> {
    let before = history::replay_merged(&all[..all.len() - 1]).1;
    if before.is_empty() && !merged {
        return Err(history_error(refused));
    }
    let (timeline, after) = history::replay_merged(all);
    if !merged && after.len() != before.len() {
        let left_out: HashSet<EventId> = before.iter().map(|(id, _)| *id).collect();
        let counted: Vec<Event> = all
            .iter()
            .filter(|e| !left_out.contains(&e.id))
            .cloned()
            .collect();
        return Err(match history::replay(&counted) {
            Err(e) => history_error(e),
            Ok(_) => history_error(refused),
        });
    }
    Ok(timeline)
}

/// Changes an item's fields (not its kind or history). With `version`, refused as a
/// conflict if the item changed since that version. Each changed field is audited
/// (`edited`, old and new value as stored).
pub(crate) fn update(
    tx: &Tx<'_>,
    id: ItemId,
    version: Option<i64>,
    fields: &ItemFields,
    now: DateTime<Utc>,
    user: Option<&str>,
) -> Result<(Item, Vec<&'static str>)> {
    let current = get(tx, id)?;
    if let Some(version) = version.filter(|v| *v != current.version) {
        return Err(Error::Conflict {
            reference: current.fields.reference,
            read: version,
            stored: current.version,
        });
    }
    let mut fields = fields.clone();
    let mut errors = Vec::new();
    if fields.kind() != current.fields.kind() {
        errors.push(FieldError::of("kind", crate::problem::Problem::KindFixed));
    }
    errors.extend(check_item(&fields, current.transmitted_on));
    if !fields.counterpart.trim().is_empty() {
        match agencies::resolve(tx, &fields.counterpart)? {
            Some(code) => fields.counterpart = code,
            None => {
                if let Err(Error::Invalid(mut e)) =
                    agencies::require(tx, "counterpart", &fields.counterpart)
                {
                    errors.append(&mut e);
                }
            }
        }
    }
    if fields.reference != current.fields.reference
        && reference_taken(tx, &fields.reference, Some(id))?
    {
        errors.push(FieldError::of(
            "reference",
            crate::problem::Problem::ReferenceTaken {
                reference: fields.reference.clone(),
            },
        ));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let seq: i64 = tx
        .prepare_cached("SELECT seq FROM item WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    search::unindex_raw(tx, seq, &current.fields)?;
    let d = FlatDetails::from(&fields.details);
    let tags = normalized_tags(&fields.tags);
    let updated = instant(now);
    let editable = insert::Editable::new(&fields, &d, &tags, &updated);
    let old_d = FlatDetails::from(&current.fields.details);
    let old_tags = normalized_tags(&current.fields.tags);
    let old = insert::Editable::new(&current.fields, &old_d, &old_tags, &updated);
    let changes = insert::changed_columns(&old, &editable)?;
    let mut values: Vec<&dyn rusqlite::ToSql> = vec![&id];
    values.extend(editable.params());
    tx.prepare_cached(&insert::UPDATE_ITEM)?
        .execute(values.as_slice())?;
    search::index_raw(tx, seq, &fields)?;
    let mut trail = audit::Appender::new(tx, now, user)?;
    for (column, before, after) in &changes {
        trail.append(
            id,
            &fields.reference,
            Action::Edited,
            Some(column),
            before.as_deref(),
            after.as_deref(),
        )?;
    }
    Ok((
        get(tx, id)?,
        changes.into_iter().map(|(c, _, _)| c).collect(),
    ))
}
