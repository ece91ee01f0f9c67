//! Team mode from the command line: a real PostgreSQL cluster with the team schema and its
//! users ([`Team`]), and databases that join it ([`Member`]), each run as its user with the
//! user's password in `COUNTERPART_TEAM_PASSWORD` (the keychain is never asked).

use super::{command, text};
use counterpart_team::server;
use counterpart_team::testing::{self, Cluster};
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

pub struct Team {
    pub cluster: Cluster,
    pub dir: tempfile::TempDir,
    runtime: tokio::runtime::Runtime,
}

/// A database of one team user.
pub struct Member {
    pub db: PathBuf,
    pub user: String,
    password: String,
}

pub const PASSWORD_ENV: &str = "COUNTERPART_TEAM_PASSWORD";

impl Team {
    /// A cluster with the team schema (in its database `postgres`) and no users yet.
    pub fn start() -> Team {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let cluster = Cluster::start();
        let team = Team {
            cluster,
            dir: tempfile::tempdir().unwrap(),
            runtime,
        };
        team.block_on(async {
            let mut admin = team.cluster.admin().await;
            server::init(&mut admin).await.expect("team schema")
        });
        team
    }

    pub fn block_on<T>(&self, f: impl std::future::Future<Output = T>) -> T {
        self.runtime.block_on(f)
    }

    /// Adds the user `name` of `agency` (password `NAME-pw`) and a new database of theirs,
    /// `DB_NAME.db` (not in the team yet).
    pub fn member(&self, name: &str, agency: &str, db_name: &str) -> Member {
        let password = testing::password_of(name);
        self.block_on(async {
            let mut admin = self.cluster.admin().await;
            match server::add_user(&mut admin, name, agency, &password).await {
                Ok(()) | Err(counterpart_team::Error::UserExists(_)) => {}
                Err(e) => panic!("add user {name}: {e}"),
            }
        });
        Member {
            db: self.dir.path().join(format!("{db_name}.db")),
            user: name.to_owned(),
            password,
        }
    }

    /// The server's URL as a member gives it to `team join` (no user, no password).
    pub fn server_url(&self) -> String {
        self.cluster.server_url("postgres")
    }

    /// The first column of the first row of `sql`, run as the superuser.
    pub fn admin_i64(&self, sql: &str) -> i64 {
        self.block_on(async {
            let admin = self.cluster.admin().await;
            admin.query_one(sql, &[]).await.expect(sql).get(0)
        })
    }

    /// `sql` run as the superuser.
    pub fn admin_execute(&self, sql: &str) {
        self.block_on(async {
            let admin = self.cluster.admin().await;
            admin.batch_execute(sql).await.expect(sql)
        })
    }

    /// The server log's operations of the item `id`: one line each (server_seq, author,
    /// the op, the op's own instant).
    pub fn log_of_item(&self, id: &str) -> String {
        let id: uuid::Uuid = id.parse().expect("an item id");
        self.block_on(async {
            let admin = self.cluster.admin().await;
            let rows = admin
                .query(
                    "SELECT server_seq, author, body->>'op', body->>'at' FROM team_log
                      WHERE item_id = $1 ORDER BY server_seq",
                    &[&id],
                )
                .await
                .expect("the item's log");
            rows.iter()
                .map(|r| {
                    let (seq, who): (i64, String) = (r.get(0), r.get(1));
                    let (op, at): (String, String) = (r.get(2), r.get(3));
                    format!("  {seq} {who} {op} {at}\n")
                })
                .collect()
        })
    }

    /// How many operations the server's log holds.
    pub fn logged(&self) -> i64 {
        self.admin_i64("SELECT count(*) FROM team_log")
    }

    /// A connection as `member`'s user, directly to the server.
    pub async fn connect_as(&self, member: &Member) -> tokio_postgres::Client {
        testing::connect(
            &self
                .cluster
                .url_of(&member.user, &member.password, "postgres"),
        )
        .await
        .expect("connect")
    }
}

impl Member {
    /// `counterpart --db DB --today TODAY --user USER`, the user's password in the
    /// environment.
    pub fn command(&self) -> Command {
        let mut c = command(&self.db);
        c.env(PASSWORD_ENV, &self.password)
            .args(["--user", &self.user]);
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command()
            .args(args)
            .output()
            .expect("the counterpart binary should start")
    }

