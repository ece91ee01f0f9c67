//! Connecting to the team server from a URL, as `CONTRACT.md` ("Team") says: a PostgreSQL
//! URL whose `sslmode` is honoured, `verify-full` when it is not written.
//!
//! The modes, as libpq's:
//! - `verify-full` (the default): TLS; the certificate must chain to a root of
//!   `sslrootcert=FILE` (PEM), or of the system when no file is written (or
//!   `sslrootcert=system`), and be valid for the URL's host name (its `host`, even when
//!   `hostaddr` says where to connect).
//! - `verify-ca`: TLS; the chain is checked, not the host name.
//! - `require`: TLS that encrypts but does NOT verify the server: anyone in the middle can
//!   read the session. As in libpq, `require` with an `sslrootcert` file is `verify-ca`.
//! - `disable`: no TLS (a lab server on 127.0.0.1); only when written out.
//! - `prefer` and `allow` are refused: they fall back to plain text when TLS fails, which
//!   would let a man in the middle downgrade the connection silently.

use std::str::FromStr;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio_postgres::config::SslMode;
use tokio_postgres::{AsyncMessage, Client, Config, Connection, NoTls};
use tokio_postgres_rustls::MakeRustlsConnect;

use counterpart_core::problem::Problem;

use crate::error::{Error, Result};
use crate::tls::{self, invalid, Check};

/// Connects to `url` and drives the connection on the current tokio runtime (which must
/// have its IO driver enabled). Errors never repeat the URL (it may hold a password).
pub async fn connect(url: &str) -> Result<Client> {
    connect_as(url, None, None).await
}

/// Connects to `url` as `user` with `password` (each in place of the URL's own, when
/// given): the URL a database keeps has neither ([`without_credentials`]).
pub async fn connect_as(url: &str, user: Option<&str>, password: Option<&str>) -> Result<Client> {
    let (client, mut messages) = connect_listening(url, user, password).await?;
    // Notices and notifications of a connection that does not listen: dropped.
    tokio::spawn(async move { while messages.recv().await.is_some() {} });
    Ok(client)
}

/// [`connect_as`], with the connection's notifications (`LISTEN`) and notices as they
/// come; the channel closes when the connection does.
pub async fn connect_listening(
    url: &str,
    user: Option<&str>,
    password: Option<&str>,
) -> Result<(Client, UnboundedReceiver<AsyncMessage>)> {
    let mut target = parse(url)?;
    if let Some(user) = user {
        target.config.user(user);
    }
    if let Some(password) = password {
        target.config.password(password);
    }
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let client = match target.check {
        None => {
            let (client, connection) = target.config.connect(NoTls).await?;
            tokio::spawn(drive(connection, tx));
            client
        }
        Some(check) => {
            let tls = MakeRustlsConnect::new(tls::config(check, target.root_cert.as_deref())?);
            let (client, connection) = target.config.connect(tls).await.map_err(tls_error)?;
            tokio::spawn(drive(connection, tx));
            client
        }
    };
    Ok((client, rx))
}

/// Drives a connection, passing on its messages, until it closes.
async fn drive<S, T>(mut connection: Connection<S, T>, tx: UnboundedSender<AsyncMessage>)
where
    S: AsyncRead + AsyncWrite + Unpin,
    T: AsyncRead + AsyncWrite + Unpin,
{
    while let Some(Ok(m)) = std::future::poll_fn(|cx| connection.poll_message(cx)).await {
        let _ = tx.send(m);
    }
}

/// `url` without its user name and password (`postgresql://host:port/db?params`): what a
/// database in a team keeps of its server, and shows. A URL in another form (`host=…`) is
/// refused: it cannot be told apart from its password safely.
pub fn without_credentials(url: &str) -> Result<String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(invalid(Problem::ServerUrlNotAUrl));
    };
    if scheme != "postgresql" && scheme != "postgres" {
        return Err(invalid(Problem::ServerUrlScheme));
    }
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if path.contains("password=") {
        return Err(invalid(Problem::ServerUrlPassword));
    }
    Ok(format!("postgresql://{host}{path}"))
}

/// The server's place without scheme, credentials or parameters (`host:port/db`), as the
/// keychain entry of its password names it.
pub fn place(url: &str) -> Result<String> {
    let plain = without_credentials(url)?;
    let rest = &plain["postgresql://".len()..];
    Ok(rest.split('?').next().unwrap_or(rest).to_owned())
}

/// The system keychain's account for `user`'s password on `server`: `team:USER@host:port/db`.
pub fn keychain_account(server: &str, user: &str) -> Result<String> {
    Ok(format!("team:{user}@{}", place(server)?))
}

