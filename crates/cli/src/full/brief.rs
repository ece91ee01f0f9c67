//! `counterpart brief`: writes a status brief and records what it contained (its flags are
//! the library's, `commands/brief.rs`).

use counterpart_cli::commands::brief::{BriefArgs, BriefFormat, BriefLang};
use counterpart_cli::context::Context;
use counterpart_core::brief::{BriefOptions, Lang};
use counterpart_core::db::brief as db_brief;
use counterpart_core::problem::Problem;
use counterpart_core::Error;

/// Writes a brief and records it (after the file is in place: a brief that was not
/// written was not handed out).
pub fn run(ctx: &mut Context, a: BriefArgs) -> Result<(), Error> {
    let (today, now) = (ctx.today, ctx.now);
    let pdf_error =
        |e: counterpart_brief::pdf::Error| Error::Io(std::io::Error::other(e.to_string()));
    // The fonts first: without them there is no PDF, and nothing to open the database for.
    let format = BriefFormat::for_output(a.format, &a.output);
    if a.pdf_a && format != BriefFormat::Pdf {
        return Err(Error::field(
            "pdf_a",
            Problem::PdfANeedsPdf {
                format: format.as_str().to_owned(),
            },
        ));
    }
    let fonts = match format {
        BriefFormat::Pdf => Some(counterpart_brief::pdf::Fonts::load().map_err(pdf_error)?),
        BriefFormat::Html | BriefFormat::Md => None,
    };
    let mut db = ctx.open()?;
    let options = BriefOptions {
        kinds: a.kinds,
        open_only: a.open,
        agency: a.agency,
        changed_since: a.since,
        lang: match a.lang {
            BriefLang::En => Lang::En,
            BriefLang::EnZh => Lang::EnZh,
        },
        title: a.title,
        marking: match a.marking {
            Some(m) => m,
            None => db_brief::marking(db.conn())?,
        },
        prepared_by: a.prepared_by,
        since_last: a.since_last,
        profile: a.profile,
    };
    let brief = db_brief::build(db.conn(), &options, today)?;
    let bytes = match (format, &fonts) {
        (BriefFormat::Html, _) => counterpart_brief::html::render(&brief).into_bytes(),
        (BriefFormat::Md, _) => counterpart_brief::markdown::render(&brief).into_bytes(),
        (BriefFormat::Pdf, Some(fonts)) => {
            let options = counterpart_brief::pdf::Options {
                pdf_a: a.pdf_a,
                ..Default::default()
            };
            let (pdf, layouts) = counterpart_brief::pdf::render_keeping(&brief, fonts, options)
                .map_err(pdf_error)?;
            // One brief per process: its end gives typst's memory back at once, where
            // freeing it entry by entry would take a tenth of the render.
            std::mem::forget(layouts);
            pdf
        }
        (BriefFormat::Pdf, None) => unreachable!("the fonts are loaded above for a PDF"),
    };
    let id = db.deliver_brief(&brief, &options, format.as_str(), &bytes, &a.output, now)?;
    eprintln!(
        "wrote a brief of {} item(s) as of {today} to {} (recorded as brief {id})",
        brief.rows().count(),
        a.output.display()
    );
    Ok(())
}