    /// The standard output of a run that must succeed.
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{} {args:?}\nstdout:\n{}\nstderr:\n{}",
            self.user,
            text(&o.stdout),
            text(&o.stderr)
        );
        text(&o.stdout)
    }

    /// `team join` of the server at `url` (see [`Team::server_url`]); its output.
    pub fn join(&self, url: &str) -> String {
        self.ok(&["team", "join", "--server", url, "--user", &self.user])
    }

    /// `event REF --type note --on DAY --note NOTE`, which must succeed; the event's id.
    pub fn note(&self, reference: &str, day: &str, note: &str) -> String {
        let out = self.ok(&[
            "event", reference, "--type", "note", "--on", day, "--note", note,
        ]);
        out.trim().to_owned()
    }

    /// `sync --format json`, which must succeed.
    pub fn sync(&self) -> Value {
        json(&self.ok(&["sync", "--format", "json"]))
    }

    /// `export --format json` without its `exported_at`.
    pub fn export(&self) -> Value {
        let mut doc = json(&self.ok(&["export", "--format", "json"]));
        doc.as_object_mut()
            .expect("an export is an object")
            .remove("exported_at");
        doc
    }

    /// `team status --format json`: the exit code and the document.
    pub fn status(&self) -> (Option<i32>, Value) {
        let o = self.run(&["team", "status", "--format", "json"]);
        let doc = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
            panic!(
                "team status --format json: {e}\nstdout:\n{}\nstderr:\n{}",
                text(&o.stdout),
                text(&o.stderr)
            )
        });
        (o.status.code(), doc)
    }

    /// The item's conflict entries (`history --format json`): when, who, the field, the
    /// value overwritten and the one that won.
    pub fn conflicts(&self, reference: &str) -> Vec<Value> {
        let history = json(&self.ok(&["history", reference, "--format", "json"]));
        history
            .as_array()
            .expect("history rows")
            .iter()
            .filter(|row| row["action"] == "conflict")
            .map(|row| {
                serde_json::json!([
                    row["at"],
                    row["who"],
                    row["field"],
                    row["old_value"],
                    row["new_value"]
                ])
            })
            .collect()
    }

    /// The references of the items of the export, sorted.
    pub fn references(&self) -> Vec<String> {
        references(&self.export())
    }
}

pub fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}):\n{s}"))
}

/// The references of an export's items, sorted.
pub fn references(export: &Value) -> Vec<String> {
    let mut refs: Vec<String> = export["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["reference"].as_str().expect("reference").to_owned())
        .collect();
    refs.sort();
    refs
}

/// The export's item of reference `reference`.
pub fn item<'a>(export: &'a Value, reference: &str) -> &'a Value {
    export["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["reference"] == reference)
        .unwrap_or_else(|| panic!("{reference} is not in the export"))
}

/// Two exports are the same; when not, the message names the first item that differs.
pub fn assert_same_export(a: &Value, b: &Value, what: &str) {
    if let Some((_, why)) = export_difference(a, b) {
        panic!("{what}: {why}");
    }
}

/// Where two exports differ: the reference of the first item that differs (None when the
/// items are not the same ones, or they differ elsewhere) and a message showing it.
pub fn export_difference(a: &Value, b: &Value) -> Option<(Option<String>, String)> {
    if a == b {
        return None;
    }
    let (ra, rb) = (references(a), references(b));
    if ra != rb {
        return Some((None, format!("not the same items:\n{ra:?}\n{rb:?}")));
    }
    for r in &ra {
        let (x, y) = (item(a, r), item(b, r));
        if x != y {
            let fields: Vec<String> = x
                .as_object()
                .unwrap()
                .iter()
                .filter(|(k, v)| y.get(k.as_str()) != Some(v))
                .map(|(k, v)| format!("  {k}: {v} | {}", y[k.as_str()]))
                .collect();
            return Some((
                Some(r.clone()),
                format!("item {r} differs:\n{}", fields.join("\n")),
            ));
        }
    }
    Some((None, "the exports differ outside their items".into()))
}

/// A CSV of `n` open extraditions `PREFIX-1` … `PREFIX-n`, to `import`.
pub fn items_csv(prefix: &str, n: usize) -> String {
    let mut csv = String::from("kind,reference,title,counterpart,transmitted_on,due_on\n");
    for i in 1..=n {
        csv.push_str(&format!(
            "extradition,{prefix}-{i},Request {prefix} {i},MPS,2024-11-01,2024-12-20\n"
        ));
    }
    csv
}
