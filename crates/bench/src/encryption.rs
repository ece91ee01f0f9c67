//! Encryption at rest (issue 11): the same work on an encrypted database (SQLCipher) as on
//! the plain one, side by side, and the ratio (target: encrypted within 15 % of plain on
//! each): the import of 100,000 CSV rows, the list (first 200 rows, the whole set), the
//! summary, and opening the database with its check. The encrypted database is the
//! benchmark's own, encrypted by [`counterpart_core::db::encrypt_file`]. Plain and
//! encrypted runs alternate, so that whatever else the machine does weighs on both.

use chrono::{DateTime, NaiveDate, Utc};
use counterpart_core::db::list::{self, ListQuery};
use counterpart_core::db::{encrypt_file, Connection, Db, Passphrase};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::import;
use crate::timing::{median, ms, Report};

/// The most encrypted may take, as a multiple of plain.
const MAX_RATIO: f64 = 1.15;

pub fn run(
    report: &mut Report,
    dir: &Path,
    plain: &Path,
    csv: &Path,
    today: NaiveDate,
    now: DateTime<Utc>,
) {
    println!("encryption at rest: plain and encrypted (SQLCipher 4: AES-256, HMAC-SHA512, PBKDF2 256,000 rounds)");
    let key = passphrase();
    let encrypted = dir.join("bench-encrypted.sqlite3");
    std::fs::copy(plain, &encrypted).expect("copy");
    let t = Instant::now();
    let done = encrypt_file(&encrypted, &key).expect("encrypt");
    println!(
        "{:<58} {:>14}  [{} items, checked before and after]",
        "encrypt the database (counterpart encrypt)",
        ms(t.elapsed()),
        done.items
    );

    let (p, e) = pair(3, |keyed| {
        let db = dir.join("import-pair.sqlite3");
        import::once(csv, &db, crate::ITEMS, keyed.then_some(&key), today, now).0
    });
    compare(report, "import 100,000 CSV rows", p, e);

    let (p, e) = pair(5, |keyed| {
        let t = Instant::now();
        let db = open(keyed, plain, &encrypted);
        let took = t.elapsed();
        drop(db);
        took
    });
    compare(report, "open the database (quick_check included)", p, e);

    let dbs = [
        open(false, plain, &encrypted),
        open(true, plain, &encrypted),
    ];
    let conn = |keyed: bool| -> &Connection { dbs[usize::from(keyed)].conn() };
    let first = ListQuery {
        limit: Some(200),
        ..ListQuery::open_longest_first()
    };
    let (p, e) = pair(30, |keyed| {
        timed(|| list::list(conn(keyed), &first, today).expect("list"))
    });
    compare(report, "list: open items by days, first 200 rows", p, e);
    let (p, e) = pair(5, |keyed| {
        timed(|| list::list(conn(keyed), &ListQuery::open_longest_first(), today).expect("list"))
    });
    compare(report, "list: open items by days, the whole set", p, e);
    let (p, e) = pair(30, |keyed| {
        timed(|| list::summary(conn(keyed), today).expect("summary"))
    });
    compare(
        report,
        "summary: per kind/status, overdue, never answered",
        p,
        e,
    );
    let (p, e) = pair(3, |keyed| {
        timed(|| counterpart_core::db::check::check(conn(keyed)).expect("check"))
    });
    side_by_side(
        "  counterpart check (integrity, foreign keys, audit chain)",
        p,
        e,
    );
    let copy = dir.join("encryption-copy.sqlite3");
    let (p, e) = pair(3, |keyed| {
        timed(|| {
            dbs[usize::from(keyed)]
                .backup_to(&copy, true)
                .expect("backup")
        })
    });
    side_by_side("  a checked backup of the whole database", p, e);
    let (p, e) = pair(10, |keyed| {
        timed(|| dbs[usize::from(keyed)].reader().expect("reader"))
    });
    println!(
        "{:<58} {:>14}  plain {}  (the key is derived once per open, not per reader)",
        "  a reader opened later, encrypted",
        ms(e),
        ms(p)
    );
    let t = Instant::now();
    drop(Db::open_keyed(&dir.join("kdf.sqlite3"), Some(&key), now).expect("a new database"));
    println!(
        "{:<58} {:>14}",
        "  a new encrypted database (one key derivation)",
        ms(t.elapsed())
    );
    println!();
}

/// The benchmark's passphrase.
fn passphrase() -> Passphrase {
    Passphrase::new("correct horse battery staple".into()).expect("a passphrase")
}

fn open(keyed: bool, plain: &Path, encrypted: &Path) -> Db {
    let now = chrono::Utc::now();
    if keyed {
        Db::open_keyed(encrypted, Some(&passphrase()), now).expect("open encrypted")
    } else {
        Db::open(plain, now).expect("open plain")
    }
}

fn timed<T>(f: impl FnOnce() -> T) -> Duration {
    let t = Instant::now();
    let out = f();
    let took = t.elapsed();
    drop(out);
    took
}

/// `runs` rounds of `f(false)` (plain) then `f(true)` (encrypted): the two medians.
fn pair(runs: usize, mut f: impl FnMut(bool) -> Duration) -> (Duration, Duration) {
    let (mut plain, mut encrypted) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        plain.push(f(false));
        encrypted.push(f(true));
    }
    (median(plain), median(encrypted))
}

/// Prints plain and encrypted side by side, for information (no target).
fn side_by_side(what: &str, plain: Duration, encrypted: Duration) {
    let ratio = encrypted.as_secs_f64() / plain.as_secs_f64().max(1e-9);
    println!(
        "{what:<58} {:>14}  encrypted {:>12}       (encrypted / plain = {ratio:.2})",
        ms(plain),
        ms(encrypted)
    );
}

/// Prints plain and encrypted side by side, with the ratio against [`MAX_RATIO`].
fn compare(report: &mut Report, what: &str, plain: Duration, encrypted: Duration) {
    let ratio = encrypted.as_secs_f64() / plain.as_secs_f64().max(1e-9);
    let ok = ratio <= MAX_RATIO;
    if !ok {
        report.miss(format!("{what}, encrypted within 15 %"));
    }
    println!(
        "{what:<58} {:>14}  encrypted {:>12}  {} (encrypted / plain = {ratio:.2}, target <= {MAX_RATIO:.2})",
        ms(plain),
        ms(encrypted),
        if ok { "ok  " } else { "MISS" }
    );
}
