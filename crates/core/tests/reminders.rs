//! Reminders against a real database with a fixed clock: each lead fires once and only
//! once across many checks, snooze and done hold, a changed deadline re-arms, a closed
//! item's reminders are retired, a week's catching up fires each missed one once and
//! gathers them, a cadence chases a silent counterpart, and two processes checking at
//! once fire nothing twice. Nothing sleeps; "today" and "now" are parameters.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use counterpart_core::db::apply::Applied;
use counterpart_core::db::{reminders, Db};
use counterpart_core::model::{
    Details, EventType, ItemFields, ItemId, Kind, NewEvent, Priority, Status,
};
use counterpart_core::op::{Author, Change};
use counterpart_core::reminders::{
    gather, group, Deadline, Group, Lead, Leads, Reminder, ReminderKey, ReminderState,
};
use counterpart_core::{Error, Result};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Noon UTC of a day: the `now` of a check made that day.
fn noon(day: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(12, 0, 0).unwrap())
}

fn plus(day: NaiveDate, n: i64) -> NaiveDate {
    day + chrono::Duration::days(n)
}

/// Who changes the record on `day`, at noon (an event dated after `day` is refused).
fn on_day(day: NaiveDate, user: Option<&str>) -> Author {
    Author::new(noon(day), day, user.map(str::to_owned))
}

/// Applies a change made on `day`.
fn change(db: &mut Db, day: NaiveDate, change: Change) -> Result<Applied> {
    db.apply(&on_day(day, None).op(change))
}

/// Sets the lead times from text like `7,1,0`, as the settings hold them.
fn set_leads(db: &mut Db, text: &str) -> Result<Applied> {
    let days = Leads::parse("leads", text)
        .map_err(|e| Error::Invalid(vec![e]))?
        .days_before()
        .into_iter()
        .map(i64::from)
        .collect();
    change(db, d("2024-01-02"), Change::SetReminderLeads { days })
}

struct Spec<'a> {
    reference: &'a str,
    kind: Kind,
    transmitted_on: Option<&'a str>,
    due_on: Option<&'a str>,
    follow_up_on: Option<&'a str>,
}

impl<'a> Spec<'a> {
    fn due(reference: &'a str, due_on: &'a str) -> Self {
        Spec {
            reference,
            kind: Kind::Extradition,
            transmitted_on: Some("2024-01-02"),
            due_on: Some(due_on),
            follow_up_on: None,
        }
    }
}

fn add(db: &mut Db, s: Spec<'_>) -> ItemId {
    let fields = ItemFields {
        reference: s.reference.into(),
        title: format!("Title of {}", s.reference),
        title_zh: None,
        us_agency: None,
        counterpart: "MPS".into(),
        priority: Priority::Normal,
        owner: None,
        notes: None,
        tags: Vec::new(),
        due_on: s.due_on.map(d),
        follow_up_on: s.follow_up_on.map(d),
        details: Details::empty(s.kind),
    };
    // Entered on 2024-01-02, or on the day it was sent if that is later.
    let transmitted_on = s.transmitted_on.map(d);
    let day = transmitted_on.map_or(d("2024-01-02"), |t| t.max(d("2024-01-02")));
    let op = on_day(day, Some("test")).create_item(fields, transmitted_on);
    db.apply(&op).unwrap().into_item().unwrap().id
}

/// Records an event on the day it happened.
fn event(db: &mut Db, id: ItemId, e: NewEvent) {
    db.apply(&on_day(e.on, None).event_op(id, e)).unwrap();
}

fn check(db: &mut Db, day: NaiveDate) -> Vec<Reminder> {
    reminders::check(db, day, noon(day)).unwrap()
}

/// (reference, deadline, deadline date, lead) of what fired.
fn keys(v: &[Reminder]) -> Vec<(String, Deadline, NaiveDate, i32)> {
    v.iter()
        .map(|r| (r.reference.clone(), r.deadline, r.deadline_on, r.lead.0))
        .collect()
}

