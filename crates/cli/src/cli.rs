//! The command line's grammar (`CONTRACT.md`, "Command line"): the global flags and the
//! commands. Each command's own flags are in its file under `commands/`.

use crate::commands::add::AddArgs;
use crate::commands::agency::AgencyCommand;
use crate::commands::archive::ItemArg;
use crate::commands::backup::BackupArgs;
use crate::commands::brief::BriefArgs;
use crate::commands::check::CheckArgs;
use crate::commands::edit::EditArgs;
use crate::commands::encryption::{DecryptArgs, RekeyArgs};
use crate::commands::erase::EraseArgs;
use crate::commands::event::EventArgs;
use crate::commands::export::ExportArgs;
use crate::commands::history::HistoryArgs;
use crate::commands::import::ImportArgs;
use crate::commands::init::InitArgs;
use crate::commands::link::{LinkArgs, UnlinkArgs};
use crate::commands::list::ListArgs;
use crate::commands::reminders::RemindersArgs;
use crate::commands::restore::RestoreArgs;
use crate::commands::show::ShowArgs;
use crate::commands::team::TeamCommand;
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Track U.S. counternarcotics requests to PRC counterparts and how long each has waited.
#[derive(Debug, Parser)]
#[command(name = "counterpart", version, about, propagate_version = true)]
pub struct Cli {
    /// The database file [default: counterpart.sqlite3 in the OS application-data folder].
    #[arg(long, global = true, env = "COUNTERPART_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// The date to treat as today for every figure [default: the local date].
    #[arg(long, global = true, env = "COUNTERPART_TODAY", value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub today: Option<NaiveDate>,

    /// Who is making the change, recorded with it [default: $USER].
    #[arg(
        long,
        global = true,
        env = "USER",
        value_name = "NAME",
        hide_env_values = true
    )]
    pub user: Option<String>,

    /// The file holding the passphrase of an encrypted database (one trailing line break
    /// is not part of it) [default: $COUNTERPART_PASSPHRASE].
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

fn parse_today(s: &str) -> Result<NaiveDate, String> {
    counterpart_core::validate::parse_date("today", s).map_err(|e| e.message)
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database (or upgrade it); safe to repeat. `--encrypt` creates it
    /// encrypted with the passphrase.
    Init(InitArgs),
    /// Add an item; prints its id.
    Add(Box<AddArgs>),
    /// Change an item's fields (only those given; an empty value clears one).
    Edit(Box<EditArgs>),
    /// Record a dated event on an item; prints the event's id.
    Event(EventArgs),
    /// List items with their figures (longest waiting first).
    List(ListArgs),
    /// Show one item with its whole history.
    Show(ShowArgs),
    /// Import items from CSV (or from a JSON export); all or nothing.
    Import(ImportArgs),
    /// Export everything, re-importable.
    Export(ExportArgs),
    /// Link two items (e.g. an extradition request to its indictment).
    Link(LinkArgs),
    /// Remove a link between two items (audited on both).
    Unlink(UnlinkArgs),
    /// Counterpart agencies.
    #[command(subcommand)]
    Agency(AgencyCommand),
    /// What is overdue or due soon (due dates, follow-up dates, cadence chases); `--ics`
    /// writes every deadline of the open items as an iCalendar file.
    Reminders(RemindersArgs),
    /// Write a status brief (PDF, HTML or Markdown) and record what it contained.
    Brief(BriefArgs),
    /// Archive an item: it leaves the list, briefs and reminders, and can be brought back
    /// with `unarchive`.
    Archive(ItemArg),
    /// Bring an archived item back.
    Unarchive(ItemArg),
    /// Erase an item for good, with its events, links and reminders (for data entered by
    /// mistake; archive anything else). The audit trail keeps a record of it.
    Erase(EraseArgs),
    /// An item's history of changes (the audit trail): when, who, what, old and new value.
    History(HistoryArgs),
    /// Check the database file, its foreign keys and the audit trail's hash chain; exit 1
    /// and name the first bad row when any is broken.
    Check(CheckArgs),
    /// A consistent copy of the live database (SQLite's online backup, checked before it
    /// is put in place). Without FILE: into the `backups` folder beside the database.
    Backup(BackupArgs),
    /// Put a backup back in place of the database. FILE is checked first; the current
    /// database is kept aside (the command prints where).
    Restore(RestoreArgs),
    /// Encrypt the database with the passphrase (`--passphrase-file` or
    /// `COUNTERPART_PASSPHRASE`); no unencrypted copy is left (the encrypted one is checked
    /// before it takes the old file's place).
    Encrypt,
    /// Change the encrypted database's passphrase to the one in `--new-passphrase-file`.
    Rekey(RekeyArgs),
    /// Decrypt the database: it is no longer encrypted (asks for `--yes`).
    Decrypt(DecryptArgs),
    /// Team mode: the shared record on a PostgreSQL server.
    #[command(subcommand)]
    Team(TeamCommand),
    /// Push the operations waiting in the outbox to the team server, then pull and apply
    /// what the team did; prints how many went each way.
    Sync(crate::commands::sync::SyncArgs),
    /// Let another agency's users of the team see (and work on) an item.
    Share(crate::commands::sync::ShareArgs),
    /// Working days d with FROM < d ≤ TO on the U.S. federal and the PRC calendars.
    Workdays(crate::commands::calendar::WorkdaysArgs),
    /// The calendars' holidays and make-up working days; `add` adds one.
    #[command(subcommand)]
    Holidays(crate::commands::calendar::HolidaysCommand),
    /// Responsiveness per counterpart agency (or kind, or quarter of transmission): items,
    /// open, closed, fulfilled, answered, never answered, median days, times raised.
    Stats(crate::commands::stats::StatsArgs),
    /// The substance registry: names, CAS numbers, U.S. and PRC control.
    #[command(subcommand)]
    Substance(crate::commands::substance::SubstanceCommand),
    /// Keep a file with an item (a note verbale, a letter, an indictment); prints its
    /// SHA-256.
    Attach(crate::commands::attach::AttachArgs),
    /// An item's attachments: name, size, date received, note and SHA-256.
    Attachments(crate::commands::attach::AttachmentsArgs),
    /// One attachment: `get` writes it back, byte for byte.
    #[command(subcommand)]
    Attachment(crate::commands::attach::AttachmentCommand),
}
