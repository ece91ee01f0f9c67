//! The commands the window calls (`docs/ipc.md`). Each is a few lines: take the state, run
//! one core function on a blocking thread, map the error. No SQL and no rules here.

pub mod app;
pub mod attachments;
pub mod backup;
pub mod briefs;
pub mod export;
pub mod import;
pub mod items;
pub mod protection;
pub mod reminders;
pub mod stats;
pub mod substances;
pub mod team;
