//! The window in Chinese: the language setting (`field-language`) switches the navigation,
//! the forms' labels and the core's error messages at once, without a restart; the choice
//! is remembered when the app starts again; and switching back gives the English again.
//!
//! Needs a display, `tauri-driver`, the built app and the command line: plain `cargo test`
//! skips it (`#[ignore]`); `scripts/e2e` runs it.

#[allow(dead_code)] // each test file uses its own part of the shared support
mod support;

use anyhow::{ensure, Result};
use support::*;

/// Puts the window's language back to English in the app's settings when the test ends,
/// passed or failed: every later test of the run starts the app with the same settings.
struct EnglishAfter;

impl Drop for EnglishAfter {
    fn drop(&mut self) {
        let Some(dir) = std::env::var_os("COUNTERPART_E2E_CONFIG") else {
            return;
        };
        let file = std::path::Path::new(&dir)
            .join("counterpart")
            .join("settings.json");
        let Ok(bytes) = std::fs::read(&file) else {
            return;
        };
        if let Ok(serde_json::Value::Object(mut s)) = serde_json::from_slice(&bytes) {
            s.insert("language".into(), "en".into());
            let _ = std::fs::write(&file, serde_json::to_vec_pretty(&s).unwrap_or_default());
        }
    }
}

/// The text of the label of the control with test id `id`.
async fn label_of(w: &Window, id: &str) -> Result<String> {
    let v = w
        .js(&format!(
            "const el = document.querySelector('{}'); return el && el.labels && el.labels[0] ? el.labels[0].innerText : null;",
            tid(id)
        ))
        .await?;
    Ok(v.as_str().unwrap_or_default().trim().to_owned())
}

/// Waits until the element with test id `id` shows text containing `want`.
async fn shows_text(w: &Window, id: &str, want: &str) -> Result<()> {
    eventually(&format!("{id} shows {want:?}"), || async {
        let got = shown_text(&w.get(id).await?).await?;
        ensure!(got.contains(want), "{id} shows {got:?}");
        Ok(())
    })
    .await
}

/// Waits until the label of the control `id` contains `want`.
async fn labelled(w: &Window, id: &str, want: &str) -> Result<()> {
    eventually(&format!("the label of {id} says {want:?}"), || async {
        let got = label_of(w, id).await?;
        ensure!(got.contains(want), "the label of {id} is {got:?}");
        Ok(())
    })
    .await
}

/// Saves the new-item form with the title left empty, and waits for the title's error
/// containing every one of `want`.
async fn title_required(w: &Window, want: &[&str]) -> Result<()> {
    w.set("field-kind", "extradition").await?;
    w.type_into("field-reference", "EXT-LANG").await?;
    w.set("field-counterpart", "MPS").await?;
    w.click("save-item").await?;
    eventually(&format!("the form says {want:?}"), || async {
        let errors = w.form_errors().await?;
        ensure!(
            errors.iter().any(|e| want.iter().all(|x| e.contains(x))),
            "the form's errors: {errors:?}"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
#[ignore = "drives the real window: run scripts/e2e"]
async fn the_window_switches_to_chinese_and_back_and_remembers_it() -> Result<()> {
    let _english = EnglishAfter;
    let fixture = Fixture::new()?;
    for (reference, title, on) in [
        ("EXT-2024-001", "Surrender of Lin Wei 林伟", "2023-03-01"),
        (
            "IND-2024-014",
            "Example Biotech Co. (shared for action)",
            "2024-02-12",
        ),
        (
            "SCH-2024-003",
            "Scheduling of a nitazene analogue",
            "2024-06-20",
        ),
    ] {
        let kind = match &reference[..3] {
            "EXT" => "extradition",
            "IND" => "indictment",
            _ => "scheduling",
        };
        fixture.add(&[
            ("kind", kind),
            ("reference", reference),
            ("title", title),
            ("counterpart", "MPS"),
            ("transmitted_on", on),
            ("due_on", "2024-09-30"),
        ])?;
    }

    with_window("language_zh", &fixture, |w| async move {
        // English to begin with.
        shows_text(&w, "nav-items", "Items").await?;
        w.click("nav-settings").await?;
        labelled(&w, "field-language", "Language").await?;

        // 简体中文: the navigation follows at once.
        w.set("field-language", "zh-CN").await?;
        for (id, want) in [
            ("nav-items", "事项"),
            ("nav-reminders", "提醒"),
            ("nav-briefs", "简报"),
            ("nav-settings", "设置"),
        ] {
            shows_text(&w, id, want).await?;
        }
        labelled(&w, "field-language", "语言").await?;

        // The list and the new-item form's labels, from the core's Chinese.
        w.click("nav-items").await?;
        shows_text(&w, "dashboard", "未结事项").await?;
        shows_text(&w, "new-item", "新建事项").await?;
        w.click("new-item").await?;
        for (id, want) in [
            ("field-kind", "事项类别"),
            ("field-reference", "编号"),
            ("field-title", "事由"),
            ("field-counterpart", "中方对口机构"),
            ("field-due_on", "期限"),
            ("field-follow_up_on", "跟进日期"),
        ] {
            labelled(&w, id, want).await?;
        }
        // The core's error, by its key, in Chinese, naming the field in Chinese.
        title_required(&w, &["事由：为必填项"]).await?;
        w.screenshot("language_zh_new_item").await?;
        Ok(())
    })
    .await?;

    // Started again: still in Chinese. The list with an item's edit form beside it (the
    // picture of the window in Chinese, docs/window-zh.png).
    with_window("language_zh_edit", &fixture, |w| async move {
        shows_text(&w, "nav-items", "事项").await?;
        w.css(&row_selector("EXT-2024-001")).await?.click().await?;
        w.get("item-detail").await?;
        // The core's words of its figures, in Chinese too.
        shows_text(&w, "explanation", "转交起").await?;
        shows_text(&w, "detail-raised", "尚未交涉").await?;
        shows_text(&w, "edit-item", "编辑").await?;
        w.click("edit-item").await?;
        labelled(&w, "field-title", "事由").await?;
        labelled(&w, "field-subject", "涉案人员").await?;
        w.screenshot("language_zh_list_and_form").await?;
        // The reminders' groups and words, the core's in Chinese.
        w.click("nav-reminders").await?;
        shows_text(&w, "reminders-view", "已逾期").await?;
        shows_text(&w, "reminder-when", "已逾期").await?;
        w.screenshot("language_zh_reminders").await?;
        Ok(())
    })
    .await?;

    // Started again: still in Chinese. Then back to English, at once.
    with_window("language_zh_restart", &fixture, |w| async move {
        shows_text(&w, "nav-items", "事项").await?;
        w.click("nav-settings").await?;
        let chosen = w.get("field-language").await?.prop("value").await?;
        ensure!(
            chosen.as_deref() == Some("zh-CN"),
            "the language setting after a restart is {chosen:?}"
        );
        w.set("field-language", "en").await?;
        for (id, want) in [
            ("nav-items", "Items"),
            ("nav-reminders", "Reminders"),
            ("nav-settings", "Settings"),
        ] {
            shows_text(&w, id, want).await?;
        }
        w.click("nav-items").await?;
        w.click("new-item").await?;
        labelled(&w, "field-title", "Title").await?;
        labelled(&w, "field-counterpart", "Counterpart agency").await?;
        title_required(&w, &["Title: is required"]).await?;
        Ok(())
    })
    .await?;

    // And English is what the next start shows.
    with_window("language_en_restart", &fixture, |w| async move {
        shows_text(&w, "nav-items", "Items").await
    })
    .await
}
