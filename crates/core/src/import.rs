//! Import from CSV (the columns of `CONTRACT.md`) and from Counterpart's own JSON export.
//!
//! All or nothing: every row is checked (fields, dates, the history its status implies,
//! references unique in the file and in the database) before anything is written, every
//! bad row is reported with its line number, and the rows are then written in one
//! transaction.
//!
//! One workflow for the command line and the window: [`preview`] is the dry run (`import
//! --dry-run`, and the window's preview before anything is written), [`import_file`] the
//! import itself, after a checked backup; both report their progress as they go.

use std::io::Read;

use crate::db::apply::Stream;
use crate::db::items::{self, Known};
use crate::db::Db;
use crate::error::{Error, Result, RowError};
use crate::export::ExportDoc;
use crate::op::{Author, Change, Operation};

mod attachments;
mod csv;
mod json;
mod lines;
mod preview;

pub use preview::{FileFormat, Preview, PreviewRow, Progress, RowProblem, PREVIEW_ROWS};

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

const BATCH: usize = 512;

/// Everything one run through a file found: what it wrote (or would write), what the
/// checks passed and the first rows of it, and the problems.
struct Run {
    report: ImportReport,
    /// Items and events that passed the checks (equal to the report's when none failed).
    checked: (usize, usize),
    first: Vec<PreviewRow>,
    errors: Vec<RowError>,
}

