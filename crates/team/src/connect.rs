//! Connecting to the team server from a URL, as `CONTRACT.md` ("Team") says: a PostgreSQL
//! URL whose `sslmode` is honoured, `verify-full` when it is not written. TLS is not built
//! yet: only `sslmode=disable`, written out (a lab server on 127.0.0.1), connects; any
//! other mode is refused rather than silently connecting without TLS.

use tokio_postgres::{Client, NoTls};

use crate::error::{Error, Result};

/// Connects to `url` and drives the connection on the current tokio runtime (which must
/// have its IO driver enabled). Errors never repeat the URL (it may hold a password).
pub async fn connect(url: &str) -> Result<Client> {
    let url = without_tls(url)?;
    let (client, connection) = tokio_postgres::connect(&url, NoTls).await?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}

/// The URL for tokio-postgres, after checking that its `sslmode` is `disable`.
fn without_tls(url: &str) -> Result<String> {
    if !(url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        return Err(invalid("is not a postgresql:// URL"));
    }
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    let modes: Vec<&str> = query
        .split('&')
        .filter_map(|kv| kv.strip_prefix("sslmode="))
        .collect();
    match modes.as_slice() {
        ["disable"] => Ok(url.to_owned()),
        [] => Err(invalid(
            "has no sslmode, so verify-full, and TLS is not supported yet: \
             write sslmode=disable for a lab server on 127.0.0.1",
        )),
        [mode] => Err(invalid(&format!(
            "sslmode={mode}: TLS is not supported yet (only sslmode=disable, for a lab server)"
        ))),
        _ => Err(invalid("has sslmode more than once")),
    }
}

fn invalid(message: &str) -> Error {
    Error::Invalid {
        field: "server",
        message: format!("the server URL {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_explicit_sslmode_disable_connects_without_tls() {
        let lab = "postgresql://a:pw@127.0.0.1:5432/team?sslmode=disable";
        assert_eq!(without_tls(lab).unwrap(), lab);
        for bad in [
            "postgresql://a:pw@db.example/team",
            "postgresql://a:pw@db.example/team?sslmode=require",
            "postgresql://a:pw@db.example/team?sslmode=verify-full",
            "postgresql://a@h/t?sslmode=disable&sslmode=require",
            "host=db.example sslmode=disable",
        ] {
            let e = without_tls(bad).unwrap_err();
            assert!(
                matches!(
                    e,
                    Error::Invalid {
                        field: "server",
                        ..
                    }
                ),
                "{bad}"
            );
            assert!(!e.to_string().contains("pw"), "{e}");
        }
    }
}
