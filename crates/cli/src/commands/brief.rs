//! `counterpart brief`'s flags. It is run by the whole program (`src/full/brief.rs`): it
//! renders with typst.

use crate::args::word;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use counterpart_core::brief::Profile;
use counterpart_core::model::Kind;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BriefFormat {
    Pdf,
    Html,
    Md,
}

impl BriefFormat {
    /// The format asked for, else the one the output file's name says (`b.pdf` is a PDF:
    /// an HTML file under that name would not open), else HTML.
    pub fn for_output(asked: Option<BriefFormat>, output: &std::path::Path) -> BriefFormat {
        let ext = output
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        asked.unwrap_or(match ext.as_deref() {
            Some("pdf") => BriefFormat::Pdf,
            Some("md" | "markdown") => BriefFormat::Md,
            _ => BriefFormat::Html,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            BriefFormat::Pdf => "pdf",
            BriefFormat::Html => "html",
            BriefFormat::Md => "md",
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum BriefLang {
    /// English.
    En,
    /// English with Simplified Chinese beneath or beside.
    #[value(name = "en-zh")]
    EnZh,
}

fn parse_since(s: &str) -> Result<NaiveDate, String> {
    counterpart_core::validate::parse_date("since", s).map_err(|e| e.message)
}

#[derive(Debug, Args)]
pub struct BriefArgs {
    /// Only items of this kind (repeat for several) [default: every kind].
    #[arg(long = "kind", value_name = "K", value_parser = word::<Kind>)]
    pub kinds: Vec<Kind>,
    /// Open items only.
    #[arg(long)]
    pub open: bool,
    /// Only items with this counterpart agency (a code or a name).
    #[arg(long, value_name = "A")]
    pub agency: Option<String>,
    /// Only items with an event on or after this date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_since)]
    pub since: Option<NaiveDate>,
    #[arg(long, value_enum, default_value = "en")]
    pub lang: BriefLang,
    /// [default: from the file's extension (`.pdf`, `.md`, `.html`), else html]
    #[arg(long, value_enum)]
    pub format: Option<BriefFormat>,
    /// The file to write.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// The brief's title [default: "Status brief"].
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// The handling marking at the top and bottom of every page [default: the database's
    /// setting, set in the app's Settings, or "SENSITIVE BUT UNCLASSIFIED"].
    #[arg(long, value_name = "M")]
    pub marking: Option<String>,
    /// Who prepared it.
    #[arg(long, value_name = "NAME")]
    pub prepared_by: Option<String>,
    /// Begin with what changed since the previous brief recorded (new, closed, status
    /// changed, newly overdue, the largest moves in days with counterpart).
    #[arg(long)]
    pub since_last: bool,
    /// `full` (internal) or `wide` (wide distribution: leaves out notes, subjects' names and
    /// fields marked sensitive).
    #[arg(long, value_name = "P", default_value = "full", value_parser = word::<Profile>)]
    pub profile: Profile,
    /// Writes PDF/A-2 (every PDF brief is tagged for screen readers).
    #[arg(long)]
    pub pdf_a: bool,
}
