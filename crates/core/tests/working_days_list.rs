//! The list's working days (issue 13): every row has the same U.S. and PRC working days,
//! estimated mark and raise summary as the item's `show`, for random histories with
//! pauses, closings, retractions (a closing retracted reopens the item) and spans across
//! years without a published calendar; sorting by working days orders by those figures,
//! page by page; adding a day to a calendar changes the figures and the order at once;
//! and the columns are made again on opening when the calendar data changed (an upgrade
//! from schemas 7 and 11 included).

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use counterpart_core::calendar::{Calendar, DayKind};
use counterpart_core::db::list::{self, ItemRow, ListQuery, SortKey};
use counterpart_core::db::{items, workdays, Db};
use counterpart_core::model::{EventId, EventType, ItemId, Kind, NewEvent, RaiseLevel, Status};
use counterpart_core::op::{Author, Change};

mod support;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 9, 0, 0).unwrap()
}

/// Items with random histories, every event on or before 2026-11-29; the transmitted dates
/// run from 1985 (before the U.S. rules' first year) through 2003 (before the first PRC
/// notice) to 2026.
fn random_items(db: &mut Db, n: usize, seed: u64) -> Vec<ItemId> {
    let mut rng = support::TestRng(seed);
    let author = Author::new(now(), d("2026-11-29"), Some("tester".into()));
    let last = d("2026-11-29");
    let mut ids = Vec::new();
    for k in 0..n {
        let tx = match rng.random_range(0..10) {
            0 => None,
            1 => Some(d("1985-03-01") + Duration::days(rng.random_range(0..900) as i64)),
            2 => Some(d("2003-06-01") + Duration::days(rng.random_range(0..400) as i64)),
            _ => Some(d("2018-01-01") + Duration::days(rng.random_range(0..3200) as i64)),
        };
        let tx = tx.map(|t| t.min(last));
        let op = author.create_item(
            support::fields(Kind::Extradition, &format!("EXT-{k:04}")),
            tx,
        );
        let id = op.item().unwrap();
        db.apply(&op).unwrap();
        ids.push(id);
        let Some(mut on) = tx else { continue };
        let mut recorded: Vec<EventId> = Vec::new();
        for _ in 0..rng.random_range(0..8) {
            on = (on + Duration::days(rng.random_range(0..150) as i64)).min(last);
            let input = match rng.random_range(0..9) {
                0 | 1 => NewEvent::new(EventType::InfoRequested, on),
                2 | 3 => NewEvent::new(EventType::InfoProvided, on),
                4 => NewEvent::raised(on, RaiseLevel::ALL[rng.random_range(0..6)], None),
                5 => NewEvent::new(EventType::Status, on).with_status(Status::InProgress),
                6 => NewEvent::new(EventType::Closed, on).with_status(
                    if rng.random_range(0..2) == 0 {
                        Status::Fulfilled
                    } else {
                        Status::Declined
                    },
                ),
                7 if !recorded.is_empty() => NewEvent {
                    retracts: Some(recorded[rng.random_range(0..recorded.len())]),
                    ..NewEvent::new(EventType::Retraction, on).with_note("entered in error")
                },
                _ => NewEvent::new(EventType::PrcResponse, on),
            };
            let op = author.event_op(id, input);
            // A move the history refuses (closing twice, …) writes nothing: that is fine.
            if let Ok(applied) = db.apply(&op) {
                recorded.push(applied.into_event().unwrap().id);
            }
        }
    }
    ids
}

fn everything(sort: SortKey, descending: bool) -> ListQuery {
    ListQuery {
        sort,
        descending,
        ..ListQuery::default()
    }
}

