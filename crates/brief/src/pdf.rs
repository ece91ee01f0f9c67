//! The brief as PDF, laid out by typst (as a library) from the same model as the others.
//!
//! The layout is a fixed typst template (`pdf/brief.typ`); the brief's words and figures
//! reach it only as data: [`render`] serialises a [`View`] of the brief to JSON, and the
//! small [`World`] below serves it to the template as the virtual file `brief.json`. No
//! string a user typed is ever spliced into markup, so `#`, `*`, `$`, `]` or `<script>` in
//! a title are printed as they are.
//!
//! Fonts are given explicitly ([`Fonts`]): a Latin face first and a CJK face second (the
//! fallback); a CJK font alone would set Latin text in its own, or as boxes.
//!
//! Page: A4 (or US Letter, [`Paper`]); the marking heads and foots every page, with
//! "Page N of M" (and "第 N 页，共 M 页" in `en-zh`); one table per kind, its heading and
//! column labels repeated on each page it runs onto; no row is split across pages.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use counterpart_core::brief::{labels, Brief, BriefRow, ChartBy, Label, Lang};
use serde::Serialize;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use crate::{agency, days};

const TEMPLATE: &str = include_str!("pdf/brief.typ");

/// The environment variable naming a folder searched for the fonts before the system's.
pub const FONTS_ENV: &str = "COUNTERPART_FONTS";

/// Folders searched for the fonts after `COUNTERPART_FONTS` (Debian's `fonts-noto-core`
/// and `fonts-noto-cjk`, and where other systems put Noto).
pub const SYSTEM_FONT_DIRS: &[&str] = &[
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/google-noto",
    "/usr/share/fonts/google-noto-cjk",
    "/usr/share/fonts/google-noto-sans-cjk-fonts",
];

/// One font the brief needs: the file names that may hold it, in order of preference.
struct Wanted {
    what: &'static str,
    names: &'static [&'static str],
    required: bool,
}

const LATIN: [Wanted; 2] = [
    Wanted {
        what: "Latin regular",
        names: &["NotoSans-Regular.ttf", "NotoSans-Regular.otf"],
        required: true,
    },
    Wanted {
        what: "Latin bold",
        names: &["NotoSans-Bold.ttf", "NotoSans-Bold.otf"],
        required: false,
    },
];

const CJK: [Wanted; 2] = [
    Wanted {
        what: "CJK regular",
        names: &[
            "NotoSansCJK-Regular.ttc",
            "NotoSansCJKsc-Regular.otf",
            "NotoSansSC-Regular.otf",
            "NotoSansSC-Regular.ttf",
        ],
        required: true,
    },
    Wanted {
        what: "CJK bold",
        names: &[
            "NotoSansCJK-Bold.ttc",
            "NotoSansCJKsc-Bold.otf",
            "NotoSansSC-Bold.otf",
            "NotoSansSC-Bold.ttf",
        ],
        required: false,
    },
];

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

/// The fonts a PDF brief is set in: Latin first, CJK as the fallback.
pub struct Fonts {
    fonts: Vec<Font>,
    book: LazyHash<FontBook>,
    /// The text font list handed to typst: the Latin family, then the CJK family.
    families: Vec<String>,
    files: Vec<PathBuf>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("families", &self.families)
            .field("files", &self.files)
            .field("faces", &self.fonts.len())
            .finish()
    }
}

impl Fonts {
    /// Finds the fonts in `COUNTERPART_FONTS` (when set), then the system's folders.
    pub fn load() -> Result<Fonts, Error> {
        let mut dirs: Vec<PathBuf> = Vec::new();
        if let Some(d) = std::env::var_os(FONTS_ENV).filter(|d| !d.is_empty()) {
            dirs.push(PathBuf::from(d));
        }
        dirs.extend(SYSTEM_FONT_DIRS.iter().map(PathBuf::from));
        Fonts::from_dirs(&dirs)
    }

    /// Finds the fonts in these folders (the first folder holding a file wins).
    pub fn from_dirs(dirs: &[PathBuf]) -> Result<Fonts, Error> {
        let find = |w: &Wanted| -> Option<PathBuf> {
            dirs.iter()
                .flat_map(|d| w.names.iter().map(move |n| d.join(n)))
                .find(|p| p.is_file())
        };
        let mut missing = Vec::new();
        let mut pick = |set: &[Wanted]| -> Vec<PathBuf> {
            set.iter()
                .filter_map(|w| {
                    let found = find(w);
                    if found.is_none() && w.required {
                        missing.push(format!("{} ({})", w.what, w.names.join(" or ")));
                    }
                    found
                })
                .collect()
        };
        let latin = pick(&LATIN);
        let cjk = pick(&CJK);
        if !missing.is_empty() {
            return Err(Error::FontsMissing {
                missing,
                searched: dirs.to_vec(),
            });
        }
        Fonts::from_files(&latin, &cjk)
    }

