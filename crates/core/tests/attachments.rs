//! Attachments (issue 14): files kept with an item, in the database, content-addressed;
//! audited with their hash; checked by `check`; carried by backups, restore and the JSON
//! export; a 50 MB file streamed in and out.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use counterpart_core::attachment::{self, NewAttachment};
use counterpart_core::audit::Action;
use counterpart_core::db::{attachments, audit, backup, check, items, Db};
use counterpart_core::model::{ItemId, Kind};
use counterpart_core::op::{Author, Change};
use counterpart_core::{export, import, Error};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::Path;

mod support;
use support::fields;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 30, 9, 0, 0).unwrap()
}

fn author() -> Author {
    Author::new(now(), today(), Some("analyst".into()))
}

/// A database with two items, EXT-1 and IND-1.
fn setup(dir: &Path) -> (Db, ItemId, ItemId) {
    let mut db = Db::open(&dir.join("a.sqlite3"), now()).unwrap();
    let a = author();
    let ext = db
        .apply(&a.create_item(fields(Kind::Extradition, "EXT-1"), Some(today())))
        .unwrap()
        .into_item()
        .unwrap()
        .id;
    let ind = db
        .apply(&a.create_item(fields(Kind::Indictment, "IND-1"), Some(today())))
        .unwrap()
        .into_item()
        .unwrap()
        .id;
    (db, ext, ind)
}

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn read_back(db: &Db, item: ItemId, sha: &str) -> Vec<u8> {
    let mut out = Vec::new();
    db.write_attachment(item, sha, &mut out).unwrap();
    out
}

fn sha_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn fields_of(e: &Error) -> Vec<String> {
    match e {
        Error::Invalid(f) => f.iter().map(|f| f.field.clone()).collect(),
        other => vec![format!("not a field error: {other}")],
    }
}

#[test]
fn a_file_attached_is_listed_audited_and_read_back_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, ext, _) = setup(dir.path());
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let file = write_file(dir.path(), "Note verbale 2025-14.pdf", &bytes);
    let a = db
        .attach_file(
            &author(),
            ext,
            &file,
            Some(today() - Duration::days(3)),
            "  delivered by hand  ",
        )
        .unwrap();
    assert_eq!(a.sha256, sha_hex(&bytes), "the hash is the file's SHA-256");
    assert_eq!(a.name, "Note verbale 2025-14.pdf");
    assert_eq!(a.size, 200_000);
    assert_eq!(a.size_text, "200.0 kB");
    assert_eq!(a.media_type, "application/pdf");
    assert_eq!(a.received_on, today() - Duration::days(3));
    assert_eq!(a.note, "delivered by hand", "the note is kept trimmed");
    assert_eq!(a.attached_by.as_deref(), Some("analyst"));
    assert_eq!(attachments::list(db.conn(), ext).unwrap(), vec![a.clone()]);
    assert_eq!(read_back(&db, ext, &a.sha256), bytes, "byte for byte");

    let history = audit::history(db.conn(), ext).unwrap();
    let row = history.last().unwrap();
    assert_eq!(row.action, Action::Attached);
    assert_eq!(
        row.field.as_deref(),
        Some(a.sha256.as_str()),
        "the hash is in the trail"
    );
    assert!(
        row.words
            .as_deref()
            .unwrap()
            .contains("Note verbale 2025-14.pdf (200.0 kB"),
        "{:?}",
        row.words
    );
    let report = check::check(db.conn()).unwrap();
    assert!(report.ok(), "{report:?}");
    assert_eq!(report.attachments_checked, 1);
}