/// Every row's working days and raise summary are the item view's.
fn rows_agree_with_show(db: &Db, today: NaiveDate) -> Vec<ItemRow> {
    let rows = list::list(db.conn(), &everything(SortKey::Reference, false), today).unwrap();
    for r in &rows {
        let v = items::view(db.conn(), r.id, today).unwrap();
        assert_eq!(
            r.working_days, v.working_days,
            "{} on {today}: list vs show",
            r.reference
        );
        assert_eq!(r.days_with_counterpart, v.figures.days_with_counterpart);
        assert_eq!(r.raised, v.raised, "{}", r.reference);
        assert_eq!(r.raised_words, v.raised_words);
    }
    rows
}

fn figure(r: &ItemRow, cal: Calendar) -> Option<i64> {
    match cal {
        Calendar::Us => r.working_days.working_days_with_counterpart_us,
        Calendar::Prc => r.working_days.working_days_with_counterpart_prc,
    }
}

/// Sorted by a calendar's working days, both ways: in the order of the figures (drafts
/// last), every item once, and each page the same slice of the whole.
fn sorts_by_working_days(db: &Db, today: NaiveDate, n: usize) {
    for (cal, key) in [
        (Calendar::Us, SortKey::WorkingDaysUs),
        (Calendar::Prc, SortKey::WorkingDaysPrc),
    ] {
        for descending in [true, false] {
            for open in [None, Some(true), Some(false)] {
                let q = ListQuery {
                    open,
                    ..everything(key, descending)
                };
                let all = list::list(db.conn(), &q, today).unwrap();
                if open.is_none() {
                    assert_eq!(all.len(), n);
                }
                let figures: Vec<Option<i64>> = all.iter().map(|r| figure(r, cal)).collect();
                let counted = figures.iter().take_while(|f| f.is_some()).count();
                assert!(
                    figures[counted..].iter().all(Option::is_none),
                    "drafts last"
                );
                assert!(
                    figures[..counted].windows(2).all(|w| if descending {
                        w[0] >= w[1]
                    } else {
                        w[0] <= w[1]
                    }),
                    "{key:?} descending={descending} open={open:?}: {figures:?}"
                );
                for (offset, limit) in [(0, 7), (13, 20), (all.len().saturating_sub(5), 50)] {
                    let page = ListQuery {
                        offset,
                        limit: Some(limit),
                        ..q.clone()
                    };
                    let got: Vec<ItemId> = list::list(db.conn(), &page, today)
                        .unwrap()
                        .iter()
                        .map(|r| r.id)
                        .collect();
                    let want: Vec<ItemId> =
                        all.iter().skip(offset).take(limit).map(|r| r.id).collect();
                    assert_eq!(got, want, "{key:?} page at {offset}");
                }
            }
        }
    }
}

#[test]
fn list_rows_have_show_s_working_days_and_sort_by_them() {
    let mut db = Db::open_in_memory().unwrap();
    let n = 160;
    random_items(&mut db, n, 7);
    let mut estimated = 0;
    let mut counted = 0;
    // 2027 has no PRC notice: the open items are estimated as of 2027-03-01.
    for today in [d("2026-11-29"), d("2026-12-31"), d("2027-03-01")] {
        let rows = rows_agree_with_show(&db, today);
        estimated += rows
            .iter()
            .filter(|r| r.working_days.working_days_estimated)
            .count();
        counted += rows
            .iter()
            .filter(|r| r.working_days.working_days_with_counterpart_us > Some(0))
            .count();
        sorts_by_working_days(&db, today, n);
    }
    assert!(estimated > 10 && counted > 100, "{estimated} {counted}");
    // Days added to either calendar, anywhere in the items' spans (and before them): each
    // changes the items it falls in, and only those are written again.
    let author = Author::new(now(), d("2026-11-29"), None);
    for (cal, on, kind) in [
        (Calendar::Us, "2024-03-05", DayKind::Holiday),
        (Calendar::Prc, "2021-07-10", DayKind::Workday),
        (Calendar::Prc, "2026-11-02", DayKind::Holiday),
        (Calendar::Us, "1985-11-05", DayKind::Holiday),
        (Calendar::Us, "1949-06-01", DayKind::Workday),
    ] {
        db.apply(&author.op(Change::AddHoliday {
            calendar: cal,
            on: d(on),
            kind,
            name: "Added".into(),
        }))
        .unwrap();
        rows_agree_with_show(&db, d("2026-11-29"));
    }
    sorts_by_working_days(&db, d("2026-11-29"), n);
    // The raise summaries the random histories made are there too.
    let rows = list::list(db.conn(), &ListQuery::default(), d("2026-11-29")).unwrap();
    assert!(rows.iter().any(|r| r.raised.highest_level.is_some()));
}

