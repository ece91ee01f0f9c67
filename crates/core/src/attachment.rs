//! Attachments (PRODUCT.md "Attachments"): the files kept with an item — notes verbales,
//! letters, indictments, answers — each with its SHA-256, name, size, media type, the
//! date it was received and a note. This module is the pure part: what an attachment is,
//! the rules of what the user says of one ([`check`]), a file's hash ([`hash`]), its media
//! type from its name ([`media_type_of`]) and its size in words ([`size_words`]). The
//! store, and the reasons it keeps the bytes in the database, are in
//! [`crate::db::attachments`].

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Read;

use crate::model::ItemId;
use crate::problem::Problem;
use crate::validate::{check_text, FieldError, MAX_SHORT};

/// The longest file name kept (characters).
pub const MAX_NAME: usize = 255;
/// The longest note (characters).
pub const MAX_NOTE: usize = MAX_SHORT;
/// The largest file kept: 512 MiB (SQLite's own limit on one value is about 1 GB; a
/// scanned 50 MB PDF is well within it). The bytes are streamed in and out, never held
/// whole in memory, so the limit is one of the file's size, not of memory.
pub const MAX_SIZE: u64 = 512 * 1024 * 1024;
/// The longest media type kept (characters).
const MAX_MEDIA_TYPE: usize = 127;

/// A file to attach to an item: what [`crate::op::Change::Attach`] carries. Not the bytes:
/// they reach [`crate::db::Db::apply_with_content`] beside the operation, streamed, and are
/// checked against `sha256` and `size` as they are written.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAttachment {
    pub item: ItemId,
    /// The file's SHA-256, 64 lowercase hexadecimal digits.
    pub sha256: String,
    /// The file's name as the user had it (no folder).
    pub name: String,
    /// In bytes.
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub size: u64,
    pub media_type: String,
    pub received_on: NaiveDate,
    #[serde(default)]
    pub note: String,
}

/// An attachment as stored and listed (the detail, `counterpart attachments`).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub item_id: ItemId,
    pub sha256: String,
    pub name: String,
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub size: u64,
    /// The size in words ([`size_words`]): what a face shows.
    pub size_text: String,
    pub media_type: String,
    pub received_on: NaiveDate,
    pub note: String,
    pub attached_at: DateTime<Utc>,
    pub attached_by: Option<String>,
}

/// A file's SHA-256 (hex) and size, as [`hash`] reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hashed {
    pub sha256: String,
    pub size: u64,
}

/// The size of a read buffer when a file is hashed, stored or written back: 1 MiB.
pub(crate) const CHUNK: usize = 1 << 20;

/// Reads `r` to its end, [`CHUNK`] bytes at a time, handing each chunk to `each` (a 50 MB
/// file is never held in memory); returns how many bytes were read.
pub(crate) fn read_chunks<E: From<std::io::Error>>(
    mut r: impl Read,
    mut each: impl FnMut(&[u8]) -> Result<(), E>,
) -> Result<u64, E> {
    let mut buf = vec![0u8; CHUNK];
    let mut size = 0u64;
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => return Ok(size),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        each(&buf[..n])?;
        size += n as u64;
    }
}

/// Reads `r` to its end in chunks and returns its SHA-256 and length.
pub fn hash(r: impl Read) -> std::io::Result<Hashed> {
    let mut h = Sha256::new();
    let size = read_chunks(r, |chunk| {
        h.update(chunk);
        Ok::<_, std::io::Error>(())
    })?;
    Ok(Hashed {
        sha256: crate::audit::hex(&h.finalize()),
        size,
    })
}

/// True when `s` is a SHA-256 as this program writes it (64 lowercase hex digits).
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The media type of a file by its name's extension (the common types of what is
/// attached: scans, letters, mail, spreadsheets); `application/octet-stream` when the
/// extension says nothing.
pub fn media_type_of(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "tif" | "tiff" => "image/tiff",
        "webp" => "image/webp",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "md" => "text/markdown",
        "json" => "application/json",
        "xml" => "application/xml",
        "eml" => "message/rfc822",
        "msg" => "application/vnd.ms-outlook",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "odt" => "application/vnd.oasis.opendocument.text",
        "rtf" => "application/rtf",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// A size in words, in decimal units as file managers show them: `812 bytes`, `1 byte`,
/// `12.3 kB`, `50.0 MB`, `1.20 GB`.
pub fn size_words(bytes: u64) -> String {
    match bytes {
        1 => return "1 byte".to_owned(),
        n if n < 1_000 => return format!("{n} bytes"),
        _ => {}
    }
    let mut v = bytes as f64 / 1e3;
    for unit in ["kB", "MB"] {
        // Rounded to what is printed: 999,950 bytes is "1.0 MB", not "1000.0 kB".
        if v < 999.95 {
            return format!("{v:.1} {unit}");
        }
        v /= 1e3;
    }
    format!("{v:.2} GB")
}

/// The last part of a path as the attachment's name (the whole of it when it has no
/// separator).
pub fn name_of(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned())
}

