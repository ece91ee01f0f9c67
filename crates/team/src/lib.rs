//! Team mode's server side: the PostgreSQL schema that *is* the team server (an
//! append-only, hash-chained operation log; `push`, `pull`, users as roles with their
//! agency; row-level security), and the functions that set it up ([`server`]).
//!
//! The core knows nothing of this crate or of the network; the client that syncs a
//! database with the server builds on it. [`connect`] honours the URL's `sslmode`
//! (`verify-full` when not written; see `README.md`).

pub mod client;
pub mod connect;
pub mod error;
pub mod server;
mod tls;

pub use connect::connect;
pub use error::{Error, Result, SyncError};

// So that `testing` names this crate's modules the same way whether it is compiled in here
// or into this crate's own tests (as a module of theirs).
#[cfg(feature = "testing")]
extern crate self as counterpart_team;

/// A real PostgreSQL cluster for tests (`initdb` into a temporary folder, stopped on drop).
#[cfg(feature = "testing")]
pub mod testing;
