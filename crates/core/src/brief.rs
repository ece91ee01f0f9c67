//! The status brief (pure): what a brief contains, assembled from rows read by
//! [`crate::db::brief::sources`], an `as_of` date and [`BriefOptions`]. Nothing here reads
//! the clock or the database; the renderers (`crates/brief`) only lay the model out.
//!
//! - [`Label`]: an English label and its Simplified Chinese from `GLOSSARY.md`; [`labels`]
//!   holds the brief's fixed words, [`kind_label`], [`status_label`] and [`event_label`]
//!   the vocabularies'.
//! - [`assemble`]: filters, orders (longest waiting first) and computes the summary and
//!   the chart data.
//!
//! To add a column: a field in [`BriefRow`] (and its label in [`labels`], from the
//! glossary), then each renderer.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::db::list::ItemRow;
use crate::model::{EventType, ItemId, Kind, Status};

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
        }
    }
}

/// An English label with its Simplified Chinese (from `GLOSSARY.md`).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Label {
    pub en: &'static str,
    pub zh: &'static str,
}

const fn l(en: &'static str, zh: &'static str) -> Label {
    Label { en, zh }
}

/// The brief's fixed words, from the glossary's "Figures and labels".
pub mod labels {
    use super::{l, Label};
    pub const STATUS_BRIEF: Label = l("Status brief", "进展简报");
    pub const AS_OF: Label = l("As of", "截至");
    pub const PREPARED_BY: Label = l("Prepared by", "编制人");
    pub const MARKING_SBU: Label = l("SENSITIVE BUT UNCLASSIFIED", "敏感但非密");
    pub const SUMMARY: Label = l("Summary", "概要");
    pub const OPEN_ITEMS: Label = l("Open items", "未结事项");
    pub const REFERENCE: Label = l("Reference", "编号");
    pub const TITLE: Label = l("Title", "事由");
    pub const COUNTERPART_AGENCY: Label = l("Counterpart agency", "中方对口机构");
    pub const TRANSMITTED_ON: Label = l("Transmitted on", "转交日期");
    pub const DAYS_WITH_COUNTERPART: Label = l("Days with counterpart", "中方办理天数");
    pub const DAYS_SINCE_PRC_RESPONSE: Label =
        l("Days since last PRC response", "距中方上次答复天数");
    pub const NO_PRC_RESPONSE: Label = l("No PRC response yet", "中方尚未答复");
    pub const OVERDUE: Label = l("Overdue", "已逾期");
    pub const MEDIAN: Label = l("Median", "中位数");
    pub const LONGEST: Label = l("Longest", "最长");
    pub const LATEST_EVENT: Label = l("Latest event", "最新进展");
    pub const PAGE_N_OF_M: Label = l("Page N of M", "第 N 页，共 M 页");
    pub const DAYS: Label = l("days", "天");
    pub const KINDS: Label = l("Kinds", "事项类别");
    pub const STATUS: Label = l("Status", "状态");
    pub const AUDIT_HEAD: Label = l("Audit trail head", "审计链头");
}

/// The brief's fixed words all together, for a renderer outside Rust (the window's
/// preview lays the model out itself and takes its words from here).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Words {
    pub status_brief: Label,
    pub as_of: Label,
    pub prepared_by: Label,
    pub summary: Label,
    pub open_items: Label,
    pub reference: Label,
    pub title: Label,
    pub counterpart_agency: Label,
    pub transmitted_on: Label,
    pub days_with_counterpart: Label,
    pub days_since_prc_response: Label,
    pub no_prc_response: Label,
    pub overdue: Label,
    pub median: Label,
    pub longest: Label,
    pub latest_event: Label,
    pub days: Label,
    pub kinds: Label,
    pub status: Label,
}

/// Every fixed word of a brief.
pub const WORDS: Words = Words {
    status_brief: labels::STATUS_BRIEF,
    as_of: labels::AS_OF,
    prepared_by: labels::PREPARED_BY,
    summary: labels::SUMMARY,
    open_items: labels::OPEN_ITEMS,
    reference: labels::REFERENCE,
    title: labels::TITLE,
    counterpart_agency: labels::COUNTERPART_AGENCY,
    transmitted_on: labels::TRANSMITTED_ON,
    days_with_counterpart: labels::DAYS_WITH_COUNTERPART,
    days_since_prc_response: labels::DAYS_SINCE_PRC_RESPONSE,
    no_prc_response: labels::NO_PRC_RESPONSE,
    overdue: labels::OVERDUE,
    median: labels::MEDIAN,
    longest: labels::LONGEST,
    latest_event: labels::LATEST_EVENT,
    days: labels::DAYS,
    kinds: labels::KINDS,
    status: labels::STATUS,
};

