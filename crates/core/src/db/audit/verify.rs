//! Verifying the chain: every row's hash against its content, its values against their
//! digests, its place after the row before it, and every redaction against the erase
//! that explains it. The walk ([`Walk`]) is shared with migration 0006, which verifies a
//! version-1 chain before it re-chains it.

use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashMap;

use crate::audit::{value_digest, Column, ErasedRecord, RowContent, GENESIS};
use crate::error::Result;

/// What is wrong with the first bad row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// The row's content no longer matches its hash, or a value its digest: it was
    /// changed (or renumbered).
    ContentChanged,
    /// Rows are missing before this one: the numbers jump from `after` to this row.
    RowsMissing { after: i64 },
    /// The row does not follow the row before it (its `prev_hash` is another row's hash):
    /// rows were removed and renumbered, or reordered.
    OutOfOrder,
    /// The row's values were removed, but no erase of its item explains it.
    RedactedWithoutErase,
    /// This `erased` row says it redacted `said` rows, but `found` of its item are.
    RedactionCount { said: i64, found: i64 },
}

/// The first bad row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadRow {
    pub seq: i64,
    #[serde(flatten)]
    pub problem: Problem,
}

impl std::fmt::Display for BadRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let seq = self.seq;
        match &self.problem {
            Problem::ContentChanged => write!(
                f,
                "audit row {seq}: its content does not match its hash (the row was changed)"
            ),
            Problem::RowsMissing { after } => write!(
                f,
                "audit row {seq}: the rows between {after} and {seq} are missing"
            ),
            Problem::OutOfOrder => write!(
                f,
                "audit row {seq}: it does not follow the row before it (rows were removed or reordered)"
            ),
            Problem::RedactedWithoutErase => write!(
                f,
                "audit row {seq}: its values were removed, but its item was never erased"
            ),
            Problem::RedactionCount { said, found } => write!(
                f,
                "audit row {seq}: the erase says it redacted {said} row(s), but {found} of its item are redacted"
            ),
        }
    }
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Rows read (up to and including the first bad one).
    pub rows: i64,
    /// The hash of the last row (as stored); None when the trail is empty.
    pub head: Option<String>,
    /// The first bad row; None when the chain holds.
    pub first_bad: Option<BadRow>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.first_bad.is_none()
    }
}

/// Walks a chain row by row, in order, and keeps the first bad row.
pub(super) struct Walk {
    prev_seq: i64,
    prev_hash: String,
    pub report: Report,
}

impl Walk {
    pub fn new() -> Walk {
        Walk {
            prev_seq: 0,
            prev_hash: GENESIS.to_owned(),
            report: Report {
                rows: 0,
                head: None,
                first_bad: None,
            },
        }
    }

    /// One row: its number, stored `prev_hash` and `hash`, and whether its content gives
    /// that hash. False once a bad row is found (the walk stops there).
    pub fn step(&mut self, seq: i64, stored_prev: &str, hash: &str, content_ok: bool) -> bool {
        self.report.rows += 1;
        self.report.head = Some(hash.to_owned());
        let follows = stored_prev == self.prev_hash;
        let problem = if !content_ok {
            Some(Problem::ContentChanged)
        } else if seq != self.prev_seq + 1 && !follows {
            Some(Problem::RowsMissing {
                after: self.prev_seq,
            })
        } else if !follows || seq != self.prev_seq + 1 {
            Some(Problem::OutOfOrder)
        } else {
            None
        };
        if let Some(problem) = problem {
            self.report.first_bad = Some(BadRow { seq, problem });
            return false;
        }
        self.prev_seq = seq;
        self.prev_hash = hash.to_owned();
        true
    }
}

/// The redactions met on the walk, per item: the redacted rows, and the erase rows with
/// the count each says it redacted.
#[derive(Default)]
struct Redactions {
    redacted: HashMap<Vec<u8>, Vec<i64>>,
    erased: HashMap<Vec<u8>, Vec<(i64, Option<i64>)>>,
}

