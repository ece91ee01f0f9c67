//! The `setting` table: named values shared by every program that opens the database
//! (the reminder lead times and cadences, see [`crate::db::reminders`]). Values are text;
//! the module that owns a key parses and checks it.

use rusqlite::{params, Connection, OptionalExtension};

use crate::db::Tx;
use crate::error::Result;

/// The value stored under `key`, if any.
pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    let mut st = conn.prepare_cached("SELECT value FROM setting WHERE key = ?1")?;
    Ok(st.query_row([key], |r| r.get(0)).optional()?)
}

/// Every key beginning with `prefix`, with its value, in key order.
pub fn with_prefix(conn: &Connection, prefix: &str) -> Result<Vec<(String, String)>> {
    let mut st = conn.prepare_cached(
        "SELECT key, value FROM setting WHERE key >= ?1 AND key < ?1 || char(1114111) ORDER BY key",
    )?;
    let rows = st.query_map([prefix], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Stores `value` under `key` (replacing what was there).
pub(crate) fn set_raw(conn: &Tx<'_>, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

/// Removes `key` (back to the default).
pub(crate) fn remove_raw(conn: &Tx<'_>, key: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM setting WHERE key = ?1")?
        .execute([key])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;

    #[test]
    fn set_get_replace_remove() {
        let mut db = Db::open_in_memory().unwrap();
        assert_eq!(get(db.conn(), "a.b").unwrap(), None);
        db.write(|tx| {
            set_raw(tx, "a.b", "1")?;
            set_raw(tx, "a.b", "2")?;
            set_raw(tx, "a.c", "3")?;
            set_raw(tx, "ab", "4")
        })
        .unwrap();
        assert_eq!(get(db.conn(), "a.b").unwrap().as_deref(), Some("2"));
        assert_eq!(
            with_prefix(db.conn(), "a.").unwrap(),
            [("a.b".into(), "2".into()), ("a.c".into(), "3".into())],
            "only the keys under the prefix"
        );
        db.write(|tx| remove_raw(tx, "a.b")).unwrap();
        assert_eq!(get(db.conn(), "a.b").unwrap(), None);
    }
}
