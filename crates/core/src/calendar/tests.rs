use super::*;
use crate::clock::Span;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

fn off(cal: Calendar, day: &str) -> bool {
    !Calendars::default().is_working(cal, d(day))
}

#[test]
fn prc_notices_2024_and_2025() {
    use Calendar::Prc;
    // (day, is it a day off?)
    let table = [
        ("2024-02-04", false), // a working Sunday (调休)
        ("2024-02-18", false), // a working Sunday
        ("2024-02-09", false), // Friday, New Year's Eve: a working day in 2024
        ("2024-02-10", true),
        ("2024-02-14", true), // Wednesday, Spring Festival
        ("2024-02-17", true),
        ("2024-02-19", false),
        ("2024-10-07", true),
        ("2024-10-12", false), // a working Saturday
        ("2025-01-26", false), // working Sunday before the Spring Festival
        ("2025-01-27", false),
        ("2025-01-28", true), // New Year's Eve: the new eighth statutory day
        ("2025-02-04", true),
        ("2025-02-08", false), // working Saturday
        ("2025-06-02", true),
        ("2025-10-08", true),
        ("2025-10-11", false),
        ("2026-02-23", true),
        ("2026-02-28", false),
        ("2024-03-04", false), // a plain Monday
        ("2024-03-09", true),  // a plain Saturday
    ];
    for (day, is_off) in table {
        assert_eq!(off(Prc, day), is_off, "PRC {day}");
    }
    let cals = Calendars::default();
    // February 2024: 21 weekdays, 5 of them Spring Festival, 2 working Sundays.
    let feb = cals.count(Prc, d("2024-01-31"), d("2024-02-29"));
    assert_eq!(
        feb,
        Count {
            days: 18,
            estimated: false
        }
    );
}

#[test]
fn us_observed_rule_and_juneteenth() {
    use Calendar::Us;
    let table = [
        ("2020-07-03", true),  // July 4 2020 a Saturday: observed on the Friday
        ("2021-12-31", true),  // January 1 2022 a Saturday: observed December 31
        ("2022-12-26", true),  // Christmas 2022 a Sunday: observed on the Monday
        ("2023-01-02", true),  // New Year 2023 a Sunday
        ("2020-06-19", false), // no Juneteenth before 2021
        ("2021-06-18", true),  // Juneteenth 2021 (a Saturday) observed on the Friday
        ("2024-06-19", true),
        ("2024-01-15", true), // MLK: third Monday
        ("2024-05-27", true), // Memorial Day: last Monday
        ("2024-11-28", true), // Thanksgiving: fourth Thursday
        ("2024-12-24", true), // closed by executive order
        ("2024-11-29", false),
        ("2025-01-20", true), // MLK; Inauguration Day left out (D.C. area only)
    ];
    for (day, is_off) in table {
        assert_eq!(off(Us, day), is_off, "U.S. {day}");
    }
    let y2024 = Calendars::default().count(Us, d("2023-12-31"), d("2024-12-31"));
    // 262 weekdays, 11 holidays, one closure.
    assert_eq!(y2024.days, 262 - 12);
}

#[test]
fn a_year_without_a_notice_is_estimated() {
    let cals = Calendars::default();
    let c = cals.count(Calendar::Prc, d("2026-12-01"), d("2027-01-31"));
    assert!(c.estimated);
    assert!(
        !cals
            .count(Calendar::Prc, d("2025-12-01"), d("2026-01-31"))
            .estimated
    );
    assert!(
        !cals
            .count(Calendar::Us, d("2026-12-01"), d("2027-01-31"))
            .estimated
    );
    // 2027 counts weekdays: January 2027 has 21.
    assert_eq!(
        cals.count(Calendar::Prc, d("2026-12-31"), d("2027-01-31"))
            .days,
        21
    );
    let w = WorkingDays::of(
        &cals,
        Some(&Span {
            from: d("2026-12-01"),
            to: d("2027-01-31"),
            pauses: vec![],
        }),
    );
    assert!(w.working_days_estimated);
    assert!(w.words().contains("estimated"));
}

