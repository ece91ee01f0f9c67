//! `counterpart archive` and `counterpart unarchive`: an item out of the lists, briefs and
//! reminders, and back.

use crate::context::Context;
use clap::Args;
use counterpart_core::db::items;
use counterpart_core::op::Change;
use counterpart_core::Error;
use std::io::Write;

#[derive(Debug, Args)]
pub struct ItemArg {
    /// The item: its id or its reference.
    #[arg(value_name = "REF")]
    pub item: String,
}

pub fn run_archive(ctx: &mut Context, a: ItemArg) -> Result<(), Error> {
    let mut db = ctx.open()?;
    let item = items::find(db.conn(), &a.item)?;
    let item = db
        .apply(&ctx.author().op(Change::Archive { item }))?
        .into_item()?;
    writeln!(
        ctx.out,
        "archived {} (bring it back with `counterpart unarchive {}`)",
        item.fields.reference, item.fields.reference
    )?;
    Ok(())
}

pub fn run_unarchive(ctx: &mut Context, a: ItemArg) -> Result<(), Error> {
    let mut db = ctx.open()?;
    let item = items::find(db.conn(), &a.item)?;
    let item = db
        .apply(&ctx.author().op(Change::Unarchive { item }))?
        .into_item()?;
    writeln!(
        ctx.out,
        "restored {} from the archive",
        item.fields.reference
    )?;
    Ok(())
}
