//! 20 clients × 500 operations pushed at once, each client on its own connection, in
//! pushes of [`BATCH`] (as a client's sync sends its outbox): every op is in the log once
//! (0 lost), the log is one order (server_seq 1..N, no gaps; `verify_chain` finds nothing;
//! each client's own pushes got increasing positions). Then the time until every client
//! has pulled all N (each pulls in pages of [`PAGE`] as soon as its own pushes are done).

use chrono::{DateTime, Duration as Days, NaiveDate, Utc};
use counterpart_core::model::{EventType, NewEvent, RaiseLevel};
use counterpart_core::op::{Author, Operation};
use counterpart_team::server;
use counterpart_team::testing;
use serde_json::Value;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

use crate::generate::{self, Rng};
use crate::timing::Report;

const CLIENTS: usize = 20;
const OPS: usize = 500;
const ITEMS_PER_CLIENT: usize = 50;
const BATCH: usize = 25;
const PAGE: i32 = 1_000;

/// One client's 500 real operations: 50 new items, then 450 events on them.
fn operations(c: usize, today: NaiveDate, now: DateTime<Utc>) -> Vec<Operation> {
    let mut rng = Rng::new(1_000 + c as u64);
    let author = Author::new(now, today, Some(format!("u{c:02}")));
    let start = today - Days::days(300);
    let mut ops = Vec::with_capacity(OPS);
    let mut items = Vec::new();
    for i in 0..ITEMS_PER_CLIENT {
        let mut fields = generate::fields(&mut rng, c * 10_000 + i);
        fields.reference = format!("{}-C{c:02}", fields.reference);
        let op = author.create_item(fields, Some(start));
        items.push(op.item().expect("an item"));
        ops.push(op);
    }
    let types = [EventType::Note, EventType::Raised, EventType::PrcResponse];
    while ops.len() < OPS {
        let item = *rng.pick(&items);
        let on = start + Days::days(1 + rng.below(299) as i64);
        let mut e = NewEvent::new(*rng.pick(&types), on);
        e.note = format!("seen by client {c}");
        if e.event_type == EventType::Raised {
            e.level = Some(RaiseLevel::Working);
        }
        ops.push(author.event_op(item, e));
    }
    ops
}

/// What one client saw: the positions its pushes got, when it had pushed and pulled all.
struct Client {
    seqs: Vec<i64>,
    pushed: Duration,
    converged: Duration,
}

async fn client(
    url: String,
    ops: Vec<Value>,
    total: usize,
    start: Arc<tokio::sync::Barrier>,
) -> (Client, Instant) {
    let db = testing::connect(&url).await.expect("connect");
    start.wait().await;
    let t = Instant::now();
    let mut seqs = Vec::with_capacity(ops.len());
    for batch in ops.chunks(BATCH) {
        let rows = db
            .query(
                "SELECT server_seq FROM push($1)",
                &[&Value::Array(batch.to_vec())],
            )
            .await
            .expect("push");
        seqs.extend(rows.iter().map(|r| r.get::<_, i64>(0)));
    }
    let pushed = t.elapsed();
    let (mut after, mut pulled) = (0i64, 0usize);
    while pulled < total {
        let rows = db
            .query("SELECT server_seq FROM pull($1, $2)", &[&after, &PAGE])
            .await
            .expect("pull");
        if let Some(last) = rows.last() {
            after = last.get(0);
        }
        pulled += rows.len();
    }
    let converged = t.elapsed();
    (
        Client {
            seqs,
            pushed,
            converged,
        },
        t,
    )
}

pub async fn run(report: &mut Report, today: NaiveDate, now: DateTime<Utc>) {
    let users: Vec<String> = (0..CLIENTS).map(|c| format!("u{c:02}")).collect();
    let cluster = super::team(&users).await;
    let ops: Vec<Vec<Operation>> = (0..CLIENTS).map(|c| operations(c, today, now)).collect();
    let total = CLIENTS * OPS;
    let start = Arc::new(tokio::sync::Barrier::new(CLIENTS));
    let tasks: Vec<_> = ops
        .iter()
        .zip(&users)
        .map(|(ops, u)| {
            let url = cluster.url_of(u, &super::password(u), "postgres");
            let bodies = ops
                .iter()
                .map(|o| serde_json::to_value(o).expect("an op's JSON"))
                .collect();
            tokio::spawn(client(url, bodies, total, Arc::clone(&start)))
        })
        .collect();
    let mut clients = Vec::new();
    for t in tasks {
        clients.push(t.await.expect("a client"));
    }
    // From the first client's start: the clients start together, at the barrier.
    let first = clients.iter().map(|c| c.1).min().expect("clients");
    let end_of = |f: fn(&Client) -> Duration| {
        clients
            .iter()
            .map(|(c, t)| t.duration_since(first) + f(c))
            .max()
            .expect("clients")
    };
    let (pushed, converged) = (end_of(|c| c.pushed), end_of(|c| c.converged));

    // 0 lost, one order.
    let admin = cluster.admin().await;
    let logged: Vec<(i64, Uuid)> = admin
        .query(
            "SELECT server_seq, op_id FROM team_log ORDER BY server_seq",
            &[],
        )
        .await
        .expect("the log")
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let sent: HashSet<Uuid> = ops.iter().flatten().map(|o| o.id.0).collect();
    let got: HashSet<Uuid> = logged.iter().map(|l| l.1).collect();
    let lost = sent.difference(&got).count();
    let gapless = logged.iter().map(|l| l.0).eq(1..=total as i64);
    let in_order = clients
        .iter()
        .all(|(c, _)| c.seqs.windows(2).all(|w| w[0] < w[1]));
    let chain = server::verify_chain(&admin).await.expect("verify_chain");
    let ok = lost == 0
        && gapless
        && in_order
        && chain.first_bad.is_none()
        && chain.head_seq == total as i64;
    if !ok {
        report.miss("team: 0 lost, one order");
    }
    let rate = total as f64 / pushed.as_secs_f64();
    report.line(
        &format!("{CLIENTS} clients x {OPS} ops pushed at once (by {BATCH})"),
        pushed,
        None,
        &format!(
            "[{rate:.0} ops/s; {lost} lost; gapless {gapless}; chain ok {}]",
            chain.first_bad.is_none()
        ),
    );
    report.line(
        &format!("  until all {CLIENTS} have pulled all {total}"),
        converged,
        None,
        "",
    );
}
