//! `counterpart link`: relate two items.

use crate::context::Context;
use clap::Args;
use counterpart_core::db::items;
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
    db.write(|tx| {
        let from = items::find(tx, &l.item)?;
        let to = items::find(tx, &l.other)?;
        items::link_raw(tx, from, to, &l.relation, ctx.now, ctx.user())
    })?;
    writeln!(ctx.out, "linked {} to {} ({})", l.item, l.other, l.relation)?;
    Ok(())
}
