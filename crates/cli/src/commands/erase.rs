//! `counterpart erase`: an item gone for good (the audit trail keeps a record of it).

use crate::context::Context;
use clap::Args;
use counterpart_core::db::apply::Applied;
use counterpart_core::db::items;
use counterpart_core::op::Change;
use counterpart_core::Error;
use std::io::Write;

#[derive(Debug, Args)]
pub struct EraseArgs {
    /// The item: its id or its reference.
    #[arg(value_name = "REF")]
    pub item: String,
    /// Confirms the erase (required: it cannot be undone).
    #[arg(long, required = true)]
    pub yes: bool,
}

pub fn run(ctx: &mut Context, e: EraseArgs) -> Result<(), Error> {
    let mut db = ctx.open()?;
    let item = items::find(db.conn(), &e.item)?;
    let Applied::Erased(erased) = db.apply(&ctx.author().op(Change::Erase { item }))? else {
        unreachable!("an erase answers with what it erased")
    };
    writeln!(
        ctx.out,
        "erased {} ({}, {} event(s)); the audit trail keeps a record of it",
        erased.reference, erased.kind, erased.events
    )?;
    Ok(())
}
