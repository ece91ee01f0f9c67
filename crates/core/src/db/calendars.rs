//! The days the user added to a calendar (table `calendar_day`), and the calendars they
//! make with the published ones.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection};

use crate::calendar::{self, Calendar, CalendarDay, Calendars, DayKind};
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
        errors.push(FieldError::new("name", "is required"));
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

/// The days the user added, by calendar and date.
pub fn added(conn: &Connection) -> Result<Vec<CalendarDay>> {
    let mut st = conn.prepare_cached(
        "SELECT calendar, date, kind, name FROM calendar_day ORDER BY calendar, date",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut days = Vec::new();
    for row in rows {
        let (cal, date, kind, name) = row?;
        days.push(CalendarDay {
            calendar: Calendar::parse(&cal)?,
            date: date
                .parse()
                .map_err(|_| Error::field("date", format!("{date:?} is not a date")))?,
            kind: DayKind::parse(&kind)?,
            name,
            source: calendar::ADDED_BY_USER.to_owned(),
        });
    }
    Ok(days)
}

/// The published calendars with the user's days.
pub fn load(conn: &Connection) -> Result<Calendars> {
    Ok(Calendars::new(added(conn)?))
}
