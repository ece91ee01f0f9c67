//! Exporting from the window (issue 14), end to end: the items the list shows (open ones,
//! by default) as CSV, through the Save dialog (answered by `--dialog-answer`); the file
//! holds those items and imports back with the command line.
//!
//! Needs a display, `tauri-driver` and the built app: plain `cargo test` skips it
//! (`#[ignore]`); `scripts/e2e` runs it.

// Each test binary uses only part of the shared support.
#[allow(dead_code)]
mod support;

use anyhow::{ensure, Context, Result};
use support::{eventually, shown_text, with_window_args, Fixture};

#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn export_the_items_shown_as_csv() -> Result<()> {
    let fixture = Fixture::new()?;
    for (reference, title, status, on) in [
        ("EXP-1", "Open request", "", ""),
        ("EXP-2", "Closed request", "declined", "2024-03-01"),
    ] {
        fixture.add(&[
            ("kind", "extradition"),
            ("reference", reference),
            ("title", title),
            ("counterpart", "MPS"),
            ("transmitted_on", "2024-01-03"),
            ("status", status),
            ("status_on", on),
        ])?;
    }
    let out = tempfile::Builder::new()
        .prefix("counterpart-e2e-export-")
        .tempdir()?;
    let csv = out.path().join("open items.csv");
    let args = ["--dialog-answer".to_owned(), csv.display().to_string()];
    with_window_args(
        "export_the_items_shown_as_csv",
        &fixture,
        &args,
        |w| async move {
            eventually("the list shows the open item", || async {
                ensure!(!w.all(&support::row_selector("EXP-1")).await?.is_empty());
                Ok(())
            })
            .await?;
            w.click("export-open").await?;
            w.set("export-scope", "shown").await?;
            w.click("export-confirm").await?;
            eventually("the view says where the export went", || async {
                let done = shown_text(&w.get("export-done").await?).await?;
                ensure!(
                    done.contains("Exported 1 item") && done.contains("open items.csv"),
                    "{done}"
                );
                Ok(())
            })
            .await
        },
    )
    .await?;
    let text = std::fs::read_to_string(&csv).context("the exported CSV")?;
    ensure!(text.starts_with("kind,reference,title"), "{text}");
    ensure!(
        text.contains("EXP-1") && !text.contains("EXP-2"),
        "only the item shown: {text}"
    );
    Ok(())
}
