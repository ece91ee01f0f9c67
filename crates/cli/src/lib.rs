//! `counterpart`: the command line over Counterpart's core, for scripts, scheduled jobs and
//! people without a display. The commands and exit codes are those of `CONTRACT.md`:
//! 0 done, 2 the command line is wrong (clap's own exit code), 3 the data is invalid
//! (nothing was written), 1 anything else. Errors go to stderr as `error:` lines.
//!
//! This is the edge: it reads the system clock (for `today` and `now`) and the
//! environment, and hands both to the core.
//!
//! Two programs share this library (issue 15). `counterpart` (`src/main.rs`) is the one
//! people and scripts run; it is small, so that a command starts as fast as the `sqlite3`
//! shell: it runs every command but `brief`, `team`, `sync` and `share`, and for those
//! hands its command line, unchanged, to `counterpart-full` (`src/full/main.rs`), which
//! runs them all. The whole program links typst, PostgreSQL's client and the system
//! keychain: 1.7 MB more of tables the loader relocates and eight shared libraries (D-Bus,
//! systemd's, gcrypt's…) that cost every start a few milliseconds, when `show REF` takes
//! two. `counterpart-full` is installed beside `counterpart` or in `../lib/counterpart/`.
//!
//! The parts: `cli` is the grammar (the commands, their help texts, the global flags);
//! `context` what every command shares (the database, today, now, the user, stdout);
//! `commands/<command>.rs` one command each, its flags beside its `run` (the whole
//! program's four: their flags here, their `run` in `src/full/`); `output/` how lists,
//! items, reminders, histories and checks are printed. `main` parses, builds the
//! context, hands the command to its `run` and turns an error into an exit code. A new
//! command is a file in `commands/`, a variant of `cli::Command` and an arm below.

pub mod args;
pub mod cli;
pub mod commands;
pub mod context;
mod output;

use clap::Parser;
use counterpart_core::Error;
use std::io::Write;
use std::process::ExitCode;

use cli::{Cli, Command};
use commands::{
    add, agency, archive, backup, check, edit, encryption, erase, event, export, history, import,
    init, link, list, reminders, restore, show, stats, substance,
};
use context::Context;

/// The commands the slim program does not run itself: `brief` (typst), `team`, `sync` and
/// `share` (PostgreSQL, the system keychain). `whole` runs one of them: the whole program
/// runs it, the slim one hands its own command line to the whole one.
pub type Whole = fn(&mut Context, Command) -> Result<(), Error>;

/// The program: parses the command line, builds the context, runs the command (the whole
/// program's ones through `whole`) and turns an error into an exit code.
pub fn main(whole: Whole) -> ExitCode {
    // A command runs and exits: freed memory is kept, never zeroed again (crates/alloc).
    counterpart_alloc::keep_freed_memory(counterpart_alloc::Keep::UntilExit);
    // Owner-only by default for anything created without an explicit mode (the program's
    // own files are created 0600 and its folders 0700 whatever the umask: this is the
    // second line, for files a library makes).
    counterpart_core::fsutil::restrict_umask();
    let cli = Cli::parse();
    let mut ctx = Context::new(cli.db, cli.today, cli.user, cli.passphrase_file);
    // `check` chooses its own exit code (1 for a broken database), and any failure of its
    // own is 1 too.
    if let Command::Check(c) = cli.command {
        return check::run(&mut ctx, c).unwrap_or_else(|e| {
            let _ = ctx.out.flush();
            report(&e);
            ExitCode::from(1)
        });
    }
    match run(&mut ctx, cli.command, whole) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // What the command printed before it failed comes first.
            let _ = ctx.out.flush();
            report(&e);
            ExitCode::from(if e.is_invalid_data() { 3 } else { 1 })
        }
    }
}

