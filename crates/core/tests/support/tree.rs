//! Every file and folder under a folder, with its permission bits (the owner-only tests
//! of the core and of the command line; the latter includes this file by its path).

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Whether it is a folder, and its permission bits.
pub type Modes = BTreeMap<PathBuf, (bool, u32)>;

/// Every file and folder under `dir`, recursively. Anything else (a FIFO, a symlink) is
/// left out, and so is a file removed while the folder is read (a `-wal` at a close).
pub fn modes(dir: &Path) -> Modes {
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_file() && !meta.is_dir() {
            continue;
        }
        found.insert(
            path.clone(),
            (meta.is_dir(), meta.permissions().mode() & 0o777),
        );
        if meta.is_dir() {
            found.extend(modes(&path));
        }
    }
    found
}

/// The files not 0600 and folders not 0700, with their modes.
pub fn not_owner_only(found: &Modes) -> Vec<String> {
    found
        .iter()
        .filter(|(_, &(is_dir, mode))| mode != if is_dir { 0o700 } else { 0o600 })
        .map(|(p, (_, mode))| format!("{} {mode:o}", p.display()))
        .collect()
}

/// The file names, in order.
pub fn names(found: &Modes) -> Vec<String> {
    found
        .keys()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}
