use super::*;
use crate::calendar::{CalendarDay, ADDED_BY_USER};
use chrono::{Datelike, Duration, Weekday};
use proptest::prelude::*;
use sha2::{Digest, Sha256};

fn d(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

#[test]
fn weekdays_in_closed_form() {
    let mut brute = 0;
    let from = -3000i64;
    for n in from..3000 {
        let wd = date_of(n).weekday();
        brute += i64::from(!matches!(wd, Weekday::Sat | Weekday::Sun));
        assert_eq!(
            weekdays(n) - weekdays(from - 1),
            brute,
            "weekdays to {}",
            date_of(n)
        );
    }
}

#[test]
fn the_tables_reach_every_published_year() {
    assert_eq!(table_years(Calendar::Us), (1986, LAST_YEAR));
    assert_eq!(table_years(Calendar::Prc), (2004, 2026));
}

/// The digest [`FINGERPRINT`] must be: of the tables as built from the calendar data.
fn digest_of_the_data() -> String {
    let mut h = Sha256::new();
    h.update(format!("cumulative v1 {FIRST_YEAR}-{LAST_YEAR}\n").as_bytes());
    for (cal, table) in Calendar::ALL.iter().zip(BUILT_IN.iter()) {
        h.update(cal.as_str().as_bytes());
        for (n, sum) in table {
            h.update(format!(" {n}:{sum}").as_bytes());
        }
        h.update(b"\n");
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_fingerprint_is_the_datas() {
    let digest = digest_of_the_data();
    assert_eq!(
        fingerprint(),
        digest,
        "the built-in calendar data changed: set `FINGERPRINT` in calendar/cumulative.rs to {digest:?} \
         (every database's stored bases are then remade on its next open)"
    );
}

#[test]
fn the_counter_agrees_with_the_published_calendars() {
    let cals = Calendars::default();
    let c = Counters::new(&cals);
    for cal in Calendar::ALL {
        let k = c.get(cal);
        for (a, b) in [
            ("2024-01-31", "2024-02-29"),
            ("2023-12-31", "2024-12-31"),
            ("2026-12-01", "2027-01-31"),
            ("1949-06-01", "1950-03-01"),
            ("2150-11-01", "2151-02-01"),
            ("2024-02-04", "2024-02-04"),
        ] {
            let (a, b) = (d(a), d(b));
            assert_eq!(
                k.at(b) - k.at(a),
                cals.count(cal, a, b).days,
                "{cal:?} {a}..{b}"
            );
        }
    }
}

fn day_in(range: std::ops::Range<i64>) -> impl Strategy<Value = NaiveDate> {
    range.prop_map(|n| d("1940-01-01") + Duration::days(n))
}

fn added() -> impl Strategy<Value = Vec<CalendarDay>> {
    proptest::collection::vec((any::<bool>(), day_in(0..80_000), any::<bool>()), 0..12).prop_map(
        |days| {
            days.into_iter()
                .map(|(prc, date, holiday)| CalendarDay {
                    calendar: if prc { Calendar::Prc } else { Calendar::Us },
                    date,
                    kind: if holiday {
                        DayKind::Holiday
                    } else {
                        DayKind::Workday
                    },
                    name: "x".into(),
                    source: ADDED_BY_USER.into(),
                })
                .collect()
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// C(b) − C(a) is the day-by-day count, across the tables' edges and with the user's
    /// days (over published holidays, make-up days and plain days alike).
    #[test]
    fn differences_are_the_count(
        a in day_in(0..80_000),
        len in 0i64..1200,
        user in added(),
        near_2024 in proptest::collection::vec(day_in(30_000..31_500), 0..4),
    ) {
        let mut days = user;
        days.extend(near_2024.into_iter().map(|date| CalendarDay {
            calendar: Calendar::Prc,
            date,
            kind: DayKind::Workday,
            name: "y".into(),
            source: ADDED_BY_USER.into(),
        }));
        let cals = Calendars::new(days);
        let c = Counters::new(&cals);
        let b = a + Duration::days(len);
        for cal in Calendar::ALL {
            let k = c.get(cal);
            prop_assert_eq!(k.at(b) - k.at(a), cals.count(cal, a, b).days);
        }
        let a2024 = d("2024-01-01") + Duration::days(len % 700);
        for cal in Calendar::ALL {
            let k = c.get(cal);
            prop_assert_eq!(k.at(a2024 + Duration::days(40)) - k.at(a2024),
                cals.count(cal, a2024, a2024 + Duration::days(40)).days);
        }
    }

    /// A span's ends tell whether it is estimated.
    #[test]
    fn estimated_from_the_ends(a in day_in(15_000..32_000), len in 0i64..2000) {
        let cals = Calendars::default();
        let b = a + Duration::days(len);
        for cal in Calendar::ALL {
            prop_assert_eq!(estimated(cal, a, b), cals.count(cal, a, b).estimated);
        }
    }
}
