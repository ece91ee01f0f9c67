//! `counterpart substance add|edit|list`: the substance registry (CONTRACT.md,
//! "Substances").

use crate::context::Context;
use crate::output;
use clap::{Args, Subcommand, ValueEnum};
use counterpart_core::db::apply::Applied;
use counterpart_core::db::substances::{self, SubstanceQuery};
use counterpart_core::model::{Substance, UnknownWord};
use counterpart_core::op::Change;
use counterpart_core::problem::Problem;
use counterpart_core::validate::{parse_date, FieldError};
use counterpart_core::Error;
use std::io::Write;
use std::str::FromStr;

#[derive(Debug, Subcommand)]
pub enum SubstanceCommand {
    /// Add a substance to the registry; prints its CAS number.
    Add(SubstanceAddArgs),
    /// Change a registered substance's facts (only those given; an empty value clears
    /// one), e.g. the date the PRC controlled it.
    Edit(SubstanceEditArgs),
    /// List the registry.
    List(SubstanceListArgs),
}

/// The facts of an entry besides its CAS number and name.
#[derive(Debug, Args)]
pub struct FactArgs {
    #[arg(long, value_name = "TEXT")]
    pub name_zh: Option<String>,
    /// precursor, analogue, adulterant or other.
    #[arg(long, value_name = "WORD")]
    pub class: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub us_control: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub prc_control: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub prc_controlled_on: Option<String>,
    /// The table of the 1988 UN Convention: I or II.
    #[arg(long, value_name = "I|II")]
    pub un_table: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub source: Option<String>,
}

#[derive(Debug, Args)]
pub struct SubstanceAddArgs {
    #[arg(long, value_name = "TEXT")]
    pub name: String,
    /// The CAS registry number, checked by its check digit.
    #[arg(long, value_name = "CAS")]
    pub cas: String,
    #[command(flatten)]
    pub facts: FactArgs,
}

#[derive(Debug, Args)]
pub struct SubstanceEditArgs {
    /// The CAS number of the registered substance.
    #[arg(long, value_name = "CAS")]
    pub cas: String,
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    #[command(flatten)]
    pub facts: FactArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SubstanceFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct SubstanceListArgs {
    /// Only the substances the PRC has not controlled (no date of PRC control).
    #[arg(long)]
    pub not_controlled_by_prc: bool,
    #[arg(long, value_enum, default_value = "table")]
    pub format: SubstanceFormat,
}

/// A flag's value over `old`: None leaves it, an empty one clears it, any other is read
/// by `parse` (its error pushed to `errors`).
fn given<T>(
    errors: &mut Vec<FieldError>,
    flag: &Option<String>,
    old: Option<T>,
    parse: impl FnOnce(&str) -> Result<T, FieldError>,
) -> Option<T> {
    match flag.as_deref().map(str::trim) {
        None => old,
        Some("") => None,
        Some(v) => parse(v).map_err(|e| errors.push(e)).ok(),
    }
}

/// A word of the core's vocabulary, a wrong one an error naming `field`.
fn word<T: FromStr<Err = UnknownWord>>(field: &str) -> impl Fn(&str) -> Result<T, FieldError> + '_ {
    move |v| {
        v.parse()
            .map_err(|e: UnknownWord| FieldError::of(field, e.problem()))
    }
}

impl FactArgs {
    /// `old` with the facts given here, or the errors naming their fields.
    fn apply(&self, old: Substance) -> Result<Substance, Error> {
        let mut e = Vec::new();
        let text = |v: &str| Ok(v.to_owned());
        let s = Substance {
            name_zh: given(&mut e, &self.name_zh, old.name_zh, text),
            class: given(&mut e, &self.class, old.class, word("class")),
            us_control: given(&mut e, &self.us_control, old.us_control, text),
            prc_control: given(&mut e, &self.prc_control, old.prc_control, text),
            prc_controlled_on: given(
                &mut e,
                &self.prc_controlled_on,
                old.prc_controlled_on,
                |v| parse_date("prc_controlled_on", v),
            ),
            un_table: given(&mut e, &self.un_table, old.un_table, word("un_table")),
            source: given(&mut e, &self.source, old.source, text),
            ..old
        };
        if e.is_empty() {
            Ok(s)
        } else {
            Err(Error::Invalid(e))
        }
    }
}

pub fn run(ctx: &mut Context, command: SubstanceCommand) -> Result<(), Error> {
    match command {
        SubstanceCommand::Add(a) => {
            let s = a.facts.apply(Substance {
                cas: a.cas,
                name: a.name,
                ..Substance::default()
            })?;
            let mut db = ctx.open()?;
            let added = applied(db.apply(&ctx.author().op(Change::AddSubstance(s)))?);
            writeln!(ctx.out, "{}", added.cas)?;
        }
        SubstanceCommand::Edit(e) => {
            let mut db = ctx.open()?;
            let Some(old) = substances::get(db.conn(), &e.cas)? else {
                return Err(Error::field(
                    "cas",
                    Problem::NotInRegistry {
                        cas: e.cas.trim().to_owned(),
                    },
                ));
            };
            let name = e.name.clone().unwrap_or_else(|| old.name.clone());
            let s = e.facts.apply(Substance { name, ..old })?;
            let edited = applied(db.apply(&ctx.author().op(Change::EditSubstance(s)))?);
            writeln!(ctx.out, "{}", edited.cas)?;
        }
        SubstanceCommand::List(l) => {
            let db = ctx.open()?;
            let q = SubstanceQuery {
                not_controlled_by_prc: l.not_controlled_by_prc,
            };
            let all = substances::list(db.conn(), &q)?;
            match l.format {
                SubstanceFormat::Json => output::json(&mut ctx.out, &all)?,
                SubstanceFormat::Table => table(&mut ctx.out, &all)?,
            }
        }
    }
    Ok(())
}

fn applied(a: Applied) -> Substance {
    match a {
        Applied::Substance(s) => s,
        other => unreachable!("a substance's operation answers with it, not {other:?}"),
    }
}

/// CAS number, name, Chinese name, class, PRC control (its date, or "not controlled"), UN
/// table.
fn table(out: &mut impl Write, all: &[Substance]) -> std::io::Result<()> {
    let fit = output::fit;
    writeln!(
        out,
        "{} {} {} {} {} UN",
        fit("CAS", 12),
        fit("NAME", 28),
        fit("CHINESE", 16),
        fit("CLASS", 10),
        fit("PRC CONTROLLED", 16)
    )?;
    for s in all {
        let prc = s
            .prc_controlled_on
            .map(|d| d.to_string())
            .unwrap_or_else(|| "not controlled".into());
        writeln!(
            out,
            "{} {} {} {} {} {}",
            fit(&s.cas, 12),
            fit(&s.name, 28),
            fit(s.name_zh.as_deref().unwrap_or(""), 16),
            fit(s.class.map(|c| c.as_str()).unwrap_or(""), 10),
            fit(&prc, 16),
            s.un_table.map(|t| t.as_str()).unwrap_or("")
        )?;
    }
    Ok(())
}