/// The rows of the reminder table as (reference, deadline, date, lead, state).
fn rows(db: &Db) -> Vec<(String, String, String, i32, String)> {
    let mut st = db
        .conn()
        .prepare(
            "SELECT i.reference, r.deadline, r.deadline_on, r.lead, r.state
               FROM reminder r JOIN item i ON i.seq = r.item_seq
              ORDER BY i.reference, r.deadline, r.deadline_on",
        )
        .unwrap();
    st.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// Checks three times a day over `days` and returns (day, reference, lead) of all that fired.
fn run_days(db: &mut Db, from: NaiveDate, days: i64) -> Vec<(NaiveDate, String, i32)> {
    let mut fired = Vec::new();
    for n in 0..days {
        let day = plus(from, n);
        for _ in 0..3 {
            for r in check(db, day) {
                fired.push((day, r.reference, r.lead.0));
            }
        }
    }
    fired
}

#[test]
fn each_lead_time_fires_once_and_only_once_across_many_checks() {
    // (lead setting, the leads expected to fire, in order)
    let cases: [(&str, &[i32]); 4] = [
        ("7,1,0", &[7, 1, 0, -1]),
        ("14,3", &[14, 3, -1]),
        ("0", &[0, -1]),
        ("", &[-1]),
    ];
    for (setting, want) in cases {
        let mut db = Db::open_in_memory().unwrap();
        set_leads(&mut db, setting).unwrap();
        add(&mut db, Spec::due("EXT-1", "2024-12-10"));
        let due = d("2024-12-10");
        let fired = run_days(&mut db, d("2024-11-20"), 40);
        let expect: Vec<(NaiveDate, String, i32)> = want
            .iter()
            .map(|&lead| (plus(due, -i64::from(lead)), "EXT-1".to_string(), lead))
            .collect();
        assert_eq!(
            fired, expect,
            "leads `{setting}`: each fires on its day, once, whatever the number of checks"
        );
    }
}

#[test]
fn snooze_holds_until_its_date_then_fires() {
    let mut db = Db::open_in_memory().unwrap();
    let id = add(&mut db, Spec::due("EXT-1", "2024-12-10"));
    let fired = check(&mut db, d("2024-12-03"));
    assert_eq!(
        keys(&fired),
        [("EXT-1".into(), Deadline::Due, d("2024-12-10"), 7)]
    );
    let key = fired[0].key();
    let snooze = Change::SnoozeReminder {
        reminder: key,
        until: d("2024-12-06"),
    };
    change(&mut db, d("2024-12-03"), snooze).unwrap();
    let listed = reminders::upcoming(db.conn(), d("2024-12-04"), 7).unwrap();
    assert_eq!(listed[0].state, ReminderState::Snoozed);
    assert_eq!(listed[0].snoozed_until, Some(d("2024-12-06")));
    // Held on the 4th and 5th, fires again on the 6th, then the next leads as usual.
    let fired = run_days(&mut db, d("2024-12-04"), 10);
    assert_eq!(
        fired,
        [
            (d("2024-12-06"), "EXT-1".into(), 7),
            (d("2024-12-09"), "EXT-1".into(), 1),
            (d("2024-12-10"), "EXT-1".into(), 0),
            (d("2024-12-11"), "EXT-1".into(), -1),
        ]
    );

    // A snooze past later leads holds them all, then fires once: the lead due that day.
    let mut db = Db::open_in_memory().unwrap();
    add(&mut db, Spec::due("EXT-2", "2024-12-10"));
    let key = check(&mut db, d("2024-12-03"))[0].key();
    let snooze = Change::SnoozeReminder {
        reminder: key,
        until: d("2024-12-10"),
    };
    change(&mut db, d("2024-12-03"), snooze).unwrap();
    let fired = run_days(&mut db, d("2024-12-04"), 10);
    assert_eq!(
        fired,
        [
            (d("2024-12-10"), "EXT-2".into(), 0),
            (d("2024-12-11"), "EXT-2".into(), -1),
        ]
    );
    let _ = id;
}

#[test]
fn done_holds_for_good() {
    let mut db = Db::open_in_memory().unwrap();
    add(&mut db, Spec::due("EXT-1", "2024-12-10"));
    let key = check(&mut db, d("2024-12-03"))[0].key();
    change(
        &mut db,
        d("2024-12-03"),
        Change::ReminderDone { reminder: key },
    )
    .unwrap();
    assert_eq!(
        run_days(&mut db, d("2024-12-03"), 60),
        [],
        "nothing fires after done"
    );
    let listed = reminders::upcoming(db.conn(), d("2024-12-20"), 7).unwrap();
    assert_eq!(
        listed.len(),
        1,
        "still listed: the item is open and overdue"
    );
    assert_eq!(listed[0].state, ReminderState::Done);
}

#[test]
fn a_changed_deadline_rearms() {
    let mut db = Db::open_in_memory().unwrap();
    let id = add(&mut db, Spec::due("EXT-1", "2024-12-10"));
    assert_eq!(
        run_days(&mut db, d("2024-12-01"), 9).len(),
        2,
        "7 and 1 days before"
    );
    // On the 9th the due date moves to the 20th: a new deadline, whose reminders re-arm.
    let mut e = NewEvent::new(EventType::DueChanged, d("2024-12-09"));
    e.due_on = Some(d("2024-12-20"));
    event(&mut db, id, e);
    let fired = run_days(&mut db, d("2024-12-09"), 15);
    assert_eq!(
        fired,
        [
            (d("2024-12-13"), "EXT-1".into(), 7),
            (d("2024-12-19"), "EXT-1".into(), 1),
            (d("2024-12-20"), "EXT-1".into(), 0),
            (d("2024-12-21"), "EXT-1".into(), -1),
        ],
        "the old date's leads do not fire again; the new date's do"
    );
    // Moved back into the past: the new date's overdue reminder fires at once.
    let mut e = NewEvent::new(EventType::DueChanged, d("2024-12-24"));
    e.due_on = Some(d("2024-12-15"));
    event(&mut db, id, e);
    assert_eq!(
        keys(&check(&mut db, d("2024-12-24"))),
        [("EXT-1".into(), Deadline::Due, d("2024-12-15"), -1)]
    );
}

#[test]
fn a_closed_items_reminders_are_retired_and_never_fire() {
    let mut db = Db::open_in_memory().unwrap();
    let id = add(&mut db, Spec::due("EXT-1", "2024-12-10"));
    add(&mut db, Spec::due("EXT-2", "2024-12-10"));
    check(&mut db, d("2024-12-03"));
    let mut e = NewEvent::new(EventType::Closed, d("2024-12-04"));
    e.status = Some(Status::Fulfilled);
    event(&mut db, id, e);
    assert_eq!(
        rows(&db),
        [
            (
                "EXT-1".into(),
                "due".into(),
                "2024-12-10".into(),
                7,
                "retired".into()
            ),
            (
                "EXT-2".into(),
                "due".into(),
                "2024-12-10".into(),
                7,
                "fired".into()
            ),
        ],
        "closing retires the item's reminders in the same transaction"
    );
    let fired = run_days(&mut db, d("2024-12-04"), 30);
    assert!(
        fired.iter().all(|(_, r, _)| r == "EXT-2"),
        "the closed item never fires: {fired:?}"
    );
    let listed = reminders::upcoming(db.conn(), d("2024-12-09"), 7).unwrap();
    assert_eq!(keys(&listed).len(), 1, "nor is it listed");
    assert_eq!(listed[0].reference, "EXT-2");
    assert!(reminders::item_reminders(db.conn(), id, d("2024-12-09"))
        .unwrap()
        .is_empty());
    let key = ReminderKey {
        item_id: id,
        deadline: Deadline::Due,
        deadline_on: d("2024-12-10"),
        lead: Lead(1),
    };
    let err = change(
        &mut db,
        d("2024-12-09"),
        Change::ReminderDone { reminder: key },
    )
    .unwrap_err();
    assert!(
        matches!(&err, Error::Invalid(f) if f[0].field == "item"),
        "{err}"
    );

    // The sweep finds a closed item's row that is still live (none here: closing retired
    // it), and retires it.
    assert_eq!(db.retire_closed(noon(d("2024-12-09"))).unwrap(), 0);
    db.mark_fired(&[key], noon(d("2024-12-09"))).unwrap();
    assert_eq!(db.retire_closed(noon(d("2024-12-09"))).unwrap(), 1);
    assert!(rows(&db).iter().any(|r| r.0 == "EXT-1" && r.4 == "retired"));
}

#[test]
fn catching_up_after_a_week_closed_fires_each_missed_one_once_gathered() {
    let mut db = Db::open_in_memory().unwrap();
    add(&mut db, Spec::due("EXT-1", "2024-12-10"));
    add(
        &mut db,
        Spec {
            reference: "SCH-2",
            kind: Kind::Scheduling,
            transmitted_on: Some("2024-03-01"),
            due_on: None,
            follow_up_on: Some("2024-12-11"),
        },
    );
    add(&mut db, Spec::due("WG-4", "2025-03-01"));
    assert_eq!(
        check(&mut db, d("2024-12-02")),
        [],
        "nothing due on the 2nd"
    );
    // The program is closed from the 3rd to the 8th; meanwhile an item already past its
    // due date is added from the command line. On the 9th one check catches up.
    add(&mut db, Spec::due("EXT-3", "2024-12-06"));
    let fired = check(&mut db, d("2024-12-09"));
    assert_eq!(
        keys(&fired),
        [
            ("EXT-3".into(), Deadline::Due, d("2024-12-06"), -1),
            ("EXT-1".into(), Deadline::Due, d("2024-12-10"), 1),
            ("SCH-2".into(), Deadline::FollowUp, d("2024-12-11"), 7),
        ],
        "one reminder per deadline, at the lead due today"
    );
    assert!(fired
        .iter()
        .all(|r| r.fired_at == Some(noon(d("2024-12-09")))));
    assert_eq!(
        gather(&fired, d("2024-12-09"), Default::default())
            .unwrap()
            .text(),
        "3 deadlines: EXT-3 overdue by 3 days, EXT-1 due tomorrow, SCH-2 follow-up in 2 days"
    );
    assert_eq!(
        rows(&db)
            .iter()
            .map(|r| (r.0.as_str(), r.3, r.4.as_str()))
            .collect::<Vec<_>>(),
        [
            ("EXT-1", 1, "fired"),
            ("EXT-3", -1, "fired"),
            ("SCH-2", 7, "fired")
        ],
        "the missed leads are spent: none of them fires later"
    );
    assert_eq!(
        check(&mut db, d("2024-12-09")),
        [],
        "a second check that day fires nothing"
    );
    assert_eq!(
        keys(&check(&mut db, d("2024-12-10"))),
        [
            ("EXT-1".into(), Deadline::Due, d("2024-12-10"), 0),
            ("SCH-2".into(), Deadline::FollowUp, d("2024-12-11"), 1),
        ],
        "the next leads fire on their days"
    );
}

#[test]
fn a_cadence_raises_a_follow_up_when_the_last_prc_response_is_older() {
    let mut db = Db::open_in_memory().unwrap();
    let spec = |reference, kind| Spec {
        reference,
        kind,
        transmitted_on: Some("2024-01-01"),
        due_on: None,
        follow_up_on: None,
    };
    let silent = add(&mut db, spec("EXT-1", Kind::Extradition));
    let answered = add(&mut db, spec("EXT-2", Kind::Extradition));
    event(
        &mut db,
        answered,
        NewEvent::new(EventType::PrcResponse, d("2024-01-25")),
    );
    let paused = add(&mut db, spec("EXT-3", Kind::Extradition));
    event(
        &mut db,
        paused,
        NewEvent::new(EventType::InfoRequested, d("2024-01-05")),
    );
    add(&mut db, spec("SCH-1", Kind::Scheduling));
    // No cadence: nothing.
    assert_eq!(run_days(&mut db, d("2024-01-20"), 30), []);

    let cadence = Change::SetCadence {
        kind: Kind::Extradition,
        days: Some(30),
    };
    change(&mut db, d("2024-01-20"), cadence).unwrap();
    // Silent since 2024-01-01: the chase date is the 31st. On the 20th, nothing yet.
    assert_eq!(check(&mut db, d("2024-01-20")), []);
    // Older than the cadence on 2024-02-01: the (overdue) chase fires for the silent one
    // only — not the one answered on the 25th, not the one awaiting U.S. information,
    // not a kind without a cadence.
    let fired = check(&mut db, d("2024-02-01"));
    assert_eq!(
        keys(&fired),
        [("EXT-1".into(), Deadline::Cadence, d("2024-01-31"), -1)]
    );
    assert_eq!(
        fired[0].describe(d("2024-02-01")),
        "EXT-1 chase overdue by 1 day"
    );
    // Still silent: chased again the next period, at its leads.
    let fired = run_days(&mut db, d("2024-02-02"), 30);
    assert_eq!(
        fired,
        [
            (d("2024-02-17"), "EXT-2".into(), 7),
            (d("2024-02-23"), "EXT-2".into(), 1),
            (d("2024-02-23"), "EXT-1".into(), 7),
            (d("2024-02-24"), "EXT-2".into(), 0),
            (d("2024-02-25"), "EXT-2".into(), -1),
            (d("2024-02-29"), "EXT-1".into(), 1),
            (d("2024-03-01"), "EXT-1".into(), 0),
            (d("2024-03-02"), "EXT-1".into(), -1),
        ],
        "EXT-1 every 30 days of silence; EXT-2 30 days after its answer of the 25th"
    );
    // A PRC response moves the chase date.
    event(
        &mut db,
        silent,
        NewEvent::new(EventType::PrcResponse, d("2024-03-03")),
    );
    let chase = reminders::item_reminders(db.conn(), silent, d("2024-03-03")).unwrap();
    assert_eq!(
        keys(&chase),
        [("EXT-1".into(), Deadline::Cadence, d("2024-04-02"), 7)]
    );
    assert_eq!(chase[0].state, ReminderState::Pending);
}

#[test]
fn two_processes_checking_at_once_fire_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let mut db = Db::open(&path, chrono::Utc::now()).unwrap();
    for i in 0..40 {
        let due = plus(d("2024-12-01"), i % 20).to_string();
        let reference = format!("EXT-{i}");
        add(&mut db, Spec::due(&reference, &due));
    }
    drop(db);
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let path = path.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut db = Db::open(&path, chrono::Utc::now()).unwrap();
                barrier.wait();
                let mut fired = Vec::new();
                for n in 0..40 {
                    let day = plus(d("2024-11-20"), n);
                    for r in reminders::check(&mut db, day, noon(day)).unwrap() {
                        fired.push((r.reference, r.deadline_on, r.lead.0));
                    }
                }
                fired
            })
        })
        .collect();
    let mut all: Vec<_> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "no reminder fired in both processes");
    assert_eq!(n, 40 * 4, "every lead of every deadline fired once");
}

