//! The window as a user meets it (issue 15), on the generated database, driven through
//! WebDriver (tauri-driver + WebKitWebDriver) on a virtual display, beside an empty Tauri
//! window (crates/bench/empty-window: one page with one element, the same tauri and
//! features) built in the same run — the floor:
//!
//! - **launch**: from the moment the WebDriver session is requested (which starts the
//!   program) to the moment the first `item-row` is in the page (the empty window: its one
//!   element); the median of [`LAUNCHES`] launches of each, taken in turns so that both
//!   see the same machine. Target < 1 s and ≤ 2× the empty window. The moment is read in
//!   the page (`Date.now()`, the same wall clock as the bench's), polled through WebDriver
//!   without pause, so at most one round trip late.
//! - **memory**: the proportional set size (PSS, `/proc/PID/smaps_rollup`: shared pages
//!   counted by share) of the program and every process under it (WebKitWebProcess,
//!   WebKitNetworkProcess, …), found by walking the process tree from tauri-driver's pid
//!   down to the process running the program; at launch, and after scrolling the whole list
//!   to its end and opening [`OPENED`] items one after another in the detail. Target
//!   < 400 MiB, beside the empty window's.
//! - **search and sort**: from the `input` event of a search typed into the search box
//!   (the whole text in one event, as the last key of it) — or the click on the title's
//!   sort button — to the first rows of the new result in the list. Measured inside the
//!   page, so that WebDriver's round trips do not count: a script takes
//!   `performance.now()`, dispatches the event, and watches the list (a
//!   `MutationObserver`) until its first row is the one the core gives for the same query
//!   and no row is still a placeholder, then waits for the next animation frame (the one
//!   that paints them) and returns the difference. Median of [`REPEATS`]; each from the
//!   unfiltered list. Target < 150 ms each.
//!
//! Needs the display and the driver that `scripts/with-display` provides
//! (`COUNTERPART_WEBDRIVER`, `COUNTERPART_WEBDRIVER_PID`); `make bench` runs the bench
//! under it. Without them the figures are not measured, and so count as missed.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use chrono::NaiveDate;
use counterpart_core::db::list::{self, ListQuery, SortKey};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use crate::timing::{median, ms, Report};

mod processes;
mod scripts;
use processes::Memory;
use scripts::{OPEN, SCROLL, SHOW};

type Error = Box<dyn std::error::Error + Send + Sync>;
type Result<T> = std::result::Result<T, Error>;

/// Launches of each program measured (after one of each unmeasured, which warms the page
/// cache and fires the database's backlog of reminders once).
const LAUNCHES: usize = 5;
/// Items opened in the detail before the memory is read.
const OPENED: usize = 100;
/// Runs of each search and sort.
const REPEATS: usize = 5;
/// The searches typed: a common word with a number, a single word, Chinese words of two
/// characters (a term of the generated scheduling titles, 列管 "to schedule", and a name)
/// and a single character. (前体 "precursor" is in no generated text.)
const SEARCHES: [&str; 5] = ["Schedule 4242", "precursor", "列管", "林伟", "林"];

const LAUNCH_LIMIT: Duration = Duration::from_secs(1);
const LAUNCH_RATIO_LIMIT: f64 = 2.0;
const MEMORY_LIMIT_MIB: f64 = 400.0;
const SHOW_LIMIT: Duration = Duration::from_millis(150);
/// The longest anything here may take before it counts as broken.
const PATIENCE: Duration = Duration::from_secs(60);

const ROW: &str = "[data-testid=\"items-table\"] [data-testid=\"item-row\"]";
const EMPTY: &str = "[data-testid=\"empty\"]";

/// A program beside this benchmark's executable (`make bench` builds them together).
fn beside(name: &str) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let p = exe.with_file_name(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    p.is_file().then_some(p)
}

