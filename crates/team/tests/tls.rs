//! TLS to a real PostgreSQL with a test CA (`Cluster::start_tls`): `sslmode` as libpq's.

#[path = "../src/testing.rs"]
#[allow(dead_code)]
mod support;

use counterpart_team::{connect, Error};
use support::{Cluster, SUPERUSER};

/// `SELECT ssl FROM pg_stat_ssl` for this connection: whether the session is encrypted.
async fn encrypted(url: &str) -> bool {
    let client = connect(url).await.expect("connect");
    let row = client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .await
        .unwrap();
    row.get(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_full_with_the_test_ca_connects_encrypted() {
    let cluster = Cluster::start_tls();
    let url = cluster.tls_url_of(SUPERUSER, &cluster.password, "postgres");
    assert!(encrypted(&url).await);
    // The default is verify-full: the same URL without sslmode connects too.
    assert!(encrypted(&url.replace("sslmode=verify-full&", "")).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_full_without_the_ca_is_refused_with_a_clear_error() {
    let cluster = Cluster::start_tls();
    let url = format!(
        "postgresql://{SUPERUSER}:{}@127.0.0.1:{}/postgres",
        cluster.password, cluster.port
    );
    let e = match connect(&url).await {
        Ok(_) => panic!("connected with the system's roots to a test CA's server"),
        Err(e) => e,
    };
    let text = e.to_string();
    assert!(matches!(e, Error::Tls(_)), "{text}");
    assert!(text.contains("UnknownIssuer"), "{text}");
    assert!(!text.contains(&cluster.password), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_host_name_is_refused_by_verify_full_and_accepted_by_require() {
    let cluster = Cluster::start_tls();
    let ca = cluster.ca_file.as_ref().unwrap().display().to_string();
    // The certificate names only IP 127.0.0.1: `localhost` (connecting to 127.0.0.1 through
    // hostaddr) does not match it.
    let url = |mode: &str, root: &str| {
        format!(
            "postgresql://{SUPERUSER}:{}@localhost:{}/postgres?hostaddr=127.0.0.1&sslmode={mode}{root}",
            cluster.password, cluster.port
        )
    };
    let root = format!("&sslrootcert={ca}");
    let e = match connect(&url("verify-full", &root)).await {
        Ok(_) => panic!("verify-full accepted a certificate for another name"),
        Err(e) => e.to_string(),
    };
    assert!(e.contains("not valid for name \"localhost\""), "{e}");
    assert!(!e.contains(&cluster.password), "{e}");
    // verify-ca checks the chain, not the name; require checks nothing (it only encrypts).
    assert!(encrypted(&url("verify-ca", &root)).await);
    assert!(encrypted(&url("require", "")).await);
    // require with a root file is verify-ca, as in libpq: the chain must still be right.
    assert!(encrypted(&url("require", &root)).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn require_with_another_ca_is_refused() {
    let cluster = Cluster::start_tls();
    let other = Cluster::start_tls();
    let url = format!(
        "postgresql://{SUPERUSER}:{}@127.0.0.1:{}/postgres?sslmode=require&sslrootcert={}",
        cluster.password,
        cluster.port,
        other.ca_file.as_ref().unwrap().display()
    );
    let e = match connect(&url).await {
        Ok(_) => panic!("a certificate of another CA was accepted"),
        Err(e) => e.to_string(),
    };
    // Both test CAs have one name: the signature is what does not match.
    assert!(e.contains("invalid peer certificate"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sslmode_disable_still_connects_in_plain_text() {
    let cluster = Cluster::start_tls();
    assert!(!encrypted(&cluster.url(SUPERUSER, &cluster.password)).await);
}
