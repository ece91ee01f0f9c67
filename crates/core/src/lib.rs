//! # counterpart-core
//!
//! The core of Counterpart: case records, the clock, the SQLite store, import and export.
//! It knows nothing of Tauri or of any window; the command line (`crates/cli`) and the
//! desktop shell (`src-tauri`) are thin layers over it.
//!
//! ## The parts
//!
//! - [`model`]: the domain words as types: [`model::ItemId`], [`model::Kind`] with its
//!   kind-specific facts ([`model::Details`]), [`model::Status`] and its transition table,
//!   [`model::Event`], [`model::Agency`], [`model::Item`].
//! - [`op`]: the operations — every change to the record as one typed, versioned value,
//!   applied by [`db::Db::apply`], the only writer.
//! - [`history`]: replays an item's events into its status and dates.
//! - [`clock`]: the figures (days with counterpart, days in status, days since the last PRC
//!   response, overdue), pure, with `today` passed in. The one place these rules live.
//! - [`validate`]: checks on what people type, each error naming its field.
//! - [`db`]: the SQLite store; all SQL lives there.
//! - [`demo`]: a demo database of a few dozen realistic items.
//! - [`schema`]: the item form's fields (controls, limits, editable, labels) and
//!   [`schema::ItemDraft`], an item as typed; the window's forms are built from it.
//! - [`form`]: an item from named text values (a CSV row or the window's form).
//! - [`import`] and [`export`]: CSV and JSON in and out.
//! - [`reminders`]: deadline reminders (which are due on a day, lead times, snooze, done,
//!   cadences, gathering into one notification), pure; their state lives in
//!   [`db::reminders`].
//! - [`brief`]: the status brief model (pure), from which `counterpart-brief` renders.
//! - [`fsutil`]: writing a file atomically (temporary name, sync, rename).
//! - [`raised`]: how often an item was raised, when last and at what highest level.
//! - [`stats`]: responsiveness per counterpart agency, kind or quarter (pure).
//! - [`ics`]: the open items' deadlines as an iCalendar file.
//! - [`audit`]: the audit trail's hash chain (pure); its rows live in [`db::audit`].
//! - [`attachment`]: the files kept with an item (pure rules: hash, type, size in words);
//!   their bytes live in [`db::attachments`].
//! - [`backup`]: the backups' names and rotation policy (pure, `today` passed in); the
//!   copying, checking and restoring are in [`db::backup`].
//!
//! Time is a parameter: nothing here reads the system clock; the edges pass `today` and
//! `now` in.
//!
//! ## How to extend
//!
//! - **A table**: a new numbered file in `migrations/` (never edit a released one), a
//!   module under `db/` with its `from_row`, and tests.
//! - **A kind fact**: one line in `facts!` (`model/facts.rs`: name, type, label, control,
//!   limit…), its name in its kind's line of `kind_facts!` (`model/kind.rs`), and its
//!   column (a migration). The form schema, the draft (window and CLI), the parser, the
//!   CSV and the store follow; regenerate the bindings and the fixtures the tests name.
//! - **A kind**: a variant in [`model::Kind`], its line in `kind_facts!` and a variant in
//!   [`model::Details`]; the compiler's exhaustive matches list the rest.
//! - **A change to the record**: a variant of [`op::Change`] and its arm in `db::apply`,
//!   with its case in `tests/operations.rs`.
//! - **A status or event type**: the enum, its words in `GLOSSARY.md`, the transition
//!   table in `model::status`, its effect in [`history::replay`], and the `CHECK`
//!   constraints (a migration).

pub mod attachment;
pub mod audit;
pub mod backup;
pub mod brief;
pub mod calendar;
pub mod clock;
pub mod db;
pub mod demo;
pub mod error;
pub mod export;
pub mod form;
pub mod fsutil;
pub mod history;
pub mod ics;
pub mod import;
pub mod model;
pub mod op;
pub mod raised;
pub mod reminders;
pub mod schema;
pub mod stats;
pub mod validate;

pub use error::{Error, Result};
