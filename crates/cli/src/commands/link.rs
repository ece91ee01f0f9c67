//! `counterpart link` and `counterpart unlink`: relate two items, or no longer.

use crate::context::Context;
use clap::Args;
use counterpart_core::db::items;
use counterpart_core::form;
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

#[derive(Debug, Args)]
pub struct UnlinkArgs {
    /// The item (id or reference).
    pub item: String,
    /// The item it is linked to (id or reference).
    pub other: String,
    /// The relation of the link to remove (needed only when the two are linked twice).
    #[arg(long)]
    pub relation: Option<String>,
}

/// Removes a link (audited on both items as `unlinked`).
pub fn run_unlink(ctx: &mut Context, u: UnlinkArgs) -> Result<(), Error> {
    let mut db = ctx.open()?;
    let a = items::find(db.conn(), &u.item)?;
    let b = items::find(db.conn(), &u.other)?;
    let op = form::unlink_op(db.conn(), a, b, u.relation.as_deref(), &ctx.author())?;
    db.apply(&op)?;
    writeln!(ctx.out, "unlinked {} from {}", u.item, u.other)?;
    Ok(())
}
