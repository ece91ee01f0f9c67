//! Dated events: the facts of an item's history. They are never edited or deleted; a wrong
//! one is corrected by a `retraction` that points at it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{EventId, ItemId, Status};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    Transmitted,
    Acknowledged,
    InfoRequested,
    InfoProvided,
    Raised,
    PrcResponse,
    Status,
    Note,
    DueChanged,
    Closed,
    Retraction,
}

impl EventType {
    pub const ALL: [EventType; 11] = [
        EventType::Transmitted,
        EventType::Acknowledged,
        EventType::InfoRequested,
        EventType::InfoProvided,
        EventType::Raised,
        EventType::PrcResponse,
        EventType::Status,
        EventType::Note,
        EventType::DueChanged,
        EventType::Closed,
        EventType::Retraction,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Transmitted => "transmitted",
            EventType::Acknowledged => "acknowledged",
            EventType::InfoRequested => "info_requested",
            EventType::InfoProvided => "info_provided",
            EventType::Raised => "raised",
            EventType::PrcResponse => "prc_response",
            EventType::Status => "status",
            EventType::Note => "note",
            EventType::DueChanged => "due_changed",
            EventType::Closed => "closed",
            EventType::Retraction => "retraction",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            EventType::Transmitted => "Transmitted to counterpart",
            EventType::Acknowledged => "Receipt acknowledged",
            EventType::InfoRequested => "Information requested",
            EventType::InfoProvided => "Information provided",
            EventType::Raised => "Raised in a meeting",
            EventType::PrcResponse => "PRC response",
            EventType::Status => "Status change",
            EventType::Note => "Note",
            EventType::DueChanged => "Due date changed",
            EventType::Closed => "Closed",
            EventType::Retraction => "Retraction of an entry",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            EventType::Transmitted => "转交中方",
            EventType::Acknowledged => "中方确认收悉",
            EventType::InfoRequested => "中方要求补充材料",
            EventType::InfoProvided => "美方提供补充材料",
            EventType::Raised => "在会谈中提出",
            EventType::PrcResponse => "中方答复",
            EventType::Status => "状态变更",
            EventType::Note => "备注",
            EventType::DueChanged => "期限变更",
            EventType::Closed => "结案",
            EventType::Retraction => "撤销记录",
        }
    }

    /// The side that acts when the user does not say.
    pub fn default_side(self) -> Side {
        match self {
            EventType::Acknowledged | EventType::InfoRequested | EventType::PrcResponse => {
                Side::Prc
            }
            EventType::Transmitted
            | EventType::InfoProvided
            | EventType::Raised
            | EventType::Status
            | EventType::Note
            | EventType::DueChanged
            | EventType::Closed
            | EventType::Retraction => Side::Us,
        }
    }
}
vocab!(EventType, "event type");

/// Which side acted.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Us,
    Prc,
}

impl Side {
    pub const ALL: [Side; 2] = [Side::Us, Side::Prc];
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Us => "us",
            Side::Prc => "prc",
        }
    }
}
vocab!(Side, "side");

/// The level at which an item was raised (a `raised` event), lowest first: the order is
/// the ranking ("highest level").
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RaiseLevel {
    Working,
    Director,
    AssistantSecretary,
    DeputySecretary,
    Cabinet,
    Leaders,
}

impl RaiseLevel {
    pub const ALL: [RaiseLevel; 6] = [
        RaiseLevel::Working,
        RaiseLevel::Director,
        RaiseLevel::AssistantSecretary,
        RaiseLevel::DeputySecretary,
        RaiseLevel::Cabinet,
        RaiseLevel::Leaders,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RaiseLevel::Working => "working",
            RaiseLevel::Director => "director",
            RaiseLevel::AssistantSecretary => "assistant_secretary",
            RaiseLevel::DeputySecretary => "deputy_secretary",
            RaiseLevel::Cabinet => "cabinet",
            RaiseLevel::Leaders => "leaders",
        }
    }

    /// The glossary's term: "working level", "office director"…
    pub fn label_en(self) -> &'static str {
        match self {
            RaiseLevel::Working => "working level",
            RaiseLevel::Director => "office director",
            RaiseLevel::AssistantSecretary => "assistant secretary",
            RaiseLevel::DeputySecretary => "deputy secretary",
            RaiseLevel::Cabinet => "cabinet",
            RaiseLevel::Leaders => "leaders",
        }
    }

    /// The words before "level" in a sentence: "at cabinet level", "at leaders' level".
    pub fn phrase_en(self) -> &'static str {
        match self {
            RaiseLevel::Working => "working",
            RaiseLevel::Leaders => "leaders'",
            other => other.label_en(),
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            RaiseLevel::Working => "工作层级",
            RaiseLevel::Director => "司局级",
            RaiseLevel::AssistantSecretary => "助理部长级",
            RaiseLevel::DeputySecretary => "副部长级",
            RaiseLevel::Cabinet => "部长级",
            RaiseLevel::Leaders => "领导人级",
        }
    }
}
vocab!(RaiseLevel, "level");

/// An event as stored.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: EventId,
    pub item_id: ItemId,
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// The calendar date it happened, as the user entered it.
    pub on: NaiveDate,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: Option<String>,
    pub side: Side,
    /// The status an explicit `status` or `closed` event moves to.
    pub status: Option<Status>,
    /// The new due date of a `due_changed` event.
    pub due_on: Option<NaiveDate>,
    /// The event a `retraction` retracts.
    pub retracts: Option<EventId>,
    pub note: String,
    /// The level a `raised` event was raised at (None for other types, and for raised
    /// events recorded before schema 9).
    #[serde(default)]
    pub level: Option<RaiseLevel>,
    /// Where a `raised` event took place (a working-group round, a démarche…).
    #[serde(default)]
    pub venue: Option<String>,
}

/// An event as the user enters it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEvent {
    #[serde(rename = "type")]
    pub event_type: EventType,
    pub on: NaiveDate,
    /// `None`: the type's default side.
    pub side: Option<Side>,
    pub status: Option<Status>,
    pub due_on: Option<NaiveDate>,
    pub retracts: Option<EventId>,
    pub note: String,
    /// A `raised` event's level (required for it, refused on other types).
    #[serde(default)]
    pub level: Option<RaiseLevel>,
    /// A `raised` event's venue (refused on other types).
    #[serde(default)]
    pub venue: Option<String>,
}

impl NewEvent {
    /// An event of `event_type` on `on` with no other facts.
    pub fn new(event_type: EventType, on: NaiveDate) -> Self {
        NewEvent {
            event_type,
            on,
            side: None,
            status: None,
            due_on: None,
            retracts: None,
            note: String::new(),
            level: None,
            venue: None,
        }
    }

    /// A `raised` event at `level`, in `venue` if given.
    pub fn raised(on: NaiveDate, level: RaiseLevel, venue: Option<&str>) -> Self {
        NewEvent {
            level: Some(level),
            venue: venue.map(str::to_owned),
            ..NewEvent::new(EventType::Raised, on)
        }
    }

    pub fn with_status(mut self, status: Status) -> Self {
        self.status = Some(status);
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }
}
