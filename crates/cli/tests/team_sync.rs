//! Team mode end to end (issue 12, "Tests"): databases that join one team on a real
//! PostgreSQL (counterpart_team::testing), worked on offline through the command line and
//! synced: they converge; a lost acknowledgement, or a sync killed at any point, loses and
//! duplicates nothing; an agency never receives another's items and a forged push is
//! refused; a tampered server log is named by `team status`.
//!
//! No test waits for a time: each polls the state it waits for.

mod common;
#[path = "team_sync/world.rs"]
mod world;

use common::team::{assert_same_export, item, items_csv, Member, Team};
use common::text;
use serde_json::json;
use world::{seeds, Rng, SeedReport, World};

// ---------------------------------------------------------------- convergence, seeded

#[test]
fn three_clients_converge_whatever_the_order_seeded() {
    for seed in seeds() {
        let _report = SeedReport(seed);
        eprintln!("convergence: seed {seed}");
        converge(seed);
    }
}

fn converge(seed: u64) {
    let mut rng = Rng::new(seed);
    let team = Team::start();
    let mut w = World::new(&team, &["ana", "bea", "cy"]);
    let n = w.members.len();
    // Each database has items of its own before it joins (pushed once when joining).
    for c in 0..n {
        w.add(c);
        w.members[c].join(&w.team.server_url());
        w.add(c);
    }
    w.sync_all(&mut rng);
    w.assert_converged("after joining");

    for round in 0..2 {
        // Offline: random operations, the clients interleaved at random …
        for _ in 0..8 * n {
            let c = rng.index(n);
            w.random_op(c, &mut rng);
        }
        // … and the same fields of one item edited on two clients (conflicts).
        w.edit_on_two(&mut rng);
        w.sync_all(&mut rng);
        w.assert_converged(&format!("seed {seed}, round {round}"));
    }
    assert!(
        w.conflicts > 0,
        "edits of one field on two clients are reported as conflicts"
    );
    // Quiet: nothing left to push or pull anywhere.
    for m in &w.members {
        let report = m.sync();
        assert_eq!(
            (&report["pushed"], &report["pulled"]),
            (&json!(0), &json!(0)),
            "{}: {report}",
            m.user
        );
        m.ok(&["check"]);
        let (code, status) = m.status();
        assert_eq!(code, Some(0), "{status}");
        assert_eq!(status["server_chain"], "ok", "{status}");
        assert_eq!(status["pending"], 0, "{status}");
    }
}

// ---------------------------------------------------------------- a lost acknowledgement

#[test]
fn a_lost_acknowledgement_then_a_resend_duplicates_nothing() {
    let team = Team::start();
    let proxy = team.cluster.proxy();
    let ana = team.member("ana", "STATE", "ana");
    let bea = team.member("bea", "STATE", "bea");
    ana.join(&proxy.server_url("postgres"));
    bea.join(&team.server_url());
    ana.ok(&common::ONE_ITEM);
    ana.note("EXT-1", "2024-12-01", "once");
    ana.ok(&["edit", "EXT-1", "--title", "Extradition, amended"]);
    let before = team.logged();

    proxy.lose_push_acks(true);
    let o = ana.run(&["sync"]);
    assert_eq!(proxy.lost_acks(), 1, "the proxy cut a committed push");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).starts_with("error: "),
        "{}",
        text(&o.stderr)
    );
    // The server committed the three operations; the client did not hear it.
    assert_eq!(team.logged(), before + 3);
    let (_, status) = ana.status();
    assert_eq!(status["pending"], 3, "the outbox is kept: {status}");

    // The server out of reach: exit 1 naming it, nothing lost.
    let proxy_at = format!("127.0.0.1:{}", proxy.port);
    proxy.set_down(true);
    let o = ana.run(&["sync"]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("error: ") && err.contains(&proxy_at),
        "{err}"
    );
    // The resend, straight to the server (the database's server URL changed behind the
    // program's back), adds nothing.
    let conn = rusqlite::Connection::open(&ana.db).unwrap();
    conn.execute("UPDATE team SET server = ?1", [team.server_url()])
        .unwrap();
    drop(conn);
    let report = ana.sync();
    assert_eq!(team.logged(), before + 3, "{report}");
    assert_eq!(ana.status().1["pending"], 0);
    let distinct = team.admin_i64("SELECT count(DISTINCT body) FROM team_log");
    assert_eq!(distinct, team.logged());
    bea.sync();
    let theirs = bea.export();
    assert_same_export(&ana.export(), &theirs, "ana and bea");
    let ext = item(&theirs, "EXT-1");
    assert_eq!(ext["title"], "Extradition, amended");
    let notes = ext["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["note"] == "once")
        .count();
    assert_eq!(notes, 1, "the event once: {ext}");
}

// ---------------------------------------------------------------- killed during sync

