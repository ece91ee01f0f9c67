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
    // The same two steps as the window's: the preview (a dry run), or the import.
    if i.dry_run {
        let preview = import::preview(&mut db, &i.file, &author, &mut |_| {})?;
        if let Some(refused) = preview.refusal() {
            return Err(refused);
        }
        writeln!(
            ctx.out,
            "dry run: {} item(s) with {} event(s) would be imported; nothing was written",
            preview.items, preview.events
        )?;
        return Ok(());
    }
    let done = import::import_file(&mut db, &i.file, &author, &mut |_| {})?;
    eprintln!("backed up the database to {}", done.backup.display());
    writeln!(
        ctx.out,
        "imported {} item(s) with {} event(s)",
        done.report.items, done.report.events
    )?;
    Ok(())
}
