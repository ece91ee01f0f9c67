//! Erase erases (issue 11): after `erase`, the erased item's title, subject, notes and
//! event notes are nowhere in the database file or its WAL — not in freed pages, not in
//! the full-text index, not in the audit trail — and the audit chain still verifies. An
//! item created before the upgrade to schema 6 and erased after it is erased as well.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use counterpart_core::audit::Action;
use counterpart_core::db::{audit, check, items, Db};
use counterpart_core::model::{Details, EventType, ItemFields, ItemId, Kind, NewEvent, Priority};
use counterpart_core::op::{Author, Change};
use std::path::Path;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 12, 10, 9, 30, 0).unwrap()
}

fn author() -> Author {
    Author::new(now(), "2024-12-10".parse().unwrap(), Some("ana".into()))
}

const SECRETS: [&str; 5] = [
    "Quokka Zanzibar surrender",
    "QUOKKA Zhaoyun subject",
    "quokka notes about an informant",
    "quokka event note: the safe house",
    "quokka edited-away notes",
];

/// Where each secret occurs in the database file and its WAL (raw bytes).
fn occurrences(path: &Path) -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    for file in [path.to_owned(), path.with_extension("sqlite3-wal")] {
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        for s in SECRETS {
            if bytes.windows(s.len()).any(|w| w == s.as_bytes()) {
                found.push((s, file.display().to_string()));
            }
        }
    }
    found
}

/// An item with a subject, notes edited once and an event with a note: the secrets
/// (`secret`) or plain words.
fn add(db: &mut Db, reference: &str, secret: bool) -> ItemId {
    let text = |i: usize| {
        if secret {
            SECRETS[i].to_owned()
        } else {
            format!("plain text {i} of {reference}")
        }
    };
    let mut details = Details::empty(Kind::Extradition);
    if let Details::Extradition(e) = &mut details {
        e.subject = Some(text(1));
    }
    let fields = ItemFields {
        reference: reference.into(),
        title: text(0),
        title_zh: None,
        us_agency: None,
        counterpart: "MPS".into(),
        priority: Priority::Normal,
        owner: None,
        notes: Some(text(4)),
        tags: Vec::new(),
        due_on: None,
        follow_up_on: None,
        details,
    };
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let op = author().create_item(fields.clone(), Some(d("2024-01-02")));
    let id = db.apply(&op).unwrap().into_item().unwrap().id;
    // An edit: the old notes go into the trail as an `edited` row's old value.
    let edited = ItemFields {
        notes: Some(text(2)),
        ..fields
    };
    let edit = Change::EditFields {
        item: id,
        base_version: None,
        fields: edited,
    };
    db.apply(&author().op(edit)).unwrap();
    let event = NewEvent::new(EventType::Acknowledged, d("2024-01-05")).with_note(text(3));
    db.apply(&author().event_op(id, event)).unwrap();
    id
}

#[test]
fn after_an_erase_the_text_is_nowhere_in_the_file_or_its_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let mut db = Db::open(&path, now()).unwrap();
    let keep = add(&mut db, "EXT-0", false);
    let id = add(&mut db, "EXT-1", true);
    // The other item names the erased one's values nowhere, but is linked to it.
    let link = Change::Link {
        from: keep,
        to: id,
        relation: "related".into(),
    };
    db.apply(&author().op(link)).unwrap();
    // Many more items, so the index and the trail span many pages.
    for i in 0..200 {
        add(&mut db, &format!("EXT-{}", i + 2), false);
    }
    assert!(
        occurrences(&path).len() >= SECRETS.len(),
        "the secrets are in the file or the WAL before the erase: {:?}",
        occurrences(&path)
    );

    db.apply(&author().op(Change::Erase { item: id })).unwrap();
    assert_eq!(
        occurrences(&path),
        [],
        "with the database still open (the WAL checkpointed after the erase)"
    );
    let c = check::check(db.conn()).unwrap();
    assert!(c.ok(), "the chain verifies and the record replays: {c:?}");
    let h = audit::history(db.conn(), id).unwrap();
    assert_eq!(h.last().unwrap().action, Action::Erased);
    assert!(h.iter().all(|e| e.new_value.is_none()), "{h:?}");
    drop(db);
    assert_eq!(occurrences(&path), [], "after closing");
    let db = Db::open(&path, now()).unwrap();
    assert!(check::check(db.conn()).unwrap().ok());
    assert_eq!(items::find(db.conn(), "EXT-0").unwrap(), keep);
}

#[test]
fn an_item_made_before_the_upgrade_and_erased_after_is_erased_too() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    std::fs::copy(fixtures.join("schema-5.sqlite3"), &path).unwrap();
    let has = |path: &Path, s: &str| {
        let bytes = std::fs::read(path).unwrap();
        bytes.windows(s.len()).any(|w| w == s.as_bytes())
    };
    assert!(has(&path, "Surrender of Lin X"));
    assert!(
        has(&path, "Entered by mistake"),
        "erased under schema 5, kept in its trail"
    );
    let mut db = Db::open(&path, now()).unwrap();
    let ext = items::find(db.conn(), "EXT-1").unwrap();
    db.apply(&author().op(Change::Erase { item: ext })).unwrap();
    assert!(check::check(db.conn()).unwrap().ok());
    drop(db);
    for s in [
        "Surrender of Lin X",
        "asked for fingerprints",
        "Entered by mistake",
    ] {
        assert!(!has(&path, s), "{s} is erased");
    }
    let wal = path.with_extension("sqlite3-wal");
    assert!(!wal.exists() || !has(&wal, "Surrender of Lin X"));
}
