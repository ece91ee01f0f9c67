//! `counterpart-full`: the whole command line, every command; `counterpart` hands it
//! `brief`, `team`, `sync` and `share`, which need typst, PostgreSQL's client and the
//! system keychain (see the library's documentation). The same grammar, the same output
//! and exit codes: it can be run in `counterpart`'s place.

// mimalloc, tuned: see crates/alloc.
#[global_allocator]
static ALLOCATOR: counterpart_alloc::Allocator = counterpart_alloc::Allocator;

mod brief;
mod sync;
mod team;

use counterpart_cli::cli::Command;
use counterpart_cli::context::Context;
use counterpart_core::Error;
use std::process::ExitCode;

fn main() -> ExitCode {
    counterpart_cli::main(run)
}

/// Runs the four commands only this program runs.
fn run(ctx: &mut Context, command: Command) -> Result<(), Error> {
    match command {
        Command::Brief(b) => brief::run(ctx, b),
        Command::Team(t) => team::run(ctx, t),
        Command::Sync(s) => sync::run_sync(ctx, s),
        Command::Share(s) => sync::run_share(ctx, s),
        other => unreachable!("the library runs {other:?}"),
    }
}
