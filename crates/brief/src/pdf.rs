//! The brief as PDF, laid out by typst (as a library) from the same model as the others.
//!
//! The layout is a fixed typst template (`pdf/brief.typ`); the brief's words and figures
//! reach it only as data: [`render`] serialises a view of the brief (`view`) to JSON, and
//! a small typst world (`world`) serves it to the template as the virtual file
//! `brief.json`. No string a user typed is ever spliced into markup, so `#`, `*`, `$`, `]`
//! or `<script>` in a title are printed as they are.
//!
//! Fonts are given explicitly ([`Fonts`], in `fonts`): a Latin face first and a CJK face
//! second (the fallback); a CJK font alone would set Latin text in its own, or as boxes.
//!
//! Page: A4 (or US Letter, [`Paper`]); the marking heads and foots every page, with
//! "Page N of M" (and "第 N 页，共 M 页" in `en-zh`); one table per kind, its heading and
//! column labels repeated on each page it runs onto; no row is split across pages.
//!
//! Every PDF brief is a tagged PDF conforming to PDF/UA-1, for screen readers (Section
//! 508): its title (typst's `title`) and document title, its language (`en`; each Chinese
//! run marked `zh-CN`), its sections as headings, its tables' header cells as such (the
//! summary's labels as row headers); the marking, page numbers and footer are artifacts.
//! [`Options::pdf_a`] makes it PDF/A-2a as well (archival, tagged: the "a" level).
//!
//! This module holds the entry points ([`render`], [`render_with`]), the [`Options`],
//! the [`Paper`] and the [`Error`]s.

mod fonts;
mod view;
mod world;

pub use fonts::{Fonts, FONTS_ENV, SYSTEM_FONT_DIRS};

use std::path::PathBuf;

use chrono::Datelike;
use counterpart_core::brief::Brief;
use typst::foundations::Datetime;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use view::view;
use world::BriefWorld;

/// What can go wrong making a PDF.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "the brief's fonts were not found: {} (looked in {}); install Debian's \
         fonts-noto-core and fonts-noto-cjk, or put the files in a folder named by {FONTS_ENV}",
        missing.join("; "),
        searched.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    FontsMissing {
        /// What is missing and the file names tried, e.g. "CJK regular (NotoSansCJK-Regular.ttc or …)".
        missing: Vec<String>,
        searched: Vec<PathBuf>,
    },
    #[error("cannot read the font file {}: {source}", path.display())]
    FontFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} holds no font typst can use", .0.display())]
    NotAFont(PathBuf),
    #[error("the brief's layout failed: {0}")]
    Layout(String),
    #[error("the brief's data could not be serialised: {0}")]
    Json(#[from] serde_json::Error),
}

/// The paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    fn typst_name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "us-letter",
        }
    }
}

/// How a PDF brief is made: [`Options::default`] is A4, PDF/UA-1 only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    pub paper: Paper,
    /// PDF/A-2a as well as PDF/UA-1: for archiving.
    pub pdf_a: bool,
}

impl Options {
    /// The standards typst checks the PDF against (and refuses to write it if it fails).
    fn standards(self) -> Vec<PdfStandard> {
        let mut s = vec![PdfStandard::Ua_1];
        if self.pdf_a {
            s.push(PdfStandard::A_2a);
        }
        s
    }
}

/// The brief as an A4 tagged PDF (PDF/UA-1).
pub fn render(b: &Brief, fonts: &Fonts) -> Result<Vec<u8>, Error> {
    render_with(b, fonts, Options::default())
}

/// The brief as a tagged PDF with these options; typst's memory of its layout freed
/// before it returns (see [`render_keeping`] to free it later).
pub fn render_with(b: &Brief, fonts: &Fonts, options: Options) -> Result<Vec<u8>, Error> {
    render_keeping(b, fonts, options).map(|(pdf, _layouts)| pdf)
}

/// The brief as a tagged PDF, and typst's memory of its layout, freed when the
/// [`Layouts`] is dropped: a caller who has somewhere better to be (the window, with a
/// PDF to write and a user waiting) drops it on another thread.
pub fn render_keeping(
    b: &Brief,
    fonts: &Fonts,
    options: Options,
) -> Result<(Vec<u8>, Layouts), Error> {
    // First, so that a failed layout frees what it memoized too.
    let layouts = Layouts(());
    let data = serde_json::to_vec(&view(b, fonts, options.paper))?;
    let world = BriefWorld::new(data, fonts);
    let standards = PdfStandards::new(&options.standards())
        .map_err(|e| Error::Layout(e.message().to_string()))?;
    let pdf_options = PdfOptions {
        standards,
        // The document's date (PDF/A wants one) is the brief's as-of date: no clock here.
        timestamp: date(b).map(Timestamp::new_utc),
        ..PdfOptions::default()
    };
    // (The paged document: the type typst_pdf takes.)
    let pdf = typst::compile(&world)
        .output
        .and_then(|doc| typst_pdf::pdf(&doc, &pdf_options))
        .map_err(|d| Error::Layout(messages(&d)))?;
    Ok((pdf, layouts))
}

