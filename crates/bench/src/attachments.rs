//! Attachments (issue 14): a 50 MB file kept with an item leaves the list and the item's
//! detail as fast as before. On a generated database of 20,000 items: the open items'
//! first page and the detail of one item (its view, its attachments and its history of
//! changes, as the window reads them), timed before and after a 50 MB file is attached to
//! that item (and to the first item of the page); also the attaching itself (the bytes
//! streamed in, hashed, 1 MiB at a time) and reading the file back. Target: each read
//! within 1.25× of its time before, plus 0.2 ms.

use chrono::{DateTime, NaiveDate, Utc};
use counterpart_core::attachment::{self, NewAttachment};
use counterpart_core::db::list::{self, ListQuery};
use counterpart_core::db::{attachments, audit, items, Db};
use counterpart_core::model::ItemId;
use counterpart_core::op::{Author, Change};
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::timing::{time, Report};

const ITEMS: usize = 20_000;
const SIZE: u64 = 50 * 1000 * 1000;

/// 50 MB made as they are read (never held): the same byte over and over, which SQLite
/// stores as it stores any other (it does not compress).
fn scan() -> std::io::Take<std::io::Repeat> {
    std::io::repeat(0x5a).take(SIZE)
}

/// The list's first page and one item's detail, as the window reads them.
fn reads(db: &Db, item: ItemId, today: NaiveDate) -> (Duration, Duration) {
    let first = ListQuery {
        limit: Some(200),
        ..ListQuery::open_longest_first()
    };
    let (list_took, _) = time(30, || list::page(db.conn(), &first, today).expect("page"));
    let (detail_took, _) = time(30, || {
        items::view(db.conn(), item, today).expect("view");
        attachments::list(db.conn(), item).expect("attachments");
        audit::history(db.conn(), item).expect("history")
    });
    (list_took, detail_took)
}

pub fn run(report: &mut Report, dir: &Path, today: NaiveDate, now: DateTime<Utc>) {
    let mut db = Db::open(&dir.join("attachments.sqlite3"), now).expect("open");
    crate::generate::database(&mut db, ITEMS, now, 14);
    db.analyze().expect("analyze");
    let first = ListQuery {
        limit: Some(1),
        ..ListQuery::open_longest_first()
    };
    let top = list::list(db.conn(), &first, today).expect("list")[0].id;
    let (list_before, detail_before) = reads(&db, top, today);

    let sha = attachment::hash(scan()).expect("hash").sha256;
    let author = Author::new(now, today, Some("bench".into()));
    let op = author.op(Change::Attach(NewAttachment {
        item: top,
        sha256: sha.clone(),
        name: "scan of the answer.pdf".into(),
        size: SIZE,
        media_type: "application/pdf".into(),
        received_on: today,
        note: "a 50 MB scan".into(),
    }));
    let t = Instant::now();
    db.apply_with_content(&op, &mut scan()).expect("attach");
    report.line(
        "attach a 50 MB file (streamed, hashed, stored)",
        t.elapsed(),
        None,
        "",
    );
    let t = Instant::now();
    let n = attachments::write_content(db.conn(), &sha, &mut std::io::sink()).expect("read");
    report.line(
        "read the 50 MB file back",
        t.elapsed(),
        None,
        &format!("[{} bytes]", n),
    );
    let (list_after, detail_after) = reads(&db, top, today);
    let within = |before: Duration| before.mul_f64(1.25) + Duration::from_micros(200);
    report.line(
        "first page of the list, before the 50 MB attachment",
        list_before,
        None,
        "",
    );
    report.line(
        "first page of the list, with it",
        list_after,
        Some(within(list_before)),
        "",
    );
    report.line(
        "the item's detail (view, attachments, changes), before",
        detail_before,
        None,
        "",
    );
    report.line(
        "the item's detail, with the 50 MB attachment",
        detail_after,
        Some(within(detail_before)),
        "",
    );
}
