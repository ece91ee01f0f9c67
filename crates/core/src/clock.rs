//! The clock: every figure shown for an item, in whole calendar days, from its history and
//! a `today` passed in. This is the one place these rules live.
//!
//! - **days with counterpart**: from the transmitted date to today (or to the closing
//!   date), minus the days spent in `awaiting_us`. Same day = 0. A draft has none.
//! - **days in status**: since the last status change.
//! - **days since last PRC response**: since the last PRC-side event (none yet: since
//!   transmission).
//! - **overdue**: a due date before today on an open item.
//!
//! Figures are "as of today": the part of the history dated after `today` does not count
//! (a brief as of a past date shows the past). The list query cannot replay histories for
//! 100,000 items, so each item also stores a [`ClockCache`] (two day numbers) from which
//! SQL sorts and filters; [`ClockCache::days_with_counterpart`] agrees with [`figures`]
//! whenever `today` is on or after the item's latest event, which tests check.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::history::Timeline;

/// The figures of one item on one day.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub days_with_counterpart: Option<i64>,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub days_paused: i64,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub days_in_status: Option<i64>,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub days_since_prc_response: Option<i64>,
    pub overdue: bool,
}

fn days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// The days with counterpart as a span: the days d with `from < d ≤ to`, less those of each
/// pause `(p, q)` with `p < d ≤ q` (a pause may be empty). From the transmitted date to
/// today or the closing date; None for a draft; empty for a transmission after today. The
/// calendar days and the working days ([`crate::calendar::WorkingDays`]) count over it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub pauses: Vec<(NaiveDate, NaiveDate)>,
}

/// The span of an item's days with counterpart as of `today`.
pub fn span(t: &Timeline, today: NaiveDate) -> Option<Span> {
    let tx = t.transmitted_on?;
    if tx > today {
        return Some(Span {
            from: tx,
            to: tx,
            pauses: Vec::new(),
        });
    }
    let end = t.closed_on.map_or(today, |c| c.min(today));
    let pauses = t
        .pauses
        .iter()
        .map(|p| (p.from.max(tx), p.to.map_or(end, |to| to.min(end))))
        .collect();
    Some(Span {
        from: tx,
        to: end,
        pauses,
    })
}

/// Computes an item's figures from its timeline, due date and today.
pub fn figures(t: &Timeline, due_on: Option<NaiveDate>, today: NaiveDate) -> Figures {
    let open_today = t.closed_on.is_none_or(|c| c > today);
    let (with_counterpart, paused) = match span(t, today) {
        Some(s) => {
            let paused: i64 = s.pauses.iter().map(|p| days(p.0, p.1).max(0)).sum();
            (Some((days(s.from, s.to) - paused).max(0)), paused)
        }
        None => (None, 0),
    };
    Figures {
        days_with_counterpart: with_counterpart,
        days_paused: paused,
        days_in_status: t.status_on.map(|s| days(s, today).max(0)),
        days_since_prc_response: t
            .last_prc_on
            .or(t.transmitted_on)
            .map(|d| days(d, today).max(0)),
        overdue: open_today && due_on.is_some_and(|due| due < today),
    }
}

/// The parts of the count that [`explain`] and [`explain_zh`] put in words.
enum Account {
    /// Not transmitted (a draft).
    NotSent,
    /// Transmitted after the day asked about.
    NotYet(NaiveDate),
    /// `gross` days from transmission on `tx` to `end` (closing) or today, `paused` of them
    /// awaiting U.S. information, `n` with counterpart.
    Counted {
        tx: NaiveDate,
        end: Option<NaiveDate>,
        gross: i64,
        paused: i64,
        n: i64,
    },
}

fn account(t: &Timeline, f: &Figures, today: NaiveDate) -> Account {
    let (Some(tx), Some(n)) = (t.transmitted_on, f.days_with_counterpart) else {
        return Account::NotSent;
    };
    if tx > today {
        return Account::NotYet(tx);
    }
    let end = t.closed_on.filter(|c| *c <= today);
    Account::Counted {
        tx,
        end,
        gross: days(tx, end.unwrap_or(today)),
        paused: f.days_paused,
        n,
    }
}

/// The plain-words account of how days with counterpart were counted, e.g. "412 days since
/// transmission on 2023-10-03, minus 37 days awaiting U.S. information: 375 days with
/// counterpart — 258 U.S. working days, 252 PRC working days".
pub fn explain(
    t: &Timeline,
    f: &Figures,
    today: NaiveDate,
    working: &crate::calendar::WorkingDays,
) -> String {
    let plural = |n: i64| if n == 1 { "day" } else { "days" };
    let (tx, end, gross, paused, n) = match account(t, f, today) {
        Account::NotSent => return "Not yet transmitted: the clock has not started.".to_owned(),
        Account::NotYet(tx) => {
            return format!("Transmitted on {tx}, after {today}: the clock has not started.")
        }
        Account::Counted {
            tx,
            end,
            gross,
            paused,
            n,
        } => (tx, end, gross, paused, n),
    };
    let mut s = match end {
        Some(c) => format!(
            "{gross} {} from transmission on {tx} to closing on {c}",
            plural(gross)
        ),
        None => format!("{gross} {} since transmission on {tx}", plural(gross)),
    };
    if paused > 0 {
        s.push_str(&format!(
            ", minus {paused} {} awaiting U.S. information",
            plural(paused)
        ));
    }
    if paused > 0 || end.is_some() {
        s.push_str(&format!(": {n} {} with counterpart", plural(n)));
    }
    s.push_str(&working.words());
    s.push('.');
    s
}

