//! Team mode's local side (TEAM.md): the membership, the outbox and the application of
//! operations pulled from the team's server. The core knows nothing of the network: the
//! client (`crates/team`) reads the outbox, pushes it, tells [`Db::acknowledge`] where the
//! server put each operation, and hands what it pulled to [`Db::apply_pulled`].
//!
//! - Every operation applied while the database is in a team that others must see (items
//!   and their histories, links, shares, agencies; not personal settings or reminder
//!   snoozes) is written to the outbox by [`crate::db::apply`] in the same transaction as
//!   the change: a change without its outbox row, or the reverse, cannot be committed.
//! - Pulled operations are applied in the server's order, each through the core's one
//!   apply function, in transactions of one batch, with the pull position written in the
//!   same transaction: a crash loses nothing and applies nothing twice.
//! - Merge rules: events are facts, their union counted the same everywhere
//!   ([`crate::history::replay_merged`]); a descriptive field takes the value of the last
//!   edit in the server's order (a pulled edit does not overwrite a value this copy set by
//!   an edit of its own that the server put later, or has not yet received); links and
//!   shares are sets of add and remove operations. An edit that overwrote a value its
//!   author had not seen (set by another copy after the edit's `base`) leaves a
//!   `conflict` entry in the item's history, with the value overwritten — computed from
//!   the server's order alone, so every copy records the same entries.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::audit::RecordAction;
use crate::db::{audit, instant, items, Db, Tx};
use crate::error::{Error, Result};
use crate::model::{ItemId, OpId};
use crate::op::{Author, Change, NewItem, Operation};

mod merge;

/// The database's membership of a team.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Membership {
    /// The server's connection URL, without a password.
    pub server: String,
    pub user: String,
    /// The U.S. agency the user belongs to (the items the user creates belong to it).
    pub agency: String,
    /// This copy's id: an edit is a conflict only against another copy's.
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub device: uuid::Uuid,
    /// The server position pulled and applied up to.
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub pulled: i64,
    pub last_sync: Option<DateTime<Utc>>,
    pub joined_at: DateTime<Utc>,
}

/// An operation waiting in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub op_id: OpId,
    /// The operation's JSON form.
    pub body: String,
    /// The pull position it was made on.
    pub base: i64,
    /// The columns an edit changed.
    pub fields: Vec<String>,
}

/// An operation made here that the team's server refused (it stands here only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServerRefusal {
    /// The operation's name (`share`, `edit_fields`…).
    pub op: String,
    /// Its item's reference, while the item is here.
    pub reference: Option<String>,
    /// The server's reason.
    pub why: String,
}

impl ServerRefusal {
    /// In plain words: `share of EXT-1: only the agency that owns … may share it`.
    pub fn words(&self) -> String {
        let of = self.reference.as_deref().unwrap_or("an erased item");
        format!("{} of {of}: {}", self.op.replace('_', " "), self.why)
    }
}

/// An operation pulled from the server, at its place in the server's order.
#[derive(Debug, Clone)]
pub struct Pulled {
    pub server_seq: i64,
    pub op: Operation,
    /// The pull position its author made it on, the columns it changed (an edit) and its
    /// author's copy, as its author's outbox sent them.
    pub base: i64,
    pub fields: Vec<String>,
    pub device: Option<uuid::Uuid>,
}

/// What applying a batch of pulled operations did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PullOutcome {
    /// Operations of other copies applied here.
    pub applied: usize,
    /// This copy's own operations, already applied when they were made.
    pub own: usize,
    /// Edit conflicts recorded.
    pub conflicts: usize,
    /// Operations that could not be applied here, or events that do not count, each kept
    /// with why ([`Db::team_refused`]).
    pub not_applied: usize,
}

/// What an archive or restore sets, as the outbox names it: the last in the server's
/// order stands, as for a field.
pub(crate) const ARCHIVED: &str = "archived";

/// What a link or unlink sets, as the outbox names it (the pair in either direction, and
/// the relation): the last in the server's order stands.
pub(crate) fn link_key(a: ItemId, b: ItemId, relation: &str) -> String {
    let (x, y) = if a <= b { (a, b) } else { (b, a) };
    format!("link {x} {y} {relation}")
}

/// Where the outbox writer takes the pull position from.
pub(crate) struct Queue {
    base: i64,
}

/// The team membership, if the database is in a team.
pub fn membership(conn: &Connection) -> Result<Option<Membership>> {
    Ok(conn
        .prepare_cached(
            "SELECT server, user_name, agency, device, pulled, last_sync, joined_at FROM team",
        )?
        .query_row([], |r| {
            Ok(Membership {
                server: r.get(0)?,
                user: r.get(1)?,
                agency: r.get(2)?,
                device: uuid::Uuid::from_slice(&r.get::<_, Vec<u8>>(3)?).unwrap_or_default(),
                pulled: r.get(4)?,
                last_sync: r.get::<_, Option<String>>(5)?.and_then(|t| t.parse().ok()),
                joined_at: r
                    .get::<_, String>(6)?
                    .parse()
                    .unwrap_or(DateTime::UNIX_EPOCH),
            })
        })
        .optional()?)
}

