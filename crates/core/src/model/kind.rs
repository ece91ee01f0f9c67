//! The four kinds of item and the facts specific to each.

use serde::{Deserialize, Serialize};

use super::FlatDetails;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Extradition,
    Indictment,
    Scheduling,
    Commitment,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Extradition,
        Kind::Indictment,
        Kind::Scheduling,
        Kind::Commitment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Extradition => "extradition",
            Kind::Indictment => "indictment",
            Kind::Scheduling => "scheduling",
            Kind::Commitment => "commitment",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Kind::Extradition => "Extradition request",
            Kind::Indictment => "Indictment (shared for action)",
            Kind::Scheduling => "Scheduling request",
            Kind::Commitment => "Working-group commitment",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Kind::Extradition => "引渡请求",
            Kind::Indictment => "起诉案件通报",
            Kind::Scheduling => "物质列管请求",
            Kind::Commitment => "工作组承诺事项",
        }
    }
}

vocab!(Kind, "kind");

/// Class of a substance whose scheduling is requested.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubstanceClass {
    Precursor,
    /// A chemical used to make a precursor (4-piperidone for fentanyl's, for example).
    PrePrecursor,
    Analogue,
    /// An adulterant such as xylazine.
    Adulterant,
    Other,
}

impl SubstanceClass {
    pub const ALL: [SubstanceClass; 5] = [
        SubstanceClass::Precursor,
        SubstanceClass::PrePrecursor,
        SubstanceClass::Analogue,
        SubstanceClass::Adulterant,
        SubstanceClass::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            SubstanceClass::Precursor => "precursor",
            SubstanceClass::PrePrecursor => "pre_precursor",
            SubstanceClass::Analogue => "analogue",
            SubstanceClass::Adulterant => "adulterant",
            SubstanceClass::Other => "other",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            SubstanceClass::Precursor => "Precursor",
            SubstanceClass::PrePrecursor => "Pre-precursor",
            SubstanceClass::Analogue => "Analogue",
            SubstanceClass::Adulterant => "Adulterant",
            SubstanceClass::Other => "Other",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            SubstanceClass::Precursor => "易制毒化学品（前体化学品）",
            SubstanceClass::PrePrecursor => "前体原料（前前体）",
            SubstanceClass::Analogue => "类似物",
            SubstanceClass::Adulterant => "掺杂物",
            SubstanceClass::Other => "其他",
        }
    }
}
vocab!(SubstanceClass, "substance class");

/// Which side owns a working-group commitment.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OwnerSide {
    Us,
    Prc,
    Joint,
}

impl OwnerSide {
    pub const ALL: [OwnerSide; 3] = [OwnerSide::Us, OwnerSide::Prc, OwnerSide::Joint];
    pub fn as_str(self) -> &'static str {
        match self {
            OwnerSide::Us => "us",
            OwnerSide::Prc => "prc",
            OwnerSide::Joint => "joint",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            OwnerSide::Us => "U.S. side",
            OwnerSide::Prc => "PRC side",
            OwnerSide::Joint => "Joint",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            OwnerSide::Us => "美方",
            OwnerSide::Prc => "中方",
            OwnerSide::Joint => "双方",
        }
    }
}
vocab!(OwnerSide, "owning side");

/// Declares each kind's struct of facts (the facts by name: their types are those of
/// [`FlatDetails`]) and the moves between them and [`FlatDetails`].
macro_rules! kind_facts {
    ($( $(#[$doc:meta])* $kind:ident { $($f:ident),* } )*) => {
        $(
            $(#[$doc])*
            #[cfg_attr(feature = "specta", derive(specta::Type))]
            #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
            pub struct $kind {
                $(pub $f: Option<super::facts::fact::$f>,)*
            }
        )*

        impl FlatDetails {
            /// The facts of `kind`; a fact of another kind is an error naming its field.
            pub fn into_details(
                self,
                kind: Kind,
            ) -> Result<Details, Vec<(&'static str, crate::problem::Problem)>> {
                let stray: Vec<_> = self
                    .set_fields()
                    .into_iter()
                    .filter(|f| !crate::schema::kind_fields(kind).contains(f))
                    .map(|f| (f, crate::problem::Problem::NotOfKind { kind }))
                    .collect();
                if !stray.is_empty() {
                    return Err(stray);
                }
                Ok(match kind {
                    $(Kind::$kind => Details::$kind($kind { $($f: self.$f),* }),)*
                })
            }
        }

        impl From<&Details> for FlatDetails {
            fn from(d: &Details) -> Self {
                match d.clone() {
                    $(Details::$kind(x) => FlatDetails {
                        $($f: x.$f,)*
                        ..Default::default()
                    },)*
                }
            }
        }
    };
}

kind_facts! {
    /// A request that China surrender a person.
    Extradition { subject, subject_zh, charges, district, provisional_arrest }
    /// A U.S. indictment shared with China with a request to act.
    Indictment { case_number, district, defendants, unsealed_on, charges }
    /// A request that China control a substance.
    Scheduling {
        substance, cas_number, substance_class, us_control_status, prc_control_status,
        prc_controlled_on
    }
    /// A commitment made in the bilateral working group.
    Commitment { forum, agreed_on, owner_side, text_en, text_zh }
}

/// The kind of an item together with its kind-specific facts: the kind is never stored
/// apart from the facts that go with it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Details {
    Extradition(Extradition),
    Indictment(Indictment),
    Scheduling(Scheduling),
    Commitment(Commitment),
}

impl Details {
    pub fn kind(&self) -> Kind {
        match self {
            Details::Extradition(_) => Kind::Extradition,
            Details::Indictment(_) => Kind::Indictment,
            Details::Scheduling(_) => Kind::Scheduling,
            Details::Commitment(_) => Kind::Commitment,
        }
    }

    /// Empty facts of a kind.
    pub fn empty(kind: Kind) -> Details {
        match kind {
            Kind::Extradition => Details::Extradition(Extradition::default()),
            Kind::Indictment => Details::Indictment(Indictment::default()),
            Kind::Scheduling => Details::Scheduling(Scheduling::default()),
            Kind::Commitment => Details::Commitment(Commitment::default()),
        }
    }
}
