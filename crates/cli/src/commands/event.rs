//! `counterpart event`: a dated event on an item; prints the event's id.

use crate::args::{date, word};
use crate::context::Context;
use clap::Args;
use counterpart_core::db::items;
use counterpart_core::model::{EventType, NewEvent, RaiseLevel, Side, Status};
use counterpart_core::problem::Problem;
use counterpart_core::validate::parse_date;
use counterpart_core::Error;
use std::io::Write;

#[derive(Debug, Args)]
pub struct EventArgs {
    /// The item: its id or its reference.
    #[arg(value_name = "REF")]
    pub item: String,
    #[arg(long = "type", value_parser = word::<EventType>)]
    pub event_type: EventType,
    /// The date it happened.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub on: String,
    #[arg(long, value_parser = word::<Side>)]
    pub side: Option<Side>,
    /// The new status, for `status` and `closed` events.
    #[arg(long, value_parser = word::<Status>)]
    pub status: Option<Status>,
    #[arg(long)]
    pub note: Option<String>,
    /// The event a `retraction` retracts.
    #[arg(long, value_name = "EVENT_ID")]
    pub retracts: Option<String>,
    /// The new due date, for `due_changed` events.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub due_on: Option<String>,
    /// The level a `raised` event was raised at (required for it).
    #[arg(long, value_parser = word::<RaiseLevel>)]
    pub level: Option<RaiseLevel>,
    /// Where a `raised` event took place (a working-group round, a démarche, a call…).
    #[arg(long)]
    pub venue: Option<String>,
}

pub fn run(ctx: &mut Context, e: EventArgs) -> Result<(), Error> {
    let new = new_event(&e)?;
    let mut db = ctx.open()?;
    let item = items::find(db.conn(), &e.item)?;
    let ev = db.apply(&ctx.author().event_op(item, new))?.into_event()?;
    writeln!(ctx.out, "{}", ev.id)?;
    Ok(())
}

/// The flags as a new event (the first bad one named).
fn new_event(e: &EventArgs) -> Result<NewEvent, Error> {
    let on = parse_date("on", &e.on).map_err(|x| Error::Invalid(vec![x]))?;
    let due_on = date("due_on", &e.due_on).map_err(|x| Error::Invalid(vec![x]))?;
    let retracts = e
        .retracts
        .as_deref()
        .map(|r| {
            r.trim().parse().map_err(|_| {
                Error::field(
                    "retracts",
                    Problem::NotAnEventId {
                        value: r.to_string(),
                    },
                )
            })
        })
        .transpose()?;
    Ok(NewEvent {
        event_type: e.event_type,
        on,
        side: e.side,
        status: e.status,
        due_on,
        retracts,
        note: e.note.clone().unwrap_or_default(),
        level: e.level,
        venue: e.venue.clone(),
    })
}
