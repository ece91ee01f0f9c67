//! Checks on what people type, each failure naming the field (by its CSV column name) and
//! the problem. Nothing is truncated: text over a limit is refused.

use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;

use crate::model::{Details, ItemFields};
pub use crate::problem::Problem;

/// Longest title, in characters.
pub const MAX_TITLE: usize = 500;
/// Longest notes (item notes, event notes, commitment texts), in characters.
pub const MAX_NOTES: usize = 100_000;
/// Longest reference, in characters.
pub const MAX_REFERENCE: usize = 100;
/// Longest other one-line field (names, districts, charges…), in characters.
pub const MAX_SHORT: usize = 2_000;
/// Most tags on one item, and the longest tag.
pub const MAX_TAGS: usize = 50;
pub const MAX_TAG: usize = 100;
/// Longest handling marking of a brief, in characters.
pub const MAX_MARKING: usize = 120;
/// Lead times: whole days before a deadline.
pub const LEAD_DAYS: DayRange = DayRange { min: 0, max: 365 };
/// Follow-up cadences: whole days.
pub const CADENCE_DAYS: DayRange = DayRange { min: 1, max: 3650 };

/// A range of whole days, both ends included.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayRange {
    pub min: u32,
    pub max: u32,
}

impl DayRange {
    pub fn contains(self, days: i64) -> bool {
        (i64::from(self.min)..=i64::from(self.max)).contains(&days)
    }
}

/// The limits the core holds what people type to, for a face to show beforehand (an
/// input's `maxlength`, `min`, `max`, a hint). The core still checks every value: these
/// only let a face say the limit, never decide in its place.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Characters in a brief's handling marking ([`MAX_MARKING`]).
    pub marking_chars: u32,
    /// Characters in a title, and in a brief's title and "prepared by" ([`MAX_TITLE`]).
    pub title_chars: u32,
    /// Lead times, in days before a deadline ([`LEAD_DAYS`]).
    pub lead_days: DayRange,
    /// Follow-up cadences, in days ([`CADENCE_DAYS`]).
    pub cadence_days: DayRange,
}

/// The limits in force (the window's bindings carry them as `LIMITS`).
pub const LIMITS: Limits = Limits {
    marking_chars: MAX_MARKING as u32,
    title_chars: MAX_TITLE as u32,
    lead_days: LEAD_DAYS,
    cadence_days: CADENCE_DAYS,
};

/// One problem with one field.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field, as its CSV column / form field name (`due_on`, `cas_number`…).
    pub field: String,
    /// In English (the command line's words).
    pub message: String,
    /// The same, as a key with its parameters, for a face to word in its language.
    pub problem: Problem,
}

impl FieldError {
    /// A problem with `field`; its message is the problem's English.
    pub fn of(field: impl Into<String>, problem: Problem) -> Self {
        FieldError {
            field: field.into(),
            message: problem.to_string(),
            problem,
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Parses a `YYYY-MM-DD` date, refusing other shapes and dates that do not exist.
pub fn parse_date(field: &str, s: &str) -> Result<NaiveDate, FieldError> {
    let s = s.trim();
    let shaped = s.len() == 10
        && s.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            _ => c.is_ascii_digit(),
        });
    if !shaped {
        return Err(FieldError::of(
            field,
            Problem::NotADate { value: shorten(s) },
        ));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        FieldError::of(
            field,
            Problem::NotARealDate {
                value: s.to_owned(),
            },
        )
    })
}

/// Checks a CAS registry number (e.g. `1609-66-1`) by its form and check digit.
pub fn check_cas(s: &str) -> Result<(), Problem> {
    let parts: Vec<&str> = s.split('-').collect();
    let shaped = parts.len() == 3
        && (2..=7).contains(&parts[0].len())
        && parts[1].len() == 2
        && parts[2].len() == 1
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !shaped {
        return Err(Problem::NotACasNumber { value: shorten(s) });
    }
    let body: Vec<u32> = parts[0]
        .chars()
        .chain(parts[1].chars())
        .map(|c| c.to_digit(10).unwrap_or(0))
        .collect();
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| (i as u32 + 1) * d)
        .sum();
    let check = parts[2]
        .chars()
        .next()
        .and_then(|c| c.to_digit(10))
        .unwrap_or(99);
    if sum % 10 != check {
        return Err(Problem::CasCheckDigit {
            value: s.to_owned(),
            expected: format!("{}-{}-{}", parts[0], parts[1], sum % 10),
        });
    }
    Ok(())
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_owned()
    }
}

