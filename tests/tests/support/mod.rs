//! What the window tests share: a WebDriver session on the real app, elements found by
//! their `data-testid` (the contract, `CONTRACT.md`; nothing else), waits with a deadline,
//! and databases prepared with `counterpart-core`.
//!
//! Nothing here sleeps for timing: every wait polls a condition until a deadline and, when
//! the deadline passes, fails with what it last saw.

use anyhow::{anyhow, bail, ensure, Context, Result};
use chrono::{NaiveDate, Utc};
use counterpart_core::db::{items, Db, Passphrase};
use counterpart_core::form;
use counterpart_core::model::{EventType, NewEvent, RaiseLevel};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tokio::time::timeout;

/// The day every test treats as today (`--today`).
pub const TODAY: &str = "2024-11-18";

/// How long a wait lasts before it fails. Generous: a cold WebKit start under Xvfb on a
/// loaded machine takes seconds; a passing test never waits this long.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// The longest a WebDriver session may take to start (the app to open) or to close.
const SESSION_LIMIT: Duration = Duration::from_secs(60);

/// The longest one test's body may run: a bound even on a WebDriver command that hangs.
const TEST_LIMIT: Duration = Duration::from_secs(180);

/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(100);

/// A date written `YYYY-MM-DD`.
pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .unwrap_or_else(|e| panic!("bad date {s} in a test: {e}"))
}

/// Whole days from `from` to `to`.
pub fn days(from: &str, to: &str) -> i64 {
    (date(to) - date(from)).num_days()
}

/// The CSS selector of an element by its test id.
pub fn tid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// The CSS selector of the list's row for `reference`.
pub fn row_selector(reference: &str) -> String {
    format!(
        "{} {}[data-reference=\"{reference}\"]",
        tid("items-table"),
        tid("item-row")
    )
}

/// Polls `probe` until it succeeds or [`PATIENCE`] has passed; then fails with `what` and
/// the probe's last complaint. An `Err` from the probe means "not yet, because …".
pub async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let deadline = Instant::now() + PATIENCE;
    loop {
        match probe().await {
            Ok(v) => return Ok(v),
            Err(e) if Instant::now() >= deadline => {
                return Err(e.context(format!("still not so after {PATIENCE:?}: {what}")))
            }
            Err(_) => tokio::time::sleep(POLL).await,
        }
    }
}

/// A database file of its own for one test, in a temporary folder removed at the end.
pub struct Fixture {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
    /// The passphrase of an encrypted database (the fixture opens it with it).
    key: Option<Passphrase>,
}

/// Who prepares the fixtures: the test, now, on today's date.
fn author() -> counterpart_core::op::Author {
    counterpart_core::op::Author::new(
        Utc::now(),
        chrono::Local::now().date_naive(),
        Some("e2e".into()),
    )
}

impl Fixture {
    /// An empty (initialised) database.
    pub fn new() -> Result<Fixture> {
        let fixture = Fixture::missing()?;
        fixture.db().context("creating it")?;
        Ok(fixture)
    }

    /// An empty database encrypted with `passphrase` (kept nowhere: the app asks for it).
    pub fn encrypted(passphrase: &str) -> Result<Fixture> {
        let mut fixture = Fixture::missing()?;
        fixture.set_passphrase(passphrase)?;
        fixture.db().context("creating it encrypted")?;
        Ok(fixture)
    }

    /// A folder without a database in it yet: the app's first start.
    pub fn missing() -> Result<Fixture> {
        let dir = tempfile::Builder::new()
            .prefix("counterpart-e2e-")
            .tempdir()?;
        let path = dir.path().join("counterpart.sqlite3");
        Ok(Fixture {
            _dir: dir,
            path,
            key: None,
        })
    }

    /// From now on the fixture opens the database with `passphrase` (e.g. after the app
    /// created it encrypted).
    pub fn set_passphrase(&mut self, passphrase: &str) -> Result<()> {
        self.key = Some(Passphrase::new(passphrase.to_owned())?);
        Ok(())
    }

    /// The database, opened as the app opens it.
    pub fn db(&self) -> Result<Db> {
        Db::open_keyed(&self.path, self.key.as_ref(), chrono::Utc::now())
            .with_context(|| format!("opening {}", self.path.display()))
    }

