//! The installed package, end to end (issue 15): `scripts/package-test` installs the .deb
//! that `make package` built, then runs this test through `scripts/e2e` with
//! `COUNTERPART_APP` and `COUNTERPART_CLI` naming the installed programs
//! (`/usr/bin/counterpart-desktop`, `/usr/bin/counterpart`), not the ones in the target
//! folder; then once more on the AppImage (`COUNTERPART_PACKAGE=appimage`: the app is the
//! AppImage, the command line a link to it named `counterpart`).
//!
//! It checks that both programs come from the package (dpkg owns them; or they are the
//! AppImage), so that it cannot pass on a development build, prepares a database of a few
//! items with the package's command line, writes a brief with it (which `counterpart`
//! hands to the package's `counterpart-full`), and opens the package's app on it until its
//! first rows are shown.
//!
//! `scripts/e2e` on its own (the window tests of `make test`) skips it: there is no
//! package installed then.

#[allow(dead_code)] // each test file uses its own part of the shared support
mod support;

use anyhow::{anyhow, ensure, Context, Result};
use std::path::Path;
use support::{cli_json, eventually, row_selector, with_window, Fixture, TODAY};

/// The Debian package `make package` builds (the bundler's name for it: the product's
/// name, in lower case).
const PACKAGE: &str = "counterpart";

/// The items the test prepares: (reference, title, agency, transmitted on).
const ITEMS: [(&str, &str, &str, &str); 3] = [
    (
        "PKG-EXT-1",
        "Surrender of a precursor broker",
        "MPS",
        "2024-03-04",
    ),
    (
        "PKG-SCH-1",
        "Scheduling of a nitazene analogue",
        "NNCC",
        "2024-06-17",
    ),
    (
        "PKG-COM-1",
        "Working-group commitment on labels",
        "MFA",
        "2024-10-01",
    ),
];

/// Which installed package owns `file`, as dpkg says (`dpkg-query -S`).
fn owner(file: &str) -> Result<String> {
    let out = std::process::Command::new("dpkg-query")
        .args(["-S", file])
        .output()
        .context("running dpkg-query")?;
    ensure!(
        out.status.success(),
        "no installed package owns {file}: {}",
        String::from_utf8_lossy(&out.stderr).trim()
    );
    // "counterpart: /usr/bin/counterpart"
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text.split(':').next().unwrap_or_default().trim().to_owned())
}

/// Whether `file` is an AppImage (type 2): an ELF with the magic bytes `AI\x02` at offset 8.
fn is_appimage(file: &Path) -> Result<bool> {
    use std::io::Read;
    let mut head = [0u8; 11];
    std::fs::File::open(file)
        .with_context(|| format!("opening {}", file.display()))?
        .read_exact(&mut head)
        .with_context(|| format!("reading {}", file.display()))?;
    Ok(&head[..4] == b"\x7fELF" && &head[8..11] == b"AI\x02")
}

/// The program named by the environment variable `var`, checked to come from the package
/// under test (`COUNTERPART_PACKAGE`): installed by dpkg from the .deb, or the AppImage
/// (through a link of another name, as a person would make one for the command line).
fn installed(var: &str) -> Result<String> {
    let path = std::env::var(var)
        .map_err(|_| anyhow!("{var} is not set: run this test with scripts/package-test"))?;
    ensure!(
        Path::new(&path).is_absolute() && Path::new(&path).is_file(),
        "{var}={path} is not an installed program"
    );
    let kind = std::env::var("COUNTERPART_PACKAGE").unwrap_or_else(|_| "deb".into());
    match kind.as_str() {
        "deb" => {
            let by = owner(&path)?;
            ensure!(
                by == PACKAGE,
                "{var}={path} belongs to the package {by:?}, not to {PACKAGE:?}: this test is of the installed package"
            );
        }
        "appimage" => {
            let real = std::fs::canonicalize(&path)?;
            ensure!(
                is_appimage(&real)?,
                "{var}={path} ({}) is not an AppImage",
                real.display()
            );
        }
        other => anyhow::bail!("COUNTERPART_PACKAGE={other}: the packages are deb and appimage"),
    }
    Ok(path)
}

#[tokio::test]
#[ignore = "drives the installed package: run scripts/package-test (make package-test)"]
async fn installed_package_opens_on_its_first_rows() -> Result<()> {
    installed("COUNTERPART_APP")?;
    let cli = installed("COUNTERPART_CLI")?;

    // The database, made by the installed command line.
    let fixture = Fixture::missing()?;
    let db = fixture.path.to_string_lossy().into_owned();
    let run = |args: &[&str]| -> Result<()> {
        let out = std::process::Command::new(&cli)
            .args(["--db", &db, "--today", TODAY])
            .args(args)
            .output()
            .with_context(|| format!("running {cli}"))?;
        ensure!(
            out.status.success(),
            "`counterpart {}` failed ({}): {}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
        Ok(())
    };
    run(&["init"])?;
    for (reference, title, agency, on) in ITEMS {
        run(&[
            "add",
            "--kind",
            "commitment",
            "--reference",
            reference,
            "--title",
            title,
            "--counterpart",
            agency,
            "--transmitted-on",
            on,
        ])?;
    }
    // A brief, which `counterpart` hands to the whole command line installed with it
    // (/usr/lib/counterpart/counterpart-full, or inside the AppImage).
    let brief = fixture.path.with_file_name("brief.md");
    run(&["brief", "--output", &brief.to_string_lossy()])?;
    let text = std::fs::read_to_string(&brief).context("the brief the installed program wrote")?;
    for (reference, ..) in ITEMS {
        ensure!(
            text.contains(reference),
            "the installed program's brief does not name {reference}:\n{text}"
        );
    }
    let listed = cli_json(&fixture.path, &["list", "--format", "json"]).await?;
    ensure!(
        listed.as_array().map(Vec::len) == Some(ITEMS.len()),
        "the installed command line lists {listed}, not the {} items added",
        ITEMS.len()
    );

    let kind = std::env::var("COUNTERPART_PACKAGE").unwrap_or_else(|_| "deb".into());
    with_window(
        &format!("installed_package_opens_on_its_first_rows_{kind}"),
        &fixture,
        |w| async move {
            w.get("items-table").await?;
            eventually("the installed app shows a row for every item", || async {
                let shown = w.row_references().await?;
                for (reference, ..) in ITEMS {
                    ensure!(
                        shown.iter().any(|r| r == reference),
                        "rows shown: {shown:?}; {reference} is not among them"
                    );
                    // Laid out on screen, not only in the DOM.
                    let row = w.css(&row_selector(reference)).await?;
                    let (_, y, width, height) = row.rectangle().await?;
                    ensure!(
                        width > 0.0 && height > 0.0 && y >= 0.0,
                        "the row for {reference} is not on screen ({width}×{height} at y {y})"
                    );
                }
                Ok(())
            })
            .await
        },
    )
    .await
}
