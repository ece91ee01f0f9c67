//! Encryption at rest (issue 11): a database created with a passphrase is an SQLCipher
//! file; it opens with the passphrase only (a wrong or missing one is told plainly and the
//! file is untouched); full-text search works in it; `encrypt_file`, `rekey_file` and
//! `decrypt_file` convert an existing file atomically and checked, keep the old one aside,
//! and refuse while another connection has it open; damaged-file detection works on
//! encrypted files.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use counterpart_core::db::list::{list, ListQuery};
use counterpart_core::db::{
    check, decrypt_file, encrypt_file, encryption_of, rekey_file, Db, Encryption, Passphrase,
};
use counterpart_core::Error;
use std::path::{Path, PathBuf};

mod support;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).unwrap()
}

fn today() -> NaiveDate {
    "2026-11-29".parse().unwrap()
}

fn pass(s: &str) -> Passphrase {
    Passphrase::new(s.into()).unwrap()
}

/// Adds the item `reference` titled "Request about <word>".
fn add(db: &mut Db, reference: &str, word: &str) {
    support::add_titled(db, reference, &format!("Request about {word}"), now());
}

/// The references a full-text search finds.
fn search(db: &Db, text: &str) -> Vec<String> {
    let q = ListQuery {
        search: Some(text.into()),
        ..ListQuery::default()
    };
    list(db.conn(), &q, today())
        .unwrap()
        .into_iter()
        .map(|r| r.reference)
        .collect()
}

/// An encrypted database at `dir/c.sqlite3` holding two items.
fn encrypted(dir: &Path, key: &Passphrase) -> PathBuf {
    let path = dir.join("c.sqlite3");
    let mut db = Db::open_keyed(&path, Some(key), now()).unwrap();
    add(&mut db, "EXT-1", "fentanyl precursors");
    add(&mut db, "EXT-2", "pill presses");
    drop(db);
    path
}

/// The file and its side files' bytes, to show that nothing was touched.
fn bytes(path: &Path) -> Vec<Option<Vec<u8>>> {
    ["", "-wal", "-shm"]
        .iter()
        .map(|s| {
            let mut p = path.as_os_str().to_owned();
            p.push(s);
            std::fs::read(PathBuf::from(p)).ok()
        })
        .collect()
}

/// The names of the files in `dir` that `keep` keeps.
fn names(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| keep(n))
        .collect()
}

/// Files beside the database `path` other than itself, its side files and its backups
/// folder: copies a conversion would have left.
fn leftovers(path: &Path) -> Vec<String> {
    let own = path.file_name().unwrap().to_string_lossy().into_owned();
    names(path.parent().unwrap(), |n| {
        // `-checked`: the record of the last clean close (the file's size and times, no
        // content: db::verified).
        n != own
            && n != format!("{own}-wal")
            && n != format!("{own}-shm")
            && n != format!("{own}-checked")
            && n != "backups"
    })
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_database_created_with_a_passphrase_is_encrypted_and_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let key = pass("correct horse battery staple");
    let path = encrypted(dir.path(), &key);
    assert_eq!(encryption_of(&path).unwrap(), Encryption::Encrypted);
    let file = std::fs::read(&path).unwrap();
    assert!(!file.starts_with(b"SQLite format 3"));
    assert!(!contains(&file, b"fentanyl"), "the text is not in the file");

    let db = Db::open_keyed(&path, Some(&key), now()).unwrap();
    assert!(db.is_encrypted());
    assert_eq!(search(&db, "fentanyl"), ["EXT-1"]);
    assert_eq!(search(&db, "press"), ["EXT-2"], "trigram search");
    let reader = db.reader().unwrap();
    let n: i64 = reader
        .conn()
        .query_row("SELECT count(*) FROM item", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2, "a reader opened later is keyed too");
    assert!(check::check(db.conn()).unwrap().ok());
}

#[test]
fn an_encrypted_database_opens_in_sqlcipher_with_the_passphrase_alone() {
    // As the `sqlcipher` shell opens it: SQLCipher 4's defaults but the page size, the
    // passphrase derived by SQLCipher itself with the file's salt.
    let dir = tempfile::tempdir().unwrap();
    let path = encrypted(dir.path(), &pass("correct horse"));
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA key = 'correct horse'; PRAGMA cipher_page_size = 16384;")
        .unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM item", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
}

