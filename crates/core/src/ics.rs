//! The deadlines of the open items as an iCalendar file (RFC 5545), for Outlook or any
//! calendar: one all-day event per deadline, pure, with `now` passed in.
//!
//! - **UID** `<item-id>-<deadline>@counterpart` (`…-due@`, `…-follow_up@`, `…-cadence@`):
//!   the same across exports, so importing a newer file updates the events instead of
//!   adding copies; a moved due date moves its event.
//! - **DTSTART;VALUE=DATE** the deadline, **DTEND** the day after (an all-day event ends
//!   at the start of the next day; RFC 5545 3.6.1).
//! - **SUMMARY** "EXT-1 due: Surrender of Lin X" ("follow-up", "chase" for the others).
//! - **DESCRIPTION** the counterpart agency and the days with counterpart as of `today`.
//! - **VALARM** (ACTION DISPLAY) at the first lead time, e.g. `TRIGGER:-P7D`; none when
//!   only the overdue reminder is set.
//! - **DTSTAMP** `now`, given by the caller (the export's time), never the clock.
//!
//! The entries come from [`crate::db::reminders::calendar`].

use chrono::{DateTime, Duration, NaiveDate, Utc};
use icalendar::{Alarm, Calendar, Component, EventLike, Property, Trigger};

use crate::model::{ItemId, Kind};
use crate::reminders::{add_days, when_words, Deadline, Leads};

/// One deadline of an open item, with what its event shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub item_id: ItemId,
    pub reference: String,
    pub title: String,
    pub kind: Kind,
    /// The counterpart agency's code.
    pub counterpart: String,
    /// Its English name, when known.
    pub agency: Option<String>,
    pub days_with_counterpart: Option<i64>,
    pub deadline: Deadline,
    pub deadline_on: NaiveDate,
}

/// The event's stable UID.
pub fn uid(item: ItemId, deadline: Deadline) -> String {
    format!("{item}-{deadline}@counterpart")
}

/// The calendar's name as calendars show it.
pub const CALENDAR_NAME: &str = "Counterpart deadlines";

/// The program that wrote the file (RFC 5545 3.7.3).
pub const PRODID: &str = "-//Counterpart//Deadlines//EN";

/// An alarm `days` before the start: `-P7D`, or `PT0S` on the day.
fn trigger(days: i64) -> String {
    if days == 0 {
        "PT0S".into()
    } else {
        format!("-P{days}D")
    }
}

