//! The brief model on a fixed data set and date: figures, ordering, options, and the
//! record of each brief made.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use counterpart_core::brief::{self, BriefOptions, ChartBy, Lang};
use counterpart_core::db::{brief as db_brief, items, Db};
use counterpart_core::model::{Details, EventType, ItemFields, Kind, NewEvent, Priority, Status};
use counterpart_core::op::Author;

mod support;

const AS_OF: &str = "2024-12-10";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 2, 12, 0, 0).unwrap()
}

/// Who records the fixture: its events are dated up to the brief's day, so that is its
/// today (an event dated after the author's today is refused).
fn author() -> Author {
    Author::new(now(), d(AS_OF), None)
}

fn add(db: &mut Db, kind: Kind, reference: &str, agency: &str, tx: Option<&str>) {
    let fields = ItemFields {
        reference: reference.into(),
        title: format!("Title of {reference}"),
        title_zh: (reference == "EXT-1").then(|| "引渡林某某案".to_owned()),
        us_agency: None,
        counterpart: agency.into(),
        priority: Priority::Normal,
        owner: None,
        notes: None,
        tags: vec![],
        due_on: (reference == "EXT-1").then(|| d("2024-06-01")),
        follow_up_on: None,
        details: Details::empty(kind),
    };
    db.apply(&author().create_item(fields, tx.map(d))).unwrap();
}

fn event(db: &mut Db, reference: &str, e: NewEvent) {
    let id = items::find(db.conn(), reference).unwrap();
    db.apply(&author().event_op(id, e)).unwrap();
}

/// EXT-1 342 days, overdue, answered 2024-03-01; EXT-2 192, never answered; EXT-3 closed
/// (extradited) after 122; SCH-1 284, acknowledged 2024-03-10; SCH-2 100, never
/// answered; WG-1 a draft.
fn fixture() -> Db {
    let mut db = Db::open_in_memory().unwrap();
    add(
        &mut db,
        Kind::Extradition,
        "EXT-2",
        "MPS",
        Some("2024-06-01"),
    );
    add(
        &mut db,
        Kind::Extradition,
        "EXT-1",
        "MPS",
        Some("2024-01-03"),
    );
    let mut e = NewEvent::new(EventType::PrcResponse, d("2024-03-01"));
    e.note = "Under review | pending <b>".into();
    event(&mut db, "EXT-1", e);
    add(
        &mut db,
        Kind::Extradition,
        "EXT-3",
        "SPP",
        Some("2023-12-01"),
    );
    let mut e = NewEvent::new(EventType::Closed, d("2024-04-01"));
    e.status = Some(Status::Fulfilled);
    event(&mut db, "EXT-3", e);
    add(
        &mut db,
        Kind::Scheduling,
        "SCH-2",
        "NNCC",
        Some("2024-09-01"),
    );
    add(
        &mut db,
        Kind::Scheduling,
        "SCH-1",
        "NNCC",
        Some("2024-03-01"),
    );
    event(
        &mut db,
        "SCH-1",
        NewEvent::new(EventType::Acknowledged, d("2024-03-10")),
    );
    add(&mut db, Kind::Commitment, "WG-1", "MFA", None);
    db
}

type Shown = (String, Option<i64>, Option<i64>, bool, bool);

fn shown(b: &brief::Brief) -> Vec<(Kind, Vec<Shown>)> {
    b.sections
        .iter()
        .map(|s| {
            (
                s.kind,
                s.rows
                    .iter()
                    .map(|r| {
                        (
                            r.reference.clone(),
                            r.days_with_counterpart,
                            r.days_since_prc_response,
                            r.overdue,
                            r.no_prc_response,
                        )
                    })
                    .collect(),
            )
        })
        .collect()
}

fn row(r: &str, days: Option<i64>, since: Option<i64>, overdue: bool, none: bool) -> Shown {
    (r.to_owned(), days, since, overdue, none)
}

