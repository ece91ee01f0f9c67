//! Import and export through the core's public API, on real database files.

use chrono::{NaiveDate, TimeZone, Utc};
use counterpart_core::db::list::{self, ListQuery};
use counterpart_core::db::{items, Db};
use counterpart_core::model::{EventType, NewEvent};
use counterpart_core::op::{Author, Change};
use counterpart_core::{export, import, Error};

fn today() -> NaiveDate {
    "2024-11-18".parse().unwrap()
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 11, 18, 9, 30, 0).unwrap()
}

/// Who imports and records: `user`, now, today.
fn author(user: Option<&str>) -> Author {
    Author::new(now(), today(), user.map(str::to_owned))
}

const HEADER: &str = "kind,reference,title,title_zh,counterpart,status,status_on,transmitted_on,due_on,notes,tags,cas_number,substance";

fn db(dir: &tempfile::TempDir, name: &str) -> Db {
    Db::open(&dir.path().join(name), chrono::Utc::now()).unwrap()
}

fn import_str(db: &mut Db, csv: &str, dry_run: bool) -> Result<import::ImportReport, Error> {
    import::import_csv(db, csv.as_bytes(), &author(Some("tester")), dry_run)
}

#[test]
fn every_bad_row_is_reported_with_its_line_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = db(&dir, "c.sqlite3");
    let csv = format!(
        "{HEADER}\n\
         extradition,EXT-1,Good row,,MPS,,,2024-01-01,,,,,\n\
         scheduling,SCH-1,\"Notes over\nthree lines\",,NNCC,,,2024-01-01,,\"a\nb\",,1609-66-2,4-ANPP\n\
         extradition,EXT-2,Bad date,,MPS,,,2024-02-30,,,,,\n\
         extradition,EXT-1,Duplicate,,MPS,,,2024-01-01,,,,,\n\
         commitment,WG-1,Due before transmission,,MFA,,,2024-05-01,2024-04-01,,,,\n\
         indictment,IND-1,Unknown agency,,Ministry of Magic,,,,,,,,\n\
         extradition,EXT-3,Past transmitted without a date,,MPS,in_progress,,2024-01-01,,,,,\n"
    );
    let Err(Error::InvalidRows(rows)) = import_str(&mut db, &csv, false) else {
        panic!("the import must be refused");
    };
    let got: Vec<(u64, &str)> = rows
        .iter()
        .map(|r| (r.line, r.error.field.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (3, "title"),
            (3, "cas_number"),
            (6, "transmitted_on"),
            (7, "reference"),
            (8, "due_on"),
            (9, "counterpart"),
            (10, "status_on"),
        ],
        "lines count the physical lines of the file (row 3 spans three): {rows:?}"
    );
    assert_eq!(
        list::count(db.conn(), &ListQuery::default(), today()).unwrap(),
        0,
        "nothing imported"
    );
}

#[test]
fn header_problems_are_reported_on_line_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = db(&dir, "c.sqlite3");
    let Err(Error::InvalidRows(rows)) = import_str(
        &mut db,
        "kind,reference,title,colour\nextradition,E,T,red\n",
        false,
    ) else {
        panic!("refused");
    };
    let fields: Vec<&str> = rows.iter().map(|r| r.error.field.as_str()).collect();
    assert!(
        fields.contains(&"colour"),
        "the unknown column is named: {rows:?}"
    );
    assert!(
        fields.contains(&"counterpart"),
        "the missing required column is named: {rows:?}"
    );
    assert!(rows.iter().all(|r| r.line == 1));
    assert!(
        matches!(import_str(&mut db, "", false), Err(Error::InvalidRows(_))),
        "an empty file"
    );
}

#[test]
fn a_dry_run_checks_everything_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = db(&dir, "c.sqlite3");
    let csv =
        format!("{HEADER}\nextradition,EXT-1,Good,,MPS,acknowledged,2024-01-05,2024-01-01,,,,,\n");
    let r = import_str(&mut db, &csv, true).unwrap();
    assert_eq!((r.items, r.events, r.dry_run), (1, 2, true));
    assert_eq!(
        list::count(db.conn(), &ListQuery::default(), today()).unwrap(),
        0
    );
    import_str(&mut db, &csv, false).unwrap();
    assert_eq!(
        list::count(db.conn(), &ListQuery::default(), today()).unwrap(),
        1
    );
    assert!(
        matches!(import_str(&mut db, &csv, false), Err(Error::InvalidRows(_))),
        "the same reference again is refused"
    );
}

