//! Backups, the pure part: what a backup file is called, and which ones to keep.
//!
//! Backups live in a `backups` folder beside the database, one SQLite file each, named
//! `<db stem>-<YYYY-MM-DD>-<HHMMSS>-<reason>.sqlite3` with the time in UTC, so that the
//! names sort in time order and say why each was made. The copying, checking and
//! renaming (SQL and files) are in [`crate::db::backup`]; this module decides, from the
//! list of names and `today`, which files to delete after a new backup is in place:
//!
//! - `daily`: the newest backup of each of the 7 most recent days that have one, then
//!   (of the older ones) the newest of each of the 4 most recent ISO weeks that have one;
//! - `before-migration`, `before-import`, `manual`: the newest [`KEEP_OTHER`] of each;
//! - anything dated after `today` (a clock that was wrong) is kept and counts for nothing;
//! - files whose names do not parse are never touched.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

/// How many days keep their newest daily backup.
pub const KEEP_DAILY: usize = 7;
/// How many ISO weeks (older than the daily ones) keep their newest daily backup.
pub const KEEP_WEEKLY: usize = 4;
/// How many backups of each other reason are kept.
pub const KEEP_OTHER: usize = 5;

/// Why a backup was made (the last part of its file name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The app's once-a-day backup, made when idle or closing.
    Daily,
    /// Before an older database is upgraded to this program's schema.
    BeforeMigration,
    /// Before an import writes.
    BeforeImport,
    /// Asked for ("Back up now", `counterpart backup` without a file).
    Manual,
}

impl Reason {
    pub const ALL: [Reason; 4] = [
        Reason::Daily,
        Reason::BeforeMigration,
        Reason::BeforeImport,
        Reason::Manual,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Daily => "daily",
            Reason::BeforeMigration => "before-migration",
            Reason::BeforeImport => "before-import",
            Reason::Manual => "manual",
        }
    }
}

/// A backup, as its file name says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupName {
    /// When it was made (UTC, to the second).
    pub at: NaiveDateTime,
    pub reason: Reason,
}

impl BackupName {
    /// The file name for a backup of the database whose file stem is `stem`.
    pub fn file_name(&self, stem: &str) -> String {
        format!(
            "{stem}-{}-{}.sqlite3",
            self.at.format("%Y-%m-%d-%H%M%S"),
            self.reason.as_str()
        )
    }

    /// Reads a file name written by [`BackupName::file_name`]; None for any other name.
    pub fn parse(stem: &str, file_name: &str) -> Option<BackupName> {
        let rest = file_name
            .strip_prefix(stem)?
            .strip_prefix('-')?
            .strip_suffix(".sqlite3")?;
        // YYYY-MM-DD-HHMMSS-reason
        if rest.len() < 18 || !rest.is_char_boundary(17) || rest.as_bytes()[17] != b'-' {
            return None;
        }
        let at = NaiveDateTime::parse_from_str(&rest[..17], "%Y-%m-%d-%H%M%S").ok()?;
        let reason = Reason::ALL
            .into_iter()
            .find(|r| r.as_str() == &rest[18..])?;
        Some(BackupName { at, reason })
    }
}

/// The backups to delete so that what remains follows the policy of this module.
/// `backups` may be in any order; the answer is in the order given.
pub fn to_remove(backups: &[BackupName], today: NaiveDate) -> Vec<BackupName> {
    let mut keep = vec![false; backups.len()];
    // Newest first; the index breaks ties so the answer does not depend on sort stability.
    let mut order: Vec<usize> = (0..backups.len()).collect();
    order.sort_by(|&a, &b| backups[b].at.cmp(&backups[a].at).then(a.cmp(&b)));
    for (i, b) in backups.iter().enumerate() {
        if b.at.date() > today {
            keep[i] = true;
        }
    }
    let dated = |i: &usize| backups[*i].at.date() <= today;

    let daily: Vec<usize> = order
        .iter()
        .copied()
        .filter(dated)
        .filter(|&i| backups[i].reason == Reason::Daily)
        .collect();
    let mut days: Vec<NaiveDate> = Vec::new();
    let mut weeks: Vec<(i32, u32)> = Vec::new();
    for &i in &daily {
        let day = backups[i].at.date();
        if days.contains(&day) {
            continue;
        }
        if days.len() < KEEP_DAILY {
            days.push(day);
            keep[i] = true;
            continue;
        }
        let week = (day.iso_week().year(), day.iso_week().week());
        if weeks.len() < KEEP_WEEKLY && !weeks.contains(&week) {
            weeks.push(week);
            keep[i] = true;
        }
    }

    for reason in Reason::ALL {
        if reason == Reason::Daily {
            continue;
        }
        order
            .iter()
            .copied()
            .filter(dated)
            .filter(|&i| backups[i].reason == reason)
            .take(KEEP_OTHER)
            .for_each(|i| keep[i] = true);
    }

    backups
        .iter()
        .zip(keep)
        .filter(|(_, k)| !k)
        .map(|(b, _)| *b)
        .collect()
}

