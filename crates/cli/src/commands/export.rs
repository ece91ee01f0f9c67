//! `counterpart export`: everything, re-importable, to a file or standard output.

use crate::context::Context;
use clap::{Args, ValueEnum};
use counterpart_core::fsutil::write_output;
use counterpart_core::{export, Error};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The file to write [default: standard output].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(ctx: &mut Context, x: ExportArgs) -> Result<(), Error> {
    let db = ctx.open()?;
    let now = ctx.now;
    let write = |w: &mut dyn Write| -> Result<usize, Error> {
        match x.format {
            ExportFormat::Csv => export::export_csv(db.conn(), w),
            ExportFormat::Json => {
                let n = export::export_json(db.conn(), now, &mut *w)?;
                writeln!(w)?;
                Ok(n)
            }
        }
    };
    match &x.output {
        Some(path) => {
            let n = write_output(db.path(), path, write)?;
            eprintln!("exported {n} item(s) to {}", path.display());
        }
        None => {
            write(&mut ctx.out)?;
        }
    }
    Ok(())
}
