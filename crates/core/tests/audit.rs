//! The audit trail against real database files: every change writes its rows in the same
//! transaction, the chain verifies after many mixed changes, and any edit, deletion or
//! reordering made behind the program's back (the triggers dropped first) is named.
//! Archiving hides an item from every list and restoring brings it back; erasing removes
//! everything but the trail.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use counterpart_core::audit::Action;
use counterpart_core::brief::BriefOptions;
use counterpart_core::db::apply::Applied;
use counterpart_core::db::audit::{self, BadRow, Problem};
use counterpart_core::db::list::{self, ListQuery};
use counterpart_core::db::{brief, check, items, reminders, search, Db};
use counterpart_core::model::{
    Details, Event, EventType, ItemFields, ItemId, Kind, NewEvent, Priority, Status,
};
use counterpart_core::op::{Author, Change};
use counterpart_core::{form, import, Result};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 12, 10, 9, 30, 0).unwrap()
}

const TODAY: &str = "2024-12-10";

/// Who makes the changes: `user`, now, on [`TODAY`].
fn by(user: Option<&str>) -> Author {
    Author::new(now(), d(TODAY), user.map(str::to_owned))
}

/// Applies one change made by `user`.
fn apply(db: &mut Db, user: Option<&str>, change: Change) -> Result<Applied> {
    db.apply(&by(user).op(change))
}

/// Records an event on the item `reference`, as `user`.
fn record(db: &mut Db, reference: &str, e: NewEvent, user: Option<&str>) -> Result<Event> {
    let id = items::find(db.conn(), reference)?;
    db.apply(&by(user).event_op(id, e))?.into_event()
}

fn file_db() -> (tempfile::TempDir, PathBuf, Db) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let db = Db::open(&path, chrono::Utc::now()).unwrap();
    (dir, path, db)
}

fn add(db: &mut Db, reference: &str, due: Option<&str>) -> ItemId {
    let fields = ItemFields {
        reference: reference.into(),
        title: format!("Title of {reference}"),
        title_zh: None,
        us_agency: None,
        counterpart: "MPS".into(),
        priority: Priority::Normal,
        owner: None,
        notes: Some("fentanyl precursor".into()),
        tags: Vec::new(),
        due_on: due.map(d),
        follow_up_on: None,
        details: Details::empty(Kind::Extradition),
    };
    let op = by(Some("ana")).create_item(fields, Some(d("2024-01-02")));
    db.apply(&op).unwrap().into_item().unwrap().id
}

