//! Attachments' store (migration 0014): the files kept with an item.
//!
//! ## Why in the database, content-addressed
//!
//! The bytes live in the database file, not in a folder beside it. Everything that
//! protects the record then protects them too, with nothing more to get right: encryption
//! at rest (SQLCipher encrypts their pages like any other), backups and restore (SQLite's
//! online backup copies them with the rest, consistently, in one transaction), `check`
//! (`integrity_check` reads their pages, [`verify`] their hashes), the audit trail, owner-
//! only files, and secure delete (a removed or erased attachment's pages are zeroed like
//! an erased item's text). A folder beside the database would escape all of them: a
//! backup could miss a file or hold one the record no longer names, an encrypted
//! database would keep its scans in the clear, and a restore would have two things to put
//! back, not one.
//!
//! The bytes are kept once per distinct file (`attachment_blob`, keyed by the SHA-256),
//! apart from `attachment`, which links an item to a file with what the user said of it
//! (name, size, type, date received, note). The same letter attached to an extradition
//! and to its indictment is stored once; a blob goes when no attachment names it.
//!
//! ## Large files
//!
//! A 50 MB scan is streamed in and out through SQLite's incremental blob I/O, 1 MiB at a
//! time ([`crate::attachment::CHUNK`]): a row of the file's size is made with
//! `zeroblob`, then written as the file is read and hashed, and the transaction is
//! refused if what was read does not hash to the operation's SHA-256 or is not its size.
//! Reading back ([`Db::write_attachment`]) streams the same way. The list and the detail
//! never read `attachment_blob`: its content sits in its own table's overflow pages, which
//! no query of the items touches (measured in `crates/bench`, `--only attachments`).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::Path;

use crate::attachment::{self, Attachment, NewAttachment, CHUNK};
use crate::audit::Action;
use crate::db::{audit, date, instant, items, Db, Tx};
use crate::error::{Error, Result};
use crate::model::ItemId;
use crate::op::{Author, Change};
use crate::problem::Problem;

const COLUMNS: &str = "item_id, sha256, name, size, media_type, received_on, note, attached_at,
     attached_by";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Attachment> {
    let size: i64 = r.get("size")?;
    let size = size.unsigned_abs();
    Ok(Attachment {
        item_id: r.get("item_id")?,
        sha256: r.get("sha256")?,
        name: r.get("name")?,
        size,
        size_text: attachment::size_words(size),
        media_type: r.get("media_type")?,
        received_on: r.get("received_on")?,
        note: r.get("note")?,
        attached_at: r.get("attached_at")?,
        attached_by: r.get("attached_by")?,
    })
}

/// An item's attachments, in the order they were received (then attached).
pub fn list(conn: &Connection, item: ItemId) -> Result<Vec<Attachment>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM attachment WHERE item_id = ?1
          ORDER BY received_on, attached_at, name"
    ))?;
    let rows = st.query_map([item], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One attachment of an item; a field error naming `sha256` when the item has none of it.
pub fn get(conn: &Connection, item: ItemId, sha256: &str) -> Result<Attachment> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM attachment WHERE item_id = ?1 AND sha256 = ?2"
    ))?;
    st.query_row(params![item, sha256.trim()], from_row)
        .optional()?
        .ok_or_else(|| not_attached(conn, item, sha256))
}

fn not_attached(conn: &Connection, item: ItemId, sha256: &str) -> Error {
    let reference = items::get(conn, item)
        .map(|i| i.fields.reference)
        .unwrap_or_else(|_| item.to_string());
    Error::field(
        "sha256",
        Problem::NoSuchAttachment {
            reference,
            sha256: sha256.trim().to_owned(),
        },
    )
}

/// The JSON of what the trail keeps of an attachment (its `attached` row's new value, its
/// `attachment_removed` row's old value).
fn trail_value(a: &NewAttachment) -> String {
    serde_json::json!({
        "name": a.name,
        "size": a.size,
        "media_type": a.media_type,
        "received_on": a.received_on,
        "note": a.note,
    })
    .to_string()
}

