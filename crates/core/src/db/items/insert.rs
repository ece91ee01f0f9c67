//! Inserting items with their histories, in two steps: [`Prepared::new`] does everything
//! that needs no database (replaying the history, the clock columns, the text of every
//! column and of the search index) and [`Inserter`] writes the rows. A bulk import
//! prepares rows on one thread while another writes them.

use chrono::{DateTime, Utc};
use rusqlite::{CachedStatement, ToSql};

use crate::audit::Action;
use crate::calendar::cached::WorkingCache;
use crate::calendar::cumulative::Counters;
use crate::clock::ClockCache;
use crate::db::{audit, date, instant, search, stored_text, workdays, Tx};
use crate::error::Result;
use crate::history::{self, Timeline};
use crate::model::{Event, FlatDetails, Item, ItemFields, ItemId};

use super::history_error;

/// An item and its history, checked and ready to write.
pub(crate) struct Prepared {
    pub id: ItemId,
    pub fields: ItemFields,
    pub events: Vec<Event>,
    timeline: Timeline,
    cache: ClockCache,
    details: FlatDetails,
    tags: Vec<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    created: String,
    updated: String,
    search: search::Entry,
}

impl Prepared {
    /// The status, dates and figures its history gives it.
    pub(crate) fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// Replays the history (refusing one that cannot stand) and computes every stored value.
    pub fn new(
        id: ItemId,
        mut fields: ItemFields,
        events: Vec<Event>,
        created_at: DateTime<Utc>,
        updated_at: DateTime<Utc>,
    ) -> Result<Prepared> {
        let timeline = history::replay(&events).map_err(history_error)?;
        fields.tags = crate::model::normalized_tags(&fields.tags);
        let created = instant(created_at);
        let updated = if updated_at == created_at {
            created.clone()
        } else {
            instant(updated_at)
        };
        Ok(Prepared {
            id,
            cache: ClockCache::of(&timeline),
            details: FlatDetails::from(&fields.details),
            tags: fields.tags.clone(),
            search: search::Entry::of(&fields),
            fields,
            events,
            timeline,
            created_at,
            updated_at,
            created,
            updated,
        })
    }

    /// When an event it comes with was recorded, as stored (most were at its creation).
    fn recorded(&self, e: &Event) -> String {
        if e.recorded_at == self.created_at {
            self.created.clone()
        } else {
            instant(e.recorded_at)
        }
    }

    /// The item as it will be stored.
    pub fn item(&self) -> Item {
        Item {
            id: self.id,
            fields: self.fields.clone(),
            status: self.timeline.status,
            status_on: self.timeline.status_on,
            transmitted_on: self.timeline.transmitted_on,
            closed_on: self.timeline.closed_on,
            last_prc_on: self.timeline.last_prc_on,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: 1,
            archived_at: None,
        }
    }
}

/// The columns a user enters and edits (everything but the id, the kind and what follows
/// from the history), in one order shared by the insert and the update: the fields every
/// item has, the kind facts ([`FlatDetails::NAMES`]), the tags and when it changed.
pub(crate) static EDITABLE_COLUMNS: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| {
        COMMON_EDITABLE
            .into_iter()
            .chain(FlatDetails::NAMES.iter().copied())
            .chain(["tags", "updated_at"])
            .collect()
    });

/// The fields every item has, as [`Editable::params`] binds them first.
const COMMON_EDITABLE: [&str; 10] = [
    "reference",
    "title",
    "title_zh",
    "us_agency",
    "counterpart",
    "priority",
    "owner",
    "notes",
    "due_on",
    "follow_up_on",
];

/// The values of [`EDITABLE_COLUMNS`] for one item, dates written out.
pub(super) struct Editable<'a> {
    f: &'a ItemFields,
    d: &'a FlatDetails,
    dates: [Option<String>; 2],
    tags: Option<String>,
    updated: &'a str,
}

impl<'a> Editable<'a> {
    pub(super) fn new(
        f: &'a ItemFields,
        d: &'a FlatDetails,
        tags: &[String],
        updated: &'a str,
    ) -> Self {
        Editable {
            f,
            d,
            dates: [date(f.due_on), date(f.follow_up_on)],
            tags: (!tags.is_empty()).then(|| tags.join(";")),
            updated,
        }
    }

    /// In the order of [`EDITABLE_COLUMNS`].
    pub(super) fn params(&self) -> Vec<&dyn ToSql> {
        let (f, [due, follow]) = (self.f, &self.dates);
        let mut v: Vec<&dyn ToSql> = Vec::with_capacity(EDITABLE_COLUMNS.len());
        v.extend([
            &f.reference as &dyn ToSql,
            &f.title,
            &f.title_zh,
            &f.us_agency,
            &f.counterpart,
            &f.priority,
            &f.owner,
            &f.notes,
            due,
            follow,
        ]);
        v.extend(self.d.sql_params());
        v.extend([&self.tags as &dyn ToSql, &self.updated]);
        v
    }
}

