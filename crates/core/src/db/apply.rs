//! Applying operations: the one way the record changes.
//!
//! [`Db::apply`] takes an [`Operation`] and, in one immediate transaction, checks it
//! (every rule of the change: fields, dates, the history it leaves, the item's version),
//! writes its rows, keeps the search index and the reminders in step, and appends its
//! audit rows; on any error nothing is written. [`Db::apply_all`] applies many in one
//! transaction, all or nothing (an import, the demo); [`Db::rehearse_all`] checks them as
//! that would and writes nothing (a dry run).
//!
//! The arms live beside the tables they write (`db::items::write`, `db::items::archive`,
//! `db::agencies`, `db::brief`, `db::reminders`); they are `pub(crate)` and called from
//! here only.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::audit::RecordAction;
use crate::db::items::{self, Erased, Known};
use crate::db::{
    agencies, attachments, audit, brief, calendars, reminders, settings, substances, team,
    workdays, Db, Tx,
};
use crate::error::{Error, Result};
use crate::model::{Agency, Event, EventType, Item, NewEvent, Substance};
use crate::op::{Change, Operation, FORMAT};
use crate::problem::Problem;
use std::collections::{BTreeSet, HashMap};

/// What an applied operation made or changed.
// One is returned per operation and read at once: boxing the item would only add a step.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "applied", rename_all = "snake_case")]
pub enum Applied {
    /// The item as it now stands (created, edited, archived, restored).
    Item(Item),
    /// The event recorded (a retraction included).
    Event(Event),
    Erased(Erased),
    Agency(Agency),
    /// A registry entry as it now stands (added, edited).
    Substance(Substance),
    /// A link, a setting, a reminder's state.
    Done,
    /// The attachment as stored.
    Attachment(crate::attachment::Attachment),
}

impl Applied {
    /// The item, for the operations that return one (else an internal error: a caller's
    /// mistake, not the user's).
    pub fn into_item(self) -> Result<Item> {
        match self {
            Applied::Item(i) => Ok(i),
            other => Err(unexpected("an item", &other)),
        }
    }

    pub fn into_event(self) -> Result<Event> {
        match self {
            Applied::Event(e) => Ok(e),
            other => Err(unexpected("an event", &other)),
        }
    }
}

fn unexpected(wanted: &str, got: &Applied) -> Error {
    Error::Io(std::io::Error::other(format!(
        "the operation gave {got:?}, not {wanted}"
    )))
}

impl Db {
    /// Applies one operation in its own immediate transaction.
    pub fn apply(&mut self, op: &Operation) -> Result<Applied> {
        let applied = self.write(|tx| {
            let mut a = Applier::new(tx, false)?;
            let applied = a.apply(op)?;
            a.finish()?;
            Ok(applied)
        })?;
        if matches!(op.change, Change::Erase { .. }) {
            self.checkpoint_after_erase();
        }
        Ok(applied)
    }

    /// After an erase has committed: moves the WAL into the file and truncates it, so the
    /// WAL's older copies of the erased item's pages go too. Best effort: while another
    /// connection (another program, a reader in the middle of a read) still needs part of
    /// the WAL, SQLite leaves that part; it is overwritten as the WAL is reused, and the
    /// last connection to close checkpoints and deletes it.
    fn checkpoint_after_erase(&self) {
        // Busy is not an error here (see above); nothing is lost either way.
        if let Ok(writer) = self.writer() {
            let _ = writer.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                r.get::<_, i64>(0)
            });
        }
    }

    /// Applies one operation with the bytes it needs that are not in its JSON form: the
    /// file of an [`Change::Attach`], streamed from `content` into the store and checked
    /// against the operation's hash and size in the same transaction (any other operation
    /// leaves `content` unread).
    pub fn apply_with_content(
        &mut self,
        op: &Operation,
        content: &mut dyn std::io::Read,
    ) -> Result<Applied> {
        self.write(|tx| {
            let mut a = Applier::new(tx, false)?;
            let applied = a.apply_with(op, Some(content))?;
            a.finish()?;
            Ok(applied)
        })
    }

    /// Applies operations in order in one transaction: all of them, or (on the first that
    /// is refused) none.
    pub fn apply_all(&mut self, ops: &[Operation]) -> Result<Vec<Applied>> {
        if ops.len() > BULK {
            return self.in_bulk(|db| db.write(|tx| apply_each(tx, ops)));
        }
        self.write(|tx| apply_each(tx, ops))
    }

    /// Checks operations as [`Db::apply_all`] would and writes nothing.
    pub fn rehearse_all(&mut self, ops: &[Operation]) -> Result<Vec<Applied>> {
        self.rehearse(|tx| apply_each(tx, ops))
    }

    /// Applies the operations that `f` makes, as it makes them, in one transaction (an
    /// import that reads a file while it writes): committed when `f` returns `Ok` (rolled
    /// back, with `dry_run`, in any case), rolled back when it returns `Err`.
    pub(crate) fn apply_streamed<T>(
        &mut self,
        dry_run: bool,
        batch: bool,
        f: impl FnOnce(&mut Stream<'_, '_>) -> Result<T>,
    ) -> Result<T> {
        let run = |tx: &Tx<'_>| {
            let mut s = Stream {
                applier: Applier::new(tx, batch)?,
            };
            let out = f(&mut s)?;
            s.applier.finish()?;
            Ok(out)
        };
        // An import: a bulk write, however long its file.
        self.in_bulk(|db| {
            if dry_run {
                db.rehearse(run)
            } else {
                db.write(run)
            }
        })
    }
}

