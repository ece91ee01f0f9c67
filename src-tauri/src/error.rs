//! The error the window sees: `{ code, message, fields }`. `code` has a variant only where
//! the window does something different for it; `message` is for a person, in English, and
//! `message_zh` the same in Chinese (the window shows the one in its language; a field's
//! problem it words itself from the field's key).

use counterpart_core::validate::FieldError;
use serde::Serialize;

/// What kind of failure, for the window to branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// What the user entered is refused: `fields` says what and where.
    Invalid,
    NotFound,
    /// Someone else changed the item since it was read: reload.
    Conflict,
    /// The database cannot be used (not a Counterpart database, damaged, newer schema).
    Damaged,
    /// The passphrase typed does not open the encrypted database (nothing was changed):
    /// the window asks again.
    WrongPassphrase,
    Io,
    Internal,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// `message` in Simplified Chinese.
    pub message_zh: String,
    pub fields: Vec<FieldError>,
}

impl ApiError {
    /// A failure of the program itself (a task that panicked, a dialog that broke): its
    /// English detail, after a Chinese lead-in in Chinese.
    pub fn internal(message: impl Into<String>) -> Self {
        let message = message.into();
        ApiError {
            code: ErrorCode::Internal,
            message_zh: format!("程序内部出错：{message}"),
            message,
            fields: Vec::new(),
        }
    }

    /// A database that cannot be used, in both languages.
    pub fn damaged(message: impl Into<String>, message_zh: impl Into<String>) -> Self {
        ApiError {
            code: ErrorCode::Damaged,
            message: message.into(),
            message_zh: message_zh.into(),
            fields: Vec::new(),
        }
    }
}

impl From<counterpart_core::Error> for ApiError {
    fn from(e: counterpart_core::Error) -> Self {
        use counterpart_core::Error as E;
        let (message, message_zh) = match &e {
            // Plainly, as the unlock screen says it (the core's words add "or the file is
            // damaged", which the checks after opening tell apart).
            E::WrongPassphrase { .. } => (
                "That passphrase does not open this database.".into(),
                "该口令无法打开此数据库。".into(),
            ),
            _ => (e.to_string(), e.message_zh()),
        };
        let (code, fields) = match e {
            E::WrongPassphrase { .. } => (ErrorCode::WrongPassphrase, Vec::new()),
            E::Invalid(fields) => (ErrorCode::Invalid, fields),
            E::InvalidRows(rows) => (
                ErrorCode::Invalid,
                rows.into_iter().map(|r| r.error).collect(),
            ),
            E::NotFound(_) => (ErrorCode::NotFound, Vec::new()),
            E::IsTheDatabase { .. } => (ErrorCode::Invalid, Vec::new()),
            E::Conflict { .. } => (ErrorCode::Conflict, Vec::new()),
            E::NotADatabase { .. }
            | E::NewerSchema { .. }
            | E::Damaged { .. }
            | E::BadBackup { .. }
            | E::PassphraseNeeded { .. }
            | E::Migration(_) => (ErrorCode::Damaged, Vec::new()),
            E::Io(_) | E::DiskFull | E::InUse { .. } => (ErrorCode::Io, Vec::new()),
            E::Sqlite(_) | E::Json(_) | E::AlreadyEncrypted { .. } | E::NotEncrypted { .. } => {
                (ErrorCode::Internal, Vec::new())
            }
        };
        ApiError {
            code,
            message,
            message_zh,
            fields,
        }
    }
}
