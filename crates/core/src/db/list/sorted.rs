//! The list in an order by a column (reference, title, kind, status, agency, dates):
//! SQL sorts it, the page's keys first and its rows after.
//!
//! Each order is a list of terms, the last one the reference (unique, so that every row
//! has one place): `title, reference`; a column that may be empty is preceded by its
//! null flag (`due_on IS NULL, due_on, reference`: empty dates last either way). Ties
//! are broken by the reference A→Z in both directions, as before keyset paging.
//!
//! A page with a limit selects only the row numbers and the terms, so that SQLite's sort
//! keeps a few narrow rows (the top of the order, as many as the page needs) instead of
//! every column of every item, then reads the page's rows by row number. The rows after
//! a [`super::Cursor`] are those whose terms come after its key: `t1 > k1 OR (t1 IS k1
//! AND t2 > k2) OR …` (`<` for a descending term; `IS`, so that an empty column equals
//! an empty key).

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};

use super::{
    query_rows, rows_by_seq, sql_count, where_sql, Day, ItemRow, ListQuery, Scope, ROW_COLUMNS,
};
use crate::error::Result;

/// An order by a column: its terms, each ascending or not.
pub(super) struct Order {
    terms: Vec<(String, bool)>,
}

impl Order {
    /// By the reference alone (unique).
    pub(super) fn reference(ascending: bool) -> Order {
        Order {
            terms: vec![("reference".into(), ascending)],
        }
    }

    /// By a column that always has a value, then the reference.
    pub(super) fn by(column: &str, ascending: bool) -> Order {
        Order {
            terms: vec![(column.into(), ascending), ("reference".into(), true)],
        }
    }

    /// By a column that may be empty (empty last either way), then the reference.
    pub(super) fn nulls_last(column: &str, ascending: bool) -> Order {
        Order {
            terms: vec![
                (format!("{column} IS NULL"), true),
                (column.into(), ascending),
                ("reference".into(), true),
            ],
        }
    }
}

impl Order {
    fn order_by(&self) -> String {
        self.terms
            .iter()
            .map(|(t, asc)| format!("{t} {}", if *asc { "ASC" } else { "DESC" }))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn select(&self) -> String {
        self.terms
            .iter()
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The condition "after `key`", its parameters pushed onto `p`.
    fn after(&self, key: &[Value], p: &mut Vec<Value>) -> String {
        let mut any = Vec::new();
        for (i, (term, asc)) in self.terms.iter().enumerate() {
            let mut all = Vec::new();
            for (j, (before, _)) in self.terms[..i].iter().enumerate() {
                // Parenthesised: `x IS NULL > ?` would read as `x IS (NULL > ?)`.
                all.push(format!("({before}) IS ?"));
                p.push(key[j].clone());
            }
            all.push(format!("({term}) {} ?", if *asc { ">" } else { "<" }));
            p.push(key[i].clone());
            any.push(format!("({})", all.join(" AND ")));
        }
        format!("({})", any.join(" OR "))
    }

    /// The number of terms (a key has as many values).
    pub(super) fn len(&self) -> usize {
        self.terms.len()
    }

    /// The key of the item `seq` in this order.
    pub(super) fn key_of(&self, conn: &Connection, seq: i64) -> Result<Vec<Value>> {
        let sql = format!("SELECT {} FROM item WHERE seq = ?1", self.select());
        let n = self.len();
        Ok(conn
            .prepare_cached(&sql)?
            .query_row([seq], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())?)
    }
}

/// The page of `q` in order `o` after `after` (a key of `o`), with the key of its last row
/// when the page is full (more rows may follow).
pub(super) fn page(
    conn: &Connection,
    q: &ListQuery,
    o: &Order,
    scope: &Scope,
    after: Option<Vec<Value>>,
    day: &Day,
) -> Result<(Vec<ItemRow>, Option<Vec<Value>>)> {
    let mut p = scope.params.clone();
    let mut extra = Vec::new();
    if let Some(key) = &after {
        extra.push(o.after(key, &mut p));
    }
    let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
    let filter = where_sql(scope.conditions.clone(), &extra);
    let Some(limit) = q.limit else {
        // The whole list (the command line, the exports): one query for every row.
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM item {filter} ORDER BY {} LIMIT -1 OFFSET {}",
            o.order_by(),
            sql_count(q.offset)
        );
        return Ok((query_rows(conn, &sql, &p, day)?, None));
    };
    let sql = format!(
        "SELECT seq, {} FROM item {filter} ORDER BY {} LIMIT {} OFFSET {}",
        o.select(),
        o.order_by(),
        sql_count(limit),
        sql_count(q.offset)
    );
    let n = o.len();
    let mut st = conn.prepare_cached(&sql)?;
    let keyed: Vec<(i64, Vec<Value>)> = st
        .query_map(params_from_iter(p.iter()), |r| {
            Ok((
                r.get(0)?,
                (1..=n)
                    .map(|i| r.get::<_, Value>(i))
                    .collect::<rusqlite::Result<_>>()?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let seqs: Vec<i64> = keyed.iter().map(|(s, _)| *s).collect();
    let next = if keyed.len() == limit && limit > 0 {
        keyed.last().map(|(_, k)| k.clone())
    } else {
        None
    };
    Ok((rows_by_seq(conn, &seqs, day)?, next))
}
