//! The record as evidence, end to end in the window (issue 13): the Stats view's bar per
//! counterpart agency and its click-through to exactly that agency's items; an item's
//! working days and raise summary in its detail, the same as the command line's; the
//! substance registry's view, its form's errors and its filter. The real app through
//! WebDriver, one session and one temporary database per test, today fixed at
//! 2024-11-18 (`support::TODAY`); elements found only by their `data-testid`.
//!
//! Like every window test, these need a display, `tauri-driver` and the built app (and the
//! command line, `COUNTERPART_CLI`), so plain `cargo test` skips them (`#[ignore]`);
//! `scripts/e2e` sets all that up and runs them.

#[allow(dead_code)] // each test file uses its own part of the shared support
mod support;

use anyhow::{anyhow, ensure, Context, Result};
use counterpart_core::db::stats;
use counterpart_core::model::{EventType, RaiseLevel, Substance, SubstanceClass, UnTable};
use counterpart_core::op::Change;
use counterpart_core::stats::GroupBy;
use fantoccini::Locator;
use serde_json::Value;
use std::collections::BTreeSet;
use support::{cli_json, eventually, shown_text, tid, with_window, Fixture, TODAY};

/// (reference, counterpart agency, transmitted on, the first PRC response if any).
const ITEMS: [(&str, &str, &str, Option<&str>); 9] = [
    ("E2E-MPS-1", "MPS", "2023-08-14", Some("2023-10-02")),
    ("E2E-MPS-2", "MPS", "2024-02-05", Some("2024-02-26")),
    ("E2E-MPS-3", "MPS", "2024-07-01", None),
    ("E2E-NNCC-1", "NNCC", "2023-11-20", Some("2024-03-11")),
    ("E2E-NNCC-2", "NNCC", "2024-05-06", None),
    ("E2E-SPP-1", "SPP", "2024-01-15", Some("2024-01-29")),
    ("E2E-SPP-2", "SPP", "2024-09-09", Some("2024-10-14")),
    ("E2E-MOJ-1", "MOJ", "2024-03-18", None),
    ("E2E-MOJ-2", "MOJ", "2024-08-26", None),
];

/// A database with the items above (extraditions), their PRC responses, and a draft for
/// MPS that the stats leave out.
fn stats_fixture() -> Result<Fixture> {
    let fixture = Fixture::new()?;
    for (reference, agency, transmitted, answered) in ITEMS {
        fixture.add(&[
            ("kind", "extradition"),
            ("reference", reference),
            ("title", &format!("Extradition request {reference}")),
            ("counterpart", agency),
            ("transmitted_on", transmitted),
        ])?;
        if let Some(on) = answered {
            fixture.event(reference, EventType::PrcResponse, on)?;
        }
    }
    // How often the United States pressed: MPS's oldest item three times, NNCC's once.
    for (reference, on, level) in [
        ("E2E-MPS-1", "2023-12-04", RaiseLevel::Working),
        ("E2E-MPS-1", "2024-04-16", RaiseLevel::AssistantSecretary),
        ("E2E-MPS-3", "2024-10-21", RaiseLevel::Cabinet),
        ("E2E-NNCC-2", "2024-09-12", RaiseLevel::Director),
    ] {
        fixture.raised(reference, on, level)?;
    }
    fixture.add(&[
        ("kind", "extradition"),
        ("reference", "E2E-MPS-DRAFT"),
        ("title", "Not yet transmitted"),
        ("counterpart", "MPS"),
    ])?;
    Ok(fixture)
}

