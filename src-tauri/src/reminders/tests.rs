//! The scheduler's loop under tokio's paused time (no window, no sleeping), and the
//! blocking check against a real database.

use super::*;
use chrono::{Duration as Days, TimeZone};
use counterpart_core::model::{ItemId, Kind};
use counterpart_core::reminders::{Deadline, Lead, ReminderState};
use std::collections::{BTreeMap, VecDeque};
use tokio::time::Instant;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn reminder(reference: &str, deadline_on: &str) -> Reminder {
    let deadline_on = date(deadline_on);
    Reminder {
        item_id: ItemId::at(chrono::Utc::now()),
        reference: reference.to_owned(),
        title: format!("Title of {reference}"),
        kind: Kind::Extradition,
        deadline: Deadline::Due,
        deadline_on,
        lead: Lead(1),
        fire_on: Lead(1).fire_on(deadline_on),
        state: ReminderState::Fired,
        fired_at: None,
        snoozed_until: None,
    }
}

/// What the fake effects saw.
#[derive(Default)]
struct Log {
    /// When (paused tokio time) and for which day each check ran.
    checks: Vec<(Instant, NaiveDate)>,
    notifications: Vec<String>,
    changed: usize,
}

/// Effects that return scripted reminders (one batch per check, then none) and log.
struct Fake {
    script: VecDeque<Vec<Reminder>>,
    log: Arc<Mutex<Log>>,
}

impl Effects for Fake {
    fn check(
        &mut self,
        today: NaiveDate,
        _now: DateTime<Utc>,
    ) -> impl Future<Output = Vec<Reminder>> + Send {
        self.log
            .lock()
            .unwrap()
            .checks
            .push((Instant::now(), today));
        std::future::ready(self.script.pop_front().unwrap_or_default())
    }

    fn detail(&self) -> NotificationDetail {
        NotificationDetail::Titles
    }

    fn notify(&self, notification: &Notification) {
        self.log
            .lock()
            .unwrap()
            .notifications
            .push(notification.text());
    }

    fn changed(&self) {
        self.log.lock().unwrap().changed += 1;
    }
}

/// A wall clock that moves with tokio's (paused) clock from `start`, as the real one does.
fn wall_clock(start: DateTime<Utc>) -> impl FnMut() -> (NaiveDate, DateTime<Utc>) {
    let origin = Instant::now();
    move || {
        let now = start + Days::from_std(Instant::now() - origin).unwrap();
        (now.date_naive(), now)
    }
}

/// Lets the scheduler's task run what is ready (its checks complete at once).
async fn settle() {
    for _ in 0..10 {
        tokio::task::yield_now().await;
    }
}

async fn step(d: Duration) {
    tokio::time::advance(d).await;
    settle().await;
}

fn start(
    script: Vec<Vec<Reminder>>,
    wall: DateTime<Utc>,
) -> (Arc<Mutex<Log>>, tokio::task::JoinHandle<()>) {
    let log = Arc::new(Mutex::new(Log::default()));
    let fake = Fake {
        script: script.into(),
        log: log.clone(),
    };
    let task = tokio::spawn(run(fake, wall_clock(wall)));
    (log, task)
}

#[tokio::test(start_paused = true)]
async fn checks_at_start_then_once_a_minute_without_sleeping() {
    let real = std::time::Instant::now();
    let began = Instant::now();
    let (log, task) = start(vec![], Utc.with_ymd_and_hms(2024, 11, 18, 9, 0, 0).unwrap());
    settle().await;
    assert_eq!(
        log.lock().unwrap().checks.len(),
        1,
        "the first check runs at start, before any time passes"
    );
    step(Duration::from_secs(59)).await;
    assert_eq!(
        log.lock().unwrap().checks.len(),
        1,
        "no second check before a minute has passed"
    );
    step(Duration::from_secs(1)).await;
    assert_eq!(
        log.lock().unwrap().checks.len(),
        2,
        "a check after one minute"
    );
    for _ in 0..10 {
        step(PERIOD).await;
    }
    let log = log.lock().unwrap();
    let offsets: Vec<u64> = log
        .checks
        .iter()
        .map(|(at, _)| (*at - began).as_secs())
        .collect();
    assert_eq!(
        offsets,
        (0..12).map(|m| m * 60).collect::<Vec<_>>(),
        "one check a minute, at whole minutes from the start"
    );
    assert!(
        log.notifications.is_empty() && log.changed == 0,
        "nothing due, so no notification and no event: {:?}",
        log.notifications
    );
    assert!(
        real.elapsed() < std::time::Duration::from_secs(5),
        "the test took {:?} of real time: the scheduler must not sleep for real",
        real.elapsed()
    );
    task.abort();
}

