//! Encryption at rest through the real window and a real keychain (issue 11): the first
//! start offers to encrypt (on by default) and keeps the passphrase in the keychain; the
//! file is then no SQLite file to read; the next start opens it with the kept passphrase
//! without asking; a database whose passphrase is not kept asks for it, says plainly when
//! it is wrong (touching nothing), and opens with the right one.
//!
//! The keychain is gnome-keyring's Secret Service, which `scripts/e2e` starts, unlocked, on
//! the private session bus the app is given (never the user's own). Run by `scripts/e2e`.

#[allow(dead_code)] // each test file uses its own part of the shared support
mod support;

use anyhow::{ensure, Result};
use support::{eventually, kept_passphrase, shown_text, with_window, Fixture, Window};

const PASSPHRASE: &str = "correct horse battery staple";

/// The first bytes of every SQLite file that is not encrypted.
const SQLITE_HEADER: &[u8] = b"SQLite format 3\0";

/// Waits until the list shows the row for `reference`, and neither the offer nor the
/// unlock screen.
async fn listed(w: &Window, reference: &str) -> Result<()> {
    eventually(&format!("the list shows {reference}"), || async {
        for gate in ["encrypt-offer", "unlock-screen"] {
            ensure!(!w.shows(gate).await?, "{gate} is shown");
        }
        let refs = w.row_references().await?;
        ensure!(refs.iter().any(|r| r == reference), "rows: {refs:?}");
        Ok(())
    })
    .await
}

/// Waits until the screen `id` has asked the backend about the keychain, and fails unless
/// the keychain (the one `scripts/e2e` started) is said to be available.
async fn keychain_available(w: &Window, id: &str) -> Result<()> {
    eventually(&format!("{id} finds the keychain available"), || async {
        let said = w.get(id).await?.attr("data-keychain").await?;
        let shown = match w.all(&support::tid("keychain-unavailable")).await?.first() {
            Some(note) => shown_text(note).await?,
            None => String::new(),
        };
        ensure!(
            said.as_deref() == Some("available"),
            "data-keychain={said:?} {shown}"
        );
        Ok(())
    })
    .await
}

async fn checked(w: &Window, id: &str) -> Result<bool> {
    Ok(w.get(id).await?.prop("checked").await?.as_deref() == Some("true"))
}

#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn the_first_start_encrypts_and_the_next_opens_with_the_kept_passphrase() -> Result<()> {
    let mut fixture = Fixture::missing()?;
    with_window("encryption_first_start_created", &fixture, |w| async move {
        keychain_available(&w, "encrypt-offer").await?;
        ensure!(
            checked(&w, "encrypt-toggle").await?,
            "encrypting is on by default"
        );
        ensure!(
            checked(&w, "keep-in-keychain").await?,
            "keeping the passphrase is on by default"
        );
        w.type_into("passphrase-input", PASSPHRASE).await?;
        w.type_into("passphrase-confirm", PASSPHRASE).await?;
        w.screenshot("encryption_first_start_offer").await?;
        w.click("create-database").await?;
        w.enter_item(
            "extradition",
            &[("counterpart", "MPS"), ("transmitted_on", "2024-10-01")],
            &[
                ("reference", "E2E-ENC-1"),
                ("title", "Entered in the encrypted database"),
            ],
        )
        .await?;
        listed(&w, "E2E-ENC-1").await
    })
    .await?;

    let head = std::fs::read(&fixture.path)?;
    ensure!(
        head.len() >= 4096 && !head.starts_with(SQLITE_HEADER),
        "the database file starts like a plain SQLite file: {:?}",
        String::from_utf8_lossy(&head[..head.len().min(16)])
    );
    ensure!(
        !head
            .windows(b"Entered in the encrypted".len())
            .any(|w| w == b"Entered in the encrypted"),
        "the item's title is readable in the file"
    );
    ensure!(
        kept_passphrase(&fixture.path).await?.as_deref() == Some(PASSPHRASE),
        "the keychain does not keep the passphrase typed"
    );
    fixture.set_passphrase(PASSPHRASE)?;
    ensure!(
        fixture.references()?.contains("E2E-ENC-1"),
        "the passphrase typed does not open the file"
    );

    with_window(
        "encryption_restart_reads_the_kept_passphrase",
        &fixture,
        |w| async move { listed(&w, "E2E-ENC-1").await },
    )
    .await
}

