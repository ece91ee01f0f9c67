//! What the item table stores so that the list shows and sorts by working days without
//! replaying histories, like [`crate::clock::ClockCache`] for calendar days: per calendar,
//! a base `B` with "working days with counterpart = C(today) − B" while the clock runs
//! (`C` the calendar's [`super::cumulative::Cumulative`] counter), and the count it stands
//! at once stopped by a pause or by closing.
//!
//! `B = C(transmitted) + Σ (C(resumed) − C(paused))` over the completed pauses, so the
//! pauses remove the same days as from the calendar-day figure; stopped at `s`, the count
//! is `C(s) − B`. Equal to [`WorkingDays::of`] the item's span whenever `today` is on or
//! after its latest event, which tests check.

use chrono::NaiveDate;

use super::cumulative::{self, Counters};
use super::{Calendar, WorkingDays};
use crate::clock::{day_number, ClockCache};
use crate::history::Timeline;

/// An item's stored working-day columns, per calendar in the order of [`Calendar::ALL`]
/// (`wd_us_base`, `wd_us_frozen`, `wd_prc_base`, `wd_prc_frozen`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WorkingCache {
    /// None for a draft.
    pub base: [Option<i64>; 2],
    /// The count of a stopped clock; None while it runs (and for a draft).
    pub frozen: [Option<i64>; 2],
}

impl WorkingCache {
    /// From a history's timeline.
    pub fn of(t: &Timeline, c: &Counters) -> Self {
        let Some(tx) = t.transmitted_on else {
            return WorkingCache::default();
        };
        let stop = t.open_pause().map(|p| p.from).or(t.closed_on);
        let mut out = WorkingCache::default();
        for cal in Calendar::ALL {
            let k = c.get(cal);
            let base = t
                .pauses
                .iter()
                .filter_map(|p| p.to.map(|to| k.at(to) - k.at(p.from)))
                .fold(k.at(tx), |b, paused| b + paused);
            let i = cumulative::index(cal);
            out.base[i] = Some(base);
            out.frozen[i] = stop.map(|s| k.at(s) - base);
        }
        out
    }

    /// From the clock columns alone, for an item whose completed pauses took no day
    /// (`paused_days` = 0: a pause of no calendar day has no working day either).
    pub fn unpaused(transmitted_on: NaiveDate, stop: Option<i64>, c: &Counters) -> Self {
        let mut out = WorkingCache::default();
        for cal in Calendar::ALL {
            let k = c.get(cal);
            let base = k.at(transmitted_on);
            let i = cumulative::index(cal);
            out.base[i] = Some(base);
            out.frozen[i] = stop.map(|s| k.at_day(s) - base);
        }
        out
    }

    /// The working days as of `today` from the stored columns and the clock's, with
    /// `c_today` = `C(today)` of each calendar (the same for every row of a list), and the
    /// counters for what counts as published.
    pub fn working_days(
        &self,
        clock: &ClockCache,
        today: NaiveDate,
        counters: &cumulative::Counters,
        c_today: [i64; 2],
    ) -> WorkingDays {
        let (Some(tx), Some(_)) = (clock.transmitted_on, clock.start) else {
            return WorkingDays::default();
        };
        let t = day_number(today);
        let count = |i: usize| -> Option<i64> {
            let base = self.base[i]?;
            let n = match (clock.stop, self.frozen[i]) {
                (Some(s), Some(f)) if s <= t => f,
                _ => c_today[i] - base,
            };
            Some(n.max(0))
        };
        // The span (transmitted, closed or today], as `clock::span` has it.
        let end = clock.closed_on.map_or(today, |c| c.min(today)).max(tx);
        WorkingDays {
            working_days_with_counterpart_us: count(0),
            working_days_with_counterpart_prc: count(1),
            working_days_estimated: Calendar::ALL
                .into_iter()
                .any(|cal| counters.estimated(cal, tx, end)),
        }
    }
}
