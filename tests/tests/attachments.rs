//! Attachments from the window (issue 14), end to end: a file attached through the Open
//! dialog (answered by `--dialog-answer`) is listed in the detail with its hash, reads
//! back byte for byte with `counterpart attachment get`, opens from an owner-only copy
//! (0600 in a 0700 folder; the test build starts no viewer), and is removed after a
//! confirmation in place, audited.
//!
//! Needs a display, `tauri-driver` and the built app: plain `cargo test` skips it
//! (`#[ignore]`); `scripts/e2e` runs it.

// Each test binary uses only part of the shared support.
#[allow(dead_code)]
mod support;

use anyhow::{anyhow, ensure, Context, Result};
use counterpart_core::audit::Action;
use counterpart_core::db::{audit, items};
use std::path::Path;
use support::{eventually, tid, with_window_args, Fixture, TODAY};

/// Runs `counterpart --db DB --today TODAY ARGS…` (the binary `scripts/e2e` built).
fn cli(db: &Path, args: &[&str]) -> Result<String> {
    let bin =
        std::env::var("COUNTERPART_CLI").map_err(|_| anyhow!("COUNTERPART_CLI is not set"))?;
    let out = std::process::Command::new(bin)
        .arg("--db")
        .arg(db)
        .args(["--today", TODAY])
        .args(args)
        .output()?;
    ensure!(
        out.status.success(),
        "`counterpart {}`: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(unix)]
fn mode(p: &Path) -> Result<u32> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::metadata(p)?.permissions().mode() & 0o777)
}

