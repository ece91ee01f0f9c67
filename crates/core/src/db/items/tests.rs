//! Items and histories against a real (in-memory) SQLite database.

use super::*;
use crate::db::apply::Applier;
use crate::db::list::{self, ListQuery, SortKey};
use crate::db::Db;
use crate::model::{Details, NewEvent, Priority, RaiseLevel, Scheduling, Status};
use crate::op::{Author, Change, Operation};
use chrono::TimeZone;

/// A new item as the tests enter it.
struct NewItem {
    fields: ItemFields,
    transmitted_on: Option<NaiveDate>,
}

fn author(now: DateTime<Utc>, user: Option<&str>) -> Author {
    Author::new(now, now.date_naive(), user.map(str::to_owned))
}

fn apply(tx: &Tx<'_>, op: &Operation) -> Result<crate::db::apply::Applied> {
    let mut a = Applier::new(tx, false)?;
    let applied = a.apply(op)?;
    a.finish()?;
    Ok(applied)
}

fn create(tx: &Tx<'_>, n: NewItem, now: DateTime<Utc>, user: Option<&str>) -> Result<Item> {
    apply(
        tx,
        &author(now, user).create_item(n.fields, n.transmitted_on),
    )?
    .into_item()
}

fn record_event(
    tx: &Tx<'_>,
    reference: &str,
    e: NewEvent,
    now: DateTime<Utc>,
    user: Option<&str>,
) -> Result<Event> {
    let id = find(tx, reference)?;
    apply(tx, &author(now, user).event_op(id, e))?.into_event()
}

fn link_raw(
    tx: &Tx<'_>,
    from: ItemId,
    to: ItemId,
    relation: &str,
    now: DateTime<Utc>,
    user: Option<&str>,
) -> Result<()> {
    let op = author(now, user).op(Change::Link {
        from,
        to,
        relation: relation.to_owned(),
    });
    apply(tx, &op).map(|_| ())
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 11, 18, 12, 0, 0).unwrap()
}

pub(crate) fn fields(kind: Kind, reference: &str, title: &str) -> ItemFields {
    ItemFields {
        reference: reference.into(),
        title: title.into(),
        title_zh: None,
        us_agency: Some("DOJ OIA".into()),
        counterpart: "MPS".into(),
        priority: Priority::Normal,
        owner: None,
        notes: None,
        tags: vec![],
        due_on: None,
        follow_up_on: None,
        details: Details::empty(kind),
    }
}

fn add(db: &mut Db, reference: &str, transmitted: Option<&str>) -> Item {
    db.write(|tx| {
        create(
            tx,
            NewItem {
                fields: fields(Kind::Extradition, reference, "A title"),
                transmitted_on: transmitted.map(d),
            },
            now(),
            Some("tester"),
        )
    })
    .unwrap()
}

fn event(db: &mut Db, reference: &str, e: NewEvent) -> Result<Event> {
    db.write(|tx| record_event(tx, reference, e, now(), Some("tester")))
}

#[test]
fn create_and_read_back() {
    let mut db = Db::open_in_memory().unwrap();
    let mut f = fields(Kind::Scheduling, "SCH-1", "Control of 4-ANPP <b>now</b>");
    f.title_zh = Some("管制4-ANPP".into());
    f.counterpart = "national narcotics control commission".into();
    f.tags = vec!["fentanyl".into(), "2024".into()];
    f.details = Details::Scheduling(Scheduling {
        substance: Some("4-ANPP".into()),
        cas_number: Some("1609-66-1".into()),
        ..Default::default()
    });
    let item = db
        .write(|tx| {
            create(
                tx,
                NewItem {
                    fields: f,
                    transmitted_on: Some(d("2024-01-01")),
                },
                now(),
                None,
            )
        })
        .unwrap();
    let back = get(db.conn(), item.id).unwrap();
    assert_eq!(
        back.fields.counterpart, "NNCC",
        "the agency is stored by its code"
    );
    assert_eq!(
        back.fields.title, "Control of 4-ANPP <b>now</b>",
        "text is stored as typed"
    );
    assert_eq!(back.fields.tags, vec!["2024", "fentanyl"]);
    assert_eq!(back.status, Status::Transmitted);
    assert_eq!(back, item, "what create returns is what is stored");
    assert_eq!(find(db.conn(), "SCH-1").unwrap(), item.id);
    assert_eq!(find(db.conn(), &item.id.to_string()).unwrap(), item.id);
    assert!(matches!(find(db.conn(), "nope"), Err(Error::NotFound(_))));
}

