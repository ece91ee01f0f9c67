//! The window, end to end (issue 3): the real app through WebDriver, one session and one
//! temporary database per test, today fixed at 2024-11-18. Elements are found only by the
//! contract's `data-testid`s.
//!
//! These tests need a display, `tauri-driver`, the built app and (for the reminder
//! notification) the notification daemon `dunst`, so plain `cargo test` skips them
//! (`#[ignore]`); `scripts/e2e` sets all that up and runs them.

#[allow(dead_code)] // each test file uses its own part of the shared support
mod support;

use anyhow::{ensure, Result};
use counterpart_core::model::EventType;
use support::{days, eventually, notifications, tid, with_window, Fixture, TODAY};

/// (a) An item of each kind entered through the form appears in the list as transmitted,
/// with the days from its transmitted date to today.
#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn an_item_of_each_kind_entered_in_the_form_is_listed_with_its_days() -> Result<()> {
    let fixture = Fixture::new()?;
    // (kind, reference, counterpart, transmitted on, kind fields typed, kind fields chosen)
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
        &'static [(&'static str, &'static str)],
    );
    let cases: [Case; 4] = [
        (
            "extradition",
            "E2E-EXT-1",
            "MPS",
            "2024-11-08",
            &[("subject", "Lin Moumou"), ("charges", "21 U.S.C. 846")],
            &[],
        ),
        (
            "indictment",
            "E2E-IND-1",
            "SPP",
            "2024-09-30",
            &[("case_number", "1:24-cr-00123"), ("district", "S.D.N.Y.")],
            &[],
        ),
        (
            "scheduling",
            "E2E-SCH-1",
            "NNCC",
            "2024-06-03",
            &[("substance", "Xylazine"), ("cas_number", "7361-61-7")],
            &[("substance_class", "adulterant")],
        ),
        (
            "commitment",
            "E2E-COM-1",
            "MFA",
            "2023-11-15",
            &[("forum", "Counternarcotics Working Group, 2024 round")],
            &[("owner_side", "prc")],
        ),
    ];
    with_window(
        "an_item_of_each_kind_entered_in_the_form_is_listed_with_its_days",
        &fixture,
        |w| async move {
            w.get("items-table").await?;
            for (kind, reference, agency, transmitted, typed, chosen) in cases {
                let title = format!("End-to-end {kind} request");
                let mut texts = vec![("reference", reference), ("title", title.as_str())];
                texts.extend_from_slice(typed);
                let mut selects = vec![("counterpart", agency), ("transmitted_on", transmitted)];
                selects.extend_from_slice(chosen);
                w.enter_item(kind, &selects, &texts).await?;
                w.expect_row(reference, "Transmitted", days(transmitted, TODAY))
                    .await?;
            }
            // All four are still listed with their figures (a later save must not lose an
            // earlier row).
            for (_, reference, _, transmitted, _, _) in cases {
                w.expect_row(reference, "Transmitted", days(transmitted, TODAY))
                    .await?;
            }
            Ok(())
        },
    )
    .await
}

/// (b) "Information requested" stops the clock and shows the item awaiting U.S.
/// information; "information provided" restarts it, and the paused days do not count.
#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn a_request_for_information_pauses_the_clock_and_the_answer_resumes_it() -> Result<()> {
    let fixture = Fixture::new()?;
    let reference = "E2E-PAUSE-1";
    let transmitted = "2024-10-01";
    let requested = "2024-10-21";
    let provided = "2024-11-04";
    fixture.add(&[
        ("kind", "extradition"),
        ("reference", reference),
        ("title", "Extradition of Chen Moumou"),
        ("counterpart", "MPS"),
        ("transmitted_on", transmitted),
    ])?;
    let total = days(transmitted, TODAY);
    let paused = days(requested, provided);
    with_window(
        "a_request_for_information_pauses_the_clock_and_the_answer_resumes_it",
        &fixture,
        |w| async move {
            w.expect_row(reference, "Transmitted", total).await?;
            w.css(&support::row_selector(reference))
                .await?
                .click()
                .await?;
            w.get("item-detail").await?;
            // Working days on both calendars beside the calendar days (CONTRACT.md).
            let working = support::shown_text(&w.get("detail-working-days").await?).await?;
            ensure!(
                working.contains("U.S. working") && working.contains("PRC working"),
                "the detail shows working days on both calendars: {working:?}"
            );
            let before = timeline_len(&w, 1).await?;

            record_event(&w, "info_requested", requested).await?;
            // Paused since the request: the days stop at the request date.
            w.expect_row(
                reference,
                "Awaiting U.S. information",
                days(transmitted, requested),
            )
            .await?;
            timeline_len(&w, before + 1).await?;

            record_event(&w, "info_provided", provided).await?;
            w.expect_row(reference, "Transmitted", total - paused)
                .await?;
            ensure!(
                !w.cell(reference, "cell-status").await?.contains("Awaiting"),
                "the item still shows awaiting U.S. information after it was provided"
            );
            timeline_len(&w, before + 2).await?;
            Ok(())
        },
    )
    .await
}

