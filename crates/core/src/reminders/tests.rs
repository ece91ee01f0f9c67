//! The pure rules, table-driven. The same rules against a real database (fire once across
//! many checks, snooze, done, re-arming, retiring, catching up) are in
//! `crates/core/tests/reminders.rs`.

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn leads(s: &str) -> Leads {
    Leads::parse("leads", s).unwrap()
}

#[test]
fn lead_times_parse_and_are_checked() {
    let ok: [(&str, &[i32]); 5] = [
        ("7,1,0", &[7, 1, 0, -1]),
        (" 0, 14 ,3", &[14, 3, 0, -1]),
        ("365", &[365, -1]),
        ("", &[-1]),
        ("  ", &[-1]),
    ];
    for (text, want) in ok {
        let got: Vec<i32> = leads(text).all().iter().map(|l| l.0).collect();
        assert_eq!(
            got, want,
            "`{text}`: distinct days, earliest first, overdue last"
        );
    }
    assert_eq!(Leads::default(), leads("7,1,0"), "the default is 7,1,0");
    assert_eq!(leads("0,1,7").to_setting(), "7,1,0");
    let bad = [
        ("-3", "-3 is not a lead time"),
        ("366", "366 is not a lead time"),
        ("x", "`x` is not a number of days"),
        ("7,7", "7 is given twice"),
        ("1.5", "`1.5` is not a number"),
        ("7,,1", "`` is not a number"),
    ];
    for (text, want) in bad {
        let e = Leads::parse("leads", text).expect_err(text);
        assert_eq!(e.field, "leads", "the error names the field");
        assert!(e.message.contains(want), "`{text}`: {}", e.message);
    }
}

#[test]
fn cadences_are_checked() {
    assert_eq!(Cadence::new(Kind::Extradition, 30).unwrap().days, 30);
    assert_eq!(Cadence::new(Kind::Commitment, 3650).unwrap().days, 3650);
    for bad in [0, -1, 3651] {
        let e = Cadence::new(Kind::Extradition, bad).unwrap_err();
        assert_eq!(e.field, "cadence.extradition");
        assert!(e.message.contains("1 to 3650"), "{}", e.message);
    }
}

#[test]
fn the_limits_sent_to_the_window_are_the_ones_checked() {
    let l = crate::validate::LIMITS;
    assert_eq!((l.lead_days.min, l.lead_days.max), (0, 365));
    assert_eq!((l.cadence_days.min, l.cadence_days.max), (1, 3650));
    let (lo, hi) = (i64::from(l.lead_days.min), i64::from(l.lead_days.max));
    for (days, ok) in [(lo - 1, false), (lo, true), (hi, true), (hi + 1, false)] {
        assert_eq!(
            Leads::from_days("leads", &[days]).is_ok(),
            ok,
            "lead {days}"
        );
    }
    let (lo, hi) = (i64::from(l.cadence_days.min), i64::from(l.cadence_days.max));
    for (days, ok) in [(lo - 1, false), (lo, true), (hi, true), (hi + 1, false)] {
        assert_eq!(
            Cadence::new(Kind::Scheduling, days).is_ok(),
            ok,
            "cadence {days}"
        );
    }
}

#[test]
fn the_current_lead_is_the_latest_whose_day_has_come() {
    let due = d("2024-12-10");
    let l = Leads::default();
    // (today, current lead, next lead)
    let cases: [(&str, Option<i32>, Option<i32>); 9] = [
        ("2024-11-01", None, Some(7)),
        ("2024-12-02", None, Some(7)),
        ("2024-12-03", Some(7), Some(1)),
        ("2024-12-08", Some(7), Some(1)),
        ("2024-12-09", Some(1), Some(0)),
        ("2024-12-10", Some(0), Some(-1)),
        ("2024-12-11", Some(-1), None),
        ("2024-12-31", Some(-1), None),
        ("2030-01-01", Some(-1), None),
    ];
    for (today, current, next) in cases {
        let t = d(today);
        assert_eq!(
            l.current(due, t).map(|x| x.0),
            current,
            "current on {today}"
        );
        assert_eq!(l.next(due, t).map(|x| x.0), next, "next on {today}");
    }
    assert_eq!(
        l.horizon(d("2024-12-03")),
        due,
        "horizon = today + the longest lead"
    );
    assert_eq!(
        leads("").horizon(d("2024-12-11")),
        due,
        "overdue only: yesterday"
    );
}

