//! The command line's grammar (`CONTRACT.md`, "Command line").

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use counterpart_core::db::list::SortKey;
use counterpart_core::model::{
    EventType, FlatDetails, Kind, OwnerSide, Priority, Side, Status, SubstanceClass, UnknownWord,
};
use counterpart_core::reminders::Deadline;
use std::path::PathBuf;
use std::str::FromStr;

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

    #[command(subcommand)]
    pub command: Command,
}

fn parse_today(s: &str) -> Result<NaiveDate, String> {
    counterpart_core::validate::parse_date("today", s).map_err(|e| e.message)
}

fn word<T: FromStr<Err = UnknownWord>>(s: &str) -> Result<T, String> {
    s.parse().map_err(|e: UnknownWord| e.to_string())
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database (or upgrade it); safe to repeat.
    Init,
    /// Add an item; prints its id.
    Add(Box<AddArgs>),
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
}

#[derive(Debug, Args)]
pub struct ItemArg {
    /// The item: its id or its reference.
    #[arg(value_name = "REF")]
    pub item: String,
}

#[derive(Debug, Args)]
pub struct EraseArgs {
    /// The item: its id or its reference.
    #[arg(value_name = "REF")]
    pub item: String,
    /// Confirms the erase (required: it cannot be undone).
    #[arg(long, required = true)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The item: its id or its reference (an erased item's reference works too).
    #[arg(value_name = "REF")]
    pub item: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy; an existing file is refused unless --force.
    pub file: Option<PathBuf>,
    /// Replace FILE if it exists (atomically: the old file stays whole until the new one
    /// is complete and checked).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A backup (from `counterpart backup` or the `backups` folder).
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long, value_parser = word::<Kind>)]
    pub kind: Kind,
    #[arg(long)]
    pub title: String,
    #[arg(long)]
    pub reference: String,
    /// An agency code (MPS, NNCC, SPP, MOJ, MFA, MOFCOM, NMPA, GACC, PBOC, CAC) or a name.
    #[arg(long)]
    pub counterpart: String,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub transmitted_on: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub due_on: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub follow_up_on: Option<String>,
    #[arg(long)]
    pub title_zh: Option<String>,
    /// The U.S. originating agency (e.g. "DOJ OIA").
    #[arg(long)]
    pub us_agency: Option<String>,
    #[arg(long, value_parser = word::<Priority>)]
    pub priority: Option<Priority>,
    #[arg(long)]
    pub owner: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
    /// A tag (repeat for more).
    #[arg(long)]
    pub tag: Vec<String>,
    #[command(flatten)]
    pub details: DetailArgs,
}

/// The kind-specific facts.
#[derive(Debug, Args)]
pub struct DetailArgs {
    #[arg(long, help_heading = "Extradition")]
    pub subject: Option<String>,
    #[arg(long, help_heading = "Extradition")]
    pub subject_zh: Option<String>,
    #[arg(long, help_heading = "Extradition")]
    pub provisional_arrest: bool,
    #[arg(long, help_heading = "Extradition / indictment")]
    pub charges: Option<String>,
    #[arg(long, help_heading = "Extradition / indictment")]
    pub district: Option<String>,
    #[arg(long, help_heading = "Indictment")]
    pub case_number: Option<String>,
    #[arg(long, help_heading = "Indictment")]
    pub defendants: Option<String>,
    #[arg(long, help_heading = "Indictment", value_name = "YYYY-MM-DD")]
    pub unsealed_on: Option<String>,
    #[arg(long, help_heading = "Scheduling")]
    pub substance: Option<String>,
    #[arg(long, help_heading = "Scheduling")]
    pub cas_number: Option<String>,
    #[arg(long, help_heading = "Scheduling", value_parser = word::<SubstanceClass>)]
    pub substance_class: Option<SubstanceClass>,
    #[arg(long, help_heading = "Scheduling")]
    pub us_control_status: Option<String>,
    #[arg(long, help_heading = "Scheduling")]
    pub prc_control_status: Option<String>,
    #[arg(long, help_heading = "Scheduling", value_name = "YYYY-MM-DD")]
    pub prc_controlled_on: Option<String>,
    #[arg(long, help_heading = "Commitment")]
    pub forum: Option<String>,
    #[arg(long, help_heading = "Commitment", value_name = "YYYY-MM-DD")]
    pub agreed_on: Option<String>,
    #[arg(long, help_heading = "Commitment", value_parser = word::<OwnerSide>)]
    pub owner_side: Option<OwnerSide>,
    #[arg(long, help_heading = "Commitment")]
    pub text_en: Option<String>,
    #[arg(long, help_heading = "Commitment")]
    pub text_zh: Option<String>,
}

impl DetailArgs {
    /// The facts as one flat record, dates parsed through `date` (which collects errors).
    pub fn to_flat(
        &self,
        date: &mut impl FnMut(&str, &Option<String>) -> Option<NaiveDate>,
    ) -> FlatDetails {
        FlatDetails {
            subject: self.subject.clone(),
            subject_zh: self.subject_zh.clone(),
            charges: self.charges.clone(),
            district: self.district.clone(),
            provisional_arrest: self.provisional_arrest.then_some(true),
            case_number: self.case_number.clone(),
            defendants: self.defendants.clone(),
            unsealed_on: date("unsealed_on", &self.unsealed_on),
            substance: self.substance.clone(),
            cas_number: self.cas_number.clone(),
            substance_class: self.substance_class,
            us_control_status: self.us_control_status.clone(),
            prc_control_status: self.prc_control_status.clone(),
            prc_controlled_on: date("prc_controlled_on", &self.prc_controlled_on),
            forum: self.forum.clone(),
            agreed_on: date("agreed_on", &self.agreed_on),
            owner_side: self.owner_side,
            text_en: self.text_en.clone(),
            text_zh: self.text_zh.clone(),
        }
    }
}