/// A failed handshake says why (tokio-postgres's text alone does not: the reason is in its
/// source); other errors as usual.
fn tls_error(e: tokio_postgres::Error) -> Error {
    if e.as_db_error().is_some() || !e.to_string().contains("TLS") {
        return e.into();
    }
    let mut reasons = Vec::new();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        reasons.push(s.to_string());
        source = s.source();
    }
    reasons.dedup();
    Error::Tls(if reasons.is_empty() {
        e.to_string()
    } else {
        reasons.join(": ")
    })
}

/// A URL understood: tokio-postgres's config (with `sslmode` as tokio-postgres knows it),
/// how to check the certificate (`None`: no TLS) and the root certificate file.
#[derive(Debug)]
struct Target {
    config: Config,
    check: Option<Check>,
    root_cert: Option<String>,
}

fn parse(url: &str) -> Result<Target> {
    if !(url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        return Err(invalid(Problem::ServerUrlNotPostgresql));
    }
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut modes = Vec::new();
    let mut root_certs = Vec::new();
    let mut rest = Vec::new();
    for kv in query.split('&').filter(|kv| !kv.is_empty()) {
        if let Some(mode) = kv.strip_prefix("sslmode=") {
            modes.push(mode);
        } else if let Some(file) = kv.strip_prefix("sslrootcert=") {
            root_certs.push(percent_decoded(file)?);
        } else {
            rest.push(kv);
        }
    }
    let root_cert = match root_certs.len() {
        0 => None,
        1 => root_certs.pop(),
        _ => return Err(invalid(Problem::ServerUrlRootCertTwice)),
    };
    let check = match modes.as_slice() {
        [] | ["verify-full"] => Some(Check::Full),
        ["verify-ca"] => Some(Check::Ca),
        ["require"] if root_cert.is_some() => Some(Check::Ca),
        ["require"] => Some(Check::None),
        ["disable"] => None,
        [mode @ ("prefer" | "allow")] => {
            return Err(invalid(Problem::ServerUrlFallback {
                mode: (*mode).to_owned(),
            }))
        }
        [mode] => {
            return Err(invalid(Problem::ServerUrlUnknownMode {
                mode: (*mode).to_owned(),
            }))
        }
        _ => return Err(invalid(Problem::ServerUrlModeTwice)),
    };
    let plain = if rest.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", rest.join("&"))
    };
    // tokio-postgres's parse errors name the option, never the URL or its values.
    let mut config = Config::from_str(&plain)?;
    config.ssl_mode(match check {
        None => SslMode::Disable,
        Some(_) => SslMode::Require,
    });
    Ok(Target {
        config,
        check,
        root_cert,
    })
}

/// A URL query value with its `%XX` escapes decoded (a file path may hold `%2F`).
fn percent_decoded(value: &str) -> Result<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = value
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| invalid(Problem::ServerUrlBadEscape))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| invalid(Problem::ServerUrlRootCertNotUtf8))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_of(url: &str) -> Option<Check> {
        parse(url).unwrap().check
    }

    #[test]
    fn sslmode_is_honoured_and_verify_full_by_default() {
        let h = "postgresql://a:pw@db.example/team";
        assert_eq!(check_of(h), Some(Check::Full));
        assert_eq!(
            check_of(&format!("{h}?sslmode=verify-full")),
            Some(Check::Full)
        );
        assert_eq!(check_of(&format!("{h}?sslmode=verify-ca")), Some(Check::Ca));
        assert_eq!(check_of(&format!("{h}?sslmode=require")), Some(Check::None));
        assert_eq!(
            check_of(&format!("{h}?sslmode=require&sslrootcert=/ca.pem")),
            Some(Check::Ca)
        );
        assert_eq!(check_of(&format!("{h}?sslmode=disable")), None);
        let t = parse(&format!(
            "{h}?sslrootcert=%2Ftmp%2Fca.pem&connect_timeout=5"
        ))
        .unwrap();
        assert_eq!(t.root_cert.as_deref(), Some("/tmp/ca.pem"));
        assert_eq!(t.config.get_ssl_mode(), SslMode::Require);
        assert_eq!(t.config.get_dbname(), Some("team"));
    }

    #[test]
    fn bad_urls_are_refused_without_the_password() {
        for bad in [
            "postgresql://a:pw@db.example/team?sslmode=prefer",
            "postgresql://a:pw@db.example/team?sslmode=allow",
            "postgresql://a:pw@db.example/team?sslmode=bogus",
            "postgresql://a:pw@h/t?sslmode=disable&sslmode=require",
            "postgresql://a:pw@h/t?sslrootcert=a&sslrootcert=b",
            "postgresql://a:pw@h/t?sslrootcert=%zz",
            "host=db.example sslmode=disable",
        ] {
            let e = parse(bad).unwrap_err();
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