/// The open transaction of [`Db::apply_streamed`]: it reads, and applies operations.
pub(crate) struct Stream<'t, 'c> {
    applier: Applier<'t, 'c>,
}

impl Stream<'_, '_> {
    pub(crate) fn apply(&mut self, op: &Operation) -> Result<Applied> {
        self.applier.apply(op)
    }

    /// [`Stream::apply`] with the bytes of an attachment ([`Db::apply_with_content`]).
    pub(crate) fn apply_with_content(
        &mut self,
        op: &Operation,
        content: &mut dyn std::io::Read,
    ) -> Result<Applied> {
        self.applier.apply_with(op, Some(content))
    }

    pub(crate) fn conn(&self) -> &rusqlite::Connection {
        self.applier.tx
    }

    /// Applies a new item whose rows the core's row parser has already checked and worked
    /// out ([`crate::form::parse_checked`], against this same transaction's store, on the
    /// thread that reads the file): only its writing is left.
    pub(crate) fn apply_prepared(
        &mut self,
        op: &Operation,
        prepared: &items::Prepared,
    ) -> Result<Applied> {
        debug_assert!(matches!(&op.change, Change::CreateItem(n) if n.item == prepared.id));
        let a = &mut self.applier;
        inserter_for(&mut a.inserter, a.tx, a.batch, op)?.insert(prepared)?;
        if substances::ensure_for_item(a.tx, &prepared.fields, op.at, op.author.as_deref())? {
            a.finish_inserter()?;
        }
        a.queue(op, &[])?;
        Ok(Applied::Item(prepared.item()))
    }
}

/// More operations than this at once are a bulk write: the new items share their
/// statements ([`Applier`]'s batch) and the writer a large page cache ([`Db::in_bulk`]).
const BULK: usize = 64;

fn apply_each(tx: &Tx<'_>, ops: &[Operation]) -> Result<Vec<Applied>> {
    let mut applier = Applier::new(tx, ops.len() > BULK)?;
    let applied = ops
        .iter()
        .map(|op| applier.apply(op))
        .collect::<Result<_>>()?;
    applier.finish()?;
    Ok(applied)
}

/// Applies operations inside a transaction the caller holds (an import writing while it
/// reads). `batch`: many new items to come, so the references in use are read once.
/// An inserter kept with the author and instant it writes for.
type Kept<'t> = (items::Inserter<'t>, DateTime<Utc>, Option<String>);

pub(crate) struct Applier<'t, 'c> {
    tx: &'t Tx<'c>,
    known: Known,
    /// The team's outbox, when the database is in a team: every operation applied here
    /// that travels is written to it in this transaction.
    queue: Option<team::Queue>,
    /// Applying operations pulled from the team (never queued again; their events are
    /// facts, see `items::write::record_event`).
    pub(crate) merged: bool,
    /// The statements (and the audit chain's head) of the new items written last, kept
    /// while new items of the same author and instant follow one another (an import);
    /// finished before any other change, which appends to the chain itself (and may
    /// change the search entries of the items the inserter holds back).
    inserter: Option<Kept<'t>>,
    /// Many new items to come: their search entries are written together
    /// ([`items::Inserter::finish`], `search::Indexer`).
    batch: bool,
}

impl<'t, 'c> Applier<'t, 'c> {
    pub(crate) fn new(tx: &'t Tx<'c>, batch: bool) -> Result<Self> {
        Ok(Applier {
            tx,
            known: if batch {
                Known::for_batch(tx)?
            } else {
                Known::for_one(tx)?
            },
            inserter: None,
            queue: team::queue(tx)?,
            merged: false,
            batch,
        })
    }

    /// Finishes the inserter kept, if any (its new items' search entries written).
    fn finish_inserter(&mut self) -> Result<()> {
        match self.inserter.take() {
            Some((ins, _, _)) => ins.finish(),
            None => Ok(()),
        }
    }

    /// Ends the applier's work in its transaction: what it held back is written. Every
    /// user of an applier calls it before committing.
    pub(crate) fn finish(mut self) -> Result<()> {
        self.finish_inserter()
    }

