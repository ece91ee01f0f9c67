use super::*;
use crate::db::items::view;
use crate::db::list::{list, ListQuery};
use crate::model::Kind;

fn at(y: i32, m: u32, day: u32) -> (NaiveDate, DateTime<Utc>) {
    let today = NaiveDate::from_ymd_opt(y, m, day).unwrap();
    (today, today.and_hms_opt(12, 0, 0).unwrap().and_utc())
}

fn check(today: NaiveDate, now: DateTime<Utc>) {
    let mut db = Db::open_in_memory().unwrap();
    populate(&mut db, today, now).unwrap();
    let rows = list(db.conn(), &ListQuery::default(), today).unwrap();
    assert!((30..=45).contains(&rows.len()), "{} items", rows.len());
    for kind in Kind::ALL {
        assert!(rows.iter().any(|r| r.kind == kind), "no {kind} item");
    }
    for status in Status::ALL {
        assert!(rows.iter().any(|r| r.status == status), "no {status} item");
    }
    assert!(rows.iter().any(|r| r.overdue), "nothing overdue");
    let week = today + Duration::days(7);
    assert!(
        rows.iter()
            .any(|r| r.status.is_open() && r.due_on.is_some_and(|d| d >= today && d <= week)),
        "nothing due within the week"
    );
    assert!(
        rows.iter()
            .any(|r| r.days_with_counterpart.is_some_and(|n| n > 1000)),
        "nothing over 1,000 days"
    );
    let views: Vec<_> = rows
        .iter()
        .map(|r| view(db.conn(), r.id, today).unwrap())
        .collect();
    assert!(
        views.iter().any(|v| v.events.iter().any(|e| e.retracted)),
        "no retracted event"
    );
    assert!(views.iter().any(|v| !v.links.is_empty()), "no linked items");
    assert!(
        views
            .iter()
            .flat_map(|v| &v.events)
            .all(|e| e.event.on <= today && e.event.recorded_by.as_deref() == Some(USER)),
        "every event dated by today and recorded by the demo user"
    );
    let found = list(
        db.conn(),
        &ListQuery {
            search: Some("哌啶酮".into()),
            ..Default::default()
        },
        today,
    )
    .unwrap();
    assert!(
        found
            .iter()
            .any(|r| r.title_zh.as_deref().is_some_and(|t| t.contains("哌啶酮"))),
        "search finds a Chinese title word"
    );
}

#[test]
fn populates_as_of_2024_11_18() {
    let (today, now) = at(2024, 11, 18);
    check(today, now);
}

#[test]
fn populates_as_of_2026_11_29() {
    let (today, now) = at(2026, 11, 29);
    check(today, now);
}

#[test]
fn the_same_day_gives_the_same_demo() {
    let (today, now) = at(2025, 3, 1);
    let summary = |db: &Db| -> Vec<(String, Status, Option<i64>)> {
        let mut v: Vec<_> = list(db.conn(), &ListQuery::default(), today)
            .unwrap()
            .into_iter()
            .map(|r| (r.reference, r.status, r.days_with_counterpart))
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    let mut a = Db::open_in_memory().unwrap();
    let mut b = Db::open_in_memory().unwrap();
    populate(&mut a, today, now).unwrap();
    populate(&mut b, today, now).unwrap();
    assert_eq!(summary(&a), summary(&b));
}

#[test]
fn a_second_run_is_refused_and_changes_nothing() {
    let (today, now) = at(2024, 11, 18);
    let mut db = Db::open_in_memory().unwrap();
    populate(&mut db, today, now).unwrap();
    let before = list(db.conn(), &ListQuery::default(), today).unwrap().len();
    assert!(
        populate(&mut db, today, now).is_err(),
        "references are taken"
    );
    let after = list(db.conn(), &ListQuery::default(), today).unwrap().len();
    assert_eq!(before, after);
}

#[test]
fn years_come_from_the_dates_named() {
    let (today, _) = at(2024, 1, 10);
    assert_eq!(years("IND-{year -10}-002", today).unwrap(), "IND-2023-002");
    assert_eq!(years("IND-{year 0}-002", today).unwrap(), "IND-2024-002");
    assert_eq!(years("1:{yy -9}-cr-00213", today).unwrap(), "1:24-cr-00213");
    assert_eq!(years("no year", today).unwrap(), "no year");
    for bad in [
        "IND-{year -10",
        "IND-{year}",
        "IND-{month -1}",
        "IND-{year x}",
    ] {
        assert!(years(bad, today).is_err(), "{bad} is refused");
    }
}

#[test]
fn a_retraction_names_an_earlier_event() {
    let (today, _) = at(2024, 11, 18);
    let entry = |retracts: usize| -> Entry {
        serde_json::from_value(serde_json::json!({
            "reference": "EXT-{year 0}-001", "kind": "extradition", "title": "T",
            "counterpart": "MPS", "transmitted": -10,
            "events": [
                {"type": "acknowledged", "on": -5, "note": "x"},
                {"type": "retraction", "on": -4, "retracts": retracts, "note": "wrong"},
            ],
        }))
        .unwrap()
    };
    let r = resolve(entry(1), today).unwrap();
    assert_eq!(r.events[1].retracts, Some(0));
    for n in [0, 2, 3] {
        assert!(resolve(entry(n), today).is_err(), "retracts {n} is refused");
    }
}

#[test]
fn a_misspelt_field_or_a_fact_of_another_kind_is_refused() {
    let item = serde_json::json!({
        "reference": "EXT-{year 0}-001", "kind": "extradition", "title": "T", "counterpart": "MPS",
    });
    let mut misspelt = item.clone();
    misspelt["tilte_zh"] = "x".into();
    assert!(serde_json::from_value::<Entry>(misspelt).is_err());
    let mut stray = item;
    stray["substance"] = "xylazine".into();
    let (today, _) = at(2024, 11, 18);
    let entry: Entry = serde_json::from_value(stray).unwrap();
    assert!(
        resolve(entry, today).is_err(),
        "a substance on an extradition"
    );
}
