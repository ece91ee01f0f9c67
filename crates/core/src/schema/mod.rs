//! The item form's schema: every field an item has, how it is entered, its limit, whether
//! an edit may change it, and its label (English and the glossary's Chinese). The window
//! builds its entry and edit forms from [`form_schema`] (sent through the generated
//! bindings), the command line's `add` and `edit` take the same fields as [`ItemDraft`],
//! and a CSV row has them as its columns; all three are read by one parser
//! ([`crate::form::parse`]).
//!
//! Which kind has which facts is not listed here: it follows from the model
//! ([`crate::model::Details`]), and a test checks that every field of the model has its
//! entry here and every entry a field.

use serde::{Deserialize, Serialize};

use crate::model::{Kind, OwnerSide, Priority, SubstanceClass};
use crate::validate::{MAX_NOTES, MAX_REFERENCE, MAX_SHORT, MAX_TITLE};

pub use crate::model::Control;

/// One choice of a select.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// One field of the item form.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSpec {
    /// The field's name: the CSV column, the key of [`ItemDraft`], the `field` of a
    /// `FieldError` and the `field-<name>` test id.
    pub name: String,
    /// English label (the glossary's term where it has one).
    pub label: String,
    /// The glossary's Chinese label, where it has one.
    pub label_zh: Option<String>,
    pub control: Control,
    pub options: Vec<Choice>,
    /// The value a new item starts with, where the core gives an absent one a value (a
    /// select without it offers no "none").
    pub default: Option<String>,
    pub required: bool,
    /// The longest text accepted, in characters (None: not text).
    pub max_chars: Option<u32>,
    /// Whether an edit may change it (the kind and the transmitted date follow from the
    /// item's history: they are entered once, when it is created).
    pub editable: bool,
    /// Spans both columns of the form.
    pub wide: bool,
    /// Expected in Chinese (the window sets `lang` for the right glyphs and input method).
    pub zh: bool,
    /// Left out of a wide-distribution brief.
    pub sensitive: bool,
    pub hint: Option<String>,
}

/// The fields of one kind, in form order.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindFields {
    pub kind: Kind,
    pub label: String,
    pub fields: Vec<FieldSpec>,
}

/// The whole form: the fields every item has, then each kind's.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormSchema {
    pub kind: FieldSpec,
    pub common: Vec<FieldSpec>,
    pub kinds: Vec<KindFields>,
    /// The relations the link form offers, the first the default.
    pub relations: Vec<Choice>,
}

use crate::model::facts::{Flag, Row, FACT_ROWS as FACTS};

use Control::{Agency, Date, Select, Tags, Text, Textarea};
use Flag::{Chinese, NotEditable, Required, Sensitive, Wide};

const fn row(
    name: &'static str,
    label: &'static str,
    zh: Option<&'static str>,
    control: Control,
    max: Option<usize>,
    flags: &'static [Flag],
) -> Row {
    Row {
        name,
        label,
        zh,
        control,
        max,
        flags,
        hint: None,
    }
}

const fn hinted(r: Row, hint: &'static str) -> Row {
    Row {
        hint: Some(hint),
        ..r
    }
}

/// The English label of a field (a column of the item) by its name; the name itself for
/// one that has none.
pub fn label_of(name: &str) -> &str {
    COMMON
        .iter()
        .chain(FACTS.iter())
        .find(|r| r.name == name)
        .map_or(name, |r| r.label)
}

const S: Option<usize> = Some(MAX_SHORT);
const L: Option<usize> = Some(MAX_NOTES);

/// The fields every item has, in form order.
const COMMON: &[Row] = &[
    row(
        "reference",
        "Reference",
        Some("编号"),
        Text,
        Some(MAX_REFERENCE),
        &[Required],
    ),
    row(
        "title",
        "Title",
        Some("事由"),
        Text,
        Some(MAX_TITLE),
        &[Required, Wide],
    ),
    row(
        "title_zh",
        "Title (Chinese)",
        None,
        Text,
        Some(MAX_TITLE),
        &[Wide, Chinese],
    ),
    row(
        "counterpart",
        "Counterpart agency",
        Some("中方对口机构"),
        Agency,
        None,
        &[Required],
    ),
    row("us_agency", "U.S. agency", Some("美方机构"), Text, S, &[]),
    row(
        "transmitted_on",
        "Transmitted on",
        Some("转交日期"),
        Date,
        None,
        &[NotEditable],
    ),
    row("due_on", "Due date", Some("期限"), Date, None, &[]),
    row(
        "follow_up_on",
        "Follow-up date",
        Some("跟进日期"),
        Date,
        None,
        &[],
    ),
    row("priority", "Priority", Some("优先级"), Select, None, &[]),
    row("owner", "Owner", None, Text, S, &[]),
    hinted(
        row("tags", "Tags", None, Tags, None, &[]),
        "Separate tags with ;",
    ),
    row("notes", "Notes", None, Textarea, L, &[Wide]),
];

/// The choices of a select field.
fn options(name: &str) -> Vec<Choice> {
    let choice = |value: &str, label: &str| Choice {
        value: value.into(),
        label: label.into(),
    };
    match name {
        "priority" => Priority::ALL
            .iter()
            .map(|p| choice(p.as_str(), p.label_en()))
            .collect(),
        "substance_class" => SubstanceClass::ALL
            .iter()
            .map(|c| choice(c.as_str(), c.label_en()))
            .collect(),
        "owner_side" => OwnerSide::ALL
            .iter()
            .map(|s| choice(s.as_str(), s.label_en()))
            .collect(),
        _ => Vec::new(),
    }
}

/// The value the core gives a field left empty, if any.
fn default(name: &str) -> Option<String> {
    (name == "priority").then(|| Priority::default().as_str().into())
}

