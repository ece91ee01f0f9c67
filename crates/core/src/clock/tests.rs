//! Table-driven cases for the clock, and properties that must hold for any history.

use super::*;
use crate::history::replay;
use crate::model::{Event, EventId, EventType, ItemId, Status};
use chrono::{TimeZone, Utc};
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A short way to write a history: (recording order, type, date, status for status/closed).
fn history(spec: &[(EventType, &str, Option<Status>)]) -> Vec<Event> {
    spec.iter()
        .enumerate()
        .map(|(n, (t, on, status))| Event {
            id: EventId::at(chrono::DateTime::UNIX_EPOCH),
            item_id: ItemId(uuid::Uuid::nil()),
            event_type: *t,
            on: d(on),
            recorded_at: Utc.timestamp_opt(1_700_000_000 + n as i64, 0).unwrap(),
            recorded_by: None,
            side: t.default_side(),
            status: *status,
            due_on: None,
            retracts: None,
            note: String::new(),
            level: None,
            venue: None,
        })
        .collect()
}

use EventType::*;

struct Case {
    name: &'static str,
    events: Vec<Event>,
    due: Option<&'static str>,
    today: &'static str,
    with_counterpart: Option<i64>,
    in_status: Option<i64>,
    since_prc: Option<i64>,
    overdue: bool,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "a draft has no figures",
            events: history(&[(Note, "2024-01-01", None)]),
            due: Some("2023-01-01"),
            today: "2024-06-01",
            with_counterpart: None,
            in_status: None,
            since_prc: None,
            overdue: true,
        },
        Case {
            name: "transmitted today counts zero",
            events: history(&[(Transmitted, "2024-05-01", None)]),
            due: None,
            today: "2024-05-01",
            with_counterpart: Some(0),
            in_status: Some(0),
            since_prc: Some(0),
            overdue: false,
        },
        Case {
            name: "plain running clock across a leap day",
            events: history(&[(Transmitted, "2024-02-01", None)]),
            due: Some("2024-03-01"),
            today: "2024-03-01",
            with_counterpart: Some(29),
            in_status: Some(29),
            since_prc: Some(29),
            overdue: false,
        },
        Case {
            name: "due yesterday is overdue",
            events: history(&[(Transmitted, "2024-02-01", None)]),
            due: Some("2024-02-29"),
            today: "2024-03-01",
            with_counterpart: Some(29),
            in_status: Some(29),
            since_prc: Some(29),
            overdue: true,
        },
        Case {
            name: "leap year: 2024 has 366 days",
            events: history(&[(Transmitted, "2024-01-01", None)]),
            due: None,
            today: "2025-01-01",
            with_counterpart: Some(366),
            in_status: Some(366),
            since_prc: Some(366),
            overdue: false,
        },
        Case {
            name: "several pauses are subtracted",
            events: history(&[
                (Transmitted, "2024-01-01", None),
                (InfoRequested, "2024-01-11", None),
                (InfoProvided, "2024-01-21", None),
                (InfoRequested, "2024-03-01", None),
                (InfoProvided, "2024-03-06", None),
            ]),
            due: None,
            today: "2024-04-01",
            with_counterpart: Some(91 - 10 - 5),
            in_status: Some(26),
            since_prc: Some(31),
            overdue: false,
        },
        Case {
            name: "a pause still open today stops the count at its start",
            events: history(&[
                (Transmitted, "2024-01-01", None),
                (InfoRequested, "2024-01-11", None),
                (InfoProvided, "2024-01-21", None),
                (InfoRequested, "2024-02-01", None),
            ]),
            due: None,
            today: "2024-06-01",
            with_counterpart: Some(31 - 10),
            in_status: Some(121),
            since_prc: Some(121),
            overdue: false,
        },
        Case {
            name: "a closed item's count stops at closing, and it is never overdue",
            events: history(&[
                (Transmitted, "2024-01-01", None),
                (Acknowledged, "2024-01-10", None),
                (Closed, "2024-01-31", Some(Status::Fulfilled)),
            ]),
            due: Some("2024-01-15"),
            today: "2025-01-01",
            with_counterpart: Some(30),
            in_status: Some(336),
            since_prc: Some(357),
            overdue: false,
        },
        Case {
            name: "closing during a pause: the pause is not counted",
            events: history(&[
                (Transmitted, "2024-01-01", None),
                (InfoRequested, "2024-01-21", None),
                (Closed, "2024-03-01", Some(Status::Withdrawn)),
            ]),
            due: None,
            today: "2024-12-01",
            with_counterpart: Some(20),
            in_status: Some(275),
            since_prc: Some(315),
            overdue: false,
        },
        Case {
            name: "events entered out of order are counted in date order",
            events: history(&[
                (Transmitted, "2024-01-01", None),
                (InfoProvided, "2024-01-21", None),
                (Status, "2024-02-01", Some(Status::InProgress)),
                // Recorded last, happened first: the pause 01-11..01-21 still counts.
                (InfoRequested, "2024-01-11", None),
            ]),
            due: None,
            today: "2024-02-11",
            with_counterpart: Some(41 - 10),
            in_status: Some(10),
            since_prc: Some(31),
            overdue: false,
        },
        Case {
            name: "a later PRC response resets days since response",
            events: history(&[
                (Transmitted, "2023-10-03", None),
                (PrcResponse, "2024-10-01", None),
            ]),
            due: None,
            today: "2024-11-18",
            with_counterpart: Some(412),
            in_status: Some(412),
            since_prc: Some(48),
            overdue: false,
        },
        Case {
            name: "today before the transmission: nothing counted yet",
            events: history(&[(Transmitted, "2024-05-01", None)]),
            due: None,
            today: "2024-04-01",
            with_counterpart: Some(0),
            in_status: Some(0),
            since_prc: Some(0),
            overdue: false,
        },
    ]
}