#[test]
fn upcoming_lists_overdue_and_due_within_n_days_grouped_by_deadline_date() {
    let mut db = Db::open_in_memory().unwrap();
    add(&mut db, Spec::due("EXT-1", "2024-12-01"));
    add(&mut db, Spec::due("EXT-2", "2024-12-10"));
    add(&mut db, Spec::due("EXT-3", "2024-12-14"));
    add(&mut db, Spec::due("EXT-4", "2024-12-25"));
    add(
        &mut db,
        Spec {
            reference: "WG-1",
            kind: Kind::Commitment,
            transmitted_on: None,
            due_on: None,
            follow_up_on: Some("2024-12-11"),
        },
    );
    let today = d("2024-12-10");
    check(&mut db, today);
    let groups = |within| -> Vec<(String, Group, ReminderState)> {
        reminders::upcoming(db.conn(), today, within)
            .unwrap()
            .into_iter()
            .map(|r| (r.reference.clone(), group(r.deadline_on, today), r.state))
            .collect()
    };
    assert_eq!(
        groups(7),
        [
            ("EXT-1".into(), Group::Overdue, ReminderState::Fired),
            ("EXT-2".into(), Group::DueToday, ReminderState::Fired),
            ("WG-1".into(), Group::ThisWeek, ReminderState::Fired),
            ("EXT-3".into(), Group::ThisWeek, ReminderState::Fired),
        ]
    );
    assert_eq!(groups(0).len(), 2, "--within 0: overdue and today");
    let all = groups(30);
    assert_eq!(
        all.last().unwrap(),
        &("EXT-4".into(), Group::Later, ReminderState::Pending)
    );
    let ext4 = reminders::upcoming(db.conn(), today, 30)
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(
        (ext4.lead, ext4.fire_on),
        (Lead(7), d("2024-12-18")),
        "the next lead"
    );
}

