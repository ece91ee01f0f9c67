//! `counterpart show`: one item with its whole history.

use crate::args::ShowFormat;
use crate::context::Context;
use crate::output;
use clap::Args;
use counterpart_core::db::{agencies, items};
use counterpart_core::Error;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The item: its id or its reference.
    #[arg(value_name = "REF")]
    pub item: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ShowFormat,
}

pub fn run(ctx: &mut Context, s: ShowArgs) -> Result<(), Error> {
    let db = ctx.open()?;
    let id = items::find(db.conn(), &s.item)?;
    let view = items::view(db.conn(), id, ctx.today)?;
    match s.format {
        ShowFormat::Text => {
            let agencies = agencies::all(db.conn())?;
            output::show(&mut ctx.out, &view, &agencies)?
        }
        ShowFormat::Json => output::json(&mut ctx.out, &view)?,
    }
    Ok(())
}
