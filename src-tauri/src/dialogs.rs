//! Native file dialogs, shown from Rust so that the web view needs no dialog or
//! file-system permission. They block, so they run on a blocking thread.
//!
//! In a build with the `test-hooks` feature (the end-to-end tests' only), `--dialog-answer
//! PATH` (or `COUNTERPART_DIALOG_ANSWER`) shows no dialog: every one answers PATH at once,
//! so that the tests can save and open files. Builds as shipped have no such path.

use std::path::PathBuf;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};

use crate::error::ApiError;
use crate::settings::Language;

/// A dialog's words in the window's two languages: the dialog speaks the window's
/// language (Settings → Language), as the rest of the window does.
#[derive(Debug, Clone, Copy)]
pub struct Words {
    pub en: &'static str,
    pub zh: &'static str,
}

/// [`Words`] in English and Simplified Chinese.
pub const fn words(en: &'static str, zh: &'static str) -> Words {
    Words { en, zh }
}

impl Words {
    pub fn in_language(self, language: Language) -> &'static str {
        match language {
            Language::En => self.en,
            Language::ZhCn => self.zh,
        }
    }
}

/// The file type of a database or a backup.
pub const DATABASE: Words = words("Counterpart database", "Counterpart 数据库");

/// Which dialog, with its title and the file type offered.
pub struct Ask {
    pub title: Words,
    /// The file type offered: its name and extensions (none: every file, unfiltered).
    pub filter: (Words, &'static [&'static str]),
    /// `Some(suggested name)` for a Save dialog, `None` for an Open dialog.
    pub save_as: Option<&'static str>,
}

/// The path the user chose, or `None` when cancelled.
pub async fn ask<R: Runtime>(app: &AppHandle<R>, ask: Ask) -> Result<Option<PathBuf>, ApiError> {
    #[cfg(feature = "test-hooks")]
    if let Some(answer) = tauri::Manager::try_state::<crate::state::AppState>(app)
        .and_then(|s| s.dialog_answer.clone())
    {
        return Ok(Some(answer));
    }
    use crate::state::Locked;
    let language = tauri::Manager::try_state::<crate::state::AppState>(app)
        .map(|s| s.settings.locked().language)
        .unwrap_or_default();
    let dialog = app.dialog().clone();
    let picked = tauri::async_runtime::spawn_blocking(move || {
        let mut b: FileDialogBuilder<_> = dialog.file().set_title(ask.title.in_language(language));
        if !ask.filter.1.is_empty() {
            b = b.add_filter(ask.filter.0.in_language(language), ask.filter.1);
        }
        match ask.save_as {
            Some(name) => b.set_file_name(name).blocking_save_file(),
            None => b.blocking_pick_file(),
        }
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))?;
    picked
        .map(|f| {
            f.into_path()
                .map_err(|e| ApiError::internal(format!("the chosen file has no path: {e}")))
        })
        .transpose()
}

/// The file a Save dialog's answer names, with `.{ext}` added when its name does not end
/// so (`brief` becomes `brief.pdf`). The dialog asked about replacing the file it was
/// given, not the one with the extension: if that one exists it is refused, never
/// silently replaced.
pub fn with_extension(chosen: PathBuf, ext: &str) -> counterpart_core::Result<PathBuf> {
    if chosen
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
    {
        return Ok(chosen);
    }
    let mut s = chosen.into_os_string();
    s.push(".");
    s.push(ext);
    let path = PathBuf::from(s);
    if path.symlink_metadata().is_ok() {
        return Err(counterpart_core::Error::field(
            "file",
            counterpart_core::problem::Problem::FileExistsChoose {
                path: path.display().to_string(),
            },
        ));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_is_added_when_missing() {
        for (given, want) in [
            ("/t/brief", "/t/brief.pdf"),
            ("/t/brief.pdf", "/t/brief.pdf"),
            ("/t/Brief.PDF", "/t/Brief.PDF"),
            ("/t/brief.2026", "/t/brief.2026.pdf"),
        ] {
            assert_eq!(
                with_extension(PathBuf::from(given), "pdf").unwrap(),
                PathBuf::from(want),
                "{given}"
            );
        }
    }

    /// The dialog asked about `brief`, not `brief.pdf`: an existing `brief.pdf` is not
    /// replaced behind the user's back; choosing `brief.pdf` itself (the dialog asked) is.
    #[test]
    fn a_file_with_the_extension_already_there_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("brief.pdf");
        std::fs::write(&pdf, b"an earlier brief").unwrap();
        let e = with_extension(dir.path().join("brief"), "pdf").unwrap_err();
        assert!(e.to_string().contains("brief.pdf already exists"), "{e}");
        assert_eq!(with_extension(pdf.clone(), "pdf").unwrap(), pdf);
        let ics = with_extension(dir.path().join("deadlines"), "ics").unwrap();
        assert_eq!(ics, dir.path().join("deadlines.ics"));
    }
}
