//! `counterpart team …`: the team server (`TEAM.md`). `team init --server ADMIN_URL`
//! creates or upgrades the team schema on the server; safe to repeat.

use crate::context::Context;
use clap::{Args, Subcommand};
use counterpart_core::Error;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Create (or upgrade) the team schema on the server; safe to repeat.
    Init(TeamInitArgs),
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
    }
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
        e => Error::Io(std::io::Error::other(e.to_string())),
    })
}
