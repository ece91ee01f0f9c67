//! Team mode through two real windows and a real team server (issue 12): a PostgreSQL
//! cluster of the test's own (`counterpart_team::testing::Cluster`: `initdb` into a
//! temporary folder, a free port on 127.0.0.1, stopped at the end) with the team schema and
//! two users of one agency; two app instances open at the same time on two databases, each
//! joined to the server through its window's Settings → Team form (the password typed
//! there goes to the keychain, never into the database file). An event recorded in one
//! window appears in the other's open list and open item without a restart (the server's
//! `NOTIFY`), and both indicators say "Synced"; when the server goes away, the indicator
//! says "Offline since …" and what waits.
//!
//! Two windows at once take two WebDrivers (WebKitWebDriver drives one session at a time):
//! the one `scripts/e2e` starts, and a second `tauri-driver` this test starts on free ports
//! and stops ([`Driver`]). The two apps take `--instance` (a test hook of the e2e build) so
//! that the single-instance lock lets both run. Run by `scripts/e2e`.

#[allow(dead_code)] // each test file uses its own part of the shared support
mod support;

use anyhow::{anyhow, ensure, Context, Result};
use counterpart_team::server;
use counterpart_team::testing::Cluster;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::{eventually, row_selector, shown_text, tid, with_window_args, with_window_via};
use support::{Fixture, Window};

const AGENCY: &str = "STATE";
const REFERENCE: &str = "E2E-TEAM-1";

/// A `tauri-driver` of the test's own (with its WebKitWebDriver), on free ports, its apps'
/// settings in a folder of its own; stopped (its whole process group) when dropped.
struct Driver {
    child: Child,
    url: String,
    _home: tempfile::TempDir,
}