/// The outbox writer of a transaction, when the database is in a team.
pub(crate) fn queue(conn: &Connection) -> Result<Option<Queue>> {
    Ok(conn
        .prepare_cached("SELECT pulled FROM team")?
        .query_row([], |r| r.get(0))
        .optional()?
        .map(|base| Queue { base }))
}

/// Whether an operation travels to the team (the others are this user's own settings).
///
/// Attachments do not travel yet: an operation travels as its JSON through the outbox and
/// the team server's `op` table, which have no place for a file's bytes (a 50 MB scan
/// does not belong in a JSON body), and an `attach` that reached a teammate without its
/// bytes could not be applied there. An attachment therefore stays on the copy it was
/// attached on (its backups and exports carry it); carrying the bytes needs a blob store
/// on the server, keyed by the SHA-256 the operation already names.
pub fn travels(change: &Change) -> bool {
    !matches!(
        change,
        Change::SetMarking { .. }
            | Change::SetReminderLeads { .. }
            | Change::SetCadence { .. }
            | Change::SnoozeReminder { .. }
            | Change::ReminderDone { .. }
            | Change::Attach(_)
            | Change::RemoveAttachment { .. }
    )
}

/// The operation's name in its JSON form (`create_item`…).
fn op_name(op: &Operation) -> String {
    serde_json::to_value(op)
        .ok()
        .and_then(|v| v.get("op").and_then(|o| o.as_str().map(str::to_owned)))
        .unwrap_or_default()
}

impl Queue {
    /// Writes `op` to the outbox (in the transaction that applied it); `fields`: the
    /// columns an edit changed. An erase takes the item's waiting operations with it
    /// (their bodies hold what was erased), and is itself not sent when the server never
    /// had the item.
    pub(crate) fn push(&self, tx: &Tx<'_>, op: &Operation, fields: &[String]) -> Result<()> {
        if !travels(&op.change) {
            return Ok(());
        }
        let item = op.item();
        if let Change::Erase { item } = &op.change {
            let unsent: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM outbox WHERE item_id = ?1
                        AND op = 'create_item' AND server_seq IS NULL)",
                )?
                .query_row([item], |r| r.get(0))?;
            scrub(tx, *item)?;
            if unsent {
                return Ok(());
            }
        }
        let fields = serde_json::to_string(fields)?;
        tx.prepare_cached(
            "INSERT INTO outbox (op_id, op, item_id, body, base, fields)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            op.id,
            op_name(op),
            item,
            op.to_json(),
            self.base,
            fields
        ])?;
        Ok(())
    }
}

/// Removes what the team bookkeeping keeps of an erased item.
fn scrub(tx: &Tx<'_>, item: ItemId) -> Result<()> {
    tx.prepare_cached("DELETE FROM outbox WHERE item_id = ?1")?
        .execute([item])?;
    tx.prepare_cached("DELETE FROM team_field WHERE item_id = ?1")?
        .execute([item])?;
    Ok(())
}

/// A new membership: who joins which server.
#[derive(Debug, Clone)]
pub struct Joining {
    pub server: String,
    pub user: String,
    pub agency: String,
}

impl Db {
    /// The team membership, if the database is in a team.
    pub fn team(&self) -> Result<Option<Membership>> {
        membership(self.conn())
    }

