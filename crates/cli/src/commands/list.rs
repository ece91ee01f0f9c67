//! `counterpart list`: the items with their figures, or the archived items.

use crate::args::word;
use crate::context::Context;
use crate::output;
use clap::{Args, ValueEnum};
use counterpart_core::db::list::{self, SortKey};
use counterpart_core::db::{agencies, items};
use counterpart_core::model::{Kind, Status};
use counterpart_core::Error;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, value_parser = word::<Kind>)]
    pub kind: Option<Kind>,
    #[arg(long, value_parser = word::<Status>)]
    pub status: Option<Status>,
    /// Open items only.
    #[arg(long, conflicts_with = "closed")]
    pub open: bool,
    /// Closed items only.
    #[arg(long)]
    pub closed: bool,
    /// Open items past their due date.
    #[arg(long)]
    pub overdue: bool,
    /// The archived items instead (reference, kind, when archived, title); the other
    /// filters do not apply.
    #[arg(long)]
    pub archived: bool,
    /// One counterpart agency (code or name).
    #[arg(long)]
    pub counterpart: Option<String>,
    /// Full-text search over references, titles, subjects, substances and notes.
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long, value_enum, default_value = "days-with-counterpart")]
    pub sort: SortKey,
    /// Smallest first.
    #[arg(long)]
    pub ascending: bool,
    #[arg(long)]
    pub limit: Option<usize>,
    /// Only the rows after the item REF (one of this list's rows) in this order: the next
    /// page after one that ended with REF (keyset paging; with --limit).
    #[arg(long, value_name = "REF")]
    pub after: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

pub fn run(ctx: &mut Context, l: ListArgs) -> Result<(), Error> {
    let db = ctx.open()?;
    let counterpart = l
        .counterpart
        .as_deref()
        .map(|c| agencies::require(db.conn(), "counterpart", c))
        .transpose()?;
    let mut q = list::ListQuery {
        kind: l.kind,
        status: l.status,
        open: if l.open {
            Some(true)
        } else if l.closed {
            Some(false)
        } else {
            None
        },
        overdue: l.overdue,
        counterpart,
        search: l.search,
        sort: l.sort,
        descending: !l.ascending,
        offset: 0,
        limit: l.limit,
        after: None,
    };
    let out = &mut ctx.out;
    if l.archived {
        let archived = items::archived(db.conn())?;
        return match l.format {
            ListFormat::Json => output::json(out, &archived),
            ListFormat::Table | ListFormat::Csv => Ok(output::archived(out, &archived)?),
        };
    }
    if let Some(reference) = &l.after {
        q.after = Some(list::cursor_at(db.conn(), &q, reference, ctx.today)?);
    }
    let rows = list::list(db.conn(), &q, ctx.today)?;
    match l.format {
        ListFormat::Table => output::table(out, &rows)?,
        ListFormat::Json => output::json(out, &rows)?,
        ListFormat::Csv => output::list_csv(out, &rows)?,
    }
    Ok(())
}