#[test]
fn list_json_has_the_contract_s_working_day_names() {
    let mut db = Db::open_in_memory().unwrap();
    random_items(&mut db, 3, 1);
    let rows = list::list(db.conn(), &ListQuery::default(), d("2026-11-29")).unwrap();
    let json = serde_json::to_value(&rows[0]).unwrap();
    for key in [
        "working_days_with_counterpart_us",
        "working_days_with_counterpart_prc",
        "working_days_estimated",
        "raised",
        "raised_words",
    ] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }
}

fn holiday(on: &str) -> Change {
    Change::AddHoliday {
        calendar: Calendar::Us,
        on: d(on),
        kind: DayKind::Holiday,
        name: "Closed by executive order".into(),
    }
}

#[test]
fn an_added_holiday_changes_the_list_s_figures_and_order() {
    let mut db = Db::open_in_memory().unwrap();
    let today = d("2026-01-20");
    let author = Author::new(now(), today, None);
    // A: 2025-11-30 to its closing on 2025-12-12, 10 U.S. working days. B: running since
    // 2026-01-02, 11 U.S. working days on 2026-01-20 (Martin Luther King Day off).
    let a = author.create_item(
        support::fields(Kind::Extradition, "EXT-A"),
        Some(d("2025-11-30")),
    );
    let a_id = a.item().unwrap();
    db.apply(&a).unwrap();
    db.apply(&author.event_op(
        a_id,
        NewEvent::new(EventType::Closed, d("2025-12-12")).with_status(Status::Fulfilled),
    ))
    .unwrap();
    let b = author.create_item(
        support::fields(Kind::Extradition, "EXT-B"),
        Some(d("2026-01-02")),
    );
    db.apply(&b).unwrap();
    let by = |db: &Db, key, cal| -> Vec<(String, Option<i64>)> {
        list::list(db.conn(), &everything(key, true), today)
            .unwrap()
            .into_iter()
            .map(|r| {
                let n = figure(&r, cal);
                (r.reference, n)
            })
            .collect()
    };
    let order = |db: &Db, key| by(db, key, Calendar::Us);
    let before = order(&db, SortKey::WorkingDaysUs);
    assert_eq!(
        before,
        [("EXT-B".into(), Some(11)), ("EXT-A".into(), Some(10))]
    );
    let prc = |db: &Db| by(db, SortKey::WorkingDaysPrc, Calendar::Prc);
    let prc_before = prc(&db);
    db.apply(&author.op(holiday("2026-01-06"))).unwrap();
    db.apply(&author.op(holiday("2026-01-07"))).unwrap();
    assert_eq!(
        order(&db, SortKey::WorkingDaysUs),
        [("EXT-A".into(), Some(10)), ("EXT-B".into(), Some(9))]
    );
    assert_eq!(prc(&db), prc_before, "the PRC calendar is not touched");
    rows_agree_with_show(&db, today);
    // A day added inside A's frozen span counts there too (a tie: the running clock
    // first, as with calendar days).
    db.apply(&author.op(holiday("2025-12-03"))).unwrap();
    assert_eq!(
        order(&db, SortKey::WorkingDaysUs),
        [("EXT-B".into(), Some(9)), ("EXT-A".into(), Some(9))]
    );
    rows_agree_with_show(&db, today);
}

