//! Responsiveness stats and raise summaries through the core, on a fixture with known
//! answers (issue 13): medians of odd and even counts, an agency with no answered item,
//! drafts and archived items left out, retracted events not counted.

mod support;

use chrono::{DateTime, NaiveDate, Utc};
use counterpart_core::db::{items, stats, Db};
use counterpart_core::model::{EventType, ItemId, Kind, NewEvent, RaiseLevel, Side, Status};
use counterpart_core::op::{Author, Change};
use counterpart_core::raised::RaiseSummary;
use counterpart_core::stats::{GroupBy, GroupStats};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const TODAY: &str = "2024-12-31";

fn author() -> Author {
    let now: DateTime<Utc> = "2024-12-31T12:00:00Z".parse().unwrap();
    Author::new(now, d(TODAY), None)
}

/// Adds an item of `kind` for `agency` transmitted on `tx` (None: a draft).
fn add(
    db: &mut Db,
    a: &Author,
    reference: &str,
    kind: Kind,
    agency: &str,
    tx: Option<&str>,
) -> ItemId {
    let mut f = support::fields(kind, reference);
    f.counterpart = agency.into();
    db.apply(&a.create_item(f, tx.map(d)))
        .unwrap()
        .into_item()
        .unwrap()
        .id
}

fn event(db: &mut Db, a: &Author, item: ItemId, e: NewEvent) -> counterpart_core::model::EventId {
    db.apply(&a.event_op(item, e))
        .unwrap()
        .into_event()
        .unwrap()
        .id
}

fn prc(db: &mut Db, a: &Author, item: ItemId, t: EventType, on: &str) {
    event(db, a, item, NewEvent::new(t, d(on)));
}

/// The fixture: MPS has 3 open items (10, 20 and 40 days with counterpart on
/// 2024-12-31: median 20) and 1 fulfilled, 2 of its 4 answered (after 5 and 8 days:
/// median 6.5); NNCC has 2 open items never answered (30 and 31 days: median 30.5) and an
/// acknowledgement that was retracted; a draft and an archived item count nowhere.
fn fixture() -> Db {
    let mut db = Db::open_in_memory().unwrap();
    let a = author();
    let m1 = add(
        &mut db,
        &a,
        "MPS-1",
        Kind::Extradition,
        "MPS",
        Some("2024-12-21"),
    );
    prc(&mut db, &a, m1, EventType::Acknowledged, "2024-12-26");
    prc(&mut db, &a, m1, EventType::PrcResponse, "2024-12-28");
    let m2 = add(
        &mut db,
        &a,
        "MPS-2",
        Kind::Extradition,
        "MPS",
        Some("2024-12-11"),
    );
    event(
        &mut db,
        &a,
        m2,
        NewEvent::raised(d("2024-12-15"), RaiseLevel::Working, Some("CNWG")),
    );
    event(
        &mut db,
        &a,
        m2,
        NewEvent::raised(d("2024-12-20"), RaiseLevel::Cabinet, None),
    );
    add(
        &mut db,
        &a,
        "MPS-3",
        Kind::Indictment,
        "MPS",
        Some("2024-11-21"),
    );
    let m4 = add(
        &mut db,
        &a,
        "MPS-4",
        Kind::Indictment,
        "MPS",
        Some("2024-06-01"),
    );
    prc(&mut db, &a, m4, EventType::Acknowledged, "2024-06-09");
    event(
        &mut db,
        &a,
        m4,
        NewEvent::new(EventType::Closed, d("2024-07-01")).with_status(Status::Fulfilled),
    );
    let n1 = add(
        &mut db,
        &a,
        "NNCC-1",
        Kind::Scheduling,
        "NNCC",
        Some("2024-12-01"),
    );
    let ack = event(
        &mut db,
        &a,
        n1,
        NewEvent::new(EventType::Acknowledged, d("2024-12-02")),
    );
    let raised = event(
        &mut db,
        &a,
        n1,
        NewEvent::raised(d("2024-12-03"), RaiseLevel::Leaders, None),
    );
    for retracted in [ack, raised] {
        let mut r =
            NewEvent::new(EventType::Retraction, d("2024-12-04")).with_note("entered by mistake");
        r.retracts = Some(retracted);
        event(&mut db, &a, n1, r);
    }
    add(
        &mut db,
        &a,
        "NNCC-2",
        Kind::Scheduling,
        "NNCC",
        Some("2024-11-30"),
    );
    add(&mut db, &a, "MPS-DRAFT", Kind::Extradition, "MPS", None);
    let gone = add(
        &mut db,
        &a,
        "MPS-OLD",
        Kind::Extradition,
        "MPS",
        Some("2024-01-01"),
    );
    prc(&mut db, &a, gone, EventType::Acknowledged, "2024-01-02");
    db.apply(&a.op(Change::Archive { item: gone })).unwrap();
    db
}

