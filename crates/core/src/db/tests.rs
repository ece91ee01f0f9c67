//! Opening the store: migrations, pragmas, refusals.

use super::*;
use chrono::TimeZone;

/// The instant the tests open at (names a before-migration backup).
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).unwrap()
}

#[test]
fn stored_dates_parse_like_chrono() {
    for s in ["2024-02-29", "1970-01-01", "9999-12-31", "2024-12-10"] {
        assert_eq!(stored_date(s), s.parse().ok(), "{s}");
    }
    for bad in [
        "2023-02-29",
        "2024-13-01",
        "2024-1-01",
        "20241201",
        "2024-12-1x",
        "",
    ] {
        assert_eq!(stored_date(bad), None, "{bad}");
    }
}

#[test]
fn migrations_are_valid() {
    migrations()
        .validate()
        .expect("every migration applies cleanly");
    assert!(schema_version() >= 1);
}

#[test]
fn the_ten_agencies_are_seeded() {
    let db = Db::open_in_memory().unwrap();
    let codes: Vec<String> = db
        .conn()
        .prepare("SELECT code FROM agency ORDER BY code")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        codes,
        ["CAC", "GACC", "MFA", "MOFCOM", "MOJ", "MPS", "NMPA", "NNCC", "PBOC", "SPP"]
    );
}

#[test]
fn pragmas_are_set_on_open() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        Db::open(&dir.path().join("sub/c.sqlite3"), now()).is_err(),
        "no folder is made"
    );
    let db = Db::open(&dir.path().join("c.sqlite3"), now()).unwrap();
    let get = |p: &str| -> String {
        db.conn()
            .query_row(&format!("PRAGMA {p}"), [], |r| {
                r.get::<_, rusqlite::types::Value>(0)
            })
            .map(|v| format!("{v:?}"))
            .unwrap()
    };
    assert_eq!(get("journal_mode"), "Text(\"wal\")");
    assert_eq!(get("synchronous"), "Integer(2)", "synchronous=FULL");
    assert_eq!(get("foreign_keys"), "Integer(1)");
    assert_eq!(
        get("user_version"),
        format!("Integer({})", schema_version())
    );
}

/// The writer's page cache: 8 MB, 64 MB for the length of a bulk write (an import, a
/// migration), and 8 MB again after it, whether it was written, rehearsed or refused.
#[test]
fn the_writer_has_a_large_page_cache_only_during_a_bulk_write() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("c.sqlite3"), now()).unwrap();
    let cache = |db: &Db| -> i64 {
        db.writer()
            .unwrap()
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(cache(&db), -8192, "after the open's migrations");
    let author = crate::op::Author::new(now(), now().date_naive(), None);
    let header = "kind,reference,title,counterpart,transmitted_on\n";
    let good = format!("{header}scheduling,SCH-1,Schedule xylazine,NNCC,2024-03-01\n");
    let bad = format!("{header}scheduling,SCH-2,Schedule nitazenes,NNCC,2024-13-01\n");
    let mut seen = Vec::new();
    for (csv, dry_run) in [(&good, true), (&bad, false), (&good, false)] {
        let r = db.apply_streamed(dry_run, false, |s| {
            seen.push(
                s.conn()
                    .query_row("PRAGMA cache_size", [], |r| r.get::<_, i64>(0))
                    .unwrap(),
            );
            Ok(())
        });
        assert!(r.is_ok());
        let imported = crate::import::import_csv(&mut db, csv.as_bytes(), &author, dry_run);
        assert_eq!(imported.is_ok(), csv == &good, "{csv}");
        assert_eq!(cache(&db), -8192, "after {csv:?} (dry run: {dry_run})");
    }
    assert_eq!(seen, [-65536; 3], "during each bulk write");
    let items: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM item", [], |r| r.get(0))
        .unwrap();
    assert_eq!(items, 1, "the good file, once");
}

#[test]
fn refuses_what_is_not_a_counterpart_database() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.sqlite3");
    std::fs::write(&text, "these are my notes, not a database\n".repeat(100)).unwrap();
    let before = std::fs::read(&text).unwrap();
    assert!(matches!(
        Db::open(&text, now()),
        Err(Error::NotADatabase { .. })
    ));
    assert_eq!(
        std::fs::read(&text).unwrap(),
        before,
        "the file is untouched"
    );

    let other = dir.path().join("other.sqlite3");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t(x)")
        .unwrap();
    assert!(matches!(
        Db::open(&other, now()),
        Err(Error::NotADatabase { .. })
    ));
}

#[test]
fn refuses_a_newer_schema_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite3");
    drop(Db::open(&path, now()).unwrap());
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Db::open(&path, now()).err().expect("refused");
    assert!(
        matches!(err, Error::NewerSchema { found: 999, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("newer version"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn opening_twice_is_safe() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    drop(Db::open(&path, now()).unwrap());
    drop(Db::open(&path, now()).unwrap());
}

#[test]
fn an_untouched_file_opens_with_a_reader_alone_and_its_writer_at_the_first_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    drop(Db::open(&path, now()).unwrap());
    let mut db = Db::open(&path, now()).unwrap();
    assert!(!db.writer_is_open(), "nothing to do at the open");
    db.write(|tx| settings::set_raw(tx, "test", "1")).unwrap();
    assert!(db.writer_is_open());
    let get = |p: &str| -> i64 {
        db.writer()
            .unwrap()
            .query_row(&format!("PRAGMA {p}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(get("synchronous"), 2, "synchronous=FULL");
    assert_eq!(get("secure_delete"), 1);
    assert_eq!(get("foreign_keys"), 1);
    drop(db);

    // The write closed cleanly: the next open has nothing to do either.
    let db = Db::open(&path, now()).unwrap();
    assert!(!db.writer_is_open());
    assert_eq!(
        settings::get(db.conn(), "test").unwrap().as_deref(),
        Some("1")
    );
    drop(db);
    // A week later the pages are all read again, by the full open.
    let db = Db::open(&path, now() + verified::FULL_CHECK_EVERY).unwrap();
    assert!(db.writer_is_open(), "opened in full");
    drop(db);

    // A newer program upgraded the file after this one opened it: no write.
    let mut db = Db::open(&path, now() + verified::FULL_CHECK_EVERY).unwrap();
    assert!(!db.writer_is_open());
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let err = db
        .write(|tx| settings::set_raw(tx, "test", "2"))
        .unwrap_err();
    assert!(
        matches!(err, Error::NewerSchema { found: 999, .. }),
        "{err}"
    );
}