#[test]
fn bad_settings_and_keys_are_refused_naming_the_field() {
    let mut db = Db::open_in_memory().unwrap();
    let id = add(&mut db, Spec::due("EXT-1", "2024-12-10"));
    let field = |e: Error| match e {
        Error::Invalid(f) => f[0].field.clone(),
        other => panic!("{other}"),
    };
    for bad in ["-3", "400", "x", "1,1"] {
        let e = set_leads(&mut db, bad).unwrap_err();
        assert_eq!(field(e), "leads", "`{bad}`");
    }
    // The days themselves are checked where they are stored, not only when read as text.
    for bad in [vec![-3], vec![400], vec![1, 1]] {
        let leads = Change::SetReminderLeads { days: bad.clone() };
        let e = change(&mut db, d("2024-12-03"), leads).unwrap_err();
        assert_eq!(field(e), "leads", "{bad:?}");
    }
    let cadence = Change::SetCadence {
        kind: Kind::Extradition,
        days: Some(0),
    };
    let e = change(&mut db, d("2024-12-03"), cadence).unwrap_err();
    assert_eq!(field(e), "cadence.extradition");
    assert_eq!(
        reminders::settings(db.conn()).unwrap(),
        Default::default(),
        "nothing was stored"
    );
    let today = d("2024-12-03");
    let key = ReminderKey {
        item_id: id,
        deadline: Deadline::Due,
        deadline_on: d("2024-12-10"),
        lead: Lead(7),
    };
    let snooze = Change::SnoozeReminder {
        reminder: key,
        until: today,
    };
    let e = change(&mut db, today, snooze).unwrap_err();
    assert_eq!(field(e), "until");
    let wrong = ReminderKey {
        deadline_on: d("2024-12-11"),
        ..key
    };
    let e = change(&mut db, today, Change::ReminderDone { reminder: wrong }).unwrap_err();
    assert_eq!(field(e), "deadline_on");
    let none = ReminderKey {
        deadline: Deadline::FollowUp,
        ..key
    };
    let e = change(&mut db, today, Change::ReminderDone { reminder: none }).unwrap_err();
    assert_eq!(field(e), "deadline");
    let unknown = ReminderKey {
        item_id: ItemId::at(noon(today)),
        ..key
    };
    let e = change(&mut db, today, Change::ReminderDone { reminder: unknown }).unwrap_err();
    assert!(matches!(e, Error::NotFound(_)));
    assert!(rows(&db).is_empty(), "nothing was written");
}

