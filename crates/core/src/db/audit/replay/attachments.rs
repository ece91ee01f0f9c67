//! The replay's part for attachments: the files each item keeps are those the trail
//! attached to it and did not remove since (an attachment row added or deleted behind the
//! program's back is named). Whether the bytes are still what their hash says is
//! [`crate::db::attachments::verify`]'s part of `check`.

use rusqlite::Connection;
use std::collections::{BTreeSet, HashMap};

use super::{Found, ItemTrail, Stored};
use crate::error::Result;
use crate::model::ItemId;

pub(super) fn compare(
    conn: &Connection,
    trail: &HashMap<ItemId, ItemTrail>,
    items: &HashMap<ItemId, Stored>,
    found: &mut Found,
) -> Result<()> {
    let mut stored: HashMap<ItemId, BTreeSet<String>> = HashMap::new();
    let mut st = conn.prepare("SELECT item_id, sha256 FROM attachment")?;
    for row in st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (item, sha): (ItemId, String) = row?;
        stored.entry(item).or_default().insert(sha);
    }
    let none = BTreeSet::new();
    for (id, s) in items {
        let said = trail.get(id).map_or(&none, |t| &t.attachments);
        let here = stored.get(id).unwrap_or(&none);
        for sha in here.difference(said) {
            found.add(
                &s.reference,
                *id,
                &format!("attachment {sha}"),
                "is in the database but not in the audit trail".into(),
            );
        }
        for sha in said.difference(here) {
            found.add(
                &s.reference,
                *id,
                &format!("attachment {sha}"),
                "is in the audit trail but not in the database (removed behind the program's back)"
                    .into(),
            );
        }
    }
    Ok(())
}
