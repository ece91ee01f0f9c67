//! What is wrong with a field, as a stable key with its parameters: a face words it in its
//! user's language (the window's Chinese table in `ui/src/i18n` must cover every key: its
//! type check fails otherwise). The English of [`Problem`]'s `Display` is the
//! `FieldError::message` the command line prints and the window shows in English.
//!
//! Every field error is keyed: `FieldError::of` and `Error::field` take a `Problem`, and
//! there is no variant for free text, so a message cannot reach the window unkeyed (the
//! core's, the command line's, the team crate's and the desktop shell's alike).
//!
//! To add a message: add a variant here (in its group), its English below, build the error
//! with `FieldError::of(field, Problem::…)` or `Error::field`, regenerate the bindings, and
//! add the key to `ui/src/i18n/en/index.ts` (`problem`) and `zh-CN/index.ts` in the
//! glossary's terms (`docs/glossary.md`).
//!
//! Parameters are data: a value typed, a date, a count, a reference. A kind, a status, an
//! event type or a deadline is typed (it goes out as its key, which the English prints and
//! the window words with the glossary's term). A reason from a library or the system (the
//! csv crate's, rustls's, an I/O error's) is a `detail`, shown as it is in every language.
//! Keep each variant's parameters within 64 bytes (a `Result<_, FieldError>` must stay
//! under clippy's `result_large_err`: see the size test below).

use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;