/// Writes the entries as an iCalendar document (CRLF line ends, folded lines); the days
/// with counterpart are as of `today`, DTSTAMP is `now`.
pub fn calendar(entries: &[Entry], leads: &Leads, today: NaiveDate, now: DateTime<Utc>) -> String {
    let mut cal = Calendar::new();
    for p in cal.properties.iter_mut() {
        if p.key() == "PRODID" {
            *p = Property::new("PRODID", PRODID);
        }
    }
    cal.name(CALENDAR_NAME);
    for e in entries {
        let agency = match &e.agency {
            Some(name) => format!("{name} ({})", e.counterpart),
            None => e.counterpart.clone(),
        };
        let days = match e.days_with_counterpart {
            Some(1) => "1 day".to_owned(),
            Some(n) => format!("{n} days"),
            None => "not yet transmitted".to_owned(),
        };
        let description = format!(
            "{} — {}\nCounterpart agency: {agency}\nDays with counterpart: {days} (as of {})",
            e.reference,
            e.kind.label_en(),
            today
        );
        let mut event = icalendar::Event::new();
        event
            .uid(&uid(e.item_id, e.deadline))
            .timestamp(now)
            .summary(&format!(
                "{} {}: {}",
                e.reference,
                e.deadline.noun(),
                e.title
            ))
            .description(&description)
            .starts(e.deadline_on)
            .ends(add_days(e.deadline_on, 1));
        if let Some(first) = leads.first() {
            let days = i64::from(first.0);
            let mut alarm = Alarm::display(
                &format!("{} {} {}", e.reference, e.deadline.noun(), when_words(days)),
                Trigger::before_start(Duration::days(days)),
            );
            // Written as whole days (`-P7D`) rather than the library's seconds; the
            // library writes a DTSTAMP and a UID in every component, so both are given
            // here, or the file would change at every export.
            alarm
                .add_property("TRIGGER", trigger(days))
                .timestamp(now)
                .uid(&format!(
                    "{item}-{deadline}-alarm@counterpart",
                    item = e.item_id,
                    deadline = e.deadline
                ));
            event.alarm(alarm.done());
        }
        cal.push(event.done());
    }
    cal.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use icalendar::{CalendarComponent, DatePerhapsTime};

    fn entry(reference: &str, deadline: Deadline, on: &str) -> Entry {
        Entry {
            item_id: ItemId::at(chrono::DateTime::UNIX_EPOCH),
            reference: reference.into(),
            title: "Surrender of Lin X, precursor broker; a long title, with commas".into(),
            kind: Kind::Extradition,
            counterpart: "MPS".into(),
            agency: Some("Ministry of Public Security".into()),
            days_with_counterpart: Some(412),
            deadline,
            deadline_on: on.parse().unwrap(),
        }
    }

    fn parse(text: &str) -> Calendar {
        text.parse::<Calendar>()
            .unwrap_or_else(|e| panic!("the export parses back: {e}\n{text}"))
    }

    fn events(cal: &Calendar) -> Vec<&icalendar::Event> {
        cal.components
            .iter()
            .filter_map(|c| match c {
                CalendarComponent::Event(e) => Some(e),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn one_all_day_event_per_deadline_with_an_alarm_at_the_first_lead() {
        let now = Utc.with_ymd_and_hms(2024, 11, 18, 9, 30, 0).unwrap();
        let entries = [
            entry("EXT-1", Deadline::Due, "2024-12-01"),
            entry("EXT-2", Deadline::FollowUp, "2024-11-20"),
        ];
        let text = calendar(&entries, &Leads::default(), now.date_naive(), now);
        assert!(text.contains("\r\n"), "RFC 5545 lines end in CRLF");
        assert!(text.contains("DTSTART;VALUE=DATE:20241201"), "{text}");
        assert!(text.contains("TRIGGER:-P7D"), "{text}");
        assert!(text.contains("ACTION:DISPLAY"), "{text}");
        assert!(
            text.contains("DTSTAMP:20241118T093000Z"),
            "DTSTAMP is `now`: {text}"
        );
        assert!(
            text.lines()
                .filter(|l| l.starts_with("DTSTAMP"))
                .all(|l| l == "DTSTAMP:20241118T093000Z"),
            "every DTSTAMP is `now`, none read from the clock: {text}"
        );
        assert!(
            text.contains("PRODID:-//Counterpart//Deadlines//EN"),
            "{text}"
        );
        assert_eq!(
            text,
            calendar(&entries, &Leads::default(), now.date_naive(), now),
            "the same deadlines give the same file"
        );
        let cal = parse(&text);
        let evs = events(&cal);
        assert_eq!(evs.len(), 2);
        let first = evs[0];
        assert_eq!(
            first.get_uid(),
            Some(uid(entries[0].item_id, Deadline::Due).as_str())
        );
        assert_eq!(
            first.get_summary(),
            Some("EXT-1 due: Surrender of Lin X, precursor broker; a long title, with commas")
        );
        assert_eq!(
            first.get_start(),
            Some(DatePerhapsTime::Date("2024-12-01".parse().unwrap())),
            "an all-day date"
        );
        assert_eq!(
            first.get_end(),
            Some(DatePerhapsTime::Date("2024-12-02".parse().unwrap())),
            "ends at the start of the next day"
        );
        let desc = first.get_description().unwrap();
        assert!(desc.contains("Ministry of Public Security (MPS)"), "{desc}");
        assert!(desc.contains("412 days (as of 2024-11-18)"), "{desc}");
        assert_eq!(first.get_timestamp(), Some(now));
        let alarms: Vec<_> = first
            .components()
            .iter()
            .filter(|c| c.component_kind() == "VALARM")
            .collect();
        assert_eq!(alarms.len(), 1, "one alarm per event");
        assert_eq!(alarms[0].property_value("TRIGGER"), Some("-P7D"));
        assert_eq!(alarms[0].property_value("ACTION"), Some("DISPLAY"));
        assert_eq!(
            alarms[0].property_value("DESCRIPTION"),
            Some("EXT-1 due in 7 days")
        );
        assert_eq!(
            evs[1].get_summary().map(|s| &s[..16]),
            Some("EXT-2 follow-up:")
        );
    }

    #[test]
    fn no_alarm_when_only_the_overdue_reminder_is_set() {
        let now = Utc.with_ymd_and_hms(2024, 11, 18, 0, 0, 0).unwrap();
        let leads = Leads::parse("leads", "").unwrap();
        let text = calendar(
            &[entry("EXT-1", Deadline::Due, "2024-12-01")],
            &leads,
            now.date_naive(),
            now,
        );
        assert!(!text.contains("VALARM"), "{text}");
        let leads = Leads::parse("leads", "0").unwrap();
        let text = calendar(
            &[entry("EXT-1", Deadline::Due, "2024-12-01")],
            &leads,
            now.date_naive(),
            now,
        );
        assert!(text.contains("TRIGGER:PT0S"), "{text}");
    }
}