#[test]
fn figures_and_ordering_on_a_fixed_date() {
    let db = fixture();
    let b = db_brief::build(db.conn(), &BriefOptions::default(), d(AS_OF)).unwrap();
    assert_eq!(
        shown(&b),
        vec![
            (
                Kind::Extradition,
                vec![
                    row("EXT-1", Some(342), Some(284), true, false),
                    row("EXT-2", Some(192), Some(192), false, true),
                    row("EXT-3", Some(122), Some(375), false, false),
                ]
            ),
            (
                Kind::Scheduling,
                vec![
                    row("SCH-1", Some(284), Some(275), false, false),
                    row("SCH-2", Some(100), Some(100), false, true),
                ]
            ),
            (
                Kind::Commitment,
                vec![row("WG-1", None, None, false, false)]
            ),
        ],
        "sections in kind order, longest waiting first, drafts last"
    );
    let s = &b.summary;
    assert_eq!(s.open, 5, "every item but the extradited one");
    assert_eq!(s.median_days, Some(238), "median of 100, 192, 284, 342");
    assert_eq!(s.longest_days, Some(342));
    assert_eq!(s.overdue, 1, "EXT-1 was due 2024-06-01");
    assert_eq!(s.no_prc_response, 2, "EXT-2 and SCH-2");
    assert_eq!(
        s.open_by_kind_status.iter().map(|c| c.count).sum::<usize>(),
        5,
        "the per kind and status counts add up to the open items"
    );
    assert_eq!(b.chart.by, ChartBy::Item);
    let bars: Vec<(&str, i64)> = b
        .chart
        .bars
        .iter()
        .map(|b| (b.label.as_str(), b.value))
        .collect();
    assert_eq!(
        bars,
        [
            ("EXT-1", 342),
            ("SCH-1", 284),
            ("EXT-2", 192),
            ("SCH-2", 100)
        ]
    );
    assert_eq!(b.chart.max, 342);

    let ext1 = b.rows().find(|r| r.reference == "EXT-1").unwrap();
    assert_eq!(ext1.title_zh.as_deref(), Some("引渡林某某案"));
    assert_eq!(ext1.agency_code, "MPS");
    assert_eq!(ext1.agency_zh.as_deref(), Some("公安部"));
    let latest = ext1.latest.as_ref().expect("EXT-1 has a latest event");
    assert_eq!(
        (latest.label.en, latest.on),
        ("PRC response", d("2024-03-01"))
    );
    assert_eq!(latest.note, "Under review | pending <b>");
    let ext3 = b.rows().find(|r| r.reference == "EXT-3").unwrap();
    assert_eq!(
        (ext3.status_label.en, ext3.status_label.zh),
        ("Extradited", "已引渡"),
        "fulfilled has the kind's own word"
    );
    assert_eq!(b.title, "Status brief");
    assert_eq!(b.title_zh, Some("进展简报"));
    assert_eq!(b.marking_zh, Some("敏感但非密"));
}

#[test]
fn a_brief_as_of_an_earlier_day_shows_that_day() {
    let db = fixture();
    let b = db_brief::build(db.conn(), &BriefOptions::default(), d("2024-03-05")).unwrap();
    let ext1 = b.rows().find(|r| r.reference == "EXT-1").unwrap();
    assert_eq!(ext1.days_with_counterpart, Some(62));
    let sch1 = b.rows().find(|r| r.reference == "SCH-1").unwrap();
    assert!(
        sch1.latest
            .as_ref()
            .is_some_and(|e| e.label.en == "Transmitted to counterpart"),
        "the acknowledgement of 2024-03-10 is after the as-of date"
    );
}

#[test]
fn options_filter_the_items() {
    let db = fixture();
    let refs = |o: BriefOptions| -> Vec<String> {
        db_brief::build(db.conn(), &o, d(AS_OF))
            .unwrap()
            .rows()
            .map(|r| r.reference.clone())
            .collect()
    };
    assert_eq!(
        refs(BriefOptions {
            open_only: true,
            ..Default::default()
        }),
        ["EXT-1", "EXT-2", "SCH-1", "SCH-2", "WG-1"]
    );
    assert_eq!(
        refs(BriefOptions {
            kinds: vec![Kind::Scheduling, Kind::Commitment],
            ..Default::default()
        }),
        ["SCH-1", "SCH-2", "WG-1"]
    );
    assert_eq!(
        refs(BriefOptions {
            agency: Some("spp".into()),
            ..Default::default()
        }),
        ["EXT-3"],
        "an agency code in any case"
    );
    assert_eq!(
        refs(BriefOptions {
            changed_since: Some(d("2024-09-01")),
            ..Default::default()
        }),
        ["SCH-2"],
        "only SCH-2 has an event on or after 2024-09-01"
    );
    let b = db_brief::build(
        db.conn(),
        &BriefOptions {
            title: Some("Round 7".into()),
            marking: "FOR OFFICIAL USE".into(),
            lang: Lang::EnZh,
            prepared_by: Some("  ".into()),
            ..Default::default()
        },
        d(AS_OF),
    )
    .unwrap();
    assert_eq!((b.title.as_str(), b.title_zh), ("Round 7", None));
    assert_eq!(
        (b.marking.as_str(), b.marking_zh),
        ("FOR OFFICIAL USE", None)
    );
    assert_eq!(b.prepared_by, None, "a blank name is no name");
}