/// A changed column: its name, its old and its new value as stored text (None for NULL).
pub(super) type Change = (&'static str, Option<String>, Option<String>);

/// The columns whose stored values differ between two versions of an item (the update's
/// audit rows); `updated_at` not counted.
pub(super) fn changed_columns(
    old: &Editable<'_>,
    new: &Editable<'_>,
) -> rusqlite::Result<Vec<Change>> {
    let mut out = Vec::new();
    for ((column, a), b) in EDITABLE_COLUMNS.iter().zip(old.params()).zip(new.params()) {
        if *column == "updated_at" {
            continue;
        }
        let (a, b) = (stored_text(a)?, stored_text(b)?);
        if a != b {
            out.push((*column, a, b));
        }
    }
    Ok(out)
}

/// The stored text of each editable column of `f` (but `updated_at`), as the trail
/// records a column's value.
pub(crate) fn column_texts(f: &ItemFields) -> Result<Vec<(&'static str, Option<String>)>> {
    let d = FlatDetails::from(&f.details);
    let tags = crate::model::normalized_tags(&f.tags);
    let e = Editable::new(f, &d, &tags, "");
    let mut out = Vec::new();
    for (column, v) in EDITABLE_COLUMNS.iter().zip(e.params()) {
        if *column != "updated_at" {
            out.push((*column, stored_text(v)?));
        }
    }
    Ok(out)
}

/// Writes prepared items, holding its statements (and the head of the audit chain) for a
/// whole batch.
pub(crate) struct Inserter<'c> {
    item: CachedStatement<'c>,
    event: CachedStatement<'c>,
    index: search::Indexer<'c>,
    audit: audit::Appender<'c>,
    /// The calendars' counters, for the working-day columns.
    counters: Counters,
}

impl<'c> Inserter<'c> {
    /// `now` and `user` are when and by whom, for the audit trail's `created` rows;
    /// `batch`: more new items follow, so they are indexed together at [`Inserter::finish`]
    /// (see [`search::Indexer`]).
    pub fn new(
        conn: &'c Tx<'_>,
        now: DateTime<Utc>,
        user: Option<&str>,
        batch: bool,
    ) -> Result<Self> {
        Ok(Inserter {
            item: conn.prepare_cached(&INSERT_ITEM)?,
            event: conn.prepare_cached(&INSERT_EVENT)?,
            index: search::Indexer::new(conn, batch)?,
            audit: audit::Appender::new(conn, now, user)?,
            counters: workdays::counters(conn)?,
        })
    }

    /// Writes the item, its events, its search text and its `created` audit row (one per
    /// item: the events it comes with are part of its creation).
    pub fn insert(&mut self, p: &Prepared) -> Result<()> {
        let (t, c) = (&p.timeline, &p.cache);
        let editable = Editable::new(&p.fields, &p.details, &p.tags, &p.updated);
        let derived = (
            date(t.status_on),
            date(t.transmitted_on),
            date(t.closed_on),
            date(t.last_prc_on),
            date(c.paused_since),
            date(t.first_prc_on),
            date(t.raised_last_on),
        );
        let (kind, is_open) = (p.fields.kind(), t.status.is_open());
        let w = WorkingCache::of(t, &self.counters);
        let mut values: Vec<&dyn ToSql> = vec![&p.id, &kind];
        values.extend(editable.params());
        values.extend([
            &t.status as &dyn ToSql,
            &is_open,
            &derived.0,
            &derived.1,
            &derived.2,
            &derived.3,
            &c.paused_days,
            &derived.4,
            &c.start,
            &c.stop,
            &p.created,
            &derived.5,
            &t.raised,
            &t.raised_highest,
            &derived.6,
            &w.base[0],
            &w.frozen[0],
            &w.base[1],
            &w.frozen[1],
        ]);
        let seq = self.item.insert(values.as_slice())?;
        self.index.add(seq, p.search.clone())?;
        for e in &p.events {
            write_event(&mut self.event, e, p.recorded(e))?;
        }
        let state = creation_state(&p.created, &editable, &p.events, |e| p.recorded(e))?;
        let created = audit::summary(kind, &p.fields.title, Some(state));
        self.audit.append(
            p.id,
            &p.fields.reference,
            Action::Created,
            None,
            None,
            Some(&created),
        )?;
        Ok(())
    }
}

impl Inserter<'_> {
    /// Indexes the items written (a batch's): before the transaction commits and before
    /// any other change of the same transaction.
    pub fn finish(mut self) -> Result<()> {
        self.index.flush()
    }
}

