//! Applying what was pulled from the team's server: the merge rules of [`super`], in the
//! server's order, each operation through the core's one apply function.

use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

use super::{link_key, membership, scrub, PullOutcome, Pulled, ARCHIVED};
use crate::audit::Action;
use crate::db::{audit, items, Db, Tx};
use crate::error::{Error, Result};
use crate::model::{ItemFields, ItemId};
use crate::op::{Change, Operation};

impl Db {
    /// Applies a batch of pulled operations, in the server's order, in one transaction
    /// that also moves the pull position past them (see the module's merge rules).
    pub fn apply_pulled(&mut self, batch: &[Pulled]) -> Result<PullOutcome> {
        self.apply_pulled_from(batch, false)
    }

    /// Applies the earlier history of an item just shared with this user's agency (its
    /// operations from before the pull position, which this copy could not see until
    /// now); the pull position stays.
    pub fn apply_pulled_history(&mut self, batch: &[Pulled]) -> Result<PullOutcome> {
        self.apply_pulled_from(batch, true)
    }

    fn apply_pulled_from(&mut self, batch: &[Pulled], history: bool) -> Result<PullOutcome> {
        self.write(|tx| {
            let Some(m) = membership(tx)? else {
                return Err(Error::field("team", crate::problem::Problem::NotInATeam));
            };
            let mut out = PullOutcome::default();
            let mut applier = crate::db::apply::Applier::merging(tx)?;
            let mut pulled = m.pulled;
            for p in batch.iter().filter(|p| history || p.server_seq > m.pulled) {
                if !history {
                    pulled = pulled.max(p.server_seq);
                }
                let own = tx
                    .prepare_cached(
                        "UPDATE outbox SET server_seq = coalesce(server_seq, ?2) WHERE op_id = ?1",
                    )?
                    .execute(params![p.op.id, p.server_seq])?
                    > 0;
                let new_values = edited_values(p)?;
                out.conflicts += record_conflicts(tx, p, &new_values)?;
                if own {
                    out.own += 1;
                    continue;
                }
                match merge_one(tx, &mut applier, p, &new_values) {
                    Ok(None) => out.applied += 1,
                    Ok(Some(why)) => {
                        out.applied += 1;
                        out.not_applied += 1;
                        refused(tx, p, &why)?;
                    }
                    Err(e) if e.is_refusal() => {
                        out.not_applied += 1;
                        refused(tx, p, &e.to_string())?;
                    }
                    Err(e) => return Err(e),
                }
            }
            // One operation at a time, each in its savepoint: nothing is held back, but
            // an applier is finished before its transaction commits all the same.
            applier.finish()?;
            tx.execute("UPDATE team SET pulled = ?1", [pulled])?;
            tx.execute(
                "DELETE FROM outbox WHERE server_seq IS NOT NULL AND server_seq <= ?1",
                [pulled],
            )?;
            Ok(out)
        })
    }
}

fn refused(tx: &Tx<'_>, p: &Pulled, why: &str) -> Result<()> {
    tx.prepare_cached("INSERT OR REPLACE INTO team_refused VALUES (?1, ?2, ?3)")?
        .execute(params![p.server_seq, p.op.id, why])?;
    Ok(())
}

/// The stored text of each column a pulled edit changed, as its op sets it.
fn edited_values(p: &Pulled) -> Result<HashMap<String, Option<String>>> {
    let Change::EditFields { fields, .. } = &p.op.change else {
        return Ok(HashMap::new());
    };
    let texts = items::insert::column_texts(fields)?;
    Ok(p.fields
        .iter()
        .filter_map(|f| {
            texts
                .iter()
                .find(|(c, _)| c == f)
                .map(|(c, v)| (c.to_string(), v.clone()))
        })
        .collect())
}

