//! "Changes since the previous brief": the first section of a brief made with
//! `since_last`, comparing this brief's items with what the last recorded brief showed of
//! them (`brief_item`: status, days with counterpart, overdue). Worded here once for every
//! renderer and the window's preview.
//!
//! - **New items**: in this brief, not in the previous one.
//! - **Closed items**: open in the previous brief, closed now (also when this brief, open
//!   items only, no longer shows them).
//! - **Status changed**: another status than the previous brief showed, not closed since.
//! - **Newly overdue**: overdue now, not overdue in the previous brief.
//! - **Largest moves in days with counterpart**: the [`LARGEST_MOVES`] items whose count
//!   grew the most since the previous brief.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::HashMap;

use super::{labels, status_label, BriefRow, Label, Phrase};
use crate::db::list::ItemRow;
use crate::model::{ItemId, Kind, Status};

/// How many items the section lists under "Largest moves".
pub const LARGEST_MOVES: usize = 5;

/// What the previous brief showed of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub status: Status,
    pub days_with_counterpart: Option<i64>,
    pub overdue: bool,
}

/// The previous brief, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Previous {
    pub made_at: DateTime<Utc>,
    pub as_of: NaiveDate,
    pub items: HashMap<ItemId, Shown>,
}

/// The section's groups, in the order printed.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    New,
    Closed,
    StatusChanged,
    NewlyOverdue,
    LargestMoves,
}

impl ChangeKind {
    pub fn label(self) -> Label {
        match self {
            ChangeKind::New => labels::NEW_ITEMS,
            ChangeKind::Closed => labels::CLOSED_ITEMS,
            ChangeKind::StatusChanged => labels::STATUS_CHANGED,
            ChangeKind::NewlyOverdue => labels::NEWLY_OVERDUE,
            ChangeKind::LargestMoves => labels::LARGEST_MOVES,
        }
    }
}

/// One item in a group: its reference and title, and what changed in words.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeLine {
    pub reference: String,
    pub title: String,
    pub title_zh: Option<String>,
    /// "In progress → Fulfilled", "120 → 127 days (+7)".
    pub what: Phrase,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeGroup {
    pub kind: ChangeKind,
    /// "New items (3)".
    pub heading: Phrase,
    pub lines: Vec<ChangeLine>,
}

/// The section.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changes {
    pub heading: Label,
    /// "Since the brief made on 2026-11-24 (as of 2026-11-24, 12 items)", or that no
    /// brief was recorded before.
    pub since: Phrase,
    /// When the previous brief was made (None: none was).
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub previous_made_at: Option<DateTime<Utc>>,
    /// The groups with at least one item.
    pub groups: Vec<ChangeGroup>,
    /// "Nothing changed." when a previous brief exists and no group has an item.
    pub nothing: Option<Phrase>,
}

fn phrase(en: String, zh: String) -> Phrase {
    Phrase { en, zh }
}

/// A count of days in words: "127 days" / "127 天"; "—" without one.
fn days(d: Option<i64>) -> (String, String) {
    d.map_or(("—".into(), "—".into()), |d| {
        (format!("{d} days"), format!("{d} 天"))
    })
}

/// "From → to" of two statuses, in the kind's words.
fn status_move(from: Status, to: Status, kind: Kind) -> Phrase {
    let (a, b) = (status_label(from, kind), status_label(to, kind));
    phrase(
        format!("{} → {}", a.en, b.en),
        format!("{} → {}", a.zh, b.zh),
    )
}

fn line(r: &BriefRow, what: Phrase) -> ChangeLine {
    ChangeLine {
        reference: r.reference.clone(),
        title: r.title.clone(),
        title_zh: r.title_zh.clone(),
        what,
    }
}

