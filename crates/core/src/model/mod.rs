//! The domain: ids, kinds and their facts, statuses and their transitions, events,
//! counterpart agencies, items.

/// `FromStr` and `Display` for a closed vocabulary with `as_str()` and `ALL`, so that a
/// wrong word gets an error listing the words allowed.
macro_rules! vocab {
    ($ty:ty, $what:literal) => {
        impl std::str::FromStr for $ty {
            type Err = crate::model::UnknownWord;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <$ty>::ALL
                    .into_iter()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| crate::model::UnknownWord {
                        what: $what,
                        word: s.to_owned(),
                        allowed: <$ty>::ALL.iter().map(|v| v.as_str()).collect(),
                    })
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

mod agency;
mod event;
pub mod facts;
mod ids;
mod item;
mod kind;
mod relation;
mod status;
mod substance;

pub use agency::Agency;
pub use event::{Event, EventType, NewEvent, RaiseLevel, Side};
pub use facts::{Control, DraftFacts, FlatDetails};
pub use ids::{EventId, ItemId, OpId};
pub use item::{normalized_tags, Item, ItemFields, Priority};
pub use kind::{
    Commitment, Details, Extradition, Indictment, Kind, OwnerSide, Scheduling, SubstanceClass,
};
pub use relation::{relation_words, relation_words_zh, Relation, RELATIONS};
pub use status::Status;
pub use substance::{Substance, UnTable};

/// A word outside a closed vocabulary (a kind, a status, an event type…).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{word}` is not a {what}; expected one of: {}", allowed.join(", "))]
pub struct UnknownWord {
    pub what: &'static str,
    pub word: String,
    pub allowed: Vec<&'static str>,
}

impl UnknownWord {
    /// The same, keyed.
    pub fn problem(&self) -> crate::problem::Problem {
        crate::problem::Problem::UnknownWord {
            value: self.word.clone(),
            what: self.what,
            allowed: self.allowed.join(", "),
        }
    }
}

/// One word of a closed vocabulary with its English and Chinese terms (the glossary's).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Term {
    pub key: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

/// The words the faces show for the closed vocabularies, so that no face keeps a copy:
/// the window receives it through its bindings.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Vocabulary {
    pub kinds: Vec<Term>,
    pub statuses: Vec<Term>,
    pub event_types: Vec<Term>,
    /// The levels a `raised` event can be raised at, lowest first.
    pub raise_levels: Vec<Term>,
}

impl Vocabulary {
    pub fn get() -> Vocabulary {
        Vocabulary {
            kinds: Kind::ALL
                .map(|k| Term {
                    key: k.as_str(),
                    en: k.label_en(),
                    zh: k.label_zh(),
                })
                .to_vec(),
            statuses: Status::ALL
                .map(|s| Term {
                    key: s.as_str(),
                    en: s.label_en(),
                    zh: s.label_zh(),
                })
                .to_vec(),
            event_types: EventType::ALL
                .map(|t| Term {
                    key: t.as_str(),
                    en: t.label_en(),
                    zh: t.label_zh(),
                })
                .to_vec(),
            raise_levels: RaiseLevel::ALL
                .map(|l| Term {
                    key: l.as_str(),
                    en: l.label_en(),
                    zh: l.label_zh(),
                })
                .to_vec(),
        }
    }
}