#[test]
fn a_missing_or_wrong_passphrase_is_told_plainly_and_nothing_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let path = encrypted(dir.path(), &pass("right"));
    let before = bytes(&path);

    let err = Db::open(&path, now()).err().expect("refused");
    assert!(matches!(err, Error::PassphraseNeeded { .. }), "{err}");
    assert!(err.to_string().contains("passphrase is needed"), "{err}");
    assert_eq!(bytes(&path), before);

    let err = Db::open_keyed(&path, Some(&pass("wrong")), now())
        .err()
        .expect("refused");
    assert!(matches!(err, Error::WrongPassphrase { .. }), "{err}");
    assert!(err.to_string().contains("passphrase is wrong"), "{err}");
    assert_eq!(bytes(&path), before, "the file is untouched");
    assert!(!dir.path().join("backups").exists(), "no backup was made");
}

#[test]
fn a_plain_database_opens_plain_with_or_without_a_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let mut db = Db::open(&path, now()).unwrap();
    add(&mut db, "EXT-1", "plain");
    drop(db);
    assert_eq!(encryption_of(&path).unwrap(), Encryption::Plain);
    let db = Db::open_keyed(&path, Some(&pass("unused")), now()).unwrap();
    assert!(!db.is_encrypted());
    assert_eq!(search(&db, "plain"), ["EXT-1"]);
}

#[test]
fn encrypt_rekey_and_decrypt_keep_everything_and_no_old_copy() {
    use counterpart_core::backup::Reason;
    use counterpart_core::db::backup;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let mut db = Db::open(&path, now()).unwrap();
    add(&mut db, "EXT-1", "fentanyl");
    let made = db.backup_now(Reason::Manual, now()).unwrap().path;
    drop(db);
    let damaged = backup::folder(&path).join("c-2026-11-28-120000-manual.sqlite3");
    std::fs::write(&damaged, [0u8; 4096]).unwrap();
    let plain = std::fs::read(&path).unwrap();

    let first = pass("first");
    let done = encrypt_file(&path, &first).unwrap();
    assert_eq!(done.items, 1);
    assert_eq!(
        (done.backups, done.backups_left.clone()),
        (1, vec![damaged.clone()]),
        "the backup is encrypted too; the damaged one is left as it was"
    );
    assert_eq!(encryption_of(&made).unwrap(), Encryption::Encrypted);
    assert!(!contains(&std::fs::read(&made).unwrap(), b"fentanyl"));
    assert_eq!(backup::verify_keyed(&made, Some(&first)).unwrap().items, 1);
    assert_eq!(std::fs::read(&damaged).unwrap(), [0u8; 4096]);
    std::fs::remove_file(&damaged).unwrap();
    assert_eq!(encryption_of(&path).unwrap(), Encryption::Encrypted);
    let _ = plain;
    assert_eq!(
        leftovers(&path),
        Vec::<String>::new(),
        "no plain copy is kept beside the database"
    );
    assert!(!contains(&std::fs::read(&path).unwrap(), b"fentanyl"));
    let db = Db::open_keyed(&path, Some(&first), now()).unwrap();
    assert_eq!(search(&db, "fentanyl"), ["EXT-1"]);
    assert!(check::check(db.conn()).unwrap().ok());
    drop(db);

    let second = pass("second");
    let encrypted = std::fs::read(&path).unwrap();
    let done = rekey_file(&path, &first, &second).unwrap();
    assert_ne!(
        std::fs::read(&path).unwrap(),
        encrypted,
        "a fresh salt and key"
    );
    assert_eq!(
        leftovers(&path),
        Vec::<String>::new(),
        "no copy under the old passphrase is kept"
    );
    assert_eq!(done.backups, 1);
    assert_eq!(backup::verify_keyed(&made, Some(&second)).unwrap().items, 1);
    assert!(matches!(
        backup::verify_keyed(&made, Some(&first)),
        Err(Error::WrongPassphrase { .. })
    ));
    assert!(matches!(
        Db::open_keyed(&path, Some(&first), now()),
        Err(Error::WrongPassphrase { .. })
    ));
    let mut db = Db::open_keyed(&path, Some(&second), now()).unwrap();
    add(&mut db, "EXT-2", "pill presses");
    drop(db);

    let done = decrypt_file(&path, &second).unwrap();
    assert_eq!(done.items, 2);
    assert_eq!(encryption_of(&path).unwrap(), Encryption::Plain);
    assert_eq!(done.backups, 1);
    assert_eq!(backup::verify(&made).unwrap().items, 1);
    let db = Db::open(&path, now()).unwrap();
    assert_eq!(search(&db, "press"), ["EXT-2"]);
    assert!(check::check(db.conn()).unwrap().ok());
    let leftovers = names(dir.path(), |n| n.ends_with(".tmp"));
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn conversions_refuse_a_wrong_passphrase_the_wrong_kind_and_an_open_database() {
    let dir = tempfile::tempdir().unwrap();
    let key = pass("right");
    let path = encrypted(dir.path(), &key);
    let before = bytes(&path);

    let err = rekey_file(&path, &pass("wrong"), &pass("new")).unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase { .. }), "{err}");
    let err = decrypt_file(&path, &pass("wrong")).unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase { .. }), "{err}");
    let err = encrypt_file(&path, &pass("new")).unwrap_err();
    assert!(matches!(err, Error::AlreadyEncrypted { .. }), "{err}");
    assert_eq!(bytes(&path), before, "the file is untouched");

    let db = Db::open_keyed(&path, Some(&key), now()).unwrap();
    let before = bytes(&path);
    let err = rekey_file(&path, &key, &pass("new")).unwrap_err();
    assert!(matches!(err, Error::InUse { .. }), "{err}");
    assert!(err.to_string().contains("open in another program"), "{err}");
    assert_eq!(bytes(&path), before, "the file is untouched");
    drop(db);

    let plain = dir.path().join("plain.sqlite3");
    drop(Db::open(&plain, now()).unwrap());
    let err = decrypt_file(&plain, &key).unwrap_err();
    assert!(matches!(err, Error::NotEncrypted { .. }), "{err}");
    let only = names(dir.path(), |n| {
        n.contains(".before-") || n.ends_with(".tmp")
    });
    assert!(only.is_empty(), "nothing was kept aside or left: {only:?}");
}

