//! The days the user added to a calendar (table `calendar_day`), and the calendars they
//! make with the published ones.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection};

use crate::calendar::{self, Calendar, CalendarDay, Calendars, DayKind, Notice};
use crate::db::Tx;
use crate::error::{Error, Result};
use crate::validate::{check_text, FieldError};

/// Adds (or replaces) the user's day on a calendar.
pub(crate) fn add(
    tx: &Tx<'_>,
    cal: Calendar,
    on: NaiveDate,
    kind: DayKind,
    name: &str,
    now: DateTime<Utc>,
    who: Option<&str>,
) -> Result<()> {
    let name = name.trim();
    let mut errors: Vec<FieldError> = Vec::new();
    if name.is_empty() {
        errors.push(FieldError::of("name", crate::problem::Problem::Required));
    }
    check_text(&mut errors, "name", name, 200, false);
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    tx.execute(
        "INSERT OR REPLACE INTO calendar_day (calendar, date, kind, name, added_at, who)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            cal.as_str(),
            on.to_string(),
            kind.as_str(),
            name,
            now.to_rfc3339(),
            who
        ],
    )?;
    Ok(())
}

/// Loads a year's notice: the year becomes published, and its days join the calendar,
/// in place of an earlier notice's for the same year (loading a corrected notice leaves
/// none of the old one's days behind). A day the user added by hand wins over the
/// notice's on the same date, as it wins over the program's own data.
pub(crate) fn publish(
    tx: &Tx<'_>,
    notice: &Notice,
    now: DateTime<Utc>,
    who: Option<&str>,
) -> Result<()> {
    notice.check()?;
    let cal = notice.calendar.as_str();
    let source = notice.source.trim();
    // The days an earlier notice for the same year brought (they carry its source).
    tx.execute(
        "DELETE FROM calendar_day WHERE calendar = ?1 AND source =
           (SELECT source FROM calendar_year WHERE calendar = ?1 AND year = ?2)",
        params![cal, notice.year],
    )?;
    let mut st = tx.prepare_cached(
        "INSERT INTO calendar_day (calendar, date, kind, name, added_at, who, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (calendar, date) DO NOTHING",
    )?;
    for d in &notice.days {
        st.execute(params![
            cal,
            d.date.to_string(),
            d.kind.as_str(),
            d.name.trim(),
            now.to_rfc3339(),
            who,
            source
        ])?;
    }
    tx.execute(
        "INSERT OR REPLACE INTO calendar_year (calendar, year, source, added_at, who)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![cal, notice.year, source, now.to_rfc3339(), who],
    )?;
    Ok(())
}

/// The years whose notice was loaded, with its source, by calendar and year.
pub fn loaded_years(conn: &Connection) -> Result<Vec<(Calendar, i32, String)>> {
    let mut st =
        conn.prepare_cached("SELECT calendar, year, source FROM calendar_year ORDER BY 1, 2")?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i32>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut years = Vec::new();
    for row in rows {
        let (cal, year, source) = row?;
        years.push((Calendar::parse(&cal)?, year, source));
    }
    Ok(years)
}

/// The days added to the calendars, by hand or from a notice, by calendar and date.
pub fn added(conn: &Connection) -> Result<Vec<CalendarDay>> {
    let mut st = conn.prepare_cached(
        "SELECT calendar, date, kind, name, source FROM calendar_day ORDER BY calendar, date",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    let mut days = Vec::new();
    for row in rows {
        let (cal, date, kind, name, source) = row?;
        days.push(CalendarDay {
            calendar: Calendar::parse(&cal)?,
            date: date.parse().map_err(|_| {
                Error::field(
                    "date",
                    crate::problem::Problem::StoredNotADate {
                        value: date.clone(),
                    },
                )
            })?,
            kind: DayKind::parse(&kind)?,
            name,
            source: source.unwrap_or_else(|| calendar::ADDED_BY_USER.to_owned()),
        });
    }
    Ok(days)
}

/// The published calendars with the days added and the notices loaded.
pub fn load(conn: &Connection) -> Result<Calendars> {
    let loaded = loaded_years(conn)?.into_iter().map(|(c, y, _)| (c, y));
    Ok(Calendars::new(added(conn)?).with_loaded(loaded))
}