/// A kind's label.
pub fn kind_label(k: Kind) -> Label {
    l(k.label_en(), k.label_zh())
}

/// A status's label; `fulfilled` has a word of its own for each kind.
pub fn status_label(s: Status, k: Kind) -> Label {
    match (s, k) {
        (Status::Fulfilled, Kind::Extradition) => l("Extradited", "已引渡"),
        (Status::Fulfilled, Kind::Scheduling) => l("Scheduled (controlled)", "已列管"),
        (Status::Fulfilled, Kind::Commitment) => l("Implemented", "已落实"),
        (Status::Fulfilled, Kind::Indictment) => l("Acted upon", "已处理"),
        (
            Status::Draft
            | Status::Transmitted
            | Status::Acknowledged
            | Status::InProgress
            | Status::AwaitingUs
            | Status::PartiallyFulfilled
            | Status::Declined
            | Status::Withdrawn,
            _,
        ) => l(s.label_en(), s.label_zh()),
    }
}

/// An event type's label.
pub fn event_label(t: EventType) -> Label {
    l(t.label_en(), t.label_zh())
}

/// The latest standing (not retracted) event of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LatestEvent {
    pub event_type: EventType,
    pub on: NaiveDate,
    pub note: String,
}

/// What the database gives for one item: its list row, its agency's names, its latest
/// event and the last day anything about it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BriefSource {
    pub row: ItemRow,
    pub agency_en: Option<String>,
    pub agency_zh: Option<String>,
    pub latest: Option<LatestEvent>,
    /// The later of the latest event's date and the day the item was last edited.
    pub changed_on: Option<NaiveDate>,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    pub summary: BriefSummary,
    pub chart: Chart,
    pub sections: Vec<Section>,
    /// The hash of the last row of the audit trail when the brief was made (64 hex
    /// digits; None when the trail is empty or the brief was not made from a database):
    /// printed in the footer, so a brief handed out witnesses the trail as it stood.
    pub audit_head: Option<String>,
}

impl Brief {
    /// The first 16 hex digits of [`Brief::audit_head`], as the PDF's footer prints it.
    pub fn audit_head_short(&self) -> Option<&str> {
        self.audit_head.as_deref().map(|h| &h[..h.len().min(16)])
    }

    /// Every row, section by section.
    pub fn rows(&self) -> impl Iterator<Item = &BriefRow> {
        self.sections.iter().flat_map(|s| s.rows.iter())
    }
}

fn wanted(o: &BriefOptions, s: &BriefSource) -> bool {
    (o.kinds.is_empty() || o.kinds.contains(&s.row.kind))
        && (!o.open_only || s.row.status.is_open())
        && o.agency
            .as_deref()
            .is_none_or(|a| a.eq_ignore_ascii_case(&s.row.counterpart))
        && o.changed_since
            .is_none_or(|d| s.changed_on.is_some_and(|c| c >= d))
}

fn median(sorted: &[i64]) -> Option<i64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

/// Longest waiting first; drafts (no count) last; ties by reference.
fn by_wait(a: &BriefRow, b: &BriefRow) -> std::cmp::Ordering {
    b.days_with_counterpart
        .map(|d| (1, d))
        .unwrap_or((0, 0))
        .cmp(&a.days_with_counterpart.map(|d| (1, d)).unwrap_or((0, 0)))
        .then_with(|| a.reference.cmp(&b.reference))
}

fn to_row(s: BriefSource) -> BriefRow {
    let r = s.row;
    let open = r.status.is_open();
    BriefRow {
        no_prc_response: open && r.transmitted_on.is_some() && r.last_prc_on.is_none(),
        status_label: status_label(r.status, r.kind),
        latest: s.latest.map(|e| EventCell {
            label: event_label(e.event_type),
            on: e.on,
            note: e.note,
        }),
        id: r.id,
        reference: r.reference,
        title: r.title,
        title_zh: r.title_zh,
        agency_code: r.counterpart,
        agency_en: s.agency_en,
        agency_zh: s.agency_zh,
        status: r.status,
        open,
        transmitted_on: r.transmitted_on,
        days_with_counterpart: r.days_with_counterpart,
        days_since_prc_response: r.days_since_prc_response,
        overdue: r.overdue,
    }
}

