//! How the command line prints lists and items for people (tables, text) and programs (CSV).

use chrono::NaiveDate;
use counterpart_core::audit::Action;
use counterpart_core::db::audit::Entry;
use counterpart_core::db::check::CheckReport;
use counterpart_core::db::items::{ArchivedItem, ItemView};
use counterpart_core::db::list::ItemRow;
use counterpart_core::export::escape_cell;
use counterpart_core::model::{Agency, FlatDetails};
use counterpart_core::reminders::{group, when_words, Group, Reminder};
use std::io::{self, Write};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Pads or cuts `s` to `width` terminal columns (Chinese characters take two).
fn fit(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    let cut = s.width() > width;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width.saturating_sub(usize::from(cut)) {
            break;
        }
        out.push(c);
        used += w;
    }
    if cut {
        out.push('…');
        used += 1;
    }
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

fn num(v: Option<i64>) -> String {
    v.map(|n| n.to_string()).unwrap_or_else(|| "—".into())
}

/// The list as a table for a terminal.
pub fn table(out: &mut impl Write, rows: &[ItemRow]) -> io::Result<()> {
    if rows.is_empty() {
        writeln!(out, "No items. Add one with `counterpart add` or import a CSV with `counterpart import FILE.csv`.")?;
        return Ok(());
    }
    let refw = rows
        .iter()
        .map(|r| r.reference.width())
        .max()
        .unwrap_or(9)
        .clamp(9, 24);
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

/// One item with its history, for a person.
pub fn show(out: &mut impl Write, v: &ItemView, agencies: &[Agency]) -> io::Result<()> {
    let i = &v.item;
    let f = &i.fields;
    writeln!(
        out,
        "{}  {} / {}",
        f.reference,
        f.kind().label_en(),
        f.kind().label_zh()
    )?;
    writeln!(out, "{}", f.title)?;
    if let Some(zh) = &f.title_zh {
        writeln!(out, "{zh}")?;
    }
    if let Some(at) = i.archived_at {
        writeln!(
            out,
            "ARCHIVED on {} (out of lists, briefs and reminders; `counterpart unarchive {}` brings it back)",
            at.format("%Y-%m-%d"),
            f.reference
        )?;
    }
    writeln!(out)?;
    let line = |out: &mut dyn Write, label: &str, value: String| -> io::Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        writeln!(out, "  {} {}", fit(&format!("{label}:"), 30), value)
    };
    let since = i
        .status_on
        .map(|d| {
            format!(
                " (since {d}, {} days)",
                v.figures.days_in_status.unwrap_or(0)
            )
        })
        .unwrap_or_default();
    line(
        out,
        "Status",
        format!("{} / {}{since}", i.status.label_en(), i.status.label_zh()),
    )?;
    let agency = agencies
        .iter()
        .find(|a| a.code == f.counterpart)
        .map(|a| format!("{} — {} ({})", a.code, a.name_en, a.name_zh))
        .unwrap_or_else(|| f.counterpart.clone());
    line(out, "Counterpart agency", agency)?;
    line(out, "U.S. agency", f.us_agency.clone().unwrap_or_default())?;
    line(
        out,
        "Transmitted on",
        i.transmitted_on
            .map(|d| d.to_string())
            .unwrap_or_else(|| "not yet".into()),
    )?;
    line(
        out,
        "Days with counterpart",
        num(v.figures.days_with_counterpart),
    )?;
    writeln!(out, "  {:<30} {}", "", v.explanation)?;
    line(
        out,
        "Days since last PRC response",
        match (i.last_prc_on, v.figures.days_since_prc_response) {
            (Some(d), Some(n)) => format!("{n} (last on {d})"),
            (None, Some(n)) => format!("{n} (no PRC response yet)"),
            _ => String::new(),
        },
    )?;
    let due = f.due_on.map(|d| {
        if v.figures.overdue {
            format!("{d}  OVERDUE")
        } else {
            d.to_string()
        }
    });
    line(out, "Due date", due.unwrap_or_default())?;
    line(
        out,
        "Follow-up date",
        f.follow_up_on.map(|d| d.to_string()).unwrap_or_default(),
    )?;
    line(out, "Priority", f.priority.to_string())?;
    line(out, "Owner", f.owner.clone().unwrap_or_default())?;
    line(out, "Tags", f.tags.join(", "))?;
    let d = FlatDetails::from(&f.details);
    for (label, value) in [
        ("Subject", d.subject),
        ("Subject (中文)", d.subject_zh),
        ("Charges", d.charges),
        ("District", d.district),
        (
            "Provisional arrest asked",
            d.provisional_arrest
                .map(|b| if b { "yes" } else { "no" }.into()),
        ),
        ("Case number", d.case_number),
        ("Defendants", d.defendants),
        ("Unsealed on", d.unsealed_on.map(|x| x.to_string())),
        ("Substance", d.substance),
        ("CAS number", d.cas_number),
        ("Class", d.substance_class.map(|x| x.to_string())),
        ("U.S. control status", d.us_control_status),
        ("PRC control status", d.prc_control_status),
        (
            "PRC controlled on",
            d.prc_controlled_on.map(|x| x.to_string()),
        ),
        ("Forum / round", d.forum),
        ("Agreed on", d.agreed_on.map(|x| x.to_string())),
        ("Owning side", d.owner_side.map(|x| x.to_string())),
        ("Text", d.text_en),
        ("Text (中文)", d.text_zh),
    ] {
        line(out, label, value.unwrap_or_default())?;
    }
    if let Some(n) = &f.notes {
        writeln!(out, "\n  Notes:\n    {}", n.replace('\n', "\n    "))?;
    }
    if !v.links.is_empty() {
        writeln!(out, "\n  Linked items:")?;
        for l in &v.links {
            writeln!(out, "    {}  {} ({})", l.reference, l.title, l.relation)?;
        }
    }
    writeln!(out, "\n  History (newest first):")?;
    if v.events.is_empty() {
        writeln!(out, "    (none)")?;
    }
    for e in &v.events {
        let ev = &e.event;
        let mut what = ev.event_type.label_en().to_owned();
        if let Some(s) = ev.status {
            what.push_str(&format!(" → {}", s.label_en()));
        }
        if let Some(d) = ev.due_on {
            what.push_str(&format!(" → {d}"));
        }
        if let Some(r) = ev.retracts {
            what.push_str(&format!(" of {r}"));
        }
        let retracted = if e.retracted {
            format!(
                "  [RETRACTED: {}]",
                e.retraction_note.as_deref().unwrap_or_default()
            )
        } else {
            String::new()
        };
        writeln!(
            out,
            "    {}  {:<3}  {}{}{}",
            ev.on,
            ev.side.as_str().to_uppercase(),
            what,
            if ev.note.is_empty() {
                String::new()
            } else {
                format!(" — {}", ev.note)
            },
            retracted
        )?;
        writeln!(out, "                     id {}", ev.id)?;
    }
    Ok(())
}

