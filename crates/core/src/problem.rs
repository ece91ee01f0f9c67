//! What is wrong with a field, as a stable key with its parameters: a face words it in its
//! user's language (the window's Chinese table in `ui/src/i18n` must cover every key: its
//! type check fails otherwise). The English of [`Problem`]'s `Display` is the
//! `FieldError::message` the command line prints and the window shows in English.
//!
//! To key a message: add a variant here (at the end, before `Other`), its English below,
//! build the error with `FieldError::of(field, Problem::…)`, regenerate the bindings, and
//! add the key to `ui/src/i18n/en/index.ts` (`problem`) and `zh-CN/index.ts`.

use serde::Serialize;
use std::fmt;

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
        what: String,
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
    /// Not yet keyed: the core's English, shown as it is in every language.
    Other {
        message: String,
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
            P::Other { message } => f.write_str(message),
        }
    }
}
