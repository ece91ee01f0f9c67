//! Items and their histories: reading them here, changing them in [`write`] (the arms of
//! [`crate::db::apply`]). Every write replays the item's whole history
//! ([`crate::history::replay`]) and stores the status and clock columns that follow from
//! it in the same transaction as the events, so the two never disagree.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{named_params, Connection, OptionalExtension, Row};
use serde::Serialize;
use std::collections::HashMap;

use crate::calendar::cached::WorkingCache;
use crate::clock::{self, ClockCache, Figures};
use crate::db::{instant, reminders, workdays, Tx};
use crate::error::{Error, Result};
use crate::history::{self, HistoryError, Timeline};
use crate::model::{Event, EventId, EventType, FlatDetails, Item, ItemFields, ItemId, Kind};
use crate::raised::RaiseSummary;

/// The columns of `item` that [`from_row`] reads: the fields every item has, the kind
/// facts ([`FlatDetails::NAMES`]), and what follows from the history.
pub(crate) static ITEM_COLUMNS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let common = "id, kind, reference, title, title_zh, us_agency, counterpart, priority, owner, \
        notes, due_on, follow_up_on";
    let derived = "status, status_on, transmitted_on, closed_on, last_prc_on, created_at, \
        updated_at, version, tags, archived_at";
    format!("{common}, {}, {derived}", FlatDetails::NAMES.join(", "))
});

/// Reads the kind-specific columns of a row.
pub(crate) fn details_from_row(r: &Row<'_>, kind: Kind) -> rusqlite::Result<crate::model::Details> {
    FlatDetails::from_row(r)?
        .into_details(kind)
        .map_err(|stray| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("stored facts do not fit the kind: {stray:?}").into(),
            )
        })
}

/// One item from a row selected with [`ITEM_COLUMNS`].
pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Item> {
    let kind: Kind = r.get("kind")?;
    let tags: Option<String> = r.get("tags")?;
    Ok(Item {
        id: r.get("id")?,
        fields: ItemFields {
            reference: r.get("reference")?,
            title: r.get("title")?,
            title_zh: r.get("title_zh")?,
            us_agency: r.get("us_agency")?,
            counterpart: r.get("counterpart")?,
            priority: r.get("priority")?,
            owner: r.get("owner")?,
            notes: r.get("notes")?,
            tags: tags
                .map(|t| t.split(';').map(str::to_owned).collect())
                .unwrap_or_default(),
            due_on: r.get("due_on")?,
            follow_up_on: r.get("follow_up_on")?,
            details: details_from_row(r, kind)?,
        },
        status: r.get("status")?,
        status_on: r.get("status_on")?,
        transmitted_on: r.get("transmitted_on")?,
        closed_on: r.get("closed_on")?,
        last_prc_on: r.get("last_prc_on")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
        version: r.get("version")?,
        archived_at: r.get("archived_at")?,
    })
}

pub(crate) fn event_from_row(r: &Row<'_>) -> rusqlite::Result<Event> {
    Ok(Event {
        id: r.get("id")?,
        item_id: r.get("item_id")?,
        event_type: r.get("type")?,
        on: r.get("occurred_on")?,
        recorded_at: r.get("recorded_at")?,
        recorded_by: r.get("recorded_by")?,
        side: r.get("side")?,
        status: r.get("status")?,
        due_on: r.get("due_on")?,
        retracts: r.get("retracts")?,
        note: r.get("note")?,
        level: r.get("level")?,
        venue: r.get("venue")?,
    })
}

/// The item with this id.
pub fn get(conn: &Connection, id: ItemId) -> Result<Item> {
    let mut st =
        conn.prepare_cached(&format!("SELECT {} FROM item WHERE id = ?1", *ITEM_COLUMNS))?;
    st.query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound(id.to_string()))
}