/// [`explain`] in Chinese, with the glossary's terms: "自 2023-10-03 转交起 412 天，扣除待美方补充
/// 材料 37 天：中方办理 375 天——美方工作日 258 天，中方工作日 252 天。"
pub fn explain_zh(
    t: &Timeline,
    f: &Figures,
    today: NaiveDate,
    working: &crate::calendar::WorkingDays,
) -> String {
    let (tx, end, gross, paused, n) = match account(t, f, today) {
        Account::NotSent => return "尚未转交：尚未开始计时。".to_owned(),
        Account::NotYet(tx) => return format!("转交日期 {tx} 晚于 {today}：尚未开始计时。"),
        Account::Counted {
            tx,
            end,
            gross,
            paused,
            n,
        } => (tx, end, gross, paused, n),
    };
    let mut s = match end {
        Some(c) => format!("自 {tx} 转交至 {c} 结案共 {gross} 天"),
        None => format!("自 {tx} 转交起 {gross} 天"),
    };
    if paused > 0 {
        s.push_str(&format!("，扣除待美方补充材料 {paused} 天"));
    }
    if paused > 0 || end.is_some() {
        s.push_str(&format!("：中方办理 {n} 天"));
    }
    s.push_str(&working.words_zh());
    s.push('。');
    s
}

/// Day number of a date: days since 1970-01-01.
pub fn day_number(d: NaiveDate) -> i64 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid epoch")).num_days()
}

/// What the item table stores so that SQL can compute and sort the figures without
/// replaying histories: the clock runs from `start` (the transmitted day plus the days of
/// completed pauses, as a day number) and, once stopped by a pause or by closing, stands
/// still at `stop`. Days with counterpart = `min(today, stop) - start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClockCache {
    pub start: Option<i64>,
    pub stop: Option<i64>,
    pub paused_days: i64,
    pub paused_since: Option<NaiveDate>,
    pub transmitted_on: Option<NaiveDate>,
    pub status_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub last_prc_on: Option<NaiveDate>,
    pub is_open: bool,
}

impl ClockCache {
    pub fn of(t: &Timeline) -> Self {
        let paused_days = t.paused_days_completed();
        let paused_since = t.open_pause().map(|p| p.from);
        ClockCache {
            start: t.transmitted_on.map(|tx| day_number(tx) + paused_days),
            stop: t
                .transmitted_on
                .and(paused_since.or(t.closed_on))
                .map(day_number),
            paused_days,
            paused_since,
            transmitted_on: t.transmitted_on,
            status_on: t.status_on,
            closed_on: t.closed_on,
            last_prc_on: t.last_prc_on,
            is_open: t.status.is_open(),
        }
    }

    /// Days with counterpart from the stored columns; `db::list` sorts by the same
    /// quantity in SQL.
    pub fn days_with_counterpart(&self, today: NaiveDate) -> Option<i64> {
        let start = self.start?;
        let today = day_number(today);
        let end = self.stop.map_or(today, |s| s.min(today));
        Some((end - start).max(0))
    }

    /// The figures from the stored columns. Equal to [`figures`] of the history whenever
    /// `today` is on or after the item's latest event.
    pub fn figures(&self, due_on: Option<NaiveDate>, today: NaiveDate) -> Figures {
        let open_pause = self.paused_since.map_or(0, |p| {
            let end = self.closed_on.map_or(today, |c| c.min(today));
            days(p, end).max(0)
        });
        Figures {
            days_with_counterpart: self.days_with_counterpart(today),
            days_paused: if self.start.is_some() {
                self.paused_days + open_pause
            } else {
                0
            },
            days_in_status: self.status_on.map(|s| days(s, today).max(0)),
            days_since_prc_response: self
                .last_prc_on
                .or(self.transmitted_on)
                .map(|d| days(d, today).max(0)),
            overdue: self.is_open && due_on.is_some_and(|due| due < today),
        }
    }
}

/// The median of day counts sorted in ascending order (the mean of the middle two, rounded
/// down, when the count is even); `None` for none. The dashboard's and the brief's "median
/// days with counterpart".
pub fn median(sorted: &[i64]) -> Option<i64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

#[cfg(test)]
mod tests;
