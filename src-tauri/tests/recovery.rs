//! What the app does with the database it is given at start: a damaged one is moved aside
//! as `.damaged` (byte for byte, with its `-wal`), never written; a newer one, or another
//! program's file, is left where it is and reported; the recovery facts name the newest
//! good backup.

use chrono::{TimeZone, Utc};
use counterpart_core::backup::Reason;
use counterpart_core::db::Db;
use counterpart_desktop::commands::backup::recovery;
use counterpart_desktop::state::Database;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).unwrap()
}

#[test]
fn a_damaged_database_is_moved_aside_and_the_newest_good_backup_offered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let db = Db::open(&path, now()).unwrap();
    let earlier = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
    db.backup_now(Reason::Daily, earlier).unwrap();
    let newest = db.backup_now(Reason::Manual, now()).unwrap();
    drop(db);
    // The newest backup is itself damaged: the one before it is offered.
    let mut b = std::fs::read(&newest.path).unwrap();
    b[..100].fill(0);
    std::fs::write(&newest.path, b).unwrap();

    let mut bytes = std::fs::read(&path).unwrap();
    bytes[..100].fill(0);
    std::fs::write(&path, &bytes).unwrap();
    std::fs::write(dir.path().join("c.sqlite3-wal"), b"wal bytes").unwrap();

    let Database::Damaged {
        path: at,
        moved_to,
        message,
    } = Database::open(&path, now())
    else {
        panic!("a damaged database gives the recovery state");
    };
    assert_eq!(at, path);
    assert_eq!(moved_to, dir.path().join("c.sqlite3.damaged"));
    assert!(!path.exists(), "nothing is left at the old name");
    assert_eq!(std::fs::read(&moved_to).unwrap(), bytes, "byte for byte");
    assert_eq!(
        std::fs::read(dir.path().join("c.sqlite3.damaged-wal")).unwrap(),
        b"wal bytes",
        "its WAL moved along"
    );
    let r = recovery(&at, &moved_to, &message, None);
    let offered = r.backup.expect("a good backup is offered");
    assert_eq!(
        offered.made_at, "2026-11-28 12:00:00",
        "the newest GOOD one"
    );
    assert_eq!(offered.items, Some(0));
}

#[test]
fn a_newer_or_foreign_database_is_left_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("newer.sqlite3");
    drop(Db::open(&newer, now()).unwrap());
    let mut bytes = std::fs::read(&newer).unwrap();
    bytes[60..64].copy_from_slice(&999u32.to_be_bytes());
    std::fs::write(&newer, &bytes).unwrap();
    let notes = dir.path().join("notes.sqlite3");
    std::fs::write(&notes, "my notes").unwrap();

    for (path, said) in [
        (&newer, "newer version of Counterpart"),
        (&notes, "not a Counterpart database"),
    ] {
        let before = std::fs::read(path).unwrap();
        match Database::open(path, now()) {
            Database::Failed { message, .. } => assert!(message.contains(said), "{message}"),
            _ => panic!("{} is reported, not opened or moved", path.display()),
        }
        assert_eq!(std::fs::read(path).unwrap(), before);
        let mut aside = path.as_os_str().to_owned();
        aside.push(".damaged");
        assert!(!std::path::Path::new(&aside).exists());
    }
}