/// An item's events in the order they count (date, then recording).
pub fn events(conn: &Connection, id: ItemId) -> Result<Vec<Event>> {
    let mut st = conn.prepare_cached(
        "SELECT * FROM event WHERE item_id = ?1 ORDER BY occurred_on, recorded_at, seq",
    )?;
    let rows = st.query_map([id], event_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn reference_taken(conn: &Connection, reference: &str, except: Option<ItemId>) -> Result<bool> {
    let mut st = conn.prepare_cached("SELECT id FROM item WHERE reference = ?1")?;
    let found: Option<ItemId> = st.query_row([reference], |r| r.get(0)).optional()?;
    Ok(found.is_some_and(|id| Some(id) != except))
}

/// Maps a history that cannot stand to the field the user has to change.
pub fn history_error(e: HistoryError) -> Error {
    let field = match &e {
        HistoryError::BeforeTransmission { .. } => "on",
        HistoryError::Transition { .. } => "status",
        HistoryError::AfterClosing { .. } => "type",
        HistoryError::Missing {
            what: crate::history::Needed::DueDate,
            ..
        } => "due_on",
        HistoryError::Missing { .. } => "status",
        HistoryError::BadRetraction { .. } => "retracts",
    };
    Error::field(field, e.problem())
}

/// Keeps the item's derived columns in step with its history.
fn store_timeline(conn: &Tx<'_>, id: ItemId, t: &Timeline, now: DateTime<Utc>) -> Result<()> {
    let cache = ClockCache::of(t);
    let mut st = conn.prepare_cached(
        "UPDATE item SET status = :status, is_open = :is_open, status_on = :status_on,
            transmitted_on = :transmitted_on, closed_on = :closed_on, last_prc_on = :last_prc_on,
            first_prc_on = :first_prc_on, raised_count = :raised_count,
            raised_level = :raised_level, raised_last_on = :raised_last_on,
            paused_days = :paused_days, paused_since = :paused_since, clock_start = :clock_start,
            clock_stop = :clock_stop, due_on = CASE WHEN :due_changed THEN :due_on ELSE due_on END,
            updated_at = max(updated_at, :now), version = version + 1
         WHERE id = :id",
    )?;
    st.execute(named_params! {
        ":status": t.status,
        ":is_open": t.status.is_open(),
        ":status_on": t.status_on,
        ":transmitted_on": t.transmitted_on,
        ":closed_on": t.closed_on,
        ":last_prc_on": t.last_prc_on,
        ":first_prc_on": t.first_prc_on,
        ":raised_count": t.raised,
        ":raised_level": t.raised_highest,
        ":raised_last_on": t.raised_last_on,
        ":paused_days": cache.paused_days,
        ":paused_since": cache.paused_since,
        ":clock_start": cache.start,
        ":clock_stop": cache.stop,
        ":due_changed": t.due_changed,
        ":due_on": t.due_on,
        ":now": instant(now),
        ":id": id,
    })?;
    workdays::store(conn, id, &WorkingCache::of(t, &workdays::counters(conn)?))?;
    if !t.status.is_open() {
        // Closing an item retires its reminders, in the same transaction.
        reminders::retire_item_raw(conn, id, now)?;
    }
    Ok(())
}

/// An event as shown: with whether (and why) it was retracted.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    #[serde(flatten)]
    pub event: Event,
    pub retracted: bool,
    /// The note of the retraction that retracted it.
    pub retraction_note: Option<String>,
}

/// Everything about one item on one day: fields, figures, the plain-words account of the
/// count, and the history newest first.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    #[serde(flatten)]
    pub item: Item,
    #[serde(flatten)]
    pub figures: Figures,
    /// Working days with counterpart on both calendars, beside the calendar days.
    #[serde(flatten)]
    pub working_days: crate::calendar::WorkingDays,
    pub explanation: String,
    /// The same in Chinese (the window in Chinese shows it).
    pub explanation_zh: String,
    pub links: Vec<LinkedItem>,
    pub events: Vec<EventView>,
    /// How often it was raised, when last, at what highest level (retractions excluded).
    pub raised: RaiseSummary,
    /// The same in plain words ("raised 4 times, last 2024-11-18 at cabinet level").
    pub raised_words: String,
    /// The same in Chinese ("交涉 4 次，最近一次交涉 2024-11-18，交涉最高级别：部长级").
    pub raised_words_zh: String,
}

/// An item linked to this one, and the link seen from this side.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkedItem {
    pub id: ItemId,
    pub reference: String,
    pub title: String,
    /// The relation as stored (what removing the link names).
    pub relation: String,
    /// The link was made from this item (to the other).
    pub outgoing: bool,
    /// The relation in this side's words: "Based on", "Basis of"…
    pub words: String,
    /// The same in Chinese: 依据, 系其依据…
    pub words_zh: String,
}

