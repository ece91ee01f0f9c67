//! A new laptop joining a team of 100,000 items: first a database of 100,000 generated
//! items with their histories joins (its items go to the server once, as operations);
//! then an empty database joins and pulls and applies everything. Printed: both times,
//! the longest write transaction of the pull (the longest the database's write lock was
//! held at a time: the client times each batch's `apply_pulled`), and the longest batch
//! (one pull call and its write transaction, between two progress reports).

use chrono::{DateTime, NaiveDate, Utc};
use counterpart_core::db::Db;
use counterpart_core::op::Author;
use counterpart_team::client::{self, Progress};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::generate;
use crate::timing::Report;

const ITEMS: usize = crate::ITEMS;

pub async fn run(report: &mut Report, dir: &Path, today: NaiveDate, now: DateTime<Utc>) {
    let users = ["first".to_owned(), "laptop".to_owned()];
    let cluster = super::team(&users).await;
    let url = cluster.server_url("postgres");
    let author = |name: &str| Author::new(now, today, Some(name.to_owned()));

    let mut first = Db::open(&dir.join("team-first.sqlite3"), Utc::now()).expect("open");
    let stats = generate::database(&mut first, ITEMS, now, 12);
    let t = Instant::now();
    let joined = join(&mut first, &url, &users[0], &author("first"), &mut |_| {}).await;
    report.line(
        &format!("a database of {ITEMS} items joins (pushes them)"),
        t.elapsed(),
        None,
        &format!("[{} operations, {} events]", joined.pushed, stats.events),
    );

    let mut laptop = Db::open(&dir.join("team-laptop.sqlite3"), Utc::now()).expect("open");
    let mut longest = Duration::ZERO;
    let mut held = Duration::ZERO;
    let mut batches = 0;
    let mut last = Instant::now();
    let t = Instant::now();
    let joined = join(
        &mut laptop,
        &url,
        &users[1],
        &author("laptop"),
        &mut |p: Progress| {
            held = held.max(p.held);
            longest = longest.max(last.elapsed());
            last = Instant::now();
            batches += 1;
        },
    )
    .await;
    let took = t.elapsed();
    let items: i64 = laptop
        .conn()
        .query_row("SELECT count(*) FROM item", [], |r| r.get(0))
        .expect("count");
    if joined.pulled != stats_ops(&first) || items != ITEMS as i64 {
        report
            .missed
            .push("team: the new laptop has everything".into());
    }
    report.line(
        &format!("a new laptop joins a team of {ITEMS} items (pull + apply)"),
        took,
        None,
        &format!(
            "[{} operations in {batches} batches; {items} items; {:.0} ops/s]",
            joined.pulled,
            joined.pulled as f64 / took.as_secs_f64()
        ),
    );
    report.line(
        "  the longest the write lock was held (one batch applied)",
        held,
        None,
        &format!("[{} operations a batch]", client::PULL_BATCH),
    );
    report.line(
        "  its longest batch (one pull, one write transaction)",
        longest,
        None,
        &format!("[{} operations a batch]", client::PULL_BATCH),
    );
    drop(cluster);
}

async fn join(
    db: &mut Db,
    url: &str,
    user: &str,
    author: &Author,
    progress: &mut dyn FnMut(Progress),
) -> client::Joined {
    client::join(db, url, user, &super::password(user), author, progress)
        .await
        .expect("join")
}

/// How many operations the first database pushed (all of the team's log).
fn stats_ops(db: &Db) -> usize {
    db.team().expect("team").map_or(0, |m| m.pulled as usize)
}
