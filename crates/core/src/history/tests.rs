use super::*;
use crate::model::ItemId;
use chrono::{TimeZone, Utc};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// An event recorded `n` seconds into the test.
fn ev(n: i64, t: EventType, on: &str) -> Event {
    Event {
        id: EventId::at(chrono::DateTime::UNIX_EPOCH),
        item_id: ItemId(uuid::Uuid::nil()),
        event_type: t,
        on: d(on),
        recorded_at: Utc.timestamp_opt(1_700_000_000 + n, 0).unwrap(),
        recorded_by: None,
        side: t.default_side(),
        status: None,
        due_on: None,
        retracts: None,
        note: String::new(),
        level: None,
        venue: None,
    }
}

#[test]
fn an_empty_history_is_a_draft() {
    let t = replay(&[]).unwrap();
    assert_eq!(t.status, Status::Draft);
    assert_eq!(t.transmitted_on, None);
}

#[test]
fn a_pause_opens_and_closes() {
    let t = replay(&[
        ev(0, EventType::Transmitted, "2024-01-01"),
        ev(1, EventType::Acknowledged, "2024-01-05"),
        ev(2, EventType::InfoRequested, "2024-01-11"),
        ev(3, EventType::InfoProvided, "2024-01-21"),
    ])
    .unwrap();
    assert_eq!(
        t.status,
        Status::Acknowledged,
        "back to the status before the pause"
    );
    assert_eq!(
        t.pauses,
        vec![Pause {
            from: d("2024-01-11"),
            to: Some(d("2024-01-21"))
        }]
    );
    assert_eq!(t.paused_days_completed(), 10);
    assert_eq!(t.last_prc_on, Some(d("2024-01-11")));
}

#[test]
fn back_dated_events_are_replayed_in_date_order() {
    // Recorded: transmitted, then status in_progress, then an acknowledgement back-dated
    // before it. The acknowledgement must not drag the status back.
    let mut s = ev(1, EventType::Status, "2024-03-01");
    s.status = Some(Status::InProgress);
    let t = replay(&[
        ev(0, EventType::Transmitted, "2024-01-01"),
        s,
        ev(2, EventType::Acknowledged, "2024-02-01"),
    ])
    .unwrap();
    assert_eq!(t.status, Status::InProgress);
    assert_eq!(t.status_on, Some(d("2024-03-01")));
    assert_eq!(t.last_prc_on, Some(d("2024-02-01")));
}

#[test]
fn closed_items_refuse_further_moves() {
    let mut closed = ev(1, EventType::Closed, "2024-02-01");
    closed.status = Some(Status::Fulfilled);
    let mut back = ev(2, EventType::Status, "2024-03-01");
    back.status = Some(Status::Transmitted);
    let err = replay(&[
        ev(0, EventType::Transmitted, "2024-01-01"),
        closed,
        back.clone(),
    ])
    .unwrap_err();
    assert!(matches!(
        err,
        HistoryError::Transition {
            from: Status::Fulfilled,
            to: Status::Transmitted,
            ..
        }
    ));
    assert_eq!(err.event(), back.id);
}

#[test]
fn events_before_transmission_are_refused() {
    let ack = ev(1, EventType::Acknowledged, "2023-12-01");
    let err = replay(&[ev(0, EventType::Transmitted, "2024-01-01"), ack.clone()]).unwrap_err();
    assert_eq!(err.event(), ack.id);
    assert!(
        err.to_string()
            .contains("before the item was transmitted (on 2024-01-01)"),
        "{err}"
    );
}

#[test]
fn a_retracted_event_stops_counting() {
    let req = ev(1, EventType::InfoRequested, "2024-01-11");
    let mut r = ev(2, EventType::Retraction, "2024-01-12");
    r.retracts = Some(req.id);
    r.note = "entered on the wrong item".into();
    let t = replay(&[ev(0, EventType::Transmitted, "2024-01-01"), req, r]).unwrap();
    assert_eq!(t.status, Status::Transmitted);
    assert!(t.pauses.is_empty());
    assert_eq!(
        t.last_prc_on, None,
        "the retracted PRC event no longer counts"
    );
}

#[test]
fn retraction_rules() {
    let tr = ev(0, EventType::Transmitted, "2024-01-01");
    let mut r1 = ev(1, EventType::Retraction, "2024-01-02");
    r1.retracts = Some(tr.id);
    let mut r2 = ev(2, EventType::Retraction, "2024-01-02");
    r2.retracts = Some(tr.id);
    assert!(matches!(
        replay(&[tr.clone(), r1.clone(), r2]),
        Err(HistoryError::BadRetraction { .. })
    ));
    let mut r3 = ev(3, EventType::Retraction, "2024-01-02");
    r3.retracts = Some(r1.id);
    assert!(matches!(
        replay(&[tr, r1, r3]),
        Err(HistoryError::BadRetraction { .. })
    ));
}

#[test]
fn closing_during_a_pause_keeps_the_pause_open() {
    let mut closed = ev(2, EventType::Closed, "2024-02-01");
    closed.status = Some(Status::Withdrawn);
    let t = replay(&[
        ev(0, EventType::Transmitted, "2024-01-01"),
        ev(1, EventType::InfoRequested, "2024-01-11"),
        closed,
    ])
    .unwrap();
    assert_eq!(t.status, Status::Withdrawn);
    assert_eq!(t.closed_on, Some(d("2024-02-01")));
    assert_eq!(
        t.open_pause(),
        Some(Pause {
            from: d("2024-01-11"),
            to: None
        })
    );
}