/// One item with its history and figures as of `today`.
pub fn view(conn: &Connection, id: ItemId, today: NaiveDate) -> Result<ItemView> {
    let item = get(conn, id)?;
    let evs = events(conn, id)?;
    // A team's merged history may hold events that do not count (history::replay_merged).
    let (timeline, _) = history::replay_merged(&evs);
    let figures = clock::figures(&timeline, item.fields.due_on, today);
    let cals = super::calendars::load(conn)?;
    let working_days =
        crate::calendar::WorkingDays::of(&cals, clock::span(&timeline, today).as_ref());
    let explanation = clock::explain(&timeline, &figures, today, &working_days);
    let explanation_zh = clock::explain_zh(&timeline, &figures, today, &working_days);
    let raised = RaiseSummary::of(&evs);
    let retractions: HashMap<EventId, String> = evs
        .iter()
        .filter(|e| e.event_type == EventType::Retraction)
        .filter_map(|e| e.retracts.map(|r| (r, e.note.clone())))
        .collect();
    let mut events: Vec<EventView> = evs
        .into_iter()
        .map(|e| EventView {
            retracted: retractions.contains_key(&e.id),
            retraction_note: retractions.get(&e.id).cloned(),
            event: e,
        })
        .collect();
    events.reverse();
    Ok(ItemView {
        links: links(conn, id)?,
        item,
        figures,
        working_days,
        explanation,
        explanation_zh,
        events,
        raised_words: raised.words_en(),
        raised_words_zh: raised.words_zh(),
        raised,
    })
}

/// The items linked to `id`, in either direction.
pub fn links(conn: &Connection, id: ItemId) -> Result<Vec<LinkedItem>> {
    links_of(conn, id, false)
}

/// The same, less the archived ones (which are out of lists and briefs).
pub fn links_unarchived(conn: &Connection, id: ItemId) -> Result<Vec<LinkedItem>> {
    links_of(conn, id, true)
}

fn links_of(conn: &Connection, id: ItemId, unarchived: bool) -> Result<Vec<LinkedItem>> {
    let mut st = conn.prepare_cached(
        "SELECT i.id, i.reference, i.title, l.relation, l.from_id = ?1 AS outgoing
           FROM item_link l
           JOIN item i ON i.id = CASE WHEN l.from_id = ?1 THEN l.to_id ELSE l.from_id END
          WHERE (l.from_id = ?1 OR l.to_id = ?1) AND (?2 = 0 OR i.archived = 0)
          ORDER BY i.reference",
    )?;
    let rows = st.query_map(rusqlite::params![id, unarchived], |r| {
        let relation: String = r.get("relation")?;
        let outgoing: bool = r.get("outgoing")?;
        Ok(LinkedItem {
            id: r.get("id")?,
            reference: r.get("reference")?,
            title: r.get("title")?,
            words: crate::model::relation_words(&relation, outgoing),
            words_zh: crate::model::relation_words_zh(&relation, outgoing),
            relation,
            outgoing,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every item with its events, in reference order (for export).
pub fn all_with_events(conn: &Connection) -> Result<Vec<(Item, Vec<Event>)>> {
    let mut st = conn.prepare(&format!(
        "SELECT {} FROM item ORDER BY reference",
        *ITEM_COLUMNS
    ))?;
    let items: Vec<Item> = st
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut by_item: HashMap<ItemId, Vec<Event>> = HashMap::new();
    let mut st =
        conn.prepare("SELECT * FROM event ORDER BY item_id, occurred_on, recorded_at, seq")?;
    for e in st.query_map([], event_from_row)? {
        let e = e?;
        by_item.entry(e.item_id).or_default().push(e);
    }
    Ok(items
        .into_iter()
        .map(|i| {
            let evs = by_item.remove(&i.id).unwrap_or_default();
            (i, evs)
        })
        .collect())
}

/// Every link as stored: from, to, relation.
pub fn all_links(conn: &Connection) -> Result<Vec<(ItemId, ItemId, String)>> {
    let mut st = conn.prepare(
        "SELECT from_id, to_id, relation FROM item_link ORDER BY from_id, to_id, relation",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every reference in use (a bulk import checks its rows against them in memory).
pub fn all_references(conn: &Connection) -> Result<std::collections::HashSet<String>> {
    let mut st = conn.prepare("SELECT reference FROM item")?;
    let refs = st.query_map([], |r| r.get(0))?;
    Ok(refs.collect::<rusqlite::Result<_>>()?)
}

/// Whether a reference is in use (import checks all rows before writing any).
pub fn reference_exists(conn: &Connection, reference: &str) -> Result<bool> {
    reference_taken(conn, reference, None)
}

mod archive;
pub(crate) mod insert;
pub(crate) mod links;
pub(crate) mod write;

pub use crate::db::lookup::find;
pub(crate) use crate::model::normalized_tags;
pub(crate) use archive::{archive, erase, unarchive};
pub use archive::{archived, ArchivedItem, Erased};
pub(crate) use insert::{Inserter, Prepared};
pub(crate) use write::Known;

#[cfg(test)]
mod tests;