/// Records the edit conflicts of a pulled edit and moves the server-order state of each
/// column it changed to it. Returns how many conflicts it recorded.
fn record_conflicts(
    tx: &Tx<'_>,
    p: &Pulled,
    values: &HashMap<String, Option<String>>,
) -> Result<usize> {
    let Change::EditFields { item, .. } = &p.op.change else {
        return Ok(0);
    };
    let reference: Option<String> = tx
        .prepare_cached("SELECT reference FROM item WHERE id = ?1")?
        .query_row([item], |r| r.get(0))
        .optional()?;
    let device = p.device.map(|d| d.as_bytes().to_vec());
    let mut n = 0;
    for field in &p.fields {
        let Some(value) = values.get(field) else {
            continue;
        };
        let before: Option<(i64, Option<Vec<u8>>, Option<String>)> = tx
            .prepare_cached(
                "SELECT server_seq, device, value FROM team_field WHERE item_id = ?1 AND field = ?2",
            )?
            .query_row(params![item, field], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        if let (Some((seq, other, old)), Some(reference)) = (before, &reference) {
            if seq > p.base && other != device && old != *value {
                audit::Appender::new(tx, p.op.at, p.op.author.as_deref())?.append(
                    *item,
                    reference,
                    Action::Conflict,
                    Some(field),
                    old.as_deref(),
                    value.as_deref(),
                )?;
                n += 1;
            }
        }
        tx.prepare_cached("INSERT OR REPLACE INTO team_field VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
            .execute(params![
                item,
                field,
                p.server_seq,
                p.op.author,
                device,
                value
            ])?;
    }
    Ok(n)
}

/// Applies one pulled operation of another copy through the core's one apply function,
/// in a savepoint: refused, it leaves nothing. `Some(why)`: applied, but an event it
/// recorded does not count here.
fn merge_one(
    tx: &Tx<'_>,
    applier: &mut crate::db::apply::Applier<'_, '_>,
    p: &Pulled,
    values: &HashMap<String, Option<String>>,
) -> Result<Option<String>> {
    tx.execute_batch("SAVEPOINT pulled")?;
    let result = (|| {
        let seq = p.server_seq;
        let op = match &p.op.change {
            // A link or an archive this copy set later (or has not yet pushed) stands:
            // nothing to apply. An archive still counts as a change of the item (its
            // version and last change move as on every other copy).
            Change::Link { from, to, relation } | Change::Unlink { from, to, relation }
                if local_wins(tx, None, &link_key(*from, *to, relation), seq)? =>
            {
                return Ok(None);
            }
            Change::Archive { item } | Change::Unarchive { item }
                if local_wins(tx, Some(*item), ARCHIVED, seq)? =>
            {
                let current = items::get(tx, *item)?;
                Operation {
                    change: Change::EditFields {
                        item: *item,
                        base_version: None,
                        fields: current.fields,
                    },
                    ..p.op.clone()
                }
            }
            Change::EditFields { item, fields, .. } => {
                let take: Vec<&str> = values
                    .keys()
                    .map(String::as_str)
                    .filter(|f| !local_wins(tx, Some(*item), f, seq).unwrap_or(true))
                    .collect();
                let current = items::get(tx, *item)?;
                Operation {
                    change: Change::EditFields {
                        item: *item,
                        base_version: None,
                        fields: merge_fields(&current.fields, fields, &take)?,
                    },
                    ..p.op.clone()
                }
            }
            _ => p.op.clone(),
        };
        applier.apply(&op)?;
        Ok(match &op.change {
            Change::RecordEvent { item, event, .. } | Change::Retract { item, event, .. } => {
                let events = items::events(tx, *item)?;
                crate::history::replay_merged(&events)
                    .1
                    .into_iter()
                    .find(|(id, _)| id == event)
                    .map(|(_, e)| format!("recorded, but it does not count here: {e}"))
            }
            Change::Erase { item } => {
                scrub(tx, *item)?;
                None
            }
            _ => None,
        })
    })();
    match &result {
        Ok(_) => tx.execute_batch("RELEASE pulled")?,
        Err(_) => tx.execute_batch("ROLLBACK TO pulled; RELEASE pulled")?,
    }
    result
}

/// Whether this copy set `field` of `item` (a column, [`ARCHIVED`], a [`link_key`], which
/// names its items itself: `item` None) by an operation the server put after `seq`, or
/// has not yet received: that value stands over a pulled operation at `seq`.
fn local_wins(tx: &Tx<'_>, item: Option<ItemId>, field: &str, seq: i64) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM outbox o, json_each(o.fields) f
              WHERE (?1 IS NULL OR o.item_id = ?1) AND f.value = ?2
                AND o.refused IS NULL AND (o.server_seq IS NULL OR o.server_seq > ?3))",
        )?
        .query_row(params![item, field, seq], |r| r.get(0))?)
}

/// `current` with the columns `take` as `incoming` has them.
fn merge_fields(current: &ItemFields, incoming: &ItemFields, take: &[&str]) -> Result<ItemFields> {
    let serde_json::Value::Object(mut merged) = serde_json::to_value(current)? else {
        unreachable!("item fields serialise as an object");
    };
    let serde_json::Value::Object(theirs) = serde_json::to_value(incoming)? else {
        unreachable!("item fields serialise as an object");
    };
    for column in take {
        match theirs.get(*column) {
            Some(v) => merged.insert((*column).to_owned(), v.clone()),
            None => merged.remove(*column),
        };
    }
    Ok(serde_json::from_value(serde_json::Value::Object(merged))?)
}