#[tokio::test(start_paused = true)]
async fn several_due_reminders_make_one_gathered_notification() {
    let script = vec![
        // At start: what fell due while the app was closed.
        vec![
            reminder("EXT-1", "2024-11-19"),
            reminder("SCH-2", "2024-11-18"),
            reminder("IND-3", "2024-11-15"),
        ],
        // A minute later: nothing new.
        vec![],
        // Two minutes later: one.
        vec![reminder("COM-4", "2024-11-25")],
    ];
    let (log, task) = start(script, Utc.with_ymd_and_hms(2024, 11, 18, 9, 0, 0).unwrap());
    settle().await;
    {
        let log = log.lock().unwrap();
        assert_eq!(
            log.notifications,
            ["3 deadlines: IND-3 overdue by 3 days, SCH-2 due today, EXT-1 due tomorrow"],
            "the reminders due at start are gathered into one notification"
        );
        assert_eq!(log.changed, 1, "the window is told once");
    }
    step(PERIOD).await;
    {
        let log = log.lock().unwrap();
        assert_eq!(log.notifications.len(), 1, "nothing due: no notification");
        assert_eq!(log.changed, 1, "nothing due: no event");
    }
    step(PERIOD).await;
    let log = log.lock().unwrap();
    assert_eq!(
        log.notifications[1], "COM-4 due in 7 days: Title of COM-4",
        "a single reminder is named with its item's title"
    );
    assert_eq!(log.changed, 2);
    assert_eq!(log.checks.len(), 3);
    task.abort();
}

#[tokio::test(start_paused = true)]
async fn a_new_day_on_the_wall_clock_is_picked_up_at_the_next_tick() {
    // Two minutes before midnight (UTC; the fake clock's day is its UTC date).
    let (log, task) = start(
        vec![],
        Utc.with_ymd_and_hms(2024, 11, 18, 23, 58, 30).unwrap(),
    );
    settle().await;
    for _ in 0..3 {
        step(PERIOD).await;
    }
    let days: Vec<NaiveDate> = log.lock().unwrap().checks.iter().map(|c| c.1).collect();
    assert_eq!(
        days,
        [
            date("2024-11-18"),
            date("2024-11-18"),
            date("2024-11-19"),
            date("2024-11-19")
        ],
        "each tick reads the day from the wall clock"
    );
    task.abort();
}

/// A database with one open item due on `due_on`.
fn database(dir: &std::path::Path, name: &str, reference: &str, due_on: &str) -> PathBuf {
    let path = dir.join(name);
    let mut db = counterpart_core::db::Db::open(&path, chrono::Utc::now()).unwrap();
    let input: BTreeMap<String, String> = [
        ("kind", "extradition"),
        ("reference", reference),
        ("title", "Extradition of Zhang Moumou"),
        ("counterpart", "MPS"),
        ("transmitted_on", "2024-10-01"),
        ("due_on", due_on),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let author = counterpart_core::op::Author::new(
        Utc::now(),
        chrono::Local::now().date_naive(),
        Some("test".into()),
    );
    counterpart_core::form::create_item(&mut db, &input, &author).unwrap();
    path
}

#[test]
fn the_blocking_check_fires_once_per_database_and_waits_when_there_is_none() {
    let dir = tempfile::tempdir().unwrap();
    let today = date("2024-11-18");
    let now = Utc.with_ymd_and_hms(2024, 11, 18, 9, 0, 0).unwrap();
    let failed = Mutex::new(Database::Failed {
        path: dir.path().join("missing.sqlite3"),
        message: "not a database".into(),
        message_zh: "不是数据库".into(),
    });
    let mut watch = Watch::default();
    assert!(
        check_blocking(&failed, &mut watch, today, now).is_empty(),
        "no database: nothing, quietly"
    );

    let first = database(dir.path(), "a.sqlite3", "EXT-A", "2024-11-19");
    let db = Mutex::new(Database::open(&first, now));
    let fired = check_blocking(&db, &mut watch, today, now);
    assert_eq!(
        fired
            .iter()
            .map(|r| r.reference.as_str())
            .collect::<Vec<_>>(),
        ["EXT-A"],
        "the item due tomorrow fires"
    );
    assert!(
        check_blocking(&db, &mut watch, today, now).is_empty(),
        "and only once"
    );

    // The window opens another database: its reminders are checked, not skipped.
    let second = database(dir.path(), "b.sqlite3", "EXT-B", "2024-11-19");
    *db.lock().unwrap() = Database::open(&second, now);
    let fired = check_blocking(&db, &mut watch, today, now);
    assert_eq!(
        fired
            .iter()
            .map(|r| r.reference.as_str())
            .collect::<Vec<_>>(),
        ["EXT-B"],
        "another database gets a fresh checker"
    );
}
