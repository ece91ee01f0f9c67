//! The core's errors. The CLI maps them to exit codes, the desktop shell to `{ code, message }`.

use std::path::PathBuf;

use crate::problem::Problem;
use crate::validate::FieldError;

/// A problem with one row of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    /// `line` for a CSV file (the header is line 1), `item` for a JSON file.
    pub unit: &'static str,
    /// Line in the file where the row starts, or the item's position (from 1).
    pub line: u64,
    pub error: FieldError,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.unit, self.line, self.error)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// What the user entered is not acceptable; nothing was written.
    #[error("{}", join(.0))]
    Invalid(Vec<FieldError>),
    /// Rows of an imported file are not acceptable; nothing was imported.
    #[error("{} bad row(s): {}", .0.len(), join(.0))]
    InvalidRows(Vec<RowError>),
    #[error("no item with the id or reference `{0}`")]
    NotFound(String),
    /// The item changed after the user read it (optimistic concurrency).
    #[error("{reference} was changed by someone else after you opened it (you read version {read}, it is now at {stored}); reload it and make your change again")]
    Conflict {
        reference: String,
        read: i64,
        stored: i64,
    },
    #[error("{} is not a Counterpart database: {why}", path.display())]
    NotADatabase { path: PathBuf, why: String },
    #[error("{} was written by a newer version of Counterpart (schema version {found}; this program knows versions up to {known}). It was left untouched: use the newer program.", path.display())]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    /// SQLite's own check found the file damaged (or cannot read it as a database at all).
    /// Nothing was written to it.
    #[error("{} is damaged and was not changed: {report}. Restore a backup (automatic backups are in the `backups` folder beside the database).", path.display())]
    Damaged { path: PathBuf, report: String },
    /// The database is encrypted and no passphrase was given. Nothing was changed.
    #[error("{} is encrypted: a passphrase is needed to open it. Nothing was changed.", path.display())]
    PassphraseNeeded { path: PathBuf },
    /// The passphrase does not open the database — or the file is damaged: an encrypted
    /// file's first page alone cannot tell the two apart. Nothing was changed.
    #[error("the passphrase is wrong for {} (or the file is damaged). Nothing was changed.", path.display())]
    WrongPassphrase { path: PathBuf },
    /// `encrypt` of a database that is already encrypted.
    #[error("{} is already encrypted; nothing was changed (to change its passphrase, re-key it)", path.display())]
    AlreadyEncrypted { path: PathBuf },
    /// `rekey` or `decrypt` of a database that is not encrypted.
    #[error("{} is not encrypted; nothing was changed", path.display())]
    NotEncrypted { path: PathBuf },
    /// Another program (or another window) has the database open, and the operation needs
    /// it to itself. Nothing was changed.
    #[error("{} is open in another program; close it there and try again. Nothing was changed.", path.display())]
    InUse { path: PathBuf },
    /// The disk (or the database's size limit) is full; the transaction was rolled back.
    #[error("the disk is full; nothing was saved. Free some space and try again.")]
    DiskFull,
    /// A backup file that cannot be put back: named, with the reason. Nothing was changed.
    #[error("{} cannot be used as a backup: {why}. Nothing was changed.", path.display())]
    BadBackup { path: PathBuf, why: String },
    /// An output (export, calendar, brief, backup) named one of the database's own files:
    /// refused, nothing written.
    #[error("{} is {what}; nothing was written. Give another file name.", output.display())]
    IsTheDatabase {
        output: PathBuf,
        what: String,
        /// `what` in Chinese.
        what_zh: String,
    },
    #[error("the database could not be upgraded: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("database: {0}")]
    Sqlite(rusqlite::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// SQLite's "disk full" (`SQLITE_FULL`, also raised at `max_page_count`) becomes
/// [`Error::DiskFull`] wherever it happens; every other SQLite error stays as it is.
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => Error::DiskFull,
            _ => Error::Sqlite(e),
        }
    }
}

