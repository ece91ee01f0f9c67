//! `counterpart team …`: the team server (`TEAM.md`). `team init --server ADMIN_URL`
//! creates or upgrades the team schema on the server; safe to repeat. `team add-user NAME
//! --agency CODE --password-file FILE --server ADMIN_URL` adds a user of the team.

use crate::context::Context;
use clap::{Args, Subcommand};
use counterpart_core::Error;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Create (or upgrade) the team schema on the server; safe to repeat.
    Init(TeamInitArgs),
    /// Add a user of the team (a PostgreSQL role) belonging to a U.S. agency.
    AddUser(TeamAddUserArgs),
}

#[derive(Debug, Args)]
pub struct TeamAddUserArgs {
    /// The user's name (letters, digits and `_`), which is also the server's role.
    pub name: String,
    /// The U.S. agency the user belongs to (e.g. STATE, DOJ, DEA, TREASURY, CONGRESS).
    #[arg(long, value_name = "CODE")]
    pub agency: String,
    /// A file holding the user's password (one trailing line break is not part of it).
    /// Only its SCRAM verifier is sent to the server.
    #[arg(long, value_name = "FILE")]
    pub password_file: std::path::PathBuf,
    /// The server's PostgreSQL URL, as its admin (see `team init`).
    #[arg(long, value_name = "ADMIN_URL")]
    pub server: String,
}

#[derive(Debug, Args)]
pub struct TeamInitArgs {
    /// The server's PostgreSQL URL, as its admin (the owner of the team's database, with
    /// CREATEROLE). Its `sslmode` is honoured (`verify-full` when not written; for now
    /// only `sslmode=disable`, written out, connects: TLS is not built yet).
    #[arg(long, value_name = "ADMIN_URL")]
    pub server: String,
}

pub fn run(ctx: &mut Context, command: TeamCommand) -> Result<(), Error> {
    match command {
        TeamCommand::Init(i) => init(ctx, i),
        TeamCommand::AddUser(a) => add_user(ctx, a),
    }
}

fn add_user(ctx: &mut Context, a: TeamAddUserArgs) -> Result<(), Error> {
    let password = counterpart_core::db::secret_of_file(crate::context::read_secret_text(
        &a.password_file,
        "password",
    )?);
    block_on(async {
        let mut admin = counterpart_team::connect(&a.server).await?;
        counterpart_team::server::add_user(&mut admin, &a.name, &a.agency, &password).await
    })?;
    writeln!(ctx.out, "added {} ({}) to the team", a.name, a.agency)?;
    Ok(())
}

fn init(ctx: &mut Context, i: TeamInitArgs) -> Result<(), Error> {
    let applied = block_on(async {
        let mut admin = counterpart_team::connect(&i.server).await?;
        counterpart_team::server::init(&mut admin).await
    })?;
    let version = counterpart_team::server::MIGRATIONS.len();
    if applied.is_empty() {
        writeln!(ctx.out, "team schema up to date (version {version})")?;
    } else {
        writeln!(ctx.out, "team schema ready (version {version})")?;
    }
    Ok(())
}

/// Runs a team future on a runtime of one thread, its errors as the core's.
fn block_on<T>(
    f: impl std::future::Future<Output = counterpart_team::Result<T>>,
) -> Result<T, Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(f).map_err(|e| match e {
        counterpart_team::Error::Invalid { field, message } => Error::field(field, message),
        counterpart_team::Error::UserExists(name) => {
            Error::field("name", format!("{name} is a user of the team already"))
        }
        e => Error::Io(std::io::Error::other(e.to_string())),
    })
}