/// Records an event of `event_type` on `on` in the open item's detail.
async fn record_event(w: &support::Window, event_type: &str, on: &str) -> Result<()> {
    w.click("add-event").await?;
    w.set("field-event-type", event_type).await?;
    w.set("field-event-on", on).await?;
    w.click("save-event").await?;
    eventually(
        &format!("the {event_type} event is recorded and its form closes"),
        || async {
            let open = !w.all(&tid("save-event")).await?.is_empty();
            let errors = w.form_errors().await?;
            ensure!(
                !open,
                "the event form is still open; its errors: {errors:?}"
            );
            Ok(())
        },
    )
    .await
}

/// Waits until the open item's timeline shows `n` events; returns `n`.
async fn timeline_len(w: &support::Window, n: usize) -> Result<usize> {
    let selector = format!("{} {}", tid("item-detail"), tid("timeline-event"));
    eventually(&format!("the timeline shows {n} events"), || async {
        let got = w.all(&selector).await?.len();
        ensure!(got == n, "the timeline shows {got} events");
        Ok(n)
    })
    .await
}

/// (c) A due date before the transmitted date is refused with a message naming the field,
/// and nothing is saved.
#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn a_due_date_before_transmission_is_refused_and_nothing_is_saved() -> Result<()> {
    let fixture = Fixture::new()?;
    let reference = "E2E-BAD-1";
    with_window(
        "a_due_date_before_transmission_is_refused_and_nothing_is_saved",
        &fixture,
        |w| async move {
            w.get("items-table").await?;
            w.click("new-item").await?;
            w.set("field-kind", "extradition").await?;
            w.type_into("field-reference", reference).await?;
            w.type_into("field-title", "Due before it was sent").await?;
            w.set("field-counterpart", "MPS").await?;
            w.set("field-transmitted_on", "2024-11-08").await?;
            w.set("field-due_on", "2024-11-01").await?;
            w.click("save-item").await?;
            let errors = eventually("a form-error appears", || async {
                let errors = w.form_errors().await?;
                ensure!(!errors.is_empty(), "no form-error shown");
                Ok(errors)
            })
            .await?;
            ensure!(
                errors.iter().any(|e| e.to_lowercase().contains("due")),
                "no form-error names the due date: {errors:?}"
            );
            ensure!(
                w.row(reference).await?.is_none(),
                "the refused item {reference} is listed"
            );
            ensure!(
                !w.all(&tid("save-item")).await?.is_empty(),
                "the form closed although the item was refused"
            );
            Ok(())
        },
    )
    .await?;
    let stored = fixture.references()?;
    ensure!(
        stored.is_empty(),
        "the refused item was written to the database: {stored:?}"
    );
    Ok(())
}

/// (d) Markup typed as a title is shown as text, in the list and in the detail, and never
/// becomes an element or runs.
#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn markup_in_a_title_is_shown_as_text_and_never_runs() -> Result<()> {
    let fixture = Fixture::new()?;
    let reference = "E2E-XSS-1";
    let title = r#"<img src=x onerror="window.__xss=1">"#;
    with_window(
        "markup_in_a_title_is_shown_as_text_and_never_runs",
        &fixture,
        |w| async move {
            w.get("items-table").await?;
            w.enter_item(
                "extradition",
                &[("counterpart", "MPS"), ("transmitted_on", "2024-11-08")],
                &[("reference", reference), ("title", title)],
            )
            .await?;
            let row = eventually("the row shows the title as text", || async {
                let row = w
                    .row(reference)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("no row {reference}"))?;
                let text = support::shown_text(&row).await?;
                ensure!(text.contains("<img"), "the row's text is {text:?}");
                Ok(row)
            })
            .await?;
            // Open it (saving may already have), then read the detail.
            row.click().await?;
            eventually("the detail shows the title as text", || async {
                let text = support::shown_text(&w.get("item-detail").await?).await?;
                ensure!(text.contains(title), "the detail's text is {text:?}");
                Ok(())
            })
            .await?;
            let imgs = w
                .all(&format!(
                    "{} img, {} img",
                    tid("items-table"),
                    tid("item-detail")
                ))
                .await?;
            ensure!(
                imgs.is_empty(),
                "{} img elements were created from the title",
                imgs.len()
            );
            let clean = w.js("return window.__xss === undefined").await?;
            ensure!(
                clean == serde_json::json!(true),
                "the title's onerror ran: window.__xss is set"
            );
            Ok(())
        },
    )
    .await
}

