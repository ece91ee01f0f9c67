//! The status brief (pure): what a brief contains, assembled from rows read by
//! [`crate::db::brief::sources`], an `as_of` date and [`BriefOptions`]. Nothing here reads
//! the clock or the database; the renderers (`crates/brief`) only lay the model out.
//!
//! This module holds the model's types ([`Brief`] and its parts, [`BriefOptions`],
//! [`Lang`]); its two parts:
//!
//! - `words`: [`Label`], an English label and its Simplified Chinese from `GLOSSARY.md`;
//!   [`labels`] holds the brief's fixed words (all together in [`WORDS`]), [`kind_label`],
//!   [`status_label`] and [`event_label`] the vocabularies'.
//! - `assemble`: [`assemble`] filters, orders (longest waiting first) and computes the
//!   summary and the chart data.
//! - `responsiveness`: the section "Counterpart responsiveness", the figures of
//!   [`crate::stats`] (`counterpart stats`) per agency over the brief's own items.
//!
//! To add a column: a field in [`BriefRow`] (and its label in [`labels`], from the
//! glossary), then each renderer.

mod assemble;
mod changes;
mod profile;
mod responsiveness;
mod words;

pub use assemble::assemble;
pub use changes::{
    changes, ChangeGroup, ChangeKind, ChangeLine, Changes, Previous, Shown, LARGEST_MOVES,
};
pub use profile::{withheld_words, withhold, Profile};
pub use responsiveness::{Responsiveness, ResponsivenessRow};
pub use words::{event_label, kind_label, labels, status_label, Label, Phrase, Words, WORDS};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::WorkingDays;
use crate::db::list::ItemRow;
use crate::model::{EventType, ItemId, Kind, Status, Substance};
use crate::raised::RaiseSummary;
use crate::stats::StatsRow;

/// The default handling marking.
pub const DEFAULT_MARKING: &str = "SENSITIVE BUT UNCLASSIFIED";

/// More open items than this and the chart shows one bar per kind instead of per item.
pub const CHART_MAX_ITEM_BARS: usize = 30;

/// The language of a brief: English, or English with Simplified Chinese beneath or beside.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "en-zh")]
    EnZh,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::EnZh => "en-zh",
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = crate::model::UnknownWord;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "en" => Ok(Lang::En),
            "en-zh" => Ok(Lang::EnZh),
            _ => Err(crate::model::UnknownWord {
                what: "brief language",
                word: s.to_owned(),
                allowed: vec!["en", "en-zh"],
            }),
        }
    }
}

/// What goes into a brief.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefOptions {
    /// Empty: every kind.
    pub kinds: Vec<Kind>,
    pub open_only: bool,
    /// One counterpart agency code.
    pub agency: Option<String>,
    /// Only items with an event dated (or a change recorded) on or after this day.
    pub changed_since: Option<NaiveDate>,
    pub lang: Lang,
    /// Empty: "Status brief".
    pub title: Option<String>,
    pub marking: String,
    pub prepared_by: Option<String>,
    /// A first section of what changed since the last recorded brief.
    #[serde(default)]
    pub since_last: bool,
    /// What the brief may show.
    #[serde(default)]
    pub profile: Profile,
}

impl Default for BriefOptions {
    fn default() -> Self {
        BriefOptions {
            kinds: Vec::new(),
            open_only: false,
            agency: None,
            changed_since: None,
            lang: Lang::En,
            title: None,
            marking: DEFAULT_MARKING.to_owned(),
            prepared_by: None,
            since_last: false,
            profile: Profile::Full,
        }
    }
}

/// The latest standing (not retracted) event of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LatestEvent {
    pub event_type: EventType,
    pub on: NaiveDate,
    pub note: String,
}

/// What the database gives for one item: its list row, its agency's names, its latest
/// event, the last day anything about it changed, its working days and raise summary as
/// of the brief's day, and its row of the responsiveness stats.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefSource {
    pub row: ItemRow,
    pub agency_en: Option<String>,
    pub agency_zh: Option<String>,
    pub latest: Option<LatestEvent>,
    /// The later of the latest event's date and the day the item was last edited.
    pub changed_on: Option<NaiveDate>,
    /// A scheduling item's substance, as the registry has it.
    pub substance: Option<Substance>,
    /// Working days with counterpart on both calendars (as `show` counts them).
    pub working_days: WorkingDays,
    /// How often it was raised (its events dated on or before the brief's day).
    pub raised: RaiseSummary,
    /// The items linked to it, with the relation in its side's words.
    pub links: Vec<crate::db::items::LinkedItem>,
    /// What `counterpart stats` counts of it; None for an item it leaves out (a draft).
    pub stats: Option<StatsRow>,
    /// The words of its fields marked sensitive ([`withheld_words`]), read only for a
    /// wide-distribution brief.
    pub withheld: Vec<String>,
}

/// A scheduling item's substance in a brief, with its PRC status: "Controlled by the PRC
/// on" its date, or "Not controlled by the PRC".
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubstanceCell {
    pub name: String,
    pub cas: String,
    pub prc_status: Label,
    pub prc_controlled_on: Option<NaiveDate>,
}

