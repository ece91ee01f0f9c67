//! One item with its history, for a person.

use super::{fit, num};
use counterpart_core::db::items::ItemView;
use counterpart_core::model::{Agency, FlatDetails};
use std::io::{self, Write};

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
    let w = &v.working_days;
    if let (Some(us), Some(prc)) = (
        w.working_days_with_counterpart_us,
        w.working_days_with_counterpart_prc,
    ) {
        let estimated = if w.working_days_estimated {
            " (estimated)"
        } else {
            ""
        };
        line(
            out,
            "Working days",
            format!("U.S. {us}, PRC {prc}{estimated}"),
        )?;
    }
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
    line(out, "Raised", v.raised_words.clone())?;
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
            writeln!(out, "    {}: {}  {}", l.words, l.reference, l.title)?;
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
        if let Some(l) = ev.level {
            what.push_str(&format!(" at {} level", l.phrase_en()));
        }
        if let Some(venue) = &ev.venue {
            what.push_str(&format!(", {venue}"));
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
