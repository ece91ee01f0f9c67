//! Whether opening must read every page again: the record of the last clean close.
//!
//! Opening used to run `PRAGMA quick_check` every time, which reads every page of the file
//! — a third of a second and more on 100,000 items, paid by `show` and `list` alike, 86
//! times what the `sqlite3` shell takes to answer `show` (issue 15). The check exists to
//! refuse a file that was damaged *outside* SQLite: a disk or a copy that went wrong, a
//! truncated transfer, another program writing into it, a crash of the machine while a
//! file system without ordered writes held it. SQLite's own writes (WAL, `synchronous =
//! FULL`) do not damage a file, so a file that nothing but a cleanly closed Counterpart
//! has touched since it was last checked need not be read again to be trusted.
//!
//! So a [`super::Db`] that was trusted at its open (checked, or found as recorded here)
//! writes, as it closes, a small record beside the database (`<name>-checked`): the
//! file's identity as the file system reports it (device, inode, size, modification and
//! change times) and when its pages were last all read. The next open skips the page check
//! only when all of these hold:
//!
//! - the file is exactly as recorded: same device, inode, size, mtime and ctime. Any
//!   write to it, by anyone, changes its ctime, which no program can set back (`touch`
//!   sets mtime, not ctime); a copy or a restore over it is another inode;
//! - the record is not "racy" (git's word for its index): the file's recorded ctime is
//!   strictly older than the record itself. File times have the kernel's coarse clock (a
//!   few milliseconds), so a write in the same tick as the record would leave the times
//!   unchanged; such a record proves nothing and the pages are checked;
//! - no `-wal` with content and no `-journal` is beside it: a process that did not close
//!   cleanly (a crash, a kill, the window still open) left work that recovery applies;
//! - the pages were all read within the last [`FULL_CHECK_EVERY`]: damage that the file
//!   system does not see (a failing disk) is found within a week even by someone who only
//!   ever runs `show`.
//!
//! Anything else — no record, an unreadable one, another format, a system without inode
//! numbers (not Unix) — means the full check, as before. The record is a hint and never a
//! secret: deleting it costs one check; forging it hides nothing that `counterpart check`,
//! a backup (each is checked) or SQLite itself on reading a bad page would not report.
//! `counterpart check` and the window (in the background, after its first rows) read every
//! page whatever the record says.

use chrono::{DateTime, Duration, Utc};
use std::path::{Path, PathBuf};

use super::backup::side;
use super::Db;

/// How long a file may go without its pages all being read.
pub const FULL_CHECK_EVERY: Duration = Duration::days(7);

const FORMAT: &str = "counterpart checked 1";

/// The record's path: `<database>-checked`.
pub fn record_path(db: &Path) -> PathBuf {
    side(db, "-checked")
}

/// What the file system says of a file, as far as it tells one version from another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Identity {
    dev: u64,
    ino: u64,
    size: u64,
    mtime_ns: i128,
    ctime_ns: i128,
}

impl Identity {
    #[cfg(unix)]
    fn of(path: &Path) -> Option<Identity> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
        Some(Identity {
            dev: m.dev(),
            ino: m.ino(),
            size: m.size(),
            mtime_ns: ns(m.mtime(), m.mtime_nsec()),
            ctime_ns: ns(m.ctime(), m.ctime_nsec()),
        })
    }

    /// Elsewhere there is no change time that a program cannot set: always check.
    #[cfg(not(unix))]
    fn of(_: &Path) -> Option<Identity> {
        None
    }
}

/// A record as read back.
#[derive(Debug, PartialEq, Eq)]
struct Record {
    file: Identity,
    checked_at: DateTime<Utc>,
}

impl Record {
    fn text(&self) -> String {
        let f = &self.file;
        format!(
            "{FORMAT}\n{} {} {} {} {} {}\n",
            f.dev,
            f.ino,
            f.size,
            f.mtime_ns,
            f.ctime_ns,
            self.checked_at.timestamp()
        )
    }

    fn parse(text: &str) -> Option<Record> {
        let mut lines = text.lines();
        if lines.next()? != FORMAT {
            return None;
        }
        let mut v = lines.next()?.split(' ');
        let mut next = || v.next()?.parse::<i128>().ok();
        let file = Identity {
            dev: u64::try_from(next()?).ok()?,
            ino: u64::try_from(next()?).ok()?,
            size: u64::try_from(next()?).ok()?,
            mtime_ns: next()?,
            ctime_ns: next()?,
        };
        let checked_at = DateTime::from_timestamp(i64::try_from(next()?).ok()?, 0)?;
        Some(Record { file, checked_at })
    }
}

