//! The four kinds of item and the facts specific to each.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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
    Analogue,
    /// An adulterant such as xylazine.
    Adulterant,
    Other,
}

impl SubstanceClass {
    pub const ALL: [SubstanceClass; 4] = [
        SubstanceClass::Precursor,
        SubstanceClass::Analogue,
        SubstanceClass::Adulterant,
        SubstanceClass::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            SubstanceClass::Precursor => "precursor",
            SubstanceClass::Analogue => "analogue",
            SubstanceClass::Adulterant => "adulterant",
            SubstanceClass::Other => "other",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            SubstanceClass::Precursor => "Precursor",
            SubstanceClass::Analogue => "Analogue",
            SubstanceClass::Adulterant => "Adulterant",
            SubstanceClass::Other => "Other",
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
}
vocab!(OwnerSide, "owning side");

/// A request that China surrender a person.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extradition {
    pub subject: Option<String>,
    pub subject_zh: Option<String>,
    pub charges: Option<String>,
    pub district: Option<String>,
    pub provisional_arrest: Option<bool>,
}

/// A U.S. indictment shared with China with a request to act.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indictment {
    pub case_number: Option<String>,
    pub district: Option<String>,
    /// People and companies, one per line or `;`-separated, as the user entered them.
    pub defendants: Option<String>,
    pub unsealed_on: Option<NaiveDate>,
    pub charges: Option<String>,
}

/// A request that China control a substance.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scheduling {
    pub substance: Option<String>,
    /// Checked by its check digit on entry.
    pub cas_number: Option<String>,
    pub substance_class: Option<SubstanceClass>,
    pub us_control_status: Option<String>,
    pub prc_control_status: Option<String>,
    pub prc_controlled_on: Option<NaiveDate>,
}

/// A commitment made in the bilateral working group.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitment {
    /// Forum and round, e.g. "Counternarcotics Working Group, 3rd round".
    pub forum: Option<String>,
    pub agreed_on: Option<NaiveDate>,
    pub owner_side: Option<OwnerSide>,
    pub text_en: Option<String>,
    pub text_zh: Option<String>,
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

/// Every kind-specific fact as one flat record, as in the CSV columns and the item table.
/// [`FlatDetails::into_details`] refuses facts that do not apply to the kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlatDetails {
    pub subject: Option<String>,
    pub subject_zh: Option<String>,
    pub charges: Option<String>,
    pub district: Option<String>,
    pub provisional_arrest: Option<bool>,
    pub case_number: Option<String>,
    pub defendants: Option<String>,
    pub unsealed_on: Option<NaiveDate>,
    pub substance: Option<String>,
    pub cas_number: Option<String>,
    pub substance_class: Option<SubstanceClass>,
    pub us_control_status: Option<String>,
    pub prc_control_status: Option<String>,
    pub prc_controlled_on: Option<NaiveDate>,
    pub forum: Option<String>,
    pub agreed_on: Option<NaiveDate>,
    pub owner_side: Option<OwnerSide>,
    pub text_en: Option<String>,
    pub text_zh: Option<String>,
}

impl FlatDetails {
    /// The names of the facts that are set.
    pub fn set_fields(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        let mut check = |name, set: bool| {
            if set {
                v.push(name)
            }
        };
        check("subject", self.subject.is_some());
        check("subject_zh", self.subject_zh.is_some());
        check("charges", self.charges.is_some());
        check("district", self.district.is_some());
        check("provisional_arrest", self.provisional_arrest.is_some());
        check("case_number", self.case_number.is_some());
        check("defendants", self.defendants.is_some());
        check("unsealed_on", self.unsealed_on.is_some());
        check("substance", self.substance.is_some());
        check("cas_number", self.cas_number.is_some());
        check("substance_class", self.substance_class.is_some());
        check("us_control_status", self.us_control_status.is_some());
        check("prc_control_status", self.prc_control_status.is_some());
        check("prc_controlled_on", self.prc_controlled_on.is_some());
        check("forum", self.forum.is_some());
        check("agreed_on", self.agreed_on.is_some());
        check("owner_side", self.owner_side.is_some());
        check("text_en", self.text_en.is_some());
        check("text_zh", self.text_zh.is_some());
        v
    }

    /// The facts of `kind`; a fact of another kind is an error naming its field.
    pub fn into_details(self, kind: Kind) -> Result<Details, Vec<(&'static str, String)>> {
        let stray: Vec<_> = self
            .set_fields()
            .into_iter()
            .filter(|f| !crate::schema::kind_fields(kind).contains(f))
            .map(|f| (f, format!("does not apply to an item of kind {kind}")))
            .collect();
        if !stray.is_empty() {
            return Err(stray);
        }
        Ok(match kind {
            Kind::Extradition => Details::Extradition(Extradition {
                subject: self.subject,
                subject_zh: self.subject_zh,
                charges: self.charges,
                district: self.district,
                provisional_arrest: self.provisional_arrest,
            }),
            Kind::Indictment => Details::Indictment(Indictment {
                case_number: self.case_number,
                district: self.district,
                defendants: self.defendants,
                unsealed_on: self.unsealed_on,
                charges: self.charges,
            }),
            Kind::Scheduling => Details::Scheduling(Scheduling {
                substance: self.substance,
                cas_number: self.cas_number,
                substance_class: self.substance_class,
                us_control_status: self.us_control_status,
                prc_control_status: self.prc_control_status,
                prc_controlled_on: self.prc_controlled_on,
            }),
            Kind::Commitment => Details::Commitment(Commitment {
                forum: self.forum,
                agreed_on: self.agreed_on,
                owner_side: self.owner_side,
                text_en: self.text_en,
                text_zh: self.text_zh,
            }),
        })
    }
}

impl From<&Details> for FlatDetails {
    fn from(d: &Details) -> Self {
        let d = d.clone();
        match d {
            Details::Extradition(x) => FlatDetails {
                subject: x.subject,
                subject_zh: x.subject_zh,
                charges: x.charges,
                district: x.district,
                provisional_arrest: x.provisional_arrest,
                ..Default::default()
            },
            Details::Indictment(x) => FlatDetails {
                case_number: x.case_number,
                district: x.district,
                defendants: x.defendants,
                unsealed_on: x.unsealed_on,
                charges: x.charges,
                ..Default::default()
            },
            Details::Scheduling(x) => FlatDetails {
                substance: x.substance,
                cas_number: x.cas_number,
                substance_class: x.substance_class,
                us_control_status: x.us_control_status,
                prc_control_status: x.prc_control_status,
                prc_controlled_on: x.prc_controlled_on,
                ..Default::default()
            },
            Details::Commitment(x) => FlatDetails {
                forum: x.forum,
                agreed_on: x.agreed_on,
                owner_side: x.owner_side,
                text_en: x.text_en,
                text_zh: x.text_zh,
                ..Default::default()
            },
        }
    }
}