#[test]
fn a_damaged_encrypted_file_is_told_damaged_or_wrong_key_and_never_changed() {
    let dir = tempfile::tempdir().unwrap();
    let key = pass("right");
    let path = encrypted(dir.path(), &key);
    let db = Db::open_keyed(&path, Some(&key), now()).unwrap();
    let pages = db.page_count().unwrap() as usize;
    drop(db);
    let good = std::fs::read(&path).unwrap();
    assert!(pages > 2);
    let size = good.len() / pages;
    assert_eq!(size, 16384, "pages of 16 KB");
    // Flip bytes in the middle of each page in turn: the first page (its salt or its
    // contents) reads as a wrong key, any other as damage; never a panic, nothing written.
    for page in 0..pages {
        let mut bad = good.clone();
        for b in &mut bad[page * size + 1000..page * size + 1010] {
            *b ^= 0x5a;
        }
        std::fs::write(&path, &bad).unwrap();
        match Db::open_keyed(&path, Some(&key), now()) {
            Err(Error::WrongPassphrase { .. }) if page == 0 => {}
            Err(Error::Damaged { .. }) => {}
            Err(e) => panic!("page {page}: {e}"),
            Ok(_) => panic!("page {page}: a damaged file opened"),
        }
        assert_eq!(std::fs::read(&path).unwrap(), bad, "page {page}: untouched");
    }
}

#[test]
fn backups_of_an_encrypted_database_are_encrypted_with_the_same_key() {
    use counterpart_core::backup::Reason;
    use counterpart_core::db::backup;
    let dir = tempfile::tempdir().unwrap();
    let key = pass("right");
    let path = encrypted(dir.path(), &key);
    let db = Db::open_keyed(&path, Some(&key), now()).unwrap();
    let made = db.backup_now(Reason::Manual, now()).unwrap();
    let copy = dir.path().join("copy.sqlite3");
    db.backup_to(&copy, false).unwrap();
    drop(db);
    for file in [&made.path, &copy] {
        assert_eq!(
            encryption_of(file).unwrap(),
            Encryption::Encrypted,
            "{file:?}"
        );
        assert!(!contains(&std::fs::read(file).unwrap(), b"fentanyl"));
        assert_eq!(backup::verify_keyed(file, Some(&key)).unwrap().items, 2);
        assert!(matches!(
            backup::verify(file),
            Err(Error::PassphraseNeeded { .. })
        ));
        assert!(matches!(
            backup::verify_keyed(file, Some(&pass("wrong"))),
            Err(Error::WrongPassphrase { .. })
        ));
        assert!(matches!(
            Db::open(file, now()),
            Err(Error::PassphraseNeeded { .. })
        ));
        let opened = Db::open_keyed(file, Some(&key), now()).unwrap();
        assert_eq!(search(&opened, "fentanyl"), ["EXT-1"], "{file:?}");
    }
    let (newest, v) = backup::newest_good_keyed(&path, Some(&key))
        .unwrap()
        .unwrap();
    assert_eq!((newest.path, v.items), (made.path, 2));
    assert!(
        backup::newest_good(&path).unwrap().is_none(),
        "without the passphrase no encrypted backup is good"
    );
}

