//! What an import will do, shown before it is done: how many items and events, the first
//! rows as they will be stored, every problem with its line, and how far it has got.

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, RowError};
use crate::history::Timeline;
use crate::model::{ItemFields, Kind, Priority, Status};
use crate::problem::Problem;
use crate::validate::FieldError;

/// How many of the first rows a preview shows.
pub const PREVIEW_ROWS: usize = 10;

/// The two kinds of file an import reads.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileFormat {
    /// The columns of `CONTRACT.md`; problems are named by line (the header is line 1).
    Csv,
    /// Counterpart's own JSON export; problems are named by the item's position.
    Json,
}

impl FileFormat {
    /// A JSON export (`.json`) or CSV (anything else).
    pub fn of(path: &std::path::Path) -> FileFormat {
        match path.extension() {
            Some(e) if e.eq_ignore_ascii_case("json") => FileFormat::Json,
            _ => FileFormat::Csv,
        }
    }

    /// What a problem's number counts: `line` or `item`.
    pub fn unit(self) -> &'static str {
        match self {
            FileFormat::Csv => "line",
            FileFormat::Json => "item",
        }
    }
}

/// What importing a file would do, found by a dry run: nothing was written.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preview {
    pub format: FileFormat,
    /// The items that passed every check, and their events (with no problems: what the
    /// import will write).
    pub items: u32,
    pub events: u32,
    /// The first of them ([`PREVIEW_ROWS`]), as they will be stored.
    pub first: Vec<PreviewRow>,
    /// Every problem, in the order of the file; while there is one, nothing is imported.
    pub errors: Vec<RowProblem>,
}

impl Preview {
    /// The import's refusal, as the command line reports it: `None` when there is no
    /// problem.
    pub fn refusal(&self) -> Option<Error> {
        if self.errors.is_empty() {
            return None;
        }
        let unit = self.format.unit();
        Some(Error::InvalidRows(
            self.errors
                .iter()
                .map(|p| RowError {
                    unit,
                    line: u64::from(p.line),
                    error: FieldError::of(p.field.clone(), p.problem.clone()),
                })
                .collect(),
        ))
    }
}

/// A problem with one row: its line (CSV, the header is 1) or position (JSON, from 1),
/// the field, and what is wrong.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    pub line: u32,
    pub field: String,
    /// In English (the command line's words).
    pub message: String,
    /// The same, keyed, for the window to word in its language.
    pub problem: Problem,
}

impl From<RowError> for RowProblem {
    fn from(r: RowError) -> Self {
        RowProblem {
            line: u32::try_from(r.line).unwrap_or(u32::MAX),
            field: r.error.field,
            message: r.error.message,
            problem: r.error.problem,
        }
    }
}

/// One row as it will be stored: its fields (the counterpart as its code) and what its
/// history makes of it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreviewRow {
    /// Where it is in the file (line or position, as [`RowProblem::line`]).
    pub line: u32,
    pub reference: String,
    pub kind: Kind,
    pub title: String,
    pub title_zh: Option<String>,
    pub us_agency: Option<String>,
    pub counterpart: String,
    pub status: Status,
    pub status_on: Option<NaiveDate>,
    pub transmitted_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub priority: Priority,
    pub tags: Vec<String>,
    pub events: u32,
}

impl PreviewRow {
    pub(super) fn new(line: u64, fields: &ItemFields, t: &Timeline, events: usize) -> Self {
        PreviewRow {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            reference: fields.reference.clone(),
            kind: fields.kind(),
            title: fields.title.clone(),
            title_zh: fields.title_zh.clone(),
            us_agency: fields.us_agency.clone(),
            counterpart: fields.counterpart.clone(),
            status: t.status,
            status_on: t.status_on,
            transmitted_on: t.transmitted_on,
            due_on: fields.due_on,
            priority: fields.priority,
            tags: crate::model::normalized_tags(&fields.tags),
            events: u32::try_from(events).unwrap_or(u32::MAX),
        }
    }
}

/// How far an import (or its preview) has got: sent as it goes, a few hundred times at most.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Progress {
    /// Items checked and written so far (rolled back at the end of a preview).
    pub items: u32,
    /// The share of the work done, from 0 to 1 (of the file read, for a CSV file).
    pub fraction: f32,
}
