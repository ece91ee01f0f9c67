//! `counterpart check`: the database file, its foreign keys, the audit chain, the
//! attachments and the search indexes.

use crate::args::ShowFormat;
use crate::context::Context;
use crate::output;
use clap::Args;
use counterpart_core::db::check;
use counterpart_core::Error;
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: ShowFormat,
}

/// Exit 0 when the file, its foreign keys and the audit chain are sound and the record
/// replays from the trail; exit 1 with `error:` lines naming the first bad row of the
/// chain and each difference of the record (item reference, field) otherwise.
pub fn run(ctx: &mut Context, c: CheckArgs) -> Result<ExitCode, Error> {
    let mut db = ctx.open()?;
    let r = check::check(db.conn())?;
    if r.integrity.is_empty() {
        // Every page was read: the next week's opens need not read them again.
        db.pages_checked(ctx.now);
    } else {
        db.pages_found_damaged();
    }
    match c.format {
        ShowFormat::Text => output::check(&mut ctx.out, &r)?,
        ShowFormat::Json => output::json(&mut ctx.out, &r)?,
    }
    ctx.out.flush()?;
    if r.ok() {
        return Ok(ExitCode::SUCCESS);
    }
    let mut err = std::io::stderr().lock();
    for line in &r.integrity {
        writeln!(err, "error: integrity_check: {line}")?;
    }
    for (table, rowid, parent) in &r.foreign_keys {
        let row = rowid.map_or_else(|| "a row".to_owned(), |n| format!("row {n}"));
        writeln!(
            err,
            "error: foreign key: {row} of {table} points to a missing {parent}"
        )?;
    }
    if let Some(bad) = &r.audit.first_bad {
        writeln!(err, "error: {bad}")?;
    }
    for m in &r.record {
        writeln!(err, "error: record: {m}")?;
    }
    for a in &r.attachments {
        writeln!(err, "error: {a}")?;
    }
    for m in &r.search {
        writeln!(err, "error: {m}")?;
    }
    Ok(ExitCode::from(1))
}
