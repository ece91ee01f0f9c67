//! Days added to a calendar: one audited operation that travels to the team, stored by
//! migration 0008 (also on a database upgraded from schema 7), counted in an item's
//! working days; a day without a name is refused naming the field.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use counterpart_core::calendar::{Calendar, DayKind};
use counterpart_core::db::{audit, calendars, items, team, Db};
use counterpart_core::error::Error;
use counterpart_core::model::Kind;
use counterpart_core::op::{Author, Change};

mod support;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn add_holiday(on: &str, name: &str) -> Change {
    Change::AddHoliday {
        calendar: Calendar::Us,
        on: d(on),
        kind: DayKind::Holiday,
        name: name.into(),
    }
}

fn audit_rows(db: &Db) -> i64 {
    db.conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

fn check_added_day_counts(db: &mut Db) {
    let a = Author::new(now(), now().date_naive(), Some("tester".into()));
    let create = a.create_item(
        support::fields(Kind::Extradition, "EXT-W"),
        Some(d("2025-12-19")),
    );
    let id = create.item().unwrap();
    db.apply(&create).unwrap();
    let today = d("2025-12-31");
    let before = items::view(db.conn(), id, today).unwrap().working_days;
    // 12-22..12-31: 8 weekdays, Christmas off; the PRC works all 8.
    assert_eq!(before.working_days_with_counterpart_us, Some(7));
    assert_eq!(before.working_days_with_counterpart_prc, Some(8));
    assert!(!before.working_days_estimated);

    let rows = audit_rows(db);
    db.apply(&a.op(add_holiday("2025-12-26", "Closed by executive order")))
        .unwrap();
    assert_eq!(audit_rows(db), rows + 1, "adding a day is audited");
    let after = items::view(db.conn(), id, today).unwrap();
    assert_eq!(after.working_days.working_days_with_counterpart_us, Some(6));
    assert_eq!(
        after.working_days.working_days_with_counterpart_prc,
        Some(8)
    );
    assert!(
        after
            .explanation
            .contains("6 U.S. working days, 8 PRC working days"),
        "{}",
        after.explanation
    );
    let cals = calendars::load(db.conn()).unwrap();
    let listed = cals.days(Calendar::Us, 2025);
    let added = listed.iter().find(|h| h.date == d("2025-12-26")).unwrap();
    assert_eq!(added.name, "Closed by executive order");
    assert!(audit::verify(db.conn()).unwrap().ok(), "the chain holds");
}

#[test]
fn an_added_day_is_audited_and_counted() {
    let mut db = Db::open_in_memory().unwrap();
    check_added_day_counts(&mut db);
}

#[test]
fn schema_7_upgrades_and_takes_added_days() {
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-7.sqlite3");
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("c.sqlite3");
    std::fs::copy(&fixture, &path).unwrap();
    let mut db = Db::open(&path, now()).unwrap();
    let before = audit_rows(&db);
    check_added_day_counts(&mut db);
    assert!(
        audit_rows(&db) > before,
        "the old trail is kept and goes on"
    );
}

#[test]
fn a_day_without_a_name_is_refused_naming_the_field() {
    let mut db = Db::open_in_memory().unwrap();
    let a = Author::new(now(), now().date_naive(), None);
    let err = db
        .apply(&a.op(add_holiday("2025-12-26", "  ")))
        .unwrap_err();
    match err {
        Error::Invalid(errors) => assert_eq!(errors[0].field, "name"),
        other => panic!("a field error, not {other:?}"),
    }
    assert!(calendars::added(db.conn()).unwrap().is_empty());
}

#[test]
fn added_days_travel_to_the_team() {
    assert!(team::travels(&add_holiday("2025-12-26", "Closed")));
}
