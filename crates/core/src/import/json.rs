//! Checking a JSON export before it is imported: each item's fields, agency, history,
//! and that neither its reference nor its id is taken (in the file or the database).

use rusqlite::Connection;
use std::collections::HashMap;

use crate::db::{agencies, items};
use crate::error::{Result, RowError};
use crate::export::ExportDoc;
use crate::history;
use crate::model::ItemId;
use crate::op::{Author, Change, NewItem, Operation};
use crate::problem::Problem;
use crate::validate::{check_item, FieldError};

/// The operations that import the good items, and the problems of the bad ones.
pub(super) struct Checked {
    /// Each with the position (from 1) of the item it comes from.
    pub ready: Vec<(u64, Operation)>,
    pub errors: Vec<RowError>,
}

pub(super) fn check_json(conn: &Connection, doc: ExportDoc, author: &Author) -> Result<Checked> {
    let mut errors = Vec::new();
    let mut ready = Vec::new();
    let mut seen_refs: HashMap<String, u64> = HashMap::new();
    let mut seen_ids: HashMap<ItemId, u64> = HashMap::new();
    for (n, x) in doc.items.into_iter().enumerate() {
        let pos = n as u64 + 1;
        let mut push = |error: FieldError| {
            errors.push(RowError {
                unit: "item",
                line: pos,
                error,
            })
        };
        let mut fields = x.item.fields;
        let mut errs = check_item(&fields, x.item.transmitted_on);
        match agencies::resolve(conn, &fields.counterpart)? {
            Some(code) => fields.counterpart = code,
            None => errs.push(FieldError::of(
                "counterpart",
                Problem::NotAKnownAgency {
                    value: fields.counterpart.clone(),
                },
            )),
        }
        if items::reference_exists(conn, &fields.reference)? {
            errs.push(FieldError::of(
                "reference",
                Problem::AlreadyInDatabase {
                    value: fields.reference.clone(),
                },
            ));
        }
        if let Some(first) = seen_refs.insert(fields.reference.clone(), pos) {
            errs.push(FieldError::of(
                "reference",
                Problem::TwiceAsItem {
                    value: fields.reference.clone(),
                    first: u32::try_from(first).unwrap_or(u32::MAX),
                },
            ));
        }
        if let Some(first) = seen_ids.insert(x.item.id, pos) {
            errs.push(FieldError::of(
                "id",
                Problem::TwiceAsItem {
                    value: x.item.id.to_string(),
                    first: u32::try_from(first).unwrap_or(u32::MAX),
                },
            ));
        } else if items::get(conn, x.item.id).is_ok() {
            errs.push(FieldError::of(
                "id",
                Problem::AlreadyInDatabase {
                    value: x.item.id.to_string(),
                },
            ));
        }
        let mut events = x.events;
        for ev in &mut events {
            ev.item_id = x.item.id;
        }
        if let Err(h) = history::replay(&events) {
            errs.push(FieldError::of("events", h.problem()));
        }
        if errs.is_empty() {
            ready.push((
                pos,
                author.op(Change::CreateItem(NewItem {
                    item: x.item.id,
                    fields,
                    events,
                    created_at: Some(x.item.created_at),
                    updated_at: Some(x.item.updated_at),
                })),
            ));
            // An archived item comes back archived, as of when it was.
            if let Some(at) = x.item.archived_at {
                let mut archive = author.op(Change::Archive { item: x.item.id });
                archive.at = at;
                ready.push((pos, archive));
            }
        } else {
            errs.into_iter().for_each(&mut push);
        }
    }
    Ok(Checked { ready, errors })
}
