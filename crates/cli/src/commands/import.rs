//! `counterpart import`: items from CSV or a JSON export, all or nothing, after a backup.

use crate::context::Context;
use clap::Args;
use counterpart_core::backup::Reason;
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
    let (now, author) = (ctx.now, ctx.author());
    let mut db = ctx.open()?;
    let file = std::fs::File::open(&i.file).map_err(|e| {
        Error::Io(std::io::Error::new(
            e.kind(),
            format!("cannot read {}: {e}", i.file.display()),
        ))
    })?;
    let input = std::io::BufReader::new(file);
    if !i.dry_run {
        let b = db.backup_now(Reason::BeforeImport, now)?;
        eprintln!("backed up the database to {}", b.path.display());
    }
    let is_json = i
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let report = if is_json {
        import::import_json(&mut db, input, &author, i.dry_run)?
    } else {
        import::import_csv(&mut db, input, &author, i.dry_run)?
    };
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
