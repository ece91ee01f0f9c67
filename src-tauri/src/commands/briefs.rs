//! Briefs: the preview (the core's brief model, which the window lays out itself), the PDF
//! (or HTML, or Markdown) saved through the native Save dialog, printing through the
//! system dialog, and the handling-marking setting.
//!
//! Every brief that leaves the app (saved or printed) is recorded in the database
//! (`counterpart_core::db::brief::record`). A printed brief is recorded with the format
//! `html`: what prints is the window's HTML preview of the same model.

use std::sync::Arc;

use counterpart_brief::pdf::{self, Fonts};
use counterpart_core::brief::{Brief, BriefOptions, Words, WORDS};
use counterpart_core::db::brief as store;
use counterpart_core::op::Change;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime, State, WebviewWindow};

use crate::dialogs;
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// The event sent while a PDF is being made: `"rendering"`, then `"writing"`.
pub const PROGRESS: &str = "brief-progress";

/// What the Briefs view starts from.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BriefDefaults {
    /// The database's handling marking (the Settings view sets it).
    pub marking: String,
    /// The user name of the settings.
    pub prepared_by: Option<String>,
    /// The brief's fixed words in English and Chinese (the glossary's).
    pub words: Words,
}

#[tauri::command]
#[specta::specta]
pub async fn brief_defaults(state: State<'_, AppState>) -> Result<BriefDefaults, ApiError> {
    let prepared_by = state.user_name();
    let marking = state.with_db(|db| store::marking(db.conn())).await?;
    Ok(BriefDefaults {
        marking,
        prepared_by,
        words: WORDS,
    })
}

/// Sets the handling marking printed by default (empty: back to the default); returns the
/// marking now in force.
#[tauri::command]
#[specta::specta]
pub async fn set_brief_marking(
    state: State<'_, AppState>,
    marking: String,
) -> Result<String, ApiError> {
    let op = state.author().op(Change::SetMarking { marking });
    state
        .with_db(move |db| {
            db.apply(&op)?;
            store::marking(db.conn())
        })
        .await
}

/// The brief these options make, as of today: the model the preview lays out.
#[tauri::command]
#[specta::specta]
pub async fn brief_preview(
    state: State<'_, AppState>,
    options: BriefOptions,
) -> Result<Brief, ApiError> {
    let today = state.today();
    state
        .read(move |conn| store::build(conn, &options, today))
        .await
}

/// A brief saved as PDF.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SavedBrief {
    pub path: String,
    pub items: u32,
    pub bytes: u32,
}

/// Asks where to save (the native Save dialog), renders the brief as a tagged PDF
/// (PDF/UA-1; with `pdf_a`, PDF/A-2a too) off the window's thread, writes it atomically
/// and records it. `None` when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn save_brief_pdf<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    options: BriefOptions,
    pdf_a: bool,
) -> Result<Option<SavedBrief>, ApiError> {
    let asked = dialogs::Ask {
        title: dialogs::words("Save the brief as PDF", "将简报保存为 PDF"),
        filter: (dialogs::words("PDF document", "PDF 文档"), &["pdf"]),
        save_as: Some("status-brief.pdf"),
    };
    let Some(path) = dialogs::ask(&app, asked).await? else {
        return Ok(None);
    };
    let path = dialogs::with_extension(path, "pdf")?;
    let (today, now) = (state.today(), state.now());
    let opts = options.clone();
    let brief = state
        .read(move |conn| store::build(conn, &opts, today))
        .await?;
    let _ = app.emit(PROGRESS, "rendering");
    let fonts = fonts(&state).await?;
    let (brief, bytes, layouts) = tauri::async_runtime::spawn_blocking(
        move || -> Result<(Brief, Vec<u8>, pdf::Layouts), ApiError> {
            let options = pdf::Options {
                pdf_a,
                ..Default::default()
            };
            let (bytes, layouts) =
                pdf::render_keeping(&brief, &fonts, options).map_err(pdf_error)?;
            Ok((brief, bytes, layouts))
        },
    )
    .await
    .map_err(|e| ApiError::internal(format!("making the PDF failed: {e}")))??;
    // typst's memory of the layout freed while the PDF is written, not before.
    tauri::async_runtime::spawn_blocking(move || drop(layouts));
    let _ = app.emit(PROGRESS, "writing");
    let (items, size) = (brief.rows().count(), bytes.len());
    let to = path.clone();
    state
        .with_db(move |db| db.deliver_brief(&brief, &options, "pdf", &bytes, &to, now))
        .await?;
    let bytes = size;
    Ok(Some(SavedBrief {
        path: path.display().to_string(),
        items: u32::try_from(items).unwrap_or(u32::MAX),
        bytes: u32::try_from(bytes).unwrap_or(u32::MAX),
    }))
}

/// The brief's text formats (the command line's `--format html|md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum BriefTextFormat {
    Html,
    Md,
}