    /// Adds an item from named values (the CSV columns), as the form or an import would.
    pub fn add(&self, values: &[(&str, &str)]) -> Result<()> {
        let input: BTreeMap<String, String> = values
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let mut db = self.db()?;
        form::create_item(&mut db, &input, &author())
            .with_context(|| format!("preparing item {input:?}"))?;
        Ok(())
    }

    /// Records an event on the item with this reference.
    pub fn event(&self, reference: &str, event_type: EventType, on: &str) -> Result<()> {
        self.record(reference, NewEvent::new(event_type, date(on)))
    }

    /// Records that the item with this reference was raised at `level` on `on`.
    pub fn raised(&self, reference: &str, on: &str, level: RaiseLevel) -> Result<()> {
        let mut event = NewEvent::new(EventType::Raised, date(on));
        event.level = Some(level);
        self.record(reference, event)
    }

    fn record(&self, reference: &str, event: NewEvent) -> Result<()> {
        let mut db = self.db()?;
        let id = items::find(db.conn(), reference)?;
        let what = format!("recording {:?} on {reference}", event.event_type);
        db.apply(&author().event_op(id, event)).context(what)?;
        Ok(())
    }

    /// Applies one change to the record, as the app's commands do (e.g. a substance added
    /// to the registry).
    pub fn apply(&self, change: counterpart_core::op::Change) -> Result<()> {
        let mut db = self.db()?;
        db.apply(&author().op(change))
            .context("applying a change to the fixture")?;
        Ok(())
    }

    /// The references of every item in the database.
    pub fn references(&self) -> Result<HashSet<String>> {
        let db = self.db()?;
        Ok(items::all_references(db.conn())?)
    }
}

