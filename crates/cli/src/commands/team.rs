//! `counterpart team …`: the team server and this database's membership (`TEAM.md`).
//! `team init --server ADMIN_URL` creates or upgrades the team schema on the server; safe
//! to repeat. `team add-user NAME --agency CODE --password-file FILE --server ADMIN_URL`
//! adds a user of the team. `team join --server URL --user NAME` joins this database to
//! the team, `team status` shows the membership and the server's chain, `team leave`
//! leaves it. Their flags; they are run by the whole program (`src/full/team.rs`):
//! they talk to PostgreSQL and to the system keychain.

use clap::{Args, Subcommand};

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