#[test]
fn the_stores_thresholds_agree_with_the_current_lead() {
    let today = d("2024-06-15");
    for set in ["7,1,0", "0", "30,14,3", "", "1"] {
        let l = leads(set);
        let th = l.thresholds(today);
        for offset in -10..=40 {
            let on = add_days(today, offset);
            // What the store's CASE computes: the first threshold the date is within.
            let by_case = th
                .iter()
                .find(|(_, last)| on <= *last)
                .map(|(lead, _)| *lead);
            assert_eq!(by_case, l.current(on, today), "leads {set}, deadline {on}");
        }
    }
}

#[test]
fn what_is_due_follows_from_what_is_stored() {
    let due = d("2024-12-10");
    let l = Leads::default();
    let at = chrono::TimeZone::with_ymd_and_hms(&Utc, 2024, 12, 1, 9, 0, 0).unwrap();
    let fired = |lead| Stored {
        lead: Lead(lead),
        mark: Mark::Fired,
        fired_at: Some(at),
    };
    let marked = |lead, mark| Stored {
        lead: Lead(lead),
        mark,
        fired_at: None,
    };
    let snoozed = |until: &str| marked(7, Mark::Snoozed { until: d(until) });
    // (today, stored, due lead)
    let cases: Vec<(&str, Option<Stored>, Option<i32>)> = vec![
        ("2024-12-02", None, None),
        ("2024-12-03", None, Some(7)),
        ("2024-12-03", Some(fired(7)), None),
        ("2024-12-08", Some(fired(7)), None),
        ("2024-12-09", Some(fired(7)), Some(1)),
        ("2024-12-09", Some(fired(1)), None),
        ("2024-12-10", Some(fired(7)), Some(0)),
        ("2024-12-11", Some(fired(0)), Some(-1)),
        ("2024-12-20", Some(fired(-1)), None),
        ("2024-12-20", None, Some(-1)),
        ("2024-12-05", Some(snoozed("2024-12-06")), None),
        ("2024-12-06", Some(snoozed("2024-12-06")), Some(7)),
        ("2024-12-09", Some(snoozed("2024-12-12")), None),
        ("2024-12-12", Some(snoozed("2024-12-12")), Some(-1)),
        ("2024-12-09", Some(marked(7, Mark::Done)), None),
        ("2024-12-30", Some(marked(7, Mark::Done)), None),
        ("2024-12-09", Some(marked(-1, Mark::Retired)), Some(1)),
    ];
    for (today, stored, want) in cases {
        assert_eq!(
            due_lead(&l, due, stored.as_ref(), d(today)).map(|x| x.0),
            want,
            "on {today} with {stored:?}"
        );
    }
}

/// Checks every day for two months, recording what fires as the store does: each lead
/// fires once, on its day, and never again.
#[test]
fn each_lead_fires_once_on_its_day_across_daily_checks() {
    let l = Leads::default();
    let deadline = DeadlineOf {
        item: 1,
        deadline: Deadline::Due,
        on: d("2024-12-10"),
    };
    let mut stored: Option<Stored> = None;
    let mut fired = Vec::new();
    let mut day = d("2024-11-15");
    while day < d("2025-01-15") {
        for _ in 0..3 {
            // several checks a day
            for (_, lead) in due_now(&[deadline], |_| stored, &l, day) {
                fired.push((day, lead.0));
                stored = Some(Stored {
                    lead,
                    mark: Mark::Fired,
                    fired_at: None,
                });
            }
        }
        day = add_days(day, 1);
    }
    assert_eq!(
        fired,
        [
            (d("2024-12-03"), 7),
            (d("2024-12-09"), 1),
            (d("2024-12-10"), 0),
            (d("2024-12-11"), -1)
        ]
    );
}

#[test]
fn a_cadence_chases_every_period_of_silence() {
    let l = Leads::default();
    let heard = d("2024-01-01");
    // (today, chase date) with a 30-day cadence and a 7-day first lead
    let cases = [
        ("2024-01-02", "2024-01-31"),
        ("2024-01-23", "2024-01-31"),
        ("2024-01-24", "2024-01-31"),
        ("2024-02-01", "2024-01-31"),
        ("2024-02-22", "2024-01-31"),
        ("2024-02-23", "2024-03-01"),
        ("2023-12-01", "2024-01-31"),
    ];
    for (today, want) in cases {
        assert_eq!(cadence_on(heard, 30, &l, d(today)), d(want), "on {today}");
    }
    // Silent for 30 days: the day after the chase date the overdue reminder is due…
    let on = cadence_on(heard, 30, &l, d("2024-02-01"));
    assert_eq!(due_lead(&l, on, None, d("2024-02-01")), Some(Lead::OVERDUE));
    // …but not when the counterpart answered ten days ago.
    let on = cadence_on(d("2024-01-22"), 30, &l, d("2024-02-01"));
    assert_eq!(due_lead(&l, on, None, d("2024-02-01")), None);
}