#[test]
fn table_of_cases() {
    for c in cases() {
        let t = replay(&c.events).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        let f = figures(&t, c.due.map(d), d(c.today));
        assert_eq!(
            f.days_with_counterpart, c.with_counterpart,
            "{}: days with counterpart",
            c.name
        );
        assert_eq!(f.days_in_status, c.in_status, "{}: days in status", c.name);
        assert_eq!(
            f.days_since_prc_response, c.since_prc,
            "{}: days since PRC response",
            c.name
        );
        assert_eq!(
            f.overdue,
            c.overdue && t.status.is_open(),
            "{}: overdue",
            c.name
        );
        if c.overdue && t.status.is_open() {
            assert!(f.overdue, "{}", c.name);
        }
        if t.transmitted_on.is_some_and(|tx| tx <= d(c.today)) {
            assert_eq!(
                ClockCache::of(&t).figures(c.due.map(d), d(c.today)),
                f,
                "{}: the stored clock columns must agree with the history",
                c.name
            );
        }
    }
}

#[test]
fn median_of_odd_even_and_no_counts() {
    assert_eq!(median(&[]), None);
    assert_eq!(median(&[7]), Some(7));
    assert_eq!(median(&[1, 4, 30]), Some(4), "odd: the middle one");
    assert_eq!(
        median(&[2, 5]),
        Some(3),
        "even: the mean of the middle two, rounded down"
    );
    assert_eq!(median(&[1, 3, 5, 100]), Some(4));
    assert_eq!(median(&[0, 0]), Some(0));
}

#[test]
fn explanation_in_plain_words() {
    let t = replay(&history(&[
        (Transmitted, "2023-10-03", None),
        (InfoRequested, "2024-01-01", None),
        (InfoProvided, "2024-02-07", None),
    ]))
    .unwrap();
    let today = d("2024-11-18");
    let f = figures(&t, None, today);
    let cals = crate::calendar::Calendars::default();
    let w = crate::calendar::WorkingDays::of(&cals, span(&t, today).as_ref());
    assert_eq!(
        explain(&t, &f, today, &w),
        "412 days since transmission on 2023-10-03, minus 37 days awaiting U.S. information: 375 days with counterpart — 255 U.S. working days, 254 PRC working days."
    );
    assert_eq!(
        explain_zh(&t, &f, today, &w),
        "自 2023-10-03 转交起 412 天，扣除待美方补充材料 37 天：中方办理 375 天——美方工作日 255 天，中方工作日 254 天。"
    );
    let draft = replay(&[]).unwrap();
    let none = crate::calendar::WorkingDays::default();
    assert!(explain(&draft, &figures(&draft, None, today), today, &none)
        .starts_with("Not yet transmitted"));
    assert_eq!(
        explain_zh(&draft, &figures(&draft, None, today), today, &none),
        "尚未转交：尚未开始计时。"
    );
}