#[test]
fn the_schedulers_checker_skips_only_while_nothing_changed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let mut db = Db::open(&path, chrono::Utc::now()).unwrap();
    add(&mut db, Spec::due("EXT-1", "2024-12-10"));
    let mut checker = reminders::Checker::new();
    let day = d("2024-12-03");
    assert_eq!(checker.check(&mut db, day, noon(day)).unwrap().len(), 1);
    assert!(!checker.skipped());
    assert_eq!(checker.check(&mut db, day, noon(day)).unwrap(), []);
    assert!(checker.skipped(), "same day, nothing written: skipped");

    // A write through this connection: an item already due.
    add(&mut db, Spec::due("EXT-2", "2024-12-04"));
    let fired = checker.check(&mut db, day, noon(day)).unwrap();
    assert!(!checker.skipped());
    assert_eq!(
        keys(&fired),
        [("EXT-2".into(), Deadline::Due, d("2024-12-04"), 1)]
    );
    checker.check(&mut db, day, noon(day)).unwrap();
    assert!(checker.skipped());

    // A commit by another process (the command line).
    let mut other = Db::open(&path, chrono::Utc::now()).unwrap();
    add(&mut other, Spec::due("EXT-3", "2024-12-05"));
    let fired = checker.check(&mut db, day, noon(day)).unwrap();
    assert!(!checker.skipped(), "another connection's commit is noticed");
    assert_eq!(
        keys(&fired),
        [("EXT-3".into(), Deadline::Due, d("2024-12-05"), 7)]
    );

    // Another process's check records nothing new for us, but we look again.
    reminders::check(&mut other, day, noon(day)).unwrap();
    assert_eq!(checker.check(&mut db, day, noon(day)).unwrap(), []);

    // A new day.
    let next = d("2024-12-04");
    let fired = checker.check(&mut db, next, noon(next)).unwrap();
    assert!(!checker.skipped());
    assert_eq!(
        keys(&fired),
        [
            ("EXT-2".into(), Deadline::Due, d("2024-12-04"), 0),
            ("EXT-3".into(), Deadline::Due, d("2024-12-05"), 1),
        ]
    );
    checker.check(&mut db, next, noon(next)).unwrap();
    assert!(checker.skipped());
}