#[test]
fn groups_and_words_go_by_the_deadline_date() {
    let today = d("2024-12-10");
    let cases = [
        ("2024-12-01", Group::Overdue, "overdue by 9 days"),
        ("2024-12-09", Group::Overdue, "overdue by 1 day"),
        ("2024-12-10", Group::DueToday, "today"),
        ("2024-12-11", Group::ThisWeek, "tomorrow"),
        ("2024-12-17", Group::ThisWeek, "in 7 days"),
        ("2024-12-18", Group::Later, "in 8 days"),
    ];
    for (on, g, words) in cases {
        assert_eq!(group(d(on), today), g, "{on}");
        assert_eq!(when_words((d(on) - today).num_days()), words, "{on}");
    }
}

fn reminder(reference: &str, deadline: Deadline, on: &str) -> Reminder {
    Reminder {
        item_id: ItemId::at(chrono::DateTime::UNIX_EPOCH),
        reference: reference.into(),
        title: format!("Title of {reference}"),
        kind: Kind::Extradition,
        deadline,
        deadline_on: d(on),
        lead: Lead(1),
        fire_on: d(on),
        state: ReminderState::Fired,
        fired_at: None,
        snoozed_until: None,
    }
}

#[test]
fn the_window_is_sent_each_reminders_group_and_words() {
    use ReminderState::{Done, Fired, Pending, Snoozed};
    let today = d("2024-12-10");
    let fired_at = "2024-12-03T08:00:00Z".parse().ok();
    // (deadline, date, state, snoozed until) → group, heading, when, deadline, state, status;
    // then the same words in Chinese.
    #[rustfmt::skip]
    let cases = [
        (Deadline::Due, "2024-12-01", Fired, None,
            (Group::Overdue, "Overdue", "overdue by 9 days", "Due date", "Reminded", "Reminded 2024-12-03"),
            ("已逾期", "已逾期 9 天", "期限", "已提醒", "已于 2024-12-03 提醒")),
        (Deadline::FollowUp, "2024-12-09", Pending, None,
            (Group::Overdue, "Overdue", "overdue by 1 day", "Follow-up", "Pending", "Next reminder 2024-12-09"),
            ("已逾期", "已逾期 1 天", "跟进日期", "待提醒", "下次提醒 2024-12-09")),
        (Deadline::Cadence, "2024-12-10", Done, None,
            (Group::DueToday, "Due today", "today", "Follow-up (cadence)", "Done", "Done"),
            ("今日到期", "今天", "跟进日期（催办周期）", "完成", "完成")),
        (Deadline::Due, "2024-12-11", Snoozed, Some("2024-12-12"),
            (Group::ThisWeek, "This week", "tomorrow", "Due date", "Snoozed until 2024-12-12", "Snoozed until 2024-12-12"),
            ("本周", "明天", "期限", "稍后提醒至 2024-12-12", "稍后提醒至 2024-12-12")),
        (Deadline::Due, "2024-12-17", Pending, None,
            (Group::ThisWeek, "This week", "in 7 days", "Due date", "Pending", "Next reminder 2024-12-17"),
            ("本周", "7 天后", "期限", "待提醒", "下次提醒 2024-12-17")),
        (Deadline::FollowUp, "2024-12-18", Snoozed, None,
            (Group::Later, "Later", "in 8 days", "Follow-up", "Snoozed", "Snoozed"),
            ("以后", "8 天后", "跟进日期", "稍后提醒", "稍后提醒")),
    ];
    for (deadline, on, state, until, want, want_zh) in cases {
        let r = Reminder {
            state,
            snoozed_until: until.map(d),
            fired_at: (state == Fired).then_some(fired_at).flatten(),
            fire_on: d(on),
            ..reminder("EXT-1", deadline, on)
        };
        let shown = r.clone().shown(today);
        let w = &shown.words;
        assert_eq!(
            (
                shown.group,
                w.heading,
                w.when.as_str(),
                w.deadline,
                w.state.as_str(),
                w.status.as_str()
            ),
            want,
            "{deadline} {on} {state:?}"
        );
        let z = &shown.words_zh;
        assert_eq!(
            (
                z.heading,
                z.when.as_str(),
                z.deadline,
                z.state.as_str(),
                z.status.as_str()
            ),
            want_zh,
            "{deadline} {on} {state:?} in Chinese"
        );
        assert_eq!(shown.active, !matches!(state, Snoozed | Done), "{on}");
        assert_eq!(
            shown.reminder, r,
            "the reminder itself goes along unchanged"
        );
    }
    // A fired reminder whose instant is unknown is still "Reminded".
    let r = reminder("EXT-2", Deadline::Due, "2024-12-11").shown(today);
    assert_eq!(r.words.status, "Reminded");
    assert_eq!(r.words_zh.status, "已提醒");
    // On the wire: the reminder's own fields, then its group and words beside them.
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["reference"], "EXT-2");
    assert_eq!(json["group"], "this_week");
    assert_eq!(json["words"]["heading"], "This week");
    assert_eq!(json["words_zh"]["heading"], "本周");
    assert_eq!(json["active"], true);
}

