//! Attachments of a JSON export imported back: each item's files, attached to it after
//! every item is in (one [`crate::op::Change::Attach`] each, with its bytes decoded from
//! the export's base64 and checked against its SHA-256 and size as they are stored), in
//! the import's one transaction. A problem names the item's position in the file, as the
//! items' own problems do. They are attached by the importing user, now: the trail of the
//! database they came from stays there.

use crate::db::apply::Stream;
use crate::error::{Error, Result, RowError};
use crate::export::{ExportAttachment, ExportDoc};
use crate::model::ItemId;
use crate::op::{Author, Change};

/// The attachments of each item of `doc` (taken out of it), with the item's position.
pub(super) fn take(doc: &mut ExportDoc) -> Vec<(u64, ItemId, Vec<ExportAttachment>)> {
    doc.items
        .iter_mut()
        .enumerate()
        .filter(|(_, x)| !x.attachments.is_empty())
        .map(|(n, x)| (n as u64 + 1, x.item.id, std::mem::take(&mut x.attachments)))
        .collect()
}

/// Attaches them, all or (on the first that is refused) none.
pub(super) fn apply(
    stream: &mut Stream<'_, '_>,
    attached: Vec<(u64, ItemId, Vec<ExportAttachment>)>,
    author: &Author,
) -> Result<()> {
    for (pos, item, files) in attached {
        for a in files {
            let at_item = |e: Error| match e {
                Error::Invalid(fields) => Error::InvalidRows(
                    fields
                        .into_iter()
                        .map(|error| RowError {
                            unit: "item",
                            line: pos,
                            error,
                        })
                        .collect(),
                ),
                other => other,
            };
            let bytes = a.content().map_err(at_item)?;
            let op = author.op(Change::Attach(a.to_new(item)));
            stream
                .apply_with_content(&op, &mut bytes.as_slice())
                .map_err(at_item)?;
        }
    }
    Ok(())
}
