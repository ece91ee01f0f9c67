//! The deadlines, as a table and as JSON.

use super::{fit, push_cut, push_fit, reference_width};
use chrono::NaiveDate;
use counterpart_core::reminders::{group, when_words, Group, Reminder};
use std::fmt::Write as _;
use std::io::{self, Write};

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
    let refw = reference_width(list.iter().map(|r| r.reference.as_str()));
    // Each row's words once, and the column as wide as the widest ("overdue by 3151
    // days"): a figure is never cut short.
    let when: Vec<String> = list
        .iter()
        .map(|r| when_words(r.days_until(today)))
        .collect();
    let whenw = when.iter().map(String::len).max().unwrap_or(0).max(4);
    let mut first = true;
    for g in Group::ALL {
        let rows: Vec<(&Reminder, &str)> = list
            .iter()
            .zip(&when)
            .filter(|(r, _)| group(r.deadline_on, today) == g)
            .map(|(r, w)| (r, w.as_str()))
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
            "  {} {} {:<10} {} {:<7} TITLE",
            fit("REFERENCE", refw),
            fit("DEADLINE", 9),
            "DATE",
            fit("WHEN", whenw),
            "STATE"
        )?;
        // Each line made in one buffer and written whole: tens of thousands of rows.
        let mut line = String::new();
        for (r, when) in rows {
            line.clear();
            line.push_str("  ");
            push_fit(&mut line, &r.reference, refw);
            line.push(' ');
            push_fit(&mut line, r.deadline.as_str(), 9);
            // A date is ten columns.
            write!(line, " {} ", r.deadline_on).expect("writing to a string");
            push_fit(&mut line, when, whenw);
            write!(line, " {:<7} ", r.state.as_str()).expect("writing to a string");
            push_cut(&mut line, &r.title, 60);
            line.truncate(line.trim_end().len());
            line.push('\n');
            out.write_all(line.as_bytes())?;
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
