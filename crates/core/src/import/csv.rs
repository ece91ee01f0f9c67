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
use crate::problem::Problem;
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
    let header_err = |field: &str, problem: Problem| {
        Error::InvalidRows(vec![RowError {
            unit: "line",
            line: 1,
            error: FieldError::of(field, problem),
        }])
    };
    let mut header = csv::StringRecord::new();
    match rdr.read_record(&mut header) {
        Ok(true) => {}
        Ok(false) => return Err(header_err("header", Problem::EmptyCsv)),
        Err(e) => return Err(header_err("header", e.problem())),
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
                error: FieldError::of(
                    if n.is_empty() { "header" } else { n },
                    Problem::UnknownColumn {
                        value: n.clone(),
                        columns: CSV_COLUMNS.join(", "),
                    },
                ),
            });
        } else if index.insert(n.as_str(), i).is_some() {
            errors.push(RowError {
                unit: "line",
                line: 1,
                error: FieldError::of(n, Problem::ColumnTwice),
            });
        }
    }
    for r in REQUIRED {
        if !index.contains_key(r) {
            errors.push(RowError {
                unit: "line",
                line: 1,
                error: FieldError::of(r, Problem::ColumnMissing),
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
                    error: FieldError::of("row", e.problem()),
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
                error: FieldError::of(
                    "row",
                    Problem::CellCount {
                        cells: u32::try_from(rec.len()).unwrap_or(u32::MAX),
                        header: u32::try_from(names.len()).unwrap_or(u32::MAX),
                    },
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
                        error: FieldError::of(
                            "reference",
                            Problem::TwiceOnLine {
                                value: reference,
                                first: u32::try_from(first).unwrap_or(u32::MAX),
                            },
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

/// A record that cannot be read, keyed: text that is not UTF-8 in the program's words,
/// anything else in the csv crate's.
trait ReadProblem {
    fn problem(&self) -> Problem;
}
impl ReadProblem for csv::Error {
    fn problem(&self) -> Problem {
        match self.kind() {
            csv::ErrorKind::Utf8 { .. } => Problem::NotUtf8,
            _ => Problem::CannotBeRead {
                detail: self.to_string(),
            },
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
