//! A year's calendar as its notice publishes it: the State Council's annual notice of
//! holidays and make-up working days (国务院办公厅关于部分节假日安排的通知), or for the
//! U.S. the year's closures by executive order. Loading one
//! ([`crate::op::Change::PublishCalendar`]) makes the year published, so that its counts
//! are no longer estimated; the program's own data need not wait for a release.
//!
//! A notice for year Y may also list days of December of Y − 1: the make-up working days
//! of a New Year holiday can fall there, which is why the program's own data stop before
//! the end of its last year ([`super::prc`]). A loaded notice for Y therefore counts the
//! days from [`FIXES_FROM`] December of Y − 1 on as published too.
//!
//! The file form (`counterpart holidays import FILE`) is this type as JSON:
//!
//! ```json
//! {"calendar": "prc", "year": 2027,
//!  "source": "国务院办公厅关于2027年部分节假日安排的通知",
//!  "days": [{"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
//!           {"date": "2027-02-07", "kind": "workday", "name": "春节调休"}]}
//! ```

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use super::{is_weekend, Calendar, DayKind};
use crate::error::{Error, Result};
use crate::problem::Problem;
use crate::validate::{check_text, FieldError};

/// One day of a notice.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name: String,
}

/// A year's calendar with its source: every day off and make-up working day of the year.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    pub calendar: Calendar,
    pub year: i32,
    /// The notice or order (its title, number, date or address).
    pub source: String,
    pub days: Vec<NoticeDay>,
}

/// The years a notice can be for (those of the `calendar_year` table's check).
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// The day of December from which a year's notice fixes the year before's days.
pub const FIXES_FROM: u32 = 20;

/// Whether the notice for `year` may list the day: a day of the year, or of December of
/// the year before.
fn in_reach(year: i32, d: NaiveDate) -> bool {
    d.year() == year || (d.year() == year - 1 && d.month() == 12)
}

/// Whether a loaded notice covers the day (its own year, or the last days of the year
/// before, from [`FIXES_FROM`] December).
pub(crate) fn covered(loaded: &HashSet<(Calendar, i32)>, cal: Calendar, d: NaiveDate) -> bool {
    loaded.contains(&(cal, d.year()))
        || (d.month() == 12 && d.day() >= FIXES_FROM && loaded.contains(&(cal, d.year() + 1)))
}

impl Notice {
    /// Reads a notice from its JSON file form; a malformed file is an error naming the
    /// place it breaks.
    pub fn from_json(text: &str) -> Result<Notice> {
        serde_json::from_str(text).map_err(|e| {
            Error::field(
                "notice",
                Problem::NotANotice {
                    line: u32::try_from(e.line()).unwrap_or(u32::MAX),
                    column: u32::try_from(e.column()).unwrap_or(u32::MAX),
                    detail: e.to_string(),
                },
            )
        })
    }

    /// Every problem of the notice, each naming its field (`days[2].date`…).
    pub fn check(&self) -> Result<()> {
        let mut errors: Vec<FieldError> = Vec::new();
        if !YEARS.contains(&self.year) {
            errors.push(FieldError::of(
                "year",
                Problem::NotANoticeYear { year: self.year },
            ));
        }
        let source = self.source.trim();
        if source.is_empty() {
            errors.push(FieldError::of("source", Problem::SourceRequired));
        }
        check_text(&mut errors, "source", source, 500, false);
        if self.days.is_empty() {
            errors.push(FieldError::of("days", Problem::NoDays));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, d) in self.days.iter().enumerate() {
            let field = |f: &str| format!("days[{i}].{f}");
            if !in_reach(self.year, d.date) {
                errors.push(FieldError::of(
                    field("date"),
                    Problem::NotInYear {
                        date: d.date.to_string(),
                        year: self.year,
                        previous: self.year - 1,
                    },
                ));
            }
            if !seen.insert(d.date) {
                errors.push(FieldError::of(
                    field("date"),
                    Problem::ListedTwice {
                        date: d.date.to_string(),
                    },
                ));
            }
            if d.kind == DayKind::Workday && !is_weekend(d.date) {
                errors.push(FieldError::of(
                    field("kind"),
                    Problem::MakeUpOnWeekday {
                        date: d.date.to_string(),
                    },
                ));
            }
            let name = d.name.trim();
            if name.is_empty() {
                errors.push(FieldError::of(field("name"), Problem::Required));
            }
            check_text(&mut errors, &field("name"), name, 200, false);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(errors))
        }
    }

    /// How many days off and make-up working days it lists.
    pub fn counts(&self) -> (usize, usize) {
        let off = self
            .days
            .iter()
            .filter(|d| d.kind == DayKind::Holiday)
            .count();
        (off, self.days.len() - off)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice() -> Notice {
        Notice::from_json(
            r#"{"calendar": "prc", "year": 2027, "source": "State Council notice for 2027",
                "days": [{"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
                         {"date": "2027-02-06", "kind": "workday", "name": "春节调休"}]}"#,
        )
        .unwrap()
    }

    fn fields(e: Error) -> Vec<String> {
        match e {
            Error::Invalid(v) => v.into_iter().map(|f| f.field).collect(),
            other => panic!("not a field error: {other}"),
        }
    }

    #[test]
    fn a_good_notice_passes_and_counts_its_days() {
        let n = notice();
        n.check().unwrap();
        assert_eq!(n.counts(), (1, 1));
    }

    #[test]
    fn each_problem_names_its_field() {
        let mut n = notice();
        n.source = "  ".into();
        n.days[0].date = "2026-11-30".parse().unwrap();
        n.days.push(NoticeDay {
            date: "2027-02-06".parse().unwrap(),
            kind: DayKind::Holiday,
            name: String::new(),
        });
        n.days.push(NoticeDay {
            date: "2027-02-08".parse().unwrap(), // a Monday
            kind: DayKind::Workday,
            name: "x".into(),
        });
        assert_eq!(
            fields(n.check().unwrap_err()),
            [
                "source",
                "days[0].date",
                "days[2].date",
                "days[2].name",
                "days[3].kind"
            ]
        );
    }

    #[test]
    fn a_malformed_file_says_where() {
        let e = Notice::from_json("{\"calendar\": \"prc\",\n \"year\": \"soon\"}").unwrap_err();
        let text = e.to_string();
        assert!(text.contains("notice") && text.contains("line 2"), "{text}");
        let e =
            Notice::from_json(r#"{"calendar": "mars", "year": 2027, "source": "x", "days": []}"#)
                .unwrap_err();
        assert!(e.to_string().contains("mars"), "{e}");
    }
    #[test]
    fn a_notice_covers_its_year_and_the_last_days_of_the_one_before() {
        let loaded: HashSet<(Calendar, i32)> = [(Calendar::Prc, 2027)].into();
        let on = |s: &str| covered(&loaded, Calendar::Prc, s.parse().unwrap());
        assert!(on("2027-01-01") && on("2027-12-31") && on("2026-12-20"));
        assert!(!on("2026-12-19") && !on("2028-01-01"));
        assert!(!covered(
            &loaded,
            Calendar::Us,
            "2027-06-01".parse().unwrap()
        ));
        let mut n = notice();
        n.days[1].date = "2026-12-27".parse().unwrap(); // a Sunday before New Year's Day
        n.check().unwrap();
    }
}
