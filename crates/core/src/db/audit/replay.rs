//! Replaying the trail against the record (`counterpart check`): the chain proves the
//! trail was not changed, the replay that the record was not changed behind the trail's
//! back (a direct `UPDATE item SET title = …`, an event row deleted, an item inserted).
//!
//! Per item, the trail gives: its creation (kind, title and, since schema 6, the digest
//! of its whole state as created: every column a user enters and the events it came
//! with, [`StateDigest::of`]), each edit (column, old and new value), each event recorded
//! after creation (the whole event), its links made and removed, archive and restore,
//! and its erase. The replay checks, against the rows as stored now:
//!
//! - every item has a trail, every item of the trail that was not erased is there, and
//!   no erased item is;
//! - its title and reference, and the value of every column it edited, are the trail's
//!   last ones;
//! - every event recorded is there as recorded (type, date, side, status, due date,
//!   retracted event, note, a raised event's level and venue, when and by whom);
//! - the item as created (its columns with each edit undone, its events but those
//!   recorded later) has the digest its `created` row holds;
//! - it is archived if and only if the trail's last archive row says so;
//! - its links are the trail's;
//! - its attachments are the files the trail attached and did not remove
//!   (`replay/attachments.rs`).
//!
//! An item created before schema 6 has no state digest: for it, the events it came with
//! and links made before schema 4 (which started the trail) cannot be checked.

use rusqlite::Connection;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::audit::{Action, CreatedRecord, EventRecord, StateDigest};
use crate::db::items::event_from_row;
use crate::db::items::insert::{digest_texts, in_creation_state, EDITABLE_COLUMNS, EVENT_COLUMNS};
use crate::db::{instant, value_text};
use crate::error::Result;
use crate::model::{Event, EventId, ItemId};

mod attachments;

/// One difference between the trail and the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// The item's reference as stored (or, for an item no longer there, as the trail
    /// last knew it).
    pub reference: String,
    pub item_id: ItemId,
    /// What differs: a column (`title`…), `event <id>`, `link <reference>`, `archived`,
    /// `item` (there or not), `created` (the item as created).
    pub field: String,
    pub problem: String,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.reference, self.field, self.problem)
    }
}

/// What the trail says of one item.
#[derive(Default)]
struct ItemTrail {
    reference: String,
    created: Option<CreatedRecord>,
    erased: bool,
    /// Per column: the value before the first edit, and after the last.
    edits: BTreeMap<String, (Option<String>, Option<String>)>,
    /// The events recorded after creation.
    events: Vec<RecordedEvent>,
    /// The last archive or restore: archived?, when.
    archived: Option<(bool, String)>,
    /// The SHA-256 of each file attached and not removed since.
    attachments: std::collections::BTreeSet<String>,
}

/// An `event_recorded` row: the event as recorded (None if it does not read as one), its
/// type, when and by whom.
struct RecordedEvent {
    record: Option<EventRecord>,
    event_type: Option<String>,
    at: String,
    who: Option<String>,
}

/// One row of the trail, as the replay reads it.
struct TrailRow {
    seq: i64,
    at: String,
    who: Option<String>,
    item: ItemId,
    reference: String,
    action: String,
    field: Option<String>,
    old: Option<String>,
    new: Option<String>,
}

