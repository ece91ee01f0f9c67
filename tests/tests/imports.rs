//! Importing from the window (issue 14), end to end: a file chosen in the Open dialog
//! (answered by `--dialog-answer`), its preview before anything is written (the first
//! rows, and every bad row with its line and field), then the import itself (after a
//! checked backup), and the list showing what came in. What was saved is read back with
//! the command line (`COUNTERPART_CLI`), not with the window.
//!
//! Needs a display, `tauri-driver` and the built app: plain `cargo test` skips it
//! (`#[ignore]`); `scripts/e2e` runs it.

// Each test binary uses only part of the shared support.
#[allow(dead_code)]
mod support;

use anyhow::{ensure, Context, Result};
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};
use support::{cli_json, eventually, shown_text, tid, with_window_args, Fixture, Window};

/// The references `counterpart list --format json` prints, sorted.
async fn saved(db: &Path) -> Result<Vec<String>> {
    let list = cli_json(db, &["list", "--format", "json"]).await?;
    let mut refs: Vec<String> = list
        .as_array()
        .context("list prints an array")?
        .iter()
        .filter_map(|i| i["reference"].as_str().map(str::to_owned))
        .collect();
    refs.sort();
    Ok(refs)
}

async fn confirm_disabled(w: &Window) -> Result<bool> {
    let v = w
        .js("return document.querySelector('[data-testid=\"import-confirm\"]').disabled")
        .await?;
    Ok(v == Value::Bool(true))
}

/// An empty database, and a file `name` holding `text` in a folder of its own; the
/// arguments that make every file dialog answer that file.
fn prepare(
    name: &str,
    text: &str,
) -> Result<(Fixture, tempfile::TempDir, std::path::PathBuf, [String; 2])> {
    let fixture = Fixture::new()?;
    let dir = tempfile::Builder::new()
        .prefix("counterpart-e2e-import-")
        .tempdir()?;
    let file = dir.path().join(name);
    std::fs::write(&file, text)?;
    let args = ["--dialog-answer".to_owned(), file.display().to_string()];
    Ok((fixture, dir, file, args))
}

/// The problems the preview lists, as shown.
async fn problems(w: &Window) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for e in w.all(&tid("import-error")).await? {
        out.push(shown_text(&e).await?);
    }
    Ok(out)
}

const BAD: &str = "kind,reference,title,title_zh,counterpart,status,status_on,transmitted_on,due_on\n\
extradition,IMP-1,Extradition of Lin Moumou,引渡林某某,Ministry of Public Security,acknowledged,2024-03-04,2024-02-01,2025-01-31\n\
extradition,IMP-2,Surrender of Wang,,MPS,,,2024-02-30,\n\
scheduling,IMP-3,Control of 4-ANPP,,NNCC,,,2024-04-01,\n\
commitment,IMP-4,Working group on precursors,,MFA,,,,\n";