/// (a) The Stats view shows a row per agency with a transmitted item, each with the
/// core's figures (the same as `counterpart stats --format json`); clicking one lists
/// exactly that agency's items, its draft included.
#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn the_stats_view_has_a_bar_per_agency_and_one_lists_its_items() -> Result<()> {
    let fixture = stats_fixture()?;
    // The core's figures (as `counterpart stats --format json` prints them).
    let core = stats::stats(fixture.db()?.conn(), GroupBy::Agency, support::date(TODAY))?;
    let core = serde_json::to_value(core)?
        .as_array()
        .cloned()
        .unwrap_or_default();
    let agencies: Vec<String> = core
        .iter()
        .map(|g| g["group"].as_str().unwrap_or_default().to_owned())
        .collect();
    ensure!(
        agencies == ["MOJ", "MPS", "NNCC", "SPP"],
        "the fixture's agencies: {agencies:?}"
    );
    with_window(
        "the_stats_view_has_a_bar_per_agency_and_one_lists_its_items",
        &fixture,
        |w| async move {
            w.get("items-table").await?;
            w.click("nav-stats").await?;
            w.get("stats-view").await?;
            let rows = eventually("a stats row per agency", || async {
                let rows = w.all(&tid("stats-row")).await?;
                ensure!(rows.len() == 4, "{} stats rows", rows.len());
                Ok(rows)
            })
            .await?;
            for (row, group) in rows.iter().zip(&core) {
                let code = group["group"].as_str().unwrap_or_default();
                ensure!(
                    row.attr("data-group").await?.as_deref() == Some(code),
                    "rows in the core's order"
                );
                let text = shown_text(row).await?;
                // The core's figures, as the view writes them (a median of none as —).
                let median = |key: &str| match group[key].as_f64() {
                    Some(m) if m.fract() == 0.0 => format!("{m:.0}"),
                    Some(m) => format!("{m}"),
                    None => "—".into(),
                };
                let raised = format!(
                    "{}\non {} item",
                    group["times_raised"], group["items_raised"]
                );
                let never = format!(
                    "{} of {} · {}%",
                    group["no_response"], group["items"], group["percent_no_response"]
                );
                for want in [
                    median("median_days_with_counterpart_open"),
                    median("median_days_to_first_response"),
                    never,
                    raised,
                ] {
                    ensure!(text.contains(&want), "row {code} shows {want:?}: {text:?}");
                }
                // Its bars: one per figure, each with its exact words as a tooltip.
                let bars = row.find_all(Locator::Css("td[title]")).await?;
                ensure!(
                    bars.len() >= 3,
                    "row {code} has {} charted cells",
                    bars.len()
                );
            }
            w.get("stats-trend").await?;
            w.screenshot("stats-view").await?;

            // The agency's name in its row (a fresh look-up: the row as it is now).
            w.css(&format!("{}[data-group=\"MPS\"] th", tid("stats-row")))
                .await?
                .click()
                .await
                .context("clicking MPS's row")?;
            let want: BTreeSet<String> = ["E2E-MPS-1", "E2E-MPS-2", "E2E-MPS-3", "E2E-MPS-DRAFT"]
                .map(String::from)
                .into();
            eventually("the list shows exactly MPS's items", || async {
                let got: BTreeSet<String> = w.row_references().await?.into_iter().collect();
                ensure!(got == want, "the list shows {got:?}");
                Ok(())
            })
            .await
        },
    )
    .await
}

/// (b) An item's detail shows its working days on both calendars, the numbers of `show
/// --format json`; a `raised` event recorded in the window's form, with its level and
/// venue, gives the raise summary in the core's words.
#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn the_detail_shows_working_days_and_the_raise_summary() -> Result<()> {
    let fixture = Fixture::new()?;
    let reference = "E2E-RAISE-1";
    fixture.add(&[
        ("kind", "extradition"),
        ("reference", reference),
        ("title", "Extradition of Zhang Moumou"),
        ("counterpart", "MPS"),
        ("transmitted_on", "2024-01-08"),
    ])?;
    let before = cli_json(&fixture.path, &["show", reference, "--format", "json"]).await?;
    let us = before["working_days_with_counterpart_us"]
        .as_i64()
        .ok_or_else(|| anyhow!("no U.S. working days in {before}"))?;
    let prc = before["working_days_with_counterpart_prc"]
        .as_i64()
        .ok_or_else(|| anyhow!("no PRC working days in {before}"))?;
    ensure!(
        us > 0 && prc > 0 && us != prc,
        "the figures tell the calendars apart: {us}, {prc}"
    );
    let path = fixture.path.clone();
    with_window(
        "the_detail_shows_working_days_and_the_raise_summary",
        &fixture,
        |w| async move {
            w.css(&support::row_selector(reference)).await?.click().await?;
            w.get("item-detail").await?;
            let working = shown_text(&w.get("detail-working-days").await?).await?;
            let numbers: Vec<i64> = working
                .split(|c: char| !c.is_ascii_digit() && c != ',')
                .filter_map(|n| n.replace(',', "").parse().ok())
                .collect();
            ensure!(
                numbers == [us, prc],
                "the detail shows {working:?}; show --format json has {us} U.S. and {prc} PRC working days"
            );
            ensure!(
                working.contains("U.S. working") && working.contains("PRC working"),
                "{working:?}"
            );
            let summary = shown_text(&w.get("detail-raised").await?).await?;
            ensure!(summary == "Never raised.", "before: {summary:?}");

            w.click("add-event").await?;
            w.set("field-event-type", "raised").await?;
            w.set("field-event-on", "2024-10-21").await?;
            w.set("field-event-level", "deputy_secretary").await?;
            w.type_into("field-event-venue", "Counternarcotics Working Group, 2024 round")
                .await?;
            w.click("save-event").await?;
            eventually("the raise summary follows the recorded event", || async {
                let summary = shown_text(&w.get("detail-raised").await?).await?;
                let errors = w.form_errors().await?;
                ensure!(
                    summary == "Raised once, last 2024-10-21 at deputy secretary level.",
                    "the detail says {summary:?} (form errors: {errors:?})"
                );
                Ok(())
            })
            .await?;
            // The command line reads the same record.
            let after = cli_json(&path, &["show", reference, "--format", "json"]).await?;
            let raised = &after["raised"];
            ensure!(
                raised["count"] == 1
                    && raised["last_on"] == "2024-10-21"
                    && raised["highest_level"] == "deputy_secretary",
                "show --format json: {raised}"
            );
            let venue = after["events"]
                .as_array()
                .and_then(|all| all.iter().find(|e| e["type"] == "raised"))
                .map(|e| e["venue"].clone())
                .unwrap_or(Value::Null);
            ensure!(
                venue == "Counternarcotics Working Group, 2024 round",
                "the venue recorded: {venue}"
            );
            Ok(())
        },
    )
    .await
}