impl Redactions {
    /// The first row whose redaction no erase explains, or whose erase's count is wrong.
    fn first_bad(&self) -> Option<BadRow> {
        let mut bad: Vec<BadRow> = Vec::new();
        for (item, rows) in &self.redacted {
            let erases = self.erased.get(item).map(Vec::as_slice).unwrap_or_default();
            let last_erase = erases.iter().map(|(seq, _)| *seq).max();
            for &seq in rows {
                if last_erase.is_none_or(|e| e < seq) {
                    bad.push(BadRow {
                        seq,
                        problem: Problem::RedactedWithoutErase,
                    });
                }
            }
        }
        for (item, erases) in &self.erased {
            let rows = self
                .redacted
                .get(item)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let mut from = i64::MIN;
            let mut sorted = erases.clone();
            sorted.sort_unstable();
            for (seq, said) in sorted {
                let found = rows.iter().filter(|&&r| r > from && r < seq).count() as i64;
                from = seq;
                // An erase made before schema 6 says nothing (its rows were redacted by
                // the migration, which says so in its `rechained` row).
                if let Some(said) = said.filter(|s| *s != found) {
                    bad.push(BadRow {
                        seq,
                        problem: Problem::RedactionCount { said, found },
                    });
                }
            }
        }
        bad.into_iter().min_by_key(|b| b.seq)
    }
}

/// Whether a row's stored values agree with its digests: a value present must match its
/// digest (under the row's salt); a value absent must have no digest, unless the row is
/// redacted (its salt gone with its values).
fn values_hold(
    values: [Option<&str>; 2],
    digests: [Option<&[u8]>; 2],
    salt: Option<&[u8]>,
    redacted: bool,
) -> bool {
    let columns = [Column::OldValue, Column::NewValue];
    (0..2).all(|i| match (values[i], digests[i]) {
        (Some(v), Some(d)) => salt.is_some_and(|s| value_digest(s, columns[i], v)[..] == *d),
        (Some(_), None) => false,
        (None, Some(_)) => redacted && salt.is_none(),
        (None, None) => true,
    })
}

/// Walks the whole chain in order and names the first row that does not hold.
pub fn verify(conn: &Connection) -> Result<Report> {
    let mut st = conn.prepare(
        "SELECT seq, at, who, item_id, reference, action, field, old_value, new_value, salt,
                old_digest, new_digest, redacted, prev_hash, hash
           FROM audit_log ORDER BY seq",
    )?;
    let mut rows = st.query([])?;
    let mut walk = Walk::new();
    let mut redactions = Redactions::default();
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let text = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
        let blob = |i: usize| -> rusqlite::Result<Option<Vec<u8>>> { r.get(i) };
        let (at, who, reference, action) = (text(1)?, text(2)?, text(4)?, text(5)?);
        let item_id = blob(3)?;
        let field = text(6)?;
        let values = [text(7)?, text(8)?];
        let salt = blob(9)?;
        let digests = [blob(10)?, blob(11)?];
        let redacted = r.get::<_, Option<i64>>(12)? == Some(1);
        let stored_prev: String = text(13)?.unwrap_or_default();
        let hash: String = text(14)?.unwrap_or_default();
        let values = values.each_ref().map(Option::as_deref);
        let digests = digests.each_ref().map(Option::as_deref);
        let content = RowContent {
            seq,
            at: at.as_deref().unwrap_or_default(),
            who: who.as_deref(),
            item_id: item_id.as_deref(),
            reference: reference.as_deref(),
            action: action.as_deref().unwrap_or_default(),
            field: field.as_deref(),
            digests,
            prev_hash: &stored_prev,
        };
        let content_ok =
            content.hash() == hash && values_hold(values, digests, salt.as_deref(), redacted);
        if !walk.step(seq, &stored_prev, &hash, content_ok) {
            return Ok(walk.report);
        }
        if let Some(item) = item_id {
            if redacted {
                redactions
                    .redacted
                    .entry(item.clone())
                    .or_default()
                    .push(seq);
            }
            if action.as_deref() == Some("erased") {
                let said = values[0]
                    .and_then(|v| serde_json::from_str::<ErasedRecord>(v).ok())
                    .map(|e| e.redacted);
                redactions.erased.entry(item).or_default().push((seq, said));
            }
        }
    }
    let mut report = walk.report;
    report.first_bad = redactions.first_bad();
    Ok(report)
}