/// Runs `sync` of `member` and SIGKILLs it once `reached()` says so (polled while it
/// runs); true if it was killed, false if it finished first.
fn kill_sync_when(member: &Member, reached: impl FnMut() -> bool) -> bool {
    kill_when(member, &["sync"], reached)
}

/// Runs the command `args` of `member` and SIGKILLs it once `reached()` says so.
fn kill_when(member: &Member, args: &[&str], mut reached: impl FnMut() -> bool) -> bool {
    let mut child = member
        .command()
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start sync");
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if reached() {
            child.kill().expect("SIGKILL");
            child.wait().unwrap();
            return true;
        }
        // A poll, not a timing: the next look at the state.
        std::thread::yield_now();
    }
}

/// How many items the database at `db` holds (read while another process writes it).
fn items_in(db: &std::path::Path) -> i64 {
    let Ok(conn) =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return 0;
    };
    conn.query_row("SELECT count(*) FROM item", [], |r| r.get(0))
        .unwrap_or(0)
}

#[test]
fn a_sync_killed_at_any_point_resumes_without_loss_or_duplicates() {
    const ITEMS: i64 = 2_000;
    let team = Team::start();
    let ana = team.member("ana", "STATE", "ana");
    let bea = team.member("bea", "STATE", "bea");
    ana.ok(&["init"]);
    ana.join(&team.server_url());
    // Bea joins now, empty: her next sync pulls the 2,000 (in batches).
    bea.join(&team.server_url());
    let csv = team.dir.path().join("items.csv");
    std::fs::write(&csv, items_csv("BULK", ITEMS as usize)).unwrap();
    ana.ok(&["import", csv.to_str().unwrap()]);
    let start = team.logged();

    // Pushing: killed after the server has more of it than before, three times.
    let mut kills = 0;
    for _ in 0..3 {
        let seen = team.logged();
        if kill_sync_when(&ana, || team.logged() > seen) {
            kills += 1;
        }
    }
    eprintln!(
        "push: {kills} kills; the server had {}",
        team.logged() - start
    );
    let report = ana.sync();
    assert_eq!(ana.status().1["pending"], 0, "{report}");
    assert_eq!(team.logged(), start + ITEMS, "each operation once");
    let creations =
        team.admin_i64("SELECT count(*) FROM team_log WHERE body->>'op' = 'create_item'");
    assert_eq!(creations, ITEMS);

    // Pulling: killed part way through applying, twice.
    let mut kills = 0;
    for _ in 0..2 {
        let seen = items_in(&bea.db);
        if kill_sync_when(&bea, || items_in(&bea.db) > seen) {
            kills += 1;
        }
    }
    eprintln!("pull: {kills} kills; bea had {} items", items_in(&bea.db));
    bea.sync();
    bea.ok(&["check"]);
    let theirs = bea.export();
    assert_eq!(theirs["items"].as_array().unwrap().len(), ITEMS as usize);
    assert_same_export(&ana.export(), &theirs, "ana and bea");
    assert_eq!(team.logged(), start + ITEMS, "pulling pushed nothing");
}

#[test]
fn a_join_killed_while_it_pushes_resumes_with_sync() {
    const ITEMS: i64 = 1_500;
    let team = Team::start();
    let cy = team.member("cy", "STATE", "cy");
    let csv = team.dir.path().join("items.csv");
    std::fs::write(&csv, items_csv("OLD", ITEMS as usize)).unwrap();
    cy.ok(&["import", csv.to_str().unwrap()]);
    let url = team.server_url();
    let killed = kill_when(
        &cy,
        &["team", "join", "--server", &url, "--user", "cy"],
        || team.logged() > 0,
    );
    if killed {
        // In the team already: joining again says so; `sync` goes on from the outbox.
        let o = cy.run(&["team", "join", "--server", &url, "--user", "cy"]);
        assert_ne!(o.status.code(), Some(0), "{}", text(&o.stdout));
        cy.sync();
    }
    assert!(killed, "the join was killed while it pushed");
    assert_eq!(cy.status().1["pending"], 0);
    assert_eq!(team.logged(), ITEMS, "each item's creation once");
    let dan = team.member("dan", "STATE", "dan");
    dan.join(&url);
    assert_same_export(&cy.export(), &dan.export(), "cy and dan");
}

// ---------------------------------------------------------------- row-level security

