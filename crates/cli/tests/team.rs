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
fn team_init_works_over_tls_and_never_prints_the_password() {
    let cluster = Cluster::start_tls();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let url = cluster.tls_url_of("postgres", &cluster.password, "postgres");
    let first = ok(run(&db, &["team", "init", "--server", &url]), "team init");
    assert_eq!(first, "team schema ready (version 3)\n");
    // TLS to a closed port: a connection error (exit 1), the password not printed.
    let o = run(
        &db,
        &[
            "team",
            "init",
            "--server",
            "postgresql://admin:s3cret@127.0.0.1:1/team?sslmode=require",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(!text(&o.stderr).contains("s3cret"), "{}", text(&o.stderr));
    // A mode that could fall back to plain text is refused as invalid (exit 3).
    let o = run(
        &db,
        &[
            "team",
            "init",
            "--server",
            "postgresql://admin:s3cret@127.0.0.1:1/team?sslmode=prefer",
        ],
    );
    assert_eq!(o.status.code(), Some(3));
    let err = text(&o.stderr);
    assert!(
        err.contains("error: server: the server URL sslmode=prefer"),
        "{err}"
    );
    assert!(!err.contains("s3cret"), "{err}");
    // A wrong password: exit 1, and the password is not printed.
    let url = cluster.tls_url_of("postgres", "s3cret-wrong", "postgres");
    let o = run(&db, &["team", "init", "--server", &url]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!text(&o.stderr).contains("s3cret"), "{}", text(&o.stderr));
}

#[test]
fn team_add_user_makes_a_user_who_can_log_in() {
    let cluster = Cluster::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let admin = cluster.url("postgres", &cluster.password);
    ok(run(&db, &["team", "init", "--server", &admin]), "team init");
    let pw = dir.path().join("pw");
    std::fs::write(&pw, "correct horse\n").unwrap();
    let pw = pw.to_str().unwrap();
    let add = |name: &str, agency: &str| {
        run(
            &db,
            &[
                "team",
                "add-user",
                name,
                "--agency",
                agency,
                "--password-file",
                pw,
                "--server",
                &admin,
            ],
        )
    };
    let out = ok(add("ana", "STATE"), "add-user");
    assert_eq!(out, "added ana (STATE) to the team\n");
    // The password is the file's text without its trailing line break.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime
        .block_on(counterpart_team::connect(
            &cluster.url("ana", "correct horse"),
        ))
        .expect("ana logs in with the password from the file");
    assert!(runtime
        .block_on(counterpart_team::connect(
            &cluster.url("ana", "correct horse\n")
        ))
        .is_err());
    // The same name again, and an unknown agency: exit 3 naming the field.
    for (o, field) in [
        (add("ana", "STATE"), "name"),
        (add("bo", "NOPE!"), "agency"),
    ] {
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(3), "{err}");
        assert!(err.contains(&format!("error: {field}")), "{err}");
        assert!(!err.contains("correct horse"), "{err}");
    }
}