#[test]
fn validation_names_every_field_and_writes_nothing() {
    let mut db = Db::open_in_memory().unwrap();
    add(&mut db, "EXT-1", Some("2024-01-01"));
    let mut f = fields(Kind::Scheduling, "EXT-1", &"x".repeat(501));
    f.counterpart = "Ministry of Magic".into();
    f.due_on = Some(d("2023-12-31"));
    f.details = Details::Scheduling(Scheduling {
        cas_number: Some("1609-66-2".into()),
        ..Default::default()
    });
    let err = db
        .write(|tx| {
            create(
                tx,
                NewItem {
                    fields: f,
                    transmitted_on: Some(d("2024-01-01")),
                },
                now(),
                None,
            )
        })
        .unwrap_err();
    let Error::Invalid(errors) = err else {
        panic!("expected field errors")
    };
    let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    for field in ["title", "counterpart", "reference", "due_on", "cas_number"] {
        assert!(
            named.contains(&field),
            "{field} must be named in {errors:?}"
        );
    }
    assert_eq!(
        list::count(db.conn(), &ListQuery::default(), d("2024-11-18")).unwrap(),
        1
    );
}

#[test]
fn status_follows_the_events_in_the_same_transaction() {
    let mut db = Db::open_in_memory().unwrap();
    add(&mut db, "EXT-1", Some("2024-01-01"));
    event(
        &mut db,
        "EXT-1",
        NewEvent::new(EventType::Acknowledged, d("2024-01-05")),
    )
    .unwrap();
    event(
        &mut db,
        "EXT-1",
        NewEvent::new(EventType::InfoRequested, d("2024-01-11")),
    )
    .unwrap();
    let id = find(db.conn(), "EXT-1").unwrap();
    assert_eq!(get(db.conn(), id).unwrap().status, Status::AwaitingUs);
    event(
        &mut db,
        "EXT-1",
        NewEvent::new(EventType::InfoProvided, d("2024-01-21")),
    )
    .unwrap();
    let item = get(db.conn(), id).unwrap();
    assert_eq!(item.status, Status::Acknowledged);
    assert_eq!(item.version, 4, "every change bumps the version");
    let v = view(db.conn(), id, d("2024-02-01")).unwrap();
    assert_eq!(v.figures.days_with_counterpart, Some(21));
    assert_eq!(v.events.len(), 4);
    assert_eq!(
        v.events[0].event.event_type,
        EventType::InfoProvided,
        "newest first"
    );
    let rows = list::list(db.conn(), &ListQuery::default(), d("2024-02-01")).unwrap();
    assert_eq!(
        rows[0].days_with_counterpart,
        Some(21),
        "the list agrees with the history"
    );
}

#[test]
fn refused_transitions_leave_the_item_unchanged() {
    let mut db = Db::open_in_memory().unwrap();
    add(&mut db, "EXT-1", Some("2024-01-01"));
    event(
        &mut db,
        "EXT-1",
        NewEvent::new(EventType::Closed, d("2024-02-01")).with_status(Status::Fulfilled),
    )
    .unwrap();
    let id = find(db.conn(), "EXT-1").unwrap();
    let before = get(db.conn(), id).unwrap();
    let err = event(
        &mut db,
        "EXT-1",
        NewEvent::new(EventType::Status, d("2024-03-01")).with_status(Status::Transmitted),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("status: moving from fulfilled to transmitted"),
        "{err}"
    );
    let err = event(
        &mut db,
        "EXT-1",
        NewEvent::new(EventType::InfoRequested, d("2024-03-01")),
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("type:"), "{err}");
    let err = event(
        &mut db,
        "EXT-1",
        NewEvent::raised(d("2023-12-01"), RaiseLevel::Working, None),
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("on:"), "{err}");
    assert_eq!(get(db.conn(), id).unwrap(), before);
    assert_eq!(events(db.conn(), id).unwrap().len(), 2);
}

