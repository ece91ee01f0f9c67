//! A year's calendar loaded from its notice (migration 0013): the year is then published
//! (its counts are no longer estimated), its days count, a corrected notice replaces the
//! earlier one's days, a day the user added by hand wins, the load is one audited
//! operation that travels to the team, and a bad notice changes nothing. Also the trail's
//! vocabulary, which moved from a CHECK to the table `audit_action`.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use counterpart_core::audit::{Action, RecordAction};
use counterpart_core::calendar::{Calendar, DayKind, Notice, NoticeDay};
use counterpart_core::db::{audit, calendars, team, Db};
use counterpart_core::error::Error;
use counterpart_core::op::{Author, Change};

mod support;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn author() -> Author {
    Author::new(now(), now().date_naive(), Some("tester".into()))
}

fn day(date: &str, kind: DayKind, name: &str) -> NoticeDay {
    NoticeDay {
        date: d(date),
        kind,
        name: name.into(),
    }
}

/// A notice for 2027 (made up for the test: the State Council has not published one):
/// New Year's Day on a Friday, and a Spring Festival week with a working Sunday.
fn notice_2027() -> Notice {
    Notice {
        calendar: Calendar::Prc,
        year: 2027,
        source: "国务院办公厅关于2027年部分节假日安排的通知 (test)".into(),
        days: vec![
            day("2027-01-01", DayKind::Holiday, "元旦"),
            day("2027-02-05", DayKind::Holiday, "春节"),
            day("2027-02-08", DayKind::Holiday, "春节"),
            day("2027-02-14", DayKind::Workday, "春节调休"),
        ],
    }
}

