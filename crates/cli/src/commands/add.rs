//! `counterpart add`: an item from flags; prints its id. The flags are the fields of the
//! core's [`ItemDraft`] (named as the CSV columns), read by the same parser as a CSV row
//! or the window's form; `edit` shares every flag but `--kind`.

use crate::args::word;
use crate::context::Context;
use clap::Args;
use counterpart_core::form;
use counterpart_core::model::Kind;
use counterpart_core::schema::ItemDraft;
use counterpart_core::Error;
use std::io::Write;

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long, value_parser = word::<Kind>)]
    pub kind: Kind,
    #[arg(long)]
    pub title: String,
    #[arg(long)]
    pub reference: String,
    /// An agency code (MPS, NNCC, SPP, MOJ, MFA, MOFCOM, NMPA, GACC, PBOC, CAC) or a name.
    #[arg(long)]
    pub counterpart: String,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub transmitted_on: Option<String>,
    #[command(flatten)]
    pub fields: ItemDraft,
}

pub fn run(ctx: &mut Context, a: AddArgs) -> Result<(), Error> {
    let draft = ItemDraft {
        kind: Some(a.kind),
        title: Some(a.title),
        reference: Some(a.reference),
        counterpart: Some(a.counterpart),
        transmitted_on: a.transmitted_on,
        ..a.fields
    };
    let mut db = ctx.open()?;
    let op = form::create_op(db.conn(), &draft.values(), &ctx.author())?;
    let item = db.apply(&op)?.into_item()?;
    writeln!(ctx.out, "{}", item.id)?;
    Ok(())
}
