//! Import from CSV (the columns of `CONTRACT.md`) and from Counterpart's own JSON export.
//!
//! All or nothing: every row is checked (fields, dates, the history its status implies,
//! references unique in the file and in the database) before anything is written, every
//! bad row is reported with its line number, and the rows are then written in one
//! transaction.

use rusqlite::Connection;
use std::collections::HashMap;
use std::io::Read;

use crate::db::apply::Stream;
use crate::db::items::{self, Known};
use crate::db::{agencies, Db};
use crate::error::{Error, Result, RowError};
use crate::export::{ExportDoc, CSV_COLUMNS};
use crate::form::parse_checked;
use crate::history;
use crate::model::ItemId;
use crate::op::{Author, Change, NewItem, Operation};
use crate::validate::{check_item, FieldError};

mod attachments;
mod lines;

/// What an import did (or, dry, would do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub items: usize,
    pub events: usize,
    pub dry_run: bool,
}

/// One checked row: the operation that creates its item, and its rows ready to write.
type Ready = (Operation, items::Prepared);

/// Columns the CSV import requires.
const REQUIRED: [&str; 4] = ["kind", "reference", "title", "counterpart"];

/// Imports a CSV file. With `dry_run`, checks everything and writes nothing.
///
/// Parsing and checking run on a second thread while this one writes the rows already
/// checked, all in one transaction: a bad row anywhere rolls the whole import back.
pub fn import_csv(
    db: &mut Db,
    input: impl Read + Send,
    author: &Author,
    dry_run: bool,
) -> Result<ImportReport> {
    db.apply_streamed(dry_run, true, |stream| {
        let known = Known::for_batch(stream.conn())?;
        std::thread::scope(|scope| {
            // Rows travel in batches: one hand-over per row cost a context switch each.
            let (send, recv) = std::sync::mpsc::sync_channel::<Vec<Ready>>(8);
            let parser = scope.spawn(move || {
                let mut batch = Vec::with_capacity(BATCH);
                let result = parse_csv(&known, input, author, |r| {
                    batch.push(r);
                    if batch.len() == BATCH {
                        // The writer stops listening only after an error of its own.
                        let _ = send.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
                    }
                });
                let _ = send.send(batch);
                result
            });
            let mut report = ImportReport {
                items: 0,
                events: 0,
                dry_run,
            };
            let mut written: Result<()> = Ok(());
            for (op, prepared) in recv.iter().flatten() {
                if written.is_ok() {
                    written = stream.apply_prepared(&op, &prepared).map(|_| {
                        report.items += 1;
                        report.events += prepared.events.len();
                    });
                }
            }
            let parsed = parser.join().map_err(|_| {
                Error::Io(std::io::Error::other("the CSV reader stopped unexpectedly"))
            })?;
            parsed?;
            written?;
            Ok(report)
        })
    })
}

const BATCH: usize = 512;

/// What importing a file did, and where the database was backed up first.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileImport {
    pub report: ImportReport,
    /// The backup made before anything was written (None for a dry run).
    pub backup: Option<std::path::PathBuf>,
}

/// Imports a file: a JSON export (`.json`) or CSV (anything else). Unless `dry_run`, the
/// database is first backed up into its backups folder (reason `before-import`), so an
/// import can always be undone by a restore.
pub fn import_file(
    db: &mut Db,
    path: &std::path::Path,
    author: &Author,
    dry_run: bool,
) -> Result<FileImport> {
    let file = std::fs::File::open(path).map_err(|e| {
        Error::Io(std::io::Error::new(
            e.kind(),
            format!("cannot read {}: {e}", path.display()),
        ))
    })?;
    let input = std::io::BufReader::new(file);
    let backup = match dry_run {
        true => None,
        false => Some(
            db.backup_now(crate::backup::Reason::BeforeImport, author.now)?
                .path,
        ),
    };
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let report = if is_json {
        import_json(db, input, author, dry_run)?
    } else {
        import_csv(db, input, author, dry_run)?
    };
    Ok(FileImport { report, backup })
}

