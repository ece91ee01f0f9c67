//! The reminder check the desktop scheduler runs every minute (issue #4), on the same
//! database: the first check (the whole backlog at once), again with nothing new due
//! (target < 50 ms), the next day's, with a 30-day cadence on every kind (target < 50 ms,
//! issue 15), the scheduler's
//! [`reminders::Checker`] when nothing has changed, and the reminders list.

use chrono::{DateTime, NaiveDate, Utc};
use counterpart_core::db::list::ItemRow;
use counterpart_core::db::{reminders, Db};
use counterpart_core::model::Kind;
use counterpart_core::op::{Author, Change};
use std::time::{Duration, Instant};

use crate::timing::{time, Report};

/// Times the reminder checks on `db`, whose open items are `all`.
pub fn run(
    report: &mut Report,
    db: &mut Db,
    all: &[ItemRow],
    today: NaiveDate,
    now: DateTime<Utc>,
) {
    let followups = all.iter().filter(|r| r.follow_up_on.is_some()).count();
    let t = Instant::now();
    let fired = reminders::check(db, today, now).expect("check");
    report.line(
        "reminders: first check (fires the whole backlog at once)",
        t.elapsed(),
        None,
        &format!(
            "[{} reminders; {followups} open items with follow-ups]",
            fired.len()
        ),
    );
    let (took, again) = time(20, || reminders::check(db, today, now).expect("check"));
    assert!(again.is_empty(), "nothing fires twice");
    report.line(
        "reminders: check again, nothing new due",
        took,
        Some(Duration::from_millis(50)),
        "",
    );
    let tomorrow = today.succ_opt().expect("a date");
    let t = Instant::now();
    let next = reminders::check(db, tomorrow, now).expect("check");
    report.line(
        "reminders: first check of the next day",
        t.elapsed(),
        None,
        &format!("[{} reminders]", next.len()),
    );
    let author = Author::new(now, today, None);
    let cadences: Vec<_> = Kind::ALL
        .into_iter()
        .map(|kind| {
            author.op(Change::SetCadence {
                kind,
                days: Some(30),
            })
        })
        .collect();
    db.apply_all(&cadences).expect("cadence");
    let chased = reminders::check(db, tomorrow, now).expect("check");
    let (took, _) = time(10, || reminders::check(db, tomorrow, now).expect("check"));
    report.line(
        "reminders: check, 30-day cadence on every kind",
        took,
        Some(Duration::from_millis(50)),
        &format!("[{} chases fired before]", chased.len()),
    );
    let mut checker = reminders::Checker::new();
    checker.check(db, tomorrow, now).expect("check");
    let (took, _) = time(20, || checker.check(db, tomorrow, now).expect("check"));
    assert!(checker.skipped(), "nothing changed: skipped");
    report.line(
        "reminders: the scheduler's check, nothing changed (Checker)",
        took,
        None,
        "[skipped]",
    );
    let (took, upcoming) = time(5, || {
        reminders::upcoming(db.conn(), tomorrow, 7).expect("upcoming")
    });
    report.line(
        "reminders: the list, overdue and due within 7 days",
        took,
        None,
        &format!("[{} rows]", upcoming.len()),
    );
}
