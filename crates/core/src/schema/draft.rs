//! [`ItemDraft`]: an item as typed, before the core reads it.

use serde::{Deserialize, Serialize};

use crate::model::Kind;

/// An item as typed, field by field (every value text as entered, or absent): the
/// window's entry and edit forms send it, the command line's `add` and `edit` flags fill
/// it. The core reads it with the same parser as a CSV row ([`crate::form`]), so every
/// problem is named by its field.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemDraft {
    #[cfg_attr(feature = "clap", arg(skip))]
    pub kind: Option<Kind>,
    #[cfg_attr(feature = "clap", arg(skip))]
    pub reference: Option<String>,
    #[cfg_attr(feature = "clap", arg(skip))]
    pub title: Option<String>,
    #[cfg_attr(feature = "clap", arg(skip))]
    pub counterpart: Option<String>,
    #[cfg_attr(feature = "clap", arg(skip))]
    pub transmitted_on: Option<String>,
    #[cfg_attr(feature = "clap", arg(long, value_name = "YYYY-MM-DD"))]
    pub due_on: Option<String>,
    #[cfg_attr(feature = "clap", arg(long, value_name = "YYYY-MM-DD"))]
    pub follow_up_on: Option<String>,
    #[cfg_attr(feature = "clap", arg(long))]
    pub title_zh: Option<String>,
    /// The U.S. originating agency (e.g. "DOJ OIA").
    #[cfg_attr(feature = "clap", arg(long))]
    pub us_agency: Option<String>,
    /// low, normal, high or urgent.
    #[cfg_attr(feature = "clap", arg(long))]
    pub priority: Option<String>,
    #[cfg_attr(feature = "clap", arg(long))]
    pub owner: Option<String>,
    #[cfg_attr(feature = "clap", arg(long))]
    pub notes: Option<String>,
    /// Tags, `;`-separated (on the command line: `--tag`, repeated; with `edit`, the tags
    /// given replace the item's tags).
    #[cfg_attr(feature = "clap", arg(long = "tag", value_name = "TAG"))]
    pub tags: Vec<String>,
    #[cfg_attr(feature = "clap", arg(long, help_heading = "Extradition"))]
    pub subject: Option<String>,
    #[cfg_attr(feature = "clap", arg(long, help_heading = "Extradition"))]
    pub subject_zh: Option<String>,
    /// Provisional arrest requested (`--provisional-arrest` alone: yes).
    #[cfg_attr(
        feature = "clap",
        arg(long, help_heading = "Extradition", num_args = 0..=1, default_missing_value = "yes", value_name = "YES/NO")
    )]
    pub provisional_arrest: Option<String>,
    #[cfg_attr(feature = "clap", arg(long, help_heading = "Extradition / indictment"))]
    pub charges: Option<String>,
    #[cfg_attr(feature = "clap", arg(long, help_heading = "Extradition / indictment"))]
    pub district: Option<String>,
    #[cfg_attr(feature = "clap", arg(long, help_heading = "Indictment"))]
    pub case_number: Option<String>,
    #[cfg_attr(feature = "clap", arg(long, help_heading = "Indictment"))]
    pub defendants: Option<String>,
    #[cfg_attr(
        feature = "clap",
        arg(long, help_heading = "Indictment", value_name = "YYYY-MM-DD")
    )]
    pub unsealed_on: Option<String>,
    #[cfg_attr(feature = "clap", arg(long, help_heading = "Scheduling"))]
    pub substance: Option<String>,
    #[cfg_attr(feature = "clap", arg(long, help_heading = "Scheduling"))]
    pub cas_number: Option<String>,
    /// precursor, analogue, adulterant or other.
    #[cfg_attr(feature = "clap", arg(long, help_heading = "Scheduling"))]
    pub substance_class: Option<String>,
    #[cfg_attr(feature = "clap", arg(long, help_heading = "Scheduling"))]
    pub us_control_status: Option<String>,
    #[cfg_attr(feature = "clap", arg(long, help_heading = "Scheduling"))]
    pub prc_control_status: Option<String>,
    #[cfg_attr(
        feature = "clap",
        arg(long, help_heading = "Scheduling", value_name = "YYYY-MM-DD")
    )]
    pub prc_controlled_on: Option<String>,
    #[cfg_attr(feature = "clap", arg(long, help_heading = "Commitment"))]
    pub forum: Option<String>,
    #[cfg_attr(
        feature = "clap",
        arg(long, help_heading = "Commitment", value_name = "YYYY-MM-DD")
    )]
    pub agreed_on: Option<String>,
    /// us, prc or joint.
    #[cfg_attr(feature = "clap", arg(long, help_heading = "Commitment"))]
    pub owner_side: Option<String>,
    #[cfg_attr(feature = "clap", arg(long, help_heading = "Commitment"))]
    pub text_en: Option<String>,
    #[cfg_attr(feature = "clap", arg(long, help_heading = "Commitment"))]
    pub text_zh: Option<String>,
}

impl ItemDraft {
    /// The values given, by field name: an absent one is left out, an empty one kept
    /// (an edit clears that field), tags joined with `;`.
    pub fn values(&self) -> std::collections::BTreeMap<String, String> {
        use serde_json::Value;
        let Ok(Value::Object(map)) = serde_json::to_value(self) else {
            unreachable!("a draft serialises as a map")
        };
        map.into_iter()
            .filter_map(|(k, v)| {
                let v = match v {
                    Value::String(s) => s,
                    Value::Array(a) if !a.is_empty() => a
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(";"),
                    _ => return None,
                };
                Some((k, v))
            })
            .collect()
    }
}
