//! What every command shares: the database (named by `--db`, `COUNTERPART_DB` or the
//! default path), today (`--today`, `COUNTERPART_TODAY` or the local date), the instant of
//! the run, who is making the change, and standard output.

use chrono::{DateTime, NaiveDate, Utc};
use counterpart_core::db::Db;
use counterpart_core::op::Author;
use counterpart_core::Error;
use std::io::StdoutLock;
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
    pub out: StdoutLock<'static>,
}

impl Context {
    /// Reads the clock: `today` (unless given) and `now`.
    pub fn new(db: Option<PathBuf>, today: Option<NaiveDate>, user: Option<String>) -> Self {
        Context {
            db,
            today: today.unwrap_or_else(|| chrono::Local::now().date_naive()),
            now: Utc::now(),
            user,
            out: std::io::stdout().lock(),
        }
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
        Db::open(&self.db_path()?, Utc::now())
    }
}
