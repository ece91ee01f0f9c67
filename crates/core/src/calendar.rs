//! Working days on the two calendars, U.S. federal and PRC, counted like calendar days:
//! the days d with `from < d ≤ to`, less Saturdays, Sundays and holidays, plus the PRC's
//! make-up working days (调休). Pure: the days the user added are passed in.
//!
//! - U.S. ([`us`]): the holidays of 5 U.S.C. 6103, computed, with the weekend rule; plus
//!   the closures of executive departments by executive order, as data with their source.
//!   Inauguration Day (a holiday only in the Washington, D.C., area) is left out.
//! - PRC ([`prc`]): the State Council's annual notices, from the `chinese_holiday` crate
//!   (2004-01-01 to 2026-12-25). A day outside the published years counts as a weekday
//!   or not, and the count that includes it is marked estimated.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::problem::Problem;

pub mod cached;
pub mod cumulative;
mod notice;
pub mod prc;
pub mod us;

pub use notice::{Notice, NoticeDay};

/// One of the two calendars.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Calendar {
    Us,
    Prc,
}

impl Calendar {
    pub const ALL: [Calendar; 2] = [Calendar::Us, Calendar::Prc];

    pub fn as_str(self) -> &'static str {
        match self {
            Calendar::Us => "us",
            Calendar::Prc => "prc",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "us" => Ok(Calendar::Us),
            "prc" => Ok(Calendar::Prc),
            _ => Err(Error::field("calendar", Problem::NotACalendar)),
        }
    }
}

/// What a listed day is: a day off, or a Saturday or Sunday that is a working day.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    Holiday,
    Workday,
}

impl DayKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "holiday" => Ok(DayKind::Holiday),
            "workday" => Ok(DayKind::Workday),
            _ => Err(Error::field("kind", Problem::NotADayKind)),
        }
    }
}

/// A day the program knows on a calendar, with where it comes from.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub calendar: Calendar,
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name: String,
    pub source: String,
}

/// The source of a day the user added.
pub const ADDED_BY_USER: &str = "added by the user";

/// A number of working days, and whether a year in the span has no published calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Count {
    pub days: i64,
    pub estimated: bool,
}

impl std::ops::Sub for Count {
    type Output = Count;
    fn sub(self, o: Count) -> Count {
        Count {
            days: self.days - o.days,
            estimated: self.estimated || o.estimated,
        }
    }
}

/// The published calendars with the days the user added (which win over them).
#[derive(Debug, Clone, Default)]
pub struct Calendars {
    added: HashMap<(Calendar, NaiveDate), CalendarDay>,
    /// The years whose notice the user loaded (published, like the program's own years).
    loaded: HashSet<(Calendar, i32)>,
}

pub(crate) fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

impl Calendars {
    /// The published calendars plus the user's days (a later one for the same day wins).
    pub fn new(added: impl IntoIterator<Item = CalendarDay>) -> Self {
        Calendars {
            added: added
                .into_iter()
                .map(|d| ((d.calendar, d.date), d))
                .collect(),
            loaded: HashSet::new(),
        }
    }

    /// The same, with the years whose notice the user loaded counted as published.
    pub fn with_loaded(mut self, years: impl IntoIterator<Item = (Calendar, i32)>) -> Self {
        self.loaded.extend(years);
        self
    }

    /// The years whose notice the user loaded.
    pub fn loaded(&self) -> &HashSet<(Calendar, i32)> {
        &self.loaded
    }

    /// Whether published data covers the day: the program's own, or a notice loaded (a
    /// year's notice also fixes the last days of the year before: see [`Notice`]).
    pub fn published(&self, cal: Calendar, d: NaiveDate) -> bool {
        notice::covered(&self.loaded, cal, d)
            || match cal {
                Calendar::Us => us::published(d),
                Calendar::Prc => prc::published(d),
            }
    }

    /// Whether the day is a working day on the calendar.
    pub fn is_working(&self, cal: Calendar, d: NaiveDate) -> bool {
        self.count(cal, d.pred_opt().unwrap_or(d), d).days == 1
    }

