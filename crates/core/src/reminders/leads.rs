//! Lead times: how many days before a deadline its reminders fire ([`Lead`]), and the
//! set of them in force ([`Leads`]) with the rule of which lead is current on a day.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::problem::Problem;
use crate::validate::{DayRange, FieldError, LEAD_DAYS};

/// A lead time: how many days before its deadline a reminder fires. [`Lead::OVERDUE`] (-1)
/// is the reminder the day after. Ordered by days before, so a smaller lead fires later.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Lead(pub i32);

impl Lead {
    /// The reminder the day after the deadline.
    pub const OVERDUE: Lead = Lead(-1);

    /// The day this reminder fires for a deadline on `deadline_on`.
    pub fn fire_on(self, deadline_on: NaiveDate) -> NaiveDate {
        add_days(deadline_on, -i64::from(self.0))
    }

    pub fn is_overdue(self) -> bool {
        self == Lead::OVERDUE
    }
}

impl fmt::Display for Lead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            -1 => f.write_str("overdue"),
            0 => f.write_str("on the day"),
            1 => f.write_str("1 day before"),
            n => write!(f, "{n} days before"),
        }
    }
}

/// `d` plus `n` days (negative: minus), saturating at chrono's range.
pub(crate) fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    let r = if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    };
    r.unwrap_or(if n >= 0 {
        NaiveDate::MAX
    } else {
        NaiveDate::MIN
    })
}

/// The lead times in force: distinct whole days before a deadline ([`LEAD_DAYS`]), earliest first,
/// and always the overdue reminder last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leads(Vec<Lead>);

impl Default for Leads {
    /// 7 days before, 1 day before, the day itself, then overdue.
    fn default() -> Self {
        Leads(vec![Lead(7), Lead(1), Lead(0), Lead::OVERDUE])
    }
}

impl Leads {
    /// Lead times from whole days before a deadline; refuses repeats and days outside
    /// [`LEAD_DAYS`], naming `field`.
    pub fn from_days(field: &str, days: &[i64]) -> Result<Leads, FieldError> {
        let mut v = Vec::with_capacity(days.len() + 1);
        for &d in days {
            if !LEAD_DAYS.contains(d) {
                let DayRange { min, max } = LEAD_DAYS;
                return Err(FieldError::of(
                    field,
                    crate::problem::Problem::NotALeadTime { days: d, min, max },
                ));
            }
            let lead = Lead(d as i32);
            if v.contains(&lead) {
                return Err(FieldError::of(
                    field,
                    crate::problem::Problem::LeadTimeTwice { days: d },
                ));
            }
            v.push(lead);
        }
        v.sort_by(|a, b| b.cmp(a));
        v.push(Lead::OVERDUE);
        Ok(Leads(v))
    }

    /// Lead times as written in the settings and on the command line: `7,1,0` (empty: only
    /// the overdue reminder).
    pub fn parse(field: &str, s: &str) -> Result<Leads, FieldError> {
        let mut days = Vec::new();
        for part in s.split(',').map(str::trim) {
            if part.is_empty() && s.trim().is_empty() {
                break;
            }
            let d: i64 = part.parse().map_err(|_| {
                let DayRange { min, max } = LEAD_DAYS;
                FieldError::of(
                    field,
                    Problem::NotLeadDays {
                        value: part.to_owned(),
                        min,
                        max,
                    },
                )
            })?;
            days.push(d);
        }
        Leads::from_days(field, &days)
    }

    /// Every lead, earliest to fire first, the overdue reminder last.
    pub fn all(&self) -> &[Lead] {
        &self.0
    }

    /// The days before a deadline (without the overdue reminder), largest first.
    pub fn days_before(&self) -> Vec<u16> {
        self.0
            .iter()
            .filter(|l| !l.is_overdue())
            .map(|l| l.0 as u16)
            .collect()
    }

    /// The lead that fires first (None when only the overdue reminder is set).
    pub fn first(&self) -> Option<Lead> {
        self.0.first().copied().filter(|l| !l.is_overdue())
    }

    /// As stored in the settings: `7,1,0`.
    pub fn to_setting(&self) -> String {
        self.days_before()
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The latest lead whose fire date has come by `today`: the reminder a deadline on
    /// `deadline_on` is at. None when even the first lead is still to come.
    pub fn current(&self, deadline_on: NaiveDate, today: NaiveDate) -> Option<Lead> {
        self.0
            .iter()
            .rev()
            .find(|l| l.fire_on(deadline_on) <= today)
            .copied()
    }

    /// The next lead to fire after `today` (None once the overdue reminder's day has come).
    pub fn next(&self, deadline_on: NaiveDate, today: NaiveDate) -> Option<Lead> {
        self.0
            .iter()
            .find(|l| l.fire_on(deadline_on) > today)
            .copied()
    }

    /// The last deadline date with a reminder due by `today`: deadlines after it have
    /// nothing due yet.
    pub fn horizon(&self, today: NaiveDate) -> NaiveDate {
        add_days(today, i64::from(self.0[0].0))
    }

    /// For each lead, latest firing first: the last deadline date at which it is the
    /// current lead on `today` (a deadline on `d` is at the first lead with `d <= date`).
    /// The store builds its candidate filter from these, so that it agrees with
    /// [`Leads::current`].
    pub fn thresholds(&self, today: NaiveDate) -> Vec<(Lead, NaiveDate)> {
        self.0
            .iter()
            .rev()
            .map(|l| (*l, add_days(today, i64::from(l.0))))
            .collect()
    }
}
