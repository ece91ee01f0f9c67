//! Responsiveness per PRC counterpart agency, per kind or per quarter of transmission
//! (PRODUCT.md "Counterpart responsiveness", CONTRACT.md `counterpart stats`), pure: from
//! one [`StatsRow`] per item, which `db::stats` reads.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

use crate::model::{Kind, Status};

/// How the items are grouped.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    #[default]
    Agency,
    Kind,
    Quarter,
}

/// What the stats need of one item that counts: not archived, transmitted.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsRow {
    pub counterpart: String,
    pub kind: Kind,
    pub status: Status,
    pub transmitted_on: NaiveDate,
    /// Days with counterpart as of today.
    pub days_with_counterpart: i64,
    /// The first PRC-side event on or after the transmission (retracted ones left out).
    pub first_prc_on: Option<NaiveDate>,
    /// Its raised events (retracted ones left out).
    pub raised: u32,
}

/// One group's figures: `counterpart stats --format json`'s elements.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupStats {
    /// The agency code, the kind, or the quarter of transmission (`2024-Q3`).
    pub group: String,
    pub items: u32,
    pub open: u32,
    pub closed: u32,
    /// `fulfilled` only (not `partially_fulfilled`).
    pub fulfilled: u32,
    /// Items with a PRC-side event after transmission.
    pub answered: u32,
    pub no_response: u32,
    pub median_days_with_counterpart_open: Option<f64>,
    pub median_days_to_first_response: Option<f64>,
    /// How many times its items were raised, and how many of them were raised at all.
    pub times_raised: u32,
    pub items_raised: u32,
    /// The share of its items answered, in whole percent (rounded half up), and the share
    /// never answered (`100 - percent_answered`, so that the two always add up).
    pub percent_answered: u32,
    pub percent_no_response: u32,
}

impl GroupStats {
    /// The names of [`GroupStats::cells`], as the JSON keys (the CSV header).
    pub const COLUMNS: [&'static str; 13] = [
        "group",
        "items",
        "open",
        "closed",
        "fulfilled",
        "answered",
        "no_response",
        "median_days_with_counterpart_open",
        "median_days_to_first_response",
        "times_raised",
        "items_raised",
        "percent_answered",
        "percent_no_response",
    ];

    /// The figures as text, in the order of [`GroupStats::COLUMNS`] (a median of none
    /// is empty; a half day shows as `.5`).
    pub fn cells(&self) -> [String; 13] {
        let m = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
        [
            self.group.clone(),
            self.items.to_string(),
            self.open.to_string(),
            self.closed.to_string(),
            self.fulfilled.to_string(),
            self.answered.to_string(),
            self.no_response.to_string(),
            m(self.median_days_with_counterpart_open),
            m(self.median_days_to_first_response),
            self.times_raised.to_string(),
            self.items_raised.to_string(),
            self.percent_answered.to_string(),
            self.percent_no_response.to_string(),
        ]
    }
}

/// The quarter of a date: `2024-Q3`.
pub fn quarter(d: NaiveDate) -> String {
    format!("{}-Q{}", d.year(), d.month0() / 3 + 1)
}

/// `part` of `whole` in whole percent, rounded half up (0 of none).
pub fn percent(part: u32, whole: u32) -> u32 {
    match whole {
        0 => 0,
        _ => ((u64::from(part) * 200 + u64::from(whole)) / (2 * u64::from(whole))) as u32,
    }
}

/// The median of the values (the mean of the middle two when their count is even);
/// None for none. Sorts `values`.
pub fn median(values: &mut [i64]) -> Option<f64> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2] as f64),
        _ => Some((values[n / 2 - 1] + values[n / 2]) as f64 / 2.0),
    }
}

#[derive(Default)]
struct Acc {
    items: u32,
    open: u32,
    closed: u32,
    fulfilled: u32,
    open_days: Vec<i64>,
    to_first: Vec<i64>,
    times_raised: u32,
    items_raised: u32,
}

/// The figures of each group, in the group's order (agency code, kind, quarter).
pub fn compute(rows: &[StatsRow], by: GroupBy) -> Vec<GroupStats> {
    let mut groups: BTreeMap<String, Acc> = BTreeMap::new();
    for r in rows {
        let key = match by {
            GroupBy::Agency => r.counterpart.clone(),
            GroupBy::Kind => r.kind.as_str().to_owned(),
            GroupBy::Quarter => quarter(r.transmitted_on),
        };
        let a = groups.entry(key).or_default();
        a.items += 1;
        if r.status.is_open() {
            a.open += 1;
            a.open_days.push(r.days_with_counterpart);
        }
        if r.status.is_closed() {
            a.closed += 1;
        }
        if r.status == Status::Fulfilled {
            a.fulfilled += 1;
        }
        if let Some(first) = r.first_prc_on {
            a.to_first
                .push((first - r.transmitted_on).num_days().max(0));
        }
        a.times_raised += r.raised;
        a.items_raised += u32::from(r.raised > 0);
    }
    groups
        .into_iter()
        .map(|(group, mut a)| {
            let answered = a.to_first.len() as u32;
            let percent_answered = percent(answered, a.items);
            GroupStats {
                group,
                items: a.items,
                open: a.open,
                closed: a.closed,
                fulfilled: a.fulfilled,
                answered,
                no_response: a.items - answered,
                median_days_with_counterpart_open: median(&mut a.open_days),
                median_days_to_first_response: median(&mut a.to_first),
                times_raised: a.times_raised,
                items_raised: a.items_raised,
                percent_answered,
                percent_no_response: 100 - percent_answered,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