/// Checks what an attachment says of itself, each problem naming its field: the name
/// (required, one line, no folder, at most [`MAX_NAME`]), the note (at most
/// [`MAX_NOTE`]), the date received (not after `today`), the size (not empty, at most
/// [`MAX_SIZE`]), the hash and the media type.
pub fn check(a: &NewAttachment, today: NaiveDate) -> Vec<FieldError> {
    let mut e = Vec::new();
    let name = a.name.as_str();
    if name.trim().is_empty() {
        e.push(FieldError::of("name", Problem::Required));
    } else if name.contains(['/', '\\']) || name == "." || name == ".." {
        e.push(FieldError::of("name", Problem::NotAFileName));
    } else if name.trim() != name {
        e.push(FieldError::of("name", Problem::EdgeSpaces));
    }
    check_text(&mut e, "name", name, MAX_NAME, false);
    check_text(&mut e, "note", &a.note, MAX_NOTE, true);
    if a.received_on > today {
        e.push(FieldError::of(
            "received_on",
            Problem::ReceivedAfterToday {
                date: a.received_on.to_string(),
                today: today.to_string(),
            },
        ));
    }
    if a.size == 0 {
        e.push(FieldError::of("file", Problem::Empty));
    } else if a.size > MAX_SIZE {
        e.push(FieldError::of(
            "file",
            Problem::FileTooLarge {
                size: size_words(a.size),
                limit: size_words(MAX_SIZE),
            },
        ));
    }
    if !is_sha256(&a.sha256) {
        e.push(FieldError::of("sha256", Problem::NotASha256));
    }
    let mt = a.media_type.as_str();
    let well_formed = mt.split_once('/').is_some_and(|(t, s)| {
        !t.is_empty() && !s.is_empty() && mt.bytes().all(|b| b.is_ascii_graphic())
    });
    if !well_formed || mt.len() > MAX_MEDIA_TYPE {
        e.push(FieldError::of(
            "media_type",
            Problem::NotAMediaType {
                value: mt.to_owned(),
            },
        ));
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_words() {
        for (n, words) in [
            (0, "0 bytes"),
            (1, "1 byte"),
            (812, "812 bytes"),
            (999, "999 bytes"),
            (1_000, "1.0 kB"),
            (12_345, "12.3 kB"),
            (999_949, "999.9 kB"),
            (999_950, "1.0 MB"),
            (50_000_000, "50.0 MB"),
            (52_428_800, "52.4 MB"),
            (1_200_000_000, "1.20 GB"),
        ] {
            assert_eq!(size_words(n), words, "{n} bytes");
        }
    }

    #[test]
    fn media_types_by_extension() {
        assert_eq!(media_type_of("Note verbale 12.PDF"), "application/pdf");
        assert_eq!(media_type_of("scan.jpeg"), "image/jpeg");
        assert_eq!(media_type_of("README"), "application/octet-stream");
    }

    #[test]
    fn hash_of_known_text() {
        let h = hash(&b"abc"[..]).unwrap();
        assert_eq!(
            h.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(h.size, 3);
        assert!(is_sha256(&h.sha256));
        assert!(!is_sha256(&h.sha256.to_uppercase()));
    }

    #[test]
    fn each_problem_names_its_field() {
        let today = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
        let a = NewAttachment {
            item: ItemId(uuid::Uuid::nil()),
            sha256: "x".into(),
            name: "../etc/passwd".into(),
            size: 0,
            media_type: "pdf".into(),
            received_on: today.succ_opt().unwrap(),
            note: "n".repeat(MAX_NOTE + 1),
        };
        let fields: Vec<String> = check(&a, today).into_iter().map(|e| e.field).collect();
        for f in [
            "name",
            "note",
            "received_on",
            "file",
            "sha256",
            "media_type",
        ] {
            assert!(fields.iter().any(|x| x == f), "{f} named in {fields:?}");
        }
    }
}
