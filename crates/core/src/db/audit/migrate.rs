//! The trail's migration hooks: 0004 starts a version-1 trail for the items already
//! there ([`backfill`]); 0006 verifies that version-1 chain and re-chains it as version 2
//! ([`rechain`]; the migration's comment says why re-chaining rather than keeping the old
//! rows as version 1).

use chrono::{DateTime, Utc};
use rusqlite::params;
use std::collections::HashSet;

use super::verify::Walk;
use super::{NewRow, INSERT};
use crate::audit::{Action, RecordAction, V1Row, GENESIS};
use crate::db::instant;
use crate::model::ItemId;

/// The version-1 insert (schemas 4 and 5).
const INSERT_V1: &str = "INSERT INTO audit_log (seq, at, who, item_id, reference, action, field,
        old_value, new_value, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

/// The migration hook of 0004: a `created` row for every item that exists before the
/// trail does, at its own creation instant, chained in item order. Their `who` is NULL
/// (the program did not know who made them). Version-1 rows, as that schema's.
pub(crate) fn backfill(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    let mut st =
        tx.prepare("SELECT id, reference, kind, title, created_at FROM item ORDER BY seq")?;
    let mut rows = st.query([])?;
    let mut insert = tx.prepare(INSERT_V1)?;
    let (mut seq, mut prev) = (1i64, GENESIS.to_owned());
    while let Some(r) = rows.next()? {
        let id: ItemId = r.get(0)?;
        let reference: String = r.get(1)?;
        let kind: crate::model::Kind = r.get(2)?;
        let title: String = r.get(3)?;
        let at: String = r.get(4)?;
        let new_value = super::summary(kind, &title, None);
        let action = Action::Created.as_str();
        let hash = V1Row {
            seq,
            at: &at,
            who: None,
            item_id: id.0.as_bytes(),
            reference: &reference,
            action,
            field: None,
            old_value: None,
            new_value: Some(&new_value),
            prev_hash: &prev,
        }
        .hash();
        insert.execute(params![
            seq,
            at,
            None::<String>,
            id,
            reference,
            action,
            None::<String>,
            None::<String>,
            new_value,
            prev,
            hash
        ])?;
        seq += 1;
        prev = hash;
    }
    Ok(())
}

/// One row of the version-1 table.
struct V1 {
    seq: i64,
    at: String,
    who: Option<String>,
    item_id: Vec<u8>,
    reference: String,
    action: String,
    values: [Option<String>; 3],
    prev_hash: String,
    hash: String,
}

fn read_v1(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<Vec<V1>> {
    let mut st = tx.prepare(
        "SELECT seq, at, who, item_id, reference, action, field, old_value, new_value,
                prev_hash, hash FROM audit_log_v1 ORDER BY seq",
    )?;
    let rows = st.query_map([], |r| {
        Ok(V1 {
            seq: r.get(0)?,
            at: r.get(1)?,
            who: r.get(2)?,
            item_id: r.get(3)?,
            reference: r.get(4)?,
            action: r.get(5)?,
            values: [r.get(6)?, r.get(7)?, r.get(8)?],
            prev_hash: r.get(9)?,
            hash: r.get(10)?,
        })
    })?;
    rows.collect()
}

/// The migration hook of 0006 (`now`: the instant of the upgrade). Verifies the
/// version-1 chain, writes each of its rows again as version 2 (same number, instant,
/// user, item, action and values; a fresh salt, the digests, a version-2 hash), with the
/// rows of items erased before the upgrade redacted as an erase now redacts them, and
/// appends a `rechained` row recording the old head (`seq:hash`), whether it verified
/// (its first bad row if not) and how many rows were redacted. Then drops the old table.
pub(crate) fn rechain(
    tx: &rusqlite::Transaction<'_>,
    now: DateTime<Utc>,
) -> rusqlite_migration::HookResult {
    let old = read_v1(tx)?;
    let mut walk = Walk::new();
    for r in &old {
        let [field, old_value, new_value] = r.values.each_ref().map(Option::as_deref);
        let computed = V1Row {
            seq: r.seq,
            at: &r.at,
            who: r.who.as_deref(),
            item_id: &r.item_id,
            reference: &r.reference,
            action: &r.action,
            field,
            old_value,
            new_value,
            prev_hash: &r.prev_hash,
        }
        .hash();
        if !walk.step(r.seq, &r.prev_hash, &r.hash, computed == r.hash) {
            break;
        }
    }
    let erased: HashSet<&[u8]> = old
        .iter()
        .filter(|r| r.action == Action::Erased.as_str())
        .map(|r| r.item_id.as_slice())
        .collect();
    let mut insert = tx.prepare(INSERT)?;
    let mut prev = GENESIS.to_owned();
    let mut redacted = 0i64;
    for r in &old {
        let item_id: ItemId = uuid::Uuid::from_slice(&r.item_id)
            .map(ItemId)
            .map_err(|e| {
                rusqlite_migration::HookError::Hook(format!("audit row {}: {e}", r.seq))
            })?;
        let redact = erased.contains(r.item_id.as_slice());
        redacted += i64::from(redact);
        // Written redacted at once (the triggers allow no redaction of an `erased` row,
        // and an erase before the upgrade kept the title in it).
        prev = NewRow {
            seq: r.seq,
            at: &r.at,
            who: r.who.as_deref(),
            item_id: Some(item_id),
            reference: Some(&r.reference),
            action: &r.action,
            values: r.values.each_ref().map(Option::as_deref),
            prev_hash: &prev,
            redacted: redact,
        }
        .write(&mut insert)?;
    }
    if let Some(last) = old.last() {
        let report = &walk.report;
        let record = serde_json::json!({
            "from_version": 1,
            "rows": old.len(),
            "head": format!("{}:{}", last.seq, last.hash),
            "verified": report.ok(),
            "first_bad": report.first_bad.as_ref().map(ToString::to_string),
            "redacted": redacted,
        });
        let value = record.to_string();
        NewRow {
            seq: last.seq + 1,
            at: &instant(now),
            who: None,
            item_id: None,
            reference: None,
            action: RecordAction::Rechained.as_str(),
            values: [None, None, Some(&value)],
            prev_hash: &prev,
            redacted: false,
        }
        .write(&mut insert)?;
    }
    drop(insert);
    tx.execute_batch("DROP TABLE audit_log_v1")?;
    Ok(())
}
