//! The team server's schema on a real PostgreSQL (started by tests/support).

// The harness is this crate's `testing` module (feature `testing`), compiled in here.
#[path = "../src/testing.rs"]
#[allow(dead_code)]
mod support;

use counterpart_team::server::{self, ChainCheck};
use counterpart_team::Error;
use serde_json::{json, Value};
use support::Cluster;
use tokio_postgres::Client;
use uuid::Uuid;

/// A cluster with the schema and users `ana` (STATE), `bo` (DOJ), and their connections.
struct Team {
    cluster: Cluster,
    admin: Client,
}

impl Team {
    async fn new() -> Team {
        let cluster = Cluster::start();
        let admin = cluster.init_team(&[("ana", "STATE"), ("bo", "DOJ")]).await;
        Team { cluster, admin }
    }

    async fn user(&self, name: &str) -> Client {
        self.cluster
            .connect(name, &support::password_of(name))
            .await
    }

    /// Ana's connection, after she pushed `ops` of a new item.
    async fn ana_pushes(&self, ops: fn(Uuid) -> Vec<Value>) -> Client {
        let ana = self.user("ana").await;
        push(&ana, &ops(Uuid::now_v7())).await.unwrap();
        ana
    }
}

fn op(kind: &str, extra: Value) -> Value {
    let mut body = json!({
        "v": 1,
        "id": Uuid::now_v7(),
        "at": "2026-12-01T12:00:00Z",
        "today": "2026-12-01",
        "author": "someone",
        "op": kind,
    });
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    body
}

fn create(item: Uuid) -> Value {
    op(
        "create_item",
        json!({"item": item, "fields": {"title": "t"}, "events": []}),
    )
}

fn archive(item: Uuid) -> Value {
    op("archive", json!({"item": item}))
}

