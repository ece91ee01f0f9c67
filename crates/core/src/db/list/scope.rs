//! Which rows a list reads when it is searched: the items a search found ([`Found`]),
//! read by row number when they are few or kept while the order is walked when they
//! are many ([`Scope`], [`READ_AT_MOST`]), and counted either way ([`count_found`]).

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};

use super::{filters, where_sql, ListQuery};
use crate::db::search;
use crate::error::Result;

/// The items a search found: their row numbers, ascending.
pub(super) struct Found(pub(super) Vec<i64>);

impl Found {
    /// The answer to `q`'s search, None when it has none.
    pub(super) fn of(conn: &Connection, q: &ListQuery) -> Result<Option<Found>> {
        match q.search.as_deref().and_then(search::Terms::parse) {
            Some(terms) => Ok(Some(Found(search::matches(conn, &terms)?))),
            None => Ok(None),
        }
    }

    pub(super) fn contains(&self, seq: i64) -> bool {
        self.0.binary_search(&seq).is_ok()
    }

    /// As a JSON array, the one parameter of `seq IN (SELECT value FROM json_each(?))`.
    fn json(&self) -> String {
        let mut out = String::with_capacity(8 * self.0.len() + 2);
        out.push('[');
        for (i, seq) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&seq.to_string());
        }
        out.push(']');
        out
    }
}

/// Up to this many items found are read by row number (SQL filters and sorts those
/// rows); more are walked: the order's index streams are read as without a search and
/// the rows found kept. Reading costs a row lookup per item found (and, for the orders
/// by days, one per stream); walking costs the rows passed over before the page is full,
/// about `page × items ÷ found`: for a page of 200 among 100,000 items the two meet near
/// 2,000 found, where each reads some 10,000 rows (a few milliseconds).
pub(super) const READ_AT_MOST: usize = if cfg!(test) {
    // The core's own tests walk from a few items found, so that both ways are tried.
    8
} else {
    2_000
};

/// The rows a list reads: its filters as SQL, and its search either as SQL too (`seq IN`
/// the items found) or, walked, as the items found kept while its order is read.
pub(super) struct Scope<'f> {
    pub(super) conditions: Vec<String>,
    pub(super) params: Vec<Value>,
    keep: Option<&'f Found>,
}

impl<'f> Scope<'f> {
    pub(super) fn new(
        q: &ListQuery,
        today: NaiveDate,
        found: Option<&'f Found>,
        walk: bool,
    ) -> Self {
        let (mut conditions, mut params) = filters(q, today);
        let mut keep = None;
        match found {
            Some(f) if walk => keep = Some(f),
            Some(f) => {
                conditions.push("seq IN (SELECT value FROM json_each(?))".to_owned());
                params.push(Value::Text(f.json()));
            }
            None => {}
        }
        Scope {
            conditions,
            params,
            keep,
        }
    }

    /// True when the row `seq`, read from SQL, is the list's (the search's, if walked).
    pub(super) fn keeps(&self, seq: i64) -> bool {
        self.keep.is_none_or(|f| f.contains(seq))
    }
}

/// The two halves every count reads separately: items whose clock runs (or never
/// started) and items whose clock stopped. Each half has its partial indexes on
/// `is_open` (`item_clock_running`, `item_clock_stopped` and the working days' twins),
/// which hold every unarchived item's row number: a count of open items, or of all of
/// them, reads those small indexes instead of every row of the table (40 ms → 8 ms for
/// 100,000 items).
const HALVES: [&str; 2] = ["clock_stop IS NULL", "clock_stop IS NOT NULL"];

pub(super) fn count_found(
    conn: &Connection,
    q: &ListQuery,
    today: NaiveDate,
    found: Option<&Found>,
) -> Result<usize> {
    match found {
        Some(f) if f.0.is_empty() => Ok(0),
        // Many found (a common word): the row numbers the filters keep are read (as a
        // count without a search reads them) and those found counted, rather than each
        // one found looked up by row number through a list of them all.
        Some(f) if f.0.len() > READ_AT_MOST => {
            let (w, p) = filters(q, today);
            let mut n = 0;
            for half in HALVES {
                let sql = format!("SELECT seq FROM item {}", where_sql(w.clone(), &[half]));
                let mut st = conn.prepare_cached(&sql)?;
                let mut rows = st.query(params_from_iter(p.iter()))?;
                while let Some(r) = rows.next()? {
                    n += usize::from(f.contains(r.get(0)?));
                }
            }
            Ok(n)
        }
        // Few found: counted by row number.
        Some(_) => {
            let scope = Scope::new(q, today, found, false);
            let sql = format!(
                "SELECT count(*) FROM item {}",
                where_sql(scope.conditions, &[])
            );
            let n: i64 = conn
                .prepare_cached(&sql)?
                .query_row(params_from_iter(scope.params.iter()), |r| r.get(0))?;
            Ok(n as usize)
        }
        None => {
            let (w, p) = filters(q, today);
            let [a, b] = HALVES.map(|half| {
                format!(
                    "(SELECT count(*) FROM item {})",
                    where_sql(w.clone(), &[half])
                )
            });
            // Each half's filters have their own parameters.
            let params: Vec<&Value> = p.iter().chain(p.iter()).collect();
            let n: i64 = conn
                .prepare_cached(&format!("SELECT {a} + {b}"))?
                .query_row(params_from_iter(params), |r| r.get(0))?;
            Ok(n as usize)
        }
    }
}
