//! `counterpart init`: create the database (or upgrade it), encrypted with `--encrypt`.

use crate::context::Context;
use clap::Args;
use counterpart_core::db::{encryption_of, Encryption};
use counterpart_core::problem::Problem;
use counterpart_core::Error;
use std::io::Write;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Create the database encrypted with the passphrase (`--passphrase-file FILE` or
    /// `COUNTERPART_PASSPHRASE`). An existing unencrypted database is refused: `counterpart
    /// encrypt` encrypts it.
    #[arg(long)]
    pub encrypt: bool,
}

pub fn run(ctx: &mut Context, i: InitArgs) -> Result<(), Error> {
    if i.encrypt {
        ctx.required_passphrase(|env| Problem::PassphraseToCreate { env })?;
        let path = ctx.db_path()?;
        if encryption_of(&path)? == Encryption::Plain {
            return Err(Error::NotEncrypted { path });
        }
    }
    let db = ctx.open()?;
    writeln!(
        ctx.out,
        "database ready: {} (schema version {}{})",
        db.path().display(),
        counterpart_core::db::schema_version(),
        if db.is_encrypted() { ", encrypted" } else { "" }
    )?;
    Ok(())
}
