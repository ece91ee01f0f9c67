//! `counterpart team …` (the flags are the library's, `commands/team.rs`).

use counterpart_cli::args::ShowFormat;
use counterpart_cli::commands::team::{
    TeamAddUserArgs, TeamCommand, TeamInitArgs, TeamJoinArgs, TeamStatusArgs,
};
use counterpart_cli::context::Context;
use counterpart_core::Error;
use std::io::Write;

pub fn run(ctx: &mut Context, command: TeamCommand) -> Result<(), Error> {
    match command {
        TeamCommand::Init(i) => init(ctx, i),
        TeamCommand::AddUser(a) => add_user(ctx, a),
        TeamCommand::Join(j) => join(ctx, j),
        TeamCommand::Status(s) => status(ctx, s),
        TeamCommand::Leave => {
            let mut db = ctx.open()?;
            let m = crate::sync::membership(&db)?;
            counterpart_team::client::leave(&mut db, &ctx.author()).map_err(crate::sync::error)?;
            writeln!(ctx.out, "left the team on {}", m.server)?;
            Ok(())
        }
    }
}

fn join(ctx: &mut Context, j: TeamJoinArgs) -> Result<(), Error> {
    let server = counterpart_team::connect::without_credentials(&j.server)
        .map_err(crate::sync::server_error)?;
    let password = crate::sync::password(&server, &j.user)?;
    let mut db = ctx.open()?;
    let author = ctx.author();
    let joined = crate::sync::block_on(counterpart_team::client::join(
        &mut db,
        &j.server,
        &j.user,
        &password,
        &author,
        &mut crate::sync::progress,
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
    let m = crate::sync::membership(&db)?;
    let pending = db.pending_ops()?;
    let password = crate::sync::password(&m.server, &m.user)?;
    // Out of reach, the local half is still shown, and the exit says so.
    let server = crate::sync::block_on(counterpart_team::client::server_status(&db, &password));
    let (head, chain) = match &server {
        Ok(s) => (
            Some(s.head.clone()),
            Some(if s.chain_ok { "ok" } else { "broken" }),
        ),
        Err(_) => (None, None),
    };
    match s.format {
        ShowFormat::Json => {
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
        ShowFormat::Text => {
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
    let password = counterpart_core::db::secret_of_file(
        counterpart_cli::context::read_secret_text(&a.password_file, "password")?,
    );
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
    crate::sync::block_on(async { Ok(f.await?) })
}
