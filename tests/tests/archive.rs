//! Archiving and erasing through the real window (issue 6): an archived item leaves the
//! list and comes back when restored; erasing asks first and then removes the item, the
//! audit trail recording each step. Run by `scripts/e2e` (ignored by plain `cargo test`).

#[allow(dead_code)] // each test file uses its own part of the shared support
mod support;

use anyhow::{anyhow, ensure, Result};
use counterpart_core::audit::Action;
use counterpart_core::db::{audit, items, Db};
use support::{eventually, with_window, Fixture};

/// Waits until the list shows exactly these references.
async fn listed(w: &support::Window, want: &[&str]) -> Result<()> {
    eventually(&format!("the list shows {want:?}"), || async {
        let mut refs = w.row_references().await?;
        refs.sort();
        ensure!(refs == want, "listed: {refs:?}");
        Ok(())
    })
    .await
}

#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn an_item_is_archived_restored_and_erased_after_confirmation() -> Result<()> {
    let fixture = Fixture::new()?;
    for reference in ["E2E-ARC-1", "E2E-ARC-2"] {
        fixture.add(&[
            ("kind", "commitment"),
            ("reference", reference),
            ("title", "Share pill-press seizure data"),
            ("counterpart", "MFA"),
        ])?;
    }
    let path = fixture.path.clone();
    with_window(
        "an_item_is_archived_restored_and_erased_after_confirmation",
        &fixture,
        |w| async move {
            listed(&w, &["E2E-ARC-1", "E2E-ARC-2"]).await?;
            w.row("E2E-ARC-1")
                .await?
                .ok_or_else(|| anyhow!("no row E2E-ARC-1"))?
                .click()
                .await?;
            eventually("the detail is open", || async {
                w.get("archive-item").await
            })
            .await?;
            w.click("archive-item").await?;
            listed(&w, &["E2E-ARC-2"]).await?;
            eventually("the detail offers to restore", || async {
                w.get("unarchive-item").await
            })
            .await?;
            w.click("unarchive-item").await?;
            listed(&w, &["E2E-ARC-1", "E2E-ARC-2"]).await?;

            // Erase: the dialog names the item; "Keep it" erases nothing.
            eventually("the detail offers to archive again", || async {
                w.get("archive-item").await
            })
            .await?;
            w.click("erase-item").await?;
            let dialog = eventually("the confirmation", || async {
                w.get("confirm-dialog").await
            })
            .await?;
            let text = support::shown_text(&dialog).await?;
            ensure!(text.contains("Erase E2E-ARC-1"), "the dialog says {text:?}");
            w.click("confirm-keep").await?;
            let kept = items::all_references(Db::open(&path, chrono::Utc::now())?.conn())?;
            ensure!(kept.contains("E2E-ARC-1"), "kept");
            w.click("erase-item").await?;
            eventually("the confirmation again", || async {
                w.get("confirm-dialog").await
            })
            .await?;
            w.click("confirm-discard").await?;
            listed(&w, &["E2E-ARC-2"]).await?;
            Ok(())
        },
    )
    .await?;
    ensure!(!fixture.references()?.contains("E2E-ARC-1"), "erased");
    let db = Db::open(&fixture.path, chrono::Utc::now())?;
    let rows = audit::history_by_reference(db.conn(), "E2E-ARC-1")?;
    let actions: Vec<Action> = rows.iter().map(|e| e.action).collect();
    ensure!(
        actions
            == [
                Action::Created,
                Action::Archived,
                Action::Restored,
                Action::Erased
            ],
        "the trail: {actions:?}"
    );
    ensure!(audit::verify(db.conn())?.ok(), "the chain verifies");
    ensure!(items::find(db.conn(), "E2E-ARC-2").is_ok());
    Ok(())
}