/// Runs the command line (`COUNTERPART_CLI`, built by `scripts/e2e`) on the database at
/// `db` with today at [`TODAY`], and reads what it printed as JSON.
pub async fn cli_json(db: &Path, args: &[&str]) -> Result<Value> {
    let cli = std::env::var("COUNTERPART_CLI").map_err(|_| {
        anyhow!("COUNTERPART_CLI is not set: run the window tests with scripts/e2e")
    })?;
    let out = timeout(
        Duration::from_secs(30),
        tokio::process::Command::new(&cli)
            .arg("--db")
            .arg(db)
            .args(["--today", TODAY])
            .args(args)
            .output(),
    )
    .await
    .map_err(|_| {
        anyhow!(
            "`counterpart {}` did not finish within 30 s",
            args.join(" ")
        )
    })?
    .with_context(|| format!("running {cli}"))?;
    ensure!(
        out.status.success(),
        "`counterpart {}` failed ({}): {}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stderr).trim()
    );
    serde_json::from_slice(&out.stdout).with_context(|| {
        format!(
            "`counterpart {}` printed no JSON: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// The text `el` shows (its `innerText`: what is rendered, without hidden parts), trimmed.
///
/// Not WebDriver's "Get Element Text": WebKitWebDriver's visibility heuristics return ""
/// for the status cell (a dot and a word in an `overflow: hidden` span) although the
/// word is on screen, as the screenshots show.
pub async fn shown_text(el: &Element) -> Result<String> {
    Ok(el
        .prop("innerText")
        .await?
        .unwrap_or_default()
        .trim()
        .to_owned())
}

/// One WebDriver session on the app: one window on one database.
pub struct Window {
    client: Client,
}

/// Starts the app on `fixture`'s database, runs `body` on its window, saves a screenshot
/// (`<target>/e2e-shots/<name>.png`), and closes the session whether `body` passed or
/// not. On failure it also prints the window's text, as evidence.
pub async fn with_window<F, Fut>(name: &str, fixture: &Fixture, body: F) -> Result<()>
where
    F: FnOnce(Window) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    with_window_args(name, fixture, &[], body).await
}

/// As [`with_window`], with more arguments for the app (e.g. `--dialog-answer PATH`, so
/// that every file dialog answers PATH without showing itself).
pub async fn with_window_args<F, Fut>(
    name: &str,
    fixture: &Fixture,
    args: &[String],
    body: F,
) -> Result<()>
where
    F: FnOnce(Window) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    with_window_via(&driver_url(), name, fixture, args, body).await
}

/// The WebDriver the tests drive the app through (scripts/with-display sets it).
fn driver_url() -> String {
    std::env::var("COUNTERPART_WEBDRIVER").unwrap_or_else(|_| "http://127.0.0.1:4444".into())
}

/// As [`with_window_args`], through the WebDriver at `url` (e.g. a second [`Driver`], for
/// a second window open at the same time: WebKitWebDriver drives one session at a time).
pub async fn with_window_via<F, Fut>(
    url: &str,
    name: &str,
    fixture: &Fixture,
    args: &[String],
    body: F,
) -> Result<()>
where
    F: FnOnce(Window) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let client = timeout(SESSION_LIMIT, launch(url, &fixture.path, args))
        .await
        .map_err(|_| anyhow!("the app did not start within {SESSION_LIMIT:?}"))??;
    let outcome = run(&client, body).await;
    if let Err(e) = screenshot(&client, name).await {
        eprintln!("{name}: no screenshot: {e:#}");
    }
    if outcome.is_err() {
        match client
            .execute(
                "return document.body ? document.body.innerText : '(no body)'",
                vec![],
            )
            .await
        {
            Ok(Value::String(text)) => {
                let text: String = text.chars().take(6000).collect();
                eprintln!("--- {name}: the window's text when it failed ---\n{text}\n--- end ---");
            }
            Ok(other) => eprintln!("{name}: the window's text: {other}"),
            Err(e) => eprintln!("{name}: could not read the window's text: {e}"),
        }
    }
    let closed = timeout(SESSION_LIMIT, client.close()).await;
    outcome?;
    closed
        .map_err(|_| anyhow!("closing the WebDriver session took over {SESSION_LIMIT:?}"))?
        .context("closing the WebDriver session")?;
    Ok(())
}

/// Starts the app on the fixture's database, runs `body`, then quits the app as a user
/// does with Ctrl+Q (not by ending the WebDriver session, which kills it) and returns once
/// the session is closed: the app's process may still be finishing its exit, so a caller
/// checks what the exit leaves behind with [`eventually`] (and a key press that did
/// nothing fails there).
pub async fn with_window_then_quit<F, Fut>(name: &str, fixture: &Fixture, body: F) -> Result<()>
where
    F: FnOnce(Window) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let client = timeout(SESSION_LIMIT, launch(&driver_url(), &fixture.path, &[]))
        .await
        .map_err(|_| anyhow!("the app did not start within {SESSION_LIMIT:?}"))??;
    let outcome = run(&client, body).await;
    if let Err(e) = screenshot(&client, name).await {
        eprintln!("{name}: no screenshot: {e:#}");
    }
    if outcome.is_ok() {
        let body = client.find(Locator::Css("body")).await?;
        // The app may be gone before WebDriver answers the keys: no answer is no failure
        // here, what the exit leaves behind is for the caller to check.
        if let Err(e) = timeout(SESSION_LIMIT, body.send_keys("\u{E009}q")).await {
            eprintln!("{name}: Ctrl+Q unanswered: {e}");
        }
    }
    // The app is gone or going: the session's end only tidies up.
    let _ = timeout(SESSION_LIMIT, client.close()).await;
    outcome
}

/// Runs `body` within [`TEST_LIMIT`], and fails it if the page was loaded again meanwhile
/// (the window would have lost what the person was doing).
async fn run<F, Fut>(client: &Client, body: F) -> Result<()>
where
    F: FnOnce(Window) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    client
        .execute("window.__counterpartE2E = true; return true;", vec![])
        .await
        .context("marking the page")?;
    let window = Window {
        client: client.clone(),
    };
    timeout(TEST_LIMIT, body(window)).await.map_err(|_| {
        anyhow!("the test did not finish within {TEST_LIMIT:?} (a WebDriver command hung?)")
    })??;
    let same = client
        .execute("return window.__counterpartE2E === true", vec![])
        .await
        .context("checking the page")?;
    ensure!(
        same == json!(true),
        "the window loaded its page again during the test (its state was lost)"
    );
    Ok(())
}

