//! The substance registry (reference data shared by the items, travelling to the team):
//! its entries, read and written. A scheduling item refers to its substance by its CAS
//! number; an item with a CAS number the registry does not know adds it
//! ([`ensure_for_item`]).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::audit::RecordAction;
use crate::db::{audit, sql, Tx};
use crate::error::{Error, Result};
use crate::model::{Details, ItemFields, ItemId, Substance};
use crate::validate::{check_cas, check_text, FieldError, MAX_SHORT};
use std::collections::HashMap;

/// Which entries [`list`] gives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SubstanceQuery {
    /// Only those the PRC has not controlled (no date of PRC control).
    pub not_controlled_by_prc: bool,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Substance> {
    Ok(Substance {
        cas: r.get("cas")?,
        name: r.get("name")?,
        name_zh: r.get("name_zh")?,
        class: r.get("class")?,
        us_control: r.get("us_control")?,
        prc_control: r.get("prc_control")?,
        prc_controlled_on: r.get("prc_controlled_on")?,
        un_table: r.get("un_table")?,
        source: r.get("source")?,
    })
}

/// The registry's entries by name (then CAS number).
pub fn list(conn: &Connection, q: &SubstanceQuery) -> Result<Vec<Substance>> {
    let mut st = conn.prepare_cached(
        "SELECT * FROM substance WHERE (?1 = 0 OR prc_controlled_on IS NULL)
         ORDER BY name COLLATE NOCASE, cas",
    )?;
    let rows = st.query_map([q.not_controlled_by_prc], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The substance of every scheduling item that has a registered CAS number, by item.
pub fn of_items(conn: &Connection) -> Result<HashMap<ItemId, Substance>> {
    let mut st = conn.prepare_cached(
        "SELECT i.id AS item_id, s.* FROM item i JOIN substance s ON s.cas = i.cas_number
         WHERE i.kind = 'scheduling'",
    )?;
    let rows = st.query_map([], |r| Ok((r.get("item_id")?, from_row(r)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The entry of this CAS number, if the registry has one.
pub fn get(conn: &Connection, cas: &str) -> Result<Option<Substance>> {
    let mut st = conn.prepare_cached("SELECT * FROM substance WHERE cas = ?1")?;
    Ok(st.query_row([cas.trim()], from_row).optional()?)
}

/// The entry trimmed (an empty text as none) and checked: a CAS number with its check
/// digit, a name, texts within their limits.
fn checked(s: &Substance) -> Result<Substance> {
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    let s = Substance {
        cas: s.cas.trim().to_owned(),
        name: s.name.trim().to_owned(),
        name_zh: text(&s.name_zh),
        us_control: text(&s.us_control),
        prc_control: text(&s.prc_control),
        source: text(&s.source),
        ..s.clone()
    };
    let mut errors = Vec::new();
    if let Err(m) = check_cas(&s.cas) {
        errors.push(FieldError::of("cas", m));
    }
    if s.name.is_empty() {
        errors.push(FieldError::of("name", crate::problem::Problem::Required));
    }
    check_text(&mut errors, "name", &s.name, MAX_SHORT, false);
    for (field, v) in [
        ("name_zh", &s.name_zh),
        ("us_control", &s.us_control),
        ("prc_control", &s.prc_control),
        ("source", &s.source),
    ] {
        if let Some(v) = v {
            check_text(&mut errors, field, v, MAX_SHORT, false);
        }
    }
    if errors.is_empty() {
        Ok(s)
    } else {
        Err(Error::Invalid(errors))
    }
}

fn json(s: &Substance) -> String {
    serde_json::to_string(s).expect("a substance always serialises")
}

/// Adds an entry (audited `substance_added`); a CAS number already registered is refused.
pub(crate) fn add(
    tx: &Tx<'_>,
    s: &Substance,
    now: DateTime<Utc>,
    user: Option<&str>,
) -> Result<Substance> {
    let s = checked(s)?;
    if get(tx, &s.cas)?.is_some() {
        return Err(Error::field(
            "cas",
            crate::problem::Problem::InRegistry { cas: s.cas.clone() },
        ));
    }
    let sql = "INSERT INTO substance (cas, name, name_zh, class, us_control, prc_control,
            prc_controlled_on, un_table, source, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)";
    store(tx, sql, &s, None, now, user)?;
    Ok(s)
}

/// Replaces the facts of a registered entry (audited `substance_edited`, old and new).
pub(crate) fn edit(
    tx: &Tx<'_>,
    s: &Substance,
    now: DateTime<Utc>,
    user: Option<&str>,
) -> Result<Substance> {
    let s = checked(s)?;
    let Some(old) = get(tx, &s.cas)? else {
        return Err(Error::field(
            "cas",
            crate::problem::Problem::NotInRegistry { cas: s.cas.clone() },
        ));
    };
    if old == s {
        return Ok(s);
    }
    let sql = "UPDATE substance SET name = ?2, name_zh = ?3, class = ?4, us_control = ?5,
            prc_control = ?6, prc_controlled_on = ?7, un_table = ?8, source = ?9,
            updated_at = ?10
         WHERE cas = ?1";
    store(tx, sql, &s, Some(&old), now, user)?;
    Ok(s)
}

/// Writes the entry with `sql` (its facts bound as ?1 to ?9, the instant as ?10) and
/// audits it: `substance_added`, or `substance_edited` with the entry it replaced.
fn store(
    tx: &Tx<'_>,
    sql: &str,
    s: &Substance,
    old: Option<&Substance>,
    now: DateTime<Utc>,
    user: Option<&str>,
) -> Result<()> {
    tx.prepare_cached(sql)?.execute(params![
        s.cas,
        s.name,
        s.name_zh,
        s.class,
        s.us_control,
        s.prc_control,
        s.prc_controlled_on,
        s.un_table,
        s.source,
        sql::instant(now)
    ])?;
    let action = match old {
        None => RecordAction::SubstanceAdded,
        Some(_) => RecordAction::SubstanceEdited,
    };
    let row = [old.map(json), Some(json(s))];
    let row = row.each_ref().map(Option::as_deref);
    audit::record(tx, now, user, action, Some(&s.cas), row)
}

/// A scheduling item refers to the registry's substance by its CAS number: one the
/// registry does not know is added with the item's facts (its substance name, or the CAS
/// number when it has none). Called after the item itself was checked and written.
/// True when it added one (its audit row is appended to the trail).
pub(crate) fn ensure_for_item(
    tx: &Tx<'_>,
    fields: &ItemFields,
    now: DateTime<Utc>,
    user: Option<&str>,
) -> Result<bool> {
    let Details::Scheduling(x) = &fields.details else {
        return Ok(false);
    };
    let Some(cas) = x
        .cas_number
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    else {
        return Ok(false);
    };
    if get(tx, cas)?.is_some() {
        return Ok(false);
    }
    let name = x
        .substance
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(cas);
    let s = Substance {
        cas: cas.to_owned(),
        name: name.to_owned(),
        class: x.substance_class,
        us_control: x.us_control_status.clone(),
        prc_control: x.prc_control_status.clone(),
        prc_controlled_on: x.prc_controlled_on,
        source: Some(format!("item {}", fields.reference.trim())),
        ..Substance::default()
    };
    add(tx, &s, now, user).map(|_| true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 6, 30, 9, 0, 0).unwrap()
    }

    fn xylazine() -> Substance {
        Substance {
            cas: " 7361-61-7 ".into(),
            name: "xylazine".into(),
            name_zh: Some("赛拉嗪".into()),
            ..Substance::default()
        }
    }

    #[test]
    fn entries_are_checked_trimmed_and_unique() {
        let mut db = Db::open_in_memory().unwrap();
        let added = db.write(|tx| add(tx, &xylazine(), now(), None)).unwrap();
        assert_eq!(added.cas, "7361-61-7");
        assert_eq!(get(db.conn(), "7361-61-7").unwrap(), Some(added));
        let dup = db
            .write(|tx| add(tx, &xylazine(), now(), None))
            .unwrap_err();
        assert!(dup.to_string().starts_with("cas: "), "{dup}");
        let bad = Substance {
            cas: "7361-61-8".into(),
            name: " ".into(),
            ..Substance::default()
        };
        let err = db.write(|tx| add(tx, &bad, now(), None)).unwrap_err();
        assert!(err.is_invalid_data());
        let msg = err.to_string();
        assert!(
            msg.contains("cas: ") && msg.contains("name: is required"),
            "{msg}"
        );
        let missing = db
            .write(|tx| {
                edit(
                    tx,
                    &Substance {
                        cas: "50-00-0".into(),
                        ..xylazine()
                    },
                    now(),
                    None,
                )
            })
            .unwrap_err();
        assert!(
            missing.to_string().contains("not in the registry"),
            "{missing}"
        );
    }
}