    /// The applier of operations pulled from the team's server.
    pub(crate) fn merging(tx: &'t Tx<'c>) -> Result<Self> {
        Ok(Applier {
            queue: None,
            merged: true,
            ..Applier::new(tx, false)?
        })
    }

    /// Writes an applied operation to the team's outbox (when in a team).
    fn queue(&self, op: &Operation, fields: &[String]) -> Result<()> {
        match &self.queue {
            Some(q) => q.push(self.tx, op, fields),
            None => Ok(()),
        }
    }

    /// The one function that changes the record.
    pub(crate) fn apply(&mut self, op: &Operation) -> Result<Applied> {
        self.apply_with(op, None)
    }

    /// [`Applier::apply`], with the bytes of an attachment when the operation attaches one.
    pub(crate) fn apply_with(
        &mut self,
        op: &Operation,
        content: Option<&mut dyn std::io::Read>,
    ) -> Result<Applied> {
        let tx = self.tx;
        if op.v != FORMAT {
            return Err(Error::field(
                "v",
                Problem::UnknownFormatToApply {
                    format: op.v,
                    known: FORMAT,
                },
            ));
        }
        let (now, today, user) = (op.at, op.today, op.author.as_deref());
        if let Some(name) = user {
            if crate::validate::user_name(name)?.as_deref() != Some(name) {
                return Err(Error::field("user_name", Problem::EdgeSpaces));
            }
        }
        if !matches!(op.change, Change::CreateItem(_)) {
            self.finish_inserter()?;
        }
        // The columns an edit changed (an edit travels with them: a teammate's copy takes
        // those columns only).
        let mut changed = Vec::new();
        let applied = match &op.change {
            Change::CreateItem(n) => {
                let inserter = inserter_for(&mut self.inserter, tx, self.batch, op)?;
                let item = items::write::create(tx, &mut self.known, inserter, n, now, today)?;
                if substances::ensure_for_item(tx, &item.fields, now, user)? {
                    // The trail moved on: the kept inserter's head is stale.
                    self.finish_inserter()?;
                }
                Applied::Item(item)
            }
            Change::EditFields {
                item,
                base_version,
                fields,
            } => {
                let (item, columns) =
                    items::write::update(tx, *item, *base_version, fields, now, user)?;
                changed = columns.into_iter().map(str::to_owned).collect();
                substances::ensure_for_item(tx, &item.fields, now, user)?;
                Applied::Item(item)
            }
            Change::RecordEvent { item, event, input } => {
                if input.event_type == EventType::Retraction {
                    return Err(Error::field("type", Problem::RetractionOperation));
                }
                Applied::Event(items::write::record_event(
                    tx,
                    *item,
                    *event,
                    input,
                    now,
                    today,
                    user,
                    self.merged,
                )?)
            }
            Change::Retract {
                item,
                event,
                retracts,
                on,
                note,
            } => {
                let input = NewEvent {
                    retracts: Some(*retracts),
                    ..NewEvent::new(EventType::Retraction, *on).with_note(note.clone())
                };
                Applied::Event(items::write::record_event(
                    tx,
                    *item,
                    *event,
                    &input,
                    now,
                    today,
                    user,
                    self.merged,
                )?)
            }
            Change::Link { from, to, relation } => {
                items::links::link(tx, *from, *to, relation, now, user)?;
                changed = vec![team::link_key(*from, *to, relation)];
                Applied::Done
            }
            Change::Unlink { from, to, relation } => {
                items::links::unlink(tx, *from, *to, relation, now, user)?;
                changed = vec![team::link_key(*from, *to, relation)];
                Applied::Done
            }
            Change::Archive { item } => {
                changed = vec![team::ARCHIVED.to_owned()];
                Applied::Item(items::archive(tx, *item, now, user, self.merged)?)
            }
            Change::Unarchive { item } => {
                changed = vec![team::ARCHIVED.to_owned()];
                Applied::Item(items::unarchive(tx, *item, now, user, self.merged)?)
            }
            Change::Erase { item } => Applied::Erased(items::erase(tx, *item, now, user)?),
            Change::AddAgency {
                code,
                name_en,
                name_zh,
            } => {
                let a = agencies::add(tx, code, name_en, name_zh)?;
                self.known.agencies = agencies::Lookup::load(tx)?;
                let names = serde_json::json!({"name_en": a.name_en, "name_zh": a.name_zh});
                let names = names.to_string();
                let row = [None, Some(names.as_str())];
                audit::record(tx, now, user, RecordAction::AgencyAdded, Some(&a.code), row)?;
                Applied::Agency(a)
            }
            Change::SetMarking { marking } => {
                audited_settings(tx, now, user, || brief::set_marking(tx, marking))?
            }
            Change::SetReminderLeads { days } => {
                audited_settings(tx, now, user, || reminders::set_lead_days(tx, days))?
            }
            Change::SetCadence { kind, days } => {
                audited_settings(tx, now, user, || reminders::set_cadence(tx, *kind, *days))?
            }
            Change::SnoozeReminder { reminder, until } => {
                reminders::snooze(tx, reminder, *until, today, now)?;
                let value = serde_json::json!({"reminder": reminder, "until": until});
                let row = [None, Some(value.to_string())];
                let row = row.each_ref().map(Option::as_deref);
                audit::record(tx, now, user, RecordAction::ReminderSnoozed, None, row)?;
                Applied::Done
            }
            Change::ReminderDone { reminder } => {
                reminders::done(tx, reminder, today, now)?;
                let value = serde_json::json!({"reminder": reminder}).to_string();
                let row = [None, Some(value.as_str())];
                audit::record(tx, now, user, RecordAction::ReminderDone, None, row)?;
                Applied::Done
            }
            Change::Share { item, agency } => {
                items::links::share(
                    tx,
                    *item,
                    agency,
                    self.queue.is_some() || self.merged,
                    now,
                    user,
                )?;
                Applied::Done
            }
            Change::AddHoliday {
                calendar,
                on,
                kind,
                name,
            } => {
                calendars::add(tx, *calendar, *on, *kind, name, now, user)?;
                // The items' working-day columns count with the day from now on.
                workdays::recompute(tx, Some(*on))?;
                let key = format!("{}:{on}", calendar.as_str());
                let value = serde_json::json!({"kind": kind, "name": name}).to_string();
                let row = [None, Some(value.as_str())];
                audit::record(tx, now, user, RecordAction::HolidayAdded, Some(&key), row)?;
                Applied::Done
            }
            Change::AddSubstance(s) => Applied::Substance(substances::add(tx, s, now, user)?),
            Change::EditSubstance(s) => Applied::Substance(substances::edit(tx, s, now, user)?),
            Change::PublishCalendar(notice) => {
                calendars::publish(tx, notice, now, user)?;
                // The items' working-day columns count with the year's days, from its
                // first day on (a corrected notice may have taken days away too).
                let first = chrono::NaiveDate::from_ymd_opt(notice.year, 1, 1);
                workdays::recompute(tx, first)?;
                let key = format!("{}:{}", notice.calendar.as_str(), notice.year);
                let value =
                    serde_json::json!({"source": notice.source.trim(), "days": notice.days})
                        .to_string();
                let row = [None, Some(value.as_str())];
                audit::record(
                    tx,
                    now,
                    user,
                    RecordAction::CalendarPublished,
                    Some(&key),
                    row,
                )?;
                Applied::Done
            }
            Change::Attach(a) => {
                Applied::Attachment(attachments::attach(tx, a, content, now, today, user)?)
            }
            Change::RemoveAttachment { item, sha256 } => {
                attachments::remove(tx, *item, sha256, now, user)?;
                Applied::Done
            }
        };
        if !self.merged {
            self.queue(op, &changed)?;
        }
        Ok(applied)
    }
}