async fn launch(url: &str, db: &Path, extra: &[String]) -> Result<Client> {
    let app = std::env::var("COUNTERPART_APP").map_err(|_| {
        anyhow!("COUNTERPART_APP is not set: run the window tests with scripts/e2e, which builds the app and starts tauri-driver")
    })?;
    ensure!(
        Path::new(&app).is_file(),
        "COUNTERPART_APP={app} is not a file: build the app first (scripts/e2e does)"
    );
    let mut args = vec![
        "--db".to_owned(),
        db.to_string_lossy().into_owned(),
        "--today".to_owned(),
        TODAY.to_owned(),
    ];
    args.extend_from_slice(extra);
    let caps = json!({
        "browserName": "wry",
        "tauri:options": {
            "application": app,
            "args": args,
        },
    });
    let Value::Object(caps) = caps else {
        bail!("capabilities must be an object");
    };
    ClientBuilder::native()
        .capabilities(caps)
        .connect(url)
        .await
        .with_context(|| format!("starting the app through the WebDriver at {url}"))
}

/// Where screenshots go: `$CARGO_TARGET_DIR/e2e-shots` (relative to the workspace when
/// relative), else `<workspace>/target/e2e-shots`.
fn shots_dir() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .filter(|t| !t.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target"));
    let target = if target.is_absolute() {
        target
    } else {
        workspace.join(target)
    };
    target.join("e2e-shots")
}

async fn screenshot(client: &Client, name: &str) -> Result<()> {
    // Let the window paint what the DOM now holds: wait for two animation frames (bounded).
    // Without this, the first window of a run was captured as its very first paint.
    let painted = timeout(
        Duration::from_secs(5),
        client.execute_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        ),
    )
    .await;
    if !matches!(painted, Ok(Ok(_))) {
        eprintln!(
            "{name}: the window did not paint a frame within 5 s; the screenshot may be stale"
        );
    }
    // WebKitGTK without accelerated compositing (as the app draws: src-tauri/src/main.rs)
    // answers Take Screenshot only after the web view's next paint, and a window at rest
    // never paints again: the command waited for ever (it was released by moving the
    // pointer over the window). So the page repaints one invisible pixel (a corner's
    // background at 0.4 % opacity, toggled every 50 ms) until the picture is taken.
    client
        .execute(
            "const d = document.createElement('div');
             d.id = '__e2e-repaint';
             d.setAttribute('aria-hidden', 'true');
             d.style.cssText = 'position:fixed;right:0;bottom:0;width:1px;height:1px;pointer-events:none;z-index:2147483647';
             let on = false;
             window.__e2eRepaint = setInterval(() => {
               on = !on;
               d.style.background = on ? 'rgba(0,0,0,0.004)' : 'transparent';
             }, 50);
             document.body.appendChild(d);
             return true;",
            vec![],
        )
        .await
        .context("starting the repaint for the screenshot")?;
    let png = timeout(SESSION_LIMIT, client.screenshot())
        .await
        .map_err(|_| anyhow!("Take Screenshot did not answer within {SESSION_LIMIT:?}"))??;
    client
        .execute(
            "clearInterval(window.__e2eRepaint);
             document.getElementById('__e2e-repaint')?.remove();
             return true;",
            vec![],
        )
        .await
        .context("ending the repaint for the screenshot")?;
    let dir = shots_dir();
    std::fs::create_dir_all(&dir)?;
    let file = dir.join(format!("{name}.png"));
    std::fs::write(&file, png)?;
    eprintln!("{name}: screenshot {}", file.display());
    Ok(())
}

impl Window {
    /// Saves a screenshot of the window as it is now (`<target>/e2e-shots/<name>.png`), as
    /// `with_window` does at the end.
    pub async fn screenshot(&self, name: &str) -> Result<()> {
        screenshot(&self.client, name).await
    }

    /// Whether the element with test id `id` is shown now (no waiting).
    pub async fn shows(&self, id: &str) -> Result<bool> {
        Ok(!self.all(&tid(id)).await?.is_empty())
    }