pub fn run(report: &mut Report, db: &Path, today: NaiveDate) {
    println!(
        "the window (through WebDriver under Xvfb; load average {})",
        load_average()
    );
    let (Ok(url), Some(driver)) = (
        std::env::var("COUNTERPART_WEBDRIVER"),
        std::env::var("COUNTERPART_WEBDRIVER_PID")
            .ok()
            .and_then(|p| p.parse::<u32>().ok()),
    ) else {
        println!(
            "not measured: no WebDriver (run under scripts/with-display, as `make bench` does)"
        );
        report.missed.push("the window's figures".into());
        println!();
        return;
    };
    let (Some(app), Some(empty)) = (
        beside("counterpart-desktop"),
        beside("counterpart-empty-window"),
    ) else {
        println!("not measured: counterpart-desktop and counterpart-empty-window are not built beside the benchmark (`make bench` builds them)");
        report.missed.push("the window's figures".into());
        println!();
        return;
    };
    let bench = Bench {
        url,
        driver,
        app,
        empty,
        db: db.to_owned(),
        today,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    if let Err(e) = runtime.block_on(bench.run(report)) {
        println!("the window's benchmark failed: {e}");
        report.missed.push("the window's figures".into());
    }
    println!();
}

struct Bench {
    url: String,
    driver: u32,
    app: PathBuf,
    empty: PathBuf,
    db: PathBuf,
    today: NaiveDate,
}

impl Bench {
    fn app_args(&self) -> Vec<String> {
        vec![
            "--db".into(),
            self.db.to_string_lossy().into_owned(),
            "--today".into(),
            self.today.to_string(),
        ]
    }

    async fn run(&self, report: &mut Report) -> Result<()> {
        // Launch: one of each unmeasured, then in turns.
        for (program, args, ready) in [
            (&self.app, self.app_args(), ROW),
            (&self.empty, vec![], EMPTY),
        ] {
            let (client, _) = launch(&self.url, program, &args, ready).await?;
            if program == &self.app {
                quit(client, &self.app, self.driver).await?;
            } else {
                close(client).await?;
            }
        }
        let (mut ours, mut floor) = (Vec::new(), Vec::new());
        let (mut ours_mem, mut floor_mem) = (Vec::new(), Vec::new());
        for _ in 0..LAUNCHES {
            let (client, took) = launch(&self.url, &self.app, &self.app_args(), ROW).await?;
            ours.push(took);
            ours_mem.push(self.memory(&self.app)?);
            quit(client, &self.app, self.driver).await?;
            let (client, took) = launch(&self.url, &self.empty, &[], EMPTY).await?;
            floor.push(took);
            floor_mem.push(self.memory(&self.empty)?);
            close(client).await?;
        }
        let (ours, floor) = (median(ours), median(floor));
        let ratio = ours.as_secs_f64() / floor.as_secs_f64();
        let ok = ours < LAUNCH_LIMIT && ratio <= LAUNCH_RATIO_LIMIT;
        if !ok {
            report
                .missed
                .push("window: launch to first rows < 1 s and <= 2x the empty window".into());
        }
        println!(
            "{:<58} {:>14}  {} (target < {}: {:.2} of it; empty window {}: ours / empty = {ratio:.2}, target <= {LAUNCH_RATIO_LIMIT:.2})",
            "launch to first rows visible (median)",
            ms(ours),
            if ok { "ok  " } else { "MISS" },
            ms(LAUNCH_LIMIT),
            ours.as_secs_f64() / LAUNCH_LIMIT.as_secs_f64(),
            ms(floor),
        );
        let floor_mib = median_f64(floor_mem.iter().map(|m| m.total_mib()).collect());
        println!(
            "{:<58} {:>11.1} MiB  (empty window {floor_mib:.1} MiB; {})",
            "memory at launch (PSS, app + WebKit processes, median)",
            median_f64(ours_mem.iter().map(|m| m.total_mib()).collect()),
            ours_mem.last().map(Memory::parts).unwrap_or_default(),
        );

        // Memory after use.
        let (client, _) = launch(&self.url, &self.app, &self.app_args(), ROW).await?;
        let used = self.use_the_list(&client).await;
        let memory = self.memory(&self.app);
        quit(client, &self.app, self.driver).await?;
        let (rows, opened) = used?;
        let memory = memory?;
        let mib = memory.total_mib();
        let ok = mib < MEMORY_LIMIT_MIB;
        if !ok {
            report
                .missed
                .push("window: memory after scrolling and opening 100 items < 400 MiB".into());
        }
        println!(
            "{:<58} {:>11.1} MiB  {} (target < {MEMORY_LIMIT_MIB:.0} MiB: {:.2} of it; empty window {floor_mib:.1} MiB: ours / empty = {:.2}; {})",
            format!("memory after scrolling {rows} rows, opening {opened} items"),
            mib,
            if ok { "ok  " } else { "MISS" },
            mib / MEMORY_LIMIT_MIB,
            mib / floor_mib,
            memory.parts(),
        );

        // Search and sort, each from the unfiltered list.
        let (client, _) = launch(&self.url, &self.app, &self.app_args(), ROW).await?;
        let shown = self.search_and_sort(&client, report).await;
        quit(client, &self.app, self.driver).await?;
        shown
    }

    /// The query the window sends for its default filter (lib/items-state.ts: open items,
    /// longest with counterpart first) with `search` and `sort`.
    fn first_reference(&self, search: Option<&str>, sort: Option<SortKey>) -> Result<String> {
        let conn = rusqlite::Connection::open_with_flags(
            &self.db,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )?;
        let q = ListQuery {
            open: Some(true),
            search: search.map(str::to_owned),
            sort: sort.unwrap_or(SortKey::DaysWithCounterpart),
            descending: sort.is_none(),
            limit: Some(1),
            ..ListQuery::default()
        };
        let page = list::page(&conn, &q, self.today)?;
        Ok(page
            .rows
            .first()
            .ok_or_else(|| format!("no open item matches {q:?}"))?
            .reference
            .clone())
    }

    async fn search_and_sort(&self, client: &Client, report: &mut Report) -> Result<()> {
        let unfiltered = self.first_reference(None, None)?;
        for text in SEARCHES {
            let expected = match self.first_reference(Some(text), None) {
                Ok(r) => r,
                Err(e) => {
                    println!("search {text:?}: not measured: {e}");
                    report.missed.push(format!("window: search {text:?}"));
                    continue;
                }
            };
            let mut times = Vec::new();
            for _ in 0..REPEATS {
                times.push(shown_after(client, TYPE, json!(text), &expected).await?);
                shown_after(client, TYPE, json!(""), &unfiltered).await?;
            }
            self.show_line(report, &format!("search {text:?}: first rows shown"), times);
        }
        let by_title = self.first_reference(None, Some(SortKey::Title))?;
        let mut times = Vec::new();
        for _ in 0..REPEATS {
            times.push(shown_after(client, CLICK, json!("sort-title"), &by_title).await?);
            shown_after(
                client,
                CLICK,
                json!("sort-days_with_counterpart"),
                &unfiltered,
            )
            .await?;
        }
        self.show_line(report, "sort by title: first rows shown", times);
        Ok(())
    }

    fn show_line(&self, report: &mut Report, what: &str, times: Vec<Duration>) {
        let (lo, hi) = (
            *times.iter().min().expect("runs"),
            *times.iter().max().expect("runs"),
        );
        let took = median(times);
        let ok = took < SHOW_LIMIT;
        if !ok {
            report.missed.push(format!("window: {what} < 150 ms"));
        }
        println!(
            "{what:<58} {:>14}  {} (target < {}: {:.2} of it; {REPEATS} runs {}–{})",
            ms(took),
            if ok { "ok  " } else { "MISS" },
            ms(SHOW_LIMIT),
            took.as_secs_f64() / SHOW_LIMIT.as_secs_f64(),
            ms(lo),
            ms(hi)
        );
    }

    /// Scrolls the list to its end a few screens at a time, as a person dragging it down
    /// would pass through it (every page fetched on the way), then opens [`OPENED`] items
    /// spread over it one after another. Returns the rows scrolled and the items opened.
    async fn use_the_list(&self, client: &Client) -> Result<(u64, usize)> {
        let deadline = Instant::now() + 10 * PATIENCE;
        let rows = loop {
            let answer = client.execute_async(SCROLL, vec![]).await?;
            if let Some(rows) = answer.get("end").and_then(Value::as_u64) {
                break rows;
            }
            if let Some(e) = answer.get("error") {
                return Err(format!("scrolling the list: {e}").into());
            }
            if Instant::now() > deadline {
                return Err("scrolling the list to its end took over 10 minutes".into());
            }
        };
        for k in 0..OPENED {
            // Rows spread over the list, from its top.
            let index = (k as u64 * 997) % rows;
            let answer = client.execute_async(OPEN, vec![json!(index)]).await?;
            if let Some(e) = answer.get("error") {
                return Err(format!("opening row {index}: {e}").into());
            }
        }
        Ok((rows, OPENED))
    }

    /// The memory of the newest process under the driver that runs `program`, with every
    /// process under it.
    fn memory(&self, program: &Path) -> Result<Memory> {
        processes::memory(self.driver, program)
    }
}

/// What a script dispatches: the search box's text (`input`), or a click on the element of
/// a test id.
const TYPE: &str = "type";
const CLICK: &str = "click";

/// Does `action` with `arg` in the page and returns how long after it the list showed
/// `expected` as its first row (the page's own clock; see the module's docs).
async fn shown_after(
    client: &Client,
    action: &str,
    arg: Value,
    expected: &str,
) -> Result<Duration> {
    let answer = client
        .execute_async(SHOW, vec![json!(action), arg.clone(), json!(expected)])
        .await?;
    match answer.get("ms").and_then(Value::as_f64) {
        Some(ms) => Ok(Duration::from_secs_f64(ms / 1e3)),
        None => {
            Err(format!("{action} {arg}: the list did not show {expected} first: {answer}").into())
        }
    }
}

/// Starts `program` through the WebDriver at `url`: the session and the time from asking
/// for it to `ready` being in the page.
async fn launch(
    url: &str,
    program: &Path,
    args: &[String],
    ready: &str,
) -> Result<(Client, Duration)> {
    let caps = json!({
        "browserName": "wry",
        "tauri:options": { "application": program, "args": args },
    });
    let Value::Object(caps) = caps else {
        unreachable!("an object")
    };
    let asked = SystemTime::now();
    let started = Instant::now();
    let client = ClientBuilder::native()
        .capabilities(caps)
        .connect(url)
        .await
        .map_err(|e| format!("starting {} through {url}: {e}", program.display()))?;
    loop {
        // WebDriver's Execute Script (named in full: this is a script in the page, not
        // SQL, which the core's test of who writes looks for by its method call).
        let seen = Client::execute(
            &client,
            "return document.querySelector(arguments[0]) ? Date.now() : null",
            vec![json!(ready)],
        )
        .await;
        // Before the page is there, scripts may fail: look again.
        if let Ok(Value::Number(at)) = seen {
            let at = UNIX_EPOCH + Duration::from_millis(at.as_u64().unwrap_or(0));
            let took = at.duration_since(asked).unwrap_or_default();
            return Ok((client, took));
        }
        if started.elapsed() > PATIENCE {
            let _ = client.close().await;
            return Err(format!(
                "{} showed no {ready} within {PATIENCE:?}",
                program.display()
            )
            .into());
        }
        tokio::task::yield_now().await;
    }
}

/// Quits the app as a user does (Ctrl+Q: through its event loop, the database closed
/// cleanly and its record of a clean close written), waits until its process has ended,
/// then closes the session. WebDriver's Close Window takes the app's process with it
/// without its exit events, and a session closed alone kills it: every next launch then
/// found the file as after a crash and read every page before its window opened (2.1 s
/// to the first rows on 100,000 items instead of about 1).
async fn quit(client: Client, app: &Path, driver: u32) -> Result<()> {
    let body = client.find(Locator::Css("body")).await?;
    // The app may be gone before WebDriver answers: the process is what is waited for.
    let _ = tokio::time::timeout(PATIENCE, body.send_keys("\u{E009}q")).await;
    let started = Instant::now();
    while started.elapsed() < PATIENCE && processes::running(driver, app)? {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    close(client).await
}

/// Closes the window (WebDriver's Close Window), then the session, which kills what is
/// left (the empty window, which has no database to close).
async fn close(client: Client) -> Result<()> {
    let _ = tokio::time::timeout(PATIENCE, client.close_window()).await;
    tokio::time::timeout(PATIENCE, client.close())
        .await
        .map_err(|_| "closing a WebDriver session took over a minute")??;
    Ok(())
}

fn median_f64(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}
