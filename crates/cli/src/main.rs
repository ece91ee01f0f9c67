//! `counterpart`, the program people and scripts run: every command but the four the
//! whole program runs (`brief`, `team`, `sync`, `share`), whose command line it hands to
//! `counterpart-full` unchanged (see the library's documentation for why).
//!
//! It names nothing of typst, of PostgreSQL's client or of the keychain: nothing of them
//! is linked into it (`make bench` prints its size and shared libraries).

// mimalloc, tuned: see crates/alloc.
#[global_allocator]
static ALLOCATOR: counterpart_alloc::Allocator = counterpart_alloc::Allocator;

use counterpart_cli::cli::Command;
use counterpart_cli::context::Context;
use counterpart_core::Error;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    counterpart_cli::main(hand_over)
}

/// The whole program's file name.
const WHOLE: &str = "counterpart-full";

/// Runs the whole program with this command line (its arguments, the environment and the
/// standard streams unchanged): on Unix in place of this process, elsewhere as a child
/// whose exit code becomes this one's.
fn hand_over(_: &mut Context, command: Command) -> Result<(), Error> {
    let exe = std::env::current_exe()?;
    let whole = whole_program(&exe).ok_or_else(|| {
        let name = match command {
            Command::Brief(_) => "brief",
            Command::Team(_) => "team",
            Command::Sync(_) => "sync",
            _ => "share",
        };
        Error::Io(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "`counterpart {name}` is run by {WHOLE}, which is neither beside {} nor in \
                 ../lib/counterpart/: reinstall Counterpart",
                exe.display()
            ),
        ))
    })?;
    let mut child = std::process::Command::new(&whole);
    child.args(std::env::args_os().skip(1));
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Returns only when the program could not be started.
        let e = child.exec();
        Err(Error::Io(std::io::Error::new(
            e.kind(),
            format!("cannot run {}: {e}", whole.display()),
        )))
    }
    #[cfg(not(unix))]
    {
        let status = child.status()?;
        std::process::exit(status.code().unwrap_or(1));
    }
}

/// `counterpart-full` beside this program (as cargo builds them, and in a macOS bundle or
/// a Windows install), else in `../lib/counterpart/` (the Linux packages: `/usr/bin` holds
/// only what people run).
fn whole_program(exe: &Path) -> Option<PathBuf> {
    let dir = exe.parent()?;
    let name = format!("{WHOLE}{}", std::env::consts::EXE_SUFFIX);
    [
        dir.join(&name),
        dir.join("..").join("lib").join("counterpart").join(&name),
    ]
    .into_iter()
    .find(|p| p.is_file())
}