#[test]
fn bad_attachments_are_refused_naming_the_field_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, ext, _) = setup(dir.path());
    let a = author();
    let file = write_file(dir.path(), "letter.txt", b"a letter");
    let missing = dir.path().join("no such file.pdf");
    let head = |db: &Db| audit::head(db.conn()).unwrap().unwrap().seq;
    let before = head(&db);

    let e = db.attach_file(&a, ext, &missing, None, "").unwrap_err();
    assert_eq!(fields_of(&e), ["file"], "a missing file: {e}");
    assert!(e.to_string().contains("no such file.pdf"), "{e}");

    let e = db
        .attach_file(&a, ItemId(uuid::Uuid::now_v7()), &file, None, "")
        .unwrap_err();
    assert!(matches!(e, Error::NotFound(_)), "an unknown item: {e}");

    let e = db
        .attach_file(&a, ext, &file, Some(today() + Duration::days(1)), "")
        .unwrap_err();
    assert_eq!(fields_of(&e), ["received_on"], "received after today: {e}");

    let e = db
        .attach_file(&a, ext, &file, None, &"n".repeat(attachment::MAX_NOTE + 1))
        .unwrap_err();
    assert_eq!(fields_of(&e), ["note"], "{e}");

    // (A file system keeps names of at most 255 bytes: a longer one comes in an operation.)
    let long = a.op(Change::Attach(NewAttachment {
        item: ext,
        sha256: sha_hex(b"x"),
        name: format!("{}.txt", "x".repeat(attachment::MAX_NAME - 3)),
        size: 1,
        media_type: "text/plain".into(),
        received_on: today(),
        note: String::new(),
    }));
    let e = db.apply_with_content(&long, &mut &b"x"[..]).unwrap_err();
    assert_eq!(fields_of(&e), ["name"], "a name over the limit: {e}");

    let empty = write_file(dir.path(), "empty.pdf", b"");
    let e = db.attach_file(&a, ext, &empty, None, "").unwrap_err();
    assert_eq!(fields_of(&e), ["file"], "an empty file: {e}");

    assert_eq!(head(&db), before, "no audit row for a refused attachment");
    assert!(attachments::list(db.conn(), ext).unwrap().is_empty());

    db.attach_file(&a, ext, &file, None, "").unwrap();
    let e = db.attach_file(&a, ext, &file, None, "").unwrap_err();
    assert_eq!(fields_of(&e), ["file"], "the same file twice: {e}");
    assert!(e.to_string().contains("already attached to EXT-1"), "{e}");

    // An operation whose bytes are neither given nor kept here.
    let op = a.op(Change::Attach(NewAttachment {
        item: ext,
        sha256: sha_hex(b"never given"),
        name: "x.pdf".into(),
        size: 11,
        media_type: "application/pdf".into(),
        received_on: today(),
        note: String::new(),
    }));
    let e = db.apply(&op).unwrap_err();
    assert_eq!(fields_of(&e), ["file"], "no bytes: {e}");
    // Bytes that are not the operation's file.
    let e = db
        .apply_with_content(&op, &mut &b"other bytes"[..])
        .unwrap_err();
    assert_eq!(fields_of(&e), ["file"], "bytes of another hash: {e}");
    let e = db
        .apply_with_content(&op, &mut &b"never given, and longer"[..])
        .unwrap_err();
    assert_eq!(fields_of(&e), ["file"], "bytes of another size: {e}");
    assert_eq!(attachments::list(db.conn(), ext).unwrap().len(), 1);
    assert!(check::check(db.conn()).unwrap().ok());
}

#[test]
fn one_file_on_two_items_is_kept_once_and_goes_with_its_last_attachment() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, ext, ind) = setup(dir.path());
    let a = author();
    let file = write_file(dir.path(), "indictment.pdf", b"%PDF-1.7 the indictment");
    let sha = db.attach_file(&a, ext, &file, None, "").unwrap().sha256;
    // The second item's attachment needs no bytes: they are kept here already.
    let op = a.op(Change::Attach(NewAttachment {
        item: ind,
        sha256: sha.clone(),
        name: "indictment.pdf".into(),
        size: 23,
        media_type: "application/pdf".into(),
        received_on: today(),
        note: "the same file".into(),
    }));
    db.apply(&op).unwrap();
    let blobs = |db: &Db| -> i64 {
        db.conn()
            .query_row("SELECT count(*) FROM attachment_blob", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(blobs(&db), 1, "content-addressed: one copy of the bytes");

    db.apply(&a.op(Change::RemoveAttachment {
        item: ext,
        sha256: sha.clone(),
    }))
    .unwrap();
    assert_eq!(blobs(&db), 1, "IND-1 still keeps it");
    assert_eq!(read_back(&db, ind, &sha), b"%PDF-1.7 the indictment");
    let removed = audit::history(db.conn(), ext).unwrap();
    let row = removed.last().unwrap();
    assert_eq!(
        row.action,
        Action::AttachmentRemoved,
        "a removal is audited"
    );
    assert_eq!(row.field.as_deref(), Some(sha.as_str()));
    assert!(row.old_value.as_deref().unwrap().contains("indictment.pdf"));

    let e = db
        .apply(&a.op(Change::RemoveAttachment {
            item: ext,
            sha256: sha.clone(),
        }))
        .unwrap_err();
    assert_eq!(fields_of(&e), ["sha256"], "removing it twice: {e}");

    db.apply(&a.op(Change::Erase { item: ind })).unwrap();
    assert_eq!(blobs(&db), 0, "the erase took the last attachment's bytes");
    assert!(check::check(db.conn()).unwrap().ok());
}

/// Opens the database file beside the program, as someone tampering with it would.
fn tamper(path: &Path, sql: &str) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(sql).unwrap();
}

