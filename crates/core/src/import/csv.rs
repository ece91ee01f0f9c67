//! Reading a CSV file row by row: every row parsed and checked as the core's entry form
//! checks it, each bad one named by the line an editor shows ([`super::lines`]).

use std::collections::HashMap;
use std::io::Read;

use super::{lines, unescape_cell, Ready, REQUIRED};
use crate::db::items::Known;
use crate::error::{Error, Result, RowError};
use crate::export::CSV_COLUMNS;
use crate::form::parse_checked;
use crate::op::{Author, Change};
use crate::validate::FieldError;

/// One row that passed every check.
pub(super) struct Checked {
    /// The line it starts on.
    pub line: u64,
    pub ready: Ready,
    /// No bad row came before it (only then is it worth writing).
    pub clean: bool,
}

/// Parses and checks every row, handing each good one to `emit` as soon as it is checked,
/// with the number of bytes of the file read so far; returns every problem found.
pub(super) fn parse_csv(
    known: &Known,
    input: impl Read,
    author: &Author,
    mut emit: impl FnMut(Checked, u64),
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
                } else {
                    let at = rec.position().map_or(0, |p| p.byte());
                    let clean = errors.is_empty();
                    emit(
                        Checked {
                            line,
                            ready: r,
                            clean,
                        },
                        at,
                    );
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
