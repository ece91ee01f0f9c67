//! An item's history of changes (the audit trail).

use super::fit;
use counterpart_core::audit::{Action, AuditValue};
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
                quoted(r, r.old_value.as_deref()),
                quoted(r, r.new_value.as_deref())
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
            Action::Created if r.redacted => "(redacted)".to_owned(),
            Action::Created => r.new_value.clone().unwrap_or_default(),
            Action::Erased => match &r.old {
                Some(AuditValue::Erased(e)) => {
                    format!("{}; {} row(s) of its history redacted", e.kind, e.redacted)
                }
                _ => r.old_value.clone().unwrap_or_default(),
            },
            Action::Shared | Action::Conflict | Action::Attached | Action::AttachmentRemoved => {
                r.words.clone().unwrap_or_default()
            }
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

fn quoted(r: &Entry, v: Option<&str>) -> String {
    match v {
        Some(s) => format!("{s:?}"),
        None if r.redacted => "(redacted)".to_owned(),
        None => "(none)".to_owned(),
    }
}
