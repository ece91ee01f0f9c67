//! The kind-specific facts, each declared once (in [`facts!`] below): its name (the CSV
//! column, the form field, the database column), its type, and how it is entered — label,
//! Chinese label, control, limit, flags, hint. From that one declaration come
//! [`FlatDetails`] (every fact as one flat record), the form schema's rows
//! ([`crate::schema`]), reading facts from typed text (a CSV row, the form, the command
//! line), writing them as text (the CSV export), and their database columns (`db::items`).
//!
//! To add a fact: one line in [`facts!`]'s invocation, its name in its kind's line of
//! `kind_facts!` (`model/kind.rs`, which declares each kind's struct and the moves to and
//! from [`FlatDetails`]), and its column (a migration). The form, the draft, the CSV
//! columns, the parser and the store follow.

use chrono::NaiveDate;
use rusqlite::types::ToSql;

use super::{OwnerSide, SubstanceClass};
use crate::validate::{parse_date, FieldError, MAX_NOTES, MAX_SHORT};

/// How a field is entered.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Control {
    Text,
    /// Several lines.
    Textarea,
    /// `YYYY-MM-DD`.
    Date,
    /// One of the field's choices.
    Select,
    /// Yes or no.
    Checkbox,
    /// A counterpart agency (a code or a name).
    Agency,
    /// `;`-separated tags.
    Tags,
}

/// What sets a field apart in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flag {
    Required,
    NotEditable,
    Wide,
    Chinese,
    /// Left out of a wide-distribution brief ([`crate::brief::Profile::Wide`]).
    Sensitive,
}

/// What a field is: name, label, Chinese label, control, limit, flags, hint.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row {
    pub name: &'static str,
    pub label: &'static str,
    pub zh: Option<&'static str>,
    pub control: Control,
    pub max: Option<usize>,
    pub flags: &'static [Flag],
    pub hint: Option<&'static str>,
}

/// A fact's value read from the text a person typed, and written back as text.
pub(crate) trait Fact: Sized {
    fn from_text(field: &str, text: &str, control: Control) -> Result<Self, FieldError>;
    fn to_text(&self) -> String;
}

impl Fact for String {
    /// Several lines are kept as typed; one line is trimmed.
    fn from_text(_: &str, text: &str, control: Control) -> Result<Self, FieldError> {
        Ok(match control {
            Control::Textarea => text.to_owned(),
            _ => text.trim().to_owned(),
        })
    }
    fn to_text(&self) -> String {
        self.clone()
    }
}

impl Fact for NaiveDate {
    fn from_text(field: &str, text: &str, _: Control) -> Result<Self, FieldError> {
        parse_date(field, text)
    }
    fn to_text(&self) -> String {
        self.to_string()
    }
}

impl Fact for bool {
    fn from_text(field: &str, text: &str, _: Control) -> Result<Self, FieldError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" => Ok(true),
            "false" | "no" | "n" | "0" => Ok(false),
            other => Err(FieldError::new(
                field,
                format!("`{other}` is not yes or no"),
            )),
        }
    }
    fn to_text(&self) -> String {
        if *self { "yes" } else { "no" }.to_owned()
    }
}

macro_rules! word_fact {
    ($($ty:ty),*) => {$(
        impl Fact for $ty {
            fn from_text(field: &str, text: &str, _: Control) -> Result<Self, FieldError> {
                text.trim()
                    .parse()
                    .map_err(|e: super::UnknownWord| FieldError::new(field, e.to_string()))
            }
            fn to_text(&self) -> String {
                self.as_str().to_owned()
            }
        }
    )*};
}
word_fact!(SubstanceClass, OwnerSide);

