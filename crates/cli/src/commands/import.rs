//! `counterpart import`: items from CSV or a JSON export, all or nothing, after a backup.

use crate::context::Context;
use clap::Args;
use counterpart_core::{import, Error};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A CSV file (columns as in CONTRACT.md) or a JSON file written by `export`.
    pub file: PathBuf,
    /// Check everything and report; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(ctx: &mut Context, i: ImportArgs) -> Result<(), Error> {
    let author = ctx.author();
    let mut db = ctx.open()?;
    let done = import::import_file(&mut db, &i.file, &author, i.dry_run)?;
    if let Some(b) = &done.backup {
        eprintln!("backed up the database to {}", b.display());
    }
    let report = done.report;
    if report.dry_run {
        writeln!(
            ctx.out,
            "dry run: {} item(s) with {} event(s) would be imported; nothing was written",
            report.items, report.events
        )?;
    } else {
        writeln!(
            ctx.out,
            "imported {} item(s) with {} event(s)",
            report.items, report.events
        )?;
    }
    Ok(())
}