/// The derived columns, after [`EDITABLE_COLUMNS`], in the insert.
const DERIVED_COLUMNS: [&str; 19] = [
    "status",
    "is_open",
    "status_on",
    "transmitted_on",
    "closed_on",
    "last_prc_on",
    "paused_days",
    "paused_since",
    "clock_start",
    "clock_stop",
    "created_at",
    "first_prc_on",
    "raised_count",
    "raised_level",
    "raised_last_on",
    "wd_us_base",
    "wd_us_frozen",
    "wd_prc_base",
    "wd_prc_frozen",
];

static INSERT_ITEM: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let columns: Vec<&str> = ["id", "kind"]
        .into_iter()
        .chain(EDITABLE_COLUMNS.iter().copied())
        .chain(DERIVED_COLUMNS)
        .collect();
    let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO item ({}, version) VALUES ({}, 1)",
        columns.join(", "),
        marks.join(", ")
    )
});

/// The update of [`EDITABLE_COLUMNS`] (`?1` is the id), bumping the version.
pub(super) static UPDATE_ITEM: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let sets: Vec<String> = EDITABLE_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| match *c {
            // Never moves back: a team's copies apply the same changes in different
            // orders and must agree on when the item last changed.
            "updated_at" => format!("{c} = max({c}, ?{})", i + 2),
            _ => format!("{c} = ?{}", i + 2),
        })
        .collect();
    format!(
        "UPDATE item SET {}, version = version + 1 WHERE id = ?1",
        sets.join(", ")
    )
});

/// The columns of `event` as the program writes them, in the order of [`event_params`].
pub(crate) const EVENT_COLUMNS: &str = "id, item_id, type, occurred_on, recorded_at, \
    recorded_by, side, status, due_on, retracts, note, level, venue";

/// How many of [`EVENT_COLUMNS`] came with schema 9 (a raised event's level and venue), last.
const RAISE_COLUMNS: usize = 2;

/// An event's stored texts as the state digest takes them: the raise columns only when
/// set, so that an item created before schema 9 keeps the digest it was created with.
pub(crate) fn digest_texts(mut texts: Vec<Option<String>>) -> Vec<Option<String>> {
    let base = texts.len().saturating_sub(RAISE_COLUMNS);
    if texts[base..].iter().all(Option::is_none) {
        texts.truncate(base);
    }
    texts
}

static INSERT_EVENT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let marks: Vec<String> = (1..=13).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO event ({EVENT_COLUMNS}) VALUES ({})",
        marks.join(", ")
    )
});

/// Hands the values of an event's row (in the order of [`EVENT_COLUMNS`]) to `f`.
fn event_params<T>(e: &Event, recorded_at: &str, f: impl FnOnce(&[&dyn ToSql]) -> T) -> T {
    let (on, due) = (date(Some(e.on)), date(e.due_on));
    f(&[
        &e.id,
        &e.item_id,
        &e.event_type,
        &on,
        &recorded_at,
        &e.recorded_by,
        &e.side,
        &e.status,
        &due,
        &e.retracts,
        &e.note,
        &e.level,
        &e.venue,
    ])
}

fn write_event(st: &mut CachedStatement<'_>, e: &Event, recorded_at: String) -> Result<()> {
    event_params(e, &recorded_at, |p| st.execute(p))?;
    Ok(())
}

/// Whether a column of [`EDITABLE_COLUMNS`] is part of the digest of an item as created:
/// not when it changed (`updated_at`), nor the due date, which a `due_changed` event also
/// moves (without an `edited` row saying from what), so that it cannot be undone back
/// to its value at creation.
pub(crate) fn in_creation_state(column: &str) -> bool {
    column != "updated_at" && column != "due_on"
}

/// The digest of a new item as it is written: its kind, creation instant, editable
/// columns and events as stored ([`crate::audit::StateDigest::of`], which `check`
/// recomputes from the rows in `db::audit::replay`). `recorded` is the instant text each event gets.
fn creation_state(
    created: &str,
    editable: &Editable<'_>,
    events: &[Event],
    recorded: impl Fn(&Event) -> String,
) -> Result<String> {
    let mut columns = Vec::with_capacity(EDITABLE_COLUMNS.len());
    for (name, v) in EDITABLE_COLUMNS.iter().zip(editable.params()) {
        if in_creation_state(name) {
            columns.push((*name, stored_text(v)?));
        }
    }
    let mut rows = Vec::with_capacity(events.len());
    for e in events {
        let texts = event_params(e, &recorded(e), |p| {
            p.iter()
                .map(|v| stored_text(*v))
                .collect::<rusqlite::Result<Vec<_>>>()
        })?;
        rows.push(digest_texts(texts));
    }
    let kind = editable.f.kind();
    Ok(crate::audit::StateDigest::of(
        kind.as_str(),
        created,
        &columns,
        &rows,
    ))
}

/// Writes one event (recording an event on an existing item).
pub(crate) fn insert_event_raw(conn: &Tx<'_>, e: &Event) -> Result<()> {
    write_event(
        &mut conn.prepare_cached(&INSERT_EVENT)?,
        e,
        instant(e.recorded_at),
    )
}
