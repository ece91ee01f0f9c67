//! The brief's section "Counterpart responsiveness": per PRC counterpart agency, the
//! figures of `counterpart stats` ([`crate::stats::compute`], grouped by agency) over the
//! items the brief covers — the selection its options make, not every item of the
//! database — worded here once for every renderer. Drafts do not count, as in the stats
//! (an archived item is in no brief).

use serde::Serialize;

use super::{labels, BriefSource, Label, Phrase};
use crate::stats::{self, GroupBy, GroupStats};

/// The section's columns: the agency, then the figures of [`ResponsivenessRow::cells`].
pub const COLUMNS: [Label; 8] = [
    labels::COUNTERPART_AGENCY,
    labels::ITEMS,
    labels::OPEN_ITEMS,
    labels::ANSWERED,
    labels::NEVER_ANSWERED,
    labels::MEDIAN_DAYS_OPEN,
    labels::MEDIAN_DAYS_TO_FIRST_RESPONSE,
    labels::TIMES_RAISED,
];

/// The section: its heading, what it counts (said on the brief), its columns and one row
/// per agency (none: the brief has no transmitted item, and no section is printed).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Responsiveness {
    pub heading: Label,
    /// "Figures over the 12 transmitted items in this brief; drafts do not count."
    pub scope: Phrase,
    pub columns: Vec<Label>,
    pub rows: Vec<ResponsivenessRow>,
}

/// One agency's figures.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponsivenessRow {
    pub agency_code: String,
    pub agency_en: Option<String>,
    pub agency_zh: Option<String>,
    /// The figures as `counterpart stats --format json` gives them.
    pub figures: GroupStats,
    /// The figures as printed, in the order of the columns after the agency: items, open,
    /// answered, never answered, the two medians, times raised — as
    /// [`GroupStats::cells`] words them ("6.5" for a half day), "—" for no median.
    pub cells: Vec<String>,
}

/// The columns of `counterpart stats` ([`GroupStats::COLUMNS`]) the section shows, after
/// the agency: those of [`COLUMNS`].
const FIGURES: [&str; 7] = [
    "items",
    "open",
    "answered",
    "no_response",
    "median_days_with_counterpart_open",
    "median_days_to_first_response",
    "times_raised",
];

/// A group's figures as printed: its cells of `counterpart stats`, "—" for no median.
fn cells(g: &GroupStats) -> Vec<String> {
    let all = g.cells();
    FIGURES
        .iter()
        .map(|name| {
            let i = GroupStats::COLUMNS
                .iter()
                .position(|c| c == name)
                .expect("a column of counterpart stats");
            match all[i].as_str() {
                "" => "—".to_owned(),
                v => v.to_owned(),
            }
        })
        .collect()
}

fn scope(n: usize) -> Phrase {
    let items = if n == 1 { "item" } else { "items" };
    Phrase {
        en: format!("Figures over the {n} transmitted {items} in this brief; drafts do not count."),
        zh: format!("统计范围：本简报所列已转交事项 {n} 项（不含草稿）。"),
    }
}

/// The section over the brief's items (those its options selected).
pub(super) fn responsiveness(items: &[BriefSource]) -> Responsiveness {
    let rows: Vec<_> = items.iter().filter_map(|s| s.stats.clone()).collect();
    let name = |code: &str| {
        items
            .iter()
            .find(|s| s.row.counterpart == code)
            .map_or((None, None), |s| (s.agency_en.clone(), s.agency_zh.clone()))
    };
    Responsiveness {
        heading: labels::RESPONSIVENESS,
        scope: scope(rows.len()),
        columns: COLUMNS.to_vec(),
        rows: stats::compute(&rows, GroupBy::Agency)
            .into_iter()
            .map(|g| {
                let (agency_en, agency_zh) = name(&g.group);
                ResponsivenessRow {
                    cells: cells(&g),
                    agency_code: g.group.clone(),
                    agency_en,
                    agency_zh,
                    figures: g,
                }
            })
            .collect(),
    }
}
