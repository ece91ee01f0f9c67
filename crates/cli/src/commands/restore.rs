//! `counterpart restore`: a backup put back in place of the database.

use crate::context::Context;
use clap::Args;
use counterpart_core::db::backup;
use counterpart_core::Error;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A backup (from `counterpart backup` or the `backups` folder).
    pub file: PathBuf,
}

pub fn run(ctx: &mut Context, r: RestoreArgs) -> Result<(), Error> {
    let path = ctx.db_path()?;
    let done = backup::restore_keyed(&path, &r.file, ctx.passphrase()?.as_ref(), ctx.now)?;
    if let Some(aside) = &done.kept_aside {
        writeln!(
            ctx.out,
            "the database that was replaced is kept at {}",
            aside.display()
        )?;
    }
    writeln!(
        ctx.out,
        "restored {} item(s) from {} into {}",
        done.verified.items,
        r.file.display(),
        path.display()
    )?;
    // Opened once so that a backup of an older schema is upgraded now (after its own
    // before-migration backup), not by the next command.
    ctx.open()?;
    Ok(())
}
