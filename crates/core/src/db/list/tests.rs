//! Keyset paging against the whole list, in every order, with and without a search (the
//! items found read by row number, or walked: this build walks past 8 found).

use super::*;
use crate::db::Db;
use crate::model::{Details, EventType, ItemFields, NewEvent};
use crate::op::{Author, Change};
use chrono::{DateTime, Duration, TimeZone, Utc};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 11, 18, 12, 0, 0).unwrap()
}

fn today() -> NaiveDate {
    now().date_naive()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const AGENCIES: [&str; 3] = ["MPS", "SPP", "NNCC"];

/// 72 items: running, paused and closed clocks, drafts, repeated titles and statuses,
/// missing and present due dates; titles with a word most items hold ("common") and one
/// a few do ("rare").
fn database() -> Db {
    let mut db = Db::open_in_memory().unwrap();
    let a = Author::new(now(), today(), None);
    let mut n = 0;
    for month in 1..=12u32 {
        for kind in 0..6u32 {
            n += 1;
            let reference = format!("R-{:03}", (n * 37) % 101);
            let title = match n % 4 {
                0 => "Surrender of Lin, common".to_owned(),
                1 => format!("Common request {n}"),
                2 if n % 3 == 0 => format!("Rare 林伟 case {n}"),
                _ => "Schedule of a substance common".to_owned(),
            };
            let f = ItemFields {
                reference: reference.clone(),
                title,
                title_zh: None,
                us_agency: None,
                counterpart: AGENCIES[(n % 3) as usize].into(),
                priority: crate::model::Priority::Normal,
                owner: None,
                notes: None,
                tags: vec![],
                due_on: (n % 3 != 0).then(|| d("2024-01-01") + Duration::days(i64::from(n * 11))),
                follow_up_on: None,
                details: Details::empty(crate::model::Kind::ALL[(kind % 4) as usize]),
            };
            let tx = d(&format!("2023-{month:02}-{:02}", 1 + kind * 4));
            let draft = kind == 5 && month % 3 == 0;
            let id = db
                .apply(&a.create_item(f, (!draft).then_some(tx)))
                .unwrap()
                .into_item()
                .unwrap()
                .id;
            let ev = |t: EventType, days: i64| NewEvent::new(t, tx + Duration::days(days));
            match (month + kind) % 5 {
                _ if draft => {}
                0 => {
                    db.apply(&a.event_op(id, ev(EventType::InfoRequested, 30)))
                        .unwrap();
                }
                1 => {
                    let e = ev(EventType::Closed, 40).with_status(crate::model::Status::Declined);
                    db.apply(&a.event_op(id, e)).unwrap();
                }
                2 => {
                    db.apply(&a.event_op(id, ev(EventType::InfoRequested, 3)))
                        .unwrap();
                    db.apply(&a.event_op(id, ev(EventType::InfoProvided, 90)))
                        .unwrap();
                }
                3 => {
                    db.apply(&a.event_op(id, ev(EventType::PrcResponse, 20)))
                        .unwrap();
                }
                _ => {}
            }
            if n == 50 {
                db.apply(&a.op(Change::Archive { item: id })).unwrap();
            }
        }
    }
    db
}

const SORTS: [SortKey; 11] = [
    SortKey::DaysWithCounterpart,
    SortKey::DaysSincePrcResponse,
    SortKey::Reference,
    SortKey::Title,
    SortKey::Kind,
    SortKey::Status,
    SortKey::Counterpart,
    SortKey::TransmittedOn,
    SortKey::DueOn,
    SortKey::WorkingDaysUs,
    SortKey::WorkingDaysPrc,
];

fn refs(rows: &[ItemRow]) -> Vec<String> {
    rows.iter().map(|r| r.reference.clone()).collect()
}

/// Every page after the one before, `size` rows each, until the list ends.
fn by_key(db: &Db, q: &ListQuery, size: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut after = None;
    for _ in 0..1000 {
        let p = page(
            db.conn(),
            &ListQuery {
                limit: Some(size),
                after: after.clone(),
                ..q.clone()
            },
            today(),
        )
        .unwrap();
        assert!(p.rows.len() <= size);
        out.extend(refs(&p.rows));
        match p.next {
            Some(next) => after = Some(next),
            None => return out,
        }
    }
    panic!("the pages never end");
}

#[test]
fn pages_after_a_key_are_the_whole_list_in_every_order() {
    let db = database();
    let mut walked_and_read = (false, false);
    for sort in SORTS {
        for descending in [false, true] {
            for open in [None, Some(true), Some(false)] {
                for search in [
                    None,
                    Some("common"),
                    Some("林伟"),
                    Some("rare case"),
                    Some("quokka"),
                ] {
                    let q = ListQuery {
                        sort,
                        descending,
                        open,
                        search: search.map(str::to_owned),
                        ..Default::default()
                    };
                    let all = refs(&list(db.conn(), &q, today()).unwrap());
                    let what = format!("{sort:?} descending={descending} open={open:?} {search:?}");
                    assert_eq!(all.len(), count(db.conn(), &q, today()).unwrap(), "{what}");
                    if let Some(f) = Found::of(db.conn(), &q).unwrap() {
                        if f.0.len() > READ_AT_MOST {
                            walked_and_read.0 = true;
                        } else if !f.0.is_empty() {
                            walked_and_read.1 = true;
                        }
                    }
                    let sizes: &[usize] = if open.is_none() { &[1, 7, 200] } else { &[7] };
                    for &size in sizes {
                        assert_eq!(by_key(&db, &q, size), all, "{what}: pages of {size} by key");
                    }
                    let by_offset: Vec<String> = (0..)
                        .map(|p| {
                            refs(
                                &list(
                                    db.conn(),
                                    &ListQuery {
                                        offset: p * 7,
                                        limit: Some(7),
                                        ..q.clone()
                                    },
                                    today(),
                                )
                                .unwrap(),
                            )
                        })
                        .take_while(|r| !r.is_empty())
                        .flatten()
                        .collect();
                    assert_eq!(by_offset, all, "{what}: pages of 7 by offset");
                    // After a key, an offset counts from there.
                    if all.len() > 10 {
                        let first = page(
                            db.conn(),
                            &ListQuery {
                                limit: Some(3),
                                ..q.clone()
                            },
                            today(),
                        )
                        .unwrap();
                        let rest = list(
                            db.conn(),
                            &ListQuery {
                                after: first.next,
                                offset: 2,
                                limit: Some(4),
                                ..q.clone()
                            },
                            today(),
                        )
                        .unwrap();
                        assert_eq!(refs(&rest), all[5..9], "{what}: after a key, offset 2");
                    }
                }
            }
        }
    }
    assert_eq!(
        walked_and_read,
        (true, true),
        "both ways of a search were tried"
    );
}

/// The other filters with a search, both ways (read and walked): counted as listed, and
/// paged by key as listed.
#[test]
fn filters_and_a_search_count_and_page_alike() {
    let db = database();
    let filtered = [
        ListQuery {
            kind: Some(crate::model::Kind::Extradition),
            ..Default::default()
        },
        ListQuery {
            status: Some(crate::model::Status::Transmitted),
            ..Default::default()
        },
        ListQuery {
            counterpart: Some("SPP".into()),
            open: Some(true),
            ..Default::default()
        },
        ListQuery {
            overdue: true,
            ..Default::default()
        },
    ];
    for base in filtered {
        for search in [None, Some("common"), Some("林伟")] {
            for sort in [SortKey::DaysWithCounterpart, SortKey::DueOn] {
                let q = ListQuery {
                    search: search.map(str::to_owned),
                    sort,
                    ..base.clone()
                };
                let all = refs(&list(db.conn(), &q, today()).unwrap());
                let what = format!("{q:?}");
                assert_eq!(all.len(), count(db.conn(), &q, today()).unwrap(), "{what}");
                assert_eq!(by_key(&db, &q, 5), all, "{what}");
            }
        }
    }
}

#[test]
fn the_rows_after_a_listed_item_follow_it() {
    let db = database();
    for sort in SORTS {
        for descending in [false, true] {
            for search in [None, Some("common")] {
                let q = ListQuery {
                    sort,
                    descending,
                    search: search.map(str::to_owned),
                    ..Default::default()
                };
                let all = refs(&list(db.conn(), &q, today()).unwrap());
                for i in [0, all.len() / 2, all.len() - 1] {
                    let after = cursor_at(db.conn(), &q, &all[i], today()).unwrap();
                    let rest = list(
                        db.conn(),
                        &ListQuery {
                            after: Some(after),
                            ..q.clone()
                        },
                        today(),
                    )
                    .unwrap();
                    assert_eq!(
                        refs(&rest),
                        all[i + 1..],
                        "{sort:?} {descending} {search:?} after {i}"
                    );
                }
            }
        }
    }
    let q = ListQuery {
        search: Some("林伟".into()),
        ..Default::default()
    };
    let listed = refs(&list(db.conn(), &q, today()).unwrap());
    let other = refs(&list(db.conn(), &ListQuery::default(), today()).unwrap())
        .into_iter()
        .find(|r| !listed.contains(r))
        .unwrap();
    assert!(matches!(
        cursor_at(db.conn(), &q, &other, today()),
        Err(Error::Invalid(e)) if e[0].field == "after"
    ));
    assert!(matches!(
        cursor_at(db.conn(), &q, "NO-SUCH", today()),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn a_cursor_of_another_order_is_refused() {
    let db = database();
    let by_days = page(
        db.conn(),
        &ListQuery {
            limit: Some(5),
            ..Default::default()
        },
        today(),
    )
    .unwrap()
    .next
    .unwrap();
    for (sort, descending, after) in [
        (SortKey::Title, true, by_days.clone()),
        (SortKey::DaysWithCounterpart, false, by_days.clone()),
        (
            SortKey::Reference,
            false,
            Cursor::from("not json".to_owned()),
        ),
        (
            SortKey::Reference,
            false,
            Cursor::from(
                r#"{"sort":"reference","descending":false,"at":{"key":[1,2]}}"#.to_owned(),
            ),
        ),
    ] {
        let q = ListQuery {
            sort,
            descending,
            after: Some(after),
            limit: Some(5),
            ..Default::default()
        };
        assert!(
            matches!(page(db.conn(), &q, today()), Err(Error::Invalid(e)) if e[0].field == "after"),
            "{sort:?} {descending}"
        );
    }
}