/// The trail's last row: action, field, new value.
fn last_row(db: &Db) -> (String, String, String) {
    db.conn()
        .query_row(
            "SELECT action, field, new_value FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

fn trail_rows(db: &Db) -> i64 {
    db.conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_loaded_notice_publishes_its_year_and_its_days_count() {
    let mut db = Db::open_in_memory().unwrap();
    let before = calendars::load(db.conn()).unwrap();
    let c = before.count(Calendar::Prc, d("2026-12-31"), d("2027-02-28"));
    assert!(c.estimated, "2027 has no published PRC calendar yet");
    assert_eq!(c.days, 41, "weekdays of 2027-01-01..02-28");

    db.apply(&author().op(Change::PublishCalendar(notice_2027())))
        .unwrap();
    let after = calendars::load(db.conn()).unwrap();
    let c = after.count(Calendar::Prc, d("2026-12-31"), d("2027-02-28"));
    assert!(!c.estimated, "2027 is published by the notice");
    assert_eq!(c.days, 41 - 3 + 1, "three days off, one working Sunday");
    assert_eq!(
        after.count(Calendar::Us, d("2026-12-31"), d("2027-02-28")),
        before.count(Calendar::Us, d("2026-12-31"), d("2027-02-28")),
        "a PRC notice leaves the U.S. calendar as it was"
    );
    let days = after.days(Calendar::Prc, 2027);
    assert!(days.iter().all(|x| x.source == notice_2027().source.trim()));
    assert_eq!(
        calendars::loaded_years(db.conn()).unwrap(),
        [(Calendar::Prc, 2027, notice_2027().source)]
    );

    let (action, field, value) = last_row(&db);
    assert_eq!(action, RecordAction::CalendarPublished.as_str());
    assert_eq!(field, "prc:2027");
    assert!(value.contains("春节调休"), "{value}");
    assert!(audit::verify(db.conn()).unwrap().ok());
}

#[test]
fn a_corrected_notice_replaces_the_earlier_one_and_a_hand_added_day_wins() {
    let mut db = Db::open_in_memory().unwrap();
    let a = author();
    db.apply(&a.op(Change::AddHoliday {
        calendar: Calendar::Prc,
        on: d("2027-02-05"),
        kind: DayKind::Holiday,
        name: "Office closed (by hand)".into(),
    }))
    .unwrap();
    db.apply(&a.op(Change::PublishCalendar(notice_2027())))
        .unwrap();
    let mut corrected = notice_2027();
    corrected.source = "corrected notice".into();
    corrected.days.retain(|x| x.date != d("2027-02-14"));
    db.apply(&a.op(Change::PublishCalendar(corrected))).unwrap();

    let days = calendars::load(db.conn())
        .unwrap()
        .days(Calendar::Prc, 2027);
    let names: Vec<(String, &str, &str)> = days
        .iter()
        .map(|x| (x.date.to_string(), x.name.as_str(), x.source.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("2027-01-01".to_owned(), "元旦", "corrected notice"),
            (
                "2027-02-05".to_owned(),
                "Office closed (by hand)",
                counterpart_core::calendar::ADDED_BY_USER
            ),
            ("2027-02-08".to_owned(), "春节", "corrected notice"),
        ],
        "the first notice's working Sunday is gone; the hand-added day stands"
    );
}

#[test]
fn a_bad_notice_is_refused_naming_the_field_and_changes_nothing() {
    let mut db = Db::open_in_memory().unwrap();
    let mut n = notice_2027();
    n.days[1].date = d("2028-02-05");
    let before = trail_rows(&db);
    let err = db
        .apply(&author().op(Change::PublishCalendar(n)))
        .unwrap_err();
    let Error::Invalid(fields) = err else {
        panic!("not a field error")
    };
    assert_eq!(fields[0].field, "days[1].date");
    assert!(calendars::loaded_years(db.conn()).unwrap().is_empty());
    assert!(calendars::added(db.conn()).unwrap().is_empty());
    assert_eq!(trail_rows(&db), before, "no trail row");
}

#[test]
fn a_loaded_notice_travels_to_the_team() {
    assert!(team::travels(&Change::PublishCalendar(notice_2027())));
}

#[test]
fn the_trail_knows_every_action_of_the_program_and_refuses_others() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("c.sqlite3");
    let db = Db::open(&path, now()).unwrap();
    let known: Vec<String> = db
        .conn()
        .prepare("SELECT name FROM audit_action ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut program: Vec<String> = Action::ALL
        .iter()
        .map(|a| a.as_str().to_owned())
        .chain(RecordAction::ALL.iter().map(|a| a.as_str().to_owned()))
        .collect();
    program.sort();
    assert_eq!(
        known, program,
        "add a new action to `audit_action` in its migration"
    );
    drop(db);
    let raw = rusqlite::Connection::open(&path).unwrap();
    let insert = |action: &str| {
        raw.execute(
            "INSERT INTO audit_log (at, action, prev_hash, hash) VALUES ('x', ?1, ?2, ?2)",
            [action, &"0".repeat(64)],
        )
    };
    let refused = insert("made_up").unwrap_err().to_string();
    assert!(refused.contains("unknown action"), "{refused}");
    insert("created").expect("a known action is taken");
}

/// The list's cached working days follow a loaded notice: the figure changes by the
/// notice's days, is no longer estimated, and equals `show`'s.
#[test]
fn the_list_counts_with_a_loaded_notice() {
    use counterpart_core::db::items;
    use counterpart_core::db::list::{self, ListQuery};
    use counterpart_core::model::Kind;
    let mut db = Db::open_in_memory().unwrap();
    let a = author();
    let mut f = support::fields(Kind::Extradition, "EXT-N");
    f.counterpart = "MPS".into();
    let op = a.create_item(f, Some(d("2026-12-01")));
    db.apply(&op).unwrap();
    let id = op.item().unwrap();
    let today = d("2027-02-28");
    let row =
        |db: &Db| list::list(db.conn(), &ListQuery::default(), today).unwrap()[0].working_days;
    let before = row(&db);
    assert!(before.working_days_estimated);
    db.apply(&a.op(Change::PublishCalendar(notice_2027())))
        .unwrap();
    let after = row(&db);
    // The U.S. calendar of 2027 follows from the law; the PRC's from the notice, which
    // also fixes the last days of 2026.
    assert!(
        !after.working_days_estimated,
        "no longer estimated: {after:?}"
    );
    assert_eq!(
        after.working_days_with_counterpart_prc,
        before.working_days_with_counterpart_prc.map(|n| n - 3 + 1),
        "three days off and one working Sunday in 2027"
    );
    let view = items::view(db.conn(), id, today).unwrap();
    assert_eq!(view.working_days, after, "the list and show agree");
}
