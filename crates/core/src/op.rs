//! Operations: every change the record can undergo, as one typed, serialisable value.
//!
//! The command line, the window, import and the demo all describe what they want changed as
//! an [`Operation`] and hand it to [`crate::db::Db::apply`], the one function that writes:
//! in one immediate transaction it validates the operation, writes the rows, keeps the
//! search index and the reminders in step and appends the audit rows. Nothing else writes
//! to the record, so every rule is checked once, every change is audited, and an operation
//! can travel (to a file, to a team server) and be applied elsewhere with the same result.
//!
//! An operation carries everything that would otherwise be read from the machine it is
//! applied on: its own id, the ids of what it creates, its author, the instant it was made
//! and the author's `today` (an event dated after it is refused). Its JSON form is stable
//! and versioned ([`FORMAT`]): `{"v": 1, "id": …, "at": …, "today": …, "author": …,
//! "op": "record_event", …}`; a version this program does not know is refused
//! ([`Operation::from_json`]).
//!
//! To add a change: a variant of [`Change`] (its fields are its JSON form, so never rename
//! one without a new [`FORMAT`]), its arm in `db::apply`, and a case in the tests of
//! `crates/core/tests/operations.rs` (every kind must leave its audit row and a consistent
//! search index).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{
    Event, EventId, EventType, ItemFields, ItemId, Kind, NewEvent, OpId, Substance,
};
use crate::reminders::ReminderKey;

/// The version of the operations' JSON form that this program writes and reads.
pub const FORMAT: u32 = 1;

/// One change to the record, with who made it, when, and on which day.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operation {
    /// The version of this JSON form ([`FORMAT`]).
    pub v: u32,
    pub id: OpId,
    /// When it was made.
    pub at: DateTime<Utc>,
    /// The author's date when it was made: an event dated after it is refused.
    pub today: NaiveDate,
    /// The user name recorded with the change (None: not set).
    pub author: Option<String>,
    #[serde(flatten)]
    pub change: Change,
}

/// What an operation changes.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Change {
    /// A new item, with the history it comes with (none for a draft, its transmission, or a
    /// whole imported history).
    CreateItem(NewItem),
    /// New values for an item's fields (not its kind or history). `base_version` is the
    /// version the change was based on: if the item changed since, it is refused as a
    /// conflict; None applies it to whatever is stored (an import, a command line edit).
    EditFields {
        item: ItemId,
        #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
        base_version: Option<i64>,
        fields: ItemFields,
    },
    /// A dated event in an item's history (retractions are [`Change::Retract`]).
    RecordEvent {
        item: ItemId,
        event: EventId,
        input: NewEvent,
    },
    /// Marks an event of the item retracted, with the reason; the event stays in the
    /// history and stops counting.
    Retract {
        item: ItemId,
        event: EventId,
        retracts: EventId,
        on: NaiveDate,
        note: String,
    },
    Link {
        from: ItemId,
        to: ItemId,
        relation: String,
    },
    Unlink {
        from: ItemId,
        to: ItemId,
        relation: String,
    },
    Archive {
        item: ItemId,
    },
    Unarchive {
        item: ItemId,
    },
    /// Deletes the item with its events, links, reminder rows and search text (audited).
    Erase {
        item: ItemId,
    },
    /// A counterpart agency added to the reference data.
    AddAgency {
        code: String,
        name_en: String,
        name_zh: String,
    },
    /// The handling marking printed on briefs (empty: back to the default).
    SetMarking {
        marking: String,
    },
    /// The reminder lead times, in whole days before a deadline.
    SetReminderLeads {
        #[cfg_attr(feature = "specta", specta(type = Vec<i32>))]
        days: Vec<i64>,
    },
    /// The follow-up cadence of a kind (None: no cadence).
    SetCadence {
        kind: Kind,
        #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
        days: Option<i64>,
    },
    /// No reminder of this deadline fires before `until`.
    SnoozeReminder {
        reminder: ReminderKey,
        until: NaiveDate,
    },
    /// None of this deadline's reminders fires again (a new date re-arms them).
    ReminderDone {
        reminder: ReminderKey,
    },
    /// Lets another agency's users of the team see and work on the item (team mode).
    Share {
        item: ItemId,
        agency: String,
    },
    /// A day added to a calendar: a closure or holiday, or a make-up working day (shared
    /// reference data: travels to the team).
    AddHoliday {
        calendar: crate::calendar::Calendar,
        on: NaiveDate,
        kind: crate::calendar::DayKind,
        name: String,
    },
    /// A substance added to the registry (shared reference data: it travels to the team).
    AddSubstance(Substance),
    /// New facts for a registered substance, known by its CAS number (marking it
    /// controlled by the PRC on a date is one).
    EditSubstance(Substance),
    /// A year's calendar loaded from its notice: its days join the calendar and the year
    /// counts as published (shared reference data: it travels to the team).
    PublishCalendar(crate::calendar::Notice),
    /// A file kept with an item (audited with its SHA-256). The operation carries what
    /// the file is, not its bytes: they reach [`crate::db::Db::apply_with_content`] beside
    /// it, streamed, and are checked against the hash and size as they are stored (without
    /// them, the file must already be kept here, attached to another item).
    Attach(crate::attachment::NewAttachment),
    /// An attachment taken off its item (audited, with what it was); the file's bytes go
    /// when no other item keeps it.
    RemoveAttachment {
        item: ItemId,
        sha256: String,
    },
}