    /// The working days d with `from < d ≤ to` (none when `to ≤ from`).
    pub fn count(&self, cal: Calendar, from: NaiveDate, to: NaiveDate) -> Count {
        if to <= from {
            return Count::default();
        }
        let special: HashMap<NaiveDate, DayKind> = (from.year()..=to.year())
            .flat_map(|y| self.days(cal, y))
            .map(|d| (d.date, d.kind))
            .collect();
        let mut c = Count::default();
        for d in from.iter_days().skip(1).take_while(|d| *d <= to) {
            let working = match special.get(&d) {
                Some(DayKind::Holiday) => false,
                Some(DayKind::Workday) => true,
                None => !is_weekend(d),
            };
            c.days += i64::from(working);
            c.estimated |= !self.published(cal, d);
        }
        c
    }

    /// The days the program knows on a calendar in a year: the published ones and the
    /// user's, by date.
    pub fn days(&self, cal: Calendar, year: i32) -> Vec<CalendarDay> {
        let mut days: HashMap<NaiveDate, CalendarDay> = match cal {
            Calendar::Us => us::year(year),
            Calendar::Prc => prc::year(year),
        }
        .into_iter()
        .map(|d| (d.date, d))
        .collect();
        for a in self.added.values() {
            if a.calendar == cal && a.date.year() == year {
                days.insert(a.date, a.clone());
            }
        }
        let mut days: Vec<CalendarDay> = days.into_values().collect();
        days.sort_by_key(|d| d.date);
        days
    }
}

/// An item's working days with counterpart on both calendars: counted over the spans of
/// its days with counterpart ([`crate::clock::Span`]), pauses left out.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WorkingDays {
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub working_days_with_counterpart_us: Option<i64>,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub working_days_with_counterpart_prc: Option<i64>,
    /// A year in the span has no published calendar (the count is of weekdays there).
    pub working_days_estimated: bool,
}

impl WorkingDays {
    pub fn of(cals: &Calendars, span: Option<&crate::clock::Span>) -> Self {
        Self::counted(|cal, from, to| cals.count(cal, from, to), span)
    }

    /// [`WorkingDays::of`] with the days counted by `count` (the cumulative counters', for
    /// many items: [`cumulative::Counters::count`]).
    pub fn counted(
        count: impl Fn(Calendar, NaiveDate, NaiveDate) -> Count,
        span: Option<&crate::clock::Span>,
    ) -> Self {
        let Some(span) = span else {
            return WorkingDays::default();
        };
        let count = |cal| {
            span.pauses
                .iter()
                .fold(count(cal, span.from, span.to), |c, p| {
                    c - count(cal, p.0, p.1)
                })
        };
        let (us, prc) = (count(Calendar::Us), count(Calendar::Prc));
        WorkingDays {
            working_days_with_counterpart_us: Some(us.days.max(0)),
            working_days_with_counterpart_prc: Some(prc.days.max(0)),
            working_days_estimated: us.estimated || prc.estimated,
        }
    }

    /// The words that follow the days with counterpart, e.g. " — 258 U.S. working days,
    /// 252 PRC working days"; empty for a draft.
    pub fn words(&self) -> String {
        let (Some(us), Some(prc)) = (
            self.working_days_with_counterpart_us,
            self.working_days_with_counterpart_prc,
        ) else {
            return String::new();
        };
        let plural = |n: i64| if n == 1 { "day" } else { "days" };
        let estimated = if self.working_days_estimated {
            " (estimated: a year without a published calendar counts weekdays)"
        } else {
            ""
        };
        format!(
            " — {us} U.S. working {}, {prc} PRC working {}{estimated}",
            plural(us),
            plural(prc)
        )
    }

    /// The same in Chinese (the glossary's terms): "——美方工作日 258 天，中方工作日 252 天".
    pub fn words_zh(&self) -> String {
        let (Some(us), Some(prc)) = (
            self.working_days_with_counterpart_us,
            self.working_days_with_counterpart_prc,
        ) else {
            return String::new();
        };
        let estimated = if self.working_days_estimated {
            "（估算：未公布节假日安排的年份按周一至周五计）"
        } else {
            ""
        };
        format!("——美方工作日 {us} 天，中方工作日 {prc} 天{estimated}")
    }
}

#[cfg(test)]
mod tests;
