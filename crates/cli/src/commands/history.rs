//! `counterpart history`: an item's audit trail, an erased item's too.

use crate::args::ShowFormat;
use crate::context::Context;
use crate::output;
use clap::Args;
use counterpart_core::db::{audit, items};
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
    let rows = match items::find(db.conn(), &h.item) {
        Ok(id) => audit::history(db.conn(), id)?,
        Err(Error::NotFound(_)) => {
            // An erased item: found in the trail by its id or its reference.
            let rows = match h.item.trim().parse() {
                Ok(id) => audit::history(db.conn(), id)?,
                Err(_) => audit::history_by_reference(db.conn(), h.item.trim())?,
            };
            if rows.is_empty() {
                return Err(Error::NotFound(h.item));
            }
            rows
        }
        Err(e) => return Err(e),
    };
    match h.format {
        ShowFormat::Text => output::history(&mut ctx.out, &rows)?,
        ShowFormat::Json => output::json(&mut ctx.out, &rows)?,
    }
    Ok(())
}