#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn a_wrong_passphrase_is_told_plainly_and_the_right_one_opens() -> Result<()> {
    let fixture = Fixture::encrypted(PASSPHRASE)?;
    fixture.add(&[
        ("kind", "indictment"),
        ("reference", "E2E-ENC-2"),
        ("title", "Kept encrypted"),
        ("counterpart", "SPP"),
        ("transmitted_on", "2024-10-01"),
    ])?;
    ensure!(
        kept_passphrase(&fixture.path).await?.is_none(),
        "the keychain keeps a passphrase for a new file"
    );
    let path = fixture.path.clone();
    let before = std::fs::read(&path)?;
    with_window(
        "encryption_unlocked_after_a_wrong_passphrase",
        &fixture,
        |w| async move {
            keychain_available(&w, "unlock-screen").await?;
            // Not kept this time: the next start asks again.
            if checked(&w, "keep-in-keychain").await? {
                w.click("keep-in-keychain").await?;
            }
            w.type_into("passphrase-input", "Tr0ub4dor&3").await?;
            w.click("unlock-submit").await?;
            let said = eventually("the wrong passphrase is told", || async {
                let t = shown_text(&w.get("unlock-error").await?).await?;
                ensure!(!t.is_empty(), "no error shown yet");
                Ok(t)
            })
            .await?;
            ensure!(
                said == "That passphrase does not open this database.",
                "the unlock screen says {said:?}"
            );
            ensure!(
                std::fs::read(&path)? == before,
                "the database file changed after a wrong passphrase"
            );
            w.screenshot("encryption_wrong_passphrase").await?;
            w.type_into("passphrase-input", PASSPHRASE).await?;
            w.click("unlock-submit").await?;
            listed(&w, "E2E-ENC-2").await
        },
    )
    .await?;
    ensure!(
        kept_passphrase(&fixture.path).await?.is_none(),
        "the passphrase was kept although the box was unticked"
    );
    Ok(())
}

#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn settings_encrypt_a_plain_database_and_keep_its_passphrase() -> Result<()> {
    let mut fixture = Fixture::new()?;
    fixture.add(&[
        ("kind", "scheduling"),
        ("reference", "E2E-ENC-3"),
        ("title", "Encrypted from Settings"),
        ("counterpart", "NNCC"),
        ("transmitted_on", "2024-10-01"),
    ])?;
    with_window("encryption_settings_encrypted", &fixture, |w| async move {
        listed(&w, "E2E-ENC-3").await?;
        w.click("nav-settings").await?;
        let status = w.get("protection-status").await?;
        ensure!(
            status.attr("data-encrypted").await?.as_deref() == Some("false"),
            "the plain database is said to be encrypted"
        );
        w.click("protection-encrypt").await?;
        w.type_into("passphrase-input", PASSPHRASE).await?;
        w.type_into("passphrase-confirm", PASSPHRASE).await?;
        w.click("protection-submit").await?;
        let done = eventually("the database is said to be encrypted", || async {
            let t = shown_text(&w.get("protection-done").await?).await?;
            ensure!(!t.is_empty(), "nothing said yet");
            Ok(t)
        })
        .await?;
        ensure!(done.contains("now encrypted"), "Settings says {done:?}");
        eventually("the status says encrypted and kept", || async {
            let t = shown_text(&w.get("protection-status").await?).await?;
            ensure!(
                t.contains("Encrypted") && t.contains("kept in the system keychain"),
                "the status says {t:?}"
            );
            Ok(())
        })
        .await
    })
    .await?;
    let head = std::fs::read(&fixture.path)?;
    ensure!(
        !head.starts_with(SQLITE_HEADER),
        "the database file is still a plain SQLite file"
    );
    ensure!(
        kept_passphrase(&fixture.path).await?.as_deref() == Some(PASSPHRASE),
        "the keychain does not keep the passphrase typed in Settings"
    );
    fixture.set_passphrase(PASSPHRASE)?;
    ensure!(fixture.references()?.contains("E2E-ENC-3"));
    with_window(
        "encryption_settings_restart_reads_the_kept_passphrase",
        &fixture,
        |w| async move { listed(&w, "E2E-ENC-3").await },
    )
    .await
}
