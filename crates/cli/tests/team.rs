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

/// Runs the CLI on `db` with the team password in the environment.
fn run_pw(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    common::run_env(db, args, &[("COUNTERPART_TEAM_PASSWORD", "pw-ana-1")])
}

#[test]
fn two_databases_share_one_record_and_an_edit_conflict_is_kept_in_the_history() {
    let cluster = Cluster::start();
    let dir = tempfile::tempdir().unwrap();
    let admin = cluster.url("postgres", &cluster.password);
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    ok(run(&a, &["team", "init", "--server", &admin]), "team init");
    let pw = dir.path().join("pw");
    std::fs::write(&pw, "pw-ana-1\n").unwrap();
    for user in ["ana", "ben"] {
        let pwf = pw.to_str().unwrap();
        ok(
            run(
                &a,
                &[
                    "team",
                    "add-user",
                    user,
                    "--agency",
                    "STATE",
                    "--password-file",
                    pwf,
                    "--server",
                    &admin,
                ],
            ),
            "add-user",
        );
    }
    let server = cluster.server_url("postgres");
    ok(
        run_pw(
            &a,
            &[
                "add",
                "--kind",
                "scheduling",
                "--reference",
                "S-1",
                "--title",
                "Fentanyl precursors",
                "--counterpart",
                "NNCC",
                "--substance",
                "4-AP",
            ],
        ),
        "add",
    );
    let joined = ok(
        run_pw(
            &a,
            &[
                "--user", "ana", "team", "join", "--server", &server, "--user", "ana",
            ],
        ),
        "join a",
    );
    assert!(joined.contains("pushed 1 operations"), "{joined}");
    let joined = ok(
        run_pw(
            &b,
            &[
                "--user", "ben", "team", "join", "--server", &server, "--user", "ben",
            ],
        ),
        "join b",
    );
    assert!(joined.contains("pulled 1"), "{joined}");
    // Both edit the title offline; ana syncs first, ben second: ben's edit is later in the
    // server's order and stands; ana's value is kept as a conflict entry on both.
    ok(
        run_pw(
            &a,
            &["--user", "ana", "edit", "S-1", "--title", "Ana's title"],
        ),
        "edit a",
    );
    ok(
        run_pw(
            &b,
            &["--user", "ben", "edit", "S-1", "--title", "Ben's title"],
        ),
        "edit b",
    );
    ok(run_pw(&a, &["sync"]), "sync a");
    let s = ok(run_pw(&b, &["sync"]), "sync b");
    assert!(s.contains("1 conflicts"), "{s}");
    ok(run_pw(&a, &["sync"]), "sync a again");
    for db in [&a, &b] {
        let show = ok(run_pw(db, &["show", "S-1", "--format", "json"]), "show");
        assert!(show.contains("Ben's title"), "{show}");
        let h = ok(run_pw(db, &["history", "S-1"]), "history");
        assert!(
            h.contains("Title “Ana's title” was replaced by ben's edit “Ben's title”"),
            "{h}"
        );
        ok(run_pw(db, &["check"]), "check");
    }
    let st = ok(
        run_pw(&a, &["team", "status", "--format", "json"]),
        "status",
    );
    let v: serde_json::Value = serde_json::from_str(&st).unwrap();
    assert_eq!(v["server_chain"], "ok", "{st}");
    assert_eq!(v["pending"], 0, "{st}");
    assert_eq!(v["agency"], "STATE", "{st}");
    assert!(!st.contains("pw-ana-1"));
    // Nothing secret in the database file (or its WAL).
    for db in [&a, &b] {
        for f in [db.to_path_buf(), db.with_extension("db-wal")] {
            if let Ok(bytes) = std::fs::read(&f) {
                let found = bytes.windows(8).any(|w| w == b"pw-ana-1");
                assert!(!found, "the password is in {}", f.display());
            }
        }
    }
    // The server out of reach: the local half is shown, exit 1, nothing lost.
    drop(cluster);
    ok(
        run_pw(
            &a,
            &["--user", "ana", "edit", "S-1", "--title", "Offline edit"],
        ),
        "edit offline",
    );
    let o = run_pw(&a, &["sync"]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("1 operations wait to be pushed; nothing is lost"),
        "{err}"
    );
    let o = run_pw(&a, &["team", "status"]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    assert!(
        out.contains("pending: 1") && out.contains("server head: unknown"),
        "{out}"
    );
}

#[test]
fn an_item_shared_with_another_agency_arrives_there_with_its_history() {
    let cluster = Cluster::start();
    let dir = tempfile::tempdir().unwrap();
    let admin = cluster.url("postgres", &cluster.password);
    let (state, dea) = (dir.path().join("state.db"), dir.path().join("dea.db"));
    ok(
        run(&state, &["team", "init", "--server", &admin]),
        "team init",
    );
    let pw = dir.path().join("pw");
    std::fs::write(&pw, "pw-ana-1").unwrap();
    let pwf = pw.to_str().unwrap();
    for (user, agency) in [("ana", "STATE"), ("dan", "DEA")] {
        let args = [
            "team",
            "add-user",
            user,
            "--agency",
            agency,
            "--password-file",
            pwf,
            "--server",
            &admin,
        ];
        ok(run(&state, &args), "add-user");
    }
    let server = cluster.server_url("postgres");
    ok(
        run_pw(
            &state,
            &[
                "--user", "ana", "team", "join", "--server", &server, "--user", "ana",
            ],
        ),
        "join state",
    );
    ok(
        run_pw(
            &dea,
            &[
                "--user", "dan", "team", "join", "--server", &server, "--user", "dan",
            ],
        ),
        "join dea",
    );
    // State's item, with a history, before DEA may see it.
    ok(
        run_pw(
            &state,
            &[
                "--user",
                "ana",
                "add",
                "--kind",
                "extradition",
                "--reference",
                "EXT-9",
                "--title",
                "Surrender of Lin X",
                "--counterpart",
                "MPS",
                "--transmitted-on",
                "2024-10-01",
            ],
        ),
        "add",
    );
    ok(
        run_pw(
            &state,
            &[
                "--user",
                "ana",
                "event",
                "EXT-9",
                "--type",
                "acknowledged",
                "--on",
                "2024-10-05",
            ],
        ),
        "event",
    );
    ok(run_pw(&state, &["sync"]), "sync state");
    ok(run_pw(&dea, &["sync"]), "sync dea");
    let o = run_pw(&dea, &["show", "EXT-9"]);
    assert_ne!(o.status.code(), Some(0), "DEA does not see State's item");
    // Only the owning agency shares.
    let o = run_pw(&dea, &["share", "EXT-9", "--with", "DEA"]);
    assert_ne!(o.status.code(), Some(0));
    let s = ok(
        run_pw(
            &state,
            &["--user", "ana", "share", "EXT-9", "--with", "DEA"],
        ),
        "share",
    );
    assert!(s.contains("shared EXT-9 with DEA"), "{s}");
    // The share brings the item with its whole history, each operation once.
    let s = ok(
        run_pw(&dea, &["sync", "--format", "json"]),
        "sync dea after the share",
    );
    let v: serde_json::Value = serde_json::from_str(&s).unwrap();
    assert_eq!(v["not_applied"], 0, "{s}");
    let show = ok(
        run_pw(&dea, &["show", "EXT-9", "--format", "json"]),
        "show in dea",
    );
    let item: serde_json::Value = serde_json::from_str(&show).unwrap();
    assert_eq!(item["status"], "acknowledged", "{show}");
    // DEA works on it; State sees that.
    ok(
        run_pw(
            &dea,
            &[
                "--user",
                "dan",
                "event",
                "EXT-9",
                "--type",
                "note",
                "--on",
                "2024-10-06",
                "--note",
                "DEA lead",
            ],
        ),
        "dea event",
    );
    ok(run_pw(&dea, &["sync"]), "sync dea");
    ok(run_pw(&state, &["sync"]), "sync state");
    let export = |db: &std::path::Path| {
        let e = ok(run_pw(db, &["export", "--format", "json"]), "export");
        let mut v: serde_json::Value = serde_json::from_str(&e).unwrap();
        v["exported_at"] = serde_json::Value::Null;
        v
    };
    assert_eq!(export(&state), export(&dea), "one record on both");
    for db in [&state, &dea] {
        ok(run_pw(db, &["check"]), "check");
    }
}

#[test]
fn an_encrypted_database_joins_and_syncs_and_its_outbox_is_encrypted_with_it() {
    let cluster = Cluster::start();
    let dir = tempfile::tempdir().unwrap();
    let admin = cluster.url("postgres", &cluster.password);
    let (enc, plain) = (dir.path().join("enc.db"), dir.path().join("plain.db"));
    ok(
        run(&plain, &["team", "init", "--server", &admin]),
        "team init",
    );
    let pw = dir.path().join("pw");
    std::fs::write(&pw, "pw-ana-1").unwrap();
    let pwf = pw.to_str().unwrap();
    for user in ["ana", "ben"] {
        let args = [
            "team",
            "add-user",
            user,
            "--agency",
            "STATE",
            "--password-file",
            pwf,
            "--server",
            &admin,
        ];
        ok(run(&plain, &args), "add-user");
    }
    let vars = [
        ("COUNTERPART_TEAM_PASSWORD", "pw-ana-1"),
        ("COUNTERPART_PASSPHRASE", "correct horse battery staple"),
    ];
    let enc_run = |args: &[&str]| common::run_env(&enc, args, &vars);
    ok(enc_run(&["init", "--encrypt"]), "init --encrypt");
    let server = cluster.server_url("postgres");
    ok(
        enc_run(&[
            "--user", "ana", "team", "join", "--server", &server, "--user", "ana",
        ]),
        "join",
    );
    // Offline-made operations wait in the outbox, inside the encrypted file.
    ok(
        enc_run(&[
            "--user",
            "ana",
            "add",
            "--kind",
            "commitment",
            "--reference",
            "WG-SECRET",
            "--title",
            "Pill-press seizure data",
            "--counterpart",
            "MFA",
        ]),
        "add",
    );
    let bytes = std::fs::read(&enc).unwrap();
    assert!(
        !bytes.windows(9).any(|w| w == b"WG-SECRET"),
        "the outbox is encrypted with the database"
    );
    let st = ok(enc_run(&["team", "status", "--format", "json"]), "status");
    assert!(st.contains("\"pending\": 1"), "{st}");
    ok(enc_run(&["sync"]), "sync");
    ok(
        run_pw(
            &plain,
            &[
                "--user", "ben", "team", "join", "--server", &server, "--user", "ben",
            ],
        ),
        "join plain",
    );
    let show = ok(run_pw(&plain, &["show", "WG-SECRET"]), "show");
    assert!(show.contains("Pill-press seizure data"), "{show}");
    ok(enc_run(&["check"]), "check");
}
