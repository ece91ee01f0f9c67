//! Attachments in the JSON export: each item's files, what they are and their bytes in
//! base64 (standard alphabet, padded) under `content_base64`, so that the export is one
//! self-contained JSON document that imports back with its attachments. An export is
//! written one item at a time ([`super::export_json_of`]): the bytes of one item's files
//! are in memory while that item is written, never the whole record's.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::attachment::NewAttachment;
use crate::db::attachments;
use crate::error::{Error, Result};
use crate::model::ItemId;
use rusqlite::Connection;

/// One attachment in the JSON export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportAttachment {
    pub sha256: String,
    pub name: String,
    pub size: u64,
    pub media_type: String,
    pub received_on: NaiveDate,
    #[serde(default)]
    pub note: String,
    /// The file's bytes, base64 (standard alphabet, padded).
    pub content_base64: String,
}

/// The attachments of `item`, with their bytes (each streamed into its base64 text).
pub(crate) fn of_item(conn: &Connection, item: ItemId) -> Result<Vec<ExportAttachment>> {
    attachments::list(conn, item)?
        .into_iter()
        .map(|a| {
            let mut enc =
                base64::write::EncoderStringWriter::new(&base64::engine::general_purpose::STANDARD);
            attachments::write_content(conn, &a.sha256, &mut enc)?;
            Ok(ExportAttachment {
                content_base64: enc.into_inner(),
                sha256: a.sha256,
                name: a.name,
                size: a.size,
                media_type: a.media_type,
                received_on: a.received_on,
                note: a.note,
            })
        })
        .collect()
}

impl ExportAttachment {
    /// The file's bytes; a field error naming `attachments` when they are not base64.
    pub fn content(&self) -> Result<Vec<u8>> {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD
            .decode(self.content_base64.as_bytes())
            .map_err(|e| {
                Error::field(
                    "attachments",
                    crate::problem::Problem::NotBase64 {
                        name: self.name.clone(),
                        detail: e.to_string(),
                    },
                )
            })
    }

    /// What attaching it to `item` says of it (checked when it is applied).
    pub fn to_new(&self, item: ItemId) -> NewAttachment {
        NewAttachment {
            item,
            sha256: self.sha256.clone(),
            name: self.name.clone(),
            size: self.size,
            media_type: self.media_type.clone(),
            received_on: self.received_on,
            note: self.note.clone(),
        }
    }
}