/// Runs one command (any but `check`) and flushes what it printed.
fn run(ctx: &mut Context, command: Command, whole: Whole) -> Result<(), Error> {
    match command {
        Command::Init(i) => init::run(ctx, i)?,
        Command::Add(a) => add::run(ctx, *a)?,
        Command::Edit(e) => edit::run(ctx, *e)?,
        Command::Event(e) => event::run(ctx, e)?,
        Command::List(l) => list::run(ctx, l)?,
        Command::Show(s) => show::run(ctx, s)?,
        Command::Import(i) => import::run(ctx, i)?,
        Command::Export(x) => export::run(ctx, x)?,
        Command::Link(l) => link::run(ctx, l)?,
        Command::Unlink(u) => link::run_unlink(ctx, u)?,
        Command::Agency(a) => agency::run(ctx, a)?,
        Command::Reminders(r) => reminders::run(ctx, r)?,
        Command::Archive(a) => archive::run_archive(ctx, a)?,
        Command::Unarchive(a) => archive::run_unarchive(ctx, a)?,
        Command::Erase(e) => erase::run(ctx, e)?,
        Command::History(h) => history::run(ctx, h)?,
        Command::Check(_) => unreachable!("handled in main"),
        Command::Backup(b) => backup::run(ctx, b)?,
        Command::Restore(r) => restore::run(ctx, r)?,
        Command::Encrypt => encryption::run_encrypt(ctx)?,
        Command::Rekey(r) => encryption::run_rekey(ctx, r)?,
        Command::Decrypt(d) => encryption::run_decrypt(ctx, d)?,
        c @ (Command::Brief(_) | Command::Team(_) | Command::Sync(_) | Command::Share(_)) => {
            whole(ctx, c)?
        }
        Command::Workdays(w) => commands::calendar::run_workdays(ctx, w)?,
        Command::Holidays(h) => commands::calendar::run_holidays(ctx, h)?,
        Command::Stats(s) => stats::run(ctx, s)?,
        Command::Substance(s) => substance::run(ctx, s)?,
        Command::Attach(a) => commands::attach::run_attach(ctx, a)?,
        Command::Attachments(a) => commands::attach::run_list(ctx, a)?,
        Command::Attachment(a) => commands::attach::run_attachment(ctx, a)?,
    }
    ctx.out.flush()?;
    Ok(())
}

/// The reader of our output went away (`counterpart list | head`): not an error.
fn is_broken_pipe(e: &Error) -> bool {
    match e {
        Error::Io(io) => io.kind() == std::io::ErrorKind::BrokenPipe,
        Error::Json(j) => j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe),
        _ => false,
    }
}

/// Writes an error as `error:` lines, one per problem.
fn report(e: &Error) {
    let mut err = std::io::stderr().lock();
    match e {
        Error::Invalid(fields) => {
            for f in fields {
                let _ = writeln!(err, "error: {f}");
            }
        }
        Error::InvalidRows(rows) => {
            for r in rows {
                let _ = writeln!(err, "error: {r}");
            }
            let _ = writeln!(
                err,
                "error: nothing was imported ({} problem(s))",
                rows.len()
            );
        }
        other => {
            let _ = writeln!(err, "error: {other}");
        }
    }
    if let Some(hint) = hint(e) {
        let _ = writeln!(err, "hint: {hint}");
    }
}

/// What to type next, in this program's own flags (the core's messages name no flags:
/// the window shows them too).
fn hint(e: &Error) -> Option<&'static str> {
    let field = |name: &str| matches!(e, Error::Invalid(f) if f.iter().any(|f| f.field == name));
    match e {
        Error::Damaged { .. } => Some("`counterpart restore FILE` puts a backup back"),
        Error::PassphraseNeeded { .. } | Error::WrongPassphrase { .. } => {
            Some("give the passphrase with --passphrase-file FILE or COUNTERPART_PASSPHRASE")
        }
        Error::NotEncrypted { .. } => Some("`counterpart encrypt` encrypts an existing database"),
        Error::AlreadyEncrypted { .. } => {
            Some("`counterpart rekey --new-passphrase-file FILE` changes its passphrase")
        }
        _ if field("deadline") => Some("name it with --deadline due, follow_up or cadence"),
        Error::Invalid(f) if f.iter().any(|f| f.message.contains("already exists")) => {
            Some("--force replaces an existing file")
        }
        Error::Io(io) if io.to_string().contains("no home folder") => {
            Some("give the database with --db PATH")
        }
        _ => None,
    }
}