/// Imports a JSON file written by `export --format json`, with full histories (audited
/// as created by `author`; each item keeps its own instants, and an archived one comes
/// back archived).
pub fn import_json(
    db: &mut Db,
    input: impl Read,
    author: &Author,
    dry_run: bool,
) -> Result<ImportReport> {
    let mut doc: ExportDoc = serde_json::from_reader(input)?;
    let attached = crate::import::attachments::take(&mut doc);
    db.apply_streamed(dry_run, doc.items.len() > 64, |stream| {
        let ready = check_json(stream.conn(), doc, author)?;
        let mut report = ImportReport {
            items: 0,
            events: 0,
            dry_run,
        };
        for op in &ready {
            write_one(stream, op, &mut report)?;
        }
        crate::import::attachments::apply(stream, attached, author)?;
        Ok(report)
    })
}

fn write_one(stream: &mut Stream<'_, '_>, op: &Operation, report: &mut ImportReport) -> Result<()> {
    stream.apply(op)?;
    if let Change::CreateItem(n) = &op.change {
        report.items += 1;
        report.events += n.events.len();
    }
    Ok(())
}

/// Undoes the export's spreadsheet-formula escaping (a `'` put before what a spreadsheet
/// would run: see [`crate::export::needs_escape`]).
pub fn unescape_cell(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if crate::export::needs_escape(rest) => rest,
        _ => s,
    }
}

/// Parses and checks every row, handing each good one to `emit` as soon as it is checked;
/// returns every problem found.
fn parse_csv(
    known: &Known,
    input: impl Read,
    author: &Author,
    mut emit: impl FnMut(Ready),
) -> Result<()> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(lines::Lines::new(input));
    let header_err = |field: &str, message: String| {
        Error::InvalidRows(vec![RowError {
            unit: "line",
            line: 1,
            error: FieldError::new(field, message),
        }])
    };
    let mut header = csv::StringRecord::new();
    match rdr.read_record(&mut header) {
        Ok(true) => {}
        Ok(false) => {
            return Err(header_err(
                "header",
                "the file is empty; a header row is required".into(),
            ))
        }
        Err(e) => {
            return Err(header_err(
                "header",
                format!("cannot be read: {}", e.kind_message()),
            ))
        }
    }
    let names: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = if i == 0 {
                h.trim_start_matches('\u{feff}')
            } else {
                h
            };
            h.trim().to_ascii_lowercase()
        })
        .collect();
    let mut errors = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, n) in names.iter().enumerate() {
        if !CSV_COLUMNS.contains(&n.as_str()) {
            errors.push(RowError {
                unit: "line",
                line: 1,
                error: FieldError::new(
                    if n.is_empty() { "header" } else { n },
                    format!(
                        "`{n}` is not a known column; the columns are: {}",
                        CSV_COLUMNS.join(", ")
                    ),
                ),
            });
        } else if index.insert(n.as_str(), i).is_some() {
            errors.push(RowError {
                unit: "line",
                line: 1,
                error: FieldError::new(n, "the column appears twice"),
            });
        }
    }
    for r in REQUIRED {
        if !index.contains_key(r) {
            errors.push(RowError {
                unit: "line",
                line: 1,
                error: FieldError::new(r, "the required column is missing"),
            });
        }
    }
    if !errors.is_empty() {
        return Err(Error::InvalidRows(errors));
    }

    let mut seen: HashMap<String, u64> = HashMap::new();
    // The line an editor shows for a record: where its first byte is (see `lines`).
    let line_at = |rdr: &csv::Reader<lines::Lines<_>>, p: Option<&csv::Position>| -> u64 {
        p.map_or(0, |p| rdr.get_ref().line_of(p.byte()))
    };
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = line_at(&rdr, e.position());
                errors.push(RowError {
                    unit: "line",
                    line,
                    error: FieldError::new("row", format!("cannot be read: {}", e.kind_message())),
                });
                // A record that cannot be read (bad UTF-8) is skipped; an I/O error ends
                // the file.
                if e.is_io_error() {
                    break;
                }
                continue;
            }
        }
        let line = line_at(&rdr, rec.position());
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue; // a blank line
        }
        if rec.len() != names.len() {
            errors.push(RowError {
                unit: "line",
                line,
                error: FieldError::new(
                    "row",
                    format!("has {} cells; the header has {}", rec.len(), names.len()),
                ),
            });
            continue;
        }
        let cells = Cells {
            index: &index,
            rec: &rec,
        };
        match parse_checked(known, &|name| cells.get(name), author) {
            Ok(r) => {
                let reference = match &r.0.change {
                    Change::CreateItem(n) => n.fields.reference.clone(),
                    _ => unreachable!("a row creates an item"),
                };
                if let Some(first) = seen.insert(reference.clone(), line) {
                    errors.push(RowError {
                        unit: "line",
                        line,
                        error: FieldError::new(
                            "reference",
                            format!(
                                "{reference} appears twice in the file (first on line {first})"
                            ),
                        ),
                    });
                } else if errors.is_empty() {
                    emit(r);
                }
            }
            Err(errs) => errors.extend(errs.into_iter().map(|error| RowError {
                unit: "line",
                line,
                error,
            })),
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(Error::InvalidRows(errors));
    }
    Ok(())
}