#[test]
fn an_older_encrypted_schema_is_backed_up_encrypted_before_its_upgrade() {
    use counterpart_core::db::backup;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-4.sqlite3");
    std::fs::copy(fixture, &path).unwrap();
    let key = pass("right");
    encrypt_file(&path, &key).unwrap();
    let db = Db::open_keyed(&path, Some(&key), now()).unwrap();
    assert!(db.is_encrypted());
    drop(db);
    let made = backup::list(&path).unwrap();
    assert_eq!(made.len(), 1, "{made:?}");
    assert_eq!(encryption_of(&made[0].path).unwrap(), Encryption::Encrypted);
    assert_eq!(
        backup::verify_keyed(&made[0].path, Some(&key))
            .unwrap()
            .schema_version,
        4
    );
}

#[test]
fn a_newer_encrypted_schema_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = encrypted(dir.path(), &pass("right"));
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "PRAGMA key = 'right'; PRAGMA cipher_page_size = 16384; PRAGMA user_version = 999;",
        )
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Db::open_keyed(&path, Some(&pass("right")), now())
        .err()
        .expect("refused");
    assert!(
        matches!(err, Error::NewerSchema { found: 999, .. }),
        "{err}"
    );
    assert!(
        std::fs::read(&path).unwrap() == before,
        "the file is untouched"
    );
}

#[test]
fn restore_works_on_encrypted_files_and_keeps_the_database_encrypted() {
    use counterpart_core::db::backup;
    let dir = tempfile::tempdir().unwrap();
    let key = pass("right");

    // A plain database, backed up, then encrypted: its old backup is plain.
    let path = dir.path().join("c.sqlite3");
    let mut db = Db::open(&path, now()).unwrap();
    add(&mut db, "EXT-1", "fentanyl");
    // (Kept out of the backups folder, whose backups `encrypt` encrypts too.)
    let plain_backup = dir.path().join("plain-backup.sqlite3");
    db.backup_to(&plain_backup, false).unwrap();
    drop(db);
    encrypt_file(&path, &key).unwrap();
    let mut db = Db::open_keyed(&path, Some(&key), now()).unwrap();
    add(&mut db, "EXT-2", "pill presses");
    let copy = dir.path().join("two.sqlite3");
    db.backup_to(&copy, false).unwrap();
    add(&mut db, "EXT-3", "after the backup");

    // Without the passphrase, or with a wrong one: refused, nothing changed.
    let before = std::fs::read(&path).unwrap();
    assert!(matches!(
        backup::restore(&path, &copy, now()),
        Err(Error::PassphraseNeeded { .. })
    ));
    assert!(matches!(
        backup::restore_keyed(&path, &copy, Some(&pass("wrong")), now()),
        Err(Error::WrongPassphrase { .. })
    ));
    assert!(std::fs::read(&path).unwrap() == before);

    // The encrypted backup, into the live database: the open connection sees it.
    let done = backup::restore_keyed(&path, &copy, Some(&key), now()).unwrap();
    assert_eq!(done.verified.items, 2);
    assert_eq!(
        search(&db, "request"),
        ["EXT-1", "EXT-2"],
        "seen by the open Db"
    );
    let aside = done.kept_aside.unwrap();
    assert_eq!(encryption_of(&aside).unwrap(), Encryption::Encrypted);
    assert_eq!(backup::verify_keyed(&aside, Some(&key)).unwrap().items, 3);
    add(&mut db, "EXT-4", "written after the restore");
    drop(db);
    assert_eq!(encryption_of(&path).unwrap(), Encryption::Encrypted);

    // A plain backup made before `encrypt`: put back encrypted.
    let done = backup::restore_keyed(&path, &plain_backup, Some(&key), now()).unwrap();
    assert_eq!(done.verified.items, 1);
    assert_eq!(encryption_of(&path).unwrap(), Encryption::Encrypted);
    assert!(!contains(&std::fs::read(&path).unwrap(), b"fentanyl"));
    let db = Db::open_keyed(&path, Some(&key), now()).unwrap();
    assert_eq!(search(&db, "fentanyl"), ["EXT-1"]);
    assert!(check::check(db.conn()).unwrap().ok());
    drop(db);

    // An encrypted backup where there is no database: it is created encrypted.
    let fresh = dir.path().join("fresh.sqlite3");
    backup::restore_keyed(&fresh, &copy, Some(&key), now()).unwrap();
    assert_eq!(encryption_of(&fresh).unwrap(), Encryption::Encrypted);
    let db = Db::open_keyed(&fresh, Some(&key), now()).unwrap();
    assert_eq!(search(&db, "request"), ["EXT-1", "EXT-2"]);
    let leftovers = names(dir.path(), |n| n.ends_with(".tmp"));
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

const CHILD_DB: &str = "COUNTERPART_TEST_CONVERT_DB";

/// The child of the crash test: encrypts the database it is given, then re-keys it, then
/// decrypts it, over and over until it is killed. Does nothing as an ordinary test.
#[test]
#[ignore = "run by the crash test as a child process"]
fn child_converter() {
    let Ok(path) = std::env::var(CHILD_DB) else {
        return;
    };
    let path = PathBuf::from(path);
    let (first, second) = (pass("first"), pass("second"));
    println!("started");
    loop {
        encrypt_file(&path, &first).expect("encrypt");
        rekey_file(&path, &first, &second).expect("rekey");
        decrypt_file(&path, &second).expect("decrypt");
    }
}

/// A conversion killed (SIGKILL) at any moment leaves a database that opens — plain, or
/// under one of the two passphrases — with every item, and never loses the file.
#[test]
fn a_conversion_killed_midway_leaves_the_database_whole() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let mut db = Db::open(&path, now()).unwrap();
    for n in 0..300 {
        add(&mut db, &format!("EXT-{n}"), "fentanyl precursors");
    }
    drop(db);
    for round in 0..12u64 {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "child_converter",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_DB, &path)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.contains("started") {
            line.clear();
            assert!(out.read_line(&mut line).unwrap() > 0, "the child started");
        }
        // Killed at a different point of the cycle each round.
        std::thread::sleep(std::time::Duration::from_millis(40 + 97 * round));
        child.kill().unwrap();
        child.wait().unwrap();
        let opened = match encryption_of(&path).unwrap() {
            Encryption::Plain => Db::open(&path, now()),
            Encryption::Encrypted => Db::open_keyed(&path, Some(&pass("first")), now())
                .or_else(|_| Db::open_keyed(&path, Some(&pass("second")), now())),
            Encryption::Missing => panic!("round {round}: the database is gone"),
        };
        let db = opened.unwrap_or_else(|e| panic!("round {round}: {e}"));
        let n: i64 = db
            .conn()
            .query_row("SELECT count(*) FROM item", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 300, "round {round}: every item");
        assert!(check::check(db.conn()).unwrap().ok(), "round {round}");
    }
}

