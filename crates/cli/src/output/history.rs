//! An item's history of changes (the audit trail).

use super::fit;
use counterpart_core::audit::Action;
use counterpart_core::db::audit::Entry;
use std::io::{self, Write};

/// An item's history of changes, oldest first: one line per audit row.
pub fn history(out: &mut impl Write, rows: &[Entry]) -> io::Result<()> {
    if let Some(first) = rows.first() {
        writeln!(
            out,
            "{} — history of changes ({} row(s))",
            first.reference,
            rows.len()
        )?;
    }
    for r in rows {
        let what = match r.action {
            Action::Edited => format!(
                "{}: {} → {}",
                r.field.as_deref().unwrap_or("?"),
                quoted(r.old_value.as_deref()),
                quoted(r.new_value.as_deref())
            ),
            Action::EventRecorded | Action::Linked => format!(
                "{} {}",
                r.field.as_deref().unwrap_or_default(),
                r.new_value.as_deref().unwrap_or_default()
            ),
            Action::Unlinked => format!(
                "{} {}",
                r.field.as_deref().unwrap_or_default(),
                r.old_value.as_deref().unwrap_or_default()
            ),
            Action::Created => r.new_value.clone().unwrap_or_default(),
            Action::Erased => r.old_value.clone().unwrap_or_default(),
            Action::Archived | Action::Restored => String::new(),
        };
        writeln!(
            out,
            "#{:<6} {}  {}  {:<14} {}",
            r.seq,
            r.at.format("%Y-%m-%d %H:%M:%S UTC"),
            fit(r.who.as_deref().unwrap_or("—"), 12),
            r.action.as_str(),
            what.trim_end()
        )?;
    }
    Ok(())
}

fn quoted(v: Option<&str>) -> String {
    v.map_or_else(|| "(none)".to_owned(), |s| format!("{s:?}"))
}
