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

/// The brief's section "Counterpart responsiveness" (issue 13): the figures of
/// `counterpart stats` over the items the brief covers, worded once by the core.
mod brief_section {
    use super::*;
    use counterpart_core::brief::{BriefOptions, Lang, ResponsivenessRow};
    use counterpart_core::db::brief as db_brief;

    fn brief(o: BriefOptions) -> counterpart_core::brief::Brief {
        db_brief::build(fixture().conn(), &o, d(TODAY)).unwrap()
    }

    fn cells(r: &ResponsivenessRow) -> (&str, Vec<&str>) {
        (
            r.agency_code.as_str(),
            r.cells.iter().map(String::as_str).collect(),
        )
    }

    #[test]
    fn a_brief_of_every_item_has_the_figures_of_counterpart_stats() {
        let db = fixture();
        let b = db_brief::build(db.conn(), &BriefOptions::default(), d(TODAY)).unwrap();
        let all = stats::stats(db.conn(), GroupBy::Agency, d(TODAY)).unwrap();
        let figures: Vec<GroupStats> = b
            .responsiveness
            .rows
            .iter()
            .map(|r| r.figures.clone())
            .collect();
        assert_eq!(figures, all, "the same figures as `counterpart stats`");
        let rows: Vec<_> = b.responsiveness.rows.iter().map(cells).collect();
        assert_eq!(
            rows,
            [
                // items, open, answered, never answered, median open, median to first,
                // times raised: a half day as .5, no median as "—".
                ("MPS", vec!["4", "3", "2", "2", "20", "6.5", "2"]),
                ("NNCC", vec!["2", "2", "0", "2", "30.5", "—", "0"]),
            ]
        );
        assert_eq!(
            b.rows().count(),
            7,
            "the draft is in the brief, the archived item is not"
        );
        assert_eq!(
            b.responsiveness.scope.en,
            "Figures over the 6 transmitted items in this brief; drafts do not count."
        );
        assert_eq!(
            b.responsiveness.scope.zh,
            "统计范围：本简报所列已转交事项 6 项（不含草稿）。"
        );
        assert_eq!(b.responsiveness.heading.zh, "中方对口机构回应情况");
        assert_eq!(b.responsiveness.columns.len(), 8);
    }

    #[test]
    fn the_section_covers_the_items_the_options_select() {
        let ext = brief(BriefOptions {
            kinds: vec![Kind::Extradition],
            lang: Lang::EnZh,
            ..BriefOptions::default()
        });
        let rows: Vec<_> = ext.responsiveness.rows.iter().map(cells).collect();
        // MPS-1 (10 days, answered after 5) and MPS-2 (20 days, raised twice); the draft
        // does not count.
        assert_eq!(rows, [("MPS", vec!["2", "2", "1", "1", "15", "5", "2"])]);
        let nncc = brief(BriefOptions {
            agency: Some("NNCC".into()),
            ..BriefOptions::default()
        });
        let rows: Vec<_> = nncc.responsiveness.rows.iter().map(cells).collect();
        assert_eq!(rows, [("NNCC", vec!["2", "2", "0", "2", "30.5", "—", "0"])]);
        let drafts = brief(BriefOptions {
            kinds: vec![Kind::Commitment],
            ..BriefOptions::default()
        });
        assert!(
            drafts.responsiveness.rows.is_empty(),
            "no transmitted item, no section"
        );
    }

    #[test]
    fn each_row_has_the_raise_line_of_show() {
        let db = fixture();
        let b = db_brief::build(db.conn(), &BriefOptions::default(), d(TODAY)).unwrap();
        let row = |r: &str| b.rows().find(|x| x.reference == r).unwrap().clone();
        let m2 = row("MPS-2");
        let shown = items::view(db.conn(), m2.id, d(TODAY)).unwrap();
        assert_eq!(m2.raised, shown.raised);
        let words = m2.raised_words.expect("raised");
        assert_eq!(words.en, "Raised twice, last 2024-12-20 at cabinet level");
        assert_eq!(
            words.en.to_lowercase(),
            shown.raised_words,
            "the words of `show`"
        );
        assert_eq!(
            words.zh,
            "交涉 2 次，最近一次交涉 2024-12-20，交涉最高级别：部长级"
        );
        let n1 = row("NNCC-1");
        assert_eq!(
            (n1.raised.count, n1.raised_words),
            (0, None),
            "its one raise was retracted"
        );
        // As of an earlier day, the raises after it do not count.
        let before = db_brief::build(db.conn(), &BriefOptions::default(), d("2024-12-16")).unwrap();
        let m2 = before.rows().find(|x| x.reference == "MPS-2").unwrap();
        assert_eq!(
            m2.raised_words.as_ref().map(|w| w.en.as_str()),
            Some("Raised once, last 2024-12-15 at working level")
        );
    }

    #[test]
    fn each_row_has_the_working_days_of_show() {
        let db = fixture();
        let b = db_brief::build(db.conn(), &BriefOptions::default(), d(TODAY)).unwrap();
        for r in b.rows() {
            let shown = items::view(db.conn(), r.id, d(TODAY)).unwrap();
            assert_eq!(r.working_days, shown.working_days, "{}", r.reference);
            assert_eq!(r.days_with_counterpart, shown.figures.days_with_counterpart);
        }
        let m3 = b.rows().find(|x| x.reference == "MPS-3").unwrap();
        // 2024-11-21 to 2024-12-31: 40 days; U.S.: less weekends, Thanksgiving and
        // Christmas (and 2024-12-24, closed by executive order); PRC: weekends only.
        assert_eq!(
            (
                m3.working_days.working_days_with_counterpart_us,
                m3.working_days.working_days_with_counterpart_prc,
                m3.working_days.working_days_estimated
            ),
            (Some(25), Some(28), false)
        );
        assert_eq!(m3.working_days_cell.as_deref(), Some("25 / 28"));
        let draft = b.rows().find(|x| x.reference == "MPS-DRAFT").unwrap();
        assert_eq!(draft.working_days_cell, None);
        assert_eq!(b.summary.estimated_working_days, 0);
    }

    #[test]
    fn working_days_over_a_year_without_a_published_calendar_are_marked_estimated() {
        let mut db = Db::open_in_memory().unwrap();
        let a = Author::new(
            "2004-03-01T12:00:00Z".parse().unwrap(),
            d("2004-03-01"),
            None,
        );
        let id = add(
            &mut db,
            &a,
            "OLD-1",
            Kind::Extradition,
            "MPS",
            Some("2003-12-01"),
        );
        let b = db_brief::build(db.conn(), &BriefOptions::default(), d("2004-03-01")).unwrap();
        let r = b.rows().next().unwrap();
        let shown = items::view(db.conn(), id, d("2004-03-01")).unwrap();
        assert_eq!(r.working_days, shown.working_days);
        assert!(
            r.working_days.working_days_estimated,
            "December 2003 has no PRC notice"
        );
        assert_eq!(b.summary.estimated_working_days, 1);
    }
}