#[test]
fn statuses_from_a_csv_become_events() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = db(&dir, "c.sqlite3");
    let csv = format!(
        "{HEADER}\n\
         extradition,A,Paused,,MPS,awaiting_us,2024-01-11,2024-01-01,,,,,\n\
         extradition,B,Closed,,MPS,declined,2024-01-31,2024-01-01,,,,,\n\
         extradition,C,Draft,,MPS,,,,,,,,\n"
    );
    import_str(&mut db, &csv, false).unwrap();
    let rows = list::list(db.conn(), &ListQuery::default(), today()).unwrap();
    let days: Vec<(&str, Option<i64>)> = rows
        .iter()
        .map(|r| (r.reference.as_str(), r.days_with_counterpart))
        .collect();
    assert_eq!(days, [("B", Some(30)), ("A", Some(10)), ("C", None)]);
}

/// Several items with histories worth keeping: pauses, retractions, links, Chinese text,
/// text a spreadsheet would take for a formula.
fn populate(db: &mut Db) {
    let csv = format!(
        "{HEADER}\n\
         extradition,EXT-1,\"=HYPERLINK(\"\"http://x\"\")\",引渡林某某案,MPS,,,2023-10-03,2025-01-01,\"line 1\nline 2, with a comma\",b;a,,\n\
         scheduling,SCH-1,Control 4-ANPP,管制4-ANPP,NNCC,,,2024-03-01,,-5 days late,,1609-66-1,4-ANPP\n\
         commitment,WG-1,'@mention,,MFA,,,,,,,,\n\
         commitment,WG-2,''=x,,MFA,,,,,,,,\n"
    );
    import_str(db, &csv, false).unwrap();
    let a = items::find(db.conn(), "EXT-1").unwrap();
    let b = items::find(db.conn(), "SCH-1").unwrap();
    let by = author(None);
    let wrong = by.event_id();
    let mut r = NewEvent::new(EventType::Retraction, d("2024-04-02")).with_note("wrong item");
    r.retracts = Some(wrong);
    // One transaction, as one change of the record.
    db.apply_all(&[
        by.event_op(a, NewEvent::new(EventType::InfoRequested, d("2024-01-01"))),
        by.event_op(a, NewEvent::new(EventType::InfoProvided, d("2024-02-07"))),
        by.op(Change::RecordEvent {
            item: b,
            event: wrong,
            input: NewEvent::new(EventType::PrcResponse, d("2024-04-01")),
        }),
        by.event_op(b, r),
        by.op(Change::Link {
            from: a,
            to: b,
            relation: "related".into(),
        }),
    ])
    .unwrap();
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn json_export_round_trips_whole_histories() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = db(&dir, "a.sqlite3");
    populate(&mut a);
    let mut json = Vec::new();
    assert_eq!(export::export_json(a.conn(), now(), &mut json).unwrap(), 4);
    let mut b = db(&dir, "b.sqlite3");
    let r = import::import_json(&mut b, json.as_slice(), &author(None), false).unwrap();
    assert_eq!(r.items, 4);
    let all = |db: &Db| list::list(db.conn(), &ListQuery::default(), today()).unwrap();
    assert_eq!(
        all(&a),
        all(&b),
        "ids, statuses and figures survive (EXT-1's 37-day pause too)"
    );
    let id = items::find(b.conn(), "SCH-1").unwrap();
    let view = items::view(b.conn(), id, today()).unwrap();
    assert!(
        view.events.iter().any(|e| e.retracted),
        "the retraction survives"
    );
    assert_eq!(
        items::events(a.conn(), id).unwrap(),
        items::events(b.conn(), id).unwrap(),
        "events keep their ids, dates and recording times"
    );
    assert!(
        matches!(
            import::import_json(&mut b, json.as_slice(), &author(None), false),
            Err(Error::InvalidRows(_))
        ),
        "importing the same items twice is refused"
    );
}

