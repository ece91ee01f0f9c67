//! What every command shares: the database (named by `--db`, `COUNTERPART_DB` or the
//! default path) and its passphrase (`--passphrase-file` or `COUNTERPART_PASSPHRASE`), today (`--today`, `COUNTERPART_TODAY` or the local date), the instant of
//! the run, who is making the change, and standard output.

use chrono::{DateTime, NaiveDate, Utc};
use counterpart_core::db::{Db, Passphrase};
use counterpart_core::op::Author;
use counterpart_core::problem::Problem;
use counterpart_core::Error;
use std::io::{BufWriter, StdoutLock};
use std::path::PathBuf;

pub struct Context {
    /// The database named on the command line or in the environment; `None` for the
    /// default one.
    db: Option<PathBuf>,
    /// The date every figure is computed for.
    pub today: NaiveDate,
    /// The instant recorded with every change the command makes.
    pub now: DateTime<Utc>,
    user: Option<String>,
    /// `--passphrase-file`: the file that holds the database's passphrase.
    passphrase_file: Option<PathBuf>,
    /// Standard output, buffered: a long list is written in large pieces, not a line at
    /// a time (68,000 reminder lines were 68,000 `write`s). Flushed at the end of the
    /// command, before an error is reported, and where a command shows progress.
    pub out: BufWriter<StdoutLock<'static>>,
}

/// The environment variable that may hold the database's passphrase (when no
/// `--passphrase-file` is given; an empty value is no passphrase).
pub const PASSPHRASE_ENV: &str = "COUNTERPART_PASSPHRASE";

impl Context {
    /// Reads the clock: `today` (unless given) and `now`.
    pub fn new(
        db: Option<PathBuf>,
        today: Option<NaiveDate>,
        user: Option<String>,
        passphrase_file: Option<PathBuf>,
    ) -> Self {
        Context {
            db,
            today: today.unwrap_or_else(|| chrono::Local::now().date_naive()),
            now: Utc::now(),
            user,
            passphrase_file,
            out: BufWriter::with_capacity(64 * 1024, std::io::stdout().lock()),
        }
    }

    /// The database's passphrase: read from `--passphrase-file` (one trailing line break
    /// is not part of it), or `COUNTERPART_PASSPHRASE`; None when neither is given.
    pub fn passphrase(&self) -> Result<Option<Passphrase>, Error> {
        if let Some(file) = &self.passphrase_file {
            return read_passphrase(file).map(Some);
        }
        match std::env::var(PASSPHRASE_ENV) {
            Ok(text) if !text.is_empty() => Passphrase::new(text).map(Some),
            _ => Ok(None),
        }
    }

    /// The passphrase, which this command cannot do without (to encrypt with it, or to
    /// re-key or decrypt a database): a field error naming `passphrase` when there is none.
    /// `why` is the problem that says what it is needed for, given the environment
    /// variable that can hold it.
    pub fn required_passphrase(&self, why: fn(String) -> Problem) -> Result<Passphrase, Error> {
        self.passphrase()?
            .ok_or_else(|| Error::field("passphrase", why(PASSPHRASE_ENV.to_owned())))
    }

    /// The author of the operations this run makes: now, today and the user (`--user` or
    /// `$USER`, if known).
    pub fn author(&self) -> Author {
        Author::new(self.now, self.today, self.user.clone())
    }

    /// The database's path: from the command line, or the default one (whose folder is
    /// made on first use).
    pub fn db_path(&self) -> Result<PathBuf, Error> {
        Ok(match &self.db {
            Some(p) => p.clone(),
            None => {
                let p = counterpart_core::db::default_path()?;
                if let Some(dir) = p.parent() {
                    counterpart_core::fsutil::create_private_dir(dir)?;
                }
                p
            }
        })
    }

    /// Opens (creating or upgrading) the database. The clock is read again as the file
    /// is opened: an upgrade's backup is named by that instant.
    pub fn open(&self) -> Result<Db, Error> {
        let path = self.db_path()?;
        Db::open_keyed(&path, self.passphrase()?.as_ref(), Utc::now())
    }
}

/// A passphrase read from a file (`--passphrase-file`, `--new-passphrase-file`).
pub fn read_passphrase(file: &std::path::Path) -> Result<Passphrase, Error> {
    Passphrase::from_file_contents(read_secret_text(file, "passphrase")?)
}

/// The text of a secret's file (`what`: "passphrase", "password"), read whole.
pub fn read_secret_text(file: &std::path::Path, what: &str) -> Result<String, Error> {
    std::fs::read_to_string(file).map_err(|e| {
        Error::Io(std::io::Error::new(
            e.kind(),
            format!("cannot read the {what} file {}: {e}", file.display()),
        ))
    })
}
