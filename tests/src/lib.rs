//! # counterpart-e2e
//!
//! End-to-end tests of the Counterpart window. They start the real desktop app through
//! WebDriver (`tauri-driver`, which drives Debian's `WebKitWebDriver`) under Xvfb, one
//! session per test, each on its own temporary database, with `--today 2024-11-18` so
//! that every figure is fixed.
//!
//! - `tests/window.rs`: the tests (issue 3: entering items of each kind, pausing and
//!   resuming the clock, validation, user text shown as text, search in Chinese, the
//!   navigation).
//! - `tests/support/mod.rs`: launching a session, finding elements by their
//!   `data-testid` (the contract in `CONTRACT.md`; the tests use nothing else), waiting
//!   with deadlines (never fixed sleeps), setting the values of selects and date inputs,
//!   preparing databases with `counterpart-core`, screenshots.
//!
//! Run them with `scripts/e2e`, which builds the front end and the app, starts
//! Xvfb, a private D-Bus session and `tauri-driver`, and sets `COUNTERPART_APP`. The tests
//! are `#[ignore]`d so that a plain `cargo test --workspace` (which has no window) skips
//! them and says so; `scripts/e2e` runs them with `--include-ignored`.
//!
//! The library itself is empty: it depends on `counterpart-desktop` (with
//! `custom-protocol`) only so that a workspace build compiles the app as it ships.

use counterpart_desktop as _;
