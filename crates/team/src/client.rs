//! Team mode's client: joins a database to a team, and syncs it — pushes its outbox, then
//! pulls what the server has after its pull position and applies it through the core's
//! one apply function ([`Db::apply_pulled`], where the merge rules live).
//!
//! - Resumable at any point: the outbox row of an operation goes only once the pull
//!   position has passed the server's copy of it, and the pull position moves in the
//!   transaction that applied the batch. A push whose acknowledgement was lost is sent
//!   again and the server (idempotent by operation id) changes nothing; a sync killed
//!   half-way starts again from what was committed.
//! - Batched: [`PUSH_BATCH`] operations per push call, [`PULL_BATCH`] per pull and per
//!   local write transaction, so that a laptop joining a large team never holds the
//!   database's write lock for long, and reports its progress.
//! - On the wire an operation is its core JSON form with a `team` object beside it: the
//!   pull position its author made it on (`base`), the columns an edit changed
//!   (`fields`) and the author's copy (`device`).

use chrono::Utc;
use counterpart_core::db::team::{Joining, Outgoing, PullOutcome, Pulled};
use counterpart_core::db::Db;
use counterpart_core::model::OpId;
use counterpart_core::op::{Author, Change, Operation};
use serde_json::{json, Value};
use tokio_postgres::{AsyncMessage, Client};

use crate::connect::{connect_as, without_credentials};
use crate::error::{Error, SyncError};

pub type Result<T> = std::result::Result<T, SyncError>;

/// Operations per push call.
pub const PUSH_BATCH: usize = 500;
/// Operations per pull call and per local write transaction.
pub const PULL_BATCH: i64 = 1000;

/// How far a pull has come: `done` operations applied of `total` to pull, after a batch
/// whose write transaction held the database's write lock for `held`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
    pub held: std::time::Duration,
}

/// What a sync did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SyncReport {
    /// Operations pushed (sent and acknowledged).
    pub pushed: usize,
    /// Operations of other copies pulled and applied.
    pub pulled: usize,
    pub conflicts: usize,
    /// Pulled operations not applied here (or events that do not count), kept with why.
    pub not_applied: usize,
    /// Operations made here that the server refused (set aside, with its reason).
    pub refused: usize,
    /// The server position pulled up to.
    pub head: i64,
}

/// What joining did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joined {
    pub agency: String,
    pub pushed: usize,
    pub pulled: usize,
}

/// The server's chain, as `team status` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerStatus {
    /// `seq:hash` of the last operation (`0:` and 64 zeros for an empty log).
    pub head: String,
    pub chain_ok: bool,
    /// The first operation whose hash does not follow (a tampered log).
    pub first_bad: Option<i64>,
}

/// Joins the team at `url` as `user`: asks the server for the user's agency, records the
/// membership, queues the database's items, and syncs.
pub async fn join(
    db: &mut Db,
    url: &str,
    user: &str,
    password: &str,
    author: &Author,
    progress: &mut dyn FnMut(Progress),
) -> Result<Joined> {
    let server = without_credentials(url)?;
    let client = connect_as(url, Some(user), Some(password)).await?;
    let agency: Option<String> = client
        .query_one("SELECT team_agency()", &[])
        .await
        .map_err(Error::from)?
        .get(0);
    let Some(agency) = agency else {
        return Err(Error::Refused(format!(
            "{user} is not a user of this team (ask its administrator: counterpart team add-user)"
        ))
        .into());
    };
    let joining = Joining {
        server,
        user: user.to_owned(),
        agency: agency.clone(),
    };
    db.join_team(&joining, author)?;
    let report = sync_with(db, &client, progress).await?;
    Ok(Joined {
        agency,
        pushed: report.pushed,
        pulled: report.pulled,
    })
}