#[test]
fn check_names_an_attachment_whose_bytes_changed_or_vanished() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, ext, ind) = setup(dir.path());
    let a = author();
    let f1 = write_file(dir.path(), "nv.pdf", b"the note verbale as received");
    let f2 = write_file(dir.path(), "answer.pdf", b"the answer");
    let sha1 = db.attach_file(&a, ext, &f1, None, "").unwrap().sha256;
    db.attach_file(&a, ind, &f2, None, "").unwrap();
    assert!(check::check(db.conn()).unwrap().ok());
    let path = db.path().to_owned();
    drop(db);

    // One byte changed, the size the same.
    tamper(
        &path,
        &format!(
            "UPDATE attachment_blob SET content = CAST('the note verbale as receivee' AS BLOB)
              WHERE sha256 = '{sha1}'"
        ),
    );
    let db = Db::open(&path, now()).unwrap();
    let r = check::check(db.conn()).unwrap();
    assert!(!r.ok());
    assert_eq!(r.attachments.len(), 1, "{:?}", r.attachments);
    let bad = &r.attachments[0];
    assert_eq!(
        (bad.reference.as_str(), bad.name.as_str()),
        ("EXT-1", "nv.pdf")
    );
    assert!(bad.to_string().contains("SHA-256 is now"), "{bad}");
    assert!(
        r.record.is_empty(),
        "the rows agree with the trail: {:?}",
        r.record
    );
    drop(db);

    // An attachment row removed behind the program's back: the replay names it.
    tamper(&path, "DELETE FROM attachment WHERE name = 'answer.pdf'");
    let db = Db::open(&path, now()).unwrap();
    let r = check::check(db.conn()).unwrap();
    assert!(
        r.record
            .iter()
            .any(|m| m.reference == "IND-1" && m.field.starts_with("attachment ")),
        "{:?}",
        r.record
    );
}