    /// The first element matching `css`, waiting for it to appear.
    pub async fn css(&self, css: &str) -> Result<Element> {
        self.client
            .wait()
            .at_most(PATIENCE)
            .every(POLL)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("waiting for {css}"))
    }

    /// The element with test id `id`, waiting for it to appear.
    pub async fn get(&self, id: &str) -> Result<Element> {
        self.css(&tid(id)).await
    }

    /// Every element matching `css` now (no waiting).
    pub async fn all(&self, css: &str) -> Result<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(css)).await?)
    }

    /// Clicks the element with test id `id` (waiting for it).
    pub async fn click(&self, id: &str) -> Result<()> {
        self.get(id)
            .await?
            .click()
            .await
            .with_context(|| format!("clicking {id}"))
    }

    /// Types `text` into the text field `id` (after emptying it), as a person would.
    pub async fn type_into(&self, id: &str, text: &str) -> Result<()> {
        let el = self.get(id).await?;
        el.clear().await.with_context(|| format!("emptying {id}"))?;
        el.send_keys(text)
            .await
            .with_context(|| format!("typing into {id}"))?;
        let now = el.prop("value").await?.unwrap_or_default();
        ensure!(
            now == text,
            "typed {text:?} into {id}, but it holds {now:?}"
        );
        Ok(())
    }

    /// Sets the value of a select or a date input `id` and fires `input` and `change`, as
    /// choosing with the mouse or the date picker does (WebKit's WebDriver cannot type into
    /// `<input type=date>`). Fails when the control refuses the value (e.g. a select with
    /// no such option).
    pub async fn set(&self, id: &str, value: &str) -> Result<()> {
        let el = self.get(id).await?;
        let script = r#"
            const [el, value] = arguments;
            const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value').set;
            setter.call(el, value);
            el.dispatchEvent(new Event('input', { bubbles: true }));
            el.dispatchEvent(new Event('change', { bubbles: true }));
            return el.value;
        "#;
        let got = self
            .client
            .execute(script, vec![serde_json::to_value(&el)?, json!(value)])
            .await
            .with_context(|| format!("setting {id}"))?;
        ensure!(
            got.as_str() == Some(value),
            "set {id} to {value:?}, but it holds {got}"
        );
        Ok(())
    }

    /// Runs `script` in the window and returns its value.
    pub async fn js(&self, script: &str) -> Result<Value> {
        Ok(self.client.execute(script, vec![]).await?)
    }

    /// The list's row for `reference`, if it is shown now.
    pub async fn row(&self, reference: &str) -> Result<Option<Element>> {
        Ok(self.all(&row_selector(reference)).await?.into_iter().next())
    }

    /// The references of the rows the list shows now, in order.
    pub async fn row_references(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for r in self
            .all(&format!("{} {}", tid("items-table"), tid("item-row")))
            .await?
        {
            out.push(r.attr("data-reference").await?.unwrap_or_default());
        }
        Ok(out)
    }

    /// The text of cell `cell` (a test id) in the row for `reference`, as shown now.
    pub async fn cell(&self, reference: &str, cell: &str) -> Result<String> {
        let row = self
            .row(reference)
            .await?
            .ok_or_else(|| anyhow!("no row {reference} in items-table"))?;
        let text = row
            .find(Locator::Css(&tid(cell)))
            .await
            .with_context(|| format!("no {cell} in row {reference}"))?;
        shown_text(&text).await
    }

    /// The texts of every `form-error` shown now.
    pub async fn form_errors(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for e in self.all(&tid("form-error")).await? {
            out.push(shown_text(&e).await?);
        }
        Ok(out)
    }

    /// Waits until row `reference` shows a status containing `status` and `days` days with
    /// counterpart.
    pub async fn expect_row(&self, reference: &str, status: &str, days: i64) -> Result<()> {
        let want_days = days.to_string();
        eventually(
            &format!("row {reference} shows status {status:?} and {days} days with counterpart"),
            || async {
                let got_status = self.cell(reference, "cell-status").await?;
                let got_days = self.cell(reference, "cell-days-with-counterpart").await?;
                let errors = self.form_errors().await.unwrap_or_default();
                ensure!(
                    got_status.contains(status) && got_days == want_days,
                    "row {reference} shows status {got_status:?} and days {got_days:?} (form errors: {errors:?})"
                );
                Ok(())
            },
        )
        .await
    }

    /// Opens the new-item form, fills it and saves it; waits until the form has closed.
    /// `selects` are set as choices (selects and dates), `texts` are typed. The kind is
    /// chosen first, since it decides which fields the form shows.
    pub async fn enter_item(
        &self,
        kind: &str,
        selects: &[(&str, &str)],
        texts: &[(&str, &str)],
    ) -> Result<()> {
        self.click("new-item").await?;
        self.set("field-kind", kind).await?;
        for (field, value) in texts {
            self.type_into(&format!("field-{field}"), value).await?;
        }
        for (field, value) in selects {
            self.set(&format!("field-{field}"), value).await?;
        }
        self.click("save-item").await?;
        eventually("the entry form closes after saving", || async {
            let open = !self.all(&tid("save-item")).await?.is_empty();
            let errors = self.form_errors().await?;
            ensure!(!open, "the form is still open; its errors: {errors:?}");
            Ok(())
        })
        .await
    }
}