/// A random history: a transmission, then steps a few days apart.
fn arb_history() -> impl Strategy<Value = Vec<Event>> {
    let step = (0u8..6, 0i64..60);
    (0i64..3000, prop::collection::vec(step, 0..12)).prop_map(|(start, steps)| {
        let base = d("2018-01-01") + chrono::Duration::days(start);
        let mut spec: Vec<(EventType, NaiveDate, Option<Status>)> = vec![(Transmitted, base, None)];
        let mut day = base;
        let mut status = Status::Transmitted;
        for (op, gap) in steps {
            day += chrono::Duration::days(gap);
            let (t, s) = match op {
                0 => (Acknowledged, None),
                1 => (InfoRequested, None),
                2 => (InfoProvided, None),
                3 => (PrcResponse, None),
                4 if status.is_open() && status != Status::InProgress => {
                    (EventType::Status, Some(Status::InProgress))
                }
                5 => (Closed, Some(Status::Declined)),
                _ => (Note, None),
            };
            if status.is_closed() && matches!(t, InfoRequested | EventType::Status | Closed) {
                continue;
            }
            spec.push((t, day, s));
            let probe = replay(&to_events(&spec)).expect("generated histories are valid");
            status = probe.status;
        }
        to_events(&spec)
    })
}

fn to_events(spec: &[(EventType, NaiveDate, Option<Status>)]) -> Vec<Event> {
    spec.iter()
        .enumerate()
        .map(|(n, (t, on, status))| Event {
            id: EventId(uuid::Uuid::from_u128(n as u128 + 1)),
            item_id: ItemId(uuid::Uuid::nil()),
            event_type: *t,
            on: *on,
            recorded_at: Utc.timestamp_opt(1_700_000_000 + n as i64, 0).unwrap(),
            recorded_by: None,
            side: t.default_side(),
            status: *status,
            due_on: None,
            retracts: None,
            note: String::new(),
            level: None,
            venue: None,
        })
        .collect()
}

proptest! {
    #[test]
    fn never_negative_never_more_than_calendar_days(events in arb_history(), offset in 0i64..4000) {
        let t = replay(&events).unwrap();
        let tx = t.transmitted_on.unwrap();
        let today = tx + chrono::Duration::days(offset);
        let n = figures(&t, None, today).days_with_counterpart.unwrap();
        prop_assert!(n >= 0, "negative count {n}");
        prop_assert!(n <= offset, "{n} days exceeds the {offset} calendar days since transmission");
    }

    #[test]
    fn grows_by_one_a_day_while_open_and_unpaused(events in arb_history(), extra in 0i64..500) {
        let t = replay(&events).unwrap();
        let last = events.iter().map(|e| e.on).max().unwrap();
        let today = last + chrono::Duration::days(extra);
        let a = figures(&t, None, today).days_with_counterpart.unwrap();
        let b = figures(&t, None, today.succ_opt().unwrap()).days_with_counterpart.unwrap();
        if t.status.is_open() && t.status != Status::AwaitingUs {
            prop_assert_eq!(b, a + 1);
        } else {
            prop_assert_eq!(b, a, "a paused or closed clock stands still");
        }
    }

    #[test]
    fn stored_columns_agree_with_the_history(events in arb_history(), extra in 0i64..500) {
        let t = replay(&events).unwrap();
        let last = events.iter().map(|e| e.on).max().unwrap();
        let today = last + chrono::Duration::days(extra);
        let due = Some(last + chrono::Duration::days(extra / 2));
        prop_assert_eq!(ClockCache::of(&t).figures(due, today), figures(&t, due, today));
    }
}