/// `counterpart reminders`: the deadlines grouped Overdue / Due today / This week / Later.
pub fn reminders_table(
    out: &mut impl Write,
    list: &[Reminder],
    today: NaiveDate,
    within: u32,
) -> io::Result<()> {
    if list.is_empty() {
        let days = if within == 1 { "day" } else { "days" };
        writeln!(out, "Nothing overdue or due within {within} {days}.")?;
        return Ok(());
    }
    let refw = list
        .iter()
        .map(|r| r.reference.width())
        .max()
        .unwrap_or(9)
        .clamp(9, 24);
    let mut first = true;
    for g in Group::ALL {
        let rows: Vec<&Reminder> = list
            .iter()
            .filter(|r| group(r.deadline_on, today) == g)
            .collect();
        if rows.is_empty() {
            continue;
        }
        if !first {
            writeln!(out)?;
        }
        first = false;
        writeln!(out, "{} ({})", g.label_en(), rows.len())?;
        writeln!(
            out,
            "  {} {} {:<10} {:<17} {:<7} TITLE",
            fit("REFERENCE", refw),
            fit("DEADLINE", 9),
            "DATE",
            "WHEN",
            "STATE"
        )?;
        for r in rows {
            writeln!(
                out,
                "  {} {} {:<10} {} {:<7} {}",
                fit(&r.reference, refw),
                fit(r.deadline.as_str(), 9),
                r.deadline_on,
                fit(&when_words(r.days_until(today)), 17),
                r.state.as_str(),
                fit(&r.title, 60).trim_end()
            )?;
        }
    }
    Ok(())
}

/// One reminder as `counterpart reminders --format json` prints it.
#[derive(serde::Serialize)]
pub struct ReminderJson<'a> {
    item_id: String,
    reference: &'a str,
    title: &'a str,
    kind: &'a str,
    deadline: &'a str,
    deadline_on: NaiveDate,
    /// Negative when overdue.
    days_until: i64,
    group: Group,
    lead: i32,
    fire_on: NaiveDate,
    state: &'a str,
    fired_at: Option<String>,
    snoozed_until: Option<NaiveDate>,
}

/// The reminders as `--format json` prints them.
pub fn reminders_json(list: &[Reminder], today: NaiveDate) -> Vec<ReminderJson<'_>> {
    list.iter()
        .map(|r| ReminderJson {
            item_id: r.item_id.to_string(),
            reference: &r.reference,
            title: &r.title,
            kind: r.kind.as_str(),
            deadline: r.deadline.as_str(),
            deadline_on: r.deadline_on,
            days_until: r.days_until(today),
            group: group(r.deadline_on, today),
            lead: r.lead.0,
            fire_on: r.fire_on,
            state: r.state.as_str(),
            fired_at: r.fired_at.map(|t| t.to_rfc3339()),
            snoozed_until: r.snoozed_until,
        })
        .collect()
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
    match &r.audit.first_bad {
        Some(bad) => writeln!(out, "first bad row: {bad}")?,
        None => writeln!(
            out,
            "head hash: {}",
            r.audit.head.as_deref().unwrap_or("(empty trail)")
        )?,
    }
    Ok(())
}