impl SubstanceCell {
    /// "xylazine (7361-61-7)".
    pub fn name_and_cas(&self) -> String {
        format!("{} ({})", self.name, self.cas)
    }

    /// The PRC status as one line, its label written by the renderer (`label`): "Not
    /// controlled by the PRC", or "Controlled by the PRC on 2024-07-01".
    pub fn status(&self, label: &str) -> String {
        match self.prc_controlled_on {
            Some(d) => format!("{label} {d}"),
            None => label.to_owned(),
        }
    }
}

/// The latest event as shown.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventCell {
    pub label: Label,
    pub on: NaiveDate,
    pub note: String,
}

/// One item of a brief.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BriefRow {
    pub id: ItemId,
    pub reference: String,
    pub title: String,
    pub title_zh: Option<String>,
    pub agency_code: String,
    pub agency_en: Option<String>,
    pub agency_zh: Option<String>,
    pub status: Status,
    pub status_label: Label,
    pub open: bool,
    pub transmitted_on: Option<NaiveDate>,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub days_with_counterpart: Option<i64>,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub days_since_prc_response: Option<i64>,
    /// Open, transmitted, and nothing from the PRC side yet.
    pub no_prc_response: bool,
    pub latest: Option<EventCell>,
    pub overdue: bool,
    /// A scheduling item's substance and its PRC status.
    pub substance: Option<SubstanceCell>,
    /// Working days with counterpart, U.S. and PRC, and whether they are estimated.
    #[serde(flatten)]
    pub working_days: WorkingDays,
    /// The working days as printed: "255 / 254" (U.S. / PRC); None for a draft. When
    /// estimated, the renderers print [`labels::ESTIMATED`] beneath.
    pub working_days_cell: Option<String>,
    pub raised: RaiseSummary,
    /// "Raised 4 times, last 2024-11-18 at cabinet level" (the words of `show`) and its
    /// Chinese; None for an item never raised.
    pub raised_words: Option<Phrase>,
    /// Its linked items, each in its side's words: "Based on IND-1 · Related to SCH-2",
    /// and in Chinese; None for an item without links.
    pub linked: Option<Phrase>,
}

/// The items of one kind, longest waiting first.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub kind: Kind,
    pub label: Label,
    pub rows: Vec<BriefRow>,
}

/// Open items of one kind and status.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusCount {
    pub kind: Kind,
    pub kind_label: Label,
    pub status: Status,
    pub status_label: Label,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub count: usize,
}

/// The summary, over the items in the brief.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BriefSummary {
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub open: usize,
    /// Open items per kind and status (kinds and statuses in their vocabulary order).
    pub open_by_kind_status: Vec<StatusCount>,
    /// Over open, transmitted items.
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub median_days: Option<i64>,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub longest_days: Option<i64>,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub overdue: usize,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub no_prc_response: usize,
    /// Items whose working days are estimated (a year without a published calendar).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub estimated_working_days: usize,
}

/// What the chart's bars stand for.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ChartBy {
    /// One bar per open item: its days with counterpart.
    Item,
    /// One bar per kind: the median days with counterpart of its open items.
    KindMedian,
}

/// One bar.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bar {
    /// A reference (per item) or a kind's English label.
    pub label: String,
    pub label_zh: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub value: i64,
    pub overdue: bool,
}

/// The chart's numbers; the renderer draws them.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chart {
    pub by: ChartBy,
    pub bars: Vec<Bar>,
    /// The largest value (at least 1, so that a scale never divides by zero).
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub max: i64,
}

/// A whole brief.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brief {
    pub lang: Lang,
    /// The user's title, or "Status brief".
    pub title: String,
    /// The Chinese of the title when it is the default one.
    pub title_zh: Option<&'static str>,
    pub as_of: NaiveDate,
    pub marking: String,
    /// The Chinese of the marking when it is the glossary's.
    pub marking_zh: Option<&'static str>,
    pub prepared_by: Option<String>,
    pub profile: Profile,
    /// The profile as printed: "Wide distribution: notes, … are left out".
    pub profile_words: Phrase,
    /// Which items it holds when not every one ("Items included: open items only;
    /// counterpart agency MPS (…)"): None for a brief of every item.
    pub scope: Option<Phrase>,
    /// "Changes since the previous brief", when asked for.
    pub changes: Option<Changes>,
    pub summary: BriefSummary,
    pub chart: Chart,
    /// Responsiveness per counterpart agency over the brief's items.
    pub responsiveness: Responsiveness,
    pub sections: Vec<Section>,
    /// The last row of the audit trail when the brief was made, as `seq:hash` (its
    /// number and its whole hash; None when the trail is empty or the brief was not made
    /// from a database): printed whole in every format, so a brief handed out witnesses
    /// the trail as it stood, how long it was and what it held.
    pub audit_head: Option<String>,
}

impl Brief {
    /// Every row, section by section.
    pub fn rows(&self) -> impl Iterator<Item = &BriefRow> {
        self.sections.iter().flat_map(|s| s.rows.iter())
    }
}
