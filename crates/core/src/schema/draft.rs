//! [`ItemDraft`]: an item as typed, before the core reads it.

use serde::{Deserialize, Serialize};

use crate::model::facts::DraftFacts;
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
    /// The kind-specific facts (flat: each is a field of the draft, as in the CSV).
    #[serde(flatten)]
    #[cfg_attr(feature = "clap", command(flatten))]
    pub facts: DraftFacts,
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
