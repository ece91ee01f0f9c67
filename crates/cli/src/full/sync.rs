//! `counterpart sync` (push the outbox, then pull and apply) and `counterpart share REF
//! --with CODE` (an operation, audited, then a sync), and what the team commands share:
//! the password (COUNTERPART_TEAM_PASSWORD, else the system keychain), the runtime, and
//! the client's errors as the core's.

use counterpart_cli::args::ShowFormat;
use counterpart_cli::commands::sync::{ShareArgs, SyncArgs};
use counterpart_cli::context::Context;
use counterpart_core::db::team::Membership;
use counterpart_core::db::{items, Db};
use counterpart_core::op::Change;
use counterpart_core::problem::Problem;
use counterpart_core::Error;
use counterpart_team::client::{Progress, SyncReport};
use counterpart_team::SyncError;
use std::io::Write;

pub fn run_sync(ctx: &mut Context, s: SyncArgs) -> Result<(), Error> {
    let mut db = ctx.open()?;
    let report = sync(&mut db)?;
    match s.format {
        ShowFormat::Json => {
            writeln!(ctx.out, "{}", serde_json::to_string(&report)?)?;
        }
        ShowFormat::Text => {
            write!(
                ctx.out,
                "pushed {} operations, pulled {}",
                report.pushed, report.pulled
            )?;
            if report.conflicts > 0 {
                write!(ctx.out, ", {} conflicts", report.conflicts)?;
            }
            if report.not_applied > 0 {
                write!(ctx.out, ", {} not applied here", report.not_applied)?;
            }
            writeln!(ctx.out)?;
        }
    }
    refusals(ctx, &db, report.refused)
}

/// When the server refused operations of this sync: exit 1 with each one and why (the
/// others went; these are not sent again, and `team status` keeps listing them).
fn refusals(ctx: &mut Context, db: &Db, refused: usize) -> Result<(), Error> {
    if refused == 0 {
        return Ok(());
    }
    ctx.out.flush()?;
    let all = db.server_refusals()?;
    let lines: Vec<String> = all[all.len().saturating_sub(refused)..]
        .iter()
        .map(|r| r.words())
        .collect();
    Err(Error::Io(std::io::Error::other(format!(
        "the server refused {refused} operation(s), kept here only and not sent again: {}",
        lines.join("; ")
    ))))
}

pub fn run_share(ctx: &mut Context, s: ShareArgs) -> Result<(), Error> {
    let mut db = ctx.open()?;
    membership(&db)?;
    let item = items::find(db.conn(), &s.item)?;
    let op = ctx.author().op(Change::Share {
        item,
        agency: s.with.clone(),
    });
    db.apply(&op)?;
    let report = sync(&mut db)?;
    if report.refused > 0 {
        return refusals(ctx, &db, report.refused);
    }
    writeln!(
        ctx.out,
        "shared {} with {}; pushed {} operations, pulled {}",
        s.item, s.with, report.pushed, report.pulled
    )?;
    Ok(())
}

fn sync(db: &mut Db) -> Result<SyncReport, Error> {
    let m = membership(db)?;
    let password = password(&m.server, &m.user)?;
    block_on(counterpart_team::client::sync(db, &password, &mut progress)).map_err(|e| {
        let waiting = db.pending_ops().unwrap_or(0);
        match e {
            // The membership's URL holds no password: it may be shown.
            Error::Io(io) => Error::Io(std::io::Error::other(format!(
                "{io} (server {}; {waiting} operations wait to be pushed; nothing is lost)",
                m.server
            ))),
            e => e,
        }
    })
}

/// The membership, or an error saying the database is not in a team.
pub fn membership(db: &Db) -> Result<Membership, Error> {
    db.team()?
        .ok_or_else(|| Error::field("team", Problem::NotInATeamJoin))
}

/// Progress of a long pull, on stderr (stdout stays the result).
pub fn progress(p: Progress) {
    if p.total >= 2 * counterpart_team::client::PULL_BATCH as u64 {
        eprintln!("pulled {} of {} operations", p.done, p.total);
    }
}

/// The team password: COUNTERPART_TEAM_PASSWORD, else the system keychain's entry for this
/// user on this server.
pub fn password(server: &str, user: &str) -> Result<String, Error> {
    if let Ok(p) = std::env::var("COUNTERPART_TEAM_PASSWORD") {
        return Ok(counterpart_core::db::secret_of_file(p).to_string());
    }
    let account =
        counterpart_team::connect::keychain_account(server, user).map_err(server_error)?;
    keyring::Entry::new("Counterpart", &account)
        .and_then(|e| e.get_password())
        .map_err(|e| {
            Error::field(
                "password",
                Problem::NoTeamPassword {
                    account: account.clone(),
                    detail: e.to_string(),
                },
            )
        })
}

/// Runs a client future on a runtime of one thread, its errors as the core's.
pub fn block_on<T>(f: impl std::future::Future<Output = Result<T, SyncError>>) -> Result<T, Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(f).map_err(error)
}

/// A client error as the core's: what the user got wrong names its field (exit 3); a
/// refusal of the server, or a server out of reach, is exit 1 with the reason.
pub fn error(e: SyncError) -> Error {
    match e {
        SyncError::Core(e) => e,
        SyncError::Server(e) => server_error(e),
        e => Error::Io(std::io::Error::other(e.to_string())),
    }
}

/// A server-side error as the core's.
pub fn server_error(e: counterpart_team::Error) -> Error {
    match e {
        counterpart_team::Error::Invalid { field, problem } => Error::field(field, problem),
        counterpart_team::Error::UserExists(name) => {
            Error::field("name", Problem::TeamUserExists { name })
        }
        counterpart_team::Error::Refused(why) => {
            Error::Io(std::io::Error::other(format!("the server refused: {why}")))
        }
        e => Error::Io(std::io::Error::other(e.to_string())),
    }
}
