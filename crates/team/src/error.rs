//! The errors of team mode's server side.

use counterpart_core::problem::Problem;
use tokio_postgres::error::SqlState;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value given to a function here is not acceptable; `field` names it, `problem`
    /// says what is wrong (keyed, for a face to word in its language).
    #[error("{field}: {problem}")]
    Invalid {
        field: &'static str,
        problem: Problem,
    },
    /// The server refused an operation the caller may not make (SQLSTATE 42501): an op
    /// for an item of another agency, a share of an item the caller's agency does not own,
    /// a caller who is not a team user.
    #[error("refused by the team server: {0}")]
    Refused(String),
    /// The server refused malformed input (SQLSTATE 22023): an op without a UUID id, the
    /// first op of an unknown item that is not its creation, a share without an agency.
    #[error("the team server rejected the input: {0}")]
    Rejected(String),
    /// A user of that name exists already.
    #[error("user {0} exists already")]
    UserExists(String),
    /// The TLS handshake failed: the server's certificate is not trusted, or not for the
    /// URL's host name, or the server does not speak TLS. The text is rustls's reason.
    #[error("TLS to the team server failed: {0}")]
    Tls(String),
    #[error("team server: {}", words(.0))]
    Postgres(tokio_postgres::Error),
}

pub type Result<T> = std::result::Result<T, Error>;

/// A PostgreSQL error in words: tokio-postgres says "db error" or "error connecting to
/// server" and keeps the server's message ("password authentication failed for user …")
/// or the cause ("Connection refused") beneath; those are said too. None carries the
/// password.
fn words(e: &tokio_postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_owned();
    }
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let why = s.to_string();
        if !message.contains(&why) {
            message = format!("{message}: {why}");
        }
        source = s.source();
    }
    message
}

impl From<tokio_postgres::Error> for Error {
    fn from(e: tokio_postgres::Error) -> Error {
        let Some(db) = e.as_db_error() else {
            return Error::Postgres(e);
        };
        match *db.code() {
            SqlState::INSUFFICIENT_PRIVILEGE => Error::Refused(db.message().to_owned()),
            SqlState::INVALID_PARAMETER_VALUE => Error::Rejected(db.message().to_owned()),
            _ => Error::Postgres(e),
        }
    }
}

/// The errors of team mode's client: the server's, or the local database's.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Server(#[from] Error),
    #[error(transparent)]
    Core(#[from] counterpart_core::Error),
    /// An operation from the server that this program cannot read (a newer format…).
    #[error("operation {server_seq} from the team server cannot be read: {why}")]
    Unreadable { server_seq: i64, why: String },
}
