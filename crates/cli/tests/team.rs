//! `counterpart team init` against a real PostgreSQL (counterpart_team::testing).

mod common;

use common::{ok, run, text};
use counterpart_team::testing::Cluster;

#[test]
fn team_init_creates_the_schema_and_is_safe_to_repeat() {
    let cluster = Cluster::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let url = cluster.url("postgres", &cluster.password);
    let first = ok(run(&db, &["team", "init", "--server", &url]), "team init");
    assert_eq!(first, "team schema ready (version 3)\n");
    let again = ok(
        run(&db, &["team", "init", "--server", &url]),
        "team init again",
    );
    assert_eq!(again, "team schema up to date (version 3)\n");
    // No local database is made or needed.
    assert!(!db.exists());
}

#[test]
fn team_init_refuses_a_url_that_would_need_tls_and_never_prints_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    for url in [
        "postgresql://admin:s3cret@127.0.0.1:1/team",
        "postgresql://admin:s3cret@127.0.0.1:1/team?sslmode=require",
    ] {
        let o = run(&db, &["team", "init", "--server", url]);
        assert_eq!(o.status.code(), Some(3), "{url}");
        let err = text(&o.stderr);
        assert!(err.contains("error: server: the server URL"), "{err}");
        assert!(err.contains("TLS"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
    }
    // A wrong password: exit 1, and the password is not printed.
    let cluster = Cluster::start();
    let url = cluster.url("postgres", "s3cret-wrong");
    let o = run(&db, &["team", "init", "--server", &url]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!text(&o.stderr).contains("s3cret"), "{}", text(&o.stderr));
}
