//! Archiving, restoring and erasing items, each audited in the same transaction.
//!
//! An archived item (`archived` = 1, `archived_at` when) stays in the database with its whole history but
//! leaves the list, the summary, search, reminders and briefs; it can be restored. Erasing
//! is for data entered by mistake: it deletes the item, its events, its links, its
//! reminder rows and its search text, and redacts its rows of the audit trail (their
//! values go, their digests and hashes stay: [`audit::redact`]); the `erased` row keeps its
//! reference and kind and says how many rows were redacted. With `secure_delete` on the
//! writing connection the freed bytes are zeroed; FTS5's `secure-delete` option (schema
//! 6, which also merged away the index's older segments) removes the item's trigrams
//! from the index's pages at once instead of leaving them behind a delete marker; and
//! [`crate::db::Db::apply`] checkpoints the WAL after the erase commits, so the text is
//! nowhere in the database file or its WAL (docs/erase.md says what older backups and
//! exports keep). The record of briefs already made (`brief_item`) keeps the item's id,
//! reference and figures (not its title or notes): it is what was handed out.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;

use crate::audit::Action;
use crate::db::{audit, instant, search, Tx};
use crate::error::{Error, Result};
use crate::model::{Item, ItemId, Kind};

use super::get;

/// Archives an item. Refused (invalid data) if it is archived already.
pub(crate) fn archive(
    conn: &Tx<'_>,
    id: ItemId,
    now: DateTime<Utc>,
    user: Option<&str>,
    merged: bool,
) -> Result<Item> {
    set_archived(conn, id, Some(now), now, user, merged)
}

/// Brings an archived item back. Refused (invalid data) if it is not archived.
pub(crate) fn unarchive(
    conn: &Tx<'_>,
    id: ItemId,
    now: DateTime<Utc>,
    user: Option<&str>,
    merged: bool,
) -> Result<Item> {
    set_archived(conn, id, None, now, user, merged)
}

/// `merged`: an archive or restore pulled from the team, which the server's order makes
/// the last word whatever the state here (a teammate archived the item at the same time:
/// the later archive's instant stands).
fn set_archived(
    conn: &Tx<'_>,
    id: ItemId,
    at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    user: Option<&str>,
    merged: bool,
) -> Result<Item> {
    let item = get(conn, id)?;
    let reference = &item.fields.reference;
    match (at, item.archived_at) {
        _ if merged => {}
        (Some(_), Some(_)) => {
            return Err(Error::field(
                "archived",
                crate::problem::Problem::ArchivedAlready {
                    reference: reference.clone(),
                },
            ))
        }
        (None, None) => {
            return Err(Error::field(
                "archived",
                crate::problem::Problem::NotArchived {
                    reference: reference.clone(),
                },
            ))
        }
        _ => {}
    }
    conn.prepare_cached(
        "UPDATE item SET archived = ?2 IS NOT NULL, archived_at = ?2, updated_at = max(updated_at, ?3),
                version = version + 1 WHERE id = ?1",
    )?
    .execute(rusqlite::params![id, at.map(instant), instant(now)])?;
    let action = if at.is_some() {
        Action::Archived
    } else {
        Action::Restored
    };
    audit::Appender::new(conn, now, user)?.append(id, reference, action, None, None, None)?;
    get(conn, id)
}

/// What an erase removed.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Erased {
    pub id: ItemId,
    pub reference: String,
    pub kind: Kind,
    pub title: String,
    /// How many events were deleted with it.
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub events: i64,
}

/// Erases an item for good, with its events, links, reminder rows and search text; the
/// audit trail records it (`erased`, with its reference, kind and the number of its rows
/// redacted) and redacts the item's earlier rows.
pub(crate) fn erase(
    conn: &Tx<'_>,
    id: ItemId,
    now: DateTime<Utc>,
    user: Option<&str>,
) -> Result<Erased> {
    let item = get(conn, id)?;
    let (seq, events): (i64, i64) = conn
        .prepare_cached(
            "SELECT seq, (SELECT count(*) FROM event WHERE item_id = ?1) FROM item WHERE id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    search::unindex_raw(conn, seq, &item.fields)?;
    // Events retract events of the same item only, so deleting them all at once keeps
    // every foreign key whole. The links and reminder rows go by ON DELETE CASCADE.
    conn.prepare_cached("DELETE FROM event WHERE item_id = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM item WHERE id = ?1")?
        .execute([id])?;
    // Its attachments went by cascade; the files no other item keeps go too (zeroed by
    // secure delete).
    crate::db::attachments::drop_unreferenced(conn)?;
    let kind = item.fields.kind();
    let redacted = audit::redactable(conn, id)?;
    let summary = audit::erased_summary(kind, redacted);
    audit::Appender::new(conn, now, user)?.append(
        id,
        &item.fields.reference,
        Action::Erased,
        None,
        Some(&summary),
        None,
    )?;
    let done = audit::redact(conn, id)?;
    debug_assert_eq!(done, redacted);
    Ok(Erased {
        id,
        reference: item.fields.reference,
        kind,
        title: item.fields.title,
        events,
    })
}

/// An archived item, as listed.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArchivedItem {
    pub id: ItemId,
    pub reference: String,
    pub kind: Kind,
    pub title: String,
    pub archived_at: DateTime<Utc>,
}

/// The archived items, most recently archived first.
pub fn archived(conn: &Connection) -> Result<Vec<ArchivedItem>> {
    let mut st = conn.prepare_cached(
        "SELECT id, reference, kind, title, archived_at FROM item
          WHERE archived = 1 ORDER BY archived_at DESC, reference",
    )?;
    let rows = st.query_map([], |r| {
        Ok(ArchivedItem {
            id: r.get("id")?,
            reference: r.get("reference")?,
            kind: r.get("kind")?,
            title: r.get("title")?,
            archived_at: r.get("archived_at")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