#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn import_a_csv_with_a_bad_row_then_fixed() -> Result<()> {
    let (fixture, _dir, csv, args) = prepare("requests.csv", BAD)?;
    let db = fixture.path.clone();
    let backup = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let seen_backup = backup.clone();
    with_window_args(
        "import_a_csv_with_a_bad_row_then_fixed",
        &fixture,
        &args,
        |w| async move {
            // The empty list offers the import (no more "run counterpart import").
            let empty = shown_text(&w.get("empty-state").await?).await?;
            ensure!(!empty.contains("counterpart import"), "{empty}");
            w.click("import-open").await?;
            let preview = w.get("import-preview").await?;
            eventually(
                "the preview lists the bad row with its line and field",
                || async {
                    let p = problems(&w).await?;
                    ensure!(p.len() == 1, "{p:?}");
                    ensure!(
                        p[0].contains("Line 3")
                            && p[0].contains("transmitted_on")
                            && p[0].contains("2024-02-30"),
                        "{p:?}"
                    );
                    Ok(())
                },
            )
            .await?;
            let text = shown_text(&preview).await?;
            ensure!(text.contains("1 problem"), "{text}");
            for shown in [
                "IMP-1",
                "MPS",
                "Acknowledged",
                "2024-03-04",
                "IMP-3",
                "IMP-4",
            ] {
                ensure!(
                    text.contains(shown),
                    "the first rows as saved show {shown}: {text}"
                );
            }
            ensure!(
                !text.contains("IMP-2"),
                "the bad row is not among them: {text}"
            );
            ensure!(
                confirm_disabled(&w).await?,
                "no import while there is a problem"
            );
            w.screenshot("import-preview").await?;
            ensure!(
                saved(&db).await?.is_empty(),
                "nothing is written by the preview"
            );

            // Fixed in the file, chosen again, imported.
            std::fs::write(&csv, BAD.replace("2024-02-30", "2024-02-28"))?;
            w.click("import-choose").await?;
            eventually("the fixed file previews clean", || async {
                ensure!(problems(&w).await?.is_empty());
                let text = shown_text(&w.get("import-preview").await?).await?;
                ensure!(
                    text.contains("4 items with 4 events will be imported"),
                    "{text}"
                );
                ensure!(!confirm_disabled(&w).await?);
                Ok(())
            })
            .await?;
            w.click("import-confirm").await?;
            let done = eventually("the window says what was imported", || async {
                let done = shown_text(&w.get("import-done").await?).await?;
                ensure!(done.contains("Imported 4 items with 4 events"), "{done}");
                shown_text(&w.get("import-backup").await?).await
            })
            .await?;
            *seen_backup.lock().unwrap() = done;
            w.click("import-close").await?;
            eventually("the list shows the imported items", || async {
                let mut refs = w.row_references().await?;
                refs.sort();
                ensure!(refs == ["IMP-1", "IMP-2", "IMP-3", "IMP-4"], "{refs:?}");
                Ok(())
            })
            .await
        },
    )
    .await?;
    ensure!(saved(&fixture.path).await? == ["IMP-1", "IMP-2", "IMP-3", "IMP-4"]);
    let backup = backup.lock().unwrap().clone();
    ensure!(
        Path::new(&backup).is_file() && backup.contains("before-import"),
        "the backup made before the import is there: {backup:?}"
    );
    Ok(())
}

/// As a spreadsheet saves "CSV UTF-8": a BOM, CRLF line endings, rows ending in empty
/// cells, a quoted cell over two lines; the bad row is named by the line an editor shows.
#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn import_a_spreadsheet_csv_with_a_bom_and_crlf() -> Result<()> {
    let text = "\u{feff}kind,reference,title,counterpart,transmitted_on,due_on,notes,tags\r\n\
extradition,XL-1,First,MPS,2024-01-02,,,\r\n\
extradition,XL-2,Second,MPS,2024-01-03,,\"a note\r\nover two lines\",\r\n\
extradition,XL-3,Third,MPS,2024-01-04,2024-13-01,,\r\n\
,,,,,,,\r\n";
    let (fixture, _dir, csv, args) = prepare("from excel.csv", text)?;
    let db = fixture.path.clone();
    with_window_args(
        "import_a_spreadsheet_csv_with_a_bom_and_crlf",
        &fixture,
        &args,
        |w| async move {
            w.click("import-open").await?;
            eventually("the bad row is named by its line in the file", || async {
                let p = problems(&w).await?;
                ensure!(
                    p.len() == 1 && p[0].contains("Line 5") && p[0].contains("due_on"),
                    "{p:?}"
                );
                Ok(())
            })
            .await?;
            ensure!(saved(&db).await?.is_empty(), "nothing saved");
            std::fs::write(&csv, text.replace("2024-13-01", "2024-12-01"))?;
            w.click("import-choose").await?;
            eventually("clean once fixed", || async {
                ensure!(problems(&w).await?.is_empty());
                ensure!(!confirm_disabled(&w).await?);
                Ok(())
            })
            .await?;
            w.click("import-confirm").await?;
            w.get("import-done").await?;
            w.click("import-close").await?;
            eventually("the list shows them", || async {
                let mut refs = w.row_references().await?;
                refs.sort();
                ensure!(refs == ["XL-1", "XL-2", "XL-3"], "{refs:?}");
                Ok(())
            })
            .await
        },
    )
    .await?;
    let list = cli_json(&fixture.path, &["list", "--format", "json"]).await?;
    for item in list.as_array().context("an array")? {
        let title = item["title"].as_str().unwrap_or_default();
        ensure!(
            !title.contains('\r') && !title.contains('\u{feff}'),
            "{title:?}"
        );
    }
    Ok(())
}

