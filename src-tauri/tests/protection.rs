//! What the app finds at start, with its keychain: no database yet (the first start's
//! offer), a plain one (opened as before), an encrypted one (opened with the passphrase
//! the keychain keeps; asked for when none is kept, when the keychain cannot be used, or
//! when the kept one no longer opens it — nothing written in any case), a damaged one
//! (moved aside, as before).

use chrono::{TimeZone, Utc};
use counterpart_core::db::{Db, Passphrase};
use counterpart_desktop::keychain::{Keychain, MemoryStore};
use counterpart_desktop::state::{Database, KEPT_PASSPHRASE_FAILS};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
}

fn pass(s: &str) -> Passphrase {
    Passphrase::new(s.into()).unwrap()
}

fn memory() -> Keychain {
    Keychain::with_store(MemoryStore::default())
}

#[test]
fn where_there_is_no_database_yet_the_window_offers_to_create_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    assert!(
        matches!(Database::start(&path, &memory(), now()), Database::New { path: p } if p == path)
    );
    assert!(!path.exists(), "nothing is created at start");
}

#[test]
fn a_plain_database_opens_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    drop(Db::open(&path, now()).unwrap());
    assert!(
        matches!(Database::start(&path, &memory(), now()), Database::Open(db) if !db.is_encrypted())
    );
}

#[test]
fn an_encrypted_database_opens_with_the_kept_passphrase_or_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    drop(Db::open_keyed(&path, Some(&pass("right")), now()).unwrap());
    let before = std::fs::read(&path).unwrap();

    let keychain = memory();
    assert!(matches!(
        Database::start(&path, &keychain, now()),
        Database::Locked { note: None, .. }
    ));
    keychain.keep(&path, "stale").unwrap();
    match Database::start(&path, &keychain, now()) {
        Database::Locked { note, .. } => assert_eq!(note.as_deref(), Some(KEPT_PASSPHRASE_FAILS)),
        _ => panic!("a wrong kept passphrase must lock the database"),
    }
    let unavailable = Keychain::with_store(MemoryStore::unavailable("no Secret Service"));
    assert!(matches!(
        Database::start(&path, &unavailable, now()),
        Database::Locked { note: None, .. }
    ));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "a locked database was written"
    );

    keychain.keep(&path, "right").unwrap();
    assert!(
        matches!(Database::start(&path, &keychain, now()), Database::Open(db) if db.is_encrypted())
    );
}

#[test]
fn a_wiped_header_is_still_damage_not_a_locked_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    drop(Db::open(&path, now()).unwrap());
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[..100].fill(0);
    std::fs::write(&path, &bytes).unwrap();
    assert!(matches!(
        Database::start(&path, &memory(), now()),
        Database::Damaged { .. }
    ));
}