#[test]
fn added_days_win() {
    let added = |date: &str, kind| CalendarDay {
        calendar: Calendar::Us,
        date: d(date),
        kind,
        name: "x".into(),
        source: ADDED_BY_USER.into(),
    };
    let cals = Calendars::new([
        added("2025-12-26", DayKind::Holiday),
        added("2025-12-27", DayKind::Workday),
    ]);
    assert!(!cals.is_working(Calendar::Us, d("2025-12-26")));
    assert!(cals.is_working(Calendar::Us, d("2025-12-27")));
    assert!(cals
        .days(Calendar::Us, 2025)
        .iter()
        .any(|h| h.date == d("2025-12-26")));
    assert!(cals.is_working(Calendar::Prc, d("2025-12-26")));
}

#[test]
fn words() {
    let w = WorkingDays {
        working_days_with_counterpart_us: Some(258),
        working_days_with_counterpart_prc: Some(252),
        working_days_estimated: false,
    };
    assert_eq!(w.words(), " — 258 U.S. working days, 252 PRC working days");
    assert_eq!(WorkingDays::default().words(), "");
}

fn date_in(range: std::ops::Range<i64>) -> impl Strategy<Value = NaiveDate> {
    range.prop_map(|n| d("2019-01-01") + chrono::Duration::days(n))
}

proptest! {
    #[test]
    fn working_days_never_exceed_calendar_days(
        from in date_in(0..3000),
        len in 0i64..800,
        pauses in proptest::collection::vec((0i64..800, 0i64..60), 0..4),
    ) {
        let to = from + chrono::Duration::days(len);
        let pauses: Vec<(NaiveDate, NaiveDate)> = pauses
            .into_iter()
            .map(|(a, l)| {
                let p = (from + chrono::Duration::days(a.min(len))).min(to);
                (p, (p + chrono::Duration::days(l)).min(to))
            })
            .collect();
        // Pauses that do not overlap, as the history makes them.
        let mut disjoint: Vec<(NaiveDate, NaiveDate)> = Vec::new();
        for p in pauses {
            if disjoint.iter().all(|q| p.1 <= q.0 || p.0 >= q.1) {
                disjoint.push(p);
            }
        }
        let cals = Calendars::default();
        let span = Span { from, to, pauses: disjoint.clone() };
        let calendar = len - disjoint.iter().map(|p| (p.1 - p.0).num_days()).sum::<i64>();
        let w = WorkingDays::of(&cals, Some(&span));
        let whole = WorkingDays::of(&cals, Some(&Span { pauses: vec![], ..span.clone() }));
        for (n, all, cal) in [
            (w.working_days_with_counterpart_us, whole.working_days_with_counterpart_us, Calendar::Us),
            (w.working_days_with_counterpart_prc, whole.working_days_with_counterpart_prc, Calendar::Prc),
        ] {
            let (n, all) = (n.unwrap(), all.unwrap());
            prop_assert!(n <= calendar);
            // The pauses remove from the working days exactly their own working days.
            let in_pauses: i64 = disjoint.iter().map(|p| cals.count(cal, p.0, p.1).days).sum();
            prop_assert_eq!(all - n, in_pauses);
            // Every day a pause removes is one of the span's calendar days.
            prop_assert!(all - n <= len - calendar);
        }
    }

    #[test]
    fn a_tally_counts_as_the_calendars_do_inside_and_outside_its_days(
        start in date_in(2500..3200),
        days in 0i64..900,
        from in date_in(2400..3300),
        len in 0i64..1000,
    ) {
        // 2025-11 to 2028: across the last published PRC year, estimated beyond it.
        let added = CalendarDay {
            calendar: Calendar::Prc,
            date: d("2026-06-01"),
            kind: DayKind::Holiday,
            name: "a closure".into(),
            source: ADDED_BY_USER.into(),
        };
        let cals = Calendars::new([added]);
        let tally = cals.tally(start, start + chrono::Duration::days(days));
        let to = from + chrono::Duration::days(len);
        for cal in Calendar::ALL {
            prop_assert_eq!(tally.count(cal, from, to), cals.count(cal, from, to));
            prop_assert_eq!(tally.count(cal, to, from), Count::default());
        }
    }
}
