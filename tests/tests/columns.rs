//! The list's optional columns (issue 13), end to end: "U.S. working days", "PRC working
//! days" and "Raised" turned on under the list; clicking a working-days heading sorts the
//! rows as `counterpart list --sort working-days-prc` does, with the same figures, and the
//! raise column shows the count and highest level.
//!
//! Needs a display, `tauri-driver`, the built app and the command line: plain `cargo test`
//! skips it (`#[ignore]`); `scripts/e2e` runs it.

#[allow(dead_code)] // each test file uses its own part of the shared support
mod support;

use anyhow::{anyhow, ensure, Result};
use counterpart_core::model::RaiseLevel;
use support::{cli_json, eventually, shown_text, tid, with_window, Fixture};

/// (reference, transmitted on): the Spring Festival of 2024 (PRC days off, two working
/// Sundays) and the U.S. holidays of the winter fall between them.
const ITEMS: [(&str, &str); 4] = [
    ("COL-1", "2024-01-29"),
    ("COL-2", "2024-02-19"),
    ("COL-3", "2023-12-20"),
    ("COL-4", "2024-06-03"),
];

#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn working_day_columns_sort_as_the_command_line_does() -> Result<()> {
    let fixture = Fixture::new()?;
    for (reference, on) in ITEMS {
        fixture.add(&[
            ("kind", "extradition"),
            ("reference", reference),
            ("title", &format!("Request {reference}")),
            ("counterpart", "MPS"),
            ("transmitted_on", on),
        ])?;
    }
    fixture.raised("COL-2", "2024-05-01", RaiseLevel::DeputySecretary)?;
    fixture.raised("COL-2", "2024-08-01", RaiseLevel::Cabinet)?;
    let listed = cli_json(
        &fixture.path,
        &["list", "--sort", "working-days-prc", "--format", "json"],
    )
    .await?;
    let want: Vec<(String, String)> = listed
        .as_array()
        .ok_or_else(|| anyhow!("not a list: {listed}"))?
        .iter()
        .map(|r| {
            (
                r["reference"].as_str().unwrap_or_default().to_owned(),
                r["working_days_with_counterpart_prc"].to_string(),
            )
        })
        .collect();
    ensure!(want.len() == ITEMS.len(), "{listed}");
    with_window(
        "working_day_columns_sort_as_the_command_line_does",
        &fixture,
        |w| async move {
            w.get("items-table").await?;
            w.click("columns-menu").await?;
            for c in ["working_days_us", "working_days_prc", "raised"] {
                w.click(&format!("column-{c}")).await?;
            }
            w.click("columns-menu").await?;
            w.click("sort-working_days_prc").await?;
            eventually("the rows are in the command line's order", || async {
                let mut got = Vec::new();
                for row in w.all(&tid("item-row")).await? {
                    let reference = row.attr("data-reference").await?.unwrap_or_default();
                    let cell = row
                        .find(fantoccini::Locator::Css(&tid("cell-working_days_prc")))
                        .await?;
                    got.push((reference, shown_text(&cell).await?.replace(',', "")));
                }
                ensure!(got == want, "shown {got:?}, the command line {want:?}");
                Ok(())
            })
            .await?;
            // The heading stands over its column, the table scrolled sideways or not.
            eventually("the heading stands over its column", || async {
                let heading = w.get("sort-working_days_prc").await?.rectangle().await?;
                let cell = w
                    .css(&format!(
                        "{} {}",
                        support::row_selector("COL-2"),
                        tid("cell-working_days_prc")
                    ))
                    .await?
                    .rectangle()
                    .await?;
                let (h_right, c_right) = (heading.0 + heading.2, cell.0 + cell.2);
                ensure!(
                    (h_right - c_right).abs() < 12.0,
                    "the PRC working days heading ends at x = {h_right}, its cells at x = {c_right}"
                );
                Ok(())
            })
            .await?;
            let raised = w
                .css(&format!(
                    "{} {}",
                    support::row_selector("COL-2"),
                    tid("cell-raised")
                ))
                .await?;
            let text = shown_text(&raised).await?;
            ensure!(
                text.starts_with("2 · ") && text.to_lowercase().contains("cabinet"),
                "the raise cell shows the count and the highest level: {text:?}"
            );
            w.screenshot("list-working-day-columns").await
        },
    )
    .await
}
