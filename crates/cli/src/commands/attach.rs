//! `counterpart attach`, `counterpart attachments` and `counterpart attachment get`: the
//! files kept with an item (CONTRACT.md "Attachments").

use crate::args::date;
use crate::context::Context;
use crate::output;
use clap::{Args, Subcommand, ValueEnum};
use counterpart_core::db::{attachments, items};
use counterpart_core::fsutil::write_output;
use counterpart_core::Error;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct AttachArgs {
    /// The item (id or reference).
    pub item: String,
    /// The file to keep with it.
    pub file: PathBuf,
    /// The date the file was received [default: today].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub received_on: Option<String>,
    /// What the file is (one note, kept with it).
    #[arg(long, default_value = "")]
    pub note: String,
}

/// Stores the file with the item (one audited operation); prints its SHA-256.
pub fn run_attach(ctx: &mut Context, a: AttachArgs) -> Result<(), Error> {
    let received_on = date("received_on", &a.received_on).map_err(|e| Error::Invalid(vec![e]))?;
    let mut db = ctx.open()?;
    let item = items::find(db.conn(), &a.item)?;
    let done = db.attach_file(&ctx.author(), item, &a.file, received_on, &a.note)?;
    writeln!(ctx.out, "{}", done.sha256)?;
    Ok(())
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct AttachmentsArgs {
    /// The item (id or reference).
    pub item: String,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

/// An item's attachments: a table, or a JSON array (`sha256`, `name`, `size`,
/// `received_on`, `note`, and more).
pub fn run_list(ctx: &mut Context, a: AttachmentsArgs) -> Result<(), Error> {
    let db = ctx.open()?;
    let item = items::find(db.conn(), &a.item)?;
    let list = attachments::list(db.conn(), item)?;
    match a.format {
        ListFormat::Json => output::json(&mut ctx.out, &list)?,
        ListFormat::Table => {
            writeln!(ctx.out, "RECEIVED    SIZE        SHA-256       NAME")?;
            for x in &list {
                writeln!(
                    ctx.out,
                    "{}  {}  {}  {}{}",
                    x.received_on,
                    output::fit(&x.size_text, 10),
                    output::fit(&x.sha256, 12),
                    x.name,
                    if x.note.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", x.note.replace('\n', " "))
                    }
                )?;
            }
        }
    }
    Ok(())
}

#[derive(Debug, Subcommand)]
pub enum AttachmentCommand {
    /// Write a stored file back, byte for byte.
    Get(GetArgs),
}

#[derive(Debug, Args)]
pub struct GetArgs {
    /// The item (id or reference).
    pub item: String,
    /// The attachment's SHA-256 (as `attachments` lists it).
    pub sha256: String,
    /// The file to write (owner-only).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

pub fn run_attachment(ctx: &mut Context, c: AttachmentCommand) -> Result<(), Error> {
    match c {
        AttachmentCommand::Get(g) => {
            let db = ctx.open()?;
            let item = items::find(db.conn(), &g.item)?;
            let a = attachments::get(db.conn(), item, &g.sha256)?;
            write_output(db.path(), &g.output, |w| {
                Ok(db.write_attachment(item, &a.sha256, w)?.size as usize)
            })?;
            eprintln!(
                "wrote {} ({}) to {}",
                a.name,
                a.size_text,
                g.output.display()
            );
            Ok(())
        }
    }
}