    /// Loads these files (a `.ttc` collection: every face in it): the Latin family is the
    /// first Latin file's, the CJK family the Simplified Chinese one when there is one.
    pub fn from_files(latin: &[PathBuf], cjk: &[PathBuf]) -> Result<Fonts, Error> {
        fn read(paths: &[PathBuf]) -> Result<Vec<Font>, Error> {
            let mut out = Vec::new();
            for p in paths {
                let data = std::fs::read(p).map_err(|source| Error::FontFile {
                    path: p.clone(),
                    source,
                })?;
                let before = out.len();
                out.extend(Font::iter(Bytes::new(data)));
                if out.len() == before {
                    return Err(Error::NotAFont(p.clone()));
                }
            }
            Ok(out)
        }
        let latin_fonts = read(latin)?;
        let cjk_fonts = read(cjk)?;
        let family = |fonts: &[Font], prefer: &dyn Fn(&str) -> bool| {
            fonts
                .iter()
                .map(|f| f.info().family.clone())
                .find(|f| prefer(f))
                .or_else(|| fonts.first().map(|f| f.info().family.clone()))
        };
        let mut families = Vec::new();
        families.extend(family(&latin_fonts, &|_| true));
        families.extend(family(&cjk_fonts, &|f| {
            f.ends_with(" SC") && !f.contains("Mono")
        }));
        let fonts: Vec<Font> = latin_fonts.into_iter().chain(cjk_fonts).collect();
        Ok(Fonts {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            families,
            files: latin.iter().chain(cjk).cloned().collect(),
        })
    }

    /// The text font list: Latin first, CJK second.
    pub fn families(&self) -> &[String] {
        &self.families
    }