impl Run {
    fn new(dry_run: bool) -> Run {
        Run {
            report: ImportReport {
                items: 0,
                events: 0,
                dry_run,
            },
            checked: (0, 0),
            first: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// The report, or the refusal naming every bad row.
    fn into_report(self) -> Result<ImportReport> {
        match self.errors.is_empty() {
            true => Ok(self.report),
            false => Err(Error::InvalidRows(self.errors)),
        }
    }

    fn into_preview(self, format: FileFormat) -> Preview {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Preview {
            format,
            items: count(self.checked.0),
            events: count(self.checked.1),
            first: self.first,
            errors: self.errors.into_iter().map(RowProblem::from).collect(),
        }
    }
}

/// Runs `f` in the import's transaction and keeps the rows it refused in `run` (the
/// transaction is rolled back for them); any other error is returned.
fn checked(
    db: &mut Db,
    run: &mut Run,
    batch: bool,
    f: impl FnOnce(&mut Stream<'_, '_>, &mut Run) -> Result<()>,
) -> Result<()> {
    let dry_run = run.report.dry_run;
    match db.apply_streamed(dry_run, batch, |stream| {
        f(stream, run)?;
        match std::mem::take(&mut run.errors) {
            e if e.is_empty() => Ok(()),
            e => Err(Error::InvalidRows(e)),
        }
    }) {
        Err(Error::InvalidRows(e)) => {
            run.errors = e;
            run.report.items = 0;
            run.report.events = 0;
            Ok(())
        }
        other => other,
    }
}

/// Imports a CSV file. With `dry_run`, checks everything and writes nothing.
pub fn import_csv(
    db: &mut Db,
    input: impl Read + Send,
    author: &Author,
    dry_run: bool,
) -> Result<ImportReport> {
    run_csv(db, input, None, author, dry_run, &mut |_| {})?.into_report()
}

/// Parsing and checking run on a second thread while this one writes the rows already
/// checked, all in one transaction: a bad row anywhere rolls the whole import back.
/// `size`: the file's length, for the progress.
fn run_csv(
    db: &mut Db,
    input: impl Read + Send,
    size: Option<u64>,
    author: &Author,
    dry_run: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<Run> {
    let mut run = Run::new(dry_run);
    checked(db, &mut run, true, |stream, run| {
        let known = Known::for_batch(stream.conn())?;
        std::thread::scope(|scope| {
            // Rows travel in batches: one hand-over per row cost a context switch each.
            // Each batch says how far into the file the parser is.
            let (send, recv) = std::sync::mpsc::sync_channel::<(Vec<Ready>, u64)>(8);
            let parser = scope.spawn(move || {
                let mut batch = Vec::with_capacity(BATCH);
                let (mut rows, mut checked, mut first) = (0usize, (0, 0), Vec::new());
                let result = csv::parse_csv(&known, input, author, |row, at| {
                    let events = row.ready.1.events.len();
                    checked = (checked.0 + 1, checked.1 + events);
                    if first.len() < PREVIEW_ROWS {
                        let p = &row.ready.1;
                        first.push(PreviewRow::new(row.line, &p.fields, p.timeline(), events));
                    }
                    if row.clean {
                        batch.push(row.ready);
                    }
                    rows += 1;
                    if rows % BATCH == 0 {
                        // The writer stops listening only after an error of its own.
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        let _ = send.send((full, at));
                    }
                });
                let _ = send.send((batch, size.unwrap_or(0)));
                (result, checked, first)
            });
            let mut written: Result<()> = Ok(());
            let report = &mut run.report;
            for (batch, at) in recv.iter() {
                for (op, prepared) in &batch {
                    if written.is_ok() {
                        written = stream.apply_prepared(op, prepared).map(|_| {
                            report.items += 1;
                            report.events += prepared.events.len();
                        });
                    }
                }
                progress(Progress {
                    items: u32::try_from(report.items).unwrap_or(u32::MAX),
                    fraction: size.map_or(0.0, |s| at.min(s) as f32 / s.max(1) as f32),
                });
            }
            let (parsed, counted, first) = parser.join().map_err(|_| {
                Error::Io(std::io::Error::other("the CSV reader stopped unexpectedly"))
            })?;
            (run.checked, run.first) = (counted, first);
            match parsed {
                Err(Error::InvalidRows(e)) => run.errors = e,
                other => other?,
            }
            written
        })
    })?;
    Ok(run)
}

/// What importing a file did, and where the database was backed up first.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileImport {
    pub report: ImportReport,
    /// The backup made (and checked) before anything was written.
    pub backup: std::path::PathBuf,
}

/// Opens a file to import, naming it in the error.
fn open(path: &std::path::Path) -> Result<(std::io::BufReader<std::fs::File>, u64)> {
    let file = std::fs::File::open(path).map_err(|e| {
        Error::Io(std::io::Error::new(
            e.kind(),
            format!("cannot read {}: {e}", path.display()),
        ))
    })?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    Ok((std::io::BufReader::new(file), size))
}

/// Runs a file, opened, through the import: a JSON export (`.json`) or CSV (anything else).
fn run_file(
    db: &mut Db,
    path: &std::path::Path,
    (input, size): (std::io::BufReader<std::fs::File>, u64),
    author: &Author,
    dry_run: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<Run> {
    match FileFormat::of(path) {
        FileFormat::Json => run_json(db, input, author, dry_run, progress),
        FileFormat::Csv => run_csv(db, input, Some(size), author, dry_run, progress),
    }
}

/// What importing the file would do, found by checking everything and writing it in a
/// transaction that is rolled back (the dry run): the counts, the first rows as they will
/// be stored, and every problem. Nothing is written.
pub fn preview(
    db: &mut Db,
    path: &std::path::Path,
    author: &Author,
    progress: &mut dyn FnMut(Progress),
) -> Result<Preview> {
    let input = open(path)?;
    Ok(run_file(db, path, input, author, true, progress)?.into_preview(FileFormat::of(path)))
}

/// Imports a file: a JSON export (`.json`) or CSV (anything else). The database is first
/// backed up into its backups folder (reason `before-import`; the copy is checked), so an
/// import can always be undone by a restore. Any bad row: nothing is imported.
pub fn import_file(
    db: &mut Db,
    path: &std::path::Path,
    author: &Author,
    progress: &mut dyn FnMut(Progress),
) -> Result<FileImport> {
    // Opened (readable) before anything is backed up, and read once (it may be a pipe).
    let input = open(path)?;
    let backup = db
        .backup_now(crate::backup::Reason::BeforeImport, author.now)?
        .path;
    let report = run_file(db, path, input, author, false, progress)?.into_report()?;
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
    run_json(db, input, author, dry_run, &mut |_| {})?.into_report()
}

fn run_json(
    db: &mut Db,
    input: impl Read,
    author: &Author,
    dry_run: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<Run> {
    let mut doc: ExportDoc = serde_json::from_reader(input)?;
    let attached = attachments::take(&mut doc);
    let mut run = Run::new(dry_run);
    let batch = doc.items.len() > 64;
    checked(db, &mut run, batch, |stream, run| {
        let json::Checked { ready, errors } = json::check_json(stream.conn(), doc, author)?;
        for (n, (pos, op)) in ready.iter().enumerate() {
            if let Change::CreateItem(i) = &op.change {
                run.checked = (run.checked.0 + 1, run.checked.1 + i.events.len());
                // Its history was replayed in the checks: it stands.
                match crate::history::replay(&i.events) {
                    Ok(t) if run.first.len() < PREVIEW_ROWS => {
                        run.first
                            .push(PreviewRow::new(*pos, &i.fields, &t, i.events.len()))
                    }
                    _ => {}
                }
            }
            if errors.is_empty() {
                write_one(stream, op, &mut run.report)?;
            }
            if n % BATCH == BATCH - 1 || n + 1 == ready.len() {
                progress(Progress {
                    items: u32::try_from(run.report.items).unwrap_or(u32::MAX),
                    fraction: (n + 1) as f32 / ready.len() as f32,
                });
            }
        }
        run.errors = errors;
        if run.errors.is_empty() {
            // A refused attachment names its item's position: a problem like the others.
            attachments::apply(stream, attached, author)?;
        }
        Ok(())
    })?;
    Ok(run)
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
