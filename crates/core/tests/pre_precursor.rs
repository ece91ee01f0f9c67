//! The `pre-precursor` substance class (migration 0011). Its CHECK could not be widened in
//! place, so the upgrade rebuilds `item` and `substance`: every row of every table that
//! refers to an item must survive it (foreign keys are off while it runs, or the drop of
//! the old table would delete them all by cascade), the full-text index must still find
//! the items, and the new class must then be accepted by both tables.

use counterpart_core::db::list::{self, ListQuery};
use counterpart_core::db::substances::{self, SubstanceQuery};
use counterpart_core::db::{audit, items, Db};
use counterpart_core::model::{Details, Kind, Scheduling, Substance, SubstanceClass};
use counterpart_core::op::{Author, Change};

mod support;

/// The tables whose rows refer to items, and the two that are rebuilt.
const TABLES: [&str; 8] = [
    "item",
    "event",
    "item_link",
    "reminder",
    "brief_item",
    "audit_log",
    "substance",
    "calendar_day",
];

fn counts(conn: &rusqlite::Connection) -> Vec<(&'static str, i64)> {
    TABLES
        .iter()
        .map(|t| {
            let n = conn
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                .unwrap();
            (*t, n)
        })
        .collect()
}

#[test]
fn schema_10_upgrades_with_every_row_and_takes_the_new_class() {
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-10.sqlite3");
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("c.sqlite3");
    std::fs::copy(&fixture, &path).unwrap();
    let before = counts(&rusqlite::Connection::open(&path).unwrap());
    assert!(
        before.iter().all(|(t, n)| *n > 0 || *t == "brief_item"),
        "the fixture has rows to lose: {before:?}"
    );

    let mut db = Db::open(&path, chrono::Utc::now()).unwrap();
    assert_eq!(counts(db.conn()), before, "no row is lost by the rebuild");
    let broken: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0, "every reference still points at its item");
    let fks: bool = db
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert!(fks, "foreign keys are on again after the migrations");
    assert!(audit::verify(db.conn()).unwrap().ok(), "the chain verifies");

    let today = "2024-11-18".parse().unwrap();
    let found = list::list(
        db.conn(),
        &ListQuery {
            search: Some("xylazine".into()),
            ..Default::default()
        },
        today,
    )
    .unwrap();
    assert_eq!(
        found
            .iter()
            .map(|r| r.reference.as_str())
            .collect::<Vec<_>>(),
        ["SCH-1"],
        "the search index still reads the rebuilt table"
    );

    let a = Author::new(chrono::Utc::now(), today, None);
    db.apply(&a.op(Change::AddSubstance(Substance {
        cas: "41661-47-6".into(),
        name: "4-piperidone".into(),
        class: Some(SubstanceClass::PrePrecursor),
        ..Substance::default()
    })))
    .unwrap();
    let mut sch = support::fields(Kind::Scheduling, "SCH-2");
    sch.details = Details::Scheduling(Scheduling {
        substance: Some("4-piperidone".into()),
        cas_number: Some("41661-47-6".into()),
        substance_class: Some(SubstanceClass::PrePrecursor),
        ..Scheduling::default()
    });
    let op = a.create_item(sch, None);
    db.apply(&op).unwrap();
    let id = op.item().unwrap();
    let Details::Scheduling(x) = items::get(db.conn(), id).unwrap().fields.details else {
        panic!("SCH-2 is a scheduling item")
    };
    assert_eq!(x.substance_class, Some(SubstanceClass::PrePrecursor));
    let entry = substances::list(db.conn(), &SubstanceQuery::default())
        .unwrap()
        .into_iter()
        .find(|s| s.cas == "41661-47-6")
        .unwrap();
    assert_eq!(entry.class, Some(SubstanceClass::PrePrecursor));
}
