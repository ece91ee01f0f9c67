//! A substance of the registry from the window's form: every fact as text, read into a
//! [`Substance`] with each problem named by its field (`cas`, `prc_controlled_on`, …). The
//! CAS check digit, the name and the texts' limits are checked when the operation is
//! applied (`db::substances`), so the form and the command line get the same errors.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

use crate::error::{Error, Result};
use crate::model::{Substance, UnknownWord};
use crate::validate::{parse_date, FieldError};

/// The registry form's values, as typed (an empty one is none).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SubstanceDraft {
    pub cas: String,
    pub name: String,
    pub name_zh: String,
    /// precursor, analogue, adulterant or other.
    pub class: String,
    pub us_control: String,
    pub prc_control: String,
    /// `YYYY-MM-DD`.
    pub prc_controlled_on: String,
    /// I or II.
    pub un_table: String,
    pub source: String,
}

impl SubstanceDraft {
    /// The substance these values say, or the problems with them, each naming its field.
    pub fn substance(&self) -> Result<Substance> {
        let mut errors = Vec::new();
        let text = |v: &str| given(v).map(str::to_owned);
        let class = word(&mut errors, "class", &self.class);
        let un_table = word(&mut errors, "un_table", &self.un_table);
        let prc_controlled_on = given(&self.prc_controlled_on).and_then(|t| {
            parse_date("prc_controlled_on", t)
                .map_err(|e| errors.push(e))
                .ok()
        });
        let s = Substance {
            cas: self.cas.trim().to_owned(),
            name: self.name.trim().to_owned(),
            name_zh: text(&self.name_zh),
            class,
            us_control: text(&self.us_control),
            prc_control: text(&self.prc_control),
            prc_controlled_on,
            un_table,
            source: text(&self.source),
        };
        if errors.is_empty() {
            Ok(s)
        } else {
            Err(Error::Invalid(errors))
        }
    }
}

/// The value trimmed, none when empty.
fn given(v: &str) -> Option<&str> {
    Some(v.trim()).filter(|t| !t.is_empty())
}

/// A word of the core's vocabulary (none when empty), a wrong one an error naming `field`.
fn word<T: FromStr<Err = UnknownWord>>(
    errors: &mut Vec<FieldError>,
    field: &str,
    v: &str,
) -> Option<T> {
    given(v).and_then(|t| {
        t.parse()
            .map_err(|e: UnknownWord| errors.push(FieldError::of(field, e.problem())))
            .ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_reads_its_words_and_date_and_names_the_fields_it_cannot() {
        let draft = SubstanceDraft {
            cas: " 7361-61-7 ".into(),
            name: "xylazine".into(),
            name_zh: " ".into(),
            class: "adulterant".into(),
            prc_controlled_on: "2025-07-01".into(),
            un_table: "I".into(),
            ..SubstanceDraft::default()
        };
        let s = draft.substance().unwrap();
        assert_eq!(s.cas, "7361-61-7");
        assert_eq!(s.name_zh, None);
        assert_eq!(s.class, Some(crate::model::SubstanceClass::Adulterant));
        assert_eq!(s.prc_controlled_on, Some("2025-07-01".parse().unwrap()));
        assert_eq!(s.un_table, Some(crate::model::UnTable::I));
        let bad = SubstanceDraft {
            class: "poison".into(),
            prc_controlled_on: "07/01/2025".into(),
            un_table: "III".into(),
            ..draft
        };
        let msg = bad.substance().unwrap_err().to_string();
        for field in ["class: ", "prc_controlled_on: ", "un_table: "] {
            assert!(msg.contains(field), "{msg}");
        }
    }
}
