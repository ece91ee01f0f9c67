//! `counterpart history`: an item's audit trail, an erased item's too.

use crate::args::ShowFormat;
use crate::context::Context;
use crate::output;
use clap::Args;
use counterpart_core::db::audit;
use counterpart_core::Error;

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The item: its id or its reference (an erased item's reference works too).
    #[arg(value_name = "REF")]
    pub item: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ShowFormat,
}

pub fn run(ctx: &mut Context, h: HistoryArgs) -> Result<(), Error> {
    let db = ctx.open()?;
    let rows = audit::history_of(db.conn(), &h.item)?;
    match h.format {
        ShowFormat::Text => output::history(&mut ctx.out, &rows)?,
        ShowFormat::Json => output::json(&mut ctx.out, &rows)?,
    }
    Ok(())
}