#[derive(Debug, Args)]
pub struct EventArgs {
    /// The item: its id or its reference.
    #[arg(value_name = "REF")]
    pub item: String,
    #[arg(long = "type", value_parser = word::<EventType>)]
    pub event_type: EventType,
    /// The date it happened.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub on: String,
    #[arg(long, value_parser = word::<Side>)]
    pub side: Option<Side>,
    /// The new status, for `status` and `closed` events.
    #[arg(long, value_parser = word::<Status>)]
    pub status: Option<Status>,
    #[arg(long)]
    pub note: Option<String>,
    /// The event a `retraction` retracts.
    #[arg(long, value_name = "EVENT_ID")]
    pub retracts: Option<String>,
    /// The new due date, for `due_changed` events.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub due_on: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, value_parser = word::<Kind>)]
    pub kind: Option<Kind>,
    #[arg(long, value_parser = word::<Status>)]
    pub status: Option<Status>,
    /// Open items only.
    #[arg(long, conflicts_with = "closed")]
    pub open: bool,
    /// Closed items only.
    #[arg(long)]
    pub closed: bool,
    /// Open items past their due date.
    #[arg(long)]
    pub overdue: bool,
    /// The archived items instead (reference, kind, when archived, title); the other
    /// filters do not apply.
    #[arg(long)]
    pub archived: bool,
    /// One counterpart agency (code or name).
    #[arg(long)]
    pub counterpart: Option<String>,
    /// Full-text search over references, titles, subjects, substances and notes.
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long, value_enum, default_value = "days-with-counterpart")]
    pub sort: SortArg,
    /// Smallest first.
    #[arg(long)]
    pub ascending: bool,
    #[arg(long)]
    pub limit: Option<usize>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

/// The columns `list` sorts by.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    DaysWithCounterpart,
    DaysSincePrcResponse,
    Reference,
    Title,
    Kind,
    Status,
    Counterpart,
    TransmittedOn,
    DueOn,
}

impl From<SortArg> for SortKey {
    fn from(s: SortArg) -> Self {
        match s {
            SortArg::DaysWithCounterpart => SortKey::DaysWithCounterpart,
            SortArg::DaysSincePrcResponse => SortKey::DaysSincePrcResponse,
            SortArg::Reference => SortKey::Reference,
            SortArg::Title => SortKey::Title,
            SortArg::Kind => SortKey::Kind,
            SortArg::Status => SortKey::Status,
            SortArg::Counterpart => SortKey::Counterpart,
            SortArg::TransmittedOn => SortKey::TransmittedOn,
            SortArg::DueOn => SortKey::DueOn,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The item: its id or its reference.
    #[arg(value_name = "REF")]
    pub item: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A CSV file (columns as in CONTRACT.md) or a JSON file written by `export`.
    pub file: PathBuf,
    /// Check everything and report; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

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

#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The item (id or reference).
    pub item: String,
    /// The item it relates to (id or reference).
    pub other: String,
    #[arg(long, default_value = "related")]
    pub relation: String,
}

#[derive(Debug, Subcommand)]
pub enum AgencyCommand {
    /// List the counterpart agencies.
    List,
    /// Add a counterpart agency.
    Add(AgencyAddArgs),
}

#[derive(Debug, Args)]
pub struct AgencyAddArgs {
    #[arg(long)]
    pub code: String,
    #[arg(long)]
    pub name_en: String,
    #[arg(long)]
    pub name_zh: String,
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BriefFormat {
    Pdf,
    Html,
    Md,
}

impl BriefFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            BriefFormat::Pdf => "pdf",
            BriefFormat::Html => "html",
            BriefFormat::Md => "md",
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum BriefLang {
    /// English.
    En,
    /// English with Simplified Chinese beneath or beside.
    #[value(name = "en-zh")]
    EnZh,
}

fn parse_since(s: &str) -> Result<NaiveDate, String> {
    counterpart_core::validate::parse_date("since", s).map_err(|e| e.message)
}

#[derive(Debug, Args)]
pub struct BriefArgs {
    /// Only items of this kind (repeat for several) [default: every kind].
    #[arg(long = "kind", value_name = "K", value_parser = word::<Kind>)]
    pub kinds: Vec<Kind>,
    /// Open items only.
    #[arg(long)]
    pub open: bool,
    /// Only items with this counterpart agency (a code or a name).
    #[arg(long, value_name = "A")]
    pub agency: Option<String>,
    /// Only items with an event on or after this date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_since)]
    pub since: Option<NaiveDate>,
    #[arg(long, value_enum, default_value = "en")]
    pub lang: BriefLang,
    #[arg(long, value_enum, default_value = "html")]
    pub format: BriefFormat,
    /// The file to write.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// The brief's title [default: "Status brief"].
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// The handling marking at the top and bottom of every page [default: the database's
    /// setting, set in the app's Settings, or "SENSITIVE BUT UNCLASSIFIED"].
    #[arg(long, value_name = "M")]
    pub marking: Option<String>,
    /// Who prepared it.
    #[arg(long, value_name = "NAME")]
    pub prepared_by: Option<String>,
}
