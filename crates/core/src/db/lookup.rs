//! Finding an item by what a person types: its id or its reference. Kept apart from
//! [`crate::db::items`] so that the stores that name items (reminders, briefs) depend on
//! this lookup alone, and the import graph points one way (items → reminders → lookup).

use rusqlite::{Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::model::ItemId;

/// The id of the item named by an id or a reference.
pub fn find(conn: &Connection, id_or_reference: &str) -> Result<ItemId> {
    let s = id_or_reference.trim();
    if let Ok(id) = s.parse::<ItemId>() {
        let mut st = conn.prepare_cached("SELECT id FROM item WHERE id = ?1")?;
        if let Some(found) = st.query_row([id], |r| r.get(0)).optional()? {
            return Ok(found);
        }
    }
    let mut st = conn.prepare_cached("SELECT id FROM item WHERE reference = ?1")?;
    st.query_row([s], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound(id_or_reference.to_owned()))
}
