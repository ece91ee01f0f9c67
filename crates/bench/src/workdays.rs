//! Working days (issue 13) on the generated items: the list sorted by U.S. and by PRC
//! working days (first 200 rows, target < 5 ms like calendar days, whose sort is measured
//! again in the same run and printed beside it), the item detail's figures with working
//! days (< 1 ms, on the items waiting longest: the longest spans to count), and, for
//! information, adding a day to a calendar (the working-day columns it changes written
//! again, in the same transaction).

use chrono::{DateTime, NaiveDate, Utc};
use counterpart_core::calendar::{Calendar, DayKind};
use counterpart_core::db::list::{self, ListQuery, SortKey};
use counterpart_core::db::Db;
use counterpart_core::op::{Author, Change};
use std::time::Duration;

use crate::timing::{ms, time, Report};

fn first_page(sort: SortKey, open: Option<bool>) -> ListQuery {
    ListQuery {
        sort,
        open,
        limit: Some(200),
        ..ListQuery::default()
    }
}

pub fn run(report: &mut Report, db: &mut Db, today: NaiveDate, now: DateTime<Utc>) {
    let conn = db.conn();
    for (open, which) in [(Some(true), "open items"), (None, "all items")] {
        let (calendar, _) = time(50, || {
            list::list(conn, &first_page(SortKey::DaysWithCounterpart, open), today).expect("list")
        });
        for (key, name) in [
            (SortKey::WorkingDaysUs, "U.S."),
            (SortKey::WorkingDaysPrc, "PRC"),
        ] {
            let (took, rows) = time(50, || {
                list::list(conn, &first_page(key, open), today).expect("list")
            });
            let w = &rows[0].working_days;
            let longest = match key {
                SortKey::WorkingDaysUs => w.working_days_with_counterpart_us,
                _ => w.working_days_with_counterpart_prc,
            };
            report.line(
                &format!("{which} by {name} working days, first 200 rows"),
                took,
                Some(Duration::from_millis(5)),
                &format!(
                    "[calendar days: {}; longest {} d]",
                    ms(calendar),
                    longest.unwrap_or(0)
                ),
            );
        }
    }

    let longest = list::list(
        conn,
        &first_page(SortKey::DaysWithCounterpart, Some(true)),
        today,
    )
    .expect("list");
    let ids: Vec<_> = longest.iter().map(|r| r.id).collect();
    let (took, v) = crate::list::views(conn, &ids, today);
    report.line(
        "the detail's figures with working days (longest waits)",
        took,
        Some(Duration::from_millis(1)),
        &format!(
            "[{} d: {} U.S., {} PRC working days]",
            v.figures.days_with_counterpart.unwrap_or(0),
            v.working_days.working_days_with_counterpart_us.unwrap_or(0),
            v.working_days
                .working_days_with_counterpart_prc
                .unwrap_or(0)
        ),
    );

    // A closure of these days (the usual case: the items that moved since are written
    // again), and one years back (most items are).
    let author = Author::new(now, today, None);
    for (on, what) in [
        (
            (2026, 11, 27),
            "add a closure last Friday: items changed since written again",
        ),
        (
            (2019, 3, 5),
            "add a closure in 2019: items changed since written again",
        ),
    ] {
        let add = author.op(Change::AddHoliday {
            calendar: Calendar::Us,
            on: NaiveDate::from_ymd_opt(on.0, on.1, on.2).expect("a date"),
            kind: DayKind::Holiday,
            name: "Benchmark closure".into(),
        });
        let t = std::time::Instant::now();
        db.apply(&add).expect("add a holiday");
        report.line(what, t.elapsed(), None, "");
    }
}
