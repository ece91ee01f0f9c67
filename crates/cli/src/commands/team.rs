//! `counterpart team …`: the team server and this database's membership (`TEAM.md`).
//! `team init --server ADMIN_URL` creates or upgrades the team schema on the server; safe
//! to repeat. `team add-user NAME --agency CODE --password-file FILE --server ADMIN_URL`
//! adds a user of the team. `team join --server URL --user NAME` joins this database to
//! the team, `team status` shows the membership and the server's chain, `team leave`
//! leaves it. `sync` and `share` are in `commands/sync.rs`.

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
    /// This database joins the team: its items are pushed once, the team's pulled. The
    /// password from COUNTERPART_TEAM_PASSWORD or the system keychain.
    Join(TeamJoinArgs),
    /// The membership, operations waiting, and the server's chain (exit 1 when broken).
    Status(TeamStatusArgs),
    /// This database leaves the team (its items stay; what was not pushed stays here only).
    Leave,
}

#[derive(Debug, Args)]
pub struct TeamJoinArgs {
    /// The server's PostgreSQL URL (without a password); `sslmode` is honoured.
    #[arg(long, value_name = "URL")]
    pub server: String,
    /// The team user to join as.
    #[arg(long, value_name = "NAME")]
    pub user: String,
}

#[derive(Debug, Args)]
pub struct TeamStatusArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::args::ShowFormat,
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
        TeamCommand::Join(j) => join(ctx, j),
        TeamCommand::Status(s) => status(ctx, s),
        TeamCommand::Leave => {
            let mut db = ctx.open()?;
            let m = super::sync::membership(&db)?;
            counterpart_team::client::leave(&mut db, &ctx.author()).map_err(super::sync::error)?;
            writeln!(ctx.out, "left the team on {}", m.server)?;
            Ok(())
        }
    }
}

fn join(ctx: &mut Context, j: TeamJoinArgs) -> Result<(), Error> {
    let server = counterpart_team::connect::without_credentials(&j.server)
        .map_err(super::sync::server_error)?;
    let password = super::sync::password(&server, &j.user)?;
    let mut db = ctx.open()?;
    let author = ctx.author();
    let joined = super::sync::block_on(counterpart_team::client::join(
        &mut db,
        &j.server,
        &j.user,
        &password,
        &author,
        &mut super::sync::progress,
    ))?;
    writeln!(
        ctx.out,
        "joined the team as {} ({}): pushed {} operations, pulled {}",
        j.user, joined.agency, joined.pushed, joined.pulled
    )?;
    Ok(())
}

fn status(ctx: &mut Context, s: TeamStatusArgs) -> Result<(), Error> {
    let db = ctx.open()?;
    let m = super::sync::membership(&db)?;
    let pending = db.pending_ops()?;
    let password = super::sync::password(&m.server, &m.user)?;
    // Out of reach, the local half is still shown, and the exit says so.
    let server = super::sync::block_on(counterpart_team::client::server_status(&db, &password));
    let (head, chain) = match &server {
        Ok(s) => (
            Some(s.head.clone()),
            Some(if s.chain_ok { "ok" } else { "broken" }),
        ),
        Err(_) => (None, None),
    };
    match s.format {
        crate::args::ShowFormat::Json => {
            let v = serde_json::json!({
                "server": m.server,
                "user": m.user,
                "agency": m.agency,
                "last_sync": m.last_sync,
                "pending": pending,
                "server_head": head,
                "server_chain": chain,
                "pulled": m.pulled,
                "not_applied": db.team_refused()?.len(),
                "refused_by_server": db.server_refusals()?.len(),
            });
            writeln!(ctx.out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        crate::args::ShowFormat::Text => {
            writeln!(ctx.out, "server: {}", m.server)?;
            writeln!(ctx.out, "user: {} ({})", m.user, m.agency)?;
            let last = m.last_sync.map_or("never".to_owned(), |t| t.to_rfc3339());
            writeln!(ctx.out, "last sync: {last}")?;
            writeln!(ctx.out, "pending: {pending}")?;
            for (seq, op, why) in db.team_refused()? {
                writeln!(ctx.out, "not applied here: operation {seq} ({op}): {why}")?;
            }
            for r in db.server_refusals()? {
                writeln!(ctx.out, "refused by the server: {}", r.words())?;
            }
            let unknown = "unknown (the server is out of reach)";
            writeln!(
                ctx.out,
                "server head: {}",
                head.as_deref().unwrap_or(unknown)
            )?;
            writeln!(ctx.out, "server chain: {}", chain.unwrap_or(unknown))?;
        }
    }
    ctx.out.flush()?;
    match server?.first_bad {
        None => Ok(()),
        Some(seq) => Err(Error::Io(std::io::Error::other(format!(
            "the team server's chain is broken at operation {seq}: it does not follow from the one before (the server's log was changed)"
        )))),
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
    super::sync::block_on(async { Ok(f.await?) })
}
