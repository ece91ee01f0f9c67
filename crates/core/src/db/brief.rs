//! Briefs: what a brief is made from ([`sources`]) and the record of each brief made
//! ([`record`], [`recorded`]), so that a later brief can say what changed since.
//!
//! What a brief shows of each item beyond its list row (working days, raise summary, its
//! row of the responsiveness stats) is read in `evidence`.
//!
//! The tables (`migrations/0003_briefs.sql`): `brief`, one row per brief made (as-of date,
//! options as JSON, format), and `brief_item`, the items it contained with their figures.
//!
//! The handling marking printed on every brief is a setting of the database ([`marking`],
//! [`set_marking`]; key [`MARKING_KEY`] of the `setting` table), so that the app and the
//! command line print the same one.

mod evidence;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::db::{Db, Tx};
use serde::Serialize;
use std::collections::HashMap;

use crate::brief::{Brief, BriefOptions, BriefSource, LatestEvent, Previous, Profile, Shown};
use crate::db::list::{self, ListQuery};
use crate::db::{agencies, date, instant, settings, stored_date, substances};
use crate::error::Result;
use crate::model::{EventType, ItemId, Status};
use crate::validate::MAX_MARKING;

/// The latest standing event of every item, as of a day (events dated later do not count,
/// retractions and retracted events do not stand), and the last day each item changed.
const LATEST_SQL: &str = "
    SELECT i.id, substr(i.updated_at, 1, 10),
           (SELECT max(occurred_on) FROM event WHERE item_id = i.id AND occurred_on <= ?1),
           e.type, e.occurred_on, e.note
    FROM item i
    LEFT JOIN (
        SELECT item_id, type, occurred_on, note,
               row_number() OVER (PARTITION BY item_id
                                  ORDER BY occurred_on DESC, recorded_at DESC, seq DESC) AS n
        FROM event ev
        WHERE type <> 'retraction' AND occurred_on <= ?1
          AND NOT EXISTS (SELECT 1 FROM event r WHERE r.retracts = ev.id)
    ) e ON e.item_id = i.id AND e.n = 1";

/// What a brief with these options is made from, figures as of `as_of`. The open and
/// agency filters are applied here too; [`crate::brief::assemble`] applies all of them.
/// The agency is a code ([`build`] makes it one from the name the user gave).
pub fn sources(conn: &Connection, o: &BriefOptions, as_of: NaiveDate) -> Result<Vec<BriefSource>> {
    let q = ListQuery {
        kind: match o.kinds.as_slice() {
            [one] => Some(*one),
            _ => None,
        },
        open: o.open_only.then_some(true),
        counterpart: o.agency.clone(),
        ..ListQuery::default()
    };
    let rows = list::list(conn, &q, as_of)?;
    let mut evidence = evidence::of_items(conn, rows.iter().map(|r| r.id), as_of)?;
    let mut substances = substances::of_items(conn)?;
    let mut withheld = match o.profile {
        Profile::Wide => withheld_of_items(conn)?,
        Profile::Full => HashMap::new(),
    };
    let names: HashMap<String, (String, String)> = agencies::all(conn)?
        .into_iter()
        .map(|a| (a.code, (a.name_en, a.name_zh)))
        .collect();
    type Extra = (Option<NaiveDate>, Option<LatestEvent>);
    let mut extra: HashMap<ItemId, Extra> = HashMap::with_capacity(rows.len());
    {
        let mut st = conn.prepare_cached(LATEST_SQL)?;
        let mut q = st.query([date(Some(as_of))])?;
        while let Some(r) = q.next()? {
            let id: ItemId = r.get(0)?;
            let updated = r.get::<_, String>(1)?;
            let last_event: Option<String> = r.get(2)?;
            let changed = [Some(updated.as_str()), last_event.as_deref()]
                .into_iter()
                .flatten()
                .filter_map(stored_date)
                .max();
            let t: Option<EventType> = r.get(3)?;
            let latest = match (t, r.get::<_, Option<NaiveDate>>(4)?) {
                (Some(event_type), Some(on)) => Some(LatestEvent {
                    event_type,
                    on,
                    note: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                }),
                _ => None,
            };
            extra.insert(id, (changed, latest));
        }
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let (changed_on, latest) = extra.remove(&row.id).unwrap_or((None, None));
            let (agency_en, agency_zh) = names
                .get(&row.counterpart)
                .cloned()
                .map_or((None, None), |(e, z)| (Some(e), Some(z)));
            let ev = evidence.remove(&row.id).unwrap_or_default();
            BriefSource {
                working_days: ev.working_days,
                links: ev.links,
                raised: ev.raised,
                stats: ev.stats,
                substance: substances.remove(&row.id),
                withheld: withheld.remove(&row.id).unwrap_or_default(),
                row,
                agency_en,
                agency_zh,
                latest,
                changed_on,
            }
        })
        .collect())
}