/// Applies a change of settings and audits each setting it changed (`setting_changed`:
/// the key, its old and new value, NULL for one not set).
fn audited_settings<T>(
    tx: &Tx<'_>,
    now: DateTime<Utc>,
    user: Option<&str>,
    change: impl FnOnce() -> Result<T>,
) -> Result<Applied> {
    let before: HashMap<String, String> = settings::with_prefix(tx, "")?.into_iter().collect();
    change()?;
    let after: HashMap<String, String> = settings::with_prefix(tx, "")?.into_iter().collect();
    let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let mut trail = audit::Appender::new(tx, now, user)?;
    for key in keys {
        let (old, new) = (before.get(key), after.get(key));
        if old != new {
            let values = [old.map(String::as_str), new.map(String::as_str)];
            trail.append_record(
                RecordAction::SettingChanged,
                Some(key),
                values[0],
                values[1],
            )?;
        }
    }
    Ok(Applied::Done)
}

/// The statements of the new items written last, if they were this operation's author's
/// at this instant; new ones (reading the audit chain's head) if not.
fn inserter_for<'s, 't>(
    slot: &'s mut Option<Kept<'t>>,
    tx: &'t Tx<'_>,
    batch: bool,
    op: &Operation,
) -> Result<&'s mut items::Inserter<'t>> {
    let reuse = matches!(slot, Some((_, at, who)) if *at == op.at && *who == op.author);
    if !reuse {
        if let Some((old, _, _)) = slot.take() {
            old.finish()?;
        }
        let ins = items::Inserter::new(tx, op.at, op.author.as_deref(), batch)?;
        *slot = Some((ins, op.at, op.author.clone()));
    }
    Ok(&mut slot.as_mut().expect("made above").0)
}
