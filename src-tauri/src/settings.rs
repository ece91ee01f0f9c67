//! The user's settings, kept as JSON in the OS configuration folder (not in the database:
//! the same person may open several databases).

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Settings {
    /// Recorded with every change.
    pub user_name: Option<String>,
    /// The database opened last through "Open another database…".
    pub last_db: Option<PathBuf>,
    /// What reminder notifications show (references only unless the user chose titles).
    #[serde(default)]
    pub notifications: counterpart_core::reminders::NotificationDetail,
    /// The window's language.
    #[serde(default)]
    pub language: Language,
}

/// The languages the window speaks (its messages are in `ui/src/i18n/<code>/`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub enum Language {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Settings {
    fn file() -> Option<PathBuf> {
        directories::ProjectDirs::from("org", "Counterpart", "Counterpart")
            .map(|d| d.config_dir().join("settings.json"))
    }

    /// The saved settings, or the defaults when there are none (or they cannot be read).
    pub fn load() -> Settings {
        Self::file()
            .and_then(|f| std::fs::read(f).ok())
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Writes the settings owner-only, atomically (through the core's one writer).
    pub fn save(&self) -> counterpart_core::Result<()> {
        let file = Self::file().ok_or_else(|| std::io::Error::other("no configuration folder"))?;
        if let Some(dir) = file.parent() {
            counterpart_core::fsutil::create_private_dir(dir)?;
        }
        counterpart_core::fsutil::write_bytes_atomically(&file, &serde_json::to_vec_pretty(self)?)
    }
}