#[test]
fn the_badge_counts_what_is_due_and_neither_snoozed_nor_done() {
    let today = d("2024-12-10");
    let with = |on: &str, state| Reminder {
        state,
        ..reminder("EXT-1", Deadline::Due, on)
    };
    let list = [
        with("2024-12-01", ReminderState::Fired),
        with("2024-12-10", ReminderState::Pending),
        with("2024-12-09", ReminderState::Snoozed),
        with("2024-12-10", ReminderState::Done),
        with("2024-12-11", ReminderState::Pending),
    ];
    assert_eq!(badge(&list, today), 2, "overdue and due today, active");
    assert_eq!(badge(&[], today), 0);
}

#[test]
fn reminders_due_together_are_gathered_into_one_notification() {
    let today = d("2024-12-10");
    let refs = NotificationDetail::ReferencesOnly;
    assert_eq!(gather(&[], today, refs), None);
    let one = [reminder("EXT-1", Deadline::Due, "2024-12-11")];
    let titled = gather(&one, today, NotificationDetail::Titles).unwrap();
    assert_eq!(titled.summary, "EXT-1 due tomorrow");
    assert_eq!(titled.body, "Title of EXT-1");
    let plain = gather(&one, today, NotificationDetail::default()).unwrap();
    assert_eq!(plain.summary, "EXT-1 due tomorrow");
    assert_eq!(plain.body, NO_TITLE_BODY, "references only by default");
    assert!(!plain.text().contains("Title"), "{}", plain.text());
    let three = [
        reminder("SCH-2", Deadline::FollowUp, "2024-12-10"),
        reminder("EXT-1", Deadline::Due, "2024-12-11"),
        reminder("IND-3", Deadline::Cadence, "2024-12-07"),
    ];
    assert_eq!(
        gather(&three, today, refs).unwrap().text(),
        "3 deadlines: IND-3 chase overdue by 3 days, SCH-2 follow-up today, EXT-1 due tomorrow",
        "most urgent first"
    );
    let late = reminder("EXT-9", Deadline::Due, "2024-12-08");
    assert_eq!(late.describe(today), "EXT-9 overdue by 2 days");
    let many: Vec<Reminder> = (1..=8)
        .map(|i| reminder(&format!("EXT-{i}"), Deadline::Due, "2024-12-12"))
        .collect();
    let n = gather(&many, today, NotificationDetail::Titles).unwrap();
    assert_eq!(n.summary, "8 deadlines");
    assert!(
        n.body.ends_with("EXT-5 due in 2 days and 3 more"),
        "{}",
        n.body
    );
}

#[test]
fn notification_markup_is_escaped() {
    let today = d("2024-12-10");
    let mut r = reminder("EXT-1&2", Deadline::Due, "2024-12-11");
    r.title = "<a href=\"https://x.example\">Click</a> & <img src=x>".into();
    let n = gather(&[r], today, NotificationDetail::Titles).unwrap();
    assert_eq!(
        n.markup_text(),
        "EXT-1&amp;2 due tomorrow: &lt;a href=\"https://x.example\"&gt;Click&lt;/a&gt; &amp; &lt;img src=x&gt;"
    );
}

#[test]
fn words_for_the_view() {
    assert_eq!(Lead(7).to_string(), "7 days before");
    assert_eq!(Lead(1).to_string(), "1 day before");
    assert_eq!(Lead(0).to_string(), "on the day");
    assert_eq!(Lead::OVERDUE.to_string(), "overdue");
    for dl in Deadline::ALL {
        assert_eq!(dl.as_str().parse::<Deadline>().unwrap(), dl);
    }
    assert!("soon".parse::<Deadline>().is_err());
}
