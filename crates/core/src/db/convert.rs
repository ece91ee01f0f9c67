//! Encrypting, re-keying and decrypting an existing database file ([`encrypt_file`],
//! [`rekey_file`], [`decrypt_file`]).

use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

use super::key::Passphrase;
use crate::error::{Error, Result};

/// What a conversion did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// Where the file as it was before (plain, or under the old passphrase) is kept.
    pub kept_aside: PathBuf,
    /// How many items the converted database holds (checked after conversion).
    pub items: i64,
}

/// Encrypts the plain database at `path` with `new`.
pub fn encrypt_file(path: &Path, new: &Passphrase, now: DateTime<Utc>) -> Result<Converted> {
    convert(path, None, Some(new), now)
}

/// Changes the passphrase of the encrypted database at `path` from `old` to `new`.
pub fn rekey_file(
    path: &Path,
    old: &Passphrase,
    new: &Passphrase,
    now: DateTime<Utc>,
) -> Result<Converted> {
    convert(path, Some(old), Some(new), now)
}

/// Decrypts the encrypted database at `path` (its passphrase `old`) into a plain one.
pub fn decrypt_file(path: &Path, old: &Passphrase, now: DateTime<Utc>) -> Result<Converted> {
    convert(path, Some(old), None, now)
}

fn convert(
    _path: &Path,
    _old: Option<&Passphrase>,
    _new: Option<&Passphrase>,
    _now: DateTime<Utc>,
) -> Result<Converted> {
    Err(Error::Io(std::io::Error::other(
        "converting an existing database is not built yet in this build",
    )))
}
