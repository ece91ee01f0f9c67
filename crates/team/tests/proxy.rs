//! The test proxy (`testing::Proxy`) on a real PostgreSQL: it forwards a session unchanged,
//! and in its lose-acks mode it cuts a committed push's answer, and nothing else.

#[path = "../src/testing.rs"]
#[allow(dead_code)]
mod support;

use counterpart_team::server;
use serde_json::{json, Value};
use support::{password_of, Cluster, Proxy};
use tokio_postgres::{Client, GenericClient};
use uuid::Uuid;

struct Setup {
    cluster: Cluster,
    admin: Client,
    proxy: Proxy,
}

async fn setup() -> Setup {
    let cluster = Cluster::start();
    let admin = cluster.init_team(&[("ana", "STATE")]).await;
    let proxy = cluster.proxy();
    Setup {
        cluster,
        admin,
        proxy,
    }
}

impl Setup {
    async fn via_proxy(&self) -> Client {
        support::connect(&self.proxy.url_of("ana", &password_of("ana"), "postgres"))
            .await
            .expect("connect through the proxy")
    }

    async fn direct(&self) -> Client {
        self.cluster.connect("ana", &password_of("ana")).await
    }

    async fn logged(&self) -> i64 {
        self.admin
            .query_one("SELECT count(*) FROM team_log", &[])
            .await
            .unwrap()
            .get(0)
    }
}

/// The creation of a new item and `more` archive ops of it, as the client pushes them.
fn item_ops(more: usize) -> Vec<Value> {
    let item = Uuid::now_v7();
    let body = |kind: &str| {
        json!({"v": 1, "id": Uuid::now_v7(), "at": "2026-12-01T12:00:00Z",
               "today": "2026-12-01", "author": "ana", "op": kind, "item": item})
    };
    let mut create = body("create_item");
    create["fields"] = json!({"title": "t"});
    create["events"] = json!([]);
    std::iter::once(create)
        .chain((0..more).map(|_| body("archive")))
        .collect()
}

async fn push(
    client: &impl GenericClient,
    ops: &[Value],
) -> Result<Vec<i64>, tokio_postgres::Error> {
    let rows = client
        .query("SELECT server_seq FROM push($1)", &[&json!(ops)])
        .await?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_proxy_forwards_a_session_unchanged() {
    let s = setup().await;
    let ana = s.via_proxy().await;
    // Large messages both ways: 3,000 ops in one push, and pulled back.
    let ops = item_ops(2_999);
    assert_eq!(
        push(&ana, &ops).await.unwrap(),
        (1..=3_000).collect::<Vec<_>>()
    );
    let rows = ana
        .query("SELECT body FROM pull(0, 5000)", &[])
        .await
        .unwrap();
    assert_eq!(
        rows.iter()
            .map(|r| r.get::<_, Value>(0))
            .collect::<Vec<_>>(),
        ops
    );
    // The simple query protocol too, and a notification.
    ana.batch_execute("LISTEN counterpart_ops; SELECT 1")
        .await
        .unwrap();
    assert_eq!(s.proxy.lost_acks(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_committed_push_loses_its_answer_and_the_resend_changes_nothing() {
    let s = setup().await;
    s.proxy.lose_push_acks(true);
    let ana = s.via_proxy().await;
    // Other statements pass in this mode.
    assert_eq!(
        ana.query("SELECT * FROM pull(0, 10)", &[])
            .await
            .unwrap()
            .len(),
        0
    );
    let ops = item_ops(4);
    let err = push(&ana, &ops).await.expect_err("the answer is lost");
    assert!(err.as_db_error().is_none(), "not a server error: {err}");
    assert!(ana.is_closed() || ana.simple_query("SELECT 1").await.is_err());
    assert_eq!(s.proxy.lost_acks(), 1);
    // The server committed the push.
    assert_eq!(s.logged().await, 5);
    // The resend, directly, duplicates nothing and answers the same positions.
    let direct = s.direct().await;
    assert_eq!(push(&direct, &ops).await.unwrap(), vec![1, 2, 3, 4, 5]);
    assert_eq!(s.logged().await, 5);
    assert_eq!(
        server::verify_chain(&s.admin).await.unwrap().first_bad,
        None
    );

    // The simple query protocol: cut too, committed too.
    let ana = s.via_proxy().await;
    let ops = item_ops(0);
    let sql = format!(
        "SELECT * FROM push('{}'::jsonb)",
        json!(ops).to_string().replace('\'', "''")
    );
    assert!(ana.simple_query(&sql).await.is_err());
    assert_eq!((s.proxy.lost_acks(), s.logged().await), (2, 6));

    // A push inside a transaction is cut at its COMMIT (the push's own answer passes).
    let mut ana = s.via_proxy().await;
    let tx = ana.transaction().await.unwrap();
    let ops = item_ops(1);
    assert_eq!(push(&tx, &ops).await.unwrap(), vec![7, 8]);
    assert!(tx.commit().await.is_err());
    assert_eq!((s.proxy.lost_acks(), s.logged().await), (3, 8));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_push_is_answered_and_the_modes_switch_off_and_on() {
    let s = setup().await;
    s.proxy.lose_push_acks(true);
    let ana = s.via_proxy().await;
    // An op of an item the log does not have: the server's error reaches the client, and
    // the connection stays open.
    let mut ops = item_ops(1);
    ops.remove(0);
    let err = push(&ana, &ops).await.expect_err("rejected");
    assert!(err.as_db_error().is_some(), "{err}");
    assert_eq!(
        push(&ana, &[])
            .await
            .expect_err("the empty push commits")
            .as_db_error(),
        None
    );
    assert_eq!(s.proxy.lost_acks(), 1);
    s.proxy.lose_push_acks(false);
    let ana = s.via_proxy().await;
    assert_eq!(push(&ana, &item_ops(0)).await.unwrap(), vec![1]);
    assert_eq!(s.proxy.lost_acks(), 1);
    // Down: the open connection is closed, a new one fails; up again, it connects.
    s.proxy.set_down(true);
    assert!(ana.simple_query("SELECT 1").await.is_err());
    assert!(
        support::connect(&s.proxy.url_of("ana", &password_of("ana"), "postgres"))
            .await
            .is_err()
    );
    s.proxy.set_down(false);
    s.via_proxy().await.simple_query("SELECT 1").await.unwrap();
}