    /// How many operations wait to be pushed.
    pub fn pending_ops(&self) -> Result<u64> {
        let n: i64 = self.conn().query_row(
            "SELECT count(*) FROM outbox WHERE server_seq IS NULL AND refused IS NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(n.unsigned_abs())
    }

    /// The operations pulled that could not be applied here, or do not count: server
    /// position, operation and why.
    pub fn team_refused(&self) -> Result<Vec<(i64, OpId, String)>> {
        let mut st = self
            .conn()
            .prepare("SELECT server_seq, op_id, why FROM team_refused ORDER BY server_seq")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Joins a team: records the membership (audited) and queues every item already here
    /// as operations (its creation with its history, its links, its archiving), so that
    /// the first sync pushes them once. Returns how many operations were queued.
    pub fn join_team(&mut self, joining: &Joining, author: &Author) -> Result<usize> {
        let device = uuid::Uuid::new_v4();
        self.write(|tx| {
            if membership(tx)?.is_some() {
                return Err(Error::field("server", crate::problem::Problem::InATeam));
            }
            tx.execute(
                "INSERT INTO team (id, server, user_name, agency, device, joined_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5)",
                params![
                    joining.server,
                    joining.user,
                    joining.agency,
                    device.as_bytes().as_slice(),
                    instant(author.now)
                ],
            )?;
            let who = serde_json::json!({"user": joining.user, "agency": joining.agency});
            let who = who.to_string();
            audit::record(
                tx,
                author.now,
                author.name.as_deref(),
                RecordAction::TeamJoined,
                Some(&joining.server),
                [None, Some(who.as_str())],
            )?;
            let queue = Queue { base: 0 };
            let mut n = 0;
            for op in existing_as_ops(tx, author)? {
                queue.push(tx, &op, &join_fields(&op))?;
                n += 1;
            }
            Ok(n)
        })
    }

    /// Leaves the team: the membership and the outbox go (what was not pushed stays here
    /// only); the items stay. Audited.
    pub fn leave_team(&mut self, author: &Author) -> Result<()> {
        self.write(|tx| {
            let Some(m) = membership(tx)? else {
                return Err(Error::field("team", crate::problem::Problem::NotInATeam));
            };
            tx.execute_batch(
                "DELETE FROM team; DELETE FROM outbox; DELETE FROM team_field;
                 DELETE FROM team_refused;",
            )?;
            audit::record(
                tx,
                author.now,
                author.name.as_deref(),
                RecordAction::TeamLeft,
                Some(&m.server),
                [None, None],
            )?;
            Ok(())
        })
    }

    /// The next operations to push, oldest first.
    pub fn outbox(&self, max: usize) -> Result<Vec<Outgoing>> {
        let mut st = self.conn().prepare_cached(
            "SELECT op_id, body, base, fields FROM outbox
             WHERE server_seq IS NULL AND refused IS NULL ORDER BY seq LIMIT ?1",
        )?;
        let rows = st.query_map([max as i64], |r| {
            Ok(Outgoing {
                op_id: r.get(0)?,
                body: r.get(1)?,
                base: r.get(2)?,
                fields: serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records where the server put pushed operations.
    pub fn acknowledge(&mut self, acks: &[(OpId, i64)]) -> Result<()> {
        self.write(|tx| {
            let mut st = tx.prepare_cached(
                "UPDATE outbox SET server_seq = ?2 WHERE op_id = ?1 AND server_seq IS NULL",
            )?;
            for (id, seq) in acks {
                st.execute(params![id, seq])?;
            }
            Ok(())
        })
    }

    /// Records that the server refused an operation of the outbox (it may not make it:
    /// another agency's item, a share of an item its agency does not own): it is not sent
    /// again; [`Db::refused_by_server`] lists it.
    pub fn refused_by_server(&mut self, op: OpId, why: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE outbox SET refused = ?2 WHERE op_id = ?1 AND server_seq IS NULL",
                params![op, why],
            )?;
            Ok(())
        })
    }

    /// The operations made here that the server refused, oldest first.
    pub fn server_refusals(&self) -> Result<Vec<ServerRefusal>> {
        let mut st = self.conn().prepare(
            "SELECT o.op, i.reference, o.refused FROM outbox o LEFT JOIN item i ON i.id = o.item_id
             WHERE o.refused IS NOT NULL ORDER BY o.seq",
        )?;
        let rows = st.query_map([], |r| {
            Ok(ServerRefusal {
                op: r.get(0)?,
                reference: r.get(1)?,
                why: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records a sync that reached the server at `now`.
    pub fn synced(&mut self, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE team SET last_sync = ?1", [instant(now)])?;
            Ok(())
        })
    }

    /// Whether the item is here.
    pub fn has_item(&self, id: ItemId) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached("SELECT 1 FROM item WHERE id = ?1")?
            .exists([id])?)
    }
}

/// What a queued operation of joining sets (see [`Queue::push`]'s `fields`).
fn join_fields(op: &Operation) -> Vec<String> {
    match &op.change {
        Change::Link { from, to, relation } => vec![link_key(*from, *to, relation)],
        Change::Archive { .. } => vec![ARCHIVED.to_owned()],
        _ => vec![],
    }
}

/// Every item here as the operations that make it again elsewhere: its creation with its
/// history, its links (once, from the item that holds them), its archiving.
fn existing_as_ops(tx: &Tx<'_>, author: &Author) -> Result<Vec<Operation>> {
    let mut ops = Vec::new();
    let all = items::all_with_events(tx)?;
    for (item, events) in &all {
        ops.push(author.op(Change::CreateItem(NewItem {
            item: item.id,
            fields: item.fields.clone(),
            events: events.clone(),
            created_at: Some(item.created_at),
            updated_at: Some(item.updated_at),
        })));
    }
    for (from, to, relation) in items::all_links(tx)? {
        ops.push(author.op(Change::Link { from, to, relation }));
    }
    for (item, _) in all.iter().filter(|(i, _)| i.archived_at.is_some()) {
        ops.push(author.op(Change::Archive { item: item.id }));
    }
    Ok(ops)
}