/// (e) The search box finds an item by a Chinese word of its title.
#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn search_finds_an_item_by_a_chinese_word_of_its_title() -> Result<()> {
    let fixture = Fixture::new()?;
    for (kind, reference, title, title_zh) in [
        (
            "extradition",
            "E2E-SRCH-1",
            "Extradition of Lin Moumou",
            "引渡林某某案",
        ),
        (
            "indictment",
            "E2E-SRCH-2",
            "Indictment of Zhang Sanfeng",
            "张三丰起诉案",
        ),
        (
            "scheduling",
            "E2E-SRCH-3",
            "Scheduling of xylazine",
            "赛拉嗪列管请求",
        ),
    ] {
        fixture.add(&[
            ("kind", kind),
            ("reference", reference),
            ("title", title),
            ("title_zh", title_zh),
            ("counterpart", "MPS"),
            ("transmitted_on", "2024-10-01"),
        ])?;
    }
    with_window(
        "search_finds_an_item_by_a_chinese_word_of_its_title",
        &fixture,
        |w| async move {
            eventually("all three items are listed", || async {
                let mut refs = w.row_references().await?;
                refs.sort();
                ensure!(
                    refs == ["E2E-SRCH-1", "E2E-SRCH-2", "E2E-SRCH-3"],
                    "listed: {refs:?}"
                );
                Ok(())
            })
            .await?;
            w.type_into("search", "林某某").await?;
            eventually("only E2E-SRCH-1 remains", || async {
                let refs = w.row_references().await?;
                ensure!(refs == ["E2E-SRCH-1"], "listed: {refs:?}");
                Ok(())
            })
            .await
        },
    )
    .await
}

/// (f) The navigation switches between the views; Reminders lists the overdue item (and
/// not the one due months later).
#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn the_navigation_switches_views_and_reminders_list_the_overdue_item() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.add(&[
        ("kind", "commitment"),
        ("reference", "E2E-OVER-1"),
        ("title", "Share precursor seizure data"),
        ("counterpart", "NNCC"),
        ("transmitted_on", "2024-09-02"),
        ("due_on", "2024-11-01"),
    ])?;
    fixture.add(&[
        ("kind", "extradition"),
        ("reference", "E2E-FINE-1"),
        ("title", "Extradition of Wang Moumou"),
        ("counterpart", "MPS"),
        ("transmitted_on", "2024-10-15"),
        ("due_on", "2025-03-31"),
    ])?;
    fixture.event("E2E-FINE-1", EventType::Acknowledged, "2024-10-20")?;
    with_window(
        "the_navigation_switches_views_and_reminders_list_the_overdue_item",
        &fixture,
        |w| async move {
            for id in ["nav-items", "nav-reminders", "nav-briefs", "nav-settings"] {
                w.get(id).await?;
            }
            w.expect_row("E2E-OVER-1", "Transmitted", days("2024-09-02", TODAY))
                .await?;
            ensure!(
                w.cell("E2E-OVER-1", "cell-overdue").await?.contains("Overdue"),
                "E2E-OVER-1 is not marked overdue in the list"
            );

            w.click("nav-reminders").await?;
            eventually("Reminders lists exactly the overdue item", || async {
                let mut refs = Vec::new();
                for r in w.all(&tid("reminder-row")).await? {
                    refs.push(r.attr("data-reference").await?.unwrap_or_default());
                }
                let table = w.all(&tid("items-table")).await?.len();
                ensure!(
                    refs == ["E2E-OVER-1"] && table == 0,
                    "reminder rows {refs:?}, items tables {table}"
                );
                Ok(())
            })
            .await?;

            for view in ["nav-briefs", "nav-settings"] {
                w.click(view).await?;
                eventually(&format!("{view} shows its view"), || async {
                    let current = w.get(view).await?.attr("aria-current").await?;
                    let table = w.all(&tid("items-table")).await?.len();
                    let reminders = w.all(&tid("reminder-row")).await?.len();
                    ensure!(
                        current.as_deref() == Some("page") && table == 0 && reminders == 0,
                        "{view}: aria-current {current:?}, items tables {table}, reminder rows {reminders}"
                    );
                    Ok(())
                })
                .await?;
            }

            w.click("nav-items").await?;
            w.expect_row("E2E-OVER-1", "Transmitted", days("2024-09-02", TODAY))
                .await?;
            w.expect_row("E2E-FINE-1", "Acknowledged", days("2024-10-15", TODAY))
                .await?;
            Ok(())
        },
    )
    .await
}

