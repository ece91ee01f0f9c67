//! The substance registry's entries (PRODUCT.md "Substances").

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::SubstanceClass;

/// A table of the 1988 UN Convention against Illicit Traffic in Narcotic Drugs and
/// Psychotropic Substances.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UnTable {
    I,
    II,
}

impl UnTable {
    pub const ALL: [UnTable; 2] = [UnTable::I, UnTable::II];

    pub fn as_str(self) -> &'static str {
        match self {
            UnTable::I => "I",
            UnTable::II => "II",
        }
    }
}
vocab!(UnTable, "UN 1988 Convention table");

/// One substance of the registry, known by its CAS number. A status nobody can source is
/// None (unknown), never guessed; `prc_controlled_on` None: not controlled by the PRC
/// (or not known to be).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Substance {
    pub cas: String,
    pub name: String,
    pub name_zh: Option<String>,
    pub class: Option<SubstanceClass>,
    pub us_control: Option<String>,
    pub prc_control: Option<String>,
    pub prc_controlled_on: Option<NaiveDate>,
    pub un_table: Option<UnTable>,
    pub source: Option<String>,
}