/// The words of every item's fields marked sensitive ([`crate::brief::withheld_words`]),
/// for the items that have any.
fn withheld_of_items(conn: &Connection) -> Result<HashMap<ItemId, Vec<String>>> {
    let columns: Vec<&str> = crate::model::facts::sensitive_facts().collect();
    // The columns are the facts' own names (static, from `facts!`), never user text.
    let sql = format!(
        "SELECT id, {} FROM item WHERE coalesce({}) IS NOT NULL",
        columns.join(", "),
        columns.join(", ")
    );
    let mut st = conn.prepare(&sql)?;
    let mut q = st.query([])?;
    let mut out = HashMap::new();
    while let Some(r) = q.next()? {
        let values: Vec<Option<String>> = (1..=columns.len())
            .map(|i| r.get(i))
            .collect::<rusqlite::Result<_>>()?;
        let words = crate::brief::withheld_words(values.iter().flatten().map(String::as_str));
        if !words.is_empty() {
            out.insert(r.get(0)?, words);
        }
    }
    Ok(out)
}

/// The latest recorded brief, as [`crate::brief::changes`] compares with it.
fn previous(conn: &Connection) -> Result<Option<Previous>> {
    let Some((id, made_at, as_of)) = conn
        .prepare_cached(
            "SELECT id, made_at, as_of FROM brief ORDER BY made_at DESC, id DESC LIMIT 1",
        )?
        .query_row([], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
    else {
        return Ok(None);
    };
    let mut st = conn.prepare_cached(
        "SELECT item_id, status, days_with_counterpart, overdue FROM brief_item WHERE brief_id = ?1",
    )?;
    let items = st
        .query_map([id], |r| {
            Ok((
                r.get(0)?,
                Shown {
                    status: r.get(1)?,
                    days_with_counterpart: r.get(2)?,
                    overdue: r.get(3)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(Previous {
        made_at,
        as_of,
        items,
    }))
}

/// Reads and assembles a brief in one go; with `since_last`, its first section compares it
/// with the latest recorded brief.
pub fn build(conn: &Connection, o: &BriefOptions, as_of: NaiveDate) -> Result<Brief> {
    check_options(o)?;
    // The agency as the user named it (a code in any case, an English or a Chinese name)
    // becomes its code once, here, for every step after: the items' agency is always a
    // known one's code, so an agency that is not known is refused (naming `agency`) rather
    // than written and recorded as an empty brief of it.
    let named;
    let o = match &o.agency {
        Some(a) => {
            named = BriefOptions {
                agency: Some(agencies::require(conn, "agency", a)?),
                ..o.clone()
            };
            &named
        }
        None => o,
    };
    let mut brief = crate::brief::assemble(sources(conn, o, as_of)?, as_of, o);
    brief.audit_head = crate::db::audit::head(conn)?.map(|h| h.anchor());
    if o.since_last {
        let previous = previous(conn)?;
        // Items the previous brief showed open and this one leaves out as closed now.
        let closed_now = match &previous {
            Some(p) if o.open_only => {
                let shown: std::collections::HashSet<ItemId> = brief.rows().map(|r| r.id).collect();
                let closed = ListQuery {
                    open: Some(false),
                    ..ListQuery::default()
                };
                let wide = o.profile == Profile::Wide;
                let withheld = if wide {
                    withheld_of_items(conn)?
                } else {
                    HashMap::new()
                };
                list::list(conn, &closed, as_of)?
                    .into_iter()
                    .filter(|r| p.items.contains_key(&r.id) && !shown.contains(&r.id))
                    .map(|mut r| {
                        if let Some(w) = withheld.get(&r.id) {
                            r.title = crate::brief::withhold(&r.title, w, false);
                            r.title_zh = r.title_zh.map(|t| crate::brief::withhold(&t, w, true));
                        }
                        r
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        let rows = brief
            .sections
            .iter()
            .flat_map(|s| s.rows.iter().map(move |r| (s.kind, r)));
        brief.changes = Some(crate::brief::changes(previous.as_ref(), rows, &closed_now));
    }
    Ok(brief)
}

impl Db {
    /// Records that `brief` was made (with `options`, in `format`: `pdf`, `html` or
    /// `md`) at `now`; returns its id. Briefs made are the store's record of what was
    /// handed out, kept beside the record of the items.
    pub fn record_brief(
        &mut self,
        brief: &Brief,
        options: &BriefOptions,
        format: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        self.write(|tx| record(tx, brief, options, format, now))
    }

    /// Delivers a brief made: writes its rendered `bytes` to `path` (atomically: a failure
    /// leaves no half file; never over the database's own files) and records it ([`Db::record_brief`]); returns its id.
    pub fn deliver_brief(
        &mut self,
        brief: &Brief,
        options: &BriefOptions,
        format: &str,
        bytes: &[u8],
        path: &std::path::Path,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        crate::fsutil::write_output_bytes(self.path(), path, bytes)?;
        self.record_brief(brief, options, format, now)
    }
}

/// Records that `brief` was made (with `options`, in `format`: `pdf`, `html` or `md`);
/// returns its id.
pub(crate) fn record(
    tx: &Tx<'_>,
    brief: &Brief,
    options: &BriefOptions,
    format: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    let opts = serde_json::to_string(options)?;
    tx.prepare_cached(
        "INSERT INTO brief (made_at, as_of, options, format, item_count) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        instant(now),
        date(Some(brief.as_of)),
        opts,
        format,
        brief.rows().count() as i64
    ])?;
    let id = tx.last_insert_rowid();
    let mut st = tx.prepare_cached(
        "INSERT INTO brief_item (brief_id, position, item_id, reference, status,
                                 days_with_counterpart, days_since_prc_response, overdue)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (position, r) in brief.rows().enumerate() {
        st.execute(params![
            id,
            position as i64,
            r.id,
            r.reference,
            r.status,
            r.days_with_counterpart,
            r.days_since_prc_response,
            r.overdue
        ])?;
    }
    // A brief handed out is a change of the record (what was said, when, on which
    // trail): audited, with the head it printed.
    let made = serde_json::json!({
        "brief": id,
        "as_of": date(Some(brief.as_of)),
        "items": brief.rows().count(),
        "head": brief.audit_head,
        "prepared_by": brief.prepared_by,
    })
    .to_string();
    crate::db::audit::record(
        tx,
        now,
        None,
        crate::audit::RecordAction::BriefMade,
        Some(format),
        [None, Some(&made)],
    )?;
    Ok(id)
}

/// One item as a recorded brief showed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordedItem {
    pub item_id: ItemId,
    pub reference: String,
    pub status: Status,
    pub days_with_counterpart: Option<i64>,
    pub days_since_prc_response: Option<i64>,
    pub overdue: bool,
}

/// A brief made earlier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordedBrief {
    pub id: i64,
    pub made_at: DateTime<Utc>,
    pub as_of: NaiveDate,
    /// The options as recorded (JSON).
    pub options: String,
    pub format: String,
    pub items: Vec<RecordedItem>,
}

/// Every recorded brief, the latest made first.
pub fn recorded(conn: &Connection) -> Result<Vec<RecordedBrief>> {
    let mut st = conn.prepare_cached(
        "SELECT id, made_at, as_of, options, format FROM brief ORDER BY made_at DESC, id DESC",
    )?;
    let mut briefs: Vec<RecordedBrief> = st
        .query_map([], |r| {
            Ok(RecordedBrief {
                id: r.get(0)?,
                made_at: r.get(1)?,
                as_of: r.get(2)?,
                options: r.get(3)?,
                format: r.get(4)?,
                items: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = conn.prepare_cached(
        "SELECT item_id, reference, status, days_with_counterpart, days_since_prc_response, overdue
         FROM brief_item WHERE brief_id = ?1 ORDER BY position",
    )?;
    for b in &mut briefs {
        b.items = st
            .query_map([b.id], |r| {
                Ok(RecordedItem {
                    item_id: r.get(0)?,
                    reference: r.get(1)?,
                    status: r.get(2)?,
                    days_with_counterpart: r.get(3)?,
                    days_since_prc_response: r.get(4)?,
                    overdue: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(briefs)
}

/// The `setting` key of the handling marking.
pub const MARKING_KEY: &str = "brief.marking";

/// The handling marking briefs print by default: the stored one, or
/// [`crate::brief::DEFAULT_MARKING`].
pub fn marking(conn: &Connection) -> Result<String> {
    Ok(settings::get(conn, MARKING_KEY)?
        .filter(|m| !m.trim().is_empty())
        .unwrap_or_else(|| crate::brief::DEFAULT_MARKING.to_owned()))
}

/// Stores the handling marking (trimmed); an empty one goes back to the default. One line
/// of at most [`MAX_MARKING`] characters. Returns the marking now in force.
pub(crate) fn set_marking(tx: &Tx<'_>, value: &str) -> Result<String> {
    let v = value.trim();
    check_marking(v)?;
    if v.is_empty() {
        settings::remove_raw(tx, MARKING_KEY)?;
    } else {
        settings::set_raw(tx, MARKING_KEY, v)?;
    }
    marking(tx)
}

/// A marking is one line of at most [`MAX_MARKING`] characters.
fn check_marking(v: &str) -> Result<()> {
    if v.chars().count() > MAX_MARKING || v.chars().any(char::is_control) {
        return Err(crate::Error::field(
            "marking",
            crate::problem::Problem::NotAMarking {
                limit: MAX_MARKING as u32,
            },
        ));
    }
    Ok(())
}

/// What a user typed into a brief's options: the marking as a stored one, the title and
/// who prepared it one line each within the title's limit.
fn check_options(o: &BriefOptions) -> Result<()> {
    check_marking(o.marking.trim())?;
    let mut errors = Vec::new();
    for (field, value) in [("title", &o.title), ("prepared_by", &o.prepared_by)] {
        if let Some(v) = value {
            crate::validate::check_text(&mut errors, field, v, crate::validate::MAX_TITLE, false);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(crate::Error::Invalid(errors))
    }
}

#[cfg(test)]
mod marking_tests {
    use super::*;
    use crate::db::Db;

    #[test]
    fn marking_defaults_is_stored_and_checked() {
        let mut db = Db::open_in_memory().unwrap();
        assert_eq!(
            marking(db.conn()).unwrap(),
            crate::brief::DEFAULT_MARKING,
            "nothing stored: the default"
        );
        let m = db
            .write(|tx| set_marking(tx, "  FOR OFFICIAL USE ONLY "))
            .unwrap();
        assert_eq!(m, "FOR OFFICIAL USE ONLY", "trimmed");
        assert_eq!(marking(db.conn()).unwrap(), "FOR OFFICIAL USE ONLY");
        for bad in ["two\nlines", &"X".repeat(MAX_MARKING + 1)] {
            let e = db.write(|tx| set_marking(tx, bad)).unwrap_err();
            assert!(
                matches!(&e, crate::Error::Invalid(f) if f[0].field == "marking"),
                "{bad:?} refused, naming the field: {e}"
            );
        }
        assert_eq!(
            marking(db.conn()).unwrap(),
            "FOR OFFICIAL USE ONLY",
            "unchanged"
        );
        let m = db.write(|tx| set_marking(tx, "")).unwrap();
        assert_eq!(
            m,
            crate::brief::DEFAULT_MARKING,
            "empty: back to the default"
        );
    }

    #[test]
    fn a_brief_with_a_marking_or_title_out_of_bounds_is_refused_naming_the_field() {
        let db = Db::open_in_memory().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        type Edit = fn(&mut BriefOptions);
        let with = |f: Edit| {
            let mut o = BriefOptions::default();
            f(&mut o);
            build(db.conn(), &o, day)
        };
        assert!(with(|_| {}).is_ok());
        let cases: [(&str, Edit); 3] = [
            ("marking", |o| o.marking = "X".repeat(MAX_MARKING + 1)),
            ("title", |o| o.title = Some("line\nbreak".into())),
            ("prepared_by", |o| o.prepared_by = Some("Y".repeat(501))),
        ];
        for (field, f) in cases {
            let e = with(f).unwrap_err();
            assert!(
                matches!(&e, crate::Error::Invalid(v) if v[0].field == field),
                "{field} named: {e}"
            );
        }
    }
}
