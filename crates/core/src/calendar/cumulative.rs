//! A cumulative working-day counter per calendar: `C(n)` such that the working days d with
//! `a < d ≤ b` are `C(b) − C(a)`, in O(log n) (a binary search), where
//! [`Calendars::count`] walks the days. The list caches, per item, a base `B` with
//! "working days today = C(today) − B" (see [`super::cached`]), so that it sorts by
//! working days through an index as it does by calendar days.
//!
//! `C(n)` = the weekdays up to day `n` (closed form) + the sum of the published calendar's
//! corrections up to `n` (a holiday on a weekday −1, a working Saturday or Sunday +1, kept
//! as a sorted table with running sums for the years [`FIRST_YEAR`]–[`LAST_YEAR`]) + the
//! same for the days the user added (over the published day they replace). Outside those
//! years `C` goes on by [`Calendars::count`] from the table's edge: slow but exact.
//!
//! `C`'s zero is arbitrary (only differences count), so the stored bases are worth
//! something only with the calendars they were made with: they are made again whenever
//! the user adds a day, or the built-in data changes ([`fingerprint`]).

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::NaiveDate;

use super::{prc, us, Calendar, Calendars, DayKind};
use crate::clock::day_number;

/// The years the tables cover (a day outside them is counted from the table's edge).
pub const FIRST_YEAR: i32 = 1950;
pub const LAST_YEAR: i32 = 2150;

/// The place of a calendar in [`Calendar::ALL`] (and in the arrays here).
pub(crate) fn index(cal: Calendar) -> usize {
    usize::from(cal == Calendar::Prc)
}

/// (day number, running sum of the corrections up to and including that day), by day.
type Table = Vec<(i64, i64)>;

fn date_of(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("the epoch") + chrono::Duration::days(n)
}

fn edge(year: i32, month: u32, day: u32) -> i64 {
    day_number(NaiveDate::from_ymd_opt(year, month, day).expect("a date"))
}

/// The weekdays (Monday to Friday) among the days `k ≤ n`, counted from day 0
/// (1970-01-01, a Thursday): `W(n) − W(n − 1)` is 1 for a weekday, 0 for a weekend day.
pub(crate) fn weekdays(n: i64) -> i64 {
    // Weekdays among the first r days of a week that starts on a Thursday.
    const PART: [i64; 7] = [0, 1, 2, 2, 2, 3, 4];
    let m = n + 1;
    5 * m.div_euclid(7) + PART[m.rem_euclid(7) as usize]
}

fn is_weekday(n: i64) -> bool {
    weekdays(n) - weekdays(n - 1) == 1
}

/// The correction a day of this kind makes over the weekday rule.
fn correction(n: i64, kind: DayKind) -> i64 {
    i64::from(kind == DayKind::Workday) - i64::from(is_weekday(n))
}

fn running(mut days: Vec<(i64, i64)>) -> Table {
    days.sort_by_key(|d| d.0);
    let mut sum = 0;
    days.into_iter()
        .filter(|d| d.1 != 0)
        .map(|(n, c)| {
            sum += c;
            (n, sum)
        })
        .collect()
}

/// The sum of the corrections up to day `n`.
fn up_to(table: &[(i64, i64)], n: i64) -> i64 {
    match table.partition_point(|d| d.0 <= n) {
        0 => 0,
        i => table[i - 1].1,
    }
}

/// The correction of day `n` alone.
fn at(table: &[(i64, i64)], n: i64) -> i64 {
    up_to(table, n) - up_to(table, n - 1)
}

/// The published calendars' corrections (the user's days left out), per calendar.
/// Made at the first use in every process that counts working days (every open checks
/// the [`fingerprint`]): so without the names and sources of the days, and the PRC's read
/// day by day over the years of its notices only.
static BUILT_IN: LazyLock<[Table; 2]> = LazyLock::new(|| {
    Calendar::ALL.map(|cal| {
        let mut days: Vec<(i64, DayKind)> = match cal {
            Calendar::Us => (FIRST_YEAR..=LAST_YEAR)
                .flat_map(us::year)
                .map(|d| (day_number(d.date), d.kind))
                .collect(),
            Calendar::Prc => prc::notice_days()
                .map(|(date, kind)| (day_number(date), kind))
                .collect(),
        };
        // A later day for the same date wins, as in `Calendars::days` (the sort is stable).
        days.sort_by_key(|d| d.0);
        let mut last: Vec<(i64, DayKind)> = Vec::with_capacity(days.len());
        for d in days {
            match last.last_mut() {
                Some(l) if l.0 == d.0 => *l = d,
                _ => last.push(d),
            }
        }
        running(
            last.into_iter()
                .map(|(n, k)| (n, correction(n, k)))
                .collect(),
        )
    })
});

/// A digest of the built-in calendar data as the counter uses it: when a new version of
/// the program brings other data (a new year's notice), the stored bases are remade.
///
/// Every open of a database compares it with the stored one, so it is a constant: working
/// it out means building both tables (two centuries of US holidays, the PRC's notices day
/// by day) and hashing them, a millisecond or more that every command paid before its
/// first read (a profile of `counterpart show`: a ninth of its time). The test
/// `the_fingerprint_is_the_datas` works it out from the tables and fails, naming the new
/// value, when the data changed and this was not updated.
pub fn fingerprint() -> &'static str {
    FINGERPRINT
}

const FINGERPRINT: &str = "999b1cdbb3c4e855d885fa66dc034b2cdf8839fc3ee9f7f2867499b4ab185fec";

