//! The U.S. federal calendar: the holidays of 5 U.S.C. 6103(a), a Saturday one observed on
//! the Friday before and a Sunday one on the Monday after (6103(b), Executive Order
//! 11582), and the closures of executive departments by executive order, as data with their
//! source. Inauguration Day (6103(c)) is a holiday only in the Washington, D.C., area and
//! is left out.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::{Calendar, CalendarDay, DayKind};

const STATUTE: &str = "5 U.S.C. 6103(a)";
const OBSERVED: &str = "5 U.S.C. 6103(b); Executive Order 11582";

/// The first year of the holidays as they stand (Martin Luther King Jr.'s Birthday, 1986);
/// earlier years are counted on weekdays and marked estimated.
const FIRST_YEAR: i32 = 1986;

/// Executive departments closed by executive order: the day, the reason, the order.
const CLOSURES: [(i32, u32, u32, &str, &str); 5] = [
    (
        2018,
        12,
        5,
        "National Day of Mourning for President George H. W. Bush",
        "Executive Order 13854",
    ),
    (
        2019,
        12,
        24,
        "Christmas Eve (executive departments closed)",
        "Executive Order 13900",
    ),
    (
        2020,
        12,
        24,
        "Christmas Eve (executive departments closed)",
        "Executive Order 13960",
    ),
    (
        2024,
        12,
        24,
        "Christmas Eve (executive departments closed)",
        "Executive order of December 2024 closing executive departments on December 24, 2024",
    ),
    (
        2025,
        1,
        9,
        "National Day of Mourning for President Jimmy Carter",
        "Executive order of December 2024 closing executive departments on January 9, 2025",
    ),
];

/// Whether the rules cover the day's year.
pub fn published(d: NaiveDate) -> bool {
    d.year() >= FIRST_YEAR
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

/// The `n`th (1-based) `wd` of a month; `n` = 0: the last.
fn nth(y: i32, m: u32, wd: Weekday, n: u32) -> NaiveDate {
    if n == 0 {
        let next = if m == 12 {
            date(y + 1, 1, 1)
        } else {
            date(y, m + 1, 1)
        };
        let last = next - Duration::days(1);
        let back = (last.weekday().num_days_from_monday() + 7 - wd.num_days_from_monday()) % 7;
        return last - Duration::days(i64::from(back));
    }
    let first = date(y, m, 1);
    let ahead = (wd.num_days_from_monday() + 7 - first.weekday().num_days_from_monday()) % 7;
    first + Duration::days(i64::from(ahead + 7 * (n - 1)))
}

/// The statutory holidays of a year, on the days they fall (before the weekend rule).
fn statutory(y: i32) -> Vec<(NaiveDate, &'static str)> {
    use Weekday::{Mon, Thu};
    let mut days = vec![
        (date(y, 1, 1), "New Year's Day"),
        (nth(y, 1, Mon, 3), "Birthday of Martin Luther King, Jr."),
        (nth(y, 2, Mon, 3), "Washington's Birthday"),
        (nth(y, 5, Mon, 0), "Memorial Day"),
        (date(y, 7, 4), "Independence Day"),
        (nth(y, 9, Mon, 1), "Labor Day"),
        (nth(y, 10, Mon, 2), "Columbus Day"),
        (date(y, 11, 11), "Veterans Day"),
        (nth(y, 11, Thu, 4), "Thanksgiving Day"),
        (date(y, 12, 25), "Christmas Day"),
    ];
    if y >= 2021 {
        days.push((date(y, 6, 19), "Juneteenth National Independence Day"));
    }
    days
}

/// The days off of a calendar year (a New Year's Day on a Saturday is observed on
/// December 31 of the year before).
pub fn year(y: i32) -> Vec<CalendarDay> {
    if y < FIRST_YEAR {
        return Vec::new();
    }
    let mut days: Vec<CalendarDay> = (y..=y + 1)
        .flat_map(statutory)
        .map(|(d, name)| {
            let (observed, name, source) = match d.weekday() {
                Weekday::Sat => (
                    d - Duration::days(1),
                    format!("{name} (observed)"),
                    OBSERVED,
                ),
                Weekday::Sun => (
                    d + Duration::days(1),
                    format!("{name} (observed)"),
                    OBSERVED,
                ),
                _ => (d, name.to_owned(), STATUTE),
            };
            CalendarDay {
                calendar: Calendar::Us,
                date: observed,
                kind: DayKind::Holiday,
                name,
                source: source.to_owned(),
            }
        })
        .chain(
            CLOSURES
                .iter()
                .map(|&(cy, m, d, name, source)| CalendarDay {
                    calendar: Calendar::Us,
                    date: date(cy, m, d),
                    kind: DayKind::Holiday,
                    name: name.to_owned(),
                    source: source.to_owned(),
                }),
        )
        .filter(|d| d.date.year() == y)
        .collect();
    days.sort_by_key(|d| d.date);
    days
}