/// Spoils the stored columns and the fingerprint through a connection of its own, as an
/// older program's data would leave them.
fn spoil(path: &std::path::Path) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(
        "UPDATE item SET wd_us_base = 12345, wd_us_frozen = NULL, wd_prc_base = NULL;
         UPDATE setting SET value = 'older data' WHERE key = 'calendar.fingerprint';",
    )
    .unwrap();
}

#[test]
fn opening_makes_the_columns_again_when_the_calendar_data_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("c.sqlite3");
    let mut db = Db::open(&path, now()).unwrap();
    let ids = random_items(&mut db, 40, 3);
    let stored: Vec<_> = ids
        .iter()
        .map(|id| workdays::stored(db.conn(), *id).unwrap())
        .collect();
    drop(db);
    spoil(&path);
    let db = Db::open(&path, now()).unwrap();
    let again: Vec<_> = ids
        .iter()
        .map(|id| workdays::stored(db.conn(), *id).unwrap())
        .collect();
    assert_eq!(again, stored);
    rows_agree_with_show(&db, d("2026-11-29"));
}

#[test]
fn schemas_7_and_11_upgrade_with_working_days_in_the_list() {
    for schema in [7, 11] {
        let (_tmp, path) = support::fixture_copy(schema);
        let db = Db::open(&path, now()).unwrap();
        let rows = rows_agree_with_show(&db, d("2026-11-29"));
        assert!(
            rows.iter()
                .any(|r| r.working_days.working_days_with_counterpart_us > Some(0)),
            "schema {schema}"
        );
        sorts_by_working_days(&db, d("2026-11-29"), rows.len());
    }
}

#[test]
fn the_upgrade_fills_the_raise_summary_of_older_raised_events() {
    let (_tmp, path) = support::fixture_copy(11);
    {
        // Raised events as schema 11 holds them (raised_count kept by migration 0009 and
        // the writes of that version): one at working level, one at cabinet level, one
        // at leaders' level that a retraction took back.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "INSERT INTO event (id, item_id, type, occurred_on, recorded_at, side, level, retracts, note)
             SELECT X'01A23262DECE7261BA8D1E156D6A0001', id, 'raised', '2024-03-01', '2026-12-01T17:00:00.000001Z', 'us', 'working', NULL, '' FROM item WHERE reference = 'EXT-1';
             INSERT INTO event (id, item_id, type, occurred_on, recorded_at, side, level, retracts, note)
             SELECT X'01A23262DECE7261BA8D1E156D6A0002', id, 'raised', '2024-05-02', '2026-12-01T17:00:00.000002Z', 'us', 'cabinet', NULL, '' FROM item WHERE reference = 'EXT-1';
             INSERT INTO event (id, item_id, type, occurred_on, recorded_at, side, level, retracts, note)
             SELECT X'01A23262DECE7261BA8D1E156D6A0003', id, 'raised', '2024-06-01', '2026-12-01T17:00:00.000003Z', 'us', 'leaders', NULL, '' FROM item WHERE reference = 'EXT-1';
             INSERT INTO event (id, item_id, type, occurred_on, recorded_at, side, level, retracts, note)
             SELECT X'01A23262DECE7261BA8D1E156D6A0004', id, 'retraction', '2024-06-02', '2026-12-01T17:00:00.000004Z', 'us', NULL, X'01A23262DECE7261BA8D1E156D6A0003', 'wrong item' FROM item WHERE reference = 'EXT-1';
             UPDATE item SET raised_count = 2 WHERE reference = 'EXT-1';",
        )
        .unwrap();
    }
    let db = Db::open(&path, now()).unwrap();
    let rows = rows_agree_with_show(&db, d("2026-11-29"));
    let ext = rows.iter().find(|r| r.reference == "EXT-1").unwrap();
    assert_eq!(
        (
            ext.raised.count,
            ext.raised.last_on,
            ext.raised.highest_level
        ),
        (2, Some(d("2024-05-02")), Some(RaiseLevel::Cabinet))
    );
    assert_eq!(
        ext.raised_words,
        "raised twice, last 2024-05-02 at cabinet level"
    );
}
