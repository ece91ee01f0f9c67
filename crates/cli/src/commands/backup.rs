//! `counterpart backup`: a checked copy of the live database.

use crate::context::Context;
use clap::Args;
use counterpart_core::backup::Reason;
use counterpart_core::Error;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy; an existing file is refused unless --force.
    pub file: Option<PathBuf>,
    /// Replace FILE if it exists (atomically: the old file stays whole until the new one
    /// is complete and checked).
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &mut Context, b: BackupArgs) -> Result<(), Error> {
    let db = ctx.open()?;
    match &b.file {
        Some(file) => {
            let v = db.backup_to(file, b.force)?;
            writeln!(
                ctx.out,
                "backed up {} item(s) to {}",
                v.items,
                file.display()
            )?;
        }
        None => {
            let f = db.backup_now(Reason::Manual, ctx.now)?;
            writeln!(ctx.out, "backed up to {}", f.path.display())?;
        }
    }
    Ok(())
}