/// Connects to the database's team server with `password`.
pub async fn connect(db: &Db, password: &str) -> Result<Client> {
    let Some(m) = db.team()? else {
        return Err(not_in_team());
    };
    Ok(connect_as(&m.server, Some(&m.user), Some(password)).await?)
}

fn not_in_team() -> SyncError {
    SyncError::Core(counterpart_core::Error::field(
        "team",
        counterpart_core::problem::Problem::NotInATeamJoin,
    ))
}

/// Pushes the outbox, then pulls and applies everything new.
pub async fn sync(
    db: &mut Db,
    password: &str,
    progress: &mut dyn FnMut(Progress),
) -> Result<SyncReport> {
    let client = connect(db, password).await?;
    sync_with(db, &client, progress).await
}

/// [`sync`] over an open connection.
pub async fn sync_with(
    db: &mut Db,
    client: &Client,
    progress: &mut dyn FnMut(Progress),
) -> Result<SyncReport> {
    let Some(m) = db.team()? else {
        return Err(not_in_team());
    };
    let (pushed, refused) = push(db, client, m.device).await?;
    let mut report = SyncReport {
        pushed,
        refused,
        ..SyncReport::default()
    };
    let head: i64 = client
        .query_one("SELECT coalesce(max(server_seq), 0) FROM team_log", &[])
        .await
        .map_err(Error::from)?
        .get(0);
    let start = m.pulled;
    let total = u64::try_from(head - start).unwrap_or(0);
    let mut after = start;
    loop {
        let rows = client
            .query(
                "SELECT server_seq, body FROM pull($1, $2)",
                &[&after, &(PULL_BATCH as i32)],
            )
            .await
            .map_err(Error::from)?;
        let Some(last) = rows.last() else { break };
        // What was pulled before this batch: an item shared now shows its ops after it in
        // this batch, and those before it only through pull_item.
        let before = after;
        after = last.get(0);
        let batch = rows
            .iter()
            .map(|r| from_wire(r.get(0), r.get(1)))
            .collect::<Result<Vec<_>>>()?;
        // An item shared with this user's agency comes with its history from before.
        for p in &batch {
            if let Change::Share { item, agency } = &p.op.change {
                if *agency == m.agency && !db.has_item(*item)? {
                    let rows = client
                        .query("SELECT server_seq, body FROM pull_item($1)", &[&item.0])
                        .await
                        .map_err(Error::from)?;
                    let earlier = rows
                        .iter()
                        .filter(|r| r.get::<_, i64>(0) <= before)
                        .map(|r| from_wire(r.get(0), r.get(1)))
                        .collect::<Result<Vec<_>>>()?;
                    add(&mut report, db.apply_pulled_history(&earlier)?);
                }
            }
        }
        let applying = std::time::Instant::now();
        add(&mut report, db.apply_pulled(&batch)?);
        progress(Progress {
            done: u64::try_from(after - start).unwrap_or(0),
            total: total.max(u64::try_from(after - start).unwrap_or(0)),
            held: applying.elapsed(),
        });
    }
    db.synced(Utc::now())?;
    report.head = db.team()?.map_or(after, |m| m.pulled);
    Ok(report)
}

fn add(report: &mut SyncReport, o: PullOutcome) {
    report.pulled += o.applied;
    report.conflicts += o.conflicts;
    report.not_applied += o.not_applied;
}

