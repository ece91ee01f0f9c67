//! Items from named text values — a row of a CSV file, or the fields of the window's entry
//! form — with every problem named by its field (the CSV column name, which is also the
//! form field's name). One parser for both, so a form and a file accept the same things.

use chrono::NaiveDate;
use rusqlite::Connection;
use std::collections::BTreeMap;

use crate::db::items::{self, Known};
use crate::db::{agencies, Db};
use crate::error::{Error, Result};
use crate::export::CSV_COLUMNS;
use crate::model::{
    Event, EventId, EventType, FlatDetails, Item, ItemFields, ItemId, Kind, NewEvent, Priority,
    RaiseLevel, Side, Status,
};
use crate::op::{Author, Change, Operation};
use crate::problem::Problem;
use crate::validate::{parse_date, FieldError};

/// Named text values: the value of a field by its name, `None` when absent or empty.
pub type Values<'v> = dyn Fn(&str) -> Option<&'v str> + 'v;

/// What named values say about an item.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub fields: ItemFields,
    pub status: Option<Status>,
    pub status_on: Option<NaiveDate>,
    pub transmitted_on: Option<NaiveDate>,
}

/// Reads an item from named values (`get` returns `None` for an empty or absent value).
/// Checks the form of every value and the kind's facts; the order of dates and the
/// uniqueness of the reference are for the caller, who knows the item's history.
pub fn parse<'v>(get: &Values<'v>, agencies: &agencies::Lookup) -> Result<Parsed, Vec<FieldError>> {
    let cell = |name: &str| -> Option<&'v str> { get(name) };
    let mut e: Vec<FieldError> = Vec::new();
    let text = |name: &str| cell(name).map(|s| s.trim().to_owned());
    let date = |e: &mut Vec<FieldError>, name: &str| -> Option<NaiveDate> {
        cell(name).and_then(|s| parse_date(name, s).map_err(|x| e.push(x)).ok())
    };
    fn word<T: std::str::FromStr<Err = crate::model::UnknownWord>>(
        e: &mut Vec<FieldError>,
        name: &str,
        v: Option<&str>,
    ) -> Option<T> {
        v.and_then(|s| {
            s.trim()
                .parse()
                .map_err(|x: crate::model::UnknownWord| e.push(FieldError::of(name, x.problem())))
                .ok()
        })
    }
    let kind: Option<Kind> = word(&mut e, "kind", cell("kind"));
    if cell("kind").is_none() {
        e.push(FieldError::of("kind", crate::problem::Problem::Required));
    }
    let status: Option<Status> = word(&mut e, "status", cell("status"));
    let priority: Option<Priority> = word(&mut e, "priority", cell("priority"));
    let status_on = date(&mut e, "status_on");
    let transmitted_on = date(&mut e, "transmitted_on");
    let due_on = date(&mut e, "due_on");
    let follow_up_on = date(&mut e, "follow_up_on");
    let flat = FlatDetails::from_text(&cell, &mut e);
    let details = kind.and_then(|k| {
        flat.into_details(k)
            .map_err(|stray| e.extend(stray.into_iter().map(|(f, p)| FieldError::of(f, p))))
            .ok()
    });
    let counterpart = text("counterpart").unwrap_or_default();
    let code = if counterpart.is_empty() {
        None
    } else {
        agencies
            .require("counterpart", &counterpart)
            .map_err(|x| e.push(x))
            .ok()
    };
    let (Some(details), true) = (details, e.is_empty()) else {
        return Err(e);
    };
    let fields = ItemFields {
        reference: text("reference").unwrap_or_default(),
        title: text("title").unwrap_or_default(),
        title_zh: text("title_zh"),
        us_agency: text("us_agency"),
        counterpart: code.unwrap_or(counterpart),
        priority: priority.unwrap_or_default(),
        owner: text("owner"),
        notes: cell("notes").map(str::to_owned),
        tags: cell("tags")
            .map(|t| {
                t.split(';')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        due_on,
        follow_up_on,
        details,
    };
    Ok(Parsed {
        fields,
        status,
        status_on,
        transmitted_on,
    })
}

/// The values of a form: empty strings are no value; unknown names are refused.
fn form_values<'a>(
    input: &'a BTreeMap<String, String>,
) -> Result<impl Fn(&str) -> Option<&'a str> + 'a> {
    let unknown: Vec<FieldError> = input
        .keys()
        .filter(|k| !CSV_COLUMNS.contains(&k.as_str()))
        .map(|k| FieldError::of(k, Problem::NotAField))
        .collect();
    if !unknown.is_empty() {
        return Err(Error::Invalid(unknown));
    }
    Ok(move |name: &str| -> Option<&'a str> {
        input
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    })
}

/// The operation that creates an item from the entry form's values (the CSV columns by
/// name). Every problem the values have is named by its field.
pub fn create_op(
    conn: &Connection,
    input: &BTreeMap<String, String>,
    author: &Author,
) -> Result<Operation> {
    let get = form_values(input)?;
    let known = Known::for_one(conn)?;
    parse_row(&known, &get, author).map_err(Error::Invalid)
}

/// Creates an item from the entry form's values.
pub fn create_item(db: &mut Db, input: &BTreeMap<String, String>, author: &Author) -> Result<Item> {
    let op = create_op(db.conn(), input, author)?;
    db.apply(&op)?.into_item()
}

