//! `counterpart stats`: responsiveness per counterpart agency, kind or quarter of
//! transmission (the core's figures, `--today` honoured).

use crate::context::Context;
use crate::output;
use clap::{Args, ValueEnum};
use counterpart_core::db::stats;
use counterpart_core::stats::GroupBy;
use counterpart_core::Error;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatsBy {
    Agency,
    Kind,
    Quarter,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatsFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Group by counterpart agency, kind, or quarter of transmission.
    #[arg(long, value_enum, default_value = "agency")]
    pub by: StatsBy,
    #[arg(long, value_enum, default_value = "table")]
    pub format: StatsFormat,
}

pub fn run(ctx: &mut Context, s: StatsArgs) -> Result<(), Error> {
    let by = match s.by {
        StatsBy::Agency => GroupBy::Agency,
        StatsBy::Kind => GroupBy::Kind,
        StatsBy::Quarter => GroupBy::Quarter,
    };
    let db = ctx.open()?;
    let groups = stats::stats(db.conn(), by, ctx.today)?;
    match s.format {
        StatsFormat::Table => output::stats_table(&mut ctx.out, &groups)?,
        StatsFormat::Json => output::json(&mut ctx.out, &groups)?,
        StatsFormat::Csv => output::stats_csv(&mut ctx.out, &groups)?,
    }
    Ok(())
}
