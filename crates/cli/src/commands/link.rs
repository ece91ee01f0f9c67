//! `counterpart link`: relate two items.

use crate::context::Context;
use clap::Args;
use counterpart_core::db::items;
use counterpart_core::op::Change;
use counterpart_core::Error;
use std::io::Write;

#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The item (id or reference).
    pub item: String,
    /// The item it relates to (id or reference).
    pub other: String,
    #[arg(long, default_value = "related")]
    pub relation: String,
}

pub fn run(ctx: &mut Context, l: LinkArgs) -> Result<(), Error> {
    let mut db = ctx.open()?;
    let from = items::find(db.conn(), &l.item)?;
    let to = items::find(db.conn(), &l.other)?;
    db.apply(&ctx.author().op(Change::Link {
        from,
        to,
        relation: l.relation.clone(),
    }))?;
    writeln!(ctx.out, "linked {} to {} ({})", l.item, l.other, l.relation)?;
    Ok(())
}