/// The counter of one calendar, with the user's days.
#[derive(Debug, Clone)]
pub struct Cumulative {
    cal: Calendar,
    built_in: &'static [(i64, i64)],
    /// The user's days' corrections over the published calendar, within the tables' years.
    added: Table,
    /// For the days outside the tables' years.
    cals: Calendars,
    first: i64,
    last: i64,
}

impl Cumulative {
    fn new(cals: &Calendars, cal: Calendar) -> Self {
        let built_in: &'static [(i64, i64)] = &BUILT_IN[index(cal)];
        let (first, last) = (edge(FIRST_YEAR, 1, 1), edge(LAST_YEAR, 12, 31));
        let added = cals
            .added
            .values()
            .filter(|d| d.calendar == cal)
            .map(|d| day_number(d.date))
            .filter(|n| (first..=last).contains(n))
            .map(|n| {
                let working = cals.is_working(cal, date_of(n));
                let published = is_weekday(n) as i64 + at(built_in, n);
                (n, i64::from(working) - published)
            })
            .collect();
        Cumulative {
            cal,
            built_in,
            added: running(added),
            cals: cals.clone(),
            first,
            last,
        }
    }

    /// `C(n)` for day number `n` (days since 1970-01-01).
    pub fn at_day(&self, n: i64) -> i64 {
        if n > self.last {
            let c = self.cals.count(self.cal, date_of(self.last), date_of(n));
            return self.at_day(self.last) + c.days;
        }
        if n < self.first {
            let c = self.cals.count(self.cal, date_of(n), date_of(self.first));
            return self.at_day(self.first) - c.days;
        }
        weekdays(n) + up_to(self.built_in, n) + up_to(&self.added, n)
    }

    /// `C(d)`.
    pub fn at(&self, d: NaiveDate) -> i64 {
        self.at_day(day_number(d))
    }
}

/// Whether a day added on `d` changes `C` from `d` on only (a day within or after the
/// tables' years; one before them changes the days before it, counted back from the
/// tables' first day).
pub fn counts_forward(d: NaiveDate) -> bool {
    day_number(d) >= edge(FIRST_YEAR, 1, 1)
}

/// The counters of both calendars.
#[derive(Debug, Clone)]
pub struct Counters {
    counters: [Cumulative; 2],
    /// The years published by a notice the user loaded ([`Calendars::with_loaded`]).
    loaded: HashSet<(Calendar, i32)>,
}

impl Counters {
    pub fn new(cals: &Calendars) -> Self {
        Counters {
            counters: Calendar::ALL.map(|cal| Cumulative::new(cals, cal)),
            loaded: cals.loaded().clone(),
        }
    }

    pub fn get(&self, cal: Calendar) -> &Cumulative {
        &self.counters[index(cal)]
    }

    /// `C(d)` of each calendar, in the order of [`Calendar::ALL`].
    pub fn at(&self, d: NaiveDate) -> [i64; 2] {
        self.counters.each_ref().map(|c| c.at(d))
    }
}

/// Whether a span `(from, to]` reaches a day outside the program's published calendar:
/// its published days are one run of days ([`us::published`], [`prc::published`]), so
/// only the span's two ends need looking at.
pub fn estimated(cal: Calendar, from: NaiveDate, to: NaiveDate) -> bool {
    to > from
        && (!built_in_published(cal, from.succ_opt().unwrap_or(from))
            || !built_in_published(cal, to))
}

fn built_in_published(cal: Calendar, d: NaiveDate) -> bool {
    match cal {
        Calendar::Us => us::published(d),
        Calendar::Prc => prc::published(d),
    }
}

impl Counters {
    /// The working days d with `from < d ≤ to`, as [`Calendars::count`] gives them, in two
    /// look-ups (the days of the notices loaded published too).
    pub fn count(&self, cal: Calendar, from: NaiveDate, to: NaiveDate) -> super::Count {
        if to <= from {
            return super::Count::default();
        }
        let c = self.get(cal);
        super::Count {
            days: c.at(to) - c.at(from),
            estimated: self.estimated(cal, from, to),
        }
    }

    /// [`estimated`], with the days of the notices loaded published too: the span is cut
    /// into the runs a loaded notice does not cover, and each is checked at its two ends.
    pub fn estimated(&self, cal: Calendar, from: NaiveDate, to: NaiveDate) -> bool {
        use chrono::Datelike;
        if self.loaded.is_empty() || to <= from {
            return estimated(cal, from, to);
        }
        let first = from.succ_opt().unwrap_or(from);
        let uncovered = |lo: NaiveDate, hi: NaiveDate| {
            lo <= hi && (!built_in_published(cal, lo) || !built_in_published(cal, hi))
        };
        (first.year()..=to.year()).any(|y| {
            if self.loaded.contains(&(cal, y)) {
                return false;
            }
            let lo = first.max(NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(first));
            let hi = to.min(NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(to));
            if !self.loaded.contains(&(cal, y + 1)) {
                return uncovered(lo, hi);
            }
            // The next year's notice covers this one's last days.
            let fixed = NaiveDate::from_ymd_opt(y, 12, super::notice::FIXES_FROM).unwrap_or(hi);
            uncovered(lo, hi.min(fixed.pred_opt().unwrap_or(fixed)))
        })
    }
}

/// The years a published day has (a check of the tables' reach).
#[cfg(test)]
pub(crate) fn table_years(cal: Calendar) -> (i32, i32) {
    use chrono::Datelike;
    let t = &BUILT_IN[index(cal)];
    (date_of(t[0].0).year(), date_of(t[t.len() - 1].0).year())
}

#[cfg(test)]
mod tests;
