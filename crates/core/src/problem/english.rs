//! The English of each [`Problem`]: the `FieldError::message` the command line prints and
//! the window shows in English.

use std::fmt;

use super::Problem;

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
            P::NotAListCursor => write!(
                f,
                "this place in the list belongs to another order (or was not given by the list): start from the first page"
            ),
            P::NotInList { reference } => write!(
                f,
                "{reference} is not in this list (its filters or search leave it out)"
            ),
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