trait KindMessage {
    fn kind_message(&self) -> String;
}
impl KindMessage for csv::Error {
    fn kind_message(&self) -> String {
        match self.kind() {
            csv::ErrorKind::Utf8 { .. } => {
                "the file is not UTF-8 text (save it from the spreadsheet as \"CSV UTF-8\")".into()
            }
            _ => self.to_string(),
        }
    }
}

/// The cells of one row, by column name; an empty cell is no value.
pub(crate) struct Cells<'a> {
    index: &'a HashMap<&'a str, usize>,
    rec: &'a csv::StringRecord,
}

impl<'a> Cells<'a> {
    fn get(&self, name: &str) -> Option<&'a str> {
        self.index
            .get(name)
            .and_then(|&i| self.rec.get(i))
            .map(unescape_cell)
            .filter(|s| !s.trim().is_empty())
    }
}

fn check_json(conn: &Connection, doc: ExportDoc, author: &Author) -> Result<Vec<Operation>> {
    let mut errors = Vec::new();
    let mut ready = Vec::new();
    let mut seen_refs: HashMap<String, u64> = HashMap::new();
    let mut seen_ids: HashMap<ItemId, u64> = HashMap::new();
    for (n, x) in doc.items.into_iter().enumerate() {
        let pos = n as u64 + 1;
        let mut push = |error: FieldError| {
            errors.push(RowError {
                unit: "item",
                line: pos,
                error,
            })
        };
        let mut fields = x.item.fields;
        let mut errs = check_item(&fields, x.item.transmitted_on);
        match agencies::resolve(conn, &fields.counterpart)? {
            Some(code) => fields.counterpart = code,
            None => errs.push(FieldError::new(
                "counterpart",
                format!("`{}` is not a known counterpart agency", fields.counterpart),
            )),
        }
        if items::reference_exists(conn, &fields.reference)? {
            errs.push(FieldError::new(
                "reference",
                format!("{} is already in the database", fields.reference),
            ));
        }
        if let Some(first) = seen_refs.insert(fields.reference.clone(), pos) {
            errs.push(FieldError::new(
                "reference",
                format!(
                    "{} appears twice in the file (first as item {first})",
                    fields.reference
                ),
            ));
        }
        if let Some(first) = seen_ids.insert(x.item.id, pos) {
            errs.push(FieldError::new(
                "id",
                format!(
                    "{} appears twice in the file (first as item {first})",
                    x.item.id
                ),
            ));
        } else if items::get(conn, x.item.id).is_ok() {
            errs.push(FieldError::new(
                "id",
                format!("{} is already in the database", x.item.id),
            ));
        }
        let mut events = x.events;
        for ev in &mut events {
            ev.item_id = x.item.id;
        }
        if let Err(h) = history::replay(&events) {
            errs.push(FieldError::new("events", h.to_string()));
        }
        if errs.is_empty() {
            ready.push(author.op(Change::CreateItem(NewItem {
                item: x.item.id,
                fields,
                events,
                created_at: Some(x.item.created_at),
                updated_at: Some(x.item.updated_at),
            })));
            // An archived item comes back archived, as of when it was.
            if let Some(at) = x.item.archived_at {
                let mut archive = author.op(Change::Archive { item: x.item.id });
                archive.at = at;
                ready.push(archive);
            }
        } else {
            errs.into_iter().for_each(&mut push);
        }
    }
    if !errors.is_empty() {
        return Err(Error::InvalidRows(errors));
    }
    Ok(ready)
}