/// The bidirectional embedding, override and isolate controls (U+202A–U+202E,
/// U+2066–U+2069). Ordinary text never needs them (a right-to-left name shows right to left
/// without them), and they can make a reference or a date on a brief read as something
/// else ("Trojan Source"): refused in every text field.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Checks one text field: length limit, no control characters (newlines and tabs are
/// allowed where `multiline`) and no bidirectional controls.
pub fn check_text(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    max: usize,
    multiline: bool,
) {
    let n = value.chars().count();
    if n > max {
        errors.push(FieldError::of(
            field,
            Problem::TooLong {
                length: n as u32,
                limit: max as u32,
            },
        ));
        return;
    }
    let bad = value
        .chars()
        .find(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')));
    if let Some(c) = bad {
        errors.push(FieldError::of(
            field,
            Problem::ControlCharacter {
                code: format!("U+{:04X}", c as u32),
            },
        ));
    } else if let Some(c) = value.chars().find(|&c| is_bidi_control(c)) {
        errors.push(FieldError::of(
            field,
            Problem::BidiControl {
                code: format!("U+{:04X}", c as u32),
            },
        ));
    }
}

/// Longest user name (recorded with every change), in characters.
pub const MAX_USER_NAME: usize = 200;

/// The user name recorded with changes, from what was typed: trimmed, empty meaning none;
/// one line of at most [`MAX_USER_NAME`] characters. An error names `user_name`.
pub fn user_name(typed: &str) -> crate::Result<Option<String>> {
    let name = typed.trim();
    let mut e = Vec::new();
    check_text(&mut e, "user_name", name, MAX_USER_NAME, false);
    if !e.is_empty() {
        return Err(crate::Error::Invalid(e));
    }
    Ok((!name.is_empty()).then(|| name.to_owned()))
}

/// Checks the fields of an item as the user entered them. `transmitted_on` is the item's
/// transmitted date, if it has one, for the order of dates.
pub fn check_item(f: &ItemFields, transmitted_on: Option<NaiveDate>) -> Vec<FieldError> {
    let mut e = Vec::new();
    if f.reference.trim().is_empty() {
        e.push(FieldError::of("reference", Problem::Required));
    } else {
        check_text(&mut e, "reference", &f.reference, MAX_REFERENCE, false);
        if f.reference.trim() != f.reference {
            e.push(FieldError::of("reference", Problem::EdgeSpaces));
        }
    }
    if f.title.trim().is_empty() {
        e.push(FieldError::of("title", Problem::Required));
    } else {
        check_text(&mut e, "title", &f.title, MAX_TITLE, false);
    }
    if let Some(v) = &f.title_zh {
        check_text(&mut e, "title_zh", v, MAX_TITLE, false);
    }
    if f.counterpart.trim().is_empty() {
        e.push(FieldError::of("counterpart", Problem::Required));
    }
    for (name, v) in [("us_agency", &f.us_agency), ("owner", &f.owner)] {
        if let Some(v) = v {
            check_text(&mut e, name, v, MAX_SHORT, false);
        }
    }
    if let Some(v) = &f.notes {
        check_text(&mut e, "notes", v, MAX_NOTES, true);
    }
    if f.tags.len() > MAX_TAGS {
        e.push(FieldError::of(
            "tags",
            Problem::TooManyTags {
                count: f.tags.len() as u32,
                limit: MAX_TAGS as u32,
            },
        ));
    }
    for t in &f.tags {
        if t.trim().is_empty() || t.contains(';') {
            e.push(FieldError::of(
                "tags",
                Problem::NotATag { value: shorten(t) },
            ));
        } else {
            check_text(&mut e, "tags", t, MAX_TAG, false);
        }
    }
    if let (Some(due), Some(tx)) = (f.due_on, transmitted_on) {
        if due < tx {
            e.push(FieldError::of("due_on", before_transmitted(due, tx)));
        }
    }
    if let (Some(fu), Some(tx)) = (f.follow_up_on, transmitted_on) {
        if fu < tx {
            e.push(FieldError::of("follow_up_on", before_transmitted(fu, tx)));
        }
    }
    check_details(&mut e, &f.details);
    e
}

/// `date` is before the transmitted date `tx`.
pub fn before_transmitted(date: NaiveDate, tx: NaiveDate) -> Problem {
    Problem::BeforeTransmitted {
        date: date.to_string(),
        transmitted: tx.to_string(),
    }
}

fn check_details(e: &mut Vec<FieldError>, d: &Details) {
    let short = |e: &mut Vec<FieldError>, name: &str, v: &Option<String>| {
        if let Some(v) = v {
            check_text(e, name, v, MAX_SHORT, true);
        }
    };
    match d {
        Details::Extradition(x) => {
            short(e, "subject", &x.subject);
            short(e, "subject_zh", &x.subject_zh);
            short(e, "charges", &x.charges);
            short(e, "district", &x.district);
        }
        Details::Indictment(x) => {
            short(e, "case_number", &x.case_number);
            short(e, "district", &x.district);
            short(e, "charges", &x.charges);
            if let Some(v) = &x.defendants {
                check_text(e, "defendants", v, MAX_NOTES, true);
            }
        }
        Details::Scheduling(x) => {
            short(e, "substance", &x.substance);
            short(e, "us_control_status", &x.us_control_status);
            short(e, "prc_control_status", &x.prc_control_status);
            if let Some(cas) = &x.cas_number {
                if let Err(m) = check_cas(cas) {
                    e.push(FieldError::of("cas_number", m));
                }
            }
        }
        Details::Commitment(x) => {
            short(e, "forum", &x.forum);
            for (name, v) in [("text_en", &x.text_en), ("text_zh", &x.text_zh)] {
                if let Some(v) = v {
                    check_text(e, name, v, MAX_NOTES, true);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("due_on", "2024-02-29").unwrap().to_string(),
            "2024-02-29"
        );
        let cases = [
            ("2024-02-30", "is not a real date"),
            ("2023-02-29", "is not a real date"),
            ("2024-13-01", "is not a real date"),
            ("2024-2-3", "YYYY-MM-DD"),
            ("03/04/2024", "YYYY-MM-DD"),
            ("", "YYYY-MM-DD"),
            ("２０２４-01-01", "YYYY-MM-DD"),
        ];
        for (input, expected) in cases {
            let err = parse_date("due_on", input).unwrap_err();
            assert_eq!(err.field, "due_on");
            assert!(err.message.contains(expected), "{input}: {}", err.message);
        }
    }

    #[test]
    fn cas_numbers() {
        for ok in [
            "1609-66-1",
            "7361-61-7",
            "39742-60-4",
            "41661-47-6",
            "125541-22-2",
            "50-00-0",
        ] {
            assert!(check_cas(ok).is_ok(), "{ok} is a valid CAS number");
        }
        let err = check_cas("1609-66-2").unwrap_err().to_string();
        assert!(
            err.contains("wrong check digit") && err.contains("1609-66-1"),
            "{err}"
        );
        for bad in [
            "160966-1",
            "1-66-1",
            "abcd-66-1",
            "1609-6-1",
            "12345678-66-1",
        ] {
            assert!(check_cas(bad).is_err(), "{bad} must be refused");
        }
    }

    #[test]
    fn text_limits_refuse_rather_than_truncate() {
        let mut e = Vec::new();
        check_text(&mut e, "title", &"x".repeat(MAX_TITLE), MAX_TITLE, false);
        assert!(e.is_empty());
        check_text(
            &mut e,
            "title",
            &"x".repeat(MAX_TITLE + 1),
            MAX_TITLE,
            false,
        );
        assert_eq!(e[0].field, "title");
        assert!(e[0].message.contains("501"), "{}", e[0]);
        let mut e = Vec::new();
        check_text(&mut e, "title", "a\u{0}b", MAX_TITLE, false);
        assert!(e[0].message.contains("control character"));
    }

    #[test]
    fn bidirectional_controls_are_refused_in_every_text() {
        // "EXT-1" followed by U+202E and "1-TXE" would read as another reference.
        for c in [
            '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2069}',
        ] {
            for multiline in [false, true] {
                let mut e = Vec::new();
                check_text(
                    &mut e,
                    "reference",
                    &format!("EXT-1{c}abc"),
                    MAX_TITLE,
                    multiline,
                );
                assert_eq!(e.len(), 1, "U+{:04X} refused", c as u32);
                assert_eq!(e[0].field, "reference");
                assert!(e[0].message.contains("bidirectional"), "{}", e[0]);
            }
        }
        // Right-to-left and Chinese text themselves are fine.
        let mut e = Vec::new();
        check_text(&mut e, "notes", "林某 — مرحبا\n", MAX_TITLE, true);
        assert!(e.is_empty(), "{e:?}");
        assert!(user_name("Ana\u{202e}lyst").is_err());
    }
}