/// True when no daily backup was made on `today` (the app then makes one when idle or
/// closing). A backup of another reason made today counts too: the data is already safe.
pub fn daily_due(backups: &[BackupName], today: NaiveDate) -> bool {
    !backups.iter().any(|b| b.at.date() == today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn daily(s: &str) -> BackupName {
        BackupName {
            at: at(s),
            reason: Reason::Daily,
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn names_round_trip() {
        for reason in Reason::ALL {
            let b = BackupName {
                at: at("2026-11-29 05:07"),
                reason,
            };
            let name = b.file_name("counterpart");
            assert_eq!(BackupName::parse("counterpart", &name), Some(b), "{name}");
        }
        assert_eq!(
            BackupName {
                at: at("2026-11-29 05:07"),
                reason: Reason::BeforeImport
            }
            .file_name("my db"),
            "my db-2026-11-29-050700-before-import.sqlite3"
        );
        for other in [
            "counterpart.sqlite3",
            "counterpart-2026-11-29-050700-weekly.sqlite3",
            "counterpart-2026-11-29-050700-daily.sqlite3.tmp",
            "other-2026-11-29-050700-daily.sqlite3",
            "counterpart-2026-13-29-050700-daily.sqlite3",
            "counterpart-2026-11-29-05070-daily.sqlite3",
            "counterpart-2026-11-29-050700daily.sqlite3",
            "counterpart-日本語日本語日本語日-daily.sqlite3",
        ] {
            assert_eq!(BackupName::parse("counterpart", other), None, "{other}");
        }
    }

    /// A table of cases: the backups there are (daily unless said), today, and which are
    /// left after rotation.
    #[test]
    fn rotation_keeps_seven_daily_and_four_weekly() {
        struct Case {
            why: &'static str,
            have: Vec<BackupName>,
            today: &'static str,
            left: Vec<BackupName>,
        }
        // Thirty days of daily backups at 12:00, 2026-11-01 (a Sunday) .. 2026-11-30.
        let month: Vec<BackupName> = (1..=30)
            .map(|day| daily(&format!("2026-11-{day:02} 12:00")))
            .collect();
        let by_day = |days: &[u32]| -> Vec<BackupName> {
            days.iter()
                .map(|day| daily(&format!("2026-11-{day:02} 12:00")))
                .collect()
        };
        let other = |s: &str, reason| BackupName { at: at(s), reason };
        let imports: Vec<BackupName> = (1..=8)
            .map(|day| other(&format!("2026-11-{day:02} 09:00"), Reason::BeforeImport))
            .collect();
        let cases = vec![
            Case {
                why: "nothing to do when there are few",
                have: by_day(&[28, 29, 30]),
                today: "2026-11-30",
                left: by_day(&[28, 29, 30]),
            },
            Case {
                why: "a month: the last 7 days, then the newest of the 4 weeks before",
                have: month.clone(),
                today: "2026-11-30",
                // Days 24..30 daily; older: week of 16..22 (Mon 16 – Sun 22) newest is 22,
                // but day 23 (Mon, week 48 with 24..29) comes first: 23, then 22, 15, 8.
                left: by_day(&[8, 15, 22, 23, 24, 25, 26, 27, 28, 29, 30]),
            },
            Case {
                why: "two the same day: the newer one counts, the older goes",
                have: vec![daily("2026-11-30 08:00"), daily("2026-11-30 18:00")],
                today: "2026-11-30",
                left: vec![daily("2026-11-30 18:00")],
            },
            Case {
                why: "gaps: the 7 most recent days that have a backup, not the last 7 days",
                have: by_day(&[1, 3, 5, 7, 9, 11, 13, 15]),
                today: "2026-11-30",
                // 3..15 are the 7 days; 1 (week 44) is the newest of an older week.
                left: by_day(&[1, 3, 5, 7, 9, 11, 13, 15]),
            },
            Case {
                why: "dated after today (the clock was wrong): kept, and not counted",
                have: [by_day(&[20, 21, 22, 23, 24, 25, 26, 27]), by_day(&[30])].concat(),
                today: "2026-11-29",
                left: [by_day(&[20, 21, 22, 23, 24, 25, 26, 27]), by_day(&[30])].concat(),
            },
            Case {
                why: "other reasons: the newest 5 of each, whatever the dailies",
                have: [imports.clone(), by_day(&[30])].concat(),
                today: "2026-11-30",
                left: [imports[3..].to_vec(), by_day(&[30])].concat(),
            },
        ];
        for c in cases {
            let gone = to_remove(&c.have, d(c.today));
            let left: Vec<BackupName> = c
                .have
                .iter()
                .filter(|b| !gone.contains(b))
                .copied()
                .collect();
            assert_eq!(left, c.left, "{}", c.why);
        }
    }

    #[test]
    fn a_daily_backup_is_due_once_a_day() {
        assert!(daily_due(&[], d("2026-11-30")));
        assert!(daily_due(&[daily("2026-11-29 23:59")], d("2026-11-30")));
        assert!(!daily_due(&[daily("2026-11-30 00:01")], d("2026-11-30")));
        let manual = BackupName {
            at: at("2026-11-30 10:00"),
            reason: Reason::Manual,
        };
        assert!(!daily_due(&[manual], d("2026-11-30")));
    }
}