/// 100,000 rows (or `E2E_IMPORT_ROWS`): the preview and the import run off the window's
/// thread; while they run, the window answers scripts at once and the progress bar moves.
/// Prints what it measured.
#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn a_large_import_keeps_the_window_responsive() -> Result<()> {
    let rows: usize = std::env::var("E2E_IMPORT_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut text = String::from(
        "kind,reference,title,counterpart,status,status_on,transmitted_on,due_on,tags\n",
    );
    for i in 0..rows {
        let status = if i % 3 == 0 {
            "acknowledged,2024-03-01"
        } else {
            ","
        };
        text.push_str(&format!(
            "extradition,BIG-{i:06},Extradition request number {i},MPS,{status},2024-02-01,2025-01-31,bulk\n"
        ));
    }
    let (fixture, _dir, _csv, args) = prepare("large.csv", &text)?;
    let db = fixture.path.clone();
    with_window_args(
        "a_large_import_keeps_the_window_responsive",
        &fixture,
        &args,
        |w| async move {
            w.get("empty-state").await?;
            let started = Instant::now();
            w.click("import-open").await?;
            let preview = watch(&w, "import-preview").await?;
            eprintln!(
                "preview of {rows} rows: {:.1} s, {} script calls answered while it ran, slowest {} ms, {} progress values seen",
                preview.took.as_secs_f64(),
                preview.answered,
                preview.slowest.as_millis(),
                preview.fractions
            );
            let text = shown_text(&w.get("import-preview").await?).await?;
            ensure!(
                text.contains(&format!("{} items", support_count(rows))),
                "{text}"
            );
            w.click("import-confirm").await?;
            let import = watch(&w, "import-done").await?;
            eprintln!(
                "import of {rows} rows: {:.1} s, {} script calls answered while it ran, slowest {} ms, {} progress values seen; {:.1} s from the first click",
                import.took.as_secs_f64(),
                import.answered,
                import.slowest.as_millis(),
                import.fractions,
                started.elapsed().as_secs_f64(),
            );
            for (what, m) in [("preview", &preview), ("import", &import)] {
                ensure!(
                    m.slowest < Duration::from_secs(2),
                    "the window answered every script within 2 s during the {what}: slowest {:?}",
                    m.slowest
                );
            }
            ensure!(
                import.fractions >= 2,
                "the import's progress bar moved: {} values",
                import.fractions
            );
            w.click("import-close").await?;
            eventually("the list shows the items", || async {
                ensure!(!w.row_references().await?.is_empty());
                Ok(())
            })
            .await?;
            let n = cli_json(&db, &["list", "--format", "json"]).await?;
            ensure!(n.as_array().map(Vec::len) == Some(rows), "all {rows} saved");
            Ok(())
        },
    )
    .await
}

/// "100,000", as the window writes counts.
fn support_count(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What watching a long step found.
struct Watched {
    took: Duration,
    /// Script calls the window answered while the step ran.
    answered: usize,
    /// The longest one took.
    slowest: Duration,
    /// Distinct values the progress bar showed.
    fractions: usize,
}

/// Calls a script in the window every 50 ms until the element `until` shows: each call
/// times how long the window takes to answer (it cannot while its thread is blocked), and
/// reads the progress bar's value.
async fn watch(w: &Window, until: &str) -> Result<Watched> {
    let started = Instant::now();
    let (mut answered, mut slowest) = (0, Duration::ZERO);
    let mut values = std::collections::BTreeSet::new();
    let probe = format!(
        "const p = document.querySelector('[data-testid=\"import-progress\"] progress');
         const failed = document.querySelector('[data-testid=\"import-failed\"]');
         return [p ? p.value : null, !!document.querySelector('{}'), failed ? failed.innerText : null];",
        tid(until).replace('\'', "\\'")
    );
    loop {
        let t = Instant::now();
        let v = w.js(&probe).await?;
        let took = t.elapsed();
        slowest = slowest.max(took);
        answered += 1;
        if let Some(f) = v[0].as_f64() {
            values.insert((f * 1000.0) as i64);
        }
        if let Some(failed) = v[2].as_str() {
            anyhow::bail!("the window reports a failure: {failed}");
        }
        if v[1] == Value::Bool(true) {
            break;
        }
        ensure!(
            started.elapsed() < Duration::from_secs(170),
            "{until} did not show within 170 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(Watched {
        took: started.elapsed(),
        answered,
        slowest,
        fractions: values.len(),
    })
}