#[test]
fn a_back_dated_event_is_counted_in_its_place() {
    let mut db = Db::open_in_memory().unwrap();
    add(&mut db, "EXT-1", Some("2024-01-01"));
    event(
        &mut db,
        "EXT-1",
        NewEvent::new(EventType::InfoProvided, d("2024-01-21")),
    )
    .unwrap();
    event(
        &mut db,
        "EXT-1",
        NewEvent::new(EventType::InfoRequested, d("2024-01-11")),
    )
    .unwrap();
    let rows = list::list(db.conn(), &ListQuery::default(), d("2024-02-01")).unwrap();
    assert_eq!(rows[0].days_with_counterpart, Some(21));
    assert_eq!(rows[0].status, Status::Transmitted);
}

#[test]
fn a_retraction_corrects_a_wrong_entry() {
    let mut db = Db::open_in_memory().unwrap();
    add(&mut db, "EXT-1", Some("2024-01-01"));
    let wrong = event(
        &mut db,
        "EXT-1",
        NewEvent::new(EventType::InfoRequested, d("2024-01-11")),
    )
    .unwrap();
    let no_reason = NewEvent {
        retracts: Some(wrong.id),
        ..NewEvent::new(EventType::Retraction, d("2024-01-12"))
    };
    let err = event(&mut db, "EXT-1", no_reason.clone()).unwrap_err();
    assert!(err.to_string().starts_with("note:"), "{err}");
    event(
        &mut db,
        "EXT-1",
        no_reason.with_note("recorded on the wrong item"),
    )
    .unwrap();
    let id = find(db.conn(), "EXT-1").unwrap();
    let v = view(db.conn(), id, d("2024-02-01")).unwrap();
    assert_eq!(v.item.status, Status::Transmitted);
    assert_eq!(v.figures.days_with_counterpart, Some(31));
    let retracted = v.events.iter().find(|e| e.event.id == wrong.id).unwrap();
    assert!(
        retracted.retracted,
        "the retracted event stays in the history, marked"
    );
    assert_eq!(
        retracted.retraction_note.as_deref(),
        Some("recorded on the wrong item")
    );
}

#[test]
fn due_changed_moves_the_due_date() {
    let mut db = Db::open_in_memory().unwrap();
    add(&mut db, "EXT-1", Some("2024-01-01"));
    let mut e = NewEvent::new(EventType::DueChanged, d("2024-01-05"));
    e.due_on = Some(d("2023-06-01"));
    let err = event(&mut db, "EXT-1", e.clone()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("due_on: 2023-06-01 is before the transmitted date"),
        "{err}"
    );
    e.due_on = Some(d("2024-03-01"));
    event(&mut db, "EXT-1", e).unwrap();
    let id = find(db.conn(), "EXT-1").unwrap();
    assert_eq!(
        get(db.conn(), id).unwrap().fields.due_on,
        Some(d("2024-03-01"))
    );
    let overdue = ListQuery {
        overdue: true,
        ..Default::default()
    };
    assert_eq!(
        list::count(db.conn(), &overdue, d("2024-03-01")).unwrap(),
        0
    );
    assert_eq!(
        list::count(db.conn(), &overdue, d("2024-03-02")).unwrap(),
        1
    );
}