/// The operation that changes an item's fields from named values. Names not given keep
/// their stored value (the command line's `edit` names only what changes; the window sends
/// every field). `version` is the version the user read: if the item changed since, the
/// edit is refused (`Error::Conflict`), never silently overwritten. The kind, the
/// transmitted date and the status follow from the history and are not edited here.
pub fn edit_op(
    conn: &Connection,
    id: ItemId,
    version: Option<i64>,
    input: &BTreeMap<String, String>,
    author: &Author,
) -> Result<Operation> {
    let current = items::get(conn, id)?;
    let _unknown_names_refused = form_values(input)?;
    let given = |f: &str| input.get(f).is_some_and(|v| !v.trim().is_empty());
    let mut errors: Vec<FieldError> = ["status", "status_on", "transmitted_on"]
        .into_iter()
        .filter(|f| given(f))
        .map(|f| FieldError::of(f, Problem::ChangesByEvent))
        .collect();
    if input
        .get("kind")
        .is_some_and(|k| !k.trim().is_empty() && k.trim() != current.fields.kind().as_str())
    {
        errors.push(FieldError::of("kind", Problem::KindFixed));
    }
    let mut values: BTreeMap<String, String> = crate::export::CSV_COLUMNS
        .iter()
        .map(|c| c.to_string())
        .zip(crate::export::csv_row(&current))
        .collect();
    for (k, v) in input {
        values.insert(k.clone(), v.clone());
    }
    values.insert("kind".into(), current.fields.kind().as_str().into());
    for f in ["status", "status_on", "transmitted_on"] {
        values.remove(f);
    }
    let get = form_values(&values)?;
    let lookup = agencies::Lookup::load(conn)?;
    let parsed = match parse(&get, &lookup) {
        Ok(p) => Some(p),
        Err(mut e) => {
            errors.append(&mut e);
            None
        }
    };
    let Some(parsed) = parsed.filter(|_| errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    Ok(author.op(Change::EditFields {
        item: id,
        base_version: version,
        fields: parsed.fields,
    }))
}

/// Changes an item's fields from the form's values (see [`edit_op`]).
pub fn update_item(
    db: &mut Db,
    id: ItemId,
    version: i64,
    input: &BTreeMap<String, String>,
    author: &Author,
) -> Result<Item> {
    let op = edit_op(db.conn(), id, Some(version), input, author)?;
    db.apply(&op)?.into_item()
}

/// An event as the window's form sends it: dates as typed, checked here so that a wrong
/// one is named (`on`, `due_on`).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, serde::Deserialize)]
pub struct EventInput {
    #[serde(rename = "type")]
    pub event_type: EventType,
    pub on: String,
    pub side: Option<Side>,
    pub status: Option<Status>,
    #[serde(default)]
    pub note: String,
    pub due_on: Option<String>,
    pub retracts: Option<EventId>,
    /// A raised event's level and venue.
    #[serde(default)]
    pub level: Option<RaiseLevel>,
    #[serde(default)]
    pub venue: Option<String>,
}

/// The operation that records an event from typed values on the item `id`.
pub fn event_op(id: ItemId, input: EventInput, author: &Author) -> Result<Operation> {
    let mut errors = Vec::new();
    let on = parse_date("on", &input.on).map_err(|e| errors.push(e)).ok();
    let due_on = input
        .due_on
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .and_then(|s| parse_date("due_on", s).map_err(|e| errors.push(e)).ok());
    let (Some(on), true) = (on, errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    let new = NewEvent {
        event_type: input.event_type,
        on,
        side: input.side,
        status: input.status,
        due_on,
        retracts: input.retracts,
        note: input.note,
        level: input.level,
        venue: input.venue,
    };
    Ok(author.event_op(id, new))
}

/// Records an event from the window's form on the item `id`.
pub fn record_event(db: &mut Db, id: ItemId, input: EventInput, author: &Author) -> Result<Event> {
    db.apply(&event_op(id, input, author)?)?.into_event()
}

mod row;
pub mod substance;
pub(crate) use row::{parse_checked, parse_row};

#[cfg(test)]
mod tests;

/// The operation that removes the link between two items. `relation` may be left out
/// when they are linked once; two links between them need it (the error lists them).
pub fn unlink_op(
    conn: &Connection,
    a: ItemId,
    b: ItemId,
    relation: Option<&str>,
    author: &Author,
) -> Result<Operation> {
    let links: Vec<items::LinkedItem> = items::links(conn, a)?
        .into_iter()
        .filter(|l| l.id == b)
        .collect();
    let chosen = match (relation, links.as_slice()) {
        (_, []) => {
            let (x, y) = (items::get(conn, a)?, items::get(conn, b)?);
            return Err(Error::field(
                "link",
                Problem::NotLinked {
                    from: x.fields.reference,
                    to: y.fields.reference,
                },
            ));
        }
        (Some(r), _) => r.to_owned(),
        (None, [one]) => one.relation.clone(),
        (None, many) => {
            return Err(Error::field(
                "relation",
                Problem::LinkedSeveralTimes {
                    count: u32::try_from(many.len()).unwrap_or(u32::MAX),
                    relations: many
                        .iter()
                        .map(|l| format!("`{}`", l.relation))
                        .collect::<Vec<_>>()
                        .join(", "),
                },
            ))
        }
    };
    Ok(author.op(Change::Unlink {
        from: a,
        to: b,
        relation: chosen,
    }))
}
