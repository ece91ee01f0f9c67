//! An item: what the user enters ([`ItemFields`]) and what follows from its history.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Details, ItemId, Kind, Status};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    #[default]
    Normal,
    High,
    Urgent,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Low,
        Priority::Normal,
        Priority::High,
        Priority::Urgent,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Priority::Low => "Low",
            Priority::Normal => "Normal",
            Priority::High => "High",
            Priority::Urgent => "Urgent",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Priority::Low => "低",
            Priority::Normal => "一般",
            Priority::High => "高",
            Priority::Urgent => "紧急",
        }
    }
}
vocab!(Priority, "priority");

/// What the user enters about an item (everything but its history).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemFields {
    /// The user's own reference number; unique.
    pub reference: String,
    pub title: String,
    pub title_zh: Option<String>,
    /// The U.S. originating agency, free text (e.g. "DOJ OIA").
    pub us_agency: Option<String>,
    /// The PRC counterpart agency's code.
    pub counterpart: String,
    #[serde(default)]
    pub priority: Priority,
    pub owner: Option<String>,
    pub notes: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub due_on: Option<NaiveDate>,
    pub follow_up_on: Option<NaiveDate>,
    /// The kind and its facts; serialised flat, with a `kind` field.
    #[serde(flatten)]
    pub details: Details,
}

impl ItemFields {
    pub fn kind(&self) -> Kind {
        self.details.kind()
    }
}

/// A stored item: its fields, and the state that follows from its events (kept in step
/// with them in the same transaction).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: ItemId,
    #[serde(flatten)]
    pub fields: ItemFields,
    pub status: Status,
    /// The date the item reached its status.
    pub status_on: Option<NaiveDate>,
    pub transmitted_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub last_prc_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Incremented by every change; an edit based on an older version is refused.
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub version: i64,
    /// When the item was archived (out of the list, briefs and reminders); None if it is
    /// not.
    #[serde(default)]
    pub archived_at: Option<DateTime<Utc>>,
}

/// Tags as stored: trimmed, sorted, without duplicates or empties.
pub fn normalized_tags(tags: &[String]) -> Vec<String> {
    let mut t: Vec<String> = tags
        .iter()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    t.sort();
    t.dedup();
    t
}