async fn push(client: &Client, ops: &[Value]) -> Result<Vec<(Uuid, i64)>, Error> {
    let rows = client
        .query("SELECT op_id, server_seq FROM push($1)", &[&json!(ops)])
        .await?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// (server_seq, op id) of what `pull(after, max)` returns.
async fn pull(client: &Client, after: i64, max: i32) -> Vec<(i64, Uuid)> {
    client
        .query(
            "SELECT server_seq, op_id FROM pull($1, $2)",
            &[&after, &max],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
}

fn id(op: &Value) -> Uuid {
    op["id"].as_str().unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn init_is_repeatable() {
    let cluster = Cluster::start();
    let mut admin = cluster.admin().await;
    assert_eq!(server::init(&mut admin).await.unwrap(), vec![1, 2, 3]);
    assert_eq!(server::init(&mut admin).await.unwrap(), Vec::<i32>::new());
    let versions: Vec<i32> = admin
        .query(
            "SELECT version FROM team_schema_version ORDER BY version",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(versions, vec![1, 2, 3]);
    let empty = server::verify_chain(&admin).await.unwrap();
    assert_eq!(
        empty,
        ChainCheck {
            first_bad: None,
            head_seq: 0,
            head_hash: "0".repeat(64)
        }
    );
    // A user twice, or with a bad agency, is refused, naming what is wrong.
    server::add_user(&mut admin, "ana", "STATE", "pw")
        .await
        .unwrap();
    assert!(matches!(
        server::add_user(&mut admin, "ana", "STATE", "pw").await,
        Err(Error::UserExists(_))
    ));
    assert!(matches!(
        server::add_user(&mut admin, "cy", "state", "pw").await,
        Err(Error::Invalid {
            field: "agency",
            ..
        })
    ));
    // The user logs in with the password (SCRAM), not with another.
    cluster.connect("ana", "pw").await;
    assert!(support::connect(&cluster.url("ana", "wrong"))
        .await
        .is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_inits_apply_each_file_once() {
    let cluster = Cluster::start();
    let (mut a, mut b) = (cluster.admin().await, cluster.admin().await);
    let (ra, rb) = tokio::join!(server::init(&mut a), server::init(&mut b));
    let mut applied = [ra.unwrap(), rb.unwrap()].concat();
    applied.sort();
    assert_eq!(applied, vec![1, 2, 3]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_is_idempotent_and_pull_is_in_order() {
    let team = Team::new().await;
    let ana = team.user("ana").await;
    let item = Uuid::now_v7();
    let ops = [
        create(item),
        archive(item),
        op("set_marking", json!({"marking": "X"})),
    ];
    let first = push(&ana, &ops).await.unwrap();
    assert_eq!(
        first,
        ops.iter()
            .zip(1..)
            .map(|(o, s)| (id(o), s))
            .collect::<Vec<_>>()
    );
    // A resend (a lost acknowledgement) changes nothing and answers the same seqs.
    assert_eq!(push(&ana, &ops).await.unwrap(), first);
    assert_eq!(push(&ana, &ops[1..2]).await.unwrap(), first[1..2]);
    let count: i64 = team
        .admin
        .query_one("SELECT count(*) FROM team_log", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(count, 3);
    // The same id with another body is refused.
    let mut forged = ops[1].clone();
    forged["op"] = json!("unarchive");
    assert!(matches!(
        push(&ana, &[forged]).await,
        Err(Error::Refused(_))
    ));

    let more = push(&ana, &[archive(item), archive(item)]).await.unwrap();
    assert_eq!(more.iter().map(|m| m.1).collect::<Vec<_>>(), vec![4, 5]);
    assert_eq!(
        pull(&ana, 0, 100)
            .await
            .iter()
            .map(|p| p.0)
            .collect::<Vec<_>>(),
        vec![1, 2, 3, 4, 5]
    );
    assert_eq!(
        pull(&ana, 2, 2).await,
        vec![(3, first[2].0), (4, more[0].0)]
    );
    assert_eq!(pull(&ana, 5, 100).await, vec![]);
    // The body comes back as pushed, with the author's role and agency.
    let row = ana
        .query_one("SELECT body, author, agency, item_id FROM pull(0, 1)", &[])
        .await
        .unwrap();
    assert_eq!(row.get::<_, Value>(0), ops[0]);
    assert_eq!(row.get::<_, String>(1), "ana");
    assert_eq!(row.get::<_, String>(2), "STATE");
    assert_eq!(row.get::<_, Option<Uuid>>(3), Some(item));
    assert_eq!(server::verify_chain(&ana).await.unwrap().first_bad, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agencies_see_their_items_and_shared_ones() {
    let team = Team::new().await;
    let (ana, bo) = (team.user("ana").await, team.user("bo").await);
    let (a_item, b_item) = (Uuid::now_v7(), Uuid::now_v7());
    let a_ops = [create(a_item), archive(a_item)];
    push(&ana, &a_ops).await.unwrap();
    let b_ops = [
        create(b_item),
        op(
            "add_agency",
            json!({"code": "MPS", "name_en": "m", "name_zh": "m"}),
        ),
    ];
    push(&bo, &b_ops).await.unwrap();

    let seen = |ops: Vec<(i64, Uuid)>| ops.into_iter().map(|o| o.1).collect::<Vec<_>>();
    // Ana sees her item and the non-item op, never DOJ's item; also not by reading the table.
    assert_eq!(
        seen(pull(&ana, 0, 100).await),
        vec![id(&a_ops[0]), id(&a_ops[1]), id(&b_ops[1])]
    );
    assert_eq!(
        seen(pull(&bo, 0, 100).await),
        vec![id(&b_ops[0]), id(&b_ops[1])]
    );
    let direct: i64 = ana
        .query_one(
            "SELECT count(*) FROM team_log WHERE item_id = $1",
            &[&b_item],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(direct, 0);
    assert!(ana
        .query("SELECT * FROM pull_item($1)", &[&b_item])
        .await
        .unwrap()
        .is_empty());

    // A push for DOJ's item by STATE is refused, and so is a share of it.
    let forged = archive(b_item);
    assert!(matches!(
        push(&ana, std::slice::from_ref(&forged)).await,
        Err(Error::Refused(_))
    ));
    let steal = op("share", json!({"item": b_item, "agency": "STATE"}));
    assert!(matches!(push(&ana, &[steal]).await, Err(Error::Refused(_))));
    // An op for an item the log does not have must be its creation.
    assert!(matches!(
        push(&ana, &[archive(Uuid::now_v7())]).await,
        Err(Error::Rejected(_))
    ));
    // Users may not write the log but through push.
    assert!(ana.execute("DELETE FROM team_log", &[]).await.is_err());
    assert!(ana
        .execute("INSERT INTO team_share VALUES ($1, 'STATE', 1)", &[&b_item])
        .await
        .is_err());

    // DOJ shares its item with STATE: Ana now sees its whole history and may work on it.
    let share = op("share", json!({"item": b_item, "agency": "STATE"}));
    push(&bo, std::slice::from_ref(&share)).await.unwrap();
    let history: Vec<Uuid> = ana
        .query("SELECT op_id FROM pull_item($1)", &[&b_item])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(history, vec![id(&b_ops[0]), id(&share)]);
    assert!(seen(pull(&ana, 0, 100).await).contains(&id(&b_ops[0])));
    push(&ana, &[forged]).await.unwrap();
    // A share without an agency code is rejected.
    assert!(matches!(
        push(&bo, &[op("share", json!({"item": b_item}))]).await,
        Err(Error::Rejected(_))
    ));
    let check = server::verify_chain(&team.admin).await.unwrap();
    assert_eq!((check.first_bad, check.head_seq), (None, 6));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tampering_is_named_by_verify_chain() {
    let team = Team::new().await;
    let ana = team
        .ana_pushes(|item| vec![create(item), archive(item), archive(item), archive(item)])
        .await;
    assert_eq!(server::verify_chain(&ana).await.unwrap().first_bad, None);
    // Even the owner cannot UPDATE or DELETE while the trigger stands.
    let refused = team
        .admin
        .execute(
            "UPDATE team_log SET author = 'bo' WHERE server_seq = 3",
            &[],
        )
        .await;
    assert!(matches!(
        refused.map_err(Error::from),
        Err(Error::Refused(_))
    ));
    assert!(team
        .admin
        .execute("DELETE FROM team_log", &[])
        .await
        .is_err());
    // The superuser disables it and edits row 3's body.
    team.admin
        .batch_execute(
            "ALTER TABLE team_log DISABLE TRIGGER team_log_append_only;
             UPDATE team_log SET body = jsonb_set(body, '{op}', '\"unarchive\"') WHERE server_seq = 3;",
        )
        .await
        .unwrap();
    let check = server::verify_chain(&ana).await.unwrap();
    assert_eq!((check.first_bad, check.head_seq), (Some(3), 4));
    // Deleting row 2 is found too (a gap; row 3 stays the first bad after it).
    team.admin
        .batch_execute("DELETE FROM team_log WHERE server_seq = 2")
        .await
        .unwrap();
    assert_eq!(server::verify_chain(&ana).await.unwrap().first_bad, Some(3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_pushes_make_one_gapless_order() {
    const CLIENTS: usize = 6;
    const OPS: usize = 40;
    let team = Team::new().await;
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let client = team.user(if c % 2 == 0 { "ana" } else { "bo" }).await;
        tasks.push(tokio::spawn(async move {
            let item = Uuid::now_v7();
            push(&client, &[create(item)]).await.unwrap();
            let mut seqs = Vec::new();
            for _ in 0..OPS {
                seqs.extend(
                    push(&client, &[archive(item)])
                        .await
                        .unwrap()
                        .into_iter()
                        .map(|s| s.1),
                );
            }
            seqs
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        let seqs = t.await.unwrap();
        // Each client's own pushes come back in increasing order.
        assert!(seqs.windows(2).all(|w| w[0] < w[1]));
        all.extend(seqs);
    }
    let total = (CLIENTS * (OPS + 1)) as i64;
    let seqs: Vec<i64> = team
        .admin
        .query("SELECT server_seq FROM team_log ORDER BY server_seq", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(seqs, (1..=total).collect::<Vec<_>>());
    assert_eq!(all.len(), CLIENTS * OPS);
    let check = server::verify_chain(&team.admin).await.unwrap();
    assert_eq!((check.first_bad, check.head_seq), (None, total));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_notifies_listeners() {
    let team = Team::new().await;
    let ana = team.user("ana").await;
    // A listener on its own connection, its notifications read from the connection.
    let (bo, mut connection) =
        tokio_postgres::connect(&team.cluster.url("bo", "bo-pw"), tokio_postgres::NoTls)
            .await
            .unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut stream = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
        while let Some(Ok(message)) = futures_util::StreamExt::next(&mut stream).await {
            if let tokio_postgres::AsyncMessage::Notification(n) = message {
                tx.send((n.channel().to_owned(), n.payload().to_owned()))
                    .unwrap();
            }
        }
    });
    bo.batch_execute(&format!("LISTEN {}", server::CHANNEL))
        .await
        .unwrap();
    push(&ana, &[create(Uuid::now_v7())]).await.unwrap();
    assert_eq!(
        rx.recv().await.unwrap(),
        (server::CHANNEL.to_owned(), "1".to_owned())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_team_users_push() {
    let team = Team::new().await;
    team.admin
        .batch_execute("CREATE ROLE eve LOGIN PASSWORD 'eve-pw'")
        .await
        .unwrap();
    let eve = team.user("eve").await;
    // Not granted: push is not even callable.
    assert!(push(&eve, &[create(Uuid::now_v7())]).await.is_err());
    assert!(eve.query("SELECT * FROM team_log", &[]).await.is_err());
}

/// The hash of each row is the one README.md documents, so a client can check the chain
/// from what pull returns.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chain_is_the_documented_sha256() {
    use sha2::{Digest, Sha256};
    let team = Team::new().await;
    let ana = team
        .ana_pushes(|item| vec![create(item), op("set_marking", json!({"marking": "ü"}))])
        .await;
    let rows = team
        .admin
        .query(
            "SELECT server_seq, op_id, author, agency, item_id, body::text,
                    (extract(epoch FROM received_at) * 1000000)::bigint, prev_hash, hash
             FROM team_log ORDER BY server_seq",
            &[],
        )
        .await
        .unwrap();
    let mut prev = "0".repeat(64);
    for r in &rows {
        let item: Option<Uuid> = r.get(4);
        let at = chrono::DateTime::from_timestamp_micros(r.get(6)).unwrap();
        let text = [
            prev.clone(),
            r.get::<_, i64>(0).to_string(),
            r.get::<_, Uuid>(1).to_string(),
            r.get(2),
            r.get(3),
            item.map(|i| i.to_string()).unwrap_or_default(),
            at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
            r.get(5),
        ]
        .join("\n");
        let hash: String = Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(r.get::<_, String>(7), prev);
        assert_eq!(r.get::<_, String>(8), hash);
        prev = hash;
    }
    assert_eq!(server::verify_chain(&ana).await.unwrap().head_hash, prev);
}

/// As on a managed PostgreSQL: the team's admin is no superuser, only the owner of the
/// team's database with CREATEROLE. It sets the team up, and it can still rewrite the log
/// (an owner may disable its triggers): the chain check names the row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_without_superuser_runs_the_team() {
    let cluster = Cluster::start();
    let superuser = cluster.admin().await;
    for sql in [
        "CREATE ROLE team_admin LOGIN CREATEROLE PASSWORD 'admin-pw'",
        "CREATE DATABASE team OWNER team_admin",
    ] {
        superuser.batch_execute(sql).await.unwrap();
    }
    let url = |user: &str, pw: &str| cluster.url_of(user, pw, "team");
    let mut admin = support::connect(&url("team_admin", "admin-pw"))
        .await
        .unwrap();
    server::init(&mut admin).await.unwrap();
    server::add_user(&mut admin, "ana", "STATE", "ana-pw")
        .await
        .unwrap();
    let ana = support::connect(&url("ana", "ana-pw")).await.unwrap();
    let item = Uuid::now_v7();
    push(&ana, &[create(item), archive(item)]).await.unwrap();
    assert_eq!(pull(&ana, 0, 10).await.len(), 2);
    admin
        .batch_execute(
            "ALTER TABLE team_log DISABLE TRIGGER team_log_append_only;
             UPDATE team_log SET agency = 'DOJ' WHERE server_seq = 1;",
        )
        .await
        .unwrap();
    let check = server::verify_chain(&ana).await.unwrap();
    assert_eq!((check.first_bad, check.head_seq), (Some(1), 2));
}
