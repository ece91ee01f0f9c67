//! `counterpart reminders`: the list, the calendar file, snooze and done.

use crate::args::word;
use crate::context::Context;
use crate::output;
use clap::{Args, Subcommand, ValueEnum};
use counterpart_core::db::reminders;
use counterpart_core::fsutil::write_output_bytes;
use counterpart_core::op::Change;
use counterpart_core::reminders::Deadline;
use counterpart_core::validate::parse_date;
use counterpart_core::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RemindersFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RemindersArgs {
    /// List deadlines up to this many days ahead (overdue ones are always listed).
    #[arg(long, value_name = "DAYS", default_value_t = 7,
          value_parser = clap::value_parser!(u32).range(..=3650))]
    pub within: u32,
    #[arg(long, value_enum, default_value = "table")]
    pub format: RemindersFormat,
    /// Write every deadline of the open items to FILE as iCalendar (.ics) instead of
    /// listing them.
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
    #[command(subcommand)]
    pub action: Option<ReminderAction>,
}

#[derive(Debug, Subcommand)]
pub enum ReminderAction {
    /// Hold a deadline's reminders until a date.
    Snooze(SnoozeArgs),
    /// Mark a deadline done: none of its reminders fires again.
    Done(DeadlineArgs),
}

/// Names one deadline of an item.
#[derive(Debug, Args)]
pub struct DeadlineArgs {
    /// The item: its id or its reference.
    #[arg(value_name = "REF")]
    pub item: String,
    /// Which deadline, when the item has more than one.
    #[arg(long, value_parser = word::<Deadline>)]
    pub deadline: Option<Deadline>,
}

#[derive(Debug, Args)]
pub struct SnoozeArgs {
    #[command(flatten)]
    pub which: DeadlineArgs,
    /// The day the reminders resume.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: String,
}

pub fn run(ctx: &mut Context, r: RemindersArgs) -> Result<(), Error> {
    match r.action {
        Some(ReminderAction::Snooze(s)) => snooze(ctx, s),
        Some(ReminderAction::Done(d)) => done(ctx, d),
        None => match &r.ics {
            Some(path) => calendar(ctx, path),
            None => upcoming(ctx, r.within, r.format),
        },
    }
}

/// `reminders snooze`: holds a deadline's reminders until a date.
fn snooze(ctx: &mut Context, s: SnoozeArgs) -> Result<(), Error> {
    let mut db = ctx.open()?;
    let until = parse_date("until", &s.until).map_err(|e| Error::Invalid(vec![e]))?;
    let key = reminders::find_deadline(db.conn(), &s.which.item, s.which.deadline, ctx.today)?;
    db.apply(&ctx.author().op(Change::SnoozeReminder {
        reminder: key,
        until,
    }))?;
    writeln!(
        ctx.out,
        "snoozed {} {} ({}) until {until}",
        s.which.item,
        key.deadline.noun(),
        key.deadline_on
    )?;
    Ok(())
}

/// `reminders done`: none of a deadline's reminders fires again.
fn done(ctx: &mut Context, d: DeadlineArgs) -> Result<(), Error> {
    let mut db = ctx.open()?;
    let key = reminders::find_deadline(db.conn(), &d.item, d.deadline, ctx.today)?;
    db.apply(&ctx.author().op(Change::ReminderDone { reminder: key }))?;
    writeln!(
        ctx.out,
        "done: {} {} ({})",
        d.item,
        key.deadline.noun(),
        key.deadline_on
    )?;
    Ok(())
}

/// `reminders --ics FILE`: every deadline of the open items as an iCalendar file.
fn calendar(ctx: &mut Context, path: &Path) -> Result<(), Error> {
    let db = ctx.open()?;
    let (text, deadlines) = reminders::calendar_file(db.conn(), ctx.today, ctx.now)?;
    write_output_bytes(db.path(), path, text.as_bytes())?;
    writeln!(
        ctx.out,
        "wrote {deadlines} deadline(s) to {}",
        path.display()
    )?;
    Ok(())
}

/// `reminders`: what is overdue or due within `within` days.
fn upcoming(ctx: &mut Context, within: u32, format: RemindersFormat) -> Result<(), Error> {
    let today = ctx.today;
    let db = ctx.open()?;
    let list = reminders::upcoming(db.conn(), today, within)?;
    match format {
        RemindersFormat::Table => output::reminders_table(&mut ctx.out, &list, today, within)?,
        RemindersFormat::Json => output::json(&mut ctx.out, &output::reminders_json(&list, today))?,
    }
    Ok(())
}