/// (g) An item due tomorrow raises a desktop notification when the app starts (read back
/// from the notification daemon), Reminders lists it, and snoozing it for a day hides it.
#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn an_item_due_tomorrow_is_notified_listed_and_snoozed() -> Result<()> {
    // A reference no other test (or earlier run of this one) uses: the daemon's history
    // lasts the whole run, and must not make this test pass.
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_micros();
    let reference = format!("E2E-NOTE-{stamp}");
    let fixture = Fixture::new()?;
    fixture.add(&[
        ("kind", "extradition"),
        ("reference", &reference),
        ("title", "Extradition of Chen Moumou"),
        ("counterpart", "MPS"),
        ("transmitted_on", "2024-10-01"),
        // The day after TODAY.
        ("due_on", "2024-11-19"),
    ])?;
    let before = notifications().await?;
    ensure!(
        !before.iter().any(|(_, body)| body.contains(&reference)),
        "the daemon already shows a notification for {reference} before the app started: {before:?}"
    );
    let row = format!("{}[data-reference=\"{reference}\"]", tid("reminder-row"));
    with_window(
        "an_item_due_tomorrow_is_notified_listed_and_snoozed",
        &fixture,
        |w| async move {
            let shown = eventually(
                &format!("the notification daemon shows a notification about {reference}"),
                || async {
                    let all = notifications().await?;
                    all.iter()
                        .find(|(_, body)| body.contains(&reference))
                        .cloned()
                        .ok_or_else(|| anyhow::anyhow!("notifications so far: {all:?}"))
                },
            )
            .await?;
            ensure!(
                shown.0 == "Counterpart" && shown.1.contains("due tomorrow"),
                "the notification should be titled Counterpart and say the item is due tomorrow: {shown:?}"
            );

            w.click("nav-reminders").await?;
            w.css(&row).await?;

            w.css(&format!("{row} {}", tid("reminder-snooze-day")))
                .await?
                .click()
                .await?;
            eventually(&format!("the snoozed reminder {reference} is hidden"), || async {
                let left = w.all(&row).await?.len();
                let errors = w.form_errors().await.unwrap_or_default();
                ensure!(left == 0, "{left} rows for {reference} still shown (errors: {errors:?})");
                Ok(())
            })
            .await
        },
    )
    .await
}

/// Ctrl+Q quits as closing the window does: the database closed cleanly, with the record
/// of a clean close beside it and nothing left in a WAL, so that the next start trusts the
/// file without reading every page (issue 15). Opened without that record (its pages read
/// at the open), the app must write it as it quits.
#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn ctrl_q_quits_and_closes_the_database_cleanly() -> Result<()> {
    use counterpart_core::db::verified;
    let fixture = Fixture::new()?;
    let reference = "E2E-QUIT-1";
    fixture.add(&[
        ("kind", "extradition"),
        ("reference", reference),
        ("title", "Extradition of Zhou Moumou"),
        ("counterpart", "MPS"),
        ("transmitted_on", "2024-10-01"),
    ])?;
    let record = verified::record_path(&fixture.path);
    std::fs::remove_file(&record)?;
    support::with_window_then_quit("ctrl_q_quits", &fixture, |w| async move {
        w.expect_row(reference, "Transmitted", days("2024-10-01", TODAY))
            .await?;
        Ok(())
    })
    .await?;
    let wal = fixture.path.with_file_name("counterpart.sqlite3-wal");
    eventually("the app quit and closed its database cleanly", || async {
        let wal_len = std::fs::metadata(&wal).map_or(0, |m| m.len());
        ensure!(record.exists(), "no record of a clean close yet");
        ensure!(wal_len == 0, "the WAL still holds {wal_len} bytes");
        ensure!(
            verified::still_checked(&fixture.path, chrono::Utc::now()).is_some(),
            "the record does not vouch for the file"
        );
        Ok(())
    })
    .await
}