/// When the pages of the database at `path` were last all read, if the record beside it
/// shows that nothing has touched the file since a clean close (see the module's rules;
/// the page count is checked by the caller, which has the connection). None: check them.
pub fn still_checked(path: &Path, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let at = record_path(path);
    let record = Record::parse(&std::fs::read_to_string(&at).ok()?)?;
    let written = Identity::of(&at)?;
    let file = Identity::of(path)?;
    let left_work = |suffix| std::fs::metadata(side(path, suffix)).is_ok_and(|m| m.len() > 0);
    let trusted = file == record.file
        && record.file.ctime_ns < written.ctime_ns
        && !left_work("-wal")
        && !left_work("-journal")
        && now - record.checked_at < FULL_CHECK_EVERY
        && record.checked_at <= now + Duration::minutes(5);
    trusted.then_some(record.checked_at)
}

/// Records, after the last connection of a clean close, that the database at `path` is as
/// trusted as it was when its pages were last all read (`checked_at`). Best effort: a
/// record that cannot be written only means a check at the next open. Not synced: a
/// record lost or cut short by a crash is unreadable, which also means a check.
///
/// When the file was written in the clock's current tick, the record is written again
/// until it is newer (a few milliseconds at most, and only after a command that wrote):
/// a record of the same tick would be racy, and the next open would read every page.
pub fn record(path: &Path, checked_at: DateTime<Utc>) {
    let Some(file) = Identity::of(path) else {
        return;
    };
    let at = record_path(path);
    let Some(checked_at) = DateTime::from_timestamp(checked_at.timestamp(), 0) else {
        return;
    };
    let record = Record { file, checked_at };
    // A command that only read leaves the file as the record there says (and that record
    // is not racy): nothing to write.
    let there = std::fs::read_to_string(&at)
        .ok()
        .and_then(|t| Record::parse(&t));
    if there.as_ref() == Some(&record)
        && Identity::of(&at).is_some_and(|w| w.ctime_ns > file.ctime_ns)
    {
        return;
    }
    let tmp = side(path, &format!("-checked.{}.tmp", std::process::id()));
    let text = record.text();
    let started = std::time::Instant::now();
    let written = loop {
        let w = crate::fsutil::create_temporary(&tmp)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
        let newer = Identity::of(&tmp).is_some_and(|r| r.ctime_ns > file.ctime_ns);
        if w.is_err() || newer || started.elapsed() > std::time::Duration::from_millis(50) {
            break w;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    };
    if written.and_then(|()| std::fs::rename(&tmp, &at)).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// Forgets the record (the file was replaced, or found damaged).
pub fn forget(path: &Path) {
    let _ = std::fs::remove_file(record_path(path));
}

impl Db {
    /// When every page of the file was last read and found sound: at this open, or at an
    /// earlier one when the file was found untouched since a clean close (this module).
    /// None for a database in memory.
    pub fn pages_last_checked(&self) -> Option<DateTime<Utc>> {
        self.checked_at
    }

    /// Says that every page was read and found sound at `now` (`counterpart check`, the
    /// window's check in the background): the record written as this closes carries it,
    /// and the next week's opens need not read them all again (this module).
    pub fn pages_checked(&mut self, now: DateTime<Utc>) {
        if let Some(at) = self.checked_at.as_mut() {
            *at = now.max(*at);
        }
    }

    /// Says that a check of every page found damage: the record is forgotten and none is
    /// written as this closes, so that every open reads every page until the file is
    /// sound again (restored, or repaired and checked).
    pub fn pages_found_damaged(&mut self) {
        self.checked_at = None;
        forget(&self.path);
    }
}

/// A clean close: the connections closed (the last one moves the WAL into the file and
/// removes it), then the record that lets the next open skip reading every page
/// (this module).
impl Drop for Db {
    fn drop(&mut self) {
        let Some(checked_at) = self.checked_at else {
            return;
        };
        self.read = None;
        drop(self.conn.take());
        record(&self.path, checked_at);
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap()
    }

    #[test]
    fn a_record_that_already_says_so_is_not_written_again() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.sqlite3");
        std::fs::write(&db, vec![7u8; 8192]).unwrap();
        record(&db, now());
        let first = std::fs::metadata(record_path(&db)).unwrap();
        record(&db, now());
        let again = std::fs::metadata(record_path(&db)).unwrap();
        assert_eq!(
            (first.ino(), first.ctime_nsec()),
            (again.ino(), again.ctime_nsec()),
            "the same record is left as it was"
        );
        // A later full check is written.
        let later = now() + Duration::hours(1);
        record(&db, later);
        assert_eq!(still_checked(&db, later), Some(later));
        assert_ne!(
            std::fs::metadata(record_path(&db)).unwrap().ino(),
            first.ino()
        );
    }

    #[test]
    fn a_file_as_recorded_is_trusted_and_any_change_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.sqlite3");
        std::fs::write(&db, vec![7u8; 8192]).unwrap();
        record(&db, now());
        assert_eq!(still_checked(&db, now()), Some(now()));
        assert_eq!(
            still_checked(&db, now() + Duration::days(6)),
            Some(now()),
            "within the week"
        );
        assert_eq!(
            still_checked(&db, now() + FULL_CHECK_EVERY),
            None,
            "a full check a week after the last"
        );

        // A WAL with content, or a journal, is work a crash left: check.
        std::fs::write(side(&db, "-wal"), b"x").unwrap();
        assert_eq!(still_checked(&db, now()), None);
        std::fs::write(side(&db, "-wal"), b"").unwrap();
        assert_eq!(
            still_checked(&db, now()),
            Some(now()),
            "an empty WAL is none"
        );
        std::fs::write(side(&db, "-journal"), b"x").unwrap();
        assert_eq!(still_checked(&db, now()), None);
        std::fs::remove_file(side(&db, "-journal")).unwrap();

        // The same bytes written again, the times set back: the ctime tells.
        let bytes = std::fs::read(&db).unwrap();
        let before = Identity::of(&db).unwrap();
        let mtime = std::fs::metadata(&db).unwrap().modified().unwrap();
        std::fs::write(&db, &bytes).unwrap();
        let f = std::fs::File::options().write(true).open(&db).unwrap();
        f.set_modified(mtime).unwrap();
        let after = Identity::of(&db).unwrap();
        assert_eq!(after.mtime_ns, before.mtime_ns, "mtime put back");
        assert_eq!(
            still_checked(&db, now()),
            None,
            "a changed ctime is a change"
        );

        // A copy over it is another file.
        record(&db, now());
        assert!(still_checked(&db, now()).is_some());
        let other = dir.path().join("other");
        std::fs::write(&other, &bytes).unwrap();
        std::fs::rename(&other, &db).unwrap();
        assert_eq!(still_checked(&db, now()), None, "another inode");

        // No record, a broken one, one of another format.
        record(&db, now());
        forget(&db);
        assert_eq!(still_checked(&db, now()), None);
        for text in [
            "",
            "counterpart checked 1\n1 2",
            "something else\n1 2 3 4 5 6\n",
        ] {
            std::fs::write(record_path(&db), text).unwrap();
            assert_eq!(still_checked(&db, now()), None, "{text:?}");
        }
    }

    #[test]
    fn a_record_is_newer_than_the_write_before_it() {
        // Written in the same tick as the file, it would prove nothing: `record` writes it
        // again until the clock has moved.
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.sqlite3");
        for i in 0..20u8 {
            std::fs::write(&db, [i]).unwrap();
            record(&db, now());
            let rec = Record::parse(&std::fs::read_to_string(record_path(&db)).unwrap()).unwrap();
            let written = Identity::of(&record_path(&db)).unwrap();
            assert!(rec.file.ctime_ns < written.ctime_ns, "round {i}");
            assert_eq!(still_checked(&db, now()), Some(now()), "round {i}");
        }
        assert!(
            std::fs::read_dir(dir.path()).unwrap().count() == 2,
            "the database and its record, no temporary file left"
        );
    }

    #[test]
    fn the_record_reads_back() {
        let r = Record {
            file: Identity {
                dev: 1,
                ino: 2,
                size: 3,
                mtime_ns: -4,
                ctime_ns: 5_000_000_000_000_000_000,
            },
            checked_at: now(),
        };
        assert_eq!(Record::parse(&r.text()), Some(r));
    }
}
