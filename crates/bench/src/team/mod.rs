//! Team mode (issue 12) on a real PostgreSQL started for the run
//! (`counterpart_team::testing::Cluster`; `scripts/bootstrap` installs it):
//! - [`load`]: 20 clients push 500 operations each at once: 0 lost, one total order
//!   (server_seq 1..N without gaps, the hash chain verifies); the throughput and the time
//!   until all 20 have pulled everything.
//! - [`join`]: a new laptop joining a team of 100,000 items: the time to pull and apply
//!   everything, and its longest batch (the longest the write lock is held at a time).
//! - [`latency`]: from a push on one laptop to the change visible on another (LISTEN).
//!
//! Figures only, no targets (the issue sets none).

mod join;
mod latency;
mod load;

use chrono::{DateTime, NaiveDate, Utc};
use counterpart_team::testing::Cluster;
use std::path::Path;

use crate::timing::Report;

/// The runtime the clients run on (the machine's cores).
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// A cluster with the team schema and `users` of agency STATE (password [`password`]).
async fn team(users: &[String]) -> Cluster {
    let cluster = Cluster::start();
    let users: Vec<(&str, &str)> = users.iter().map(|u| (u.as_str(), "STATE")).collect();
    cluster.init_team(&users).await;
    cluster
}

fn password(user: &str) -> String {
    counterpart_team::testing::password_of(user)
}

pub fn run(report: &mut Report, dir: &Path, today: NaiveDate, now: DateTime<Utc>) {
    println!("team mode (PostgreSQL)");
    let rt = runtime();
    rt.block_on(async {
        load::run(report, today, now).await;
        latency::run(report, dir, today, now).await;
        join::run(report, dir, today, now).await;
    });
    println!();
}