    /// The files the fonts were read from.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }
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

/// A label as the template sees it: `zh` only in `en-zh`.
#[derive(Serialize)]
struct L {
    en: String,
    zh: Option<String>,
}

fn l(lang: Lang, label: Label) -> L {
    L {
        en: label.en.to_owned(),
        zh: (lang == Lang::EnZh).then(|| label.zh.to_owned()),
    }
}

/// "Page N of M" cut around its numbers: `["Page ", " of ", ""]`.
fn page_parts(s: &str) -> [String; 3] {
    let (a, rest) = s.split_once('N').unwrap_or((s, ""));
    let (b, c) = rest.split_once('M').unwrap_or((rest, ""));
    [a.to_owned(), b.to_owned(), c.to_owned()]
}

#[derive(Serialize)]
struct PageLabel {
    en: [String; 3],
    zh: Option<[String; 3]>,
}

#[derive(Serialize)]
struct Meta {
    label: L,
    value: String,
}

#[derive(Serialize)]
struct Figure {
    label: L,
    value: String,
}

#[derive(Serialize)]
struct KindStatus {
    kind: L,
    status: L,
    count: String,
}

#[derive(Serialize)]
struct ByKind {
    head: [L; 3],
    rows: Vec<KindStatus>,
}

#[derive(Serialize)]
struct Summary {
    heading: L,
    figures: Vec<Figure>,
    by_kind: ByKind,
}

#[derive(Serialize)]
struct ChartBar {
    label: L,
    value: i64,
    overdue: bool,
}

#[derive(Serialize)]
struct ChartView {
    caption: L,
    bars: Vec<ChartBar>,
    max: i64,
    overdue_legend: Option<L>,
}

#[derive(Serialize)]
struct Latest {
    label: L,
    on: String,
    note: String,
}

#[derive(Serialize)]
struct Row {
    reference: String,
    title: String,
    title_zh: Option<String>,
    agency_code: String,
    agency_name: Option<String>,
    status: L,
    overdue: Option<L>,
    transmitted: String,
    days: String,
    since: String,
    no_prc: Option<L>,
    latest: Option<Latest>,
}

#[derive(Serialize)]
struct SectionView {
    heading: L,
    /// Start this kind on a new page (a long brief): typst lays out the runs of pages
    /// between page breaks in parallel, so a long brief is made on every core.
    new_page: bool,
    rows: Vec<Row>,
}

/// What the template is given: every string already in the brief's language.
#[derive(Serialize)]
struct View {
    paper: &'static str,
    fonts: Vec<String>,
    title: L,
    marking: L,
    page: PageLabel,
    footer: String,
    /// "Audit trail head 0123456789abcdef" (the first 16 hex digits), under the footer.
    audit: Option<String>,
    meta: Vec<Meta>,
    summary: Summary,
    chart: ChartView,
    columns: [L; 8],
    sections: Vec<SectionView>,
}

fn row(lang: Lang, r: &BriefRow) -> Row {
    let (code, name) = agency(lang, r);
    Row {
        reference: r.reference.clone(),
        title: r.title.trim().to_owned(),
        title_zh: r
            .title_zh
            .as_deref()
            .map(str::trim)
            .filter(|t| lang == Lang::EnZh && !t.is_empty())
            .map(str::to_owned),
        agency_code: code,
        agency_name: name,
        status: l(lang, r.status_label),
        overdue: r.overdue.then(|| l(lang, labels::OVERDUE)),
        transmitted: r.transmitted_on.map_or("—".to_owned(), |d| d.to_string()),
        days: days(r.days_with_counterpart),
        since: days(r.days_since_prc_response),
        no_prc: r.no_prc_response.then(|| l(lang, labels::NO_PRC_RESPONSE)),
        latest: r.latest.as_ref().map(|e| Latest {
            label: l(lang, e.label),
            on: e.on.to_string(),
            note: e.note.trim().to_owned(),
        }),
    }
}

/// The footer's left cell: the title (cut when long) and the as-of date.
fn footer(b: &Brief) -> String {
    const MAX: usize = 60;
    let mut title: String = b.title.chars().take(MAX).collect();
    if b.title.chars().count() > MAX {
        title.push('…');
    }
    format!("{title} — {} {}", labels::AS_OF.en, b.as_of)
}

fn view(b: &Brief, fonts: &Fonts, paper: Paper) -> View {
    let lang = b.lang;
    let zh = lang == Lang::EnZh;
    let s = &b.summary;
    let new_page = b.rows().count() > NEW_PAGE_PER_KIND_FROM;
    let mut meta = vec![Meta {
        label: l(lang, labels::AS_OF),
        value: b.as_of.to_string(),
    }];
    if let Some(p) = &b.prepared_by {
        meta.push(Meta {
            label: l(lang, labels::PREPARED_BY),
            value: p.clone(),
        });
    }
    // "Days with counterpart — Median" / "中方办理天数（中位数）".
    let of_days = |what: Label| {
        let d = l(lang, labels::DAYS_WITH_COUNTERPART);
        L {
            en: format!("{} — {}", d.en, what.en),
            zh: d.zh.map(|d| format!("{d}（{}）", what.zh)),
        }
    };
    let figures = vec![
        Figure {
            label: l(lang, labels::OPEN_ITEMS),
            value: s.open.to_string(),
        },
        Figure {
            label: of_days(labels::MEDIAN),
            value: days(s.median_days),
        },
        Figure {
            label: of_days(labels::LONGEST),
            value: days(s.longest_days),
        },
        Figure {
            label: l(lang, labels::OVERDUE),
            value: s.overdue.to_string(),
        },
        Figure {
            label: l(lang, labels::NO_PRC_RESPONSE),
            value: s.no_prc_response.to_string(),
        },
    ];
    let caption = match b.chart.by {
        ChartBy::Item => l(lang, labels::DAYS_WITH_COUNTERPART),
        ChartBy::KindMedian => of_days(labels::MEDIAN),
    };
    View {
        paper: paper.typst_name(),
        fonts: fonts.families.clone(),
        title: L {
            en: b.title.clone(),
            zh: b.title_zh.filter(|_| zh).map(str::to_owned),
        },
        marking: L {
            en: b.marking.clone(),
            zh: b.marking_zh.filter(|_| zh).map(str::to_owned),
        },
        page: PageLabel {
            en: page_parts(labels::PAGE_N_OF_M.en),
            zh: zh.then(|| page_parts(labels::PAGE_N_OF_M.zh)),
        },
        footer: footer(b),
        audit: b
            .audit_head_short()
            .map(|h| format!("{} {h}", labels::AUDIT_HEAD.en)),
        meta,
        summary: Summary {
            heading: l(lang, labels::SUMMARY),
            figures,
            by_kind: ByKind {
                head: [
                    l(lang, labels::KINDS),
                    l(lang, labels::STATUS),
                    l(lang, labels::OPEN_ITEMS),
                ],
                rows: s
                    .open_by_kind_status
                    .iter()
                    .map(|c| KindStatus {
                        kind: l(lang, c.kind_label),
                        status: l(lang, c.status_label),
                        count: c.count.to_string(),
                    })
                    .collect(),
            },
        },
        chart: ChartView {
            caption,
            bars: b
                .chart
                .bars
                .iter()
                .map(|bar| ChartBar {
                    label: L {
                        en: bar.label.clone(),
                        zh: bar.label_zh.clone().filter(|_| zh),
                    },
                    value: bar.value.max(0),
                    overdue: bar.overdue,
                })
                .collect(),
            max: b.chart.max.max(1),
            overdue_legend: b
                .chart
                .bars
                .iter()
                .any(|bar| bar.overdue)
                .then(|| l(lang, labels::OVERDUE)),
        },
        columns: [
            l(lang, labels::REFERENCE),
            l(lang, labels::TITLE),
            l(lang, labels::COUNTERPART_AGENCY),
            l(lang, labels::STATUS),
            l(lang, labels::TRANSMITTED_ON),
            l(lang, labels::DAYS_WITH_COUNTERPART),
            l(lang, labels::DAYS_SINCE_PRC_RESPONSE),
            l(lang, labels::LATEST_EVENT),
        ],
        sections: b
            .sections
            .iter()
            .map(|sec| SectionView {
                heading: l(lang, sec.label),
                new_page,
                rows: sec.rows.iter().map(|r| row(lang, r)).collect(),
            })
            .collect(),
    }
}

/// The world typst compiles in: the template, the brief's JSON, the fonts; no files, no
/// packages, no clock.
struct BriefWorld<'a> {
    main: Source,
    data: Bytes,
    fonts: &'a Fonts,
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

fn main_id() -> FileId {
    FileId::new(None, VirtualPath::new("brief.typ"))
}

impl World for BriefWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.vpath().as_rootless_path();
        if id.package().is_none() && path == Path::new("brief.json") {
            Ok(self.data.clone())
        } else {
            Err(FileError::NotFound(path.into()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        None
    }
}

/// The brief as an A4 PDF.
pub fn render(b: &Brief, fonts: &Fonts) -> Result<Vec<u8>, Error> {
    render_on(b, fonts, Paper::A4)
}

/// The brief as a PDF on this paper.
pub fn render_on(b: &Brief, fonts: &Fonts, paper: Paper) -> Result<Vec<u8>, Error> {
    let data = serde_json::to_vec(&view(b, fonts, paper))?;
    let world = BriefWorld {
        main: Source::new(main_id(), TEMPLATE.to_owned()),
        data: Bytes::new(data),
        fonts,
    };
    let doc: PagedDocument = typst::compile(&world)
        .output
        .map_err(|d| Error::Layout(messages(&d)))?;
    let pdf = typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default())
        .map_err(|d| Error::Layout(messages(&d)));
    // typst memoizes every layout call. Two briefs share little (another day, other
    // figures), and checking the previous brief's entries made the next one slower than
    // a fresh start (10,000 items: 4.1–5.5 s with them kept, 3.0–3.3 s without), and
    // the cache would grow with every brief the app makes: nothing is kept. (Evicting in
    // the background was slower still: the cache is behind global locks.)
    comemo::evict(0);
    pdf
}

/// From how many items a brief starts each kind on a new page (about four pages of
/// rows): below it, the kinds follow one another on the same pages.
const NEW_PAGE_PER_KIND_FROM: usize = 60;

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
    use std::time::Instant;

    #[test]
    fn page_label_cut_around_its_numbers() {
        assert_eq!(page_parts("Page N of M"), ["Page ", " of ", ""]);
        assert_eq!(page_parts("第 N 页，共 M 页"), ["第 ", " 页，共 ", " 页"]);
    }

    #[test]
    fn missing_fonts_are_named() {
        let e = Fonts::from_dirs(&[PathBuf::from("/nonexistent-fonts")]).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("NotoSans-Regular.ttf"), "{msg}");
        assert!(msg.contains("NotoSansCJK-Regular.ttc"), "{msg}");
        assert!(msg.contains("/nonexistent-fonts"), "{msg}");
        assert!(msg.contains(FONTS_ENV), "{msg}");
    }

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
