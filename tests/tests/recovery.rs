//! The recovery flow, end to end (issue 6): a database with items and a good backup in
//! its backups folder has its header wiped; the app, launched on it, never writes to it:
//! it moves it aside as `.damaged` (byte for byte as it was), shows the recovery screen,
//! and restoring the newest good backup brings the items back into the list.
//!
//! Run by `scripts/e2e` (a display, tauri-driver and the built app are needed).

#[allow(dead_code)] // each test file uses its own part of the shared helpers
mod support;

use anyhow::{ensure, Context, Result};
use chrono::Utc;
use counterpart_core::backup::Reason;
use counterpart_core::db::Db;
use support::{eventually, shown_text, with_window, Fixture};

#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn a_damaged_database_is_moved_aside_and_the_newest_backup_restored() -> Result<()> {
    let fixture = Fixture::new()?;
    for (kind, reference) in [("extradition", "E2E-REC-1"), ("indictment", "E2E-REC-2")] {
        fixture.add(&[
            ("kind", kind),
            ("reference", reference),
            ("title", "Kept by the backup"),
            ("counterpart", "MPS"),
            ("transmitted_on", "2024-10-01"),
        ])?;
    }
    let made = Db::open(&fixture.path, chrono::Utc::now())?
        .backup_now(Reason::Daily, Utc::now())
        .context("the backup the app should offer")?;
    ensure!(made.path.exists(), "no backup at {}", made.path.display());

    // The header wiped (the first 100 bytes zeroed); the rest of the file as it was.
    let mut bytes = std::fs::read(&fixture.path)?;
    bytes[..100].fill(0);
    std::fs::write(&fixture.path, &bytes)?;
    let mut damaged = fixture.path.as_os_str().to_owned();
    damaged.push(".damaged");
    let damaged = std::path::PathBuf::from(damaged);

    let (damaged_seen, bytes_seen) = (damaged.clone(), bytes.clone());
    with_window(
        "a_damaged_database_is_moved_aside_and_the_newest_backup_restored",
        &fixture,
        |w| async move {
            let (damaged, bytes) = (damaged_seen, bytes_seen);
            w.get("recovery").await?;
            let shown = eventually(
                "the recovery screen names where the damaged file is",
                || async {
                    let t = shown_text(&w.get("recovery-damaged-path").await?).await?;
                    ensure!(!t.is_empty(), "no path shown yet");
                    Ok(t)
                },
            )
            .await?;
            ensure!(
                shown == damaged.display().to_string(),
                "the screen says {shown}, expected {}",
                damaged.display()
            );
            ensure!(
                std::fs::read(&damaged)? == bytes,
                "{} is not byte for byte the damaged file",
                damaged.display()
            );
            let offered = shown_text(&w.get("recovery-backup").await?).await?;
            ensure!(
                offered.contains("UTC") && offered.contains("2 items"),
                "the backup offered: {offered}"
            );
            w.click("recovery-restore").await?;
            eventually("the restored items are listed", || async {
                let refs = w.row_references().await?;
                ensure!(
                    refs.contains(&"E2E-REC-1".to_owned())
                        && refs.contains(&"E2E-REC-2".to_owned()),
                    "rows: {refs:?}"
                );
                ensure!(
                    w.all("[data-testid=\"recovery\"]").await?.is_empty(),
                    "recovery still shown"
                );
                Ok(())
            })
            .await?;
            Ok(())
        },
    )
    .await?;
    ensure!(
        std::fs::read(&damaged)? == bytes,
        "the damaged file is still kept, unchanged"
    );
    Ok(())
}