#[test]
fn search_finds_english_and_chinese() {
    let mut db = Db::open_in_memory().unwrap();
    let mut f = fields(
        Kind::Extradition,
        "EXT-7",
        "Surrender of a precursor broker",
    );
    f.title_zh = Some("引渡林某某案".into());
    f.notes = Some("Seen on a trading platform offering 4-piperidone".into());
    db.write(|tx| {
        create(
            tx,
            NewItem {
                fields: f,
                transmitted_on: None,
            },
            now(),
            None,
        )
    })
    .unwrap();
    add(&mut db, "EXT-8", None);
    let found = |q: &str| -> Vec<String> {
        let query = ListQuery {
            search: Some(q.into()),
            ..Default::default()
        };
        list::list(db.conn(), &query, d("2024-11-18"))
            .unwrap()
            .into_iter()
            .map(|r| r.reference)
            .collect()
    };
    assert_eq!(found("林某某"), ["EXT-7"], "a Chinese word inside a title");
    assert_eq!(found("引渡"), ["EXT-7"], "a two-character Chinese word");
    assert_eq!(found("PRECURSOR"), ["EXT-7"], "case-insensitive");
    assert_eq!(
        found("piperidone platform"),
        ["EXT-7"],
        "every word must match"
    );
    assert_eq!(found("EXT-8"), ["EXT-8"]);
    assert!(
        found("\"quoted\" OR *").is_empty(),
        "FTS syntax in the box is searched for, not run"
    );
    assert!(found("50%").is_empty());
}

/// The merged index streams give the same order as sorting every row by its figure.
#[test]
fn list_by_days_agrees_with_a_full_sort() {
    let mut db = Db::open_in_memory().unwrap();
    let mut n = 0;
    for month in 1..=12u32 {
        for kind in 0..4 {
            n += 1;
            let r = format!("R-{n:03}");
            let tx = format!("2023-{month:02}-{:02}", 1 + kind * 5);
            add(
                &mut db,
                &r,
                if kind == 3 && month % 4 == 0 {
                    None
                } else {
                    Some(&tx)
                },
            );
            match (month + kind) % 5 {
                0 => {
                    event(
                        &mut db,
                        &r,
                        NewEvent::new(
                            EventType::InfoRequested,
                            d(&tx) + chrono::Duration::days(30),
                        ),
                    )
                    .ok();
                }
                1 => {
                    event(
                        &mut db,
                        &r,
                        NewEvent::new(EventType::Closed, d(&tx) + chrono::Duration::days(40))
                            .with_status(Status::Declined),
                    )
                    .ok();
                }
                2 => {
                    event(
                        &mut db,
                        &r,
                        NewEvent::new(EventType::InfoRequested, d(&tx) + chrono::Duration::days(3)),
                    )
                    .ok();
                    event(
                        &mut db,
                        &r,
                        NewEvent::new(EventType::InfoProvided, d(&tx) + chrono::Duration::days(90)),
                    )
                    .ok();
                }
                _ => {}
            }
        }
    }
    let today = d("2024-11-18");
    for open in [None, Some(true), Some(false)] {
        for descending in [true, false] {
            let q = ListQuery {
                open,
                descending,
                sort: SortKey::DaysWithCounterpart,
                ..Default::default()
            };
            let all = list::list(db.conn(), &q, today).unwrap();
            assert_eq!(
                all.len(),
                list::count(db.conn(), &q, today).unwrap(),
                "every match is listed"
            );
            let keys: Vec<Option<i64>> = all.iter().map(|r| r.days_with_counterpart).collect();
            let mut sorted = keys.clone();
            sorted.sort_by(|a, b| match (a, b) {
                (None, None) => std::cmp::Ordering::Equal,
                (None, _) => std::cmp::Ordering::Greater,
                (_, None) => std::cmp::Ordering::Less,
                (Some(a), Some(b)) if descending => b.cmp(a),
                (Some(a), Some(b)) => a.cmp(b),
            });
            assert_eq!(keys, sorted, "open={open:?} descending={descending}");
            // Paging gives the same rows as one long list.
            let mut paged = Vec::new();
            for page in 0.. {
                let rows = list::list(
                    db.conn(),
                    &ListQuery {
                        offset: page * 7,
                        limit: Some(7),
                        ..q.clone()
                    },
                    today,
                )
                .unwrap();
                if rows.is_empty() {
                    break;
                }
                paged.extend(rows);
            }
            assert_eq!(
                paged, all,
                "pages of 7 open={open:?} descending={descending}"
            );
            // A page asked for with absurd numbers (as the window's IPC could send) is
            // empty or everything, never an overflow or an SQL error.
            for sort in [SortKey::DaysWithCounterpart, SortKey::Title] {
                for (offset, limit, want) in [
                    (usize::MAX, Some(usize::MAX), 0),
                    (1, Some(usize::MAX), all.len().saturating_sub(1)),
                    (usize::MAX, None, 0),
                    (0, Some(usize::MAX), all.len()),
                ] {
                    let rows = list::list(
                        db.conn(),
                        &ListQuery {
                            offset,
                            limit,
                            sort,
                            ..q.clone()
                        },
                        today,
                    )
                    .unwrap();
                    assert_eq!(rows.len(), want, "{sort:?} offset {offset} limit {limit:?}");
                }
            }
        }
    }
}

