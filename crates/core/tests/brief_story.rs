//! Briefs that follow a story: "changes since the previous brief" compared with the last
//! recorded brief, and the profiles (a wide-distribution brief leaves out notes, subjects'
//! names and the fields marked sensitive).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use counterpart_core::brief::{Brief, BriefOptions, ChangeKind, Profile};
use counterpart_core::db::{brief as db_brief, items, Db};
use counterpart_core::model::{
    Details, EventType, Extradition, Indictment, ItemFields, Kind, NewEvent, Priority, Status,
};
use counterpart_core::op::Author;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 12, day, 9, 0, 0).unwrap()
}

fn author() -> Author {
    Author::new(at(30), d("2024-12-30"), None)
}

fn fields(reference: &str, title: &str, details: Details) -> ItemFields {
    ItemFields {
        reference: reference.into(),
        title: title.into(),
        title_zh: None,
        us_agency: None,
        counterpart: "MPS".into(),
        priority: Priority::Normal,
        owner: None,
        notes: Some("internal notes".into()),
        tags: vec![],
        due_on: None,
        follow_up_on: None,
        details,
    }
}

fn add(db: &mut Db, f: ItemFields, tx: &str) {
    db.apply(&author().create_item(f, Some(d(tx)))).unwrap();
}

fn event(db: &mut Db, reference: &str, e: NewEvent) {
    let id = items::find(db.conn(), reference).unwrap();
    db.apply(&author().event_op(id, e)).unwrap();
}

/// EXT-1 due 2024-12-20; EXT-2 names its subject in its title; SCH-1.
fn fixture() -> Db {
    let mut db = Db::open_in_memory().unwrap();
    let mut ext1 = fields(
        "EXT-1",
        "Extradition request one",
        Details::empty(Kind::Extradition),
    );
    ext1.due_on = Some(d("2024-12-20"));
    add(&mut db, ext1, "2024-01-03");
    let mut ext2 = fields(
        "EXT-2",
        "Extradition of Zhang Wei (fentanyl precursors)",
        Details::Extradition(Extradition {
            subject: Some("ZHANG Wei".into()),
            subject_zh: Some("张伟".into()),
            ..Default::default()
        }),
    );
    ext2.title_zh = Some("引渡张伟案".into());
    add(&mut db, ext2, "2024-06-01");
    let mut e = NewEvent::new(EventType::PrcResponse, d("2024-07-01"));
    e.note = "Zhang's lawyer met MPS; do not share".into();
    event(&mut db, "EXT-2", e);
    add(
        &mut db,
        fields("SCH-1", "Schedule 4-AP", Details::empty(Kind::Scheduling)),
        "2024-03-01",
    );
    db
}

fn open_since_last() -> BriefOptions {
    BriefOptions {
        open_only: true,
        since_last: true,
        ..Default::default()
    }
}

/// The references of each group, in order.
fn groups(b: &Brief) -> Vec<(ChangeKind, Vec<String>)> {
    b.changes
        .as_ref()
        .expect("asked for")
        .groups
        .iter()
        .map(|g| {
            (
                g.kind,
                g.lines.iter().map(|l| l.reference.clone()).collect(),
            )
        })
        .collect()
}

