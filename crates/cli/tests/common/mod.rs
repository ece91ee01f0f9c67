//! What the command-line test files share: running the real binary on a database with a
//! pinned `--today`, and reading its output.

#![allow(dead_code)] // each test file uses its own part

pub mod pdf;
pub mod tagged;
pub mod team;

use std::path::Path;
use std::process::{Command, Output};

/// The date every figure in these tests is counted to.
pub const TODAY: &str = "2024-12-10";

/// `add` of one open extradition, EXT-1, with a deadline after [`TODAY`].
pub const ONE_ITEM: [&str; 13] = [
    "add",
    "--kind",
    "extradition",
    "--title",
    "Extradition of Zhang Moumou",
    "--reference",
    "EXT-1",
    "--counterpart",
    "MPS",
    "--transmitted-on",
    "2024-11-01",
    "--due-on",
    "2024-12-20",
];

/// [`ONE_ITEM`] with another title and reference.
pub fn an_item<'a>(title: &'a str, reference: &'a str) -> [&'a str; 13] {
    let mut args = ONE_ITEM;
    args[4] = title;
    args[6] = reference;
    args
}

/// Runs `counterpart --db DB --today TODAY ARGS…` with the environment's defaults removed.
pub fn run(db: &Path, args: &[&str]) -> Output {
    run_on(db, TODAY, args)
}

/// [`run`] on another day than [`TODAY`].
pub fn run_on(db: &Path, day: &str, args: &[&str]) -> Output {
    command_on(db, day)
        .args(args)
        .output()
        .expect("the counterpart binary should start")
}

/// `counterpart --db DB --today TODAY`, the environment's defaults removed, to add the
/// arguments (and anything else) to.
pub fn command(db: &Path) -> Command {
    command_on(db, TODAY)
}

/// [`command`] on another day.
pub fn command_on(db: &Path, day: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_counterpart"));
    c.env_remove("COUNTERPART_DB")
        .env_remove("COUNTERPART_TODAY")
        .env_remove("COUNTERPART_PASSPHRASE")
        .env_remove("COUNTERPART_TEAM_PASSWORD")
        .arg("--db")
        .arg(db)
        .args(["--today", day]);
    c
}

/// [`run`] with variables added to the environment (a team password…).
pub fn run_env(db: &Path, args: &[&str], vars: &[(&str, &str)]) -> Output {
    command(db)
        .envs(vars.iter().copied())
        .args(args)
        .output()
        .expect("the counterpart binary should start")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The standard output of a run that must succeed; the failure message shows both streams.
pub fn ok(o: Output, what: &str) -> String {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{what}\nstdout:\n{}\nstderr:\n{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    text(&o.stdout)
}
