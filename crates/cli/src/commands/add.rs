//! `counterpart add`: an item from flags; prints its id.

use crate::args::{date, word};
use crate::context::Context;
use chrono::NaiveDate;
use clap::Args;
use counterpart_core::db::items;
use counterpart_core::model::{FlatDetails, ItemFields, Kind, OwnerSide, Priority, SubstanceClass};
use counterpart_core::validate::FieldError;
use counterpart_core::Error;
use std::io::Write;

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long, value_parser = word::<Kind>)]
    pub kind: Kind,
    #[arg(long)]
    pub title: String,
    #[arg(long)]
    pub reference: String,
    /// An agency code (MPS, NNCC, SPP, MOJ, MFA, MOFCOM, NMPA, GACC, PBOC, CAC) or a name.
    #[arg(long)]
    pub counterpart: String,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub transmitted_on: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub due_on: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub follow_up_on: Option<String>,
    #[arg(long)]
    pub title_zh: Option<String>,
    /// The U.S. originating agency (e.g. "DOJ OIA").
    #[arg(long)]
    pub us_agency: Option<String>,
    #[arg(long, value_parser = word::<Priority>)]
    pub priority: Option<Priority>,
    #[arg(long)]
    pub owner: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
    /// A tag (repeat for more).
    #[arg(long)]
    pub tag: Vec<String>,
    #[command(flatten)]
    pub details: DetailArgs,
}

/// The kind-specific facts.
#[derive(Debug, Args)]
pub struct DetailArgs {
    #[arg(long, help_heading = "Extradition")]
    pub subject: Option<String>,
    #[arg(long, help_heading = "Extradition")]
    pub subject_zh: Option<String>,
    #[arg(long, help_heading = "Extradition")]
    pub provisional_arrest: bool,
    #[arg(long, help_heading = "Extradition / indictment")]
    pub charges: Option<String>,
    #[arg(long, help_heading = "Extradition / indictment")]
    pub district: Option<String>,
    #[arg(long, help_heading = "Indictment")]
    pub case_number: Option<String>,
    #[arg(long, help_heading = "Indictment")]
    pub defendants: Option<String>,
    #[arg(long, help_heading = "Indictment", value_name = "YYYY-MM-DD")]
    pub unsealed_on: Option<String>,
    #[arg(long, help_heading = "Scheduling")]
    pub substance: Option<String>,
    #[arg(long, help_heading = "Scheduling")]
    pub cas_number: Option<String>,
    #[arg(long, help_heading = "Scheduling", value_parser = word::<SubstanceClass>)]
    pub substance_class: Option<SubstanceClass>,
    #[arg(long, help_heading = "Scheduling")]
    pub us_control_status: Option<String>,
    #[arg(long, help_heading = "Scheduling")]
    pub prc_control_status: Option<String>,
    #[arg(long, help_heading = "Scheduling", value_name = "YYYY-MM-DD")]
    pub prc_controlled_on: Option<String>,
    #[arg(long, help_heading = "Commitment")]
    pub forum: Option<String>,
    #[arg(long, help_heading = "Commitment", value_name = "YYYY-MM-DD")]
    pub agreed_on: Option<String>,
    #[arg(long, help_heading = "Commitment", value_parser = word::<OwnerSide>)]
    pub owner_side: Option<OwnerSide>,
    #[arg(long, help_heading = "Commitment")]
    pub text_en: Option<String>,
    #[arg(long, help_heading = "Commitment")]
    pub text_zh: Option<String>,
}

impl DetailArgs {
    /// The facts as one flat record, dates parsed through `date` (which collects errors).
    pub fn to_flat(
        &self,
        date: &mut impl FnMut(&str, &Option<String>) -> Option<NaiveDate>,
    ) -> FlatDetails {
        FlatDetails {
            subject: self.subject.clone(),
            subject_zh: self.subject_zh.clone(),
            charges: self.charges.clone(),
            district: self.district.clone(),
            provisional_arrest: self.provisional_arrest.then_some(true),
            case_number: self.case_number.clone(),
            defendants: self.defendants.clone(),
            unsealed_on: date("unsealed_on", &self.unsealed_on),
            substance: self.substance.clone(),
            cas_number: self.cas_number.clone(),
            substance_class: self.substance_class,
            us_control_status: self.us_control_status.clone(),
            prc_control_status: self.prc_control_status.clone(),
            prc_controlled_on: date("prc_controlled_on", &self.prc_controlled_on),
            forum: self.forum.clone(),
            agreed_on: date("agreed_on", &self.agreed_on),
            owner_side: self.owner_side,
            text_en: self.text_en.clone(),
            text_zh: self.text_zh.clone(),
        }
    }
}

pub fn run(ctx: &mut Context, a: AddArgs) -> Result<(), Error> {
    let new = new_item(a)?;
    let mut db = ctx.open()?;
    let item = db.write(|tx| items::create(tx, new, ctx.now, ctx.user()))?;
    writeln!(ctx.out, "{}", item.id)?;
    Ok(())
}

/// The flags as a new item, every bad date and every fact of another kind named at once.
fn new_item(a: AddArgs) -> Result<items::NewItem, Error> {
    let mut errors = Vec::new();
    let mut d = |field: &str, v: &Option<String>| {
        date(field, v).unwrap_or_else(|e| {
            errors.push(e);
            None
        })
    };
    let transmitted_on = d("transmitted_on", &a.transmitted_on);
    let due_on = d("due_on", &a.due_on);
    let follow_up_on = d("follow_up_on", &a.follow_up_on);
    let flat = a.details.to_flat(&mut d);
    let details = flat.into_details(a.kind).map_err(|stray| {
        stray
            .into_iter()
            .map(|(f, m)| FieldError::new(f, m))
            .collect::<Vec<_>>()
    });
    let details = match details {
        Ok(v) => Some(v),
        Err(mut e) => {
            errors.append(&mut e);
            None
        }
    };
    let (Some(details), true) = (details, errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    let fields = ItemFields {
        reference: a.reference,
        title: a.title,
        title_zh: a.title_zh,
        us_agency: a.us_agency,
        counterpart: a.counterpart,
        priority: a.priority.unwrap_or_default(),
        owner: a.owner,
        notes: a.notes,
        tags: a.tag,
        due_on,
        follow_up_on,
        details,
    };
    Ok(items::NewItem {
        fields,
        transmitted_on,
    })
}