fn group(all: &[GroupStats], key: &str) -> GroupStats {
    all.iter()
        .find(|g| g.group == key)
        .cloned()
        .unwrap_or_else(|| panic!("no group {key}: {all:?}"))
}

#[test]
fn stats_per_agency_have_the_known_answers() {
    let db = fixture();
    let all = stats::stats(db.conn(), GroupBy::Agency, d(TODAY)).unwrap();
    assert_eq!(
        all.iter().map(|g| g.group.as_str()).collect::<Vec<_>>(),
        ["MPS", "NNCC"]
    );
    assert_eq!(
        group(&all, "MPS"),
        GroupStats {
            group: "MPS".into(),
            items: 4,
            open: 3,
            closed: 1,
            fulfilled: 1,
            answered: 2,
            no_response: 2,
            median_days_with_counterpart_open: Some(20.0),
            median_days_to_first_response: Some(6.5),
            times_raised: 2,
            items_raised: 1,
            percent_answered: 50,
            percent_no_response: 50,
        }
    );
    assert_eq!(
        group(&all, "NNCC"),
        GroupStats {
            group: "NNCC".into(),
            items: 2,
            open: 2,
            closed: 0,
            fulfilled: 0,
            answered: 0,
            no_response: 2,
            median_days_with_counterpart_open: Some(30.5),
            median_days_to_first_response: None,
            times_raised: 0,
            items_raised: 0,
            percent_answered: 0,
            percent_no_response: 100,
        }
    );
}

#[test]
fn stats_per_kind_and_quarter() {
    let db = fixture();
    let kinds = stats::stats(db.conn(), GroupBy::Kind, d(TODAY)).unwrap();
    assert_eq!(
        kinds
            .iter()
            .map(|g| (g.group.as_str(), g.items))
            .collect::<Vec<_>>(),
        [("extradition", 2), ("indictment", 2), ("scheduling", 2)]
    );
    let ind = group(&kinds, "indictment");
    assert_eq!(
        (ind.open, ind.median_days_with_counterpart_open),
        (1, Some(40.0))
    );
    assert_eq!(ind.median_days_to_first_response, Some(8.0));
    let quarters = stats::stats(db.conn(), GroupBy::Quarter, d(TODAY)).unwrap();
    assert_eq!(
        quarters
            .iter()
            .map(|g| (g.group.as_str(), g.items))
            .collect::<Vec<_>>(),
        [("2024-Q2", 1), ("2024-Q4", 5)]
    );
}

#[test]
fn the_raise_summary_of_an_item_leaves_out_retracted_events() {
    let db = fixture();
    let view = |r: &str| {
        let id = items::find(db.conn(), r).unwrap();
        items::view(db.conn(), id, d(TODAY)).unwrap()
    };
    let m2 = view("MPS-2");
    assert_eq!(
        m2.raised,
        RaiseSummary {
            count: 2,
            last_on: Some(d("2024-12-20")),
            highest_level: Some(RaiseLevel::Cabinet)
        }
    );
    assert_eq!(
        m2.raised_words,
        "raised twice, last 2024-12-20 at cabinet level"
    );
    let first = m2.events.iter().find(|e| e.event.venue.is_some()).unwrap();
    assert_eq!(
        (first.event.level, first.event.venue.as_deref()),
        (Some(RaiseLevel::Working), Some("CNWG"))
    );
    let n1 = view("NNCC-1");
    assert_eq!(n1.raised, RaiseSummary::default());
    assert_eq!(n1.raised_words, "never raised");
    let json = serde_json::to_value(&m2).unwrap();
    assert_eq!(
        json["raised"],
        serde_json::json!({"count": 2, "last_on": "2024-12-20", "highest_level": "cabinet"})
    );
}

#[test]
fn a_level_is_required_on_raised_and_refused_elsewhere_naming_the_field() {
    let mut db = fixture();
    let a = author();
    let id = items::find(db.conn(), "MPS-3").unwrap();
    let field = |r: counterpart_core::Result<_>| match r {
        Err(counterpart_core::Error::Invalid(errs)) => {
            errs.iter().map(|e| e.field.clone()).collect::<Vec<_>>()
        }
        other => panic!("expected invalid, got {other:?}"),
    };
    let no_level = db.apply(&a.event_op(id, NewEvent::new(EventType::Raised, d("2024-12-30"))));
    assert_eq!(field(no_level.map(|_| ())), ["level"]);
    let mut note = NewEvent::new(EventType::Note, d("2024-12-30"));
    note.level = Some(RaiseLevel::Cabinet);
    note.venue = Some("a call".into());
    note.side = Some(Side::Us);
    assert_eq!(
        field(db.apply(&a.event_op(id, note)).map(|_| ())),
        ["level", "venue"]
    );
}

#[test]
fn check_still_verifies_with_raised_events() {
    let db = fixture();
    let report = counterpart_core::db::check::check(db.conn()).unwrap();
    assert!(report.ok(), "{report:?}");
}
