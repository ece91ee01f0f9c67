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

use tokio_postgres::config::SslMode;
use tokio_postgres::{Client, Config, NoTls};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::error::{Error, Result};
use crate::tls::{self, invalid, Check};

/// Connects to `url` and drives the connection on the current tokio runtime (which must
/// have its IO driver enabled). Errors never repeat the URL (it may hold a password).
pub async fn connect(url: &str) -> Result<Client> {
    let target = parse(url)?;
    let client = match target.check {
        None => {
            let (client, connection) = target.config.connect(NoTls).await?;
            tokio::spawn(async move {
                let _ = connection.await;
            });
            client
        }
        Some(check) => {
            let tls = MakeRustlsConnect::new(tls::config(check, target.root_cert.as_deref())?);
            let (client, connection) = target.config.connect(tls).await.map_err(tls_error)?;
            tokio::spawn(async move {
                let _ = connection.await;
            });
            client
        }
    };
    Ok(client)
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
        return Err(invalid("is not a postgresql:// URL"));
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
        _ => return Err(invalid("has sslrootcert more than once")),
    };
    let check = match modes.as_slice() {
        [] | ["verify-full"] => Some(Check::Full),
        ["verify-ca"] => Some(Check::Ca),
        ["require"] if root_cert.is_some() => Some(Check::Ca),
        ["require"] => Some(Check::None),
        ["disable"] => None,
        [mode @ ("prefer" | "allow")] => {
            return Err(invalid(&format!(
                "sslmode={mode} is refused: it falls back to plain text; \
                 write verify-full (the default), or disable for a lab server"
            )))
        }
        [mode] => return Err(invalid(&format!("has an unknown sslmode={mode}"))),
        _ => return Err(invalid("has sslmode more than once")),
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
                .ok_or_else(|| invalid("has a bad %-escape in sslrootcert"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| invalid("has an sslrootcert that is not UTF-8"))
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
