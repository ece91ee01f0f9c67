//! `counterpart edit`: changes an item's fields (one operation, audited). Only the flags
//! given change; an empty value (`--notes ""`) clears a field. The kind, the transmitted
//! date and the status follow from the history: record an event to change them.

use crate::context::Context;
use clap::Args;
use counterpart_core::db::items;
use counterpart_core::problem::Problem;
use counterpart_core::schema::ItemDraft;
use counterpart_core::{form, Error};
use std::io::Write;

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The item: its id or its reference.
    #[arg(value_name = "REF")]
    pub item: String,
    #[arg(long)]
    pub title: Option<String>,
    /// A new reference (unique).
    #[arg(long)]
    pub reference: Option<String>,
    /// An agency code or a name.
    #[arg(long)]
    pub counterpart: Option<String>,
    #[command(flatten)]
    pub fields: ItemDraft,
}

pub fn run(ctx: &mut Context, e: EditArgs) -> Result<(), Error> {
    let draft = ItemDraft {
        title: e.title,
        reference: e.reference,
        counterpart: e.counterpart,
        ..e.fields
    };
    let given = draft.values();
    if given.is_empty() {
        return Err(Error::field("fields", Problem::NothingToChange));
    }
    let mut db = ctx.open()?;
    let id = items::find(db.conn(), &e.item)?;
    let op = form::edit_op(db.conn(), id, None, &given, &ctx.author())?;
    let item = db.apply(&op)?.into_item()?;
    writeln!(ctx.out, "edited {}", item.fields.reference)?;
    Ok(())
}