#[test]
fn an_agency_never_receives_another_agencys_items_and_forged_pushes_are_refused() {
    let team = Team::start();
    let ana = team.member("ana", "STATE", "ana");
    let dan = team.member("dan", "DEA", "dan");
    let bo = team.member("bo", "DOJ", "bo");
    for m in [&ana, &dan, &bo] {
        m.join(&team.server_url());
    }
    ana.ok(&common::ONE_ITEM);
    ana.ok(&common::an_item("State's own", "S-2"));
    dan.ok(&common::an_item("DEA's case", "D-1"));
    for m in [&ana, &dan, &bo, &ana] {
        m.sync();
    }
    assert_eq!(ana.references(), ["EXT-1", "S-2"]);
    assert_eq!(dan.references(), ["D-1"]);
    assert!(bo.references().is_empty());

    // A forged push as DEA's user: an edit of STATE's item, refused with 42501.
    let ext_id = item(&ana.export(), "EXT-1")["id"].clone();
    let forged = json!([{
        "v": 1, "id": uuid::Uuid::now_v7(), "at": "2024-12-10T12:00:00Z",
        "today": "2024-12-10", "author": "dan", "op": "edit_fields",
        "item": ext_id, "base_version": null,
        "fields": item(&ana.export(), "EXT-1").clone(),
    }]);
    let before = team.logged();
    let err = team.block_on(async {
        let client = team.connect_as(&dan).await;
        client
            .query("SELECT server_seq FROM push($1)", &[&forged])
            .await
            .expect_err("a forged push is refused")
    });
    let code = err.as_db_error().map(|e| e.code().code().to_owned());
    assert_eq!(code.as_deref(), Some("42501"), "{err}");
    assert_eq!(team.logged(), before);

    // STATE shares EXT-1 with DEA: Dan now has it (and only it), and may work on it.
    ana.ok(&["share", "EXT-1", "--with", "DEA"]);
    dan.sync();
    assert_eq!(dan.references(), ["D-1", "EXT-1"]);
    dan.note("EXT-1", "2024-12-02", "DEA saw it");
    dan.sync();
    ana.sync();
    assert_eq!(
        item(&ana.export(), "EXT-1"),
        item(&dan.export(), "EXT-1"),
        "the shared item is the same on both"
    );
    // Only the owner may share: DEA sharing STATE's item on is refused, and the CLI says so.
    let o = dan.run(&["share", "EXT-1", "--with", "DOJ"]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error: the server refused"), "{err}");
    assert!(err.contains("share of EXT-1"), "{err}");
    // The refused share is set aside: it holds back nothing after it, is not sent again,
    // and the status lists it.
    dan.note("D-1", "2024-12-03", "after the refusal");
    dan.sync();
    let status = dan.ok(&["team", "status"]);
    assert!(status.contains("pending: 0"), "{status}");
    assert!(
        status.contains("refused by the server: share of EXT-1"),
        "{status}"
    );
    ana.sync();
    bo.sync();
    assert!(bo.references().is_empty(), "DOJ got nothing");
    assert_eq!(
        team.admin_i64("SELECT count(*) FROM team_share WHERE agency = 'DOJ'"),
        0
    );
}

// ---------------------------------------------------------------- tampering

#[test]
fn team_status_names_the_first_tampered_operation() {
    let team = Team::start();
    let ana = team.member("ana", "STATE", "ana");
    ana.join(&team.server_url());
    ana.ok(&common::ONE_ITEM);
    for note in ["one", "two", "three"] {
        ana.note("EXT-1", "2024-12-01", note);
    }
    ana.sync();
    assert!(team.logged() >= 4);
    let (code, status) = ana.status();
    assert_eq!((code, &status["server_chain"]), (Some(0), &json!("ok")));
    for key in [
        "server",
        "user",
        "agency",
        "last_sync",
        "pending",
        "server_head",
        "server_chain",
    ] {
        assert!(status.get(key).is_some(), "{key} in {status}");
    }
    let head = team.logged();
    assert!(
        status["server_head"]
            .as_str()
            .is_some_and(|h| h.starts_with(&format!("{head}:"))),
        "{status}"
    );
    let text_ok = ana.ok(&["team", "status"]);
    assert!(
        text_ok.lines().any(|l| l == "server chain: ok"),
        "{text_ok}"
    );
    assert!(
        text_ok.lines().any(|l| l == "user: ana (STATE)"),
        "{text_ok}"
    );

    // As the cluster's superuser: the trigger off, the body of operation 3 rewritten.
    team.admin_execute(
        "ALTER TABLE team_log DISABLE TRIGGER team_log_append_only;
         UPDATE team_log SET body = jsonb_set(body, '{author}', '\"mallory\"')
          WHERE server_seq = 3;",
    );
    let (code, status) = ana.status();
    assert_eq!(code, Some(1), "{status}");
    assert_eq!(status["server_chain"], "broken", "{status}");
    let o = ana.run(&["team", "status"]);
    assert_eq!(o.status.code(), Some(1));
    let out = format!("{}{}", text(&o.stdout), text(&o.stderr));
    assert!(
        out.lines().any(|l| l.starts_with("server chain: broken")),
        "{out}"
    );
    // The first bad operation is named, and only it.
    let named: Vec<&str> = out
        .split("operation ")
        .skip(1)
        .map(|rest| rest.split(|c: char| !c.is_ascii_digit()).next().unwrap())
        .filter(|n| !n.is_empty())
        .collect();
    assert_eq!(named, ["3"], "the first bad operation is named: {out}");
}