/// Pushes the outbox in batches; returns how many operations the server acknowledged and
/// how many it refused. A batch the server refuses is sent again one operation at a time:
/// each refused one is set aside with the server's reason (never sent again, listed by
/// `team status`), and the others go, so one refusal never holds back the rest.
async fn push(db: &mut Db, client: &Client, device: uuid::Uuid) -> Result<(usize, usize)> {
    let (mut pushed, mut refused) = (0, 0);
    loop {
        let batch = db.outbox(PUSH_BATCH)?;
        if batch.is_empty() {
            return Ok((pushed, refused));
        }
        match push_batch(db, client, device, &batch).await {
            Ok(n) => pushed += n,
            Err(SyncError::Server(Error::Refused(_) | Error::Rejected(_))) => {
                for one in &batch {
                    match push_batch(db, client, device, std::slice::from_ref(one)).await {
                        Ok(n) => pushed += n,
                        Err(SyncError::Server(Error::Refused(why) | Error::Rejected(why))) => {
                            db.refused_by_server(one.op_id, &why)?;
                            refused += 1;
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
            Err(e) => return Err(e),
        }
    }
}

/// One `push()` call; its answers recorded in the outbox.
async fn push_batch(
    db: &mut Db,
    client: &Client,
    device: uuid::Uuid,
    batch: &[Outgoing],
) -> Result<usize> {
    let ops = Value::Array(batch.iter().map(|o| to_wire(o, device)).collect());
    let rows = client
        .query("SELECT op_id, server_seq FROM push($1::jsonb)", &[&ops])
        .await
        .map_err(Error::from)?;
    let acks: Vec<(OpId, i64)> = rows
        .iter()
        .map(|r| (OpId(r.get::<_, uuid::Uuid>(0)), r.get(1)))
        .collect();
    db.acknowledge(&acks)?;
    Ok(acks.len())
}

/// An outbox row as the server stores it.
fn to_wire(o: &Outgoing, device: uuid::Uuid) -> Value {
    let mut v: Value = serde_json::from_str(&o.body).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        map.insert(
            "team".into(),
            json!({"base": o.base, "fields": o.fields, "device": device}),
        );
    }
    v
}

/// A row of the server's log as the core applies it.
fn from_wire(server_seq: i64, mut body: Value) -> Result<Pulled> {
    let unreadable = |why: String| SyncError::Unreadable { server_seq, why };
    let team = body
        .as_object_mut()
        .and_then(|m| m.remove("team"))
        .unwrap_or(Value::Null);
    let op = Operation::from_json(&body.to_string()).map_err(|e| unreadable(e.to_string()))?;
    Ok(Pulled {
        server_seq,
        op,
        base: team["base"].as_i64().unwrap_or(0),
        fields: team["fields"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|f| f.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        device: team["device"].as_str().and_then(|d| d.parse().ok()),
    })
}

/// The server's chain: its head, and whether every row follows from the one before.
pub async fn server_status(db: &Db, password: &str) -> Result<ServerStatus> {
    let client = connect(db, password).await?;
    let c = crate::server::verify_chain(&client).await?;
    Ok(ServerStatus {
        head: format!("{}:{}", c.head_seq, c.head_hash),
        chain_ok: c.first_bad.is_none(),
        first_bad: c.first_bad,
    })
}

/// Leaves the team (the items stay; operations not pushed stay here only).
pub fn leave(db: &mut Db, author: &Author) -> Result<()> {
    Ok(db.leave_team(author)?)
}

/// Notifications of new operations on the server (`LISTEN counterpart_ops`).
pub struct Listener {
    _client: Client,
    heads: tokio::sync::mpsc::UnboundedReceiver<i64>,
}

impl Listener {
    /// Listens on the team server of `server` (a URL without credentials) as `user`.
    pub async fn start(server: &str, user: &str, password: &str) -> Result<Listener> {
        let (client, mut messages) =
            crate::connect::connect_listening(server, Some(user), Some(password)).await?;
        let (tx, heads) = tokio::sync::mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Some(m) = messages.recv().await {
                if let AsyncMessage::Notification(n) = m {
                    if let Ok(head) = n.payload().parse() {
                        if tx.send(head).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        client
            .batch_execute("LISTEN counterpart_ops")
            .await
            .map_err(Error::from)?;
        Ok(Listener {
            _client: client,
            heads,
        })
    }

    /// The next new server head; None once the connection is lost (reconnect then).
    pub async fn next(&mut self) -> Option<i64> {
        self.heads.recv().await
    }
}
