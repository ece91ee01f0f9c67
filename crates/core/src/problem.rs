//! What is wrong with a field, as a stable key with its parameters: a face words it in its
//! user's language (the window's Chinese table in `ui/src/i18n` must cover every key: its
//! type check fails otherwise). The English of [`Problem`]'s `Display` is the
//! `FieldError::message` the command line prints and the window shows in English.
//!
//! Every field error is keyed: `FieldError::of` and `Error::field` take a `Problem`, and
//! there is no variant for free text, so a message cannot reach the window unkeyed (the
//! core's, the command line's, the team crate's and the desktop shell's alike).
//!
//! To add a message: add a variant here (in its group), its English in `problem/english.rs`, build the error
//! with `FieldError::of(field, Problem::…)` or `Error::field`, regenerate the bindings, and
//! add the key to `ui/src/i18n/en/index.ts` (`problem`) and `zh-CN/index.ts` in the
//! glossary's terms (`docs/glossary.md`).
//!
//! Parameters are data: a value typed, a date, a count, a reference. A kind, a status, an
//! event type or a deadline is typed (it goes out as its key, which the English prints and
//! the window words with the glossary's term). A reason from a library or the system (the
//! csv crate's, rustls's, an I/O error's) is a `detail`, shown as it is in every language.
//! Keep each variant's parameters within 64 bytes (a `Result<_, FieldError>` must stay
//! under clippy's `result_large_err`: see the size test in `problem/tests.rs`).

use chrono::NaiveDate;
use serde::Serialize;

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
    // Paging the list.
    /// A list cursor the core did not make, or made for another order.
    NotAListCursor,
    /// `--after` names an item that is not one of the list's rows.
    NotInList {
        reference: String,
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

mod english;

#[cfg(test)]
mod tests;