fn trail_rows(conn: &Connection) -> Result<Vec<TrailRow>> {
    let mut st = conn.prepare(
        "SELECT seq, at, who, item_id, reference, action, field, old_value, new_value
           FROM audit_log WHERE item_id IS NOT NULL ORDER BY seq",
    )?;
    let rows = st.query_map([], |r| {
        Ok(TrailRow {
            seq: r.get(0)?,
            at: r.get(1)?,
            who: r.get(2)?,
            item: r.get(3)?,
            reference: r.get(4)?,
            action: r.get(5)?,
            field: r.get(6)?,
            old: r.get(7)?,
            new: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The links a relation names, as (from, to) → relation.
type Links = HashMap<(ItemId, ItemId), String>;

/// Reads the trail into what it says of each item, and the links it leaves.
fn read_trail(rows: &[TrailRow]) -> (HashMap<ItemId, ItemTrail>, Links) {
    let mut items: HashMap<ItemId, ItemTrail> = HashMap::new();
    let mut links = Links::new();
    let mut pending: Option<&TrailRow> = None;
    for r in rows {
        let t = items.entry(r.item).or_default();
        t.reference.clone_from(&r.reference);
        let Ok(action) = r.action.parse::<Action>() else {
            continue;
        };
        match action {
            Action::Created => {
                t.created = Some(
                    r.new
                        .as_deref()
                        .and_then(|v| serde_json::from_str(v).ok())
                        .unwrap_or(CreatedRecord {
                            item: crate::audit::ItemRecord {
                                kind: crate::model::Kind::Commitment,
                                title: String::new(),
                            },
                            state: None,
                        }),
                );
                t.erased = false;
            }
            Action::Edited => {
                let column = r.field.clone().unwrap_or_default();
                let e = t.edits.entry(column).or_insert((r.old.clone(), None));
                e.1.clone_from(&r.new);
            }
            Action::EventRecorded => t.events.push(RecordedEvent {
                record: r.new.as_deref().and_then(|v| serde_json::from_str(v).ok()),
                event_type: r.field.clone(),
                at: r.at.clone(),
                who: r.who.clone(),
            }),
            Action::Archived | Action::Restored => {
                t.archived = Some((action == Action::Archived, r.at.clone()));
            }
            // Neither changes the record: a share says who may see it; a conflict says
            // which value an edit (audited as `edited` when it was applied) overwrote.
            Action::Shared | Action::Conflict => {}
            Action::Attached => {
                t.attachments.extend(r.field.clone());
            }
            Action::AttachmentRemoved => {
                if let Some(sha) = &r.field {
                    t.attachments.remove(sha);
                }
            }
            Action::Erased => {
                t.erased = true;
                links.retain(|(a, b), _| *a != r.item && *b != r.item);
            }
            Action::Linked | Action::Unlinked => {
                // Written in pairs: the row of `from`, then the row of `to`.
                let from = match pending.take() {
                    Some(p) if p.seq + 1 == r.seq && p.action == r.action && p.field == r.field => {
                        p
                    }
                    _ => {
                        pending = Some(r);
                        continue;
                    }
                };
                let relation = r.field.clone().unwrap_or_default();
                if action == Action::Linked {
                    links.insert((from.item, r.item), relation);
                } else {
                    for key in [(from.item, r.item), (r.item, from.item)] {
                        if links.get(&key) == Some(&relation) {
                            links.remove(&key);
                        }
                    }
                }
            }
        }
    }
    (items, links)
}

/// An item as stored: its columns as text, by name.
struct Stored {
    reference: String,
    kind: String,
    created_at: String,
    archived: (bool, Option<String>),
    columns: HashMap<&'static str, Option<String>>,
}

fn stored_items(conn: &Connection) -> Result<HashMap<ItemId, Stored>> {
    let editable: Vec<&'static str> = EDITABLE_COLUMNS
        .iter()
        .copied()
        .filter(|c| *c != "updated_at")
        .collect();
    let mut st = conn.prepare(&format!(
        "SELECT id, kind, created_at, archived, archived_at, {} FROM item",
        editable.join(", ")
    ))?;
    let mut rows = st.query([])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        let mut columns = HashMap::with_capacity(editable.len());
        for (i, name) in editable.iter().enumerate() {
            columns.insert(*name, value_text(r.get_ref(5 + i)?));
        }
        let reference = columns
            .get("reference")
            .cloned()
            .flatten()
            .unwrap_or_default();
        out.insert(
            r.get(0)?,
            Stored {
                reference,
                kind: r.get(1)?,
                created_at: r.get(2)?,
                archived: (r.get::<_, i64>(3)? == 1, r.get(4)?),
                columns,
            },
        );
    }
    Ok(out)
}

/// Every event as stored, per item in the order written: the event, and its columns as
/// text (for the state digest).
type StoredEvents = HashMap<ItemId, Vec<(Event, Vec<Option<String>>)>>;

fn stored_events(conn: &Connection) -> Result<StoredEvents> {
    let mut st = conn.prepare(&format!("SELECT {EVENT_COLUMNS} FROM event ORDER BY seq"))?;
    let n = st.column_count();
    let mut rows = st.query([])?;
    let mut out = StoredEvents::new();
    while let Some(r) = rows.next()? {
        let e = event_from_row(r)?;
        let texts = (0..n)
            .map(|i| r.get_ref(i).map(value_text))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        out.entry(e.item_id).or_default().push((e, texts));
    }
    Ok(out)
}

/// Collects the mismatches, one per item and field.
struct Found(BTreeMap<(String, String), Mismatch>);

impl Found {
    fn add(&mut self, reference: &str, item: ItemId, field: &str, problem: String) {
        self.0
            .entry((reference.to_owned(), field.to_owned()))
            .or_insert_with(|| Mismatch {
                reference: reference.to_owned(),
                item_id: item,
                field: field.to_owned(),
                problem,
            });
    }
}

fn shown(v: Option<&str>) -> String {
    v.map_or_else(|| "nothing".to_owned(), |s| format!("{s:?}"))
}

/// Replays the trail against the items, events and links as stored; every difference,
/// in reference order.
pub fn replay(conn: &Connection) -> Result<Vec<Mismatch>> {
    let (trail, links) = read_trail(&trail_rows(conn)?);
    let items = stored_items(conn)?;
    let mut events = stored_events(conn)?;
    let mut found = Found(BTreeMap::new());
    for (id, s) in &items {
        if trail.get(id).is_none_or(|t| t.created.is_none()) {
            found.add(
                &s.reference,
                *id,
                "item",
                "is in the database but not in the audit trail (added behind the program's back)"
                    .into(),
            );
        }
    }
    for (id, t) in &trail {
        let Some(created) = &t.created else { continue };
        let Some(s) = items.get(id) else {
            if !t.erased {
                found.add(
                    &t.reference,
                    *id,
                    "item",
                    "is missing, and the audit trail records no erase".into(),
                );
            }
            continue;
        };
        if t.erased {
            found.add(
                &s.reference,
                *id,
                "item",
                "is in the database, but the audit trail records its erase".into(),
            );
            continue;
        }
        let evs = events.remove(id).unwrap_or_default();
        compare_item(&mut found, *id, t, created, s, &evs);
    }
    attachments::compare(conn, &trail, &items, &mut found)?;
    let mut stored_links = Links::new();
    let mut st = conn.prepare("SELECT from_id, to_id, relation FROM item_link")?;
    for l in st.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))? {
        let (key, relation): ((ItemId, ItemId), String) = l?;
        stored_links.insert(key, relation);
    }
    let reference = |id: &ItemId| {
        items
            .get(id)
            .map(|s| s.reference.clone())
            .or_else(|| trail.get(id).map(|t| t.reference.clone()))
            .unwrap_or_else(|| id.to_string())
    };
    // A link between two items created before schema 6 may be older than the trail.
    let checkable = |id: &ItemId| {
        trail
            .get(id)
            .and_then(|t| t.created.as_ref())
            .is_some_and(|c| c.state.is_some())
    };
    for ((a, b), relation) in &links {
        match stored_links.get(&(*a, *b)) {
            Some(r) if r == relation => {}
            Some(r) => found.add(
                &reference(a),
                *a,
                &format!("link {}", reference(b)),
                format!("is `{r}`, the audit trail says `{relation}`"),
            ),
            None => found.add(
                &reference(a),
                *a,
                &format!("link {}", reference(b)),
                format!("`{relation}` is in the audit trail but not in the database"),
            ),
        }
    }
    for ((a, b), relation) in &stored_links {
        if !links.contains_key(&(*a, *b)) && (checkable(a) || checkable(b)) {
            found.add(
                &reference(a),
                *a,
                &format!("link {}", reference(b)),
                format!("`{relation}` is in the database but not in the audit trail"),
            );
        }
    }
    Ok(found.0.into_values().collect())
}

/// Compares one item that the trail says is there with its stored rows.
fn compare_item(
    found: &mut Found,
    id: ItemId,
    t: &ItemTrail,
    created: &CreatedRecord,
    s: &Stored,
    evs: &[(Event, Vec<Option<String>>)],
) {
    let r = s.reference.as_str();
    let column = |name: &str| s.columns.get(name).cloned().flatten();
    let title = t
        .edits
        .get("title")
        .map_or(Some(created.item.title.clone()), |e| e.1.clone());
    let mut expect = vec![("title", title), ("reference", Some(t.reference.clone()))];
    // The due date is also moved by `due_changed` events (and their retractions), which
    // say nothing of the date before: compared only while edits alone have moved it.
    let events_move_due = t.events.iter().any(|e| {
        matches!(
            e.event_type.as_deref(),
            Some("due_changed") | Some("retraction")
        )
    });
    for (name, (_, last)) in &t.edits {
        if name == "due_on" && events_move_due {
            continue;
        }
        match s.columns.keys().find(|c| **c == name.as_str()) {
            Some(c) => expect.push((c, last.clone())),
            None => found.add(
                r,
                id,
                name,
                "the audit trail edits a column the item does not have".into(),
            ),
        }
    }
    for (name, want) in expect {
        let have = column(name);
        if have != want {
            found.add(
                r,
                id,
                name,
                format!(
                    "is {}, the audit trail says {}",
                    shown(have.as_deref()),
                    shown(want.as_deref())
                ),
            );
        }
    }
    if created.item.kind.as_str() != s.kind {
        found.add(
            r,
            id,
            "kind",
            format!("is {}, the audit trail says {}", s.kind, created.item.kind),
        );
    }
    let mut recorded: HashSet<EventId> = HashSet::new();
    for RecordedEvent {
        record,
        event_type,
        at,
        who,
    } in &t.events
    {
        let Some(record) = record else { continue };
        recorded.insert(record.id);
        let field = format!("event {}", record.id);
        let Some((e, _)) = evs.iter().find(|(e, _)| e.id == record.id) else {
            found.add(
                r,
                id,
                &field,
                "is in the audit trail but not in the database".into(),
            );
            continue;
        };
        let diffs = [
            (
                "its type",
                Some(e.event_type.as_str()) != event_type.as_deref(),
            ),
            ("its details", EventRecord::of(e) != *record),
            ("when it was recorded", instant(e.recorded_at) != *at),
            ("who recorded it", e.recorded_by != *who),
        ];
        let differ: Vec<&str> = diffs.iter().filter(|d| d.1).map(|d| d.0).collect();
        if !differ.is_empty() {
            found.add(
                r,
                id,
                &field,
                format!("{} differ(s) from the audit trail", differ.join(", ")),
            );
        }
    }
    let (archived, archived_at) = &s.archived;
    let want = t.archived.clone().filter(|(a, _)| *a);
    if *archived != want.is_some()
        || (want.is_some() && archived_at.as_ref() != want.as_ref().map(|w| &w.1))
    {
        let says = if want.is_some() {
            "archived"
        } else {
            "not archived"
        };
        found.add(r, id, "archived", format!("the audit trail says {says}"));
    }
    let Some(state) = &created.state else { return };
    let columns: Vec<(&str, Option<String>)> = EDITABLE_COLUMNS
        .iter()
        .filter(|c| in_creation_state(c))
        .map(|c| {
            (
                *c,
                t.edits.get(*c).map_or_else(|| column(c), |e| e.0.clone()),
            )
        })
        .collect();
    let at_creation: Vec<Vec<Option<String>>> = evs
        .iter()
        .filter(|(e, _)| !recorded.contains(&e.id))
        .map(|(_, texts)| digest_texts(texts.clone()))
        .collect();
    if StateDigest::of(&s.kind, &s.created_at, &columns, &at_creation) != *state {
        found.add(r, id, "created", "the item as created (its fields, or the events it came with) differs from what the audit trail recorded".into());
    }
}