#[test]
fn a_brief_is_recorded_with_its_items_and_figures() {
    let mut db = fixture();
    let o = BriefOptions {
        open_only: true,
        lang: Lang::EnZh,
        ..Default::default()
    };
    let b = db_brief::build(db.conn(), &o, d(AS_OF)).unwrap();
    let made = Utc.with_ymd_and_hms(2024, 12, 10, 9, 0, 0).unwrap();
    let id = db.record_brief(&b, &o, "html", made).unwrap();
    let all = db_brief::recorded(db.conn()).unwrap();
    assert_eq!(all.len(), 1);
    let r = &all[0];
    assert_eq!(
        (r.id, r.as_of, r.made_at, r.format.as_str()),
        (id, d(AS_OF), made, "html")
    );
    let back: BriefOptions = serde_json::from_str(&r.options).unwrap();
    assert_eq!(back, o, "the options read back as they were");
    let items: Vec<(&str, Option<i64>, bool)> = r
        .items
        .iter()
        .map(|i| (i.reference.as_str(), i.days_with_counterpart, i.overdue))
        .collect();
    assert_eq!(
        items,
        [
            ("EXT-1", Some(342), true),
            ("EXT-2", Some(192), false),
            ("SCH-1", Some(284), false),
            ("SCH-2", Some(100), false),
            ("WG-1", None, false)
        ]
    );
    assert!(
        db.record_brief(&b, &o, "docx", made).is_err(),
        "the format is checked by the schema"
    );
}

/// The brief's scheduling rows carry their substance from the registry with its PRC
/// status (not controlled, or controlled on its date); other kinds carry none.
#[test]
fn scheduling_rows_carry_their_substance_s_prc_status() {
    use counterpart_core::brief::SubstanceCell;
    use counterpart_core::model::{Scheduling, Substance};
    use counterpart_core::op::Change;
    let mut db = Db::open_in_memory().unwrap();
    let a = author();
    let mut sch = support::fields(Kind::Scheduling, "SCH-9");
    sch.details = Details::Scheduling(Scheduling {
        substance: Some("xylazine".into()),
        cas_number: Some("7361-61-7".into()),
        ..Scheduling::default()
    });
    for fields in [sch, support::fields(Kind::Extradition, "EXT-9")] {
        db.apply(&a.create_item(fields, Some(d("2024-03-01"))))
            .unwrap();
    }
    let cell = |db: &Db, reference: &str| -> Option<SubstanceCell> {
        let sources = db_brief::sources(db.conn(), &BriefOptions::default(), d(AS_OF)).unwrap();
        let b = brief::assemble(sources, d(AS_OF), &BriefOptions::default());
        let row = b.rows().find(|r| r.reference == reference).unwrap();
        row.substance.clone()
    };
    let x = cell(&db, "SCH-9").unwrap();
    assert_eq!(x.name_and_cas(), "xylazine (7361-61-7)");
    assert_eq!(x.prc_status, brief::labels::NOT_CONTROLLED_BY_PRC);
    assert_eq!(cell(&db, "EXT-9"), None);

    db.apply(&a.op(Change::EditSubstance(Substance {
        cas: "7361-61-7".into(),
        name: "xylazine".into(),
        prc_controlled_on: Some(d("2024-07-01")),
        ..Substance::default()
    })))
    .unwrap();
    let x = cell(&db, "SCH-9").unwrap();
    assert_eq!(x.prc_status, brief::labels::CONTROLLED_BY_PRC_ON);
    assert_eq!(
        x.status(x.prc_status.en),
        "Controlled by the PRC on 2024-07-01"
    );
}
