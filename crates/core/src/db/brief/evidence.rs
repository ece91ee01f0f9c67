//! What a brief shows of each of its items beyond the list row, as of the brief's day —
//! the one place a brief's working days are counted:
//!
//! - the working days with counterpart on both calendars, counted as `show` counts them
//!   ([`crate::calendar::WorkingDays`] over the span of its days with counterpart,
//!   [`crate::clock::span`], from its replayed history), through the cumulative
//!   counters ([`crate::calendar::cumulative::Counters`], two look-ups a span: a brief of
//!   1,000 items counted day by day took 200 ms);
//! - the items linked to it, archived ones left out ([`items::links_unarchived`]);
//! - its raise summary ([`RaiseSummary::of`] its events dated on or before the day);
//! - its row of the responsiveness stats, as `counterpart stats` reads it
//!   ([`crate::db::stats::rows_by_item`]).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::calendar::WorkingDays;
use crate::clock::{self, Span};
use crate::db::{items, stats, workdays};
use crate::error::Result;
use crate::history;
use crate::model::ItemId;
use crate::raised::RaiseSummary;
use crate::stats::StatsRow;

/// One item's figures beyond its list row.
#[derive(Debug, Clone, Default)]
pub(super) struct Evidence {
    pub working_days: WorkingDays,
    /// The items linked to it, with the relation in its side's words.
    pub links: Vec<items::LinkedItem>,
    pub raised: RaiseSummary,
    pub stats: Option<StatsRow>,
}

/// The figures of the items `ids` as of `as_of`.
pub(super) fn of_items(
    conn: &Connection,
    ids: impl IntoIterator<Item = ItemId>,
    as_of: NaiveDate,
) -> Result<HashMap<ItemId, Evidence>> {
    let mut stats: HashMap<ItemId, StatsRow> =
        stats::rows_by_item(conn, as_of)?.into_iter().collect();
    let mut read: Vec<(ItemId, Option<Span>, RaiseSummary, Vec<items::LinkedItem>)> = Vec::new();
    for id in ids {
        let mut evs = items::events(conn, id)?;
        // As `show` replays it (a team's merged history may hold events that do not count).
        let (timeline, _) = history::replay_merged(&evs);
        evs.retain(|e| e.on <= as_of);
        let links = items::links_unarchived(conn, id)?;
        read.push((
            id,
            clock::span(&timeline, as_of),
            RaiseSummary::of(&evs),
            links,
        ));
    }
    let counters = workdays::counters(conn)?;
    Ok(read
        .into_iter()
        .map(|(id, span, raised, links)| {
            let working_days =
                WorkingDays::counted(|cal, from, to| counters.count(cal, from, to), span.as_ref());
            (
                id,
                Evidence {
                    working_days,
                    links,
                    raised,
                    stats: stats.remove(&id),
                },
            )
        })
        .collect())
}