/// What the notification daemon (dunst, started by `scripts/e2e` on the private session
/// bus) has shown: `(summary, body)` of every notification in its history.
///
/// Shown notifications enter dunst's history only once closed, so this closes them first
/// (`dunstctl close-all`). The history lasts as long as the daemon, i.e. the whole run:
/// tests match on a reference of their own.
pub async fn notifications() -> Result<Vec<(String, String)>> {
    dunstctl(&["close-all"]).await?;
    let out = dunstctl(&["history"]).await?;
    let json: Value = serde_json::from_str(&out)
        .with_context(|| format!("`dunstctl history` printed no JSON: {out}"))?;
    let field = |n: &Value, name: &str| {
        n.get(name)
            .and_then(|f| f.get("data"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    Ok(json
        .get("data")
        .and_then(|d| d.get(0))
        .and_then(Value::as_array)
        .map(|all| {
            all.iter()
                .map(|n| (field(n, "summary"), field(n, "body")))
                .collect()
        })
        .unwrap_or_default())
}

/// The passphrase the keychain keeps for the database at `path` — the Secret Service
/// (gnome-keyring) that `scripts/e2e` starts on the private session bus, read with
/// `secret-tool` as another program would: the app's item, service `Counterpart`, account
/// the database's canonical path. `None` when it keeps none.
pub async fn kept_passphrase(path: &Path) -> Result<Option<String>> {
    let account =
        std::fs::canonicalize(path).with_context(|| format!("resolving {}", path.display()))?;
    let out = timeout(
        Duration::from_secs(10),
        tokio::process::Command::new("secret-tool")
            .arg("lookup")
            .args(["service", "Counterpart", "username"])
            .arg(&account)
            .output(),
    )
    .await
    .map_err(|_| anyhow!("`secret-tool lookup` did not answer within 10 s"))?
    .context(
        "running secret-tool (Debian package libsecret-tools; scripts/e2e starts the keychain)",
    )?;
    let found = String::from_utf8_lossy(&out.stdout).into_owned();
    // Not found: exit status 1 and nothing printed.
    if !out.status.success() && found.is_empty() {
        let err = String::from_utf8_lossy(&out.stderr);
        ensure!(
            err.trim().is_empty(),
            "`secret-tool lookup` failed ({}): {} — is the keychain running on this session bus? (scripts/e2e starts it)",
            out.status,
            err.trim()
        );
        return Ok(None);
    }
    Ok(Some(found))
}

async fn dunstctl(args: &[&str]) -> Result<String> {
    let out = timeout(
        Duration::from_secs(10),
        tokio::process::Command::new("dunstctl").args(args).output(),
    )
    .await
    .map_err(|_| anyhow!("`dunstctl {}` did not answer within 10 s", args.join(" ")))?
    .context("running dunstctl (scripts/e2e starts dunst; is it installed?)")?;
    ensure!(
        out.status.success(),
        "`dunstctl {}` failed ({}): {} — is dunst running on this session bus? (scripts/e2e starts it)",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stderr).trim()
    );
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
