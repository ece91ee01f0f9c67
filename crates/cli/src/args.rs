//! What several commands' flags share: words parsed into the core's types, dates checked
//! like any other field, the text-or-JSON format.

use chrono::NaiveDate;
use clap::ValueEnum;
use counterpart_core::model::UnknownWord;
use counterpart_core::validate::{parse_date, FieldError};
use std::str::FromStr;

/// A word of the core's vocabulary (a kind, a status, a side …), for clap's `value_parser`.
pub fn word<T: FromStr<Err = UnknownWord>>(s: &str) -> Result<T, String> {
    s.parse().map_err(|e: UnknownWord| e.to_string())
}

/// A date given on the command line, checked like any other field.
pub fn date(field: &str, v: &Option<String>) -> Result<Option<NaiveDate>, FieldError> {
    v.as_deref().map(|s| parse_date(field, s)).transpose()
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}
