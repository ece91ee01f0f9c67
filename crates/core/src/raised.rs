//! How often an item was raised with the PRC side, when last and at what highest level
//! (PRODUCT.md "Raising an item"), pure: from its events, retracted ones left out.

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashSet;

use crate::model::{Event, EventId, EventType, NewEvent, RaiseLevel};
use crate::problem::Problem;
use crate::validate::{check_text, FieldError, MAX_SHORT};

/// A venue as stored: trimmed, None when empty.
pub(crate) fn venue(v: Option<&str>) -> Option<String> {
    v.map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// [`check`] of an event being recorded: a raised one needs its level.
pub(crate) fn check_new(errors: &mut Vec<FieldError>, e: &NewEvent) {
    check(errors, e.event_type, e.level, e.venue.as_deref(), true);
}

/// [`check`] of an event an item comes with (an import's history).
pub(crate) fn check_recorded(errors: &mut Vec<FieldError>, e: &Event) {
    check(errors, e.event_type, e.level, e.venue.as_deref(), false);
}

/// Checks a level and venue against the event's type: only a `raised` event has them,
/// and one being recorded (`required`) must say its level. (A raised event an item comes
/// with, from an import, may lack one: a history from before schema 9.)
fn check(
    errors: &mut Vec<FieldError>,
    event_type: EventType,
    level: Option<RaiseLevel>,
    venue: Option<&str>,
    required: bool,
) {
    if let Some(v) = venue {
        check_text(errors, "venue", v, MAX_SHORT, false);
    }
    if event_type == EventType::Raised {
        if required && level.is_none() {
            errors.push(FieldError::of(
                "level",
                Problem::LevelRequired {
                    levels: RaiseLevel::ALL.map(RaiseLevel::as_str).join(", "),
                },
            ));
        }
        return;
    }
    if level.is_some() {
        errors.push(FieldError::of("level", Problem::NoLevel { event_type }));
    }
    if venue.is_some_and(|v| !v.trim().is_empty()) {
        errors.push(FieldError::of("venue", Problem::NoVenue { event_type }));
    }
}

/// An item's raise summary: `show --format json`'s `"raised"`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RaiseSummary {
    pub count: u32,
    pub last_on: Option<NaiveDate>,
    /// The highest level of the counted events that have one (None: none has).
    pub highest_level: Option<RaiseLevel>,
}

impl RaiseSummary {
    /// The summary of an item's events: its `raised` events that no retraction retracts.
    pub fn of(events: &[Event]) -> RaiseSummary {
        let retracted: HashSet<EventId> = events.iter().filter_map(|e| e.retracts).collect();
        let mut s = RaiseSummary::default();
        for e in events
            .iter()
            .filter(|e| e.event_type == EventType::Raised && !retracted.contains(&e.id))
        {
            s.add(e.on, e.level);
        }
        s
    }

    /// Counts one more raised event.
    pub fn add(&mut self, on: NaiveDate, level: Option<RaiseLevel>) {
        self.count += 1;
        self.last_on = self.last_on.max(Some(on));
        self.highest_level = self.highest_level.max(level);
    }

    /// In plain words: "raised 4 times, last 2024-11-18 at cabinet level", "never raised".
    pub fn words_en(&self) -> String {
        let Some(last) = self.last_on else {
            return "never raised".to_owned();
        };
        let times = match self.count {
            1 => "once".to_owned(),
            2 => "twice".to_owned(),
            n => format!("{n} times"),
        };
        let level = self
            .highest_level
            .map(|l| format!(" at {} level", l.phrase_en()))
            .unwrap_or_default();
        format!("raised {times}, last {last}{level}")
    }

    /// The same in Chinese (the glossary's terms): "交涉 4 次，最近一次 2024-11-18，交涉最高级别：部长级".
    pub fn words_zh(&self) -> String {
        let Some(last) = self.last_on else {
            return "尚未交涉".to_owned();
        };
        let level = self
            .highest_level
            .map(|l| format!("，交涉最高级别：{}", l.label_zh()))
            .unwrap_or_default();
        format!("交涉 {} 次，最近一次交涉 {last}{level}", self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ItemId, Side};

    fn ev(n: u8, t: EventType, on: &str, level: Option<RaiseLevel>) -> Event {
        let at = format!("2024-01-01T00:00:{n:02}Z").parse().unwrap();
        Event {
            id: EventId::at(at),
            item_id: ItemId::at("2024-01-01T00:00:00Z".parse().unwrap()),
            event_type: t,
            on: on.parse().unwrap(),
            recorded_at: at,
            recorded_by: None,
            side: Side::Us,
            status: None,
            due_on: None,
            retracts: None,
            note: String::new(),
            level,
            venue: None,
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn counts_raised_events_with_the_last_date_and_highest_level_retractions_excluded() {
        let mut leaders = ev(
            4,
            EventType::Raised,
            "2024-12-01",
            Some(RaiseLevel::Leaders),
        );
        leaders.id = EventId::at("2024-12-01T00:00:00Z".parse().unwrap());
        let mut retraction = ev(5, EventType::Retraction, "2024-12-02", None);
        retraction.retracts = Some(leaders.id);
        let events = vec![
            ev(1, EventType::Transmitted, "2024-01-10", None),
            ev(
                2,
                EventType::Raised,
                "2024-11-18",
                Some(RaiseLevel::Cabinet),
            ),
            ev(
                3,
                EventType::Raised,
                "2024-03-01",
                Some(RaiseLevel::Working),
            ),
            ev(6, EventType::Raised, "2024-06-01", None),
            ev(
                7,
                EventType::Raised,
                "2024-09-01",
                Some(RaiseLevel::Director),
            ),
            ev(8, EventType::Note, "2024-12-05", None),
            leaders,
            retraction,
        ];
        let s = RaiseSummary::of(&events);
        assert_eq!(
            s,
            RaiseSummary {
                count: 4,
                last_on: Some(d("2024-11-18")),
                highest_level: Some(RaiseLevel::Cabinet),
            }
        );
        assert_eq!(
            s.words_en(),
            "raised 4 times, last 2024-11-18 at cabinet level"
        );
        assert_eq!(
            s.words_zh(),
            "交涉 4 次，最近一次交涉 2024-11-18，交涉最高级别：部长级"
        );
    }

    #[test]
    fn an_item_never_raised_and_one_raised_before_levels() {
        let none = RaiseSummary::of(&[ev(1, EventType::Transmitted, "2024-01-10", None)]);
        assert_eq!(none, RaiseSummary::default());
        assert_eq!(none.words_en(), "never raised");
        let old = RaiseSummary::of(&[ev(1, EventType::Raised, "2023-05-02", None)]);
        assert_eq!((old.count, old.highest_level), (1, None));
        assert_eq!(old.words_en(), "raised once, last 2023-05-02");
    }

    #[test]
    fn levels_rank_from_working_to_leaders() {
        assert!(RaiseLevel::ALL.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(RaiseLevel::Leaders.phrase_en(), "leaders'");
    }
}