/// A new item: its fields and the history it comes with.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewItem {
    pub item: ItemId,
    pub fields: ItemFields,
    /// Its events, each with this item's id, in the order they were recorded.
    #[serde(default)]
    pub events: Vec<Event>,
    /// When it was created and last changed, when it comes from elsewhere (an import of
    /// an export); None: the operation's instant.
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub updated_at: Option<DateTime<Utc>>,
}

/// Who makes operations, and when: the edge (a command of the command line, a command of
/// the window) makes one of these from the system clock and the user's settings, and every
/// operation it makes takes its id, instant, day and author from it. The ids it makes
/// at its one instant still increase, one after the other (a counter below the
/// millisecond), so that thousands made by one import go into the indexes in order.
#[derive(Debug)]
pub struct Author {
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
    pub name: Option<String>,
    ids: std::sync::Mutex<uuid::ContextV7>,
}

impl Clone for Author {
    fn clone(&self) -> Author {
        Author::new(self.now, self.today, self.name.clone())
    }
}

impl Author {
    /// The name is recorded trimmed, an empty one as none; [`crate::db::Db::apply`]
    /// refuses one that is not a user name ([`crate::validate::user_name`]).
    pub fn new(now: DateTime<Utc>, today: NaiveDate, name: Option<String>) -> Author {
        let name = name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
        Author {
            now,
            today,
            name,
            ids: std::sync::Mutex::new(uuid::ContextV7::new()),
        }
    }

    /// An operation of this author, now.
    pub fn op(&self, change: Change) -> Operation {
        Operation {
            v: FORMAT,
            id: OpId(self.uuid()),
            at: self.now,
            today: self.today,
            author: self.name.clone(),
            change,
        }
    }

    /// A new item id, made now.
    pub fn item_id(&self) -> ItemId {
        ItemId(self.uuid())
    }

    /// A time-ordered id made now, after every id this author made before.
    fn uuid(&self) -> uuid::Uuid {
        let ids = self.ids.lock().unwrap_or_else(|p| p.into_inner());
        let ts = uuid::Timestamp::from_unix(
            &*ids,
            u64::try_from(self.now.timestamp()).unwrap_or(0),
            self.now.timestamp_subsec_nanos(),
        );
        uuid::Uuid::new_v7(ts)
    }

    /// A new event id, made now.
    pub fn event_id(&self) -> EventId {
        EventId(self.uuid())
    }

    /// The operation that creates an item of these fields, transmitted on `transmitted_on`
    /// if it has been sent (its `transmitted` event, recorded now).
    pub fn create_item(&self, fields: ItemFields, transmitted_on: Option<NaiveDate>) -> Operation {
        let item = self.item_id();
        let events = transmitted_on
            .map(|on| self.event(item, EventType::Transmitted, on))
            .into_iter()
            .collect();
        self.op(Change::CreateItem(NewItem {
            item,
            fields,
            events,
            created_at: None,
            updated_at: None,
        }))
    }

    /// An event of `event_type` on `on` with no other facts, recorded now by this author
    /// (for the history a new item comes with).
    pub fn event(&self, item: ItemId, event_type: EventType, on: NaiveDate) -> Event {
        Event {
            id: self.event_id(),
            item_id: item,
            event_type,
            on,
            recorded_at: self.now,
            recorded_by: self.name.clone(),
            side: event_type.default_side(),
            status: None,
            due_on: None,
            retracts: None,
            note: String::new(),
            level: None,
            venue: None,
        }
    }