#[test]
fn csv_export_escapes_formulas_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = db(&dir, "a.sqlite3");
    populate(&mut a);
    let mut first = Vec::new();
    export::export_csv(a.conn(), &mut first).unwrap();
    let text = String::from_utf8(first.clone()).unwrap();
    assert!(text.starts_with("kind,reference,title,title_zh,us_agency,counterpart,status,status_on,transmitted_on,due_on,follow_up_on,priority,owner,notes,tags,subject,subject_zh,charges,district,case_number,substance,cas_number,substance_class,forum,owner_side"));
    assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{text}");
    assert!(text.contains(",'-5 days late,"), "{text}");
    assert!(text.contains(",'@mention,"), "{text}");
    let mut b = db(&dir, "b.sqlite3");
    import::import_csv(&mut b, first.as_slice(), &author(None), false).unwrap();
    let mut second = Vec::new();
    export::export_csv(b.conn(), &mut second).unwrap();
    assert_eq!(
        String::from_utf8(second).unwrap(),
        text,
        "export → import → export is stable"
    );
    let title = |db: &Db, r: &str| {
        items::get(db.conn(), items::find(db.conn(), r).unwrap())
            .unwrap()
            .fields
            .title
    };
    assert_eq!(
        title(&b, "EXT-1"),
        "=HYPERLINK(\"http://x\")",
        "the escape is undone on import"
    );
    assert_eq!(title(&b, "WG-1"), "@mention");
    assert_eq!(
        title(&b, "WG-2"),
        "'=x",
        "a typed quote before a formula character survives"
    );
    assert!(
        text.contains(",''=x,"),
        "and is escaped again on export: {text}"
    );
}

/// Imported scheduling items join the substance registry: one entry per new CAS number
/// (a second item of the same substance refers to the first's entry), each audited, and
/// the trail's chain holds across the import's batched writes. A dry run adds none.
#[test]
fn imported_scheduling_items_join_the_substance_registry() {
    use counterpart_core::db::substances::{self, SubstanceQuery};
    let dir = tempfile::tempdir().unwrap();
    let mut db = db(&dir, "c.sqlite3");
    let csv = format!(
        "{HEADER}\n\
         scheduling,SCH-1,Xylazine,,NNCC,,,2024-01-01,,,,7361-61-7,xylazine\n\
         scheduling,SCH-2,Xylazine again,,NNCC,,,2024-01-01,,,,7361-61-7,xylazine\n\
         extradition,EXT-1,Not a substance,,MPS,,,2024-01-01,,,,,\n\
         scheduling,SCH-3,Formaldehyde,,NNCC,,,2024-01-01,,,,50-00-0,\n"
    );
    import_str(&mut db, &csv, true).unwrap();
    let all = |db: &Db| substances::list(db.conn(), &SubstanceQuery::default()).unwrap();
    assert!(all(&db).is_empty(), "a dry run adds nothing");
    import_str(&mut db, &csv, false).unwrap();
    let got: Vec<(String, String)> = all(&db).into_iter().map(|s| (s.cas, s.name)).collect();
    assert_eq!(
        got,
        [
            ("50-00-0".to_string(), "50-00-0".to_string()),
            ("7361-61-7".to_string(), "xylazine".to_string()),
        ],
        "one entry per CAS number (named by its CAS number when the item names none)"
    );
    assert!(
        counterpart_core::db::audit::verify(db.conn()).unwrap().ok(),
        "the chain holds"
    );
    let added: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'substance_added'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(added, 2);
}

/// An export of the items a list query matches (the window's current filter) holds those
/// items only, in both formats, whatever page the query was on; the whole export holds
/// every item.
#[test]
fn an_export_of_the_current_filter_holds_its_items_only() {
    use counterpart_core::model::Kind;
    let dir = tempfile::tempdir().unwrap();
    let mut db = db(&dir, "c.sqlite3");
    populate(&mut db);
    let query = ListQuery {
        kind: Some(Kind::Commitment),
        offset: 1,
        limit: Some(1),
        ..Default::default()
    };
    let scope = export::Scope::Matching {
        query,
        today: today(),
    };
    let mut csv = Vec::new();
    assert_eq!(
        export::export_csv_of(db.conn(), &scope, &mut csv).unwrap(),
        2
    );
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("WG-1") && csv.contains("WG-2"), "{csv}");
    assert!(!csv.contains("EXT-1") && !csv.contains("SCH-1"), "{csv}");
    let mut json = Vec::new();
    export::export_json_of(db.conn(), &scope, now(), &mut json).unwrap();
    let doc: export::ExportDoc = serde_json::from_slice(&json).unwrap();
    assert_eq!(
        doc.items
            .iter()
            .map(|i| i.item.fields.reference.as_str())
            .collect::<Vec<_>>(),
        ["WG-1", "WG-2"]
    );
    let mut all = Vec::new();
    assert_eq!(
        export::export_csv_of(db.conn(), &export::Scope::All, &mut all).unwrap(),
        4
    );
}
