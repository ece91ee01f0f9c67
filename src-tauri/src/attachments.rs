//! The window's side of attachments that is not a core call: the files last dropped on
//! the window, and opening an attachment with the system's viewer.
//!
//! **Dropped files.** The window's drag-and-drop event (Tauri's `DragDrop`, which carries
//! the paths) is heard here, in Rust, and the paths kept; the web view then asks to attach
//! "what was dropped" ([`Files::take_dropped`]) without naming a path itself. The web view
//! thus never gets to name a file for the program to read (it has no file-system
//! permission, and a command that read any path it named would be one).
//!
//! **Opening.** An attachment is opened from a copy: written owner-only (0600) into a
//! folder of a random name that only the user can enter (0700) under the system's
//! temporary folder, made on first use and removed when the app exits ([`Files::clean`]),
//! then handed to the desktop's own opener (`xdg-open`, `open`, `explorer`). That is one
//! process started, so `tauri-plugin-opener` (not a dependency of this program) is not
//! needed for it, and the web view gets no opener permission. A build with the
//! `test-hooks` feature starts no viewer: the command returns the copy's path, which the
//! end-to-end tests read back.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use counterpart_core::attachment::Attachment;
use counterpart_core::db::Db;
use counterpart_core::model::ItemId;
use counterpart_core::Error;

/// The files of attachments the window handles: those last dropped on it, and the folder
/// of the copies it opened.
#[derive(Default)]
pub struct Files {
    dropped: Mutex<Vec<PathBuf>>,
    copies: OnceLock<PathBuf>,
}

impl Files {
    /// The paths of a drop on the window (they replace an earlier drop's).
    pub fn dropped(&self, paths: Vec<PathBuf>) {
        *self.dropped.lock().unwrap_or_else(|p| p.into_inner()) = paths;
    }

    /// The paths of the last drop, once.
    pub fn take_dropped(&self) -> Vec<PathBuf> {
        std::mem::take(&mut *self.dropped.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// The owner-only folder of the copies, made on first use.
    fn folder(&self) -> std::io::Result<&Path> {
        if let Some(f) = self.copies.get() {
            return Ok(f);
        }
        let f = std::env::temp_dir().join(format!("counterpart-open-{}", uuid::Uuid::new_v4()));
        new_private_dir(&f)?;
        Ok(self.copies.get_or_init(|| f))
    }

    /// Writes a copy of the attachment `sha256` of `item` (owner-only, in its own
    /// owner-only folder under [`Files::folder`], named as the attachment is) and returns
    /// its path.
    pub fn write_copy(
        &self,
        db: &Db,
        item: ItemId,
        sha256: &str,
    ) -> counterpart_core::Result<PathBuf> {
        let a: Attachment = counterpart_core::db::attachments::get(db.conn(), item, sha256)?;
        let dir = self.folder()?.join(&a.sha256[..16]);
        counterpart_core::fsutil::create_private_dir(&dir)?;
        let path = dir.join(&a.name);
        // A copy opened earlier may have been changed in the viewer: written afresh.
        if path.symlink_metadata().is_ok() {
            std::fs::remove_file(&path)?;
        }
        let file = counterpart_core::fsutil::create_new_private(&path)?;
        let mut w = std::io::BufWriter::new(file);
        db.write_attachment(item, &a.sha256, &mut w)?;
        let file = w.into_inner().map_err(|e| Error::Io(e.into_error()))?;
        file.sync_all()?;
        Ok(path)
    }

    /// Removes the copies (when the app exits).
    pub fn clean(&self) {
        if let Some(f) = self.copies.get() {
            let _ = std::fs::remove_dir_all(f);
        }
    }
}

/// Makes `dir`, which must not exist yet, owner-only (0700 on Unix).
fn new_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// Hands `path` to the desktop's opener, which shows it in the user's viewer for its type.
/// Returns whether a viewer was started (never in a build with `test-hooks`).
pub fn show(path: &Path) -> counterpart_core::Result<bool> {
    if cfg!(feature = "test-hooks") {
        return Ok(false);
    }
    let mut c = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("explorer");
        c.arg("/open,");
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let mut child = c.arg(path).spawn().map_err(|e| {
        Error::Io(std::io::Error::new(
            e.kind(),
            format!("the system's viewer could not be started: {e}"),
        ))
    })?;
    // Reaped when the opener returns (it hands the file on and exits).
    std::thread::spawn(move || child.wait());
    Ok(true)
}