/// The attach arm of [`crate::db::apply`]: checks the attachment, stores its bytes from
/// `content` (or finds them already stored, the same file attached elsewhere), links it
/// to the item and audits it (`attached`, the SHA-256 as the field).
pub(crate) fn attach(
    tx: &Tx<'_>,
    a: &NewAttachment,
    content: Option<&mut dyn Read>,
    now: DateTime<Utc>,
    today: NaiveDate,
    user: Option<&str>,
) -> Result<Attachment> {
    let errors = attachment::check(a, today);
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let item = items::get(tx, a.item)?;
    let twice: Option<String> = tx
        .prepare_cached("SELECT name FROM attachment WHERE item_id = ?1 AND sha256 = ?2")?
        .query_row(params![a.item, a.sha256], |r| r.get(0))
        .optional()?;
    if let Some(name) = twice {
        return Err(Error::field(
            "file",
            Problem::AlreadyAttached {
                reference: item.fields.reference,
                name,
            },
        ));
    }
    store_blob(tx, &a.sha256, a.size, content)?;
    tx.prepare_cached(
        "INSERT INTO attachment (item_id, sha256, name, size, media_type, received_on, note,
                                 attached_at, attached_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        a.item,
        a.sha256,
        a.name,
        a.size as i64,
        a.media_type,
        date(Some(a.received_on)),
        a.note,
        instant(now),
        user,
    ])?;
    audit::Appender::new(tx, now, user)?.append(
        a.item,
        &item.fields.reference,
        Action::Attached,
        Some(&a.sha256),
        None,
        Some(&trail_value(a)),
    )?;
    get(tx, a.item, &a.sha256)
}

/// Writes the bytes of the file `sha256` of `size` bytes from `content`, checked against
/// both as they are streamed in; nothing to write when they are already stored.
fn store_blob(tx: &Tx<'_>, sha256: &str, size: u64, content: Option<&mut dyn Read>) -> Result<()> {
    let stored: Option<i64> = tx
        .prepare_cached("SELECT size FROM attachment_blob WHERE sha256 = ?1")?
        .query_row([sha256], |r| r.get(0))
        .optional()?;
    if let Some(stored) = stored {
        if stored.unsigned_abs() != size {
            return Err(Error::field(
                "size",
                Problem::SizeMismatch {
                    size,
                    sha256: sha256.to_owned(),
                    stored: stored.unsigned_abs(),
                },
            ));
        }
        return Ok(());
    }
    let Some(content) = content else {
        return Err(Error::field(
            "file",
            Problem::ContentMissing {
                sha256: sha256.to_owned(),
            },
        ));
    };
    tx.prepare_cached(
        "INSERT INTO attachment_blob (sha256, size, content) VALUES (?1, ?2, zeroblob(?2))",
    )?
    .execute(params![sha256, size as i64])?;
    let row = tx.last_insert_rowid();
    let mut blob = tx.blob_open(
        rusqlite::MAIN_DB,
        c"attachment_blob",
        c"content",
        row,
        false,
    )?;
    let mut h = Sha256::new();
    let mut stored = 0u64;
    let written = attachment::read_chunks(content, |chunk| {
        stored += chunk.len() as u64;
        if stored > size {
            return Err(changed_while_read(size));
        }
        h.update(chunk);
        blob.write_all(chunk)?;
        Ok(())
    })?;
    if written != size {
        return Err(changed_while_read(size));
    }
    let got = crate::audit::hex(&h.finalize());
    if got != sha256 {
        return Err(Error::field(
            "file",
            Problem::HashChanged {
                got,
                sha256: sha256.to_owned(),
            },
        ));
    }
    blob.close()?;
    Ok(())
}

fn changed_while_read(size: u64) -> Error {
    Error::field("file", Problem::SizeChanged { size })
}

/// The remove arm of [`crate::db::apply`]: unlinks the file from the item, audited
/// (`attachment_removed`, the SHA-256 as the field, what it was as the old value); its
/// bytes go when no other item keeps it.
pub(crate) fn remove(
    tx: &Tx<'_>,
    item: ItemId,
    sha256: &str,
    now: DateTime<Utc>,
    user: Option<&str>,
) -> Result<()> {
    let current = items::get(tx, item)?;
    let a = get(tx, item, sha256)?;
    tx.prepare_cached("DELETE FROM attachment WHERE item_id = ?1 AND sha256 = ?2")?
        .execute(params![item, a.sha256])?;
    drop_unreferenced(tx)?;
    let was = NewAttachment {
        item,
        sha256: a.sha256.clone(),
        name: a.name,
        size: a.size,
        media_type: a.media_type,
        received_on: a.received_on,
        note: a.note,
    };
    audit::Appender::new(tx, now, user)?.append(
        item,
        &current.fields.reference,
        Action::AttachmentRemoved,
        Some(&a.sha256),
        Some(&trail_value(&was)),
        None,
    )?;
    Ok(())
}

/// Deletes the bytes no attachment names any more (after a removal, or an erase whose
/// attachments went by `ON DELETE CASCADE`); secure delete zeroes their pages.
pub(crate) fn drop_unreferenced(tx: &Tx<'_>) -> Result<usize> {
    Ok(tx
        .prepare_cached(
            "DELETE FROM attachment_blob
              WHERE NOT EXISTS (SELECT 1 FROM attachment a WHERE a.sha256 = attachment_blob.sha256)",
        )?
        .execute([])?)
}