impl Error {
    /// Whether the operation was refused for what it says (invalid, about an item that is
    /// not here, based on an old version) rather than for a failure of the store: such an
    /// operation pulled from a team is kept aside with the reason, and the rest applied.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            Error::Invalid(_) | Error::NotFound(_) | Error::Conflict { .. }
        )
    }

    /// The same message in Simplified Chinese, for the window in Chinese. What the user
    /// entered ([`Error::Invalid`], [`Error::InvalidRows`]) is worded field by field by the
    /// face from each [`FieldError`]'s key; the English join stands here for those. Details
    /// that come from elsewhere (SQLite's, the file system's, a report) stay as they are.
    pub fn message_zh(&self) -> String {
        use Error as E;
        match self {
            E::Invalid(_) | E::InvalidRows(_) => self.to_string(),
            E::NotFound(r) => format!("没有编号或 ID 为“{r}”的事项"),
            E::Conflict {
                reference,
                read,
                stored,
            } => format!(
                "{reference} 在您打开后已被他人修改（您读取的是第 {read} 版，现为第 {stored} 版）；请重新载入后再修改"
            ),
            E::NotADatabase { path, why } => {
                format!("{} 不是 Counterpart 数据库：{why}", path.display())
            }
            E::NewerSchema { path, found, known } => format!(
                "{} 由更新版本的 Counterpart 写入（架构版本 {found}；本程序最高支持 {known}）。文件未作改动：请使用更新版本的程序。",
                path.display()
            ),
            E::Damaged { path, report } => format!(
                "{} 已损坏，未作任何改动：{report}。请从备份恢复（自动备份位于数据库旁的 backups 文件夹）。",
                path.display()
            ),
            E::PassphraseNeeded { path } => format!(
                "{} 已加密：需要口令才能打开。未作任何改动。",
                path.display()
            ),
            E::WrongPassphrase { path } => format!(
                "口令无法打开 {}（或文件已损坏）。未作任何改动。",
                path.display()
            ),
            E::AlreadyEncrypted { path } => format!(
                "{} 已加密；未作任何改动（如需更改口令，请重设口令）",
                path.display()
            ),
            E::NotEncrypted { path } => format!("{} 未加密；未作任何改动", path.display()),
            E::InUse { path } => format!(
                "{} 正由另一程序使用；请在该程序中关闭后重试。未作任何改动。",
                path.display()
            ),
            E::DiskFull => "磁盘已满；未保存任何内容。请释放空间后重试。".into(),
            E::BadBackup { path, why } => format!(
                "{} 不能用作备份：{why}。未作任何改动。",
                path.display()
            ),
            E::IsTheDatabase {
                output, what_zh, ..
            } => format!(
                "{} 是{what_zh}；未写入任何内容。请换一个文件名。",
                output.display()
            ),
            E::Migration(e) => format!("数据库无法升级：{e}"),
            E::Sqlite(e) => format!("数据库：{e}"),
            E::Io(e) => format!("读写文件出错：{e}"),
            E::Json(e) => format!("JSON：{e}"),
        }
    }

    /// A single field error.
    pub fn field(field: &str, problem: Problem) -> Self {
        Error::Invalid(vec![FieldError::of(field, problem)])
    }

    /// True when the data given was refused (the store is unchanged): the CLI's exit 3.
    pub fn is_invalid_data(&self) -> bool {
        matches!(
            self,
            Error::Invalid(_)
                | Error::InvalidRows(_)
                | Error::NotFound(_)
                | Error::IsTheDatabase { .. }
        )
    }
}

fn join<T: std::fmt::Display>(v: &[T]) -> String {
    v.iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_its_chinese() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("counterpart.sqlite3");
        std::fs::write(&path, b"").unwrap();
        let p = path.display();
        assert_eq!(
            Error::DiskFull.message_zh(),
            "磁盘已满；未保存任何内容。请释放空间后重试。"
        );
        let conflict = Error::Conflict {
            reference: "EXT-1".into(),
            read: 3,
            stored: 4,
        };
        assert!(conflict.message_zh().contains("第 3 版，现为第 4 版"));
        let refused = crate::fsutil::refuse_database_files(&path, &path).unwrap_err();
        assert_eq!(
            refused.message_zh(),
            format!("{p} 是数据库本身（{p}）；未写入任何内容。请换一个文件名。")
        );
        assert!(refused.to_string().starts_with(&format!(
            "{p} is the database itself, {p}; nothing was written"
        )));
        // What the user entered is worded by the face field by field: the English stands.
        let invalid = Error::field("due_on", crate::problem::Problem::Required);
        assert_eq!(invalid.message_zh(), invalid.to_string());
    }
}