/// Asks where to save, writes the brief as HTML or Markdown atomically and records it.
/// `None` when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn save_brief_text<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    options: BriefOptions,
    format: BriefTextFormat,
) -> Result<Option<SavedBrief>, ApiError> {
    let (asked, ext) = match format {
        BriefTextFormat::Html => (
            dialogs::Ask {
                title: dialogs::words("Save the brief as HTML", "将简报保存为 HTML"),
                filter: (dialogs::words("HTML document", "HTML 文档"), &["html"]),
                save_as: Some("status-brief.html"),
            },
            "html",
        ),
        BriefTextFormat::Md => (
            dialogs::Ask {
                title: dialogs::words("Save the brief as Markdown", "将简报保存为 Markdown"),
                filter: (dialogs::words("Markdown", "Markdown 文档"), &["md"]),
                save_as: Some("status-brief.md"),
            },
            "md",
        ),
    };
    let Some(path) = dialogs::ask(&app, asked).await? else {
        return Ok(None);
    };
    let path = dialogs::with_extension(path, ext)?;
    let (today, now) = (state.today(), state.now());
    let to = path.clone();
    let (items, bytes) = state
        .with_db(move |db| {
            let brief = store::build(db.conn(), &options, today)?;
            let text = match format {
                BriefTextFormat::Html => counterpart_brief::html::render(&brief),
                BriefTextFormat::Md => counterpart_brief::markdown::render(&brief),
            };
            db.deliver_brief(&brief, &options, ext, text.as_bytes(), &to, now)?;
            Ok((brief.rows().count(), text.len()))
        })
        .await?;
    Ok(Some(SavedBrief {
        path: path.display().to_string(),
        items: u32::try_from(items).unwrap_or(u32::MAX),
        bytes: u32::try_from(bytes).unwrap_or(u32::MAX),
    }))
}

/// Opens the system print dialog on the window (its print style sheet shows only the
/// preview's pages) and, when the user printed, records the brief these options make: a
/// cancelled print is no brief made. Returns whether it was printed.
#[tauri::command]
#[specta::specta]
pub async fn print_brief<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    options: BriefOptions,
) -> Result<bool, ApiError> {
    let printed = match state.print_answer {
        Some(answer) => answer,
        None => print_dialog(&window).await?,
    };
    if printed {
        let (today, now) = (state.today(), state.now());
        state
            .with_db(move |db| {
                let brief = store::build(db.conn(), &options, today)?;
                db.record_brief(&brief, &options, "html", now)
            })
            .await?;
    }
    Ok(printed)
}

/// Runs WebKitGTK's print dialog on the window's web view and says whether the user
/// printed (Tauri's own `print` runs the same dialog but drops its answer).
#[cfg(target_os = "linux")]
async fn print_dialog<R: Runtime>(window: &WebviewWindow<R>) -> Result<bool, ApiError> {
    use gtk::prelude::{Cast, WidgetExt};
    use webkit2gtk::PrintOperationExt;
    let (send, answer) = tokio::sync::oneshot::channel();
    window
        .with_webview(move |view| {
            let web = view.inner();
            // Modal on the app's window, as Tauri's own print is not.
            let parent = web
                .toplevel()
                .and_then(|w| w.downcast::<gtk::Window>().ok());
            let op = webkit2gtk::PrintOperation::new(&web);
            let response = op.run_dialog(parent.as_ref());
            let _ = send.send(response == webkit2gtk::PrintOperationResponse::Print);
        })
        .map_err(|e| ApiError::internal(format!("the print dialog could not be opened: {e}")))?;
    answer
        .await
        .map_err(|_| ApiError::internal("the print dialog closed without an answer"))
}

/// Elsewhere the platform's print gives no answer: a brief sent to print counts as made.
#[cfg(not(target_os = "linux"))]
async fn print_dialog<R: Runtime>(window: &WebviewWindow<R>) -> Result<bool, ApiError> {
    window
        .print()
        .map_err(|e| ApiError::internal(format!("the print dialog could not be opened: {e}")))?;
    Ok(true)
}

/// The brief's fonts, loaded once (off the window's thread) and kept.
async fn fonts(state: &AppState) -> Result<Arc<Fonts>, ApiError> {
    if let Some(f) = state.brief_fonts.get() {
        return Ok(Arc::clone(f));
    }
    let loaded = tauri::async_runtime::spawn_blocking(Fonts::load)
        .await
        .map_err(|e| ApiError::internal(format!("loading the fonts failed: {e}")))?
        .map_err(pdf_error)?;
    Ok(Arc::clone(
        state.brief_fonts.get_or_init(|| Arc::new(loaded)),
    ))
}

fn pdf_error(e: pdf::Error) -> ApiError {
    let code = match &e {
        pdf::Error::FontsMissing { .. } | pdf::Error::FontFile { .. } | pdf::Error::NotAFont(_) => {
            ErrorCode::Io
        }
        pdf::Error::Layout(_) | pdf::Error::Json(_) => ErrorCode::Internal,
    };
    ApiError {
        code,
        message: format!("the PDF could not be made: {e}"),
        message_zh: format!("无法生成 PDF：{e}"),
        fields: Vec::new(),
    }
}
