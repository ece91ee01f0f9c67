//! `counterpart workdays` and `counterpart holidays list|add|import`: the two calendars'
//! working days, the days they know, the days the user adds and the notices loaded.

use crate::args::ShowFormat;
use crate::context::Context;
use crate::output::{self, fit};
use chrono::{Datelike, NaiveDate};
use clap::{Args, Subcommand, ValueEnum};
use counterpart_core::calendar::{Calendar, DayKind, Notice};
use counterpart_core::db::calendars;
use counterpart_core::op::Change;
use counterpart_core::problem::Problem;
use counterpart_core::validate::parse_date;
use counterpart_core::Error;
use serde::Serialize;
use std::io::Write;

fn date(field: &str, s: &str) -> Result<NaiveDate, Error> {
    parse_date(field, s).map_err(|e| Error::Invalid(vec![e]))
}

#[derive(Debug, Args)]
pub struct WorkdaysArgs {
    /// The day the count starts after.
    #[arg(value_name = "FROM")]
    pub from: String,
    /// The last day counted.
    #[arg(value_name = "TO")]
    pub to: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ShowFormat,
}

#[derive(Debug, Serialize)]
struct Workdays {
    us: i64,
    prc: i64,
    us_estimated: bool,
    prc_estimated: bool,
}

pub fn run_workdays(ctx: &mut Context, w: WorkdaysArgs) -> Result<(), Error> {
    let (from, to) = (date("from", &w.from)?, date("to", &w.to)?);
    if to < from {
        return Err(Error::field(
            "to",
            Problem::BeforeFrom {
                to: to.to_string(),
                from: from.to_string(),
            },
        ));
    }
    let cals = calendars::load(ctx.open()?.conn())?;
    let (us, prc) = (
        cals.count(Calendar::Us, from, to),
        cals.count(Calendar::Prc, from, to),
    );
    match w.format {
        ShowFormat::Text => {
            writeln!(ctx.out, "us: {}", us.days)?;
            writeln!(ctx.out, "prc: {}", prc.days)?;
            // Estimated counts are said on stderr, beside the two lines CONTRACT.md fixes.
            for (name, c) in [("us", us), ("prc", prc)] {
                if c.estimated {
                    eprintln!(
                        "note: {name}: estimated (a year in the span has no published calendar; its weekdays are counted)"
                    );
                }
            }
        }
        ShowFormat::Json => output::json(
            &mut ctx.out,
            &Workdays {
                us: us.days,
                prc: prc.days,
                us_estimated: us.estimated,
                prc_estimated: prc.estimated,
            },
        )?,
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CalendarArg {
    Us,
    Prc,
}

impl From<CalendarArg> for Calendar {
    fn from(c: CalendarArg) -> Self {
        match c {
            CalendarArg::Us => Calendar::Us,
            CalendarArg::Prc => Calendar::Prc,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    Holiday,
    Workday,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TableFormat {
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum HolidaysCommand {
    /// The days off and (PRC) make-up working days the program knows, with their source.
    List(HolidaysListArgs),
    /// Add a closure or holiday, or a make-up working day, to a calendar (audited).
    Add(HolidaysAddArgs),
    /// Load a year's calendar from its notice (a JSON file: calendar, year, source and
    /// every day off and make-up working day); the year's counts are then no longer
    /// estimated (audited).
    Import(HolidaysImportArgs),
}

#[derive(Debug, Args)]
pub struct HolidaysImportArgs {
    /// The notice as JSON: {"calendar": "prc", "year": 2027, "source": "…",
    /// "days": [{"date": "2027-01-01", "kind": "holiday", "name": "元旦"}, …]}.
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,
}

#[derive(Debug, Args)]
pub struct HolidaysListArgs {
    /// One calendar [default: both].
    #[arg(long, value_enum)]
    pub calendar: Option<CalendarArg>,
    /// The year [default: this year].
    #[arg(long)]
    pub year: Option<i32>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct HolidaysAddArgs {
    #[arg(long, value_enum)]
    pub calendar: CalendarArg,
    /// The day (YYYY-MM-DD).
    #[arg(long)]
    pub on: String,
    #[arg(long, value_enum)]
    pub kind: KindArg,
    #[arg(long)]
    pub name: String,
}

pub fn run_holidays(ctx: &mut Context, command: HolidaysCommand) -> Result<(), Error> {
    match command {
        HolidaysCommand::List(l) => {
            let db = ctx.open()?;
            let cals = calendars::load(db.conn())?;
            let year = l.year.unwrap_or(ctx.today.year());
            let chosen: Vec<Calendar> = match l.calendar {
                Some(c) => vec![c.into()],
                None => Calendar::ALL.to_vec(),
            };
            let days: Vec<_> = chosen.iter().flat_map(|c| cals.days(*c, year)).collect();
            match l.format {
                TableFormat::Json => output::json(&mut ctx.out, &days)?,
                TableFormat::Table => {
                    for d in &days {
                        writeln!(
                            ctx.out,
                            "{} {} {} {}  [{}]",
                            fit(d.calendar.as_str(), 3),
                            d.date,
                            fit(d.kind.as_str(), 7),
                            d.name,
                            d.source
                        )?;
                    }
                }
            }
        }
        HolidaysCommand::Add(a) => {
            let on = date("on", &a.on)?;
            let mut db = ctx.open()?;
            let kind = match a.kind {
                KindArg::Holiday => DayKind::Holiday,
                KindArg::Workday => DayKind::Workday,
            };
            let calendar: Calendar = a.calendar.into();
            let op = ctx.author().op(Change::AddHoliday {
                calendar,
                on,
                kind,
                name: a.name,
            });
            db.apply(&op)?;
            writeln!(ctx.out, "{} {on} {}", calendar.as_str(), kind.as_str())?;
        }
        HolidaysCommand::Import(i) => {
            let text = std::fs::read_to_string(&i.file).map_err(|e| {
                Error::field(
                    "file",
                    Problem::FileUnreadable {
                        path: i.file.display().to_string(),
                        detail: e.to_string(),
                    },
                )
            })?;
            let notice = Notice::from_json(&text)?;
            let (off, on) = notice.counts();
            let (cal, year) = (notice.calendar.as_str(), notice.year);
            let mut db = ctx.open()?;
            db.apply(&ctx.author().op(Change::PublishCalendar(notice)))?;
            let plural = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            writeln!(
                ctx.out,
                "{cal} {year}: published ({}, {})",
                plural(off, "day off", "days off"),
                plural(on, "make-up working day", "make-up working days")
            )?;
        }
    }
    Ok(())
}
