//! The report of `counterpart check`.

use counterpart_core::db::check::CheckReport;
use std::io::{self, Write};

/// The report of `counterpart check`.
pub fn check(out: &mut impl Write, r: &CheckReport) -> io::Result<()> {
    let ok = |good: bool| if good { "ok" } else { "BROKEN" };
    writeln!(
        out,
        "database file (integrity_check): {}",
        ok(r.integrity.is_empty())
    )?;
    writeln!(
        out,
        "foreign keys (foreign_key_check): {}",
        ok(r.foreign_keys.is_empty())
    )?;
    writeln!(
        out,
        "audit trail: {} ({} row(s) checked)",
        ok(r.audit.ok()),
        r.audit.rows
    )?;
    writeln!(
        out,
        "record against the audit trail: {} ({} difference(s))",
        ok(r.record.is_empty()),
        r.record.len()
    )?;
    writeln!(
        out,
        "attachments against their SHA-256: {} ({} checked)",
        ok(r.attachments.is_empty()),
        r.attachments_checked
    )?;
    writeln!(
        out,
        "search indexes against the items' text: {}",
        ok(r.search.is_empty())
    )?;
    match &r.audit.first_bad {
        Some(bad) => writeln!(out, "first bad row: {bad}")?,
        // `seq:hash`, as briefs print it: a sound chain numbers its rows 1, 2, 3 … without
        // a gap, so the last row's number is the count checked.
        None => match r.audit.head.as_deref() {
            Some(hash) => writeln!(out, "head: {}:{hash}", r.audit.rows)?,
            None => writeln!(out, "head: (empty trail)")?,
        },
    }
    Ok(())
}