/// The section, from the previous brief (None: none was recorded), this brief's rows, and
/// each with its kind, and the current rows of the previous brief's items that this brief
/// leaves out because they are closed now (`closed_now`, titles already withheld as the
/// profile requires).
pub fn changes<'a>(
    previous: Option<&Previous>,
    rows: impl Iterator<Item = (Kind, &'a BriefRow)>,
    closed_now: &[ItemRow],
) -> Changes {
    let heading = labels::CHANGES_SINCE;
    let Some(p) = previous else {
        return Changes {
            heading,
            since: phrase(
                "No brief was recorded before this one: there is nothing to compare.".into(),
                "此前没有简报记录，无可比较。".into(),
            ),
            previous_made_at: None,
            groups: Vec::new(),
            nothing: None,
        };
    };
    let mut groups: Vec<(ChangeKind, Vec<ChangeLine>)> = [
        ChangeKind::New,
        ChangeKind::Closed,
        ChangeKind::StatusChanged,
        ChangeKind::NewlyOverdue,
        ChangeKind::LargestMoves,
    ]
    .into_iter()
    .map(|k| (k, Vec::new()))
    .collect();
    let mut moves: Vec<(i64, &BriefRow, i64, i64)> = Vec::new();
    for (kind, r) in rows {
        let Some(before) = p.items.get(&r.id) else {
            let (en, zh) = days(r.days_with_counterpart);
            groups[0].1.push(line(
                r,
                phrase(
                    format!("{}, {en} with counterpart", r.status_label.en),
                    format!("{}，中方办理 {zh}", r.status_label.zh),
                ),
            ));
            continue;
        };
        if before.status != r.status {
            let at = if before.status.is_open() && !r.status.is_open() {
                1
            } else {
                2
            };
            groups[at]
                .1
                .push(line(r, status_move(before.status, r.status, kind)));
        }
        if r.overdue && !before.overdue {
            let (en, zh) = days(r.days_with_counterpart);
            groups[3].1.push(line(
                r,
                phrase(
                    format!("{}, {en} with counterpart", labels::OVERDUE.en),
                    format!("{}，中方办理 {zh}", labels::OVERDUE.zh),
                ),
            ));
        }
        if let (Some(a), Some(b)) = (before.days_with_counterpart, r.days_with_counterpart) {
            if b > a {
                moves.push((b - a, r, a, b));
            }
        }
    }
    for now in closed_now {
        if let Some(before) = p.items.get(&now.id).filter(|b| b.status.is_open()) {
            groups[1].1.push(ChangeLine {
                reference: now.reference.clone(),
                title: now.title.clone(),
                title_zh: now.title_zh.clone(),
                what: status_move(before.status, now.status, now.kind),
            });
        }
    }
    moves.sort_by(|x, y| {
        y.0.cmp(&x.0)
            .then_with(|| x.1.reference.cmp(&y.1.reference))
    });
    for (d, r, a, b) in moves.into_iter().take(LARGEST_MOVES) {
        groups[4].1.push(line(
            r,
            phrase(
                format!("{a} → {b} days (+{d})"),
                format!("{a} → {b} 天（+{d}）"),
            ),
        ));
    }
    let count = p.items.len();
    let made = p.made_at.date_naive();
    let groups: Vec<ChangeGroup> = groups
        .into_iter()
        .filter(|(_, lines)| !lines.is_empty())
        .map(|(kind, mut lines)| {
            if kind != ChangeKind::LargestMoves {
                lines.sort_by(|a, b| a.reference.cmp(&b.reference));
            }
            let l = kind.label();
            ChangeGroup {
                kind,
                heading: phrase(
                    format!("{} ({})", l.en, lines.len()),
                    format!("{}（{}）", l.zh, lines.len()),
                ),
                lines,
            }
        })
        .collect();
    Changes {
        heading,
        since: phrase(
            format!(
                "Since the brief made on {made} (as of {}, {count} item{})",
                p.as_of,
                if count == 1 { "" } else { "s" }
            ),
            format!("上次简报：{made} 编制（截至 {}，{count} 项）", p.as_of),
        ),
        previous_made_at: Some(p.made_at),
        nothing: groups
            .is_empty()
            .then(|| phrase("Nothing changed.".into(), "无变化。".into())),
        groups,
    }
}
