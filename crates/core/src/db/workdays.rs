//! The items' working-day columns (`wd_us_base`, `wd_us_frozen`, `wd_prc_base`,
//! `wd_prc_frozen`, see [`crate::calendar::cached`]): written with the clock columns by
//! every change of an item's history (`db::items`), and made again for every item when the
//! calendars change — a day added ([`recompute`], in the same transaction), or the
//! program's built-in calendar data differing from the data they were made with (the
//! setting [`FINGERPRINT_KEY`], checked on every open by [`ensure_current`]; an upgrade
//! to schema 12 fills them this way).

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use std::collections::HashMap;

use crate::calendar::cached::WorkingCache;
use crate::calendar::cumulative::{self, Counters};
use crate::db::{calendars, items, settings, Tx};
use crate::error::Result;
use crate::history;
use crate::model::ItemId;

/// The setting holding [`cumulative::fingerprint`] of the data the columns were made with.
pub const FINGERPRINT_KEY: &str = "calendar.fingerprint";

/// The counters of both calendars, with the user's days.
pub fn counters(conn: &Connection) -> Result<Counters> {
    Ok(Counters::new(&calendars::load(conn)?))
}

/// Stores an item's working-day columns.
pub(crate) fn store(tx: &Tx<'_>, id: ItemId, w: &WorkingCache) -> Result<()> {
    tx.prepare_cached(
        "UPDATE item SET wd_us_base = ?2, wd_us_frozen = ?3, wd_prc_base = ?4, \
         wd_prc_frozen = ?5 WHERE id = ?1",
    )?
    .execute(params![id, w.base[0], w.frozen[0], w.base[1], w.frozen[1]])?;
    Ok(())
}

/// An item [`recompute`] looks at: its clock columns and its stored working-day columns.
struct Found {
    id: ItemId,
    transmitted_on: Option<NaiveDate>,
    stop: Option<i64>,
    paused_days: i64,
    stored: WorkingCache,
}

/// Makes the items' working-day columns again from the calendars as they now stand: from
/// the clock columns for an item whose pauses took no day, from its history for the
/// others; a row whose values stand is not written. With `since` (a day just added to a
/// calendar), only the items that can have changed: `C` changes from that day on only
/// (see [`cumulative`]), and every day an item's columns take `C` of (transmission, the
/// ends of its pauses, its stop) is a move of its status, on or before `status_on`.
/// Returns how many rows were written.
pub(crate) fn recompute(tx: &Tx<'_>, since: Option<NaiveDate>) -> Result<usize> {
    let since = since.filter(|d| cumulative::counts_forward(*d));
    let c = counters(tx)?;
    let changed = "(?1 IS NULL OR status_on IS NULL OR status_on >= ?1)";
    let mut found: Vec<Found> = Vec::new();
    {
        let mut st = tx.prepare(&format!(
            "SELECT id, transmitted_on, clock_stop, paused_days, wd_us_base, wd_us_frozen, \
             wd_prc_base, wd_prc_frozen FROM item \
             WHERE (clock_start IS NOT NULL OR wd_us_base IS NOT NULL OR wd_prc_base IS NOT NULL) \
             AND {changed}"
        ))?;
        let rows = st.query_map([since], |r| {
            let stored = WorkingCache {
                base: [r.get(4)?, r.get(6)?],
                frozen: [r.get(5)?, r.get(7)?],
            };
            Ok(Found {
                id: r.get(0)?,
                transmitted_on: r.get(1)?,
                stop: r.get(2)?,
                paused_days: r.get(3)?,
                stored,
            })
        })?;
        for r in rows {
            found.push(r?);
        }
    }
    let mut histories: HashMap<ItemId, Vec<crate::model::Event>> = HashMap::new();
    if found.iter().any(|f| f.paused_days != 0) {
        let mut st = tx.prepare(&format!(
            "SELECT * FROM event WHERE item_id IN \
             (SELECT id FROM item WHERE paused_days <> 0 AND {changed}) \
             ORDER BY item_id, occurred_on, recorded_at, seq"
        ))?;
        for e in st.query_map([since], items::event_from_row)? {
            let e = e?;
            histories.entry(e.item_id).or_default().push(e);
        }
    }
    let mut written = 0;
    for f in &found {
        let w = match (f.transmitted_on, f.paused_days) {
            (Some(tx_on), 0) => WorkingCache::unpaused(tx_on, f.stop, &c),
            (Some(_), _) => {
                let events = histories.remove(&f.id).unwrap_or_default();
                WorkingCache::of(&history::replay_merged(&events).0, &c)
            }
            (None, _) => WorkingCache::default(),
        };
        if w != f.stored {
            store(tx, f.id, &w)?;
            written += 1;
        }
    }
    Ok(written)
}

/// On opening: makes the columns again if the built-in calendar data is not the one they
/// were made with (a new version of the program, or a database upgraded to schema 12).
/// Reads only, when it is.
pub(crate) fn ensure_current(db: &mut crate::db::Db) -> Result<()> {
    if is_current(db.writer()?)? {
        return Ok(());
    }
    db.write(|tx| {
        recompute(tx, None)?;
        settings::set_raw(tx, FINGERPRINT_KEY, cumulative::fingerprint())
    })
}

/// Whether the columns were made with this program's calendar data.
pub(crate) fn is_current(conn: &Connection) -> Result<bool> {
    Ok(settings::get(conn, FINGERPRINT_KEY)?.as_deref() == Some(cumulative::fingerprint()))
}

/// For tests: the stored columns of an item, by id.
#[doc(hidden)]
pub fn stored(conn: &Connection, id: ItemId) -> Result<WorkingCache> {
    let mut st = conn.prepare_cached(
        "SELECT wd_us_base, wd_us_frozen, wd_prc_base, wd_prc_frozen FROM item WHERE id = ?1",
    )?;
    Ok(st.query_row(params![id], |r| {
        Ok(WorkingCache {
            base: [r.get(0)?, r.get(2)?],
            frozen: [r.get(1)?, r.get(3)?],
        })
    })?)
}