#[test]
fn backups_restore_and_the_json_export_carry_attachments() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, ext, _) = setup(dir.path());
    let a = author();
    let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i % 253) as u8).collect();
    let file = write_file(dir.path(), "scan.tif", &bytes);
    let sha = db
        .attach_file(&a, ext, &file, None, "scan of the letter")
        .unwrap()
        .sha256;

    // Backup, then the attachment removed, then the backup restored: it is back.
    let copy = dir.path().join("copy.sqlite3");
    db.backup_to(&copy, false).unwrap();
    db.apply(&a.op(Change::RemoveAttachment {
        item: ext,
        sha256: sha.clone(),
    }))
    .unwrap();
    assert!(attachments::list(db.conn(), ext).unwrap().is_empty());
    let path = db.path().to_owned();
    drop(db);
    backup::restore(&path, &copy, now()).unwrap();
    let db = Db::open(&path, now()).unwrap();
    assert_eq!(read_back(&db, ext, &sha), bytes, "restored byte for byte");
    assert!(check::check(db.conn()).unwrap().ok());

    // The JSON export holds the bytes; importing it into a fresh database brings them back.
    let mut json = Vec::new();
    export::export_json(db.conn(), now(), &mut json).unwrap();
    let doc: export::ExportDoc = serde_json::from_slice(&json).unwrap();
    let x = &doc
        .items
        .iter()
        .find(|x| x.item.id == ext)
        .unwrap()
        .attachments[0];
    assert_eq!(
        (x.sha256.as_str(), x.name.as_str()),
        (sha.as_str(), "scan.tif")
    );
    assert_eq!(x.content().unwrap(), bytes);
    let mut fresh = Db::open(&dir.path().join("fresh.sqlite3"), now()).unwrap();
    import::import_json(&mut fresh, json.as_slice(), &a, false).unwrap();
    let back = attachments::list(fresh.conn(), ext).unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].note, "scan of the letter");
    assert_eq!(
        read_back(&fresh, ext, &sha),
        bytes,
        "imported byte for byte"
    );
    assert!(check::check(fresh.conn()).unwrap().ok());

    // An export whose bytes were changed is refused whole, naming the item.
    let text = String::from_utf8(json).unwrap();
    let b64 = &x.content_base64;
    let tampered = text.replace(b64.as_str(), &format!("AAAA{}", &b64[4..]));
    let mut other = Db::open(&dir.path().join("other.sqlite3"), now()).unwrap();
    let e = import::import_json(&mut other, tampered.as_bytes(), &a, false).unwrap_err();
    assert!(
        matches!(&e, Error::InvalidRows(rows) if rows[0].error.field == "file"),
        "{e}"
    );
    assert!(
        items::find(other.conn(), "EXT-1").is_err(),
        "nothing imported"
    );
}

/// Bytes made as they are read, never held: a stand-in for a 50 MB scan. Records the
/// largest read asked of it.
struct Generated {
    left: u64,
    state: u32,
    largest_read: usize,
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.largest_read = self.largest_read.max(buf.len());
        let n = (buf.len() as u64).min(self.left) as usize;
        for b in &mut buf[..n] {
            self.state = self
                .state
                .wrapping_mul(1_664_525)
                .wrapping_add(1_013_904_223);
            *b = (self.state >> 24) as u8;
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// A hashing sink: the file written back is hashed, never held.
struct Hashing(Sha256, u64);

impl Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        self.1 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_50_mb_file_is_streamed_in_and_out() {
    const SIZE: u64 = 50 * 1024 * 1024;
    let dir = tempfile::tempdir().unwrap();
    let (mut db, ext, _) = setup(dir.path());
    let gen = || Generated {
        left: SIZE,
        state: 14,
        largest_read: 0,
    };
    let hashed = attachment::hash(gen()).unwrap();
    assert_eq!(hashed.size, SIZE);
    let op = author().op(Change::Attach(NewAttachment {
        item: ext,
        sha256: hashed.sha256.clone(),
        name: "scan of the answer.pdf".into(),
        size: SIZE,
        media_type: "application/pdf".into(),
        received_on: today(),
        note: String::new(),
    }));
    let json = op.to_json();
    assert!(
        json.len() < 1_000,
        "the operation carries no bytes ({} chars)",
        json.len()
    );
    let mut source = gen();
    let started = std::time::Instant::now();
    db.apply_with_content(&op, &mut source).unwrap();
    let stored_in = started.elapsed();
    assert!(
        source.largest_read <= 1 << 20,
        "read in chunks of at most 1 MiB, not whole ({} bytes asked)",
        source.largest_read
    );
    let mut sink = Hashing(Sha256::new(), 0);
    db.write_attachment(ext, &hashed.sha256, &mut sink).unwrap();
    let back: String = sink
        .0
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        (back, sink.1),
        (hashed.sha256.clone(), SIZE),
        "read back whole"
    );
    let listed = std::time::Instant::now();
    let list = attachments::list(db.conn(), ext).unwrap();
    assert_eq!(list[0].size_text, "52.4 MB");
    let r = check::check(db.conn()).unwrap();
    assert!(r.ok(), "{r:?}");
    eprintln!(
        "50 MiB attachment: stored in {stored_in:?}; listed and checked in {:?}",
        listed.elapsed()
    );
}