/// What typst memoized laying out a brief (every layout call's result), freed when this
/// is dropped.
///
/// Nothing is kept from one brief to the next: two briefs share little (another day,
/// other figures), checking the previous brief's entries made the next one slower than a
/// fresh start (10,000 items: 4.1–5.5 s with them kept, 3.0–3.3 s without), and the cache
/// would grow with every brief the app makes. Freeing it takes about a tenth of the
/// render (1,000 items: 51 ms of 570), hence a value the caller may drop where the wait
/// does not show. (A brief begun while another's layouts are being freed waits for the
/// cache's locks: freeing them on a thread of their own during the next render was slower
/// than freeing them in turn.)
#[must_use = "dropping it frees typst's memory of the layout"]
pub struct Layouts(());

impl Drop for Layouts {
    fn drop(&mut self) {
        comemo::evict(0);
    }
}

fn date(b: &Brief) -> Option<Datetime> {
    let d = b.as_of;
    Datetime::from_ymd(
        d.year(),
        u8::try_from(d.month()).ok()?,
        u8::try_from(d.day()).ok()?,
    )
}

fn messages(d: &[typst::diag::SourceDiagnostic]) -> String {
    d.iter()
        .map(|d| d.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::{brief, many};
    use counterpart_core::brief::Lang;
    use std::time::Instant;

    #[test]
    fn renders_a_pdf_with_hostile_text() {
        let fonts = Fonts::load().expect("Noto fonts (fonts-noto-core, fonts-noto-cjk)");
        assert_eq!(fonts.families()[0], "Noto Sans");
        let title = "Brief #1 *bold* $x$ \"q\" \\ <script>alert(1)</script> ] [ @ref // c";
        for lang in [Lang::En, Lang::EnZh] {
            let pdf = render(&brief(lang, Some(title)), &fonts).unwrap();
            assert!(pdf.starts_with(b"%PDF-"));
        }
    }

    /// typst checks every brief against PDF/UA-1 (and PDF/A-2a when asked) and refuses to
    /// write one that fails: each brief here passed. (The tags themselves are read back in
    /// the command line's tests, crates/cli/tests/brief_pdf.rs.)
    #[test]
    fn every_brief_conforms_to_pdf_ua_and_on_request_pdf_a() {
        let fonts = Fonts::load().unwrap();
        for lang in [Lang::En, Lang::EnZh] {
            for paper in [Paper::A4, Paper::Letter] {
                let b = brief(lang, Some("Brief #1 *bold* <x> 简报"));
                let plain = render_with(
                    &b,
                    &fonts,
                    Options {
                        paper,
                        pdf_a: false,
                    },
                )
                .unwrap();
                let archival = render_with(&b, &fonts, Options { paper, pdf_a: true }).unwrap();
                let has = |pdf: &[u8], what: &[u8]| pdf.windows(what.len()).any(|w| w == what);
                // (The XMP metadata stream is written uncompressed.)
                assert!(has(&plain, b"<pdfuaid:part>1</pdfuaid:part>"));
                assert!(!has(&plain, b"<pdfaid:part>"), "PDF/A only when asked");
                assert!(has(&archival, b"<pdfaid:part>2</pdfaid:part>"));
                assert!(has(
                    &archival,
                    b"<pdfaid:conformance>A</pdfaid:conformance>"
                ));
                assert!(has(&archival, b"<pdfuaid:part>1</pdfuaid:part>"));
            }
        }
    }

    #[test]
    fn any_audit_head_is_printed_whole_and_never_panics() {
        // A tampered database can hold anything where the head should be: short,
        // multi-byte, markup. Cutting it (`&h[..16]`) panicked on a character boundary.
        let fonts = Fonts::load().unwrap();
        let full = format!("1234:{}", "ab12".repeat(16));
        // (Byte 16 falls inside a character in the last three.)
        let accents = format!("a{}", "é".repeat(20));
        let cjk = format!("1:{}", "短".repeat(10));
        for head in [full.as_str(), "", "ab", "#x $y$ ]", "1:短", &accents, &cjk] {
            for lang in [Lang::En, Lang::EnZh] {
                let mut b = brief(lang, None);
                b.audit_head = Some(head.to_owned());
                let v = view::view(&b, &fonts, Paper::A4);
                let label = match lang {
                    Lang::En => "Audit trail head",
                    Lang::EnZh => "Audit trail head 审计链头",
                };
                assert_eq!(v.audit_line(), Some(format!("{label}: {head}").as_str()));
                let pdf = render(&b, &fonts).unwrap();
                assert!(pdf.starts_with(b"%PDF-"), "{head:?}");
            }
        }
    }

    /// Prints how long 1,000 items take after a first render (which loads the fonts and
    /// warms typst's caches); run it in release for figures that mean anything:
    /// `cargo test --release -p counterpart-brief thousand -- --ignored --nocapture`.
    #[test]
    #[ignore = "a timing, slow in a debug build"]
    fn thousand_items_timing() {
        let t = Instant::now();
        let fonts = Fonts::load().unwrap();
        let load = t.elapsed();
        let t = Instant::now();
        render(&brief(Lang::En, None), &fonts).unwrap();
        let first = t.elapsed();
        // (The same brief twice would be answered from typst's memo: not a figure.)
        for lang in [Lang::En, Lang::EnZh] {
            let b = many(lang, 1000);
            let t = Instant::now();
            let pdf = render(&b, &fonts).unwrap();
            println!(
                "fonts {load:.2?}, first (small) render {first:.2?}; 1,000 items {}: {:.2?}, {} bytes",
                lang.as_str(),
                t.elapsed(),
                pdf.len()
            );
            assert!(pdf.len() < 2_000_000);
        }
    }
}
