//! Encryption at rest in the window: the first start's offer (create the database,
//! encrypted or not), the unlock screen (the passphrase of an encrypted database whose
//! passphrase is not kept), and Settings' "Protection" (encrypt, change the passphrase,
//! forget the kept one). The passphrase is kept in the system keychain when the user asks
//! ([`crate::keychain`]), never anywhere else; the work runs on blocking threads.

use counterpart_core::db::{self, Converted, Db, Passphrase};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tauri::{AppHandle, Emitter, Runtime, State};
use zeroize::Zeroizing;

use crate::commands::app::{info, AppInfo};
use crate::error::ApiError;
use crate::keychain::{Keychain, KeychainError};
use crate::state::{AppState, Database, Locked};

/// What the window shows about the database's protection.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Protection {
    /// The database is encrypted (open or locked).
    pub encrypted: bool,
    /// Its passphrase is kept in the system keychain.
    pub kept: bool,
    /// Why the system keychain cannot be used (no Secret Service, locked…); `null` when it
    /// can.
    pub keychain_problem: Option<String>,
    /// The unlock screen's note: why the passphrase is asked for although one is kept.
    pub note: Option<String>,
}

/// A database opened (or created) with a passphrase.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Opened {
    pub info: AppInfo,
    /// The passphrase was to be kept in the keychain, and could not be (the database is
    /// open all the same; the passphrase will be asked for at the next start).
    pub keychain_error: Option<String>,
}

/// Whether `db` is an encrypted database (open, or locked until its passphrase is typed).
pub fn is_encrypted(db: &Database) -> bool {
    match db {
        Database::Locked { .. } => true,
        Database::Open(open) => open.is_encrypted(),
        Database::Failed { .. } | Database::Damaged { .. } | Database::New { .. } => false,
    }
}

/// The database's protection, for the offer, the unlock screen and Settings (asks the
/// keychain, which may take a moment: on a blocking thread).
#[tauri::command]
#[specta::specta]
pub async fn protection_state(
    state: State<'_, AppState>,
    keychain: State<'_, Keychain>,
) -> Result<Protection, ApiError> {
    let (db, keychain) = (Arc::clone(&state.db), keychain.inner().clone());
    blocking(move || {
        let (path, encrypted, note) = {
            let guard = db.locked();
            let note = match &*guard {
                Database::Locked { note, .. } => note.clone(),
                _ => None,
            };
            (guard.path().to_owned(), is_encrypted(&guard), note)
        };
        let (kept, keychain_problem) = match keychain.read(&path) {
            Ok(kept) => (kept.is_some(), None),
            Err(e) => (false, Some(why(&e))),
        };
        Ok(Protection {
            encrypted,
            kept,
            keychain_problem,
            note,
        })
    })
    .await
}

/// The first start: creates the database where there is none yet, encrypted with
/// `passphrase` unless it is `null`, and keeps the passphrase in the keychain when `keep`.
#[tauri::command]
#[specta::specta]
pub async fn create_database(
    state: State<'_, AppState>,
    keychain: State<'_, Keychain>,
    passphrase: Option<String>,
    keep: bool,
) -> Result<Opened, ApiError> {
    let now = state.now();
    pass_gate(&state, &keychain, passphrase, keep, move |db, pass| {
        let Database::New { path } = db else {
            return Err(ApiError::internal("there is a database already"));
        };
        Ok(Database::Open(Box::new(Db::open_keyed(path, pass, now)?)))
    })
    .await
}

/// The unlock screen: opens the locked database with `passphrase` (kept in the keychain
/// when `keep`). A wrong one is refused (`wrong_passphrase`) and nothing is touched.
#[tauri::command]
#[specta::specta]
pub async fn unlock_database(
    state: State<'_, AppState>,
    keychain: State<'_, Keychain>,
    passphrase: String,
    keep: bool,
) -> Result<Opened, ApiError> {
    let now = state.now();
    pass_gate(
        &state,
        &keychain,
        Some(passphrase),
        keep,
        move |db, pass| {
            let Database::Locked { path, .. } = db else {
                return Err(ApiError::internal("the database is not locked"));
            };
            match Db::open_keyed(path, pass, now) {
                Err(e @ counterpart_core::Error::WrongPassphrase { .. }) => Err(e.into()),
                // Open, or damaged (moved aside: the recovery screen), or failed: the window
                // reloads and shows which.
                opened => Ok(Database::opened(path, opened, now)),
            }
        },
    )
    .await
}

/// Leaves the offer or the unlock screen: `open` makes, from the database as it stands
/// and the passphrase typed, the one that takes its place (an error changes nothing);
/// the passphrase is then kept in the keychain when `keep` and the database is open.
async fn pass_gate(
    state: &State<'_, AppState>,
    keychain: &State<'_, Keychain>,
    passphrase: Option<String>,
    keep: bool,
    open: impl FnOnce(&Database, Option<&Passphrase>) -> Result<Database, ApiError> + Send + 'static,
) -> Result<Opened, ApiError> {
    let (db, keychain) = (Arc::clone(&state.db), keychain.inner().clone());
    let typed = passphrase.map(Zeroizing::new);
    let keychain_error = blocking(move || {
        let pass = typed.as_ref().map(|t| passphrase_of(t)).transpose()?;
        let mut guard = db.locked();
        let next = open(&guard, pass.as_ref())?;
        *guard = next;
        let (path, open) = (
            guard.path().to_owned(),
            matches!(&*guard, Database::Open(_)),
        );
        drop(guard);
        // Not refused: remembered for the run, also when the database turned out damaged
        // (the recovery screen checks and restores its encrypted backups with it).
        if let Some(pass) = &pass {
            keychain.remember(&path, pass);
        }
        Ok(match &typed {
            Some(text) if keep && open => keep_in(&keychain, &path, text),
            _ => None,
        })
    })
    .await?;
    crate::state::forget_reader(&state.reads);
    Ok(Opened {
        info: info(state),
        keychain_error,
    })
}