fn actions(conn: &Connection, id: ItemId) -> Vec<Action> {
    audit::history(conn, id)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

fn verify_ok(conn: &Connection) -> i64 {
    let r = audit::verify(conn).unwrap();
    assert_eq!(r.first_bad, None, "the chain verifies");
    r.rows
}

/// Many mixed changes: creates, events (with a retraction), edits, links, archive,
/// restore, erase, an import. Returns the number of rows written.
fn mixed_changes(db: &mut Db, dir: &Path) -> i64 {
    let a = add(db, "EXT-1", Some("2024-06-01"));
    let b = add(db, "EXT-2", None);
    let wrong = record(
        db,
        "EXT-1",
        NewEvent::new(EventType::Acknowledged, d("2024-01-05")),
        Some("ana"),
    )
    .unwrap();
    let mut r = NewEvent::new(EventType::Retraction, d("2024-01-06")).with_note("wrong item");
    r.retracts = Some(wrong.id);
    record(db, "EXT-1", r, Some("bo")).unwrap();
    let item = items::get(db.conn(), b).unwrap();
    let edit: BTreeMap<String, String> = [
        ("reference", "EXT-2"),
        ("title", "Surrender of Wu"),
        ("counterpart", "MPS"),
        ("owner", "Desk 3"),
        // Given empty, as the window sends a field it clears (a name not given keeps its
        // stored value).
        ("notes", ""),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    form::update_item(db, b, item.version, &edit, &by(Some("bo"))).unwrap();
    let link = Change::Link {
        from: a,
        to: b,
        relation: "related".into(),
    };
    apply(db, None, link).unwrap();
    apply(db, None, Change::Archive { item: b }).unwrap();
    apply(db, None, Change::Unarchive { item: b }).unwrap();
    let c = add(db, "EXT-3", None);
    apply(db, Some("ana"), Change::Erase { item: c }).unwrap();
    let csv = dir.join("i.csv");
    std::fs::write(
        &csv,
        "kind,reference,title,counterpart,transmitted_on\nscheduling,SCH-1,Schedule xylazine,NNCC,2024-03-01\nscheduling,SCH-2,Schedule nitazenes,NNCC,\n",
    )
    .unwrap();
    import::import_csv(
        db,
        std::fs::File::open(&csv).unwrap(),
        &by(Some("imp")),
        false,
    )
    .unwrap();
    // created ×2, event ×2, edited ×3 (title, owner, and the notes the form cleared),
    // linked ×2 (one on each item), archived, restored, created + erased,
    // created ×2 (import)
    15
}

#[test]
fn the_chain_verifies_after_many_mixed_changes() {
    let (dir, path, mut db) = file_db();
    let written = mixed_changes(&mut db, dir.path());
    assert_eq!(verify_ok(db.conn()), written);
    drop(db);
    // And after reopening the file.
    let db = Db::open(&path, chrono::Utc::now()).unwrap();
    assert_eq!(verify_ok(db.conn()), written);
    let c = check::check(db.conn()).unwrap();
    assert!(c.ok(), "{c:?}");
    assert_eq!(
        c.audit.head,
        audit::head(db.conn()).unwrap().map(|h| h.hash)
    );
}

#[test]
fn an_edit_writes_one_row_per_changed_field_with_old_and_new() {
    let (_dir, _path, mut db) = file_db();
    let id = add(&mut db, "EXT-1", Some("2024-06-01"));
    let item = items::get(db.conn(), id).unwrap();
    let edit: BTreeMap<String, String> = [
        ("reference", "EXT-1"),
        ("title", "New title"),
        ("counterpart", "MPS"),
        ("due_on", "2024-07-01"),
        ("notes", "fentanyl precursor"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    form::update_item(&mut db, id, item.version, &edit, &by(Some("bo"))).unwrap();
    let rows: Vec<_> = audit::history(db.conn(), id)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == Action::Edited)
        .map(|e| (e.field.unwrap(), e.old_value, e.new_value, e.who))
        .collect();
    let s = |v: &str| Some(v.to_owned());
    assert_eq!(
        rows,
        [
            (
                "title".to_owned(),
                s("Title of EXT-1"),
                s("New title"),
                s("bo")
            ),
            (
                "due_on".to_owned(),
                s("2024-06-01"),
                s("2024-07-01"),
                s("bo")
            ),
        ],
        "one row per changed field (title, due date), none for unchanged ones"
    );
    // An edit that changes nothing writes nothing.
    let item = items::get(db.conn(), id).unwrap();
    form::update_item(&mut db, id, item.version, &edit, &by(Some("bo"))).unwrap();
    assert_eq!(actions(db.conn(), id).len(), 3, "created + two edits");
    verify_ok(db.conn());
}

#[test]
fn events_and_retractions_are_audited() {
    let (_dir, _path, mut db) = file_db();
    let id = add(&mut db, "EXT-1", None);
    let ev = record(
        &mut db,
        "EXT-1",
        NewEvent::new(EventType::Acknowledged, d("2024-01-05")),
        Some("ana"),
    )
    .unwrap();
    let mut r = NewEvent::new(EventType::Retraction, d("2024-01-06")).with_note("wrong item");
    r.retracts = Some(ev.id);
    record(&mut db, "EXT-1", r, Some("ana")).unwrap();
    let h = audit::history(db.conn(), id).unwrap();
    assert_eq!(
        h.iter()
            .map(|e| (e.action, e.field.clone()))
            .collect::<Vec<_>>(),
        [
            (Action::Created, None),
            (Action::EventRecorded, Some("acknowledged".into())),
            (Action::EventRecorded, Some("retraction".into())),
        ]
    );
    let retraction: serde_json::Value =
        serde_json::from_str(h[2].new_value.as_deref().unwrap()).unwrap();
    assert_eq!(retraction["retracts"], ev.id.to_string());
    assert_eq!(retraction["note"], "wrong item");
    // A refused event writes no audit row.
    let refused = record(
        &mut db,
        "EXT-1",
        NewEvent::new(EventType::Status, d("2024-01-07")),
        None,
    );
    assert!(refused.is_err());
    assert_eq!(audit::history(db.conn(), id).unwrap().len(), 3);
}

#[test]
fn an_import_writes_one_row_per_item() {
    let (dir, _path, mut db) = file_db();
    let mut csv =
        String::from("kind,reference,title,counterpart,status,status_on,transmitted_on\n");
    for i in 0..500 {
        csv.push_str(&format!(
            "extradition,R-{i},Request {i},MPS,acknowledged,2024-02-01,2024-01-0{}\n",
            1 + i % 9
        ));
    }
    let path = dir.path().join("i.csv");
    std::fs::write(&path, csv).unwrap();
    let r = import::import_csv(
        &mut db,
        std::fs::File::open(&path).unwrap(),
        &by(Some("imp")),
        false,
    )
    .unwrap();
    assert_eq!(r.items, 500);
    assert!(r.events >= 1000, "the items come with their events");
    let n: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'created' AND who = 'imp'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 500, "one created row per item, none per event");
    assert_eq!(verify_ok(db.conn()), 500);
    // A dry run writes no rows.
    import::import_csv(
        &mut db,
        std::fs::File::open(&path).unwrap(),
        &by(None),
        true,
    )
    .ok();
    assert_eq!(verify_ok(db.conn()), 500);
}

#[test]
fn the_triggers_refuse_updates_and_deletes() {
    let (_dir, path, mut db) = file_db();
    add(&mut db, "EXT-1", None);
    let conn = Connection::open(&path).unwrap();
    // The one update allowed is an erase's redaction: not of an item that was not erased.
    let redact =
        "UPDATE audit_log SET old_value = NULL, new_value = NULL, salt = NULL, redacted = 1";
    let not_erased = format!("{redact} WHERE seq = 1");
    for sql in [
        "UPDATE audit_log SET new_value = 'x' WHERE seq = 1",
        not_erased.as_str(),
        "DELETE FROM audit_log WHERE seq = 1",
        "DELETE FROM audit_log",
    ] {
        let e = conn.execute(sql, []).expect_err(sql);
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
    // Of an erased item: its rows are redacted already, and nothing else may change.
    let gone = add(&mut db, "EXT-9", None);
    apply(&mut db, None, Change::Erase { item: gone }).unwrap();
    let (first, erased): (i64, i64) = conn
        .query_row(
            "SELECT min(seq), max(seq) FROM audit_log WHERE reference = 'EXT-9'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    for sql in [
        format!("UPDATE audit_log SET redacted = 0 WHERE seq = {first}"),
        format!("UPDATE audit_log SET new_digest = NULL WHERE seq = {first}"),
        format!("UPDATE audit_log SET who = 'x' WHERE seq = {first}"),
        format!("{redact} WHERE seq = {erased}"),
        format!("UPDATE audit_log SET new_value = 'x' WHERE seq = {erased}"),
    ] {
        let e = conn.execute(&sql, []).expect_err(&sql);
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
    verify_ok(db.conn());
}

#[test]
fn a_redaction_no_erase_explains_is_named() {
    let bad = first_bad_after(
        "UPDATE audit_log SET old_value = NULL, new_value = NULL, salt = NULL, redacted = 1 WHERE seq = 1",
    );
    assert_eq!((bad.seq, bad.problem), (1, Problem::RedactedWithoutErase));
    // A value removed without the rest of a redaction no longer matches its digest.
    let bad = first_bad_after("UPDATE audit_log SET new_value = NULL WHERE seq = 1");
    assert_eq!((bad.seq, bad.problem), (1, Problem::ContentChanged));
}

/// Opens the file behind the program's back with the triggers dropped.
fn tamper(path: &Path, sql: &str) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(&format!(
        "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; {sql}"
    ))
    .unwrap();
}

fn first_bad_after(sql: &str) -> BadRow {
    let (dir, path, mut db) = file_db();
    mixed_changes(&mut db, dir.path());
    drop(db);
    tamper(&path, sql);
    let db = Db::open(&path, chrono::Utc::now()).unwrap();
    let r = audit::verify(db.conn()).unwrap();
    let c = check::check(db.conn()).unwrap();
    assert!(!c.ok(), "check reports it");
    r.first_bad.unwrap_or_else(|| panic!("{sql} is detected"))
}

#[test]
fn a_changed_row_is_named() {
    let bad = first_bad_after("UPDATE audit_log SET new_value = 'Another title' WHERE seq = 6");
    assert_eq!((bad.seq, bad.problem), (6, Problem::ContentChanged));
    let bad = first_bad_after("UPDATE audit_log SET who = NULL WHERE seq = 5");
    assert_eq!((bad.seq, bad.problem), (5, Problem::ContentChanged));
    // Rehashing the changed row itself does not help: the next row no longer follows it.
    let (dir, path, mut db) = file_db();
    mixed_changes(&mut db, dir.path());
    drop(db);
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("DROP TRIGGER audit_log_no_update")
        .unwrap();
    // The value, its digest (under the row's salt) and the row's hash all forged.
    use counterpart_core::audit::{value_digest, Column, RowContent};
    let (forged_digest, forged): (Vec<u8>, String) = conn
        .query_row(
            "SELECT at, who, item_id, reference, action, field, old_digest, prev_hash, salt FROM audit_log WHERE seq = 4",
            [],
            |r| {
                let text = |i| r.get::<_, Option<String>>(i);
                let blob = |i| r.get::<_, Option<Vec<u8>>>(i);
                let (at, who, reference, action) = (text(0)?, text(1)?, text(3)?, text(4)?);
                let (field, old, prev) = (text(5)?, blob(6)?, text(7)?);
                let item_id: Vec<u8> = r.get(2)?;
                let salt: Vec<u8> = r.get(8)?;
                let digest = value_digest(&salt, Column::NewValue, "forged").to_vec();
                let hash = RowContent {
                    seq: 4,
                    at: at.as_deref().unwrap(),
                    who: who.as_deref(),
                    item_id: Some(&item_id),
                    reference: reference.as_deref(),
                    action: action.as_deref().unwrap(),
                    field: field.as_deref(),
                    digests: [old.as_deref(), Some(&digest)],
                    prev_hash: prev.as_deref().unwrap(),
                }
                .hash();
                Ok((digest, hash))
            },
        )
        .unwrap();
    conn.execute(
        "UPDATE audit_log SET new_value = 'forged', new_digest = ?1, hash = ?2 WHERE seq = 4",
        rusqlite::params![forged_digest, forged],
    )
    .unwrap();
    let r = audit::verify(Db::open(&path, chrono::Utc::now()).unwrap().conn()).unwrap();
    assert_eq!(
        r.first_bad.map(|b| (b.seq, b.problem)),
        Some((5, Problem::OutOfOrder))
    );
}

#[test]
fn a_deleted_row_is_named() {
    let bad = first_bad_after("DELETE FROM audit_log WHERE seq = 7");
    assert_eq!(
        (bad.seq, bad.problem),
        (8, Problem::RowsMissing { after: 6 })
    );
    // Deleted and the rest renumbered to close the gap.
    let bad = first_bad_after(
        "DELETE FROM audit_log WHERE seq = 7; UPDATE audit_log SET seq = seq - 1 WHERE seq > 7",
    );
    assert_eq!(bad.seq, 7, "{bad:?}");
}

#[test]
fn reordered_rows_are_detected() {
    let bad = first_bad_after(
        "UPDATE audit_log SET seq = -1 WHERE seq = 5; UPDATE audit_log SET seq = 5 WHERE seq = 6; UPDATE audit_log SET seq = 6 WHERE seq = -1",
    );
    assert_eq!(bad.seq, 5, "{bad:?}");
}

#[test]
fn an_archived_item_leaves_every_list_and_comes_back() {
    let (_dir, _path, mut db) = file_db();
    let a = add(&mut db, "EXT-1", Some("2024-06-01"));
    add(&mut db, "EXT-2", Some("2024-06-01"));
    let today = d(TODAY);
    let visible = |db: &Db| -> (Vec<String>, i64, usize, usize, Vec<String>, usize) {
        let c = db.conn();
        let refs = list::list(c, &ListQuery::default(), today)
            .unwrap()
            .into_iter()
            .map(|r| r.reference)
            .collect();
        let summary = list::summary(c, today).unwrap();
        let found = list::list(
            c,
            &ListQuery {
                search: Some("EXT-1".into()),
                ..Default::default()
            },
            today,
        )
        .unwrap()
        .len();
        let reminders = reminders::upcoming(c, today, 30).unwrap().len();
        let brief = brief::build(c, &BriefOptions::default(), today).unwrap();
        let in_brief = brief.rows().map(|r| r.reference.clone()).collect();
        let dashboard = list::dashboard(c, today).unwrap().open as usize;
        (refs, summary.overdue, found, reminders, in_brief, dashboard)
    };
    let before = visible(&db);
    assert_eq!(before.0, ["EXT-1", "EXT-2"]);
    assert_eq!((before.1, before.2, before.5), (2, 1, 2));
    assert!(before.3 >= 2, "both are overdue: {before:?}");

    let archived = apply(&mut db, Some("ana"), Change::Archive { item: a })
        .unwrap()
        .into_item()
        .unwrap();
    assert_eq!(archived.archived_at, Some(now()));
    let during = visible(&db);
    assert_eq!(during.0, ["EXT-2"], "out of the list");
    assert_eq!(during.1, 1, "out of the summary");
    assert_eq!(during.2, 0, "out of search");
    assert_eq!(during.3, before.3 / 2, "out of reminders");
    assert_eq!(during.4, ["EXT-2"], "out of briefs");
    assert_eq!(during.5, 1, "out of the dashboard");
    assert_eq!(
        reminders::check(&mut db, today, now())
            .unwrap()
            .iter()
            .filter(|r| r.reference == "EXT-1")
            .count(),
        0
    );
    let listed = items::archived(db.conn()).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].reference, "EXT-1");
    assert!(
        apply(&mut db, None, Change::Archive { item: a }).is_err(),
        "twice is refused"
    );

    apply(&mut db, Some("ana"), Change::Unarchive { item: a }).unwrap();
    let after = visible(&db);
    assert_eq!(
        (after.0.clone(), after.1, after.2, after.4.len(), after.5),
        (before.0.clone(), 2, 1, 2, 2)
    );
    assert!(items::archived(db.conn()).unwrap().is_empty());
    assert!(
        apply(&mut db, None, Change::Unarchive { item: a }).is_err(),
        "not archived"
    );
    assert_eq!(
        actions(db.conn(), a),
        [Action::Created, Action::Archived, Action::Restored]
    );
    verify_ok(db.conn());
}

#[test]
fn erasing_removes_everything_but_the_trail() {
    let (_dir, _path, mut db) = file_db();
    let a = add(&mut db, "EXT-1", Some("2024-06-01"));
    let b = add(&mut db, "EXT-2", None);
    record(
        &mut db,
        "EXT-1",
        NewEvent::new(EventType::Acknowledged, d("2024-01-05")),
        None,
    )
    .unwrap();
    let mut r = NewEvent::new(EventType::Status, d("2024-01-07"));
    r.status = Some(Status::InProgress);
    record(&mut db, "EXT-1", r, None).unwrap();
    let link = Change::Link {
        from: b,
        to: a,
        relation: "related".into(),
    };
    apply(&mut db, None, link).unwrap();
    reminders::check(&mut db, d(TODAY), now()).unwrap();
    let count = |db: &Db, sql: &str| -> i64 { db.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert!(
        count(&db, "SELECT count(*) FROM reminder") >= 1,
        "a reminder row to erase"
    );

    let Applied::Erased(erased) = apply(&mut db, Some("ana"), Change::Erase { item: a }).unwrap()
    else {
        panic!("erasing gives what was erased");
    };
    assert_eq!(
        (erased.reference.as_str(), erased.kind, erased.events),
        ("EXT-1", Kind::Extradition, 3)
    );
    assert!(matches!(
        items::get(db.conn(), a),
        Err(counterpart_core::Error::NotFound(_))
    ));
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM event WHERE item_id NOT IN (SELECT id FROM item)"
        ),
        0
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM event"),
        1,
        "EXT-2's transmitted event only"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM item_link"), 0);
    assert_eq!(count(&db, "SELECT count(*) FROM reminder"), 0);
    search::check(&db).expect("the search index is consistent");
    let found = list::list(
        db.conn(),
        &ListQuery {
            search: Some("EXT-1".into()),
            ..Default::default()
        },
        d(TODAY),
    )
    .unwrap();
    assert!(found.is_empty(), "not found by search");
    let c = check::check(db.conn()).unwrap();
    assert!(c.ok(), "foreign keys whole: {c:?}");

    let h = audit::history(db.conn(), a).unwrap();
    assert_eq!(h.last().unwrap().action, Action::Erased);
    let kept: serde_json::Value =
        serde_json::from_str(h.last().unwrap().old_value.as_deref().unwrap()).unwrap();
    assert_eq!(kept["kind"], "extradition");
    assert_eq!(
        kept["redacted"], 4,
        "created, two events, linked: the erase says how many rows it redacted"
    );
    assert!(kept.get("title").is_none(), "the title is erased");
    for e in &h[..h.len() - 1] {
        assert_eq!(
            (e.old_value.as_deref(), e.new_value.as_deref()),
            (None, None),
            "row {} redacted",
            e.seq
        );
    }
    assert!(
        h.last().unwrap().new_value.is_none(),
        "not the whole content"
    );
    assert_eq!(
        audit::history_by_reference(db.conn(), "EXT-1").unwrap(),
        h,
        "found by its reference"
    );
    verify_ok(db.conn());
}

#[test]
fn the_trail_starts_at_one_from_the_genesis_value() {
    // (The backfill of older databases is tested on the fixtures in tests/migrations.rs.)
    let (_dir, path, mut db) = file_db();
    add(&mut db, "EXT-1", None);
    drop(db);
    let conn = Connection::open(&path).unwrap();
    let (seq, prev): (i64, String) = conn
        .query_row(
            "SELECT seq, prev_hash FROM audit_log ORDER BY seq LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((seq, prev.as_str()), (1, counterpart_core::audit::GENESIS));
}

#[test]
fn a_restore_to_an_older_backup_is_audited_with_the_head_it_replaced() {
    // Without its row, a restore to an older backup would be an undetectable truncation:
    // the head simply moves back.
    let (dir, path, mut db) = file_db();
    add(&mut db, "EXT-1", None);
    let older = dir.path().join("older.sqlite3");
    db.backup_to(&older, false).unwrap();
    let at_backup = audit::head(db.conn()).unwrap().unwrap();
    add(&mut db, "EXT-2", None);
    let replaced = audit::head(db.conn()).unwrap().unwrap();
    drop(db);
    counterpart_core::db::backup::restore(&path, &older, now()).unwrap();
    let db = Db::open(&path, now()).unwrap();
    let head = audit::head(db.conn()).unwrap().unwrap();
    assert_eq!(
        head.seq,
        at_backup.seq + 1,
        "the backup's trail and one row"
    );
    let (action, at, value): (String, String, String) = db
        .conn()
        .query_row(
            "SELECT action, at, new_value FROM audit_log WHERE seq = ?1 AND item_id IS NULL",
            [head.seq],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(action, "database_restored");
    assert_eq!(at, "2024-12-10T09:30:00.000000Z", "when it was restored");
    let v: serde_json::Value = serde_json::from_str(&value).unwrap();
    assert_eq!(v["replaced_head"], replaced.anchor(), "{v}");
    assert_eq!(v["restored_head"], at_backup.anchor(), "{v}");
    assert_eq!(v["backup"], older.display().to_string(), "{v}");
    let c = check::check(db.conn()).unwrap();
    assert!(c.ok(), "{c:?}");
    let ext = items::find(db.conn(), "EXT-1").unwrap();
    assert_eq!(
        actions(db.conn(), ext),
        [Action::Created],
        "an item's history has none of the rows of the record's other changes"
    );
}