fn spec(r: &Row) -> FieldSpec {
    FieldSpec {
        name: r.name.into(),
        label: r.label.into(),
        label_zh: r.zh.map(str::to_owned),
        control: r.control,
        options: options(r.name),
        default: default(r.name),
        required: r.flags.contains(&Required),
        max_chars: r.max.map(|m| u32::try_from(m).unwrap_or(u32::MAX)),
        editable: !r.flags.contains(&NotEditable),
        wide: r.flags.contains(&Wide),
        zh: r.flags.contains(&Chinese),
        sensitive: r.flags.contains(&Sensitive),
        hint: r.hint.map(str::to_owned),
    }
}

/// The facts an item of `kind` has, as the model stores them (the fields of its
/// [`crate::model::Details`] variant), in form order. Worked out once from the model.
pub fn kind_fields(kind: Kind) -> &'static [&'static str] {
    static FIELDS: std::sync::LazyLock<Vec<Vec<&'static str>>> = std::sync::LazyLock::new(|| {
        Kind::ALL
            .into_iter()
            .map(|kind| {
                let model = serde_json::to_value(crate::model::Details::empty(kind))
                    .expect("the model serialises");
                FACTS
                    .iter()
                    .map(|r| r.name)
                    .filter(|n| model.get(n).is_some())
                    .collect()
            })
            .collect()
    });
    let i = Kind::ALL.iter().position(|k| *k == kind).expect("a kind");
    &FIELDS[i]
}

/// The whole form.
pub fn form_schema() -> FormSchema {
    let facts = |kind: Kind| {
        let names = kind_fields(kind);
        FACTS
            .iter()
            .filter(|r| names.contains(&r.name))
            .map(spec)
            .collect()
    };
    FormSchema {
        kind: FieldSpec {
            options: Kind::ALL
                .iter()
                .map(|k| Choice {
                    value: k.as_str().into(),
                    label: k.label_en().into(),
                })
                .collect(),
            ..spec(&row(
                "kind",
                "Kind",
                Some("事项类别"),
                Select,
                None,
                &[Required, NotEditable],
            ))
        },
        common: COMMON.iter().map(spec).collect(),
        kinds: Kind::ALL
            .into_iter()
            .map(|kind| KindFields {
                kind,
                label: kind.label_en().into(),
                fields: facts(kind),
            })
            .collect(),
        relations: crate::model::RELATIONS
            .iter()
            .map(|r| Choice {
                value: r.value.into(),
                label: r.label.into(),
            })
            .collect(),
    }
}

mod draft;
pub use draft::ItemDraft;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::CSV_COLUMNS;
    use std::collections::BTreeSet;

    #[test]
    fn every_field_of_the_model_has_its_entry_and_every_entry_a_field() {
        let schema = form_schema();
        let mut names: BTreeSet<String> = schema.common.iter().map(|f| f.name.clone()).collect();
        names.insert(schema.kind.name.clone());
        for k in &schema.kinds {
            names.extend(k.fields.iter().map(|f| f.name.clone()));
        }
        let mut csv: BTreeSet<String> = CSV_COLUMNS.iter().map(|c| c.to_string()).collect();
        csv.remove("status");
        csv.remove("status_on");
        assert_eq!(
            names, csv,
            "the form's fields are the CSV columns (but status)"
        );
        let draft: BTreeSet<String> = serde_json::to_value(ItemDraft::default())
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(names, draft, "the draft has every field of the form");
        for kind in Kind::ALL {
            let model = serde_json::to_value(crate::model::Details::empty(kind)).unwrap();
            let model: BTreeSet<&str> = model
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .filter(|k| *k != "kind")
                .collect();
            let listed: BTreeSet<&str> = kind_fields(kind).iter().copied().collect();
            assert_eq!(model, listed, "{kind}: every fact of the model is in FACTS");
        }
    }

    #[test]
    fn the_schema_carries_the_core_limits_and_choices() {
        let s = form_schema();
        let title = s.common.iter().find(|f| f.name == "title").unwrap();
        assert_eq!(title.max_chars, Some(MAX_TITLE as u32));
        assert!(title.required && title.editable);
        let tx = s
            .common
            .iter()
            .find(|f| f.name == "transmitted_on")
            .unwrap();
        assert!(
            !tx.editable,
            "the transmitted date follows from the history"
        );
        assert!(!s.kind.editable);
        let priority = s.common.iter().find(|f| f.name == "priority").unwrap();
        assert_eq!(priority.default.as_deref(), Some("normal"));
        assert_eq!(title.default, None);
        let sch = s.kinds.iter().find(|k| k.kind == Kind::Scheduling).unwrap();
        let class = sch
            .fields
            .iter()
            .find(|f| f.name == "substance_class")
            .unwrap();
        assert_eq!(
            class
                .options
                .iter()
                .map(|c| c.value.as_str())
                .collect::<Vec<_>>(),
            [
                "precursor",
                "pre_precursor",
                "analogue",
                "adulterant",
                "other"
            ]
        );
    }

    #[test]
    fn a_draft_gives_its_values_by_name() {
        let d = ItemDraft {
            title: Some("T".into()),
            notes: Some(String::new()),
            tags: vec!["a".into(), "b".into()],
            ..Default::default()
        };
        let v = d.values();
        assert_eq!(v.get("title").map(String::as_str), Some("T"));
        assert_eq!(
            v.get("notes").map(String::as_str),
            Some(""),
            "empty: clear it"
        );
        assert_eq!(v.get("tags").map(String::as_str), Some("a;b"));
        assert!(!v.contains_key("due_on"), "absent: unchanged");
    }
}