/// A program that opened the database just before a conversion (its file handle on the old
/// file) and only then reads or writes must not write into a file that is no longer the
/// database: it is told the file is not a database, and opens it again.
#[test]
fn a_connection_opened_before_a_conversion_cannot_write_into_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let mut db = Db::open(&path, now()).unwrap();
    add(&mut db, "EXT-1", "fentanyl");
    drop(db);
    // Opened, not yet used: it holds the old file open but no lock.
    let early = rusqlite::Connection::open(&path).unwrap();
    let key = pass("first");
    encrypt_file(&path, &key).unwrap();
    let wrote = early.execute(
        "UPDATE item SET title = 'lost' WHERE reference = 'EXT-1'",
        [],
    );
    assert!(
        wrote.is_err(),
        "the early connection's write failed: {wrote:?}"
    );
    let err = wrote.unwrap_err().to_string();
    assert!(err.contains("not a database"), "{err}");
    drop(early);
    let db = Db::open_keyed(&path, Some(&key), now()).unwrap();
    assert_eq!(search(&db, "fentanyl"), ["EXT-1"]);
    assert!(check::check(db.conn()).unwrap().ok());
}

/// A converted copy that a killed conversion left beside the database is removed by the
/// next conversion (which holds the lock: no other one can be under way).
#[test]
fn a_killed_conversions_copy_is_removed_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let mut db = Db::open(&path, now()).unwrap();
    add(&mut db, "EXT-1", "fentanyl");
    drop(db);
    let stale = dir.path().join(".c.sqlite3.encrypt-999999.tmp");
    std::fs::write(&stale, b"half a copy").unwrap();
    let journal = dir.path().join(".c.sqlite3.encrypt-999999.tmp-journal");
    std::fs::write(&journal, b"").unwrap();
    let unrelated = dir.path().join(".c.sqlite3.encrypt-notes.tmp");
    std::fs::write(&unrelated, b"not ours").unwrap();
    encrypt_file(&path, &pass("first")).unwrap();
    assert!(
        !stale.exists() && !journal.exists(),
        "the killed copy is gone"
    );
    assert!(
        unrelated.exists(),
        "a file not named as a copy is left alone"
    );
}