/// Declares the facts: `name: Type => "Label", Chinese label, control, limit, [flags],
/// hint;`, in form order (a fact two kinds share is declared once).
macro_rules! facts {
    ($( $(#[$doc:meta])* $name:ident : $ty:ty => $label:literal, $zh:expr, $control:ident,
        $max:expr, [$($flag:ident),*], $hint:expr, $heading:literal; )*) => {
        /// Every kind-specific fact as one flat record, as in the CSV columns and the item
        /// table. [`FlatDetails::into_details`] refuses facts that do not apply to the kind.
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct FlatDetails {
            $($(#[$doc])* pub $name: Option<$ty>,)*
        }

        /// The facts as typed (text, or absent), as the window's forms send them and the
        /// command line's flags give them: the facts' part of
        /// [`crate::schema::ItemDraft`].
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[cfg_attr(feature = "clap", derive(clap::Args))]
        #[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(default)]
        pub struct DraftFacts {
            $(
                $(#[$doc])*
                #[cfg_attr(feature = "clap", arg(
                    long,
                    help_heading = $heading,
                    value_name = value_name(Control::$control),
                    num_args = num_args(Control::$control),
                    default_missing_value = "yes",
                ))]
                pub $name: Option<String>,
            )*
        }

        /// Each fact's type, by its name (the kinds' structs are declared with them).
        #[allow(non_camel_case_types)]
        pub(crate) mod fact {
            use super::*;
            $(pub type $name = $ty;)*
        }

        impl FlatDetails {
            /// The facts' names, in form order.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name)),*];

            /// The names of the facts that are set.
            pub fn set_fields(&self) -> Vec<&'static str> {
                let mut v = Vec::new();
                $(if self.$name.is_some() {
                    v.push(stringify!($name));
                })*
                v
            }

            /// The facts from named text values (`get` gives None for an absent or empty
            /// one); every value that cannot be read is pushed to `errors`, naming its field.
            pub(crate) fn from_text<'v>(
                get: &dyn Fn(&str) -> Option<&'v str>,
                errors: &mut Vec<FieldError>,
            ) -> FlatDetails {
                FlatDetails {
                    $($name: get(stringify!($name)).and_then(|s| {
                        <$ty as Fact>::from_text(stringify!($name), s, Control::$control)
                            .map_err(|e| errors.push(e))
                            .ok()
                    }),)*
                }
            }

            /// Each fact as text (empty when not set), by name, in form order.
            pub fn texts(&self) -> Vec<(&'static str, String)> {
                vec![$((
                    stringify!($name),
                    self.$name.as_ref().map(Fact::to_text).unwrap_or_default(),
                )),*]
            }

            /// The facts as the store binds them, in the order of [`FlatDetails::NAMES`].
            pub(crate) fn sql_params(&self) -> Vec<&dyn ToSql> {
                vec![$(&self.$name as &dyn ToSql),*]
            }

            /// The facts of a row that has their columns (by name).
            pub(crate) fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FlatDetails> {
                Ok(FlatDetails {
                    $($name: r.get(stringify!($name))?,)*
                })
            }
        }

        /// The facts as the form schema describes them.
        pub(crate) const FACT_ROWS: &[Row] = &[$(Row {
            name: stringify!($name),
            label: $label,
            zh: $zh,
            control: Control::$control,
            max: $max,
            flags: &[$(Flag::$flag),*],
            hint: $hint,
        }),*];
    };
}

/// The facts marked sensitive (their names are their columns).
pub(crate) fn sensitive_facts() -> impl Iterator<Item = &'static str> {
    FACT_ROWS
        .iter()
        .filter(|r| r.flags.contains(&Flag::Sensitive))
        .map(|r| r.name)
}

/// The command line's placeholder for a flag's value.
#[cfg(feature = "clap")]
const fn value_name(c: Control) -> &'static str {
    match c {
        Control::Date => "YYYY-MM-DD",
        Control::Checkbox => "YES/NO",
        Control::Select => "WORD",
        Control::Text | Control::Textarea | Control::Agency | Control::Tags => "TEXT",
    }
}

/// A yes-or-no flag may stand alone (meaning yes); every other takes its value.
#[cfg(feature = "clap")]
fn num_args(c: Control) -> std::ops::RangeInclusive<usize> {
    match c {
        Control::Checkbox => 0..=1,
        _ => 1..=1,
    }
}

const S: Option<usize> = Some(MAX_SHORT);
const L: Option<usize> = Some(MAX_NOTES);

facts! {
    subject: String => "Subject (person)", Some("涉案人员"), Text, S, [Sensitive], None, "Extradition";
    subject_zh: String => "Subject (Chinese)", None, Text, S, [Chinese, Sensitive], None, "Extradition";
    case_number: String => "Case number", None, Text, S, [Sensitive], None, "Indictment";
    district: String => "District", None, Text, S, [], None, "Extradition / indictment";
    /// People and companies, one per line or `;`-separated, as the user entered them.
    defendants: String => "Defendants", Some("被告"), Textarea, L, [Wide, Sensitive], Some("One per line"), "Indictment";
    unsealed_on: NaiveDate => "Unsealed on", None, Date, None, [], None, "Indictment";
    charges: String => "Charges", Some("指控罪名"), Text, S, [Wide], None, "Extradition / indictment";
    /// Provisional arrest requested (`--provisional-arrest` alone: yes).
    provisional_arrest: bool => "Provisional arrest requested", None, Checkbox, None, [], None, "Extradition";
    substance: String => "Substance", Some("物质名称"), Text, S, [], None, "Scheduling";
    /// Checked by its check digit on entry.
    cas_number: String => "CAS number", Some("CAS 号"), Text, S, [], Some("e.g. 21409-26-7"), "Scheduling";
    /// precursor, pre-precursor, analogue, adulterant or other.
    substance_class: SubstanceClass => "Substance class", None, Select, None, [], None, "Scheduling";
    us_control_status: String => "U.S. control status", None, Text, S, [], None, "Scheduling";
    prc_control_status: String => "PRC control status", None, Text, S, [], None, "Scheduling";
    prc_controlled_on: NaiveDate => "PRC controlled on", Some("中方列管日期"), Date, None, [], None, "Scheduling";
    /// Forum and round, e.g. "Counternarcotics Working Group, 3rd round".
    forum: String => "Forum / round", Some("会议 / 轮次"), Text, S, [Wide], None, "Commitment";
    agreed_on: NaiveDate => "Agreed on", None, Date, None, [], None, "Commitment";
    /// us, prc or joint.
    owner_side: OwnerSide => "Owning side", Some("责任方"), Select, None, [], None, "Commitment";
    text_en: String => "Text (English)", None, Textarea, L, [Wide], None, "Commitment";
    text_zh: String => "Text (Chinese)", None, Textarea, L, [Wide, Chinese], None, "Commitment";
}