use crate::model::{EventType, Kind, Status};
use crate::reminders::Deadline;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "key", rename_all = "snake_case")]
pub enum Problem {
    /// The field must have a value.
    Required,
    /// Text over its limit, in characters.
    TooLong {
        length: u32,
        limit: u32,
    },
    /// A control character (`code` as `U+0000`).
    ControlCharacter {
        code: String,
    },
    /// A bidirectional control character (`code` as `U+202E`).
    BidiControl {
        code: String,
    },
    /// Spaces before or after a reference.
    EdgeSpaces,
    TooManyTags {
        count: u32,
        limit: u32,
    },
    /// Empty, or contains `;`.
    NotATag {
        value: String,
    },
    /// Not in the form YYYY-MM-DD.
    NotADate {
        value: String,
    },
    /// In the form YYYY-MM-DD, but no such day.
    NotARealDate {
        value: String,
    },
    /// A date before the item's transmitted date.
    BeforeTransmitted {
        date: String,
        transmitted: String,
    },
    /// An event dated after today.
    AfterToday {
        date: String,
        today: String,
    },
    NotACasNumber {
        value: String,
    },
    CasCheckDigit {
        value: String,
        expected: String,
    },
    /// The reference belongs to another item.
    ReferenceTaken {
        reference: String,
    },
    /// An edit may not change an item's kind.
    KindFixed,
    /// Not a known counterpart agency (`codes`: the known ones, comma-separated).
    UnknownAgency {
        value: String,
        codes: String,
    },
    /// A word outside a closed vocabulary (`allowed`: comma-separated).
    UnknownWord {
        value: String,
        /// The vocabulary's name in English (a word of the program's, hence `'static`,
        /// which also keeps a field error small).
        what: &'static str,
        allowed: String,
    },
    NotYesOrNo {
        value: String,
    },
    /// Not a lead time in the range.
    NotALeadTime {
        #[cfg_attr(feature = "specta", specta(type = f64))]
        days: i64,
        min: u32,
        max: u32,
    },
    LeadTimeTwice {
        #[cfg_attr(feature = "specta", specta(type = f64))]
        days: i64,
    },
    /// Not a cadence in the range.
    NotACadence {
        #[cfg_attr(feature = "specta", specta(type = f64))]
        days: i64,
        min: u32,
        max: u32,
    },
    // Added with issue 14: every message the core, the command line and the shell build.
    // Files and attachments.
    /// A name with a folder in it (`/`, `\`, `.` or `..`).
    NotAFileName,
    /// An attachment received after today.
    ReceivedAfterToday {
        date: String,
        today: String,
    },
    /// An empty file, or an empty password.
    Empty,
    /// A file over the largest kept (`size`, `limit`: as `attachment::size_words` words them).
    FileTooLarge {
        size: String,
        limit: String,
    },
    NotASha256,
    /// Not of the form type/subtype.
    NotAMediaType {
        value: String,
    },
    NoSuchAttachment {
        reference: String,
        sha256: String,
    },
    AlreadyAttached {
        reference: String,
        name: String,
    },
    /// The size given is not that of the file kept under its SHA-256.
    SizeMismatch {
        #[cfg_attr(feature = "specta", specta(type = f64))]
        size: u64,
        sha256: String,
        #[cfg_attr(feature = "specta", specta(type = f64))]
        stored: u64,
    },
    /// An attachment's content neither kept nor given.
    ContentMissing {
        sha256: String,
    },
    /// The content read does not have the SHA-256 it was announced with.
    HashChanged {
        got: String,
        sha256: String,
    },
    /// The file's size changed while it was read.
    SizeChanged {
        #[cfg_attr(feature = "specta", specta(type = f64))]
        size: u64,
    },
    NoSuchFile {
        sha256: String,
    },
    /// A file that cannot be read (`detail`: the system's reason, as it is).
    CannotReadFile {
        path: String,
        detail: String,
    },
    /// The same, as the command line words it (`detail`: the system's reason).
    FileUnreadable {
        path: String,
        detail: String,
    },
    /// An exported attachment whose content is not base64 (`detail`: the decoder's reason).
    NotBase64 {
        name: String,
        detail: String,
    },
    /// A backup would replace a file.
    FileExists {
        path: String,
    },
    /// A save dialog's file exists already.
    FileExistsChoose {
        path: String,
    },
    /// A restore from the database's own file.
    IsTheDatabaseItself,
    /// A restore from a file the window did not list.
    NotABackup,
    // Calendars.
    NotACalendar,
    NotADayKind,
    /// A calendar notice's JSON that cannot be read (`detail`: the parser's reason).
    NotANotice {
        line: u32,
        column: u32,
        detail: String,
    },
    NotANoticeYear {
        year: i32,
    },
    /// A calendar notice without its source.
    SourceRequired,
    /// A calendar notice without days.
    NoDays,
    /// A listed day outside the notice's year (and its New Year's make-up days).
    NotInYear {
        date: String,
        year: i32,
        previous: i32,
    },
    ListedTwice {
        date: String,
    },
    /// A make-up working day (调休) that is not a Saturday or Sunday.
    MakeUpOnWeekday {
        date: String,
    },
    /// A stored calendar day that is not a date.
    StoredNotADate {
        value: String,
    },
    /// The end of a range before its start (the command line's `FROM`).
    BeforeFrom {
        to: String,
        from: String,
    },
    // Agencies.
    /// Not 1 to 16 letters, digits, `-` or `_`.
    NotAnAgencyCode,
    CodeExists {
        code: String,
    },
    NameExists {
        name: String,
    },
    /// Not a counterpart agency the database knows (in an imported file).
    NotAKnownAgency {
        value: String,
    },
    /// Not an agency code to share an item with.
    NotAShareAgency {
        value: String,
    },
    // Operations and team mode.
    /// An operation of a format this program does not apply (`known`: the one it does).
    UnknownFormatToApply {
        format: u32,
        known: u32,
    },
    /// An operation of a format this program does not read.
    UnknownFormatToRead {
        format: u32,
        known: u32,
    },
    /// A retraction sent as an event.
    RetractionOperation,
    SharingNeedsTeam,
    InATeam,
    NotInATeam,
    /// The same, with how to join one (the command line's).
    NotInATeamJoin,
    /// The same, as the window words it.
    InNoTeam,
    /// No team password in the environment or the keychain (`detail`: the keychain's reason).
    NoTeamPassword {
        account: String,
        detail: String,
    },
    TeamUserExists {
        name: String,
    },
    ServerUrlRequired,
    UserNameRequired,
    PasswordRequired,
    /// The team server's URL is not a URL.
    ServerUrlNotAUrl,
    ServerUrlScheme,
    ServerUrlPassword,
    ServerUrlNotPostgresql,
    ServerUrlRootCertTwice,
    /// `sslmode=prefer` or `allow`, which fall back to plain text.
    ServerUrlFallback {
        mode: String,
    },
    ServerUrlUnknownMode {
        mode: String,
    },
    ServerUrlModeTwice,
    ServerUrlBadEscape,
    ServerUrlRootCertNotUtf8,
    /// TLS cannot be set up (`detail`: rustls's reason).
    ServerUrlTlsSetup {
        detail: String,
    },
    ServerUrlNoRoots,
    /// The root certificates' file cannot be read (`detail`: the reader's reason).
    ServerUrlRootCertUnreadable {
        file: String,
        detail: String,
    },
    ServerUrlRootCertNoCa {
        file: String,
    },
    /// A team user name that is PostgreSQL's own (`pg_…`).
    StartsWithPg {
        name: String,
    },
    NotAUserName {
        value: String,
    },
    /// Not an agency code for a team user.
    NotATeamAgency {
        value: String,
    },
    // Links.
    LinkedToItself,
    /// (`relation` boxed to keep a field error small: `Result<_, FieldError>` stays under
    /// clippy's `result_large_err`.)
    NotLinkedAs {
        from: String,
        to: String,
        relation: Box<str>,
    },
    NotLinked {
        from: String,
        to: String,
    },
    /// Two items linked more than once (`relations`: each in backticks, comma-separated).
    LinkedSeveralTimes {
        count: u32,
        relations: String,
    },
    // Items and their events.
    NotAField,
    /// A field that only an event changes.
    ChangesByEvent,
    /// A fact of another kind of item.
    NotOfKind {
        kind: Kind,
    },
    /// A reference or an id the database holds already.
    AlreadyInDatabase {
        value: String,
    },
    EventOfAnotherItem {
        event: String,
    },
    RetractionNeedsTarget,
    RetractionNeedsReason,
    StatusEventNeedsStatus,
    ClosedEventNeedsClosedStatus,
    DueChangedNeedsDate,
    /// A status given with an event that sets none.
    SetsNoStatus {
        event_type: EventType,
    },
    OnlyRetractionRetracts,
    /// A due date or follow-up date before the transmitted date an event would set.
    DueBeforeTransmitted {
        date: String,
        transmitted: String,
    },
    EventRecorded {
        event: String,
    },
    ArchivedAlready {
        reference: String,
    },
    NotArchived {
        reference: String,
    },
    /// An edit that names no field (the command line's).
    NothingToChange,
    NotAnEventId {
        value: String,
    },
    // An item's history.
    /// An event before the item was transmitted, when it has not been.
    BeforeTransmission {
        event_type: EventType,
        on: String,
    },
    /// An event before the item's transmitted date.
    BeforeTransmissionOn {
        event_type: EventType,
        on: String,
        transmitted: String,
    },
    /// A move the status table does not allow.
    NotAllowed {
        from_status: Status,
        to_status: Status,
        on: String,
    },
    /// A move from a closed status.
    NotAllowedClosed {
        from_status: Status,
        to_status: Status,
        on: String,
    },
    AfterClosing {
        event_type: EventType,
        on: String,
        status: Status,
    },
    NeedsStatus {
        event_type: EventType,
    },
    NeedsClosedStatus {
        event_type: EventType,
    },
    NeedsDueDate {
        event_type: EventType,
    },
    /// A retraction naming no event.
    RetractionUnnamed {
        retracts: String,
    },
    /// A retraction of an event of another item.
    RetractsForeign {
        retracts: String,
    },
    RetractsRetraction {
        retracts: String,
    },
    RetractedAlready {
        retracts: String,
    },
    // An imported row's status and dates.
    DraftNoStatusDate,
    DraftNotTransmitted,
    /// The transmitted date, required by the row's status.
    RequiredForStatus {
        status: Status,
    },
    /// A status date of a transmitted row other than its transmitted date.
    StatusOnIsTransmitted {
        transmitted: String,
    },
    /// The status date, required by the row's status.
    StatusDateRequired {
        status: Status,
    },
    /// A row that could not be made ready for a reason not its own (`detail`: the reason).
    RowFailed {
        detail: String,
    },
    // Imported files.
    /// A CSV file without even a header row.
    EmptyCsv,
    /// A header or row that cannot be read (`detail`: the CSV reader's reason, as it is).
    CannotBeRead {
        detail: String,
    },
    /// `columns`: the known ones, comma-separated.
    UnknownColumn {
        value: String,
        columns: String,
    },
    /// A CSV file that is not UTF-8 text.
    NotUtf8,
    ColumnTwice,
    ColumnMissing,
    CellCount {
        cells: u32,
        header: u32,
    },
    /// A reference twice in a CSV file.
    TwiceOnLine {
        value: String,
        first: u32,
    },
    /// A reference or id twice in a JSON file.
    TwiceAsItem {
        value: String,
        first: u32,
    },
    // Raised events.
    /// `levels`: the raise levels, comma-separated.
    LevelRequired {
        levels: String,
    },
    NoLevel {
        event_type: EventType,
    },
    NoVenue {
        event_type: EventType,
    },
    // Reminders.
    /// A lead time that is not a number (`min`, `max`: the range).
    NotLeadDays {
        value: String,
        min: u32,
        max: u32,
    },
    NotANumberOfDays {
        value: String,
    },
    /// The item has no date of that deadline.
    NoDeadlineDate {
        reference: String,
        deadline: Deadline,
    },
    NoDeadline {
        reference: String,
    },
    /// `deadlines`: each as "deadline date", comma-separated.
    SeveralDeadlines {
        reference: String,
        deadlines: String,
    },
    /// A reminder's lead that is neither overdue (-1) nor in the range.
    NotAReminderLead {
        lead: i32,
        min: u32,
        max: u32,
    },
    ClosedNoDeadlines {
        reference: String,
    },
    /// A reminder for a deadline date that has since moved (the dates typed, to keep a
    /// field error small).
    DeadlineDateIs {
        reference: String,
        deadline: Deadline,
        on: NaiveDate,
        given: NaiveDate,
    },
    SnoozeNotAfterToday {
        until: String,
        today: String,
    },
    // Passphrases (`env`: the environment variable that can give one).
    EmptyPassphrase,
    PassphraseToEncrypt {
        env: String,
    },
    PassphraseToOpen {
        env: String,
    },
    PassphraseToCreate {
        env: String,
    },
    // Briefs and substances.
    NotAMarking {
        limit: u32,
    },
    InRegistry {
        cas: String,
    },
    NotInRegistry {
        cas: String,
    },
    /// `--pdf-a` with a brief of another format.
    PdfANeedsPdf {
        format: String,
    },
    // The program's own demo data (a fault there is the program's, never the user's).
    /// `detail`: the problem's English.
    DemoItem {
        reference: String,
        detail: String,
    },
    DemoNoEarlierEvent {
        reference: String,
        n: u32,
    },
    DemoBadPlaceholder {
        text: String,
    },
    DemoLinksLater {
        from: String,
        to: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Problem as P;
        match self {
            P::Required => write!(f, "is required"),
            P::TooLong { length, limit } => {
                write!(f, "is {length} characters long; the limit is {limit}")
            }
            P::ControlCharacter { code } => write!(f, "contains a control character ({code})"),
            P::BidiControl { code } => write!(
                f,
                "contains a bidirectional control character ({code}), which can disguise the text"
            ),
            P::EdgeSpaces => write!(f, "must not begin or end with spaces"),
            P::TooManyTags { count, limit } => write!(f, "{count} tags; the limit is {limit}"),
            P::NotATag { value } => write!(f, "`{value}` is not a tag (empty, or contains `;`)"),
            P::NotADate { value } => write!(f, "`{value}` is not a date in the form YYYY-MM-DD"),
            P::NotARealDate { value } => write!(f, "{value} is not a real date"),
            P::BeforeTransmitted { date, transmitted } => {
                write!(f, "{date} is before the transmitted date {transmitted}")
            }
            P::AfterToday { date, today } => write!(
                f,
                "{date} is after today ({today}); record an event once it has happened"
            ),
            P::NotACasNumber { value } => write!(
                f,
                "`{value}` is not a CAS number (digits in the form 1234567-89-0)"
            ),
            P::CasCheckDigit { value, expected } => {
                write!(f, "{value} has a wrong check digit (expected {expected})")
            }
            P::ReferenceTaken { reference } => {
                write!(f, "{reference} is already used by another item")
            }
            P::KindFixed => write!(f, "cannot be changed; add a new item of the other kind"),
            P::UnknownAgency { value, codes } => write!(
                f,
                "`{value}` is not a known counterpart agency; use a code ({codes}) or a name"
            ),
            P::UnknownWord {
                value,
                what,
                allowed,
            } => write!(f, "`{value}` is not a {what}; expected one of: {allowed}"),
            P::NotYesOrNo { value } => write!(f, "`{value}` is not yes or no"),
            P::NotALeadTime { days, min, max } => write!(
                f,
                "{days} is not a lead time: give whole days before the deadline, {min} to {max}"
            ),
            P::LeadTimeTwice { days } => write!(f, "{days} is given twice: each lead time once"),
            P::NotACadence { days, min, max } => write!(
                f,
                "{days} is not a cadence: give whole days, {min} to {max}"
            ),
            P::NotAFileName => write!(f, "must be a file name, without a folder"),
            P::ReceivedAfterToday { date, today } => write!(f, "{date} is after today ({today})"),
            P::Empty => write!(f, "is empty"),
            P::FileTooLarge { size, limit } => {
                write!(f, "is {size}; the largest file kept is {limit}")
            }
            P::NotASha256 => write!(f, "must be 64 lowercase hexadecimal digits"),
            P::NotAMediaType { value } => write!(f, "`{value}` is not a media type (type/subtype)"),
            P::NoSuchAttachment { reference, sha256 } => {
                write!(f, "{reference} has no attachment {sha256}")
            }
            P::AlreadyAttached { reference, name } => {
                write!(f, "is already attached to {reference} (as {name})")
            }
            P::SizeMismatch { size, sha256, stored } => {
                write!(f, "is {size}; the file {sha256} kept here is {stored} bytes")
            }
            P::ContentMissing { sha256 } => write!(
                f,
                "the content of {sha256} is not in this database and was not given"
            ),
            P::HashChanged { got, sha256 } => write!(
                f,
                "its content's SHA-256 is {got}, not {sha256}: it changed while it was read"
            ),
            P::SizeChanged { size } => write!(
                f,
                "is no longer {size} bytes: it changed while it was read; attach it again"
            ),
            P::NoSuchFile { sha256 } => write!(f, "no file {sha256} is kept here"),
            P::CannotReadFile { path, detail } => write!(f, "cannot read {path}: {detail}"),
            P::FileUnreadable { path, detail } => write!(f, "{path} cannot be read: {detail}"),
            P::NotBase64 { name, detail } => {
                write!(f, "the content of {name} is not base64: {detail}")
            }
            P::FileExists { path } => write!(
                f,
                "{path} already exists; give another name, or choose to replace it"
            ),
            P::FileExistsChoose { path } => write!(
                f,
                "{path} already exists; choose it by its full name to replace it, or give another name"
            ),
            P::IsTheDatabaseItself => write!(f, "is the database itself; give a backup file"),
            P::NotABackup => write!(
                f,
                "is not one of this database's backups; choose one from the list"
            ),
            P::NotACalendar => write!(f, "must be us or prc"),
            P::NotADayKind => write!(f, "must be holiday or workday"),
            P::NotANotice {
                line,
                column,
                detail,
            } => write!(
                f,
                "is not a calendar notice (line {line}, column {column}): {detail}"
            ),
            P::NotANoticeYear { year } => write!(f, "{year} is not a year from 1900 to 2200"),
            P::SourceRequired => write!(f, "is required: the notice or order the days come from"),
            P::NoDays => write!(f, "lists no day"),
            P::NotInYear {
                date,
                year,
                previous,
            } => write!(
                f,
                "{date} is not in {year} (nor in December {previous}, for a New Year's make-up day)"
            ),
            P::ListedTwice { date } => write!(f, "{date} is listed twice"),
            P::MakeUpOnWeekday { date } => write!(
                f,
                "{date} is a weekday: a make-up working day is a Saturday or Sunday"
            ),
            P::StoredNotADate { value } => write!(f, "{value:?} is not a date"),
            P::BeforeFrom { to, from } => write!(f, "{to} is before FROM ({from})"),
            P::NotAnAgencyCode => write!(f, "must be 1 to 16 letters, digits, `-` or `_`"),
            P::CodeExists { code } => write!(f, "{code} already exists"),
            P::NameExists { name } => write!(f, "`{name}` already exists"),
            P::NotAKnownAgency { value } => write!(f, "`{value}` is not a known counterpart agency"),
            P::NotAShareAgency { value } => write!(
                f,
                "`{value}` is not an agency code (capitals, digits, _ or -: STATE, DOJ, DEA…)"
            ),
            P::UnknownFormatToApply { format, known } => write!(
                f,
                "operation format {format} is not known to this program (it applies {known})"
            ),
            P::UnknownFormatToRead { format, known } => write!(
                f,
                "operation format {format} is not known to this program (it reads {known})"
            ),
            P::RetractionOperation => write!(
                f,
                "a retraction is its own operation (retract), naming the event it retracts"
            ),
            P::SharingNeedsTeam => write!(
                f,
                "this database is not in a team: sharing is for items of a team"
            ),
            P::InATeam => write!(f, "this database is already in a team; leave it first"),
            P::NotInATeam => write!(f, "this database is not in a team"),
            P::NotInATeamJoin => write!(
                f,
                "this database is not in a team (join one: counterpart team join --server URL --user NAME)"
            ),
            P::InNoTeam => write!(f, "this database is in no team"),
            P::NoTeamPassword { account, detail } => write!(
                f,
                "no team password: set COUNTERPART_TEAM_PASSWORD, or keep it in the system keychain as {account} (the window does this when you join there) — {detail}"
            ),
            P::TeamUserExists { name } => write!(f, "{name} is a user of the team already"),
            P::ServerUrlRequired => write!(f, "the server's URL is required"),
            P::UserNameRequired => write!(f, "the user name is required"),
            P::PasswordRequired => write!(f, "the password is required"),
            P::ServerUrlNotAUrl => write!(
                f,
                "the server URL must be a URL: postgresql://host:port/database?sslmode=…"
            ),
            P::ServerUrlScheme => write!(f, "the server URL must begin with postgresql://"),
            P::ServerUrlPassword => write!(
                f,
                "the server URL must not carry a password (it is asked for, and kept in the keychain)"
            ),
            P::ServerUrlNotPostgresql => write!(f, "the server URL is not a postgresql:// URL"),
            P::ServerUrlRootCertTwice => {
                write!(f, "the server URL has sslrootcert more than once")
            }
            P::ServerUrlFallback { mode } => write!(
                f,
                "the server URL sslmode={mode} is refused: it falls back to plain text; \
                 write verify-full (the default), or disable for a lab server"
            ),
            P::ServerUrlUnknownMode { mode } => {
                write!(f, "the server URL has an unknown sslmode={mode}")
            }
            P::ServerUrlModeTwice => write!(f, "the server URL has sslmode more than once"),
            P::ServerUrlBadEscape => write!(f, "the server URL has a bad %-escape in sslrootcert"),
            P::ServerUrlRootCertNotUtf8 => {
                write!(f, "the server URL has an sslrootcert that is not UTF-8")
            }
            P::ServerUrlTlsSetup { detail } => write!(f, "the server URL TLS setup: {detail}"),
            P::ServerUrlNoRoots => write!(
                f,
                "the server URL has no sslrootcert and the system has no root certificates: \
                 write sslrootcert=FILE (the server's CA, PEM)"
            ),
            P::ServerUrlRootCertUnreadable { file, detail } => write!(
                f,
                "the server URL sslrootcert {file}: cannot be read as PEM: {detail}"
            ),
            P::ServerUrlRootCertNoCa { file } => {
                write!(f, "the server URL sslrootcert {file}: holds no CA certificate")
            }
            P::StartsWithPg { name } => write!(f, "{name:?} starts with pg_"),
            P::NotAUserName { value } => write!(
                f,
                "{value:?} is not a user name (a lowercase letter, then lowercase letters, digits or _, at most 63)"
            ),
            P::NotATeamAgency { value } => {
                write!(f, "{value:?} is not an agency code (e.g. STATE, DOJ, DEA)")
            }
            P::LinkedToItself => write!(f, "an item cannot be linked to itself"),
            P::NotLinkedAs { from, to, relation } => {
                write!(f, "{from} and {to} are not linked as `{relation}`")
            }
            P::NotLinked { from, to } => write!(f, "{from} and {to} are not linked"),
            P::LinkedSeveralTimes { count, relations } => write!(
                f,
                "the two items are linked {count} times; say which: {relations}"
            ),
            P::NotAField => write!(f, "is not a field of an item"),
            P::ChangesByEvent => write!(
                f,
                "changes by recording an event, not by editing the item"
            ),
            P::NotOfKind { kind } => write!(f, "does not apply to an item of kind {kind}"),
            P::AlreadyInDatabase { value } => write!(f, "{value} is already in the database"),
            P::EventOfAnotherItem { event } => write!(f, "event {event} belongs to another item"),
            P::RetractionNeedsTarget => {
                write!(f, "a retraction must name the event it retracts")
            }
            P::RetractionNeedsReason => write!(f, "a retraction needs the reason in its note"),
            P::StatusEventNeedsStatus => write!(f, "a status event needs the new status"),
            P::ClosedEventNeedsClosedStatus => write!(
                f,
                "a closed event needs a closed status: fulfilled, partially_fulfilled, declined or withdrawn"
            ),
            P::DueChangedNeedsDate => write!(f, "a due_changed event needs the new due date"),
            P::SetsNoStatus { event_type } => write!(
                f,
                "a {event_type} event does not set a status; record a status event"
            ),
            P::OnlyRetractionRetracts => write!(f, "only a retraction retracts an event"),
            P::DueBeforeTransmitted { date, transmitted } => write!(
                f,
                "{date} is before the transmitted date {transmitted}: move it first"
            ),
            P::EventRecorded { event } => write!(f, "event {event} is already recorded"),
            P::ArchivedAlready { reference } => write!(f, "{reference} is archived already"),
            P::NotArchived { reference } => write!(f, "{reference} is not archived"),
            P::NothingToChange => write!(
                f,
                "nothing to change: give the fields to change, e.g. --title or --due-on"
            ),
            P::NotAnEventId { value } => write!(f, "`{value}` is not an event id"),
            P::BeforeTransmission { event_type, on } => write!(
                f,
                "a {event_type} event on {on} comes before the item was transmitted"
            ),
            P::BeforeTransmissionOn {
                event_type,
                on,
                transmitted,
            } => write!(
                f,
                "a {event_type} event on {on} comes before the item was transmitted (on {transmitted})"
            ),
            P::NotAllowed {
                from_status,
                to_status,
                on,
            } => write!(
                f,
                "moving from {from_status} to {to_status} on {on} is not allowed"
            ),
            P::NotAllowedClosed {
                from_status,
                to_status,
                on,
            } => write!(
                f,
                "moving from {from_status} to {to_status} on {on} is not allowed (the item is closed)"
            ),
            P::AfterClosing {
                event_type,
                on,
                status,
            } => write!(
                f,
                "a {event_type} event on {on} comes after the item was closed ({status})"
            ),
            P::NeedsStatus { event_type } => write!(f, "a {event_type} event needs a status"),
            P::NeedsClosedStatus { event_type } => write!(
                f,
                "a {event_type} event needs a closed status (fulfilled, partially_fulfilled, declined or withdrawn)"
            ),
            P::NeedsDueDate { event_type } => {
                write!(f, "a {event_type} event needs the new due date")
            }
            P::RetractionUnnamed { retracts } => write!(
                f,
                "event {retracts} cannot be retracted: a retraction must name the event it retracts"
            ),
            P::RetractsForeign { retracts } => write!(
                f,
                "event {retracts} cannot be retracted: it is not an event of this item"
            ),
            P::RetractsRetraction { retracts } => write!(
                f,
                "event {retracts} cannot be retracted: a retraction cannot itself be retracted"
            ),
            P::RetractedAlready { retracts } => write!(
                f,
                "event {retracts} cannot be retracted: it is already retracted"
            ),
            P::DraftNoStatusDate => write!(f, "a draft has no status date"),
            P::DraftNotTransmitted => write!(
                f,
                "a draft has not been transmitted; leave it empty or give a status"
            ),
            P::RequiredForStatus { status } => {
                write!(f, "is required for an item in status {status}")
            }
            P::StatusOnIsTransmitted { transmitted } => write!(
                f,
                "for status transmitted it is the transmitted date {transmitted}"
            ),
            P::StatusDateRequired { status } => write!(
                f,
                "is required for status {status}: the date the item reached it"
            ),
            P::RowFailed { detail } => f.write_str(detail),
            P::EmptyCsv => write!(f, "the file is empty; a header row is required"),
            P::CannotBeRead { detail } => write!(f, "cannot be read: {detail}"),
            P::UnknownColumn { value, columns } => write!(
                f,
                "`{value}` is not a known column; the columns are: {columns}"
            ),
            P::NotUtf8 => write!(
                f,
                "cannot be read: the file is not UTF-8 text (save it from the spreadsheet as \"CSV UTF-8\")"
            ),
            P::ColumnTwice => write!(f, "the column appears twice"),
            P::ColumnMissing => write!(f, "the required column is missing"),
            P::CellCount { cells, header } => {
                write!(f, "has {cells} cells; the header has {header}")
            }
            P::TwiceOnLine { value, first } => write!(
                f,
                "{value} appears twice in the file (first on line {first})"
            ),
            P::TwiceAsItem { value, first } => write!(
                f,
                "{value} appears twice in the file (first as item {first})"
            ),
            P::LevelRequired { levels } => write!(
                f,
                "a raised event needs the level it was raised at: {levels}"
            ),
            P::NoLevel { event_type } => write!(
                f,
                "a {event_type} event has no level; only a raised event does"
            ),
            P::NoVenue { event_type } => write!(
                f,
                "a {event_type} event has no venue; only a raised event does"
            ),
            P::NotLeadDays { value, min, max } => write!(
                f,
                "`{value}` is not a number of days; give lead times like 7,1,0 (whole days, {min} to {max})"
            ),
            P::NotANumberOfDays { value } => write!(f, "`{value}` is not a number of days"),
            P::NoDeadlineDate {
                reference,
                deadline,
            } => write!(f, "{reference} has no {} date", deadline.noun()),
            P::NoDeadline { reference } => {
                write!(f, "{reference} has no deadline to be reminded of")
            }
            P::SeveralDeadlines {
                reference,
                deadlines,
            } => write!(
                f,
                "{reference} has several deadlines ({deadlines}): name the deadline meant"
            ),
            P::NotAReminderLead { lead, min, max } => write!(
                f,
                "{lead} is not a lead time (-1 for overdue, or {min} to {max} days)"
            ),
            P::ClosedNoDeadlines { reference } => write!(
                f,
                "{reference} is closed: it has no deadlines to be reminded of"
            ),
            P::DeadlineDateIs {
                reference,
                deadline,
                on,
                given,
            } => write!(
                f,
                "{reference}'s {} date is {on}, not {given}",
                deadline.noun()
            ),
            P::SnoozeNotAfterToday { until, today } => write!(
                f,
                "{until} is not after today ({today}): snooze to a later day"
            ),
            P::EmptyPassphrase => write!(f, "is empty; a database passphrase cannot be empty"),
            P::PassphraseToEncrypt { env } => write!(
                f,
                "is needed to encrypt the database with: give it with --passphrase-file FILE or {env}"
            ),
            P::PassphraseToOpen { env } => write!(
                f,
                "is needed to open the encrypted database: give it with --passphrase-file FILE or {env}"
            ),
            P::PassphraseToCreate { env } => write!(
                f,
                "is needed to create an encrypted database: give it with --passphrase-file FILE or {env}"
            ),
            P::NotAMarking { limit } => {
                write!(f, "must be one line of at most {limit} characters")
            }
            P::InRegistry { cas } => write!(f, "{cas} is already in the registry"),
            P::NotInRegistry { cas } => write!(f, "{cas} is not in the registry"),
            P::PdfANeedsPdf { format } => write!(
                f,
                "--pdf-a makes a PDF/A brief, and this brief is {format} (give --format pdf or a .pdf file)"
            ),
            P::DemoItem { reference, detail } => write!(f, "demo item {reference}: {detail}"),
            P::DemoNoEarlierEvent { reference, n } => {
                write!(f, "demo item {reference}: no earlier event {n}")
            }
            P::DemoBadPlaceholder { text } => {
                write!(f, "demo: `{text}` has a bad {{year N}} or {{yy N}}")
            }
            P::DemoLinksLater { from, to } => write!(
                f,
                "{from} links to {to}, which comes later or not at all"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::FieldError;

    /// The English of keyed problems is, byte for byte, what the messages said before they
    /// were keyed (the command line and its tests print it).
    #[test]
    fn keyed_problems_keep_their_english() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let cases: Vec<(Problem, &str)> = vec![
            (Problem::NotAFileName, "must be a file name, without a folder"),
            (
                Problem::NotInYear {
                    date: "2025-03-01".into(),
                    year: 2024,
                    previous: 2023,
                },
                "2025-03-01 is not in 2024 (nor in December 2023, for a New Year's make-up day)",
            ),
            (
                Problem::NotAllowedClosed {
                    from_status: Status::Fulfilled,
                    to_status: Status::InProgress,
                    on: "2024-06-01".into(),
                },
                "moving from fulfilled to in_progress on 2024-06-01 is not allowed (the item is closed)",
            ),
            (
                Problem::DeadlineDateIs {
                    reference: "EXT-1".into(),
                    deadline: Deadline::FollowUp,
                    on: d("2024-06-01"),
                    given: d("2024-05-01"),
                },
                "EXT-1's follow-up date is 2024-06-01, not 2024-05-01",
            ),
            (
                Problem::NotOfKind {
                    kind: Kind::Scheduling,
                },
                "does not apply to an item of kind scheduling",
            ),
            (
                Problem::NoVenue {
                    event_type: EventType::Note,
                },
                "a note event has no venue; only a raised event does",
            ),
            (
                Problem::NotUtf8,
                "cannot be read: the file is not UTF-8 text (save it from the spreadsheet as \"CSV UTF-8\")",
            ),
            (
                Problem::ServerUrlFallback {
                    mode: "prefer".into(),
                },
                "the server URL sslmode=prefer is refused: it falls back to plain text; write verify-full (the default), or disable for a lab server",
            ),
            (
                Problem::NotAUserName {
                    value: "Ana".into(),
                },
                "\"Ana\" is not a user name (a lowercase letter, then lowercase letters, digits or _, at most 63)",
            ),
            (
                Problem::StoredNotADate {
                    value: "2024-13".into(),
                },
                "\"2024-13\" is not a date",
            ),
            (
                Problem::DemoBadPlaceholder {
                    text: "EXT-{year 1".into(),
                },
                "demo: `EXT-{year 1` has a bad {year N} or {yy N}",
            ),
            (
                Problem::PassphraseToOpen {
                    env: "COUNTERPART_PASSPHRASE".into(),
                },
                "is needed to open the encrypted database: give it with --passphrase-file FILE or COUNTERPART_PASSPHRASE",
            ),
            (
                Problem::RowFailed {
                    detail: "database: disk I/O error".into(),
                },
                "database: disk I/O error",
            ),
        ];
        for (problem, english) in cases {
            assert_eq!(problem.to_string(), english, "{problem:?}");
            assert_eq!(FieldError::of("f", problem).message, english);
        }
    }

    /// A face words a problem by its key and parameters: the key is the variant's name in
    /// snake case, a kind, status, event type or deadline its key.
    #[test]
    fn problems_serialize_as_keys_with_their_parameters() {
        let p = Problem::NoDeadlineDate {
            reference: "EXT-1".into(),
            deadline: Deadline::FollowUp,
        };
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            serde_json::json!({ "key": "no_deadline_date", "reference": "EXT-1", "deadline": "follow_up" })
        );
        let p = Problem::SetsNoStatus {
            event_type: EventType::PrcResponse,
        };
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            serde_json::json!({ "key": "sets_no_status", "event_type": "prc_response" })
        );
    }

    /// A `Result<_, FieldError>` stays under clippy's `result_large_err` (128 bytes): a
    /// variant may hold at most 64 bytes of parameters.
    #[test]
    fn a_field_error_stays_small() {
        assert!(std::mem::size_of::<FieldError>() < 128);
    }
}
