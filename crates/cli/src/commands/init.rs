//! `counterpart init`: create the database (or upgrade it).

use crate::context::Context;
use counterpart_core::Error;
use std::io::Write;

pub fn run(ctx: &mut Context) -> Result<(), Error> {
    let db = ctx.open()?;
    writeln!(
        ctx.out,
        "database ready: {} (schema version {})",
        db.path().display(),
        counterpart_core::db::schema_version()
    )?;
    Ok(())
}
