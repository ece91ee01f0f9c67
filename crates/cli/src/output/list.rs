//! The item lists: the table, the CSV, the archived items.

use super::{fit, num, reference_width};
use counterpart_core::db::items::ArchivedItem;
use counterpart_core::db::list::ItemRow;
use counterpart_core::export::escape_cell;
use std::io::{self, Write};

/// The list as a table for a terminal.
pub fn table(out: &mut impl Write, rows: &[ItemRow]) -> io::Result<()> {
    if rows.is_empty() {
        writeln!(out, "No items. Add one with `counterpart add` or import a CSV with `counterpart import FILE.csv`.")?;
        return Ok(());
    }
    let refw = reference_width(rows.iter().map(|r| r.reference.as_str()));
    writeln!(
        out,
        "{} {} {} {} {:>6} {:>9} {:<10} {:<7} TITLE",
        fit("REFERENCE", refw),
        fit("KIND", 11),
        fit("STATUS", 19),
        fit("AGENCY", 6),
        "DAYS",
        "SINCE PRC",
        "DUE",
        "OVERDUE"
    )?;
    for r in rows {
        let title = match &r.title_zh {
            Some(zh) => format!("{} / {}", r.title, zh),
            None => r.title.clone(),
        };
        writeln!(
            out,
            "{} {} {} {} {:>6} {:>9} {:<10} {:<7} {}",
            fit(&r.reference, refw),
            fit(r.kind.as_str(), 11),
            fit(r.status.as_str(), 19),
            fit(&r.counterpart, 6),
            num(r.days_with_counterpart),
            num(r.days_since_prc_response),
            r.due_on.map(|d| d.to_string()).unwrap_or_default(),
            if r.overdue { "OVERDUE" } else { "" },
            fit(&title, 60).trim_end()
        )?;
    }
    Ok(())
}

/// The list as CSV, with spreadsheet-formula escaping.
pub fn list_csv(out: &mut impl Write, rows: &[ItemRow]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let cols = [
        "id",
        "kind",
        "reference",
        "title",
        "title_zh",
        "status",
        "counterpart",
        "priority",
        "owner",
        "transmitted_on",
        "status_on",
        "due_on",
        "follow_up_on",
        "days_with_counterpart",
        "days_in_status",
        "days_since_prc_response",
        "overdue",
    ];
    w.write_record(cols)?;
    let d = |v: Option<chrono::NaiveDate>| v.map(|d| d.to_string()).unwrap_or_default();
    let n = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    for r in rows {
        let rec = [
            r.id.to_string(),
            r.kind.to_string(),
            r.reference.clone(),
            r.title.clone(),
            r.title_zh.clone().unwrap_or_default(),
            r.status.to_string(),
            r.counterpart.clone(),
            r.priority.to_string(),
            r.owner.clone().unwrap_or_default(),
            d(r.transmitted_on),
            d(r.status_on),
            d(r.due_on),
            d(r.follow_up_on),
            n(r.days_with_counterpart),
            n(r.days_in_status),
            n(r.days_since_prc_response),
            r.overdue.to_string(),
        ];
        w.write_record(rec.iter().map(|c| escape_cell(c)))?;
    }
    w.flush()
}

/// The archived items.
pub fn archived(out: &mut impl Write, rows: &[ArchivedItem]) -> io::Result<()> {
    if rows.is_empty() {
        return writeln!(out, "No archived items.");
    }
    writeln!(
        out,
        "{}  {}  {}  TITLE",
        fit("REFERENCE", 16),
        fit("KIND", 11),
        fit("ARCHIVED", 16)
    )?;
    for r in rows {
        writeln!(
            out,
            "{}  {}  {}  {}",
            fit(&r.reference, 16),
            fit(r.kind.as_str(), 11),
            fit(&r.archived_at.format("%Y-%m-%d %H:%M").to_string(), 16),
            r.title
        )?;
    }
    Ok(())
}
