//! `counterpart agency list` and `counterpart agency add`: the counterpart agencies.

use crate::context::Context;
use clap::{Args, Subcommand};
use counterpart_core::db::agencies;
use counterpart_core::db::apply::Applied;
use counterpart_core::op::Change;
use counterpart_core::Error;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum AgencyCommand {
    /// List the counterpart agencies.
    List,
    /// Add a counterpart agency.
    Add(AgencyAddArgs),
}

#[derive(Debug, Args)]
pub struct AgencyAddArgs {
    #[arg(long)]
    pub code: String,
    #[arg(long)]
    pub name_en: String,
    #[arg(long)]
    pub name_zh: String,
}

pub fn run(ctx: &mut Context, command: AgencyCommand) -> Result<(), Error> {
    match command {
        AgencyCommand::List => {
            let db = ctx.open()?;
            for a in agencies::all(db.conn())? {
                writeln!(ctx.out, "{:<8} {}  {}", a.code, a.name_en, a.name_zh)?;
            }
        }
        AgencyCommand::Add(a) => {
            let mut db = ctx.open()?;
            let op = ctx.author().op(Change::AddAgency {
                code: a.code,
                name_en: a.name_en,
                name_zh: a.name_zh,
            });
            let Applied::Agency(added) = db.apply(&op)? else {
                unreachable!("adding an agency answers with the agency")
            };
            writeln!(ctx.out, "{}", added.code)?;
        }
    }
    Ok(())
}