    /// The operations that set the reminder settings as a whole: these lead times, and
    /// these cadences (a kind left out has none).
    pub fn reminder_settings(&self, lead_days: &[i64], cadences: &[(Kind, i64)]) -> Vec<Operation> {
        let mut ops = vec![self.op(Change::SetReminderLeads {
            days: lead_days.to_vec(),
        })];
        ops.extend(Kind::ALL.into_iter().map(|kind| {
            let days = cadences.iter().find(|(k, _)| *k == kind).map(|(_, d)| *d);
            self.op(Change::SetCadence { kind, days })
        }));
        ops
    }

    /// The operation that records `input` on `item` (a retraction when its type is
    /// `retraction`: it must then name the event it retracts).
    pub fn event_op(&self, item: ItemId, input: NewEvent) -> Operation {
        let event = self.event_id();
        self.op(match (input.event_type, input.retracts) {
            (EventType::Retraction, Some(retracts)) => Change::Retract {
                item,
                event,
                retracts,
                on: input.on,
                note: input.note,
            },
            _ => Change::RecordEvent { item, event, input },
        })
    }
}

impl Operation {
    /// The operation's JSON form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("an operation always serialises")
    }

    /// Reads an operation's JSON form; a version other than [`FORMAT`] is refused.
    pub fn from_json(json: &str) -> Result<Operation> {
        #[derive(Deserialize)]
        struct Version {
            v: u32,
        }
        let Version { v } = serde_json::from_str(json)?;
        if v != FORMAT {
            return Err(Error::field(
                "v",
                crate::problem::Problem::UnknownFormatToRead {
                    format: v,
                    known: FORMAT,
                },
            ));
        }
        Ok(serde_json::from_str(json)?)
    }

    /// The item the operation is about, if it is about one (the first, for a link).
    pub fn item(&self) -> Option<ItemId> {
        match &self.change {
            Change::CreateItem(n) => Some(n.item),
            Change::EditFields { item, .. }
            | Change::RecordEvent { item, .. }
            | Change::Retract { item, .. }
            | Change::Archive { item }
            | Change::Unarchive { item }
            | Change::Erase { item }
            | Change::Share { item, .. } => Some(*item),
            Change::Link { from, .. } | Change::Unlink { from, .. } => Some(*from),
            Change::Attach(a) => Some(a.item),
            Change::RemoveAttachment { item, .. } => Some(*item),
            Change::SnoozeReminder { reminder, .. } | Change::ReminderDone { reminder } => {
                Some(reminder.item_id)
            }
            Change::AddAgency { .. }
            | Change::SetMarking { .. }
            | Change::SetReminderLeads { .. }
            | Change::SetCadence { .. }
            | Change::AddHoliday { .. }
            | Change::AddSubstance(_)
            | Change::EditSubstance(_)
            | Change::PublishCalendar(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn author() -> Author {
        Author::new(
            Utc.with_ymd_and_hms(2025, 6, 30, 9, 0, 0).unwrap(),
            NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
            Some("analyst".into()),
        )
    }

    #[test]
    fn the_json_form_is_tagged_and_versioned() {
        let a = author();
        let op = a.op(Change::Archive { item: a.item_id() });
        let json = op.to_json();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["v"], 1);
        assert_eq!(v["op"], "archive");
        assert_eq!(v["today"], "2025-06-30");
        assert_eq!(v["author"], "analyst");
        assert_eq!(Operation::from_json(&json).unwrap(), op, "it reads back");
        let newer = json.replace("\"v\":1", "\"v\":2");
        let err = Operation::from_json(&newer).unwrap_err();
        assert!(err.to_string().contains("format 2"), "{err}");
    }

    #[test]
    fn ids_carry_the_instant_they_are_made_at() {
        let a = author();
        let (x, y) = (a.item_id(), a.item_id());
        assert_ne!(x, y, "two ids made at once differ");
        let many: Vec<_> = (0..1000).map(|_| a.event_id()).collect();
        assert!(
            many.windows(2).all(|w| w[0] < w[1]),
            "ids one author makes at one instant increase (they go into indexes in order)"
        );
        let (secs, _) = x.0.get_timestamp().unwrap().to_unix();
        assert_eq!(secs as i64, a.now.timestamp());
    }
}