#[test]
fn summary_counts() {
    let mut db = Db::open_in_memory().unwrap();
    add(&mut db, "A", Some("2024-01-01"));
    add(&mut db, "B", Some("2024-06-01"));
    add(&mut db, "C", None);
    event(
        &mut db,
        "B",
        NewEvent::new(EventType::Acknowledged, d("2024-06-02")),
    )
    .unwrap();
    let s = list::summary(db.conn(), d("2024-11-18")).unwrap();
    assert_eq!(s.open, 3);
    assert_eq!(s.no_prc_response, 1, "A was transmitted and never answered");
    let (median, longest) = list::open_days_stats(db.conn(), d("2024-11-18"))
        .unwrap()
        .unwrap();
    assert_eq!(longest, 322);
    assert_eq!(median, (322 + 170) / 2);
}

#[test]
fn links_both_ways() {
    let mut db = Db::open_in_memory().unwrap();
    let a = add(&mut db, "EXT-1", None);
    let b = add(&mut db, "IND-1", None);
    db.write(|tx| link_raw(tx, a.id, b.id, "indictment", now(), None))
        .unwrap();
    assert_eq!(links(db.conn(), a.id).unwrap()[0].reference, "IND-1");
    assert_eq!(links(db.conn(), b.id).unwrap()[0].reference, "EXT-1");
    assert!(db
        .write(|tx| link_raw(tx, a.id, a.id, "self", now(), None))
        .is_err());
}

/// A draft's due date may be set before it goes out; transmitting it after that date is
/// refused, naming the date to move (such an item would be refused by every import, so
/// its export could not be restored: found by `random_operations_survive_a_json_round_trip`).
#[test]
fn a_draft_is_not_transmitted_after_its_due_date() {
    let mut db = Db::open_in_memory().unwrap();
    let mut f = fields(Kind::Extradition, "EXT-1", "A title");
    f.due_on = Some(d("2024-01-10"));
    db.write(|tx| {
        create(
            tx,
            NewItem {
                fields: f,
                transmitted_on: None,
            },
            now(),
            Some("tester"),
        )
    })
    .unwrap();
    let sent = NewEvent::new(EventType::Transmitted, d("2024-02-01"));
    let err = event(&mut db, "EXT-1", sent.clone()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("due_on: 2024-01-10 is before the transmitted date 2024-02-01"),
        "{err}"
    );
    let mut moved = NewEvent::new(EventType::DueChanged, d("2024-01-05"));
    moved.due_on = Some(d("2024-03-01"));
    event(&mut db, "EXT-1", moved).unwrap();
    event(&mut db, "EXT-1", sent).unwrap();
    let id = find(db.conn(), "EXT-1").unwrap();
    assert_eq!(
        get(db.conn(), id).unwrap().transmitted_on,
        Some(d("2024-02-01"))
    );
}