/// Assembles a brief from the items' sources (their figures computed as of `as_of`).
pub fn assemble(sources: Vec<BriefSource>, as_of: NaiveDate, o: &BriefOptions) -> Brief {
    let mut sections: Vec<Section> = Kind::ALL
        .into_iter()
        .filter(|k| o.kinds.is_empty() || o.kinds.contains(k))
        .map(|kind| Section {
            kind,
            label: kind_label(kind),
            rows: Vec::new(),
        })
        .collect();
    for s in sources.into_iter().filter(|s| wanted(o, s)) {
        if let Some(sec) = sections.iter_mut().find(|sec| sec.kind == s.row.kind) {
            sec.rows.push(to_row(s));
        }
    }
    sections.retain(|s| !s.rows.is_empty());
    for s in &mut sections {
        s.rows.sort_by(by_wait);
    }

    let open_rows: Vec<&BriefRow> = sections
        .iter()
        .flat_map(|s| &s.rows)
        .filter(|r| r.open)
        .collect();
    let mut open_by_kind_status = Vec::new();
    for sec in &sections {
        for status in Status::ALL {
            let count = sec
                .rows
                .iter()
                .filter(|r| r.open && r.status == status)
                .count();
            if count > 0 {
                open_by_kind_status.push(StatusCount {
                    kind: sec.kind,
                    kind_label: sec.label,
                    status,
                    status_label: status_label(status, sec.kind),
                    count,
                });
            }
        }
    }
    let mut days: Vec<i64> = open_rows
        .iter()
        .filter_map(|r| r.days_with_counterpart)
        .collect();
    days.sort_unstable();
    let summary = BriefSummary {
        open: open_rows.len(),
        open_by_kind_status,
        median_days: median(&days),
        longest_days: days.last().copied(),
        overdue: open_rows.iter().filter(|r| r.overdue).count(),
        no_prc_response: open_rows.iter().filter(|r| r.no_prc_response).count(),
    };

    let mut item_bars: Vec<(&BriefRow, i64)> = open_rows
        .iter()
        .filter_map(|r| r.days_with_counterpart.map(|d| (*r, d)))
        .collect();
    let chart = if item_bars.len() <= CHART_MAX_ITEM_BARS {
        item_bars.sort_by(|a, b| by_wait(a.0, b.0));
        Chart {
            by: ChartBy::Item,
            bars: item_bars
                .into_iter()
                .map(|(r, value)| Bar {
                    label: r.reference.clone(),
                    label_zh: None,
                    value,
                    overdue: r.overdue,
                })
                .collect(),
            max: 1,
        }
    } else {
        Chart {
            by: ChartBy::KindMedian,
            bars: sections
                .iter()
                .filter_map(|s| {
                    let mut d: Vec<i64> = s
                        .rows
                        .iter()
                        .filter(|r| r.open)
                        .filter_map(|r| r.days_with_counterpart)
                        .collect();
                    d.sort_unstable();
                    median(&d).map(|value| Bar {
                        label: s.label.en.to_owned(),
                        label_zh: Some(s.label.zh.to_owned()),
                        value,
                        overdue: false,
                    })
                })
                .collect(),
            max: 1,
        }
    };
    let chart = Chart {
        max: chart.bars.iter().map(|b| b.value).max().unwrap_or(0).max(1),
        ..chart
    };

    let title = o
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned);
    let marking = match o.marking.trim() {
        "" => DEFAULT_MARKING.to_owned(),
        m => m.to_owned(),
    };
    Brief {
        lang: o.lang,
        title_zh: title.is_none().then_some(labels::STATUS_BRIEF.zh),
        title: title.unwrap_or_else(|| labels::STATUS_BRIEF.en.to_owned()),
        as_of,
        marking_zh: (marking == labels::MARKING_SBU.en).then_some(labels::MARKING_SBU.zh),
        marking,
        prepared_by: o
            .prepared_by
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned),
        summary,
        chart,
        sections,
        audit_head: None,
    }
}
