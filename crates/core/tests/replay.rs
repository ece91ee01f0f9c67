//! `check` replays the audit trail against the rows (issue 11): a change made to the
//! items, events or links behind the program's back — the audit trail untouched, so its
//! chain still verifies — is found, named by the item's reference and the field.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use counterpart_core::db::{check, items, Db};
use counterpart_core::model::{Details, EventType, ItemFields, Kind, NewEvent, Priority};
use counterpart_core::op::{Author, Change};
use rusqlite::Connection;
use std::path::PathBuf;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 12, 10, 9, 30, 0).unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn author() -> Author {
    Author::new(now(), d("2024-12-10"), Some("ana".into()))
}

fn fields(reference: &str) -> ItemFields {
    ItemFields {
        reference: reference.into(),
        title: format!("Title of {reference}"),
        title_zh: None,
        us_agency: None,
        counterpart: "MPS".into(),
        priority: Priority::Normal,
        owner: None,
        notes: Some("notes".into()),
        tags: vec!["a".into()],
        due_on: None,
        follow_up_on: None,
        details: Details::empty(Kind::Extradition),
    }
}

/// A database of three items with events (at creation and recorded later), an edit, a
/// link and an archived item; `check` holds on it.
fn made() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let mut db = Db::open(&path, now()).unwrap();
    let a = author();
    let mut ids = Vec::new();
    for r in ["EXT-1", "EXT-2", "EXT-3"] {
        let op = a.create_item(fields(r), Some(d("2024-01-02")));
        ids.push(db.apply(&op).unwrap().into_item().unwrap().id);
    }
    let ev = NewEvent::new(EventType::Acknowledged, d("2024-01-05")).with_note("received");
    db.apply(&a.event_op(ids[0], ev)).unwrap();
    let edited = ItemFields {
        owner: Some("Desk 3".into()),
        ..fields("EXT-2")
    };
    let edit = Change::EditFields {
        item: ids[1],
        base_version: None,
        fields: edited,
    };
    db.apply(&a.op(edit)).unwrap();
    let link = Change::Link {
        from: ids[0],
        to: ids[1],
        relation: "related".into(),
    };
    db.apply(&a.op(link)).unwrap();
    db.apply(&a.op(Change::Archive { item: ids[2] })).unwrap();
    let c = check::check(db.conn()).unwrap();
    assert!(c.ok(), "{c:?}");
    (dir, path)
}

/// What `check` finds after `sql` was run behind the program's back: (reference, field).
fn found_after(sql: &str) -> Vec<(String, String)> {
    let (_dir, path) = made();
    Connection::open(&path).unwrap().execute_batch(sql).unwrap();
    let db = Db::open(&path, now()).unwrap();
    let c = check::check(db.conn()).unwrap();
    assert!(c.audit.ok(), "the chain itself is untouched: {c:?}");
    assert!(!c.ok(), "{sql}: check reports it");
    c.record
        .iter()
        .map(|m| (m.reference.clone(), m.field.clone()))
        .collect()
}

fn has(found: &[(String, String)], reference: &str, field: &str) -> bool {
    found
        .iter()
        .any(|(r, f)| r == reference && f.starts_with(field))
}

#[test]
fn a_title_changed_behind_the_programs_back_is_found() {
    let found = found_after("UPDATE item SET title = 'x' WHERE reference = 'EXT-1'");
    assert!(has(&found, "EXT-1", "title"), "{found:?}");
    // An edited column, and one never edited (through the item's state as created).
    let found = found_after("UPDATE item SET owner = 'Desk 9' WHERE reference = 'EXT-2'");
    assert!(has(&found, "EXT-2", "owner"), "{found:?}");
    let found = found_after("UPDATE item SET notes = 'other' WHERE reference = 'EXT-3'");
    assert!(has(&found, "EXT-3", "created"), "{found:?}");
    let found = found_after("UPDATE item SET reference = 'EXT-9' WHERE reference = 'EXT-3'");
    assert!(has(&found, "EXT-9", "reference"), "{found:?}");
}

#[test]
fn an_events_note_changed_is_found() {
    // An event recorded after creation (its own trail row)…
    let found = found_after("UPDATE event SET note = 'forged' WHERE note = 'received'");
    assert!(has(&found, "EXT-1", "event "), "{found:?}");
    // …and one the item came with (in the item's state as created).
    let found = found_after(
        "UPDATE event SET note = 'forged' WHERE type = 'transmitted' AND item_id = (SELECT id FROM item WHERE reference = 'EXT-2')",
    );
    assert!(has(&found, "EXT-2", "created"), "{found:?}");
}

#[test]
fn a_deleted_event_row_is_found() {
    let found = found_after("DELETE FROM event WHERE note = 'received'");
    assert!(has(&found, "EXT-1", "event "), "{found:?}");
    let found = found_after(
        "DELETE FROM event WHERE type = 'transmitted' AND item_id = (SELECT id FROM item WHERE reference = 'EXT-3')",
    );
    assert!(has(&found, "EXT-3", "created"), "{found:?}");
}

#[test]
fn an_item_inserted_with_no_trail_is_found() {
    let found = found_after(
        "INSERT INTO item (id, kind, reference, title, counterpart, status, is_open, created_at, updated_at)
         VALUES (randomblob(16), 'commitment', 'FAKE-1', 'Inserted', 'MPS', 'draft', 1, '2024-01-01T00:00:00.000000Z', '2024-01-01T00:00:00.000000Z')",
    );
    assert_eq!(found, [("FAKE-1".to_owned(), "item".to_owned())]);
}

#[test]
fn items_links_and_the_archive_deleted_or_changed_are_found() {
    let found = found_after("PRAGMA foreign_keys = OFF; DELETE FROM item WHERE reference = 'EXT-2'; DELETE FROM item_link;");
    assert!(has(&found, "EXT-2", "item"), "{found:?}");
    let found = found_after("DELETE FROM item_link");
    assert!(has(&found, "EXT-1", "link EXT-2"), "{found:?}");
    let found =
        found_after("UPDATE item SET archived = 0, archived_at = NULL WHERE reference = 'EXT-3'");
    assert!(has(&found, "EXT-3", "archived"), "{found:?}");
}

#[test]
fn an_erased_item_is_simply_absent() {
    let (_dir, path) = made();
    let mut db = Db::open(&path, now()).unwrap();
    let id = items::find(db.conn(), "EXT-1").unwrap();
    db.apply(&author().op(Change::Erase { item: id })).unwrap();
    let c = check::check(db.conn()).unwrap();
    assert!(c.ok(), "{c:?}");
}
