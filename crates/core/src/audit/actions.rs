//! The trail's vocabulary: what a row of an item records ([`Action`]), what a row of no
//! item records ([`RecordAction`]), and the words of an edit conflict.

use std::fmt;
use std::str::FromStr;

/// What a row of the audit trail records.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename = "AuditAction", rename_all = "snake_case")]
pub enum Action {
    /// The item was made (entered, added, imported).
    Created,
    /// One field was changed (`field`, `old_value` → `new_value`).
    Edited,
    /// An event was recorded (retractions included); `field` is its type.
    EventRecorded,
    /// The item was linked to another; `field` is the relation.
    Linked,
    /// A link was removed; `field` is the relation, `old_value` the other item's reference.
    Unlinked,
    /// The item was archived (out of the list, briefs and reminders).
    Archived,
    /// The item was brought back from the archive.
    Restored,
    /// The item was erased for good (data entered by mistake).
    Erased,
    /// The item was shared with another agency's users (team mode); `field` the agency.
    Shared,
    /// A colleague's edit, later in the team server's order, overwrote a value its author
    /// had not seen: `field` the column, `old_value` the value overwritten, `new_value`
    /// the one that stands; `who` the author of the edit that won.
    Conflict,
    /// A file was attached: `field` its SHA-256, `new_value` its name, size, media type,
    /// date received and note as JSON.
    Attached,
    /// An attachment was removed: `field` its SHA-256, `old_value` what it was, as JSON.
    AttachmentRemoved,
}

impl Action {
    pub const ALL: [Action; 12] = [
        Action::Created,
        Action::Edited,
        Action::EventRecorded,
        Action::Linked,
        Action::Unlinked,
        Action::Archived,
        Action::Restored,
        Action::Erased,
        Action::Shared,
        Action::Conflict,
        Action::Attached,
        Action::AttachmentRemoved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Created => "created",
            Action::Edited => "edited",
            Action::EventRecorded => "event_recorded",
            Action::Linked => "linked",
            Action::Unlinked => "unlinked",
            Action::Archived => "archived",
            Action::Restored => "restored",
            Action::Erased => "erased",
            Action::Shared => "shared",
            Action::Conflict => "conflict",
            Action::Attached => "attached",
            Action::AttachmentRemoved => "attachment_removed",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An edit conflict in plain words: `field`'s value `overwritten` was replaced by `who`'s
/// edit to `stands`, made without having seen it (team mode).
pub fn conflict_words(
    field: &str,
    overwritten: Option<&str>,
    stands: Option<&str>,
    who: Option<&str>,
) -> String {
    let shown = |v: Option<&str>| match v {
        Some(v) if !v.is_empty() => format!("“{v}”"),
        _ => "(empty)".to_owned(),
    };
    let by = who.map_or("a colleague's edit".to_owned(), |w| format!("{w}'s edit"));
    format!(
        "{} {} was replaced by {by} {}, made without seeing it",
        crate::schema::label_of(field),
        shown(overwritten),
        shown(stands)
    )
}

/// A word that is not an audit action.
#[derive(Debug, Clone, thiserror::Error)]
#[error("`{0}` is not an audit action")]
pub struct UnknownAction(pub String);

impl FromStr for Action {
    type Err = UnknownAction;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Action::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| UnknownAction(s.to_owned()))
    }
}

/// The changes of the record that are not an item's, each a row with no item
/// (`item_id` NULL) since schema 6: they never appear in an item's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordAction {
    /// A setting changed: `field` its key, `old_value` → `new_value` (NULL: not set).
    SettingChanged,
    /// A counterpart agency added: `field` its code, `new_value` its names as JSON.
    AgencyAdded,
    /// A reminder snoozed: `new_value` the reminder and the day it sleeps until, as JSON.
    ReminderSnoozed,
    /// A reminder marked done: `new_value` the reminder, as JSON.
    ReminderDone,
    /// A brief made: `field` its format, `new_value` its id, date and items, as JSON.
    BriefMade,
    /// The database was restored from a backup: `new_value` which backup, made when, and
    /// the head (`seq:hash`) of the trail the restore replaced, as JSON.
    DatabaseRestored,
    /// Migration 0006 re-chained the version-1 rows: `new_value` the old chain's head
    /// (`seq:hash`) and whether it verified, as JSON.
    Rechained,
    /// The database joined a team: `field` the server (its URL without the password),
    /// `new_value` the user and agency, as JSON.
    TeamJoined,
    /// The database left its team: `field` the server.
    TeamLeft,
    /// A day added to a calendar: `field` `calendar:date`, `new_value` its kind and name,
    /// as JSON.
    HolidayAdded,
    /// A substance added to the registry: `field` its CAS number, `new_value` the entry
    /// as JSON.
    SubstanceAdded,
    /// A registry entry changed: `field` its CAS number, `old_value` and `new_value` the
    /// entry before and after, as JSON.
    SubstanceEdited,
    /// A year's calendar published from its notice: `field` `calendar:year`, `new_value`
    /// the notice's source and its days, as JSON.
    CalendarPublished,
}

impl RecordAction {
    pub const ALL: [RecordAction; 13] = [
        RecordAction::SettingChanged,
        RecordAction::AgencyAdded,
        RecordAction::ReminderSnoozed,
        RecordAction::ReminderDone,
        RecordAction::BriefMade,
        RecordAction::DatabaseRestored,
        RecordAction::Rechained,
        RecordAction::TeamJoined,
        RecordAction::TeamLeft,
        RecordAction::HolidayAdded,
        RecordAction::SubstanceAdded,
        RecordAction::SubstanceEdited,
        RecordAction::CalendarPublished,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordAction::SettingChanged => "setting_changed",
            RecordAction::AgencyAdded => "agency_added",
            RecordAction::ReminderSnoozed => "reminder_snoozed",
            RecordAction::ReminderDone => "reminder_done",
            RecordAction::BriefMade => "brief_made",
            RecordAction::DatabaseRestored => "database_restored",
            RecordAction::Rechained => "rechained",
            RecordAction::TeamJoined => "team_joined",
            RecordAction::TeamLeft => "team_left",
            RecordAction::HolidayAdded => "holiday_added",
            RecordAction::SubstanceAdded => "substance_added",
            RecordAction::SubstanceEdited => "substance_edited",
            RecordAction::CalendarPublished => "calendar_published",
        }
    }
}

impl fmt::Display for RecordAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
