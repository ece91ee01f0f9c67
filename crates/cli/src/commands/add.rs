//! `counterpart add`: an item from flags; prints its id. The flags are named as the CSV
//! columns and read by the same parser as a CSV row or the window's form
//! ([`counterpart_core::form`]); `edit` shares every flag but `--kind`.

use crate::args::word;
use crate::context::Context;
use clap::Args;
use counterpart_core::form;
use counterpart_core::model::{Kind, OwnerSide, Priority, SubstanceClass};
use counterpart_core::Error;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

#[derive(Debug, Args, Serialize)]
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
    #[command(flatten)]
    #[serde(flatten)]
    pub fields: FieldArgs,
}

/// The fields every item has, beyond those `add` requires (all optional: `edit` changes
/// only what is given).
#[derive(Debug, Args, Serialize)]
pub struct FieldArgs {
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
    /// A tag (repeat for more; with `edit`, the tags given replace the item's tags).
    #[arg(long)]
    #[serde(rename = "tags")]
    pub tag: Vec<String>,
    #[command(flatten)]
    #[serde(flatten)]
    pub details: DetailArgs,
}

/// The kind-specific facts.
#[derive(Debug, Args, Serialize)]
pub struct DetailArgs {
    #[arg(long, help_heading = "Extradition")]
    pub subject: Option<String>,
    #[arg(long, help_heading = "Extradition")]
    pub subject_zh: Option<String>,
    /// Provisional arrest was requested (recorded as yes).
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

/// The flags given, as named values (the CSV columns): an absent flag is no value, an
/// empty one (`--due-on ""`) an empty value, repeated tags one `;`-separated value.
pub fn values(flags: &impl Serialize) -> BTreeMap<String, String> {
    use serde_json::Value;
    let Ok(Value::Object(map)) = serde_json::to_value(flags) else {
        unreachable!("flags serialise as a map")
    };
    map.into_iter()
        .filter_map(|(k, v)| {
            let v = match v {
                Value::String(s) => s,
                Value::Bool(true) => "yes".into(),
                Value::Array(a) if !a.is_empty() => a
                    .iter()
                    .map(|t| t.as_str().unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join(";"),
                Value::Number(n) => n.to_string(),
                Value::Null | Value::Bool(false) | Value::Array(_) | Value::Object(_) => {
                    return None
                }
            };
            Some((k, v))
        })
        .collect()
}

pub fn run(ctx: &mut Context, a: AddArgs) -> Result<(), Error> {
    let mut db = ctx.open()?;
    let op = form::create_op(db.conn(), &values(&a), &ctx.author())?;
    let item = db.apply(&op)?.into_item()?;
    writeln!(ctx.out, "{}", item.id)?;
    Ok(())
}
