//! One file per command: its flags (clap's `Args`) beside its `run(ctx, args)`. A `run`
//! checks its flags first, then opens the database, makes its one write (if it makes
//! any) and prints what it did.

pub mod add;
pub mod agency;
pub mod archive;
pub mod attach;
pub mod backup;
pub mod brief;
pub mod calendar;
pub mod check;
pub mod edit;
pub mod encryption;
pub mod erase;
pub mod event;
pub mod export;
pub mod history;
pub mod import;
pub mod init;
pub mod link;
pub mod list;
pub mod reminders;
pub mod restore;
pub mod show;
pub mod stats;
pub mod substance;
pub mod sync;
pub mod team;
