//! The brief's words: [`Label`] (an English label and its Simplified Chinese from
//! `GLOSSARY.md`), the fixed words in [`labels`] (all together in [`WORDS`], for the
//! window's preview), and the labels of the vocabularies: [`kind_label`], [`status_label`]
//! and [`event_label`].

use serde::Serialize;

use crate::model::{EventType, Kind, Status};

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

/// Words made for one brief (a figure in a sentence), in English and Simplified Chinese.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phrase {
    pub en: String,
    pub zh: String,
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
    pub const CONTROLLED_BY_PRC_ON: Label = l("Controlled by the PRC on", "中方列管日期");
    pub const NOT_CONTROLLED_BY_PRC: Label = l("Not controlled by the PRC", "中方尚未列管");
    pub const WORKING_DAYS_US_PRC: Label = l("U.S. / PRC working days", "美方 / 中方工作日");
    pub const ESTIMATED: Label = l("Estimated", "估算");
    pub const PROFILE_FULL: Label = l("Full brief", "完整版");
    pub const PROFILE_WIDE: Label = l("Wide distribution", "广泛分发版");
    pub const WITHHELD: Label = l("[withheld]", "〔已略去〕");
    pub const CHANGES_SINCE: Label = l("Changes since the previous brief", "自上次简报以来的变化");
    pub const NEW_ITEMS: Label = l("New items", "新增事项");
    pub const CLOSED_ITEMS: Label = l("Closed items", "已结事项");
    pub const STATUS_CHANGED: Label = l("Status changed", "状态变更");
    pub const NEWLY_OVERDUE: Label = l("Newly overdue", "新逾期事项");
    pub const LARGEST_MOVES: Label = l(
        "Largest moves in days with counterpart",
        "中方办理天数增幅最大的事项",
    );
    pub const ESTIMATED_WORKING_DAYS: Label = l(
        "Items with working days estimated (calendar not yet published)",
        "工作日为估算的事项（假日安排尚未公布）",
    );
    pub const RESPONSIVENESS: Label = l("Counterpart responsiveness", "中方对口机构回应情况");
    pub const ITEMS: Label = l("Items", "事项数");
    pub const ANSWERED: Label = l("Answered", "已答复");
    pub const NEVER_ANSWERED: Label = l("Never answered", "从未答复");
    pub const MEDIAN_DAYS_OPEN: Label = l(
        "Median days with counterpart, open items",
        "未结事项中方办理天数中位数",
    );
    pub const MEDIAN_DAYS_TO_FIRST_RESPONSE: Label =
        l("Median days to first response", "首次回应天数中位数");
    pub const TIMES_RAISED: Label = l("Raised (times)", "交涉次数");
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
    pub working_days_us_prc: Label,
    pub estimated: Label,
    pub estimated_working_days: Label,
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
    working_days_us_prc: labels::WORKING_DAYS_US_PRC,
    estimated: labels::ESTIMATED,
    estimated_working_days: labels::ESTIMATED_WORKING_DAYS,
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
