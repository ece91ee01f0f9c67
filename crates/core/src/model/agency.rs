//! Counterpart agencies: reference data with English and Chinese names, seeded by the first
//! migration with the ten codes of `CONTRACT.md`; users may add more.

use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    /// Short code, e.g. `MPS`.
    pub code: String,
    pub name_en: String,
    pub name_zh: String,
    /// Seeded by the program (cannot be removed).
    pub builtin: bool,
}
