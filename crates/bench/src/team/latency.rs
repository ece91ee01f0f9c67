//! The time from a push on one laptop to the change visible on another that listens
//! (`client::Listener`, `LISTEN counterpart_ops`): the first records an event and syncs;
//! the second wakes on the notification, syncs, and the event is in its database.
//! [`ROUNDS`] rounds; the median and the longest.

use chrono::{DateTime, NaiveDate, Utc};
use counterpart_core::db::Db;
use counterpart_core::model::{EventType, NewEvent};
use counterpart_core::op::Author;
use counterpart_team::client::{self, Listener};
use std::path::Path;
use std::time::Instant;

use crate::timing::{median, Report};

const ROUNDS: usize = 20;

pub async fn run(report: &mut Report, dir: &Path, today: NaiveDate, now: DateTime<Utc>) {
    let users = ["ana".to_owned(), "bea".to_owned()];
    let cluster = super::team(&users).await;
    let url = cluster.server_url("postgres");
    let author = |name: &str| Author::new(now, today, Some(name.to_owned()));
    let (ana, bea) = (author("ana"), author("bea"));
    let password = |u: &str| super::password(u);

    let mut a = Db::open(&dir.join("team-ana.sqlite3"), Utc::now()).expect("open");
    let mut b = Db::open(&dir.join("team-bea.sqlite3"), Utc::now()).expect("open");
    let fields = crate::generate::fields(&mut crate::generate::Rng::new(5), 1);
    let create = ana.create_item(fields, Some(today));
    let item = create.item().expect("an item");
    a.apply(&create).expect("create");
    for (db, user, who) in [(&mut a, "ana", &ana), (&mut b, "bea", &bea)] {
        client::join(db, &url, user, &password(user), who, &mut |_| {})
            .await
            .expect("join");
    }
    let mut listener = Listener::start(&url, "bea", &password("bea"))
        .await
        .expect("listen");

    let mut times = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        let mut e = NewEvent::new(EventType::Note, today);
        e.note = format!("round {round}");
        let op = ana.event_op(item, e);
        a.apply(&op).expect("an event");
        let t = Instant::now();
        client::sync(&mut a, &password("ana"), &mut |_| {})
            .await
            .expect("ana syncs");
        // Bea: woken by the server, pulls up to the new head.
        let head = listener.next().await.expect("a notification");
        loop {
            let r = client::sync(&mut b, &password("bea"), &mut |_| {})
                .await
                .expect("bea syncs");
            if r.head >= head {
                break;
            }
        }
        times.push(t.elapsed());
        let seen = counterpart_core::db::items::events(b.conn(), item)
            .expect("events")
            .iter()
            .any(|ev| ev.note == format!("round {round}"));
        if !seen {
            report.miss("team: the change is visible");
        }
    }
    let longest = *times.iter().max().expect("rounds");
    report.line(
        "push on one laptop -> visible on another (LISTEN), median",
        median(times),
        None,
        &format!("[{ROUNDS} rounds]"),
    );
    report.line("  the longest", longest, None, "");
    drop(cluster);
}