/// Settings: forgets the passphrase kept in the keychain for the open database (it will
/// be asked for at the next start).
#[tauri::command]
#[specta::specta]
pub async fn forget_passphrase(
    state: State<'_, AppState>,
    keychain: State<'_, Keychain>,
) -> Result<Protection, ApiError> {
    let (db, kc) = (Arc::clone(&state.db), keychain.inner().clone());
    blocking(move || {
        let path = db.locked().path().to_owned();
        kc.forget(&path)
            .map_err(|e| ApiError::internal(format!("{e}; nothing was changed")))?;
        Ok(())
    })
    .await?;
    protection_state(state, keychain).await
}

/// Settings: encrypts the open, plain database with `passphrase` (atomic: a failure
/// leaves the plain file whole and open), keeping it in the keychain when `keep`.
#[tauri::command]
#[specta::specta]
pub async fn encrypt_database<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    keychain: State<'_, Keychain>,
    passphrase: String,
    keep: bool,
) -> Result<Opened, ApiError> {
    let typed = Zeroizing::new(passphrase);
    let new = passphrase_of(&typed)?;
    let key = new.clone();
    let done = convert(&state, new.clone(), None, move |path| {
        db::encrypt_file(path, &key)
    })
    .await?;
    rekeyed(&app, &state, &keychain, done, &new, keep.then_some(&typed))
}

/// Settings: changes the open encrypted database's passphrase from `current` to
/// `passphrase` (atomic, checked), keeping the new one in the keychain when `keep` (and
/// forgetting the old one otherwise). A wrong `current` changes nothing.
#[tauri::command]
#[specta::specta]
pub async fn change_passphrase<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    keychain: State<'_, Keychain>,
    current: String,
    passphrase: String,
    keep: bool,
) -> Result<Opened, ApiError> {
    let (current, typed) = (Zeroizing::new(current), Zeroizing::new(passphrase));
    let (old, new) = (passphrase_of(&current)?, passphrase_of(&typed)?);
    let now = state.now();
    // The current passphrase is checked while the database is still open: a wrong one
    // changes nothing (not even which database the window has open).
    let path = state.db.locked().path().to_owned();
    let checked = old.clone();
    blocking(move || {
        Db::open_keyed(&path, Some(&checked), now)
            .map(drop)
            .map_err(ApiError::from)
    })
    .await?;
    let (from, to) = (old.clone(), new.clone());
    let done = convert(&state, new.clone(), Some(old), move |path| {
        db::rekey_file(path, &from, &to)
    })
    .await?;
    rekeyed(&app, &state, &keychain, done, &new, keep.then_some(&typed))
}

/// Closes the open database (its WAL checkpointed, its reader dropped) so that `change`
/// can convert its file, then opens it again: with `after` when the conversion was made,
/// with `before` (the key it had) when it failed and changed nothing. When it cannot be
/// opened again the window says why (`db_error`).
async fn convert(
    state: &State<'_, AppState>,
    after: Passphrase,
    before: Option<Passphrase>,
    change: impl FnOnce(&Path) -> counterpart_core::Result<Converted> + Send + 'static,
) -> Result<(PathBuf, Converted), ApiError> {
    let db = Arc::clone(&state.db);
    crate::state::forget_reader(&state.reads);
    let now = state.now();
    blocking(move || {
        let mut guard = db.locked();
        let Database::Open(_) = &*guard else {
            return Err(ApiError::internal("no database is open"));
        };
        let path = guard.path().to_owned();
        *guard = Database::Failed {
            path: path.clone(),
            message: "its encryption is being changed".into(),
            message_zh: "正在更改其加密".into(),
        };
        let changed = change(&path);
        let key = if changed.is_ok() {
            Some(&after)
        } else {
            before.as_ref()
        };
        *guard = Database::opened(&path, Db::open_keyed(&path, key, now), now);
        Ok((path, changed?))
    })
    .await
}

/// After the database's key changed: keeps the new passphrase in the keychain (`keep`),
/// or forgets the old one (it no longer opens the database); tells the window, and where
/// the file as it was is kept.
fn rekeyed<R: Runtime>(
    app: &AppHandle<R>,
    state: &State<'_, AppState>,
    keychain: &Keychain,
    (path, _done): (PathBuf, Converted),
    new: &Passphrase,
    keep: Option<&Zeroizing<String>>,
) -> Result<Opened, ApiError> {
    crate::state::forget_reader(&state.reads);
    keychain.remember(&path, new);
    let keychain_error = match keep {
        Some(text) => keep_in(keychain, &path, text),
        None => keychain.forget(&path).err().map(|e| why(&e)),
    };
    let _ = app.emit("db-changed", ());
    Ok(Opened {
        info: info(state),
        keychain_error,
    })
}

/// A passphrase as typed (an empty one is refused, naming the field).
fn passphrase_of(text: &str) -> Result<Passphrase, ApiError> {
    Ok(Passphrase::new(text.to_owned())?)
}

/// Keeps `text` in the keychain for `path`; what to tell the user when it could not be.
fn keep_in(keychain: &Keychain, path: &Path, text: &str) -> Option<String> {
    keychain.keep(path, text).err().map(|e| {
        format!(
            "The passphrase could not be kept in the system keychain ({}); Counterpart will ask for it at the next start.",
            why(&e)
        )
    })
}

/// A keychain error in a few words, for the window.
fn why(e: &KeychainError) -> String {
    match e {
        KeychainError::Unavailable(m) | KeychainError::Failed(m) => m.clone(),
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::internal(format!("the database task failed: {e}")))?
}