impl Driver {
    fn start() -> Result<Driver> {
        let exe = driver_program()?;
        let (port, native) = (free_port()?, free_port()?);
        let home = tempfile::Builder::new()
            .prefix("counterpart-e2e-driver-")
            .tempdir()?;
        for d in ["config", "data", "cache"] {
            std::fs::create_dir(home.path().join(d))?;
        }
        let log = std::fs::File::create(home.path().join("driver.log"))?;
        let child = {
            use std::os::unix::process::CommandExt;
            Command::new(&exe)
                .args([
                    "--port",
                    &port.to_string(),
                    "--native-port",
                    &native.to_string(),
                ])
                .env("XDG_CONFIG_HOME", home.path().join("config"))
                .env("XDG_DATA_HOME", home.path().join("data"))
                .env("XDG_CACHE_HOME", home.path().join("cache"))
                .stdin(Stdio::null())
                .stdout(log.try_clone()?)
                .stderr(log)
                .process_group(0)
                .spawn()
                .with_context(|| format!("starting {}", exe.display()))?
        };
        let mut driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            _home: home,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = driver.child.try_wait()? {
                return Err(anyhow!(
                    "the second tauri-driver exited ({status}): {}",
                    driver.log()
                ));
            }
            ensure!(
                Instant::now() < deadline,
                "the second tauri-driver did not answer on port {port} within 30 s: {}",
                driver.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(driver)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self._home.path().join("driver.log")).unwrap_or_default()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Its process group: the driver, its WebKitWebDriver and the app they started.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}

/// `tauri-driver` as `scripts/e2e` finds it: `$TAURI_DRIVER`, `~/.cargo/bin`, the `PATH`.
fn driver_program() -> Result<PathBuf> {
    let candidates = std::env::var_os("TAURI_DRIVER")
        .map(PathBuf::from)
        .into_iter()
        .chain(std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo/bin/tauri-driver")))
        .chain(
            std::env::var_os("PATH")
                .map(|p| {
                    std::env::split_paths(&p)
                        .map(|d| d.join("tauri-driver"))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default(),
        );
    for c in candidates {
        if c.is_file() {
            return Ok(c);
        }
    }
    Err(anyhow!(
        "no tauri-driver (cargo install tauri-driver --version ^2 --locked)"
    ))
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// The team server: the cluster with the schema and the users `ana` and `li` of [`AGENCY`].
async fn team_server() -> Result<Cluster> {
    let cluster = Cluster::start();
    let mut admin = cluster.admin().await;
    server::init(&mut admin).await?;
    for user in ["ana", "li"] {
        server::add_user(&mut admin, user, AGENCY, &password(user)).await?;
    }
    Ok(cluster)
}

fn password(user: &str) -> String {
    format!("{user}-team-pw")
}

/// The URL typed into the join form: the lab server on 127.0.0.1, no password in it.
fn server_url(cluster: &Cluster) -> String {
    format!(
        "postgresql://127.0.0.1:{}/postgres?sslmode=disable",
        cluster.port
    )
}

/// The indicator's text, once it is there.
async fn indicator(w: &Window) -> Result<String> {
    shown_text(&w.get("team-status").await?).await
}

/// Waits until the indicator says `want` (its text begins with it).
async fn indicator_says(w: &Window, who: &str, want: &str) -> Result<()> {
    eventually(&format!("{who}'s indicator says {want:?}"), || async {
        let got = match w.all(&tid("team-status")).await?.first() {
            Some(el) => shown_text(el).await?,
            None => "(no indicator)".into(),
        };
        let title = match w.all(&tid("team-status")).await?.first() {
            Some(el) => el.attr("title").await?.unwrap_or_default(),
            None => String::new(),
        };
        ensure!(got.starts_with(want), "it says {got:?} ({title})");
        Ok(())
    })
    .await
}

/// Joins the team through Settings → Team as `user`, and waits until it is done.
async fn join(w: &Window, cluster: &Cluster, user: &str) -> Result<()> {
    w.click("nav-settings").await?;
    ensure!(
        !w.shows("team-status").await?,
        "the indicator shows before the database is in a team"
    );
    w.type_into("team-server", &server_url(cluster)).await?;
    w.type_into("team-user", user).await?;
    w.type_into("team-password", &password(user)).await?;
    w.click("team-join").await?;
    eventually(&format!("{user} has joined the team"), || async {
        if let Some(e) = w.all(&tid("team-error")).await?.first() {
            return Err(anyhow!("the join failed: {}", shown_text(e).await?));
        }
        let done = w.get("team-done").await?;
        let said = shown_text(&done).await?;
        ensure!(
            said.contains(&format!("Joined the team as {user} ({AGENCY})")),
            "it says {said:?}"
        );
        Ok(())
    })
    .await
}

/// The team password is in the keychain under the account the CLI reads too, and in no
/// file of the database.
async fn password_kept_only_in_the_keychain(
    db: &Path,
    cluster: &Cluster,
    user: &str,
) -> Result<()> {
    let account = format!("team:{user}@127.0.0.1:{}/postgres", cluster.port);
    let out = tokio::process::Command::new("secret-tool")
        .args(["lookup", "service", "Counterpart", "username", &account])
        .output()
        .await
        .context("running secret-tool (scripts/e2e starts the keychain)")?;
    ensure!(
        String::from_utf8_lossy(&out.stdout) == password(user),
        "the keychain keeps no password for {account} ({})",
        String::from_utf8_lossy(&out.stderr).trim()
    );
    let name = db.file_name().unwrap().to_string_lossy().into_owned();
    for entry in std::fs::read_dir(db.parent().unwrap())? {
        let path = entry?.path();
        if !path.to_string_lossy().contains(&name) || !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        let secret = password(user);
        ensure!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{} holds the team password",
            path.display()
        );
    }
    Ok(())
}

/// The number of events the open item's timeline shows now.
async fn timeline_len(w: &Window) -> Result<usize> {
    Ok(
        w.all(&format!("{} {}", tid("item-detail"), tid("timeline-event")))
            .await?
            .len(),
    )
}

async fn open_item(w: &Window, reference: &str) -> Result<()> {
    w.css(&row_selector(reference)).await?.click().await?;
    eventually(&format!("the detail of {reference} opens"), || async {
        let detail = shown_text(&w.get("item-detail").await?).await?;
        ensure!(detail.contains(reference), "the detail shows {detail:.200}");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives two real windows and a real team server: run scripts/e2e"]
async fn team_an_event_recorded_in_one_window_appears_in_the_others_open_list() -> Result<()> {
    let cluster = team_server().await?;
    let a_db = Fixture::new()?;
    a_db.add(&[
        ("kind", "extradition"),
        ("reference", REFERENCE),
        ("title", "Surrender of a courier (team test)"),
        ("counterpart", "MPS"),
        ("transmitted_on", "2024-10-01"),
    ])?;
    let b_db = Fixture::new()?;
    let second = Driver::start()?;
    let instance = |name: &str| vec!["--instance".to_owned(), name.to_owned()];
    let (cluster, a_path, b_path, b_db) = (&cluster, &a_db.path, &b_db.path, &b_db);
    let second_url = second.url.as_str();
    with_window_args("team_a", &a_db, &instance("team_a"), |a| async move {
        let a = &a;
        join(a, cluster, "ana").await?;
        indicator_says(a, "ana", "Synced").await?;
        a.screenshot("team_a_joined").await?;
        password_kept_only_in_the_keychain(a_path, cluster, "ana").await?;

        with_window_via(
            second_url,
            "team_b",
            b_db,
            &instance("team_b"),
            |b| async move {
                join(&b, cluster, "li").await?;
                indicator_says(&b, "li", "Synced").await?;
                password_kept_only_in_the_keychain(b_path, cluster, "li").await?;
                b.click("nav-items").await?;
                b.expect_row(
                    REFERENCE,
                    "Transmitted",
                    support::days("2024-10-01", support::TODAY),
                )
                .await
                .context("ana's item reached li's list when li joined")?;
                open_item(&b, REFERENCE).await?;
                let before = timeline_len(&b).await?;
                b.screenshot("team_b_joined").await?;

                // Ana records an event; li's open list and open item show it, no restart.
                a.click("nav-items").await?;
                open_item(a, REFERENCE).await?;
                a.click("add-event").await?;
                a.set("field-event-type", "acknowledged").await?;
                a.set("field-event-on", "2024-10-20").await?;
                a.click("save-event").await?;
                a.expect_row(
                    REFERENCE,
                    "Acknowledged",
                    support::days("2024-10-01", support::TODAY),
                )
                .await?;
                b.expect_row(
                    REFERENCE,
                    "Acknowledged",
                    support::days("2024-10-01", support::TODAY),
                )
                .await
                .context("ana's event reached li's open list")?;
                eventually("li's open item shows ana's event", || async {
                    let now = timeline_len(&b).await?;
                    ensure!(now > before, "its timeline has {now} events (had {before})");
                    Ok(())
                })
                .await?;
                indicator_says(a, "ana", "Synced").await?;
                indicator_says(&b, "li", "Synced").await?;
                a.screenshot("team_a_recorded").await?;
                b.screenshot("team_b_live").await?;
                Ok(())
            },
        )
        .await?;
        ensure!(
            indicator(a).await?.starts_with("Synced"),
            "ana's window still synced"
        );
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the real window and a real team server: run scripts/e2e"]
async fn team_the_indicator_says_offline_since_when_the_server_goes_away() -> Result<()> {
    let mut cluster = Some(team_server().await?);
    let db = Fixture::new()?;
    let instance = vec!["--instance".to_owned(), "team_offline".to_owned()];
    let cluster = &mut cluster;
    with_window_args("team_offline", &db, &instance, |w| async move {
        join(&w, cluster.as_ref().unwrap(), "ana").await?;
        indicator_says(&w, "ana", "Synced").await?;
        // The server stops: the listener's connection ends, the engine cannot reconnect.
        drop(cluster.take());
        indicator_says(&w, "ana", "Offline since").await?;
        let title = w
            .get("team-status")
            .await?
            .attr("title")
            .await?
            .unwrap_or_default();
        ensure!(
            title.contains("Error: "),
            "the error is in the tooltip: {title:?}"
        );
        w.click("team-status").await?;
        let error = shown_text(&w.get("team-status-error").await?).await?;
        ensure!(!error.is_empty(), "a click shows the error");
        w.screenshot("team_offline").await?;
        Ok(())
    })
    .await
}

/// `counterpart team join` as a script runs it: the password from
/// `COUNTERPART_TEAM_PASSWORD`, kept nowhere.
async fn cli_join(db: &Path, cluster: &Cluster, user: &str) -> Result<String> {
    let cli = std::env::var("COUNTERPART_CLI").map_err(|_| {
        anyhow!("COUNTERPART_CLI is not set: run the window tests with scripts/e2e")
    })?;
    let out = tokio::process::Command::new(&cli)
        .arg("--db")
        .arg(db)
        .args([
            "team",
            "join",
            "--server",
            &server_url(cluster),
            "--user",
            user,
        ])
        .env("COUNTERPART_TEAM_PASSWORD", password(user))
        .output()
        .await
        .with_context(|| format!("running {cli}"))?;
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    ensure!(
        out.status.success(),
        "counterpart team join failed ({}): {said}{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(said)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the real window and a real team server: run scripts/e2e"]
async fn team_joined_from_the_command_line_the_window_asks_for_the_password_once() -> Result<()> {
    let cluster = team_server().await?;
    let db = Fixture::new()?;
    let said = cli_join(&db.path, &cluster, "li").await?;
    ensure!(
        said.contains(&format!("joined the team as li ({AGENCY})")),
        "the command said {said:?}"
    );
    let instance = vec!["--instance".to_owned(), "team_cli".to_owned()];
    let (cluster, path) = (&cluster, &db.path);
    with_window_args("team_cli_password", &db, &instance, |w| async move {
        indicator_says(&w, "li", "Password needed").await?;
        // The indicator's details lead to Settings → Team.
        w.click("team-status").await?;
        w.click("team-status-settings").await?;
        let why = shown_text(&w.get("team-last-error").await?).await?;
        ensure!(why.contains("no password for li"), "Settings says {why:?}");
        w.screenshot("team_cli_password_asked").await?;
        w.type_into("team-password", &password("li")).await?;
        w.click("team-keep-password").await?;
        eventually("the window says the password works and is kept", || async {
            let done = shown_text(&w.get("team-done").await?).await?;
            ensure!(
                done.contains("kept in the system keychain") && !done.contains("could not"),
                "it says {done:?}"
            );
            Ok(())
        })
        .await?;
        indicator_says(&w, "li", "Synced").await?;
        password_kept_only_in_the_keychain(path, cluster, "li").await?;
        Ok(())
    })
    .await
}