#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn attach_a_file_read_it_back_open_it_and_remove_it() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.add(&[
        ("kind", "extradition"),
        ("reference", "ATT-1"),
        ("title", "Extradition of Wang Moumou"),
        ("counterpart", "MPS"),
        ("transmitted_on", "2024-09-02"),
    ])?;
    let files = tempfile::Builder::new()
        .prefix("counterpart-e2e-attach-")
        .tempdir()?;
    // One attachment there already (the command line's way), for the screenshot of two.
    let letter = files.path().join("Letter of request.pdf");
    std::fs::write(&letter, b"%PDF-1.7 letter of request, signed")?;
    let db_path = fixture.path.clone();
    cli(
        &db_path,
        &[
            "attach",
            "ATT-1",
            letter.to_str().unwrap(),
            "--received-on",
            "2024-09-02",
            "--note",
            "as transmitted",
        ],
    )?;
    // The file the Open dialog answers: 300 kB of bytes of every value.
    let bytes: Vec<u8> = (0..300_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let chosen = files.path().join("Note verbale 2024-117.pdf");
    std::fs::write(&chosen, &bytes)?;
    let sha = counterpart_core::attachment::hash(bytes.as_slice())?.sha256;
    let args = ["--dialog-answer".to_owned(), chosen.display().to_string()];
    let row = format!("{}[data-sha256=\"{sha}\"]", tid("attachment-row"));
    let opened_at = std::sync::Mutex::new(None::<String>);
    let (row, opened_ref, bytes_ref) = (&row, &opened_at, &bytes);
    let (sha_ref, db_ref, dir_ref) = (&sha, &db_path, files.path());
    with_window_args("attachments", &fixture, &args, |w| {
        async move {
            eventually("the list shows ATT-1", || async {
                ensure!(!w.all(&support::row_selector("ATT-1")).await?.is_empty());
                Ok(())
            })
            .await?;
            w.css(&support::row_selector("ATT-1"))
                .await?
                .click()
                .await?;
            w.get("item-detail").await?;
            eventually("the attachment already there is listed", || async {
                ensure!(w.all(&tid("attachment-row")).await?.len() == 1);
                Ok(())
            })
            .await?;
            w.click("add-attachment").await?;
            eventually("the file chosen is listed with its SHA-256", || async {
                ensure!(!w.all(row).await?.is_empty(), "no row {row}");
                ensure!(w.all(&tid("attachment-row")).await?.len() == 2);
                Ok(())
            })
            .await?;
            let text = support::shown_text(&w.css(row).await?).await?;
            ensure!(
                text.contains("Note verbale 2024-117.pdf")
                    && text.contains("300.0 kB")
                    && text.contains(&format!("received {TODAY}"))
                    && text.contains(&sha_ref[..12]),
                "the row shows name, size, date and hash: {text:?}"
            );
            w.js(&format!(
                "document.querySelector('{}').scrollIntoView({{block: 'center'}})",
                tid("item-attachments").replace('\'', "\\'")
            ))
            .await?;
            w.screenshot("attachments-two").await?;

            // Read back with the command line while the window is open.
            let back = dir_ref.join("from the window.pdf");
            cli(
                db_ref,
                &[
                    "attachment",
                    "get",
                    "ATT-1",
                    sha_ref,
                    "-o",
                    back.to_str().unwrap(),
                ],
            )?;
            ensure!(
                std::fs::read(&back)? == *bytes_ref,
                "read back byte for byte"
            );

            // Opened: a copy written for the viewer (none started in this build).
            w.css(&format!("{row} {}", tid("open-attachment")))
                .await?
                .click()
                .await?;
            let path = eventually("the copy opened is named", || async {
                let el = w
                    .css(&format!("{row} {}", tid("attachment-opened")))
                    .await?;
                el.attr("data-path")
                    .await?
                    .ok_or_else(|| anyhow!("no data-path"))
            })
            .await?;

            // Removed, after asking in place.
            w.css(&format!("{row} {}", tid("remove-attachment")))
                .await?
                .click()
                .await?;
            w.css(&format!("{row} {}", tid("confirm-remove-attachment")))
                .await?
                .click()
                .await?;
            eventually("the row is gone", || async {
                ensure!(w.all(row).await?.is_empty());
                ensure!(w.all(&tid("attachment-row")).await?.len() == 1);
                Ok(())
            })
            .await?;
            *opened_ref.lock().unwrap() = Some(path);
            Ok(())
        }
    })
    .await?;
    let opened = opened_at
        .into_inner()
        .unwrap()
        .map(std::path::PathBuf::from)
        .ok_or_else(|| anyhow!("no copy was opened"))?;

    ensure!(
        std::fs::read(&opened).context("the opened copy")? == bytes,
        "the opened copy is the file, byte for byte"
    );
    #[cfg(unix)]
    {
        ensure!(
            mode(&opened)? == 0o600,
            "the copy is owner-only: {:o}",
            mode(&opened)?
        );
        let folder = opened.parent().unwrap();
        ensure!(
            mode(folder)? == 0o700,
            "its folder is owner-only: {:o}",
            mode(folder)?
        );
    }

    // The trail: attached through the window, then removed; the command line's `get`
    // of the attachment still there reads it back byte for byte.
    let db = fixture.db()?;
    let id = items::find(db.conn(), "ATT-1")?;
    let actions: Vec<(Action, Option<String>)> = audit::history(db.conn(), id)?
        .into_iter()
        .map(|e| (e.action, e.field))
        .collect();
    ensure!(
        actions.contains(&(Action::Attached, Some(sha.clone())))
            && actions.contains(&(Action::AttachmentRemoved, Some(sha.clone()))),
        "attached and removed, audited with the hash: {actions:?}"
    );
    let listed: serde_json::Value = serde_json::from_str(&cli(
        &db_path,
        &["attachments", "ATT-1", "--format", "json"],
    )?)?;
    let kept = listed[0]["sha256"].as_str().unwrap_or_default().to_owned();
    let out = files.path().join("back.pdf");
    cli(
        &db_path,
        &[
            "attachment",
            "get",
            "ATT-1",
            &kept,
            "-o",
            out.to_str().unwrap(),
        ],
    )?;
    ensure!(
        std::fs::read(&out)? == std::fs::read(&letter)?,
        "byte for byte"
    );
    Ok(())
}