#[test]
fn a_brief_since_the_previous_one_lists_what_changed() {
    let mut db = fixture();
    let first = db_brief::build(db.conn(), &open_since_last(), d("2024-12-10")).unwrap();
    let c = first.changes.as_ref().unwrap();
    assert!(c.groups.is_empty() && c.nothing.is_none() && c.previous_made_at.is_none());
    assert!(
        c.since
            .en
            .starts_with("No brief was recorded before this one"),
        "{}",
        c.since.en
    );
    assert_eq!(c.since.zh, "此前没有简报记录，无可比较。");
    db.record_brief(&first, &open_since_last(), "pdf", at(10))
        .unwrap();

    let same = db_brief::build(db.conn(), &open_since_last(), d("2024-12-10")).unwrap();
    let c = same.changes.as_ref().unwrap();
    assert_eq!(
        c.since.en,
        "Since the brief made on 2024-12-10 (as of 2024-12-10, 3 items)"
    );
    assert_eq!(
        c.since.zh,
        "上次简报：2024-12-10 编制（截至 2024-12-10，3 项）"
    );
    assert!(c.groups.is_empty(), "the same day: nothing moved");
    assert_eq!(c.nothing.as_ref().unwrap().en, "Nothing changed.");

    // Since then: a new indictment, SCH-1 scheduled (closed), EXT-1 acknowledged and past
    // its due date, EXT-2 paused (the PRC asked the U.S. side for more).
    add(
        &mut db,
        fields(
            "IND-1",
            "Indictment of a supplier",
            Details::Indictment(Indictment::default()),
        ),
        "2024-12-15",
    );
    let mut closed = NewEvent::new(EventType::Closed, d("2024-12-12"));
    closed.status = Some(Status::Fulfilled);
    event(&mut db, "SCH-1", closed);
    event(
        &mut db,
        "EXT-1",
        NewEvent::new(EventType::Acknowledged, d("2024-12-11")),
    );
    event(
        &mut db,
        "EXT-2",
        NewEvent::new(EventType::InfoRequested, d("2024-12-11")),
    );

    let b = db_brief::build(db.conn(), &open_since_last(), d("2024-12-30")).unwrap();
    assert_eq!(
        groups(&b),
        [
            (ChangeKind::New, vec!["IND-1".to_owned()]),
            (ChangeKind::Closed, vec!["SCH-1".to_owned()]),
            (
                ChangeKind::StatusChanged,
                vec!["EXT-1".to_owned(), "EXT-2".to_owned()]
            ),
            (ChangeKind::NewlyOverdue, vec!["EXT-1".to_owned()]),
            (
                ChangeKind::LargestMoves,
                vec!["EXT-1".to_owned(), "EXT-2".to_owned()]
            ),
        ],
        "SCH-1 is closed although this open-items brief no longer shows it; EXT-2's clock \
         stopped a day later, so it moved by one day"
    );
    let c = b.changes.as_ref().unwrap();
    let line = |k: ChangeKind, i: usize| {
        let g = c.groups.iter().find(|g| g.kind == k).unwrap();
        (
            g.heading.en.clone(),
            g.lines[i].what.en.clone(),
            g.lines[i].what.zh.clone(),
        )
    };
    assert_eq!(
        line(ChangeKind::Closed, 0),
        (
            "Closed items (1)".into(),
            "Transmitted → Scheduled (controlled)".into(),
            "已转交 → 已列管".into()
        )
    );
    assert_eq!(
        line(ChangeKind::StatusChanged, 0).1,
        "Transmitted → Acknowledged"
    );
    assert_eq!(
        line(ChangeKind::NewlyOverdue, 0).1,
        "Overdue, 362 days with counterpart"
    );
    assert_eq!(line(ChangeKind::LargestMoves, 0).1, "342 → 362 days (+20)");
    assert_eq!(line(ChangeKind::LargestMoves, 0).2, "342 → 362 天（+20）");
    assert_eq!(line(ChangeKind::LargestMoves, 1).1, "192 → 193 days (+1)");
    assert!(line(ChangeKind::New, 0)
        .1
        .starts_with("Transmitted, 15 days with counterpart"));

    // Without `since_last` there is no section.
    let plain = BriefOptions {
        since_last: false,
        ..open_since_last()
    };
    assert!(db_brief::build(db.conn(), &plain, d("2024-12-30"))
        .unwrap()
        .changes
        .is_none());
}

#[test]
fn a_wide_distribution_brief_leaves_out_notes_and_subjects_names() {
    let db = fixture();
    let full = db_brief::build(db.conn(), &BriefOptions::default(), d("2024-12-10")).unwrap();
    let row = |b: &Brief| b.rows().find(|r| r.reference == "EXT-2").unwrap().clone();
    let r = row(&full);
    assert_eq!(r.title, "Extradition of Zhang Wei (fentanyl precursors)");
    assert_eq!(
        r.latest.unwrap().note,
        "Zhang's lawyer met MPS; do not share"
    );
    assert_eq!(full.profile, Profile::Full);
    assert_eq!(full.profile_words.en, "Full brief: for internal use");

    let o = BriefOptions {
        profile: Profile::Wide,
        ..Default::default()
    };
    let wide = db_brief::build(db.conn(), &o, d("2024-12-10")).unwrap();
    let r = row(&wide);
    assert_eq!(r.title, "Extradition of [withheld] (fentanyl precursors)");
    assert_eq!(r.title_zh.as_deref(), Some("引渡〔已略去〕案"));
    assert_eq!(r.latest.unwrap().note, "", "notes left out");
    assert_eq!(
        wide.profile_words.en,
        "Wide distribution: notes, subjects' names and fields marked sensitive are left out"
    );
    assert_eq!(
        row(&wide).days_with_counterpart,
        row(&full).days_with_counterpart,
        "the figures stay"
    );
    let other = wide.rows().find(|r| r.reference == "EXT-1").unwrap();
    assert_eq!(
        other.title, "Extradition request one",
        "nothing to withhold"
    );
}

#[test]
fn the_fields_marked_sensitive_are_the_form_s_too() {
    let schema = counterpart_core::schema::form_schema();
    let sensitive: Vec<&str> = schema
        .kinds
        .iter()
        .flat_map(|k| &k.fields)
        .filter(|f| f.sensitive)
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(
        sensitive,
        ["subject", "subject_zh", "case_number", "defendants"]
    );
}