/// A substance of the fixture's registry.
fn substance(cas: &str, name: &str, zh: Option<&str>, prc_on: Option<&str>) -> Substance {
    Substance {
        cas: cas.into(),
        name: name.into(),
        name_zh: zh.map(Into::into),
        class: Some(SubstanceClass::Precursor),
        prc_controlled_on: prc_on.map(support::date),
        prc_control: prc_on.map(|_| "Listed precursor chemical".into()),
        un_table: Some(UnTable::I),
        source: Some("e2e fixture".into()),
        ..Substance::default()
    }
}

/// The CAS numbers of the registry's rows shown now, in order.
async fn shown_cas(w: &support::Window) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for r in w.all(&tid("substance-row")).await? {
        out.push(r.attr("data-cas").await?.unwrap_or_default());
    }
    Ok(out)
}

/// (c) The registry's view: a substance with a wrong CAS check digit is refused with the
/// message under the CAS field and nothing saved; fixed, it is added and listed; the
/// filter "Not controlled by the PRC" hides the one the PRC controlled.
#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn the_substance_registry_refuses_a_wrong_cas_and_filters_the_uncontrolled() -> Result<()> {
    let fixture = Fixture::new()?;
    let npp = "39742-60-4";
    fixture.apply(Change::AddSubstance(substance(
        npp,
        "N-Phenethyl-4-piperidone (NPP)",
        Some("N-苯乙基-4-哌啶酮"),
        Some("2017-03-01"),
    )))?;
    fixture.apply(Change::AddSubstance(substance(
        "40064-34-4",
        "4-Piperidone",
        Some("4-哌啶酮"),
        None,
    )))?;
    let path = fixture.path.clone();
    with_window(
        "the_substance_registry_refuses_a_wrong_cas_and_filters_the_uncontrolled",
        &fixture,
        |w| async move {
            w.click("nav-substances").await?;
            w.get("substances-view").await?;
            eventually("the registry's two entries", || async {
                let got = shown_cas(&w).await?;
                ensure!(got.len() == 2, "rows {got:?}");
                Ok(())
            })
            .await?;

            w.click("new-substance").await?;
            w.type_into("field-substance-name", "Xylazine").await?;
            w.type_into("field-substance-name_zh", "赛拉嗪").await?;
            w.type_into("field-substance-cas", "7361-61-8").await?;
            w.set("field-substance-class", "adulterant").await?;
            w.click("save-substance").await?;
            let error = w.get("form-error").await?;
            let message = shown_text(&error).await?;
            ensure!(
                message.starts_with("CAS number:") && message.contains("7361-61-8"),
                "the error names the CAS number: {message:?}"
            );
            ensure!(
                error.attr("data-field").await?.as_deref() == Some("cas"),
                "the error sits with the CAS field"
            );
            let field = w.get("field-substance-cas").await?;
            ensure!(
                field.attr("aria-invalid").await?.as_deref() == Some("true"),
                "the CAS field is marked invalid"
            );
            ensure!(
                field.attr("aria-describedby").await? == error.attr("id").await?,
                "the CAS field is described by its error"
            );
            w.screenshot("substances-error").await?;
            let stored = cli_json(&path, &["substance", "list", "--format", "json"]).await?;
            ensure!(
                stored.as_array().map(Vec::len) == Some(2),
                "nothing was saved: {stored}"
            );

            w.type_into("field-substance-cas", "7361-61-7").await?;
            w.click("save-substance").await?;
            eventually("the new substance is listed, the form closed", || async {
                let got = shown_cas(&w).await?;
                let open = w.shows("substance-form").await?;
                ensure!(
                    got.contains(&"7361-61-7".to_owned()) && !open,
                    "rows {got:?}, form open: {open}"
                );
                Ok(())
            })
            .await?;
            let row = w
                .css(&format!("{}[data-cas=\"7361-61-7\"]", tid("substance-row")))
                .await?;
            let text = shown_text(&row).await?;
            ensure!(
                text.contains("Xylazine")
                    && text.contains("赛拉嗪")
                    && text.contains("Not controlled by the PRC"),
                "the new row: {text:?}"
            );
            w.screenshot("substances-view").await?;

            w.click("substances-filter-uncontrolled").await?;
            eventually(
                "the filter hides the substance the PRC controlled",
                || async {
                    let got = shown_cas(&w).await?;
                    ensure!(got == ["40064-34-4", "7361-61-7"], "rows {got:?}");
                    Ok(())
                },
            )
            .await?;
            // The same rule as the command line's.
            let cli = cli_json(
                &path,
                &[
                    "substance",
                    "list",
                    "--not-controlled-by-prc",
                    "--format",
                    "json",
                ],
            )
            .await?;
            let cli: Vec<&str> = cli
                .as_array()
                .map(|a| a.iter().filter_map(|s| s["cas"].as_str()).collect())
                .unwrap_or_default();
            ensure!(cli == ["40064-34-4", "7361-61-7"], "the CLI lists {cli:?}");
            Ok(())
        },
    )
    .await
}