/// Writes the stored bytes of `sha256` to `out`, streamed; returns how many were written.
pub fn write_content(conn: &Connection, sha256: &str, out: &mut dyn Write) -> Result<u64> {
    let row: i64 = conn
        .prepare_cached("SELECT id FROM attachment_blob WHERE sha256 = ?1")?
        .query_row([sha256], |r| r.get(0))
        .optional()?
        .ok_or_else(|| {
            Error::field(
                "sha256",
                Problem::NoSuchFile {
                    sha256: sha256.to_owned(),
                },
            )
        })?;
    let mut blob = conn.blob_open(rusqlite::MAIN_DB, c"attachment_blob", c"content", row, true)?;
    let n = std::io::copy(
        &mut std::io::BufReader::with_capacity(CHUNK, &mut blob),
        out,
    )?;
    Ok(n)
}

/// An attachment whose stored bytes are not what its hash says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BadAttachment {
    /// The item's reference.
    pub reference: String,
    pub name: String,
    pub sha256: String,
    pub problem: String,
}

impl std::fmt::Display for BadAttachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "attachment {} of {} ({}): {}",
            self.name, self.reference, self.sha256, self.problem
        )
    }
}

/// `counterpart check`'s part: every attachment's bytes hashed again (streamed) and
/// compared with its SHA-256 and size. Returns the attachments that do not hold and how
/// many were checked.
pub fn verify(conn: &Connection) -> Result<(Vec<BadAttachment>, usize)> {
    let mut st = conn.prepare(
        "SELECT i.reference, a.name, a.sha256, a.size, b.id, b.size
           FROM attachment a JOIN item i ON i.id = a.item_id
           LEFT JOIN attachment_blob b ON b.sha256 = a.sha256
          ORDER BY i.reference, a.received_on, a.name",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, Option<i64>>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut bad = Vec::new();
    // A file kept with several items is hashed once.
    let mut hashed: std::collections::HashMap<i64, attachment::Hashed> = Default::default();
    let checked = rows.len();
    for (reference, name, sha256, size, blob, blob_size) in rows {
        let problem = match (blob, blob_size) {
            (None, _) | (_, None) => Some("its content is missing".to_owned()),
            (Some(id), Some(blob_size)) => {
                let h = match hashed.get(&id) {
                    Some(h) => h.clone(),
                    None => {
                        let b = conn.blob_open(
                            rusqlite::MAIN_DB,
                            c"attachment_blob",
                            c"content",
                            id,
                            true,
                        )?;
                        let h = attachment::hash(std::io::BufReader::with_capacity(CHUNK, b))?;
                        hashed.insert(id, h.clone());
                        h
                    }
                };
                if h.sha256 != sha256 {
                    Some(format!("its content's SHA-256 is now {}", h.sha256))
                } else if h.size != size.unsigned_abs() || blob_size != size {
                    Some(format!("it is {} bytes, not {size}", h.size))
                } else {
                    None
                }
            }
        };
        if let Some(problem) = problem {
            bad.push(BadAttachment {
                reference,
                name,
                sha256,
                problem,
            });
        }
    }
    Ok((bad, checked))
}

impl Db {
    /// Attaches the file at `path` to `item` as `author` (one [`Change::Attach`]
    /// operation): its name from the path, its type from the name, received on
    /// `received_on` (None: the author's today). The file is read twice, streamed: once
    /// for its hash, which the operation carries, once into the store, checked against it.
    pub fn attach_file(
        &mut self,
        author: &Author,
        item: ItemId,
        path: &Path,
        received_on: Option<NaiveDate>,
        note: &str,
    ) -> Result<Attachment> {
        let unreadable = |e: std::io::Error| {
            Error::field(
                "file",
                Problem::CannotReadFile {
                    path: path.display().to_string(),
                    detail: e.to_string(),
                },
            )
        };
        let open = || std::fs::File::open(path).map_err(unreadable);
        let hashed = attachment::hash(std::io::BufReader::with_capacity(CHUNK, open()?))
            .map_err(unreadable)?;
        let name = attachment::name_of(path);
        let op = author.op(Change::Attach(NewAttachment {
            item,
            sha256: hashed.sha256,
            media_type: attachment::media_type_of(&name).to_owned(),
            name,
            size: hashed.size,
            received_on: received_on.unwrap_or(author.today),
            note: note.trim().to_owned(),
        }));
        match self.apply_with_content(&op, &mut open()?)? {
            crate::db::apply::Applied::Attachment(a) => Ok(a),
            other => Err(Error::Io(std::io::Error::other(format!(
                "attaching gave {other:?}"
            )))),
        }
    }

    /// Writes the attachment `sha256` of `item` to `out`, byte for byte (streamed);
    /// returns the attachment.
    pub fn write_attachment(
        &self,
        item: ItemId,
        sha256: &str,
        out: &mut dyn Write,
    ) -> Result<Attachment> {
        let a = get(self.conn(), item, sha256)?;
        write_content(self.conn(), &a.sha256, out)?;
        Ok(a)
    }
}
