//! Setting up the team server: [`init`] creates or upgrades its schema (the numbered
//! files of `crates/team/sql/`, each applied once, in order, in a transaction of its
//! own; safe to repeat), [`add_user`] makes a user, [`verify_chain`] checks the log.

use tokio_postgres::Client;

use counterpart_core::problem::Problem;

use crate::error::{Error, Result};

/// The schema's files, in the order they are applied; a file's number is its version.
/// Never edit one that has shipped: add the next.
pub const MIGRATIONS: &[(i32, &str, &str)] = &[
    (1, "0001_log.sql", include_str!("../sql/0001_log.sql")),
    (2, "0002_access.sql", include_str!("../sql/0002_access.sql")),
    (
        3,
        "0003_push_pull.sql",
        include_str!("../sql/0003_push_pull.sql"),
    ),
];

/// The group role every team user is a member of (its grants are the users' rights).
pub const USER_GROUP: &str = "counterpart_team_user";

/// The channel `push` notifies (the payload: the new head's server_seq).
pub const CHANNEL: &str = "counterpart_ops";

/// Creates or upgrades the team schema in the connected database, as its owner (the
/// admin). Applies each file of [`MIGRATIONS`] not applied yet, in order, each in one
/// transaction with its row in `team_schema_version`; concurrent calls wait for each
/// other. Returns the versions it applied (none when the schema was up to date).
pub async fn init(client: &mut Client) -> Result<Vec<i32>> {
    let mut applied = Vec::new();
    for &(version, name, sql) in MIGRATIONS {
        let tx = client.transaction().await?;
        tx.batch_execute(
            "SELECT pg_advisory_xact_lock(hashtext('counterpart_team_init'));
             CREATE TABLE IF NOT EXISTS team_schema_version (
                 version integer PRIMARY KEY,
                 name text NOT NULL,
                 applied_at timestamptz NOT NULL DEFAULT now())",
        )
        .await?;
        let done = tx
            .query_opt(
                "SELECT 1 FROM team_schema_version WHERE version = $1",
                &[&version],
            )
            .await?
            .is_some();
        if !done {
            tx.batch_execute(sql).await?;
            tx.execute(
                "INSERT INTO team_schema_version (version, name) VALUES ($1, $2)",
                &[&version, &name],
            )
            .await?;
            applied.push(version);
        }
        tx.commit().await?;
    }
    Ok(applied)
}

/// Adds a team user: a PostgreSQL role that may log in with `password` (stored as a
/// SCRAM-SHA-256 verifier made here, so the password never reaches the server or its
/// logs), a member of [`USER_GROUP`], belonging to `agency` (a code such as `STATE`,
/// `DOJ`, `DEA`). Run by the admin, after [`init`].
pub async fn add_user(admin: &mut Client, name: &str, agency: &str, password: &str) -> Result<()> {
    check_user_name(name)?;
    check_agency(agency)?;
    if password.is_empty() {
        return Err(invalid("password", Problem::Empty));
    }
    let verifier = postgres_protocol::password::scram_sha_256(password.as_bytes());
    let tx = admin.transaction().await?;
    if tx
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&name])
        .await?
        .is_some()
    {
        return Err(Error::UserExists(name.to_owned()));
    }
    // Role names and passwords cannot be bound parameters of CREATE ROLE: the name is
    // checked above (letters, digits, `_`) and the verifier has no quote in it.
    tx.batch_execute(&format!(
        "CREATE ROLE \"{name}\" LOGIN PASSWORD '{verifier}' IN ROLE {USER_GROUP}"
    ))
    .await?;
    tx.execute(
        "INSERT INTO team_user (role, agency) VALUES ($1, $2)",
        &[&name, &agency],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What [`verify_chain`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainCheck {
    /// The first row whose hash does not follow from the one before (None: it verifies).
    pub first_bad: Option<i64>,
    /// The last row's server_seq (0: the log is empty).
    pub head_seq: i64,
    /// The last row's hash (64 zeros when the log is empty).
    pub head_hash: String,
}

/// Checks the server's hash chain (`verify_chain()` on the server).
pub async fn verify_chain(client: &Client) -> Result<ChainCheck> {
    let row = client
        .query_one(
            "SELECT first_bad, head_seq, head_hash FROM verify_chain()",
            &[],
        )
        .await?;
    Ok(ChainCheck {
        first_bad: row.get(0),
        head_seq: row.get(1),
        head_hash: row.get(2),
    })
}

/// A user name: a lowercase letter, then lowercase letters, digits or `_` (at most 63, the
/// length of a PostgreSQL name), not starting with `pg_` (PostgreSQL's own).
fn check_user_name(name: &str) -> Result<()> {
    check_word(
        ("name", name, 63),
        |c| c.is_ascii_lowercase(),
        |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_',
        |value| Problem::NotAUserName { value },
    )?;
    if name.starts_with("pg_") {
        return Err(invalid(
            "name",
            Problem::StartsWithPg {
                name: name.to_owned(),
            },
        ));
    }
    Ok(())
}

/// An agency code: an uppercase letter, then uppercase letters, digits, `_` or `-` (at most
/// 32), as `team_user` checks.
fn check_agency(agency: &str) -> Result<()> {
    check_word(
        ("agency", agency, 32),
        |c| c.is_ascii_uppercase(),
        |c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '-',
        |value| Problem::NotATeamAgency { value },
    )
}

/// `value` (of `field`, at most `max` bytes) is a `first` character, then `rest` ones.
fn check_word(
    (field, value, max): (&'static str, &str, usize),
    first: fn(char) -> bool,
    rest: fn(char) -> bool,
    what: fn(String) -> Problem,
) -> Result<()> {
    if value.len() <= max && value.starts_with(first) && value.chars().all(rest) {
        Ok(())
    } else {
        Err(invalid(field, what(value.to_owned())))
    }
}

fn invalid(field: &'static str, problem: Problem) -> Error {
    Error::Invalid { field, problem }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_agencies_are_checked() {
        assert!(check_user_name("ana_1").is_ok());
        for bad in ["", "Ana", "1ana", "a-b", "a\"b", "pg_x", &"a".repeat(64)] {
            assert!(
                matches!(
                    check_user_name(bad),
                    Err(Error::Invalid { field: "name", .. })
                ),
                "{bad:?}"
            );
        }
        assert!(check_agency("STATE").is_ok());
        for bad in ["", "state", "A B", "A'"] {
            assert!(
                matches!(
                    check_agency(bad),
                    Err(Error::Invalid {
                        field: "agency",
                        ..
                    })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn migrations_are_numbered_in_order() {
        for (i, (version, name, _)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(*version as usize, i + 1);
            assert!(name.starts_with(&format!("{version:04}_")), "{name}");
        }
    }
}
