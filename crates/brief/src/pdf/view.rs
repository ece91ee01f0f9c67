//! What the template is given: a [`View`] of the brief, every string already in the
//! brief's language, serialised to JSON as `brief.json`. The words and figures reach the
//! layout only as this data, never as markup.

use counterpart_core::brief::{labels, Brief, BriefRow, Changes, ChartBy, Label, Lang, Phrase};
use serde::Serialize;

use super::{Fonts, Paper};
use crate::{days, working_days};

/// From how many items a brief starts each kind on a new page (about four pages of
/// rows): below it, the kinds follow one another on the same pages.
const NEW_PAGE_PER_KIND_FROM: usize = 60;

/// A label as the template sees it: `zh` only in `en-zh`.
#[derive(Serialize)]
struct L {
    en: String,
    zh: Option<String>,
}

/// An agency's name(s), when known: the Chinese apart, so that the template sets it in the
/// CJK face and marks it as Chinese (one string "Ministry of Public Security 公安部" was
/// tagged English for a screen reader, and shaped twice: in the Latin face, then the
/// fallback).
fn agency_name(lang: Lang, en: &Option<String>, zh: &Option<String>) -> Option<L> {
    en.as_ref().map(|en| L {
        en: en.clone(),
        zh: zh.clone().filter(|_| lang == Lang::EnZh),
    })
}

/// The agency's name beneath its code in an item's row: in English briefs its English
/// name; in en-zh its Chinese name alone (or its English one when it has none), its
/// English name being in the responsiveness table, by the same code. With both names the
/// agency's column (21 mm) wrapped to four or five lines, the tallest cell of most rows:
/// the 1,000-item en-zh brief had 100 pages to the English brief's 67, and took a third
/// longer to lay out.
#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum RowAgency {
    En(String),
    Zh(String),
}

fn row_agency(lang: Lang, en: &Option<String>, zh: &Option<String>) -> Option<RowAgency> {
    match (lang, zh) {
        (Lang::EnZh, Some(zh)) if !zh.is_empty() => Some(RowAgency::Zh(zh.clone())),
        _ => en.clone().map(RowAgency::En),
    }
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
    agency_name: Option<RowAgency>,
    status: L,
    overdue: Option<L>,
    transmitted: String,
    days: String,
    /// "255 / 254": U.S. / PRC working days, beneath the days (None: a draft).
    working: Option<String>,
    /// The marker of estimated working days.
    estimated: Option<L>,
    /// "Raised 4 times, last 2024-11-18 at cabinet level" (and its Chinese).
    raised: Option<L>,
    linked: Option<L>,
    since: String,
    no_prc: Option<L>,
    latest: Option<Latest>,
    /// A scheduling item's substance ("xylazine (7361-61-7)") and its PRC status.
    substance: Option<SubstanceView>,
}

#[derive(Serialize)]
struct SubstanceView {
    name: String,
    status: L,
}

#[derive(Serialize)]
struct AgencyRow {
    code: String,
    name: Option<L>,
    cells: Vec<String>,
}

#[derive(Serialize)]
struct ResponsivenessView {
    heading: L,
    scope: L,
    columns: Vec<L>,
    rows: Vec<AgencyRow>,
}

#[derive(Serialize)]
struct SectionView {
    heading: L,
    /// Start this kind on a new page (a long brief): typst lays out the runs of pages
    /// between page breaks in parallel, so a long brief is made on every core.
    new_page: bool,
    rows: Vec<Row>,
}

#[derive(Serialize)]
struct ChangeLineView {
    reference: String,
    title: String,
    title_zh: Option<String>,
    what: L,
}

#[derive(Serialize)]
struct ChangeGroupView {
    heading: L,
    lines: Vec<ChangeLineView>,
}

/// "Changes since the previous brief".
#[derive(Serialize)]
struct ChangesView {
    heading: L,
    since: L,
    groups: Vec<ChangeGroupView>,
    nothing: Option<L>,
}

fn changes(lang: Lang, c: &Changes) -> ChangesView {
    ChangesView {
        heading: l(lang, c.heading),
        since: p(lang, &c.since),
        groups: c
            .groups
            .iter()
            .map(|g| ChangeGroupView {
                heading: p(lang, &g.heading),
                lines: g
                    .lines
                    .iter()
                    .map(|x| ChangeLineView {
                        reference: x.reference.clone(),
                        title: x.title.trim().to_owned(),
                        title_zh: x.title_zh.clone().filter(|_| lang == Lang::EnZh),
                        what: p(lang, &x.what),
                    })
                    .collect(),
            })
            .collect(),
        nothing: c.nothing.as_ref().map(|n| p(lang, n)),
    }
}

/// What the template is given: every string already in the brief's language.
#[derive(Serialize)]
pub(super) struct View {
    paper: &'static str,
    fonts: Vec<String>,
    title: L,
    marking: L,
    page: PageLabel,
    footer: String,
    /// "Audit trail head 0123456789abcdef" (the first 16 hex digits), under the footer.
    audit: Option<String>,
    meta: Vec<Meta>,
    /// The profile as printed ("Wide distribution: …").
    profile: L,
    /// Which items it holds, when not every one.
    scope: Option<L>,
    /// None: not asked for (`since_last`).
    changes: Option<ChangesView>,
    summary: Summary,
    chart: ChartView,
    /// None: no transmitted item, no section.
    responsiveness: Option<ResponsivenessView>,
    columns: [L; 8],
    /// The second line of the days' heading: "U.S. / PRC working days".
    days_sub: L,
    sections: Vec<SectionView>,
}

/// Words made for the brief as the template sees them: `zh` only in `en-zh`.
fn p(lang: Lang, p: &Phrase) -> L {
    L {
        en: p.en.clone(),
        zh: (lang == Lang::EnZh).then(|| p.zh.clone()),
    }
}

fn row(lang: Lang, r: &BriefRow) -> Row {
    let (working, estimated) = working_days(r);
    Row {
        working,
        estimated: estimated.then(|| l(lang, labels::ESTIMATED)),
        raised: r.raised_words.as_ref().map(|w| p(lang, w)),
        linked: r.linked.as_ref().map(|w| p(lang, w)),
        reference: r.reference.clone(),
        title: r.title.trim().to_owned(),
        title_zh: r
            .title_zh
            .as_deref()
            .map(str::trim)
            .filter(|t| lang == Lang::EnZh && !t.is_empty())
            .map(str::to_owned),
        agency_code: r.agency_code.clone(),
        agency_name: row_agency(lang, &r.agency_en, &r.agency_zh),
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
        substance: r.substance.as_ref().map(|x| {
            let status = l(lang, x.prc_status);
            SubstanceView {
                name: x.name_and_cas(),
                status: L {
                    en: x.status(&status.en),
                    zh: status.zh.map(|zh| x.status(&zh)),
                },
            }
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

pub(super) fn view(b: &Brief, fonts: &Fonts, paper: Paper) -> View {
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
    let mut figures = vec![
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
    if s.estimated_working_days > 0 {
        figures.push(Figure {
            label: l(lang, labels::ESTIMATED_WORKING_DAYS),
            value: s.estimated_working_days.to_string(),
        });
    }
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
        // The whole `seq:hash`, as every format prints it, on a line of its own.
        audit: b
            .audit_head
            .as_ref()
            .map(|h| format!("{}: {h}", crate::label(lang, labels::AUDIT_HEAD, " "))),
        meta,
        profile: p(lang, &b.profile_words),
        scope: b.scope.as_ref().map(|s| p(lang, s)),
        changes: b.changes.as_ref().map(|c| changes(lang, c)),
        summary: Summary {
            heading: l(lang, labels::SUMMARY),
            figures,
            by_kind: {
                let (head, rows) = crate::kind_status_table(b, l);
                ByKind {
                    head,
                    rows: rows
                        .into_iter()
                        .map(|(kind, status, count)| KindStatus {
                            kind,
                            status,
                            count,
                        })
                        .collect(),
                }
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
        responsiveness: crate::responsiveness_table(b, l, agency_name).map(|(columns, rows)| {
            ResponsivenessView {
                heading: l(lang, b.responsiveness.heading),
                scope: p(lang, &b.responsiveness.scope),
                columns,
                rows: rows
                    .into_iter()
                    .map(|(code, name, cells)| AgencyRow { code, name, cells })
                    .collect(),
            }
        }),
        columns: crate::ROW_HEAD.map(|x| l(lang, x)),
        days_sub: l(lang, crate::DAYS_COLUMN_SUB),
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

#[cfg(test)]
impl View {
    /// The audit line the footer prints.
    pub(super) fn audit_line(&self) -> Option<&str> {
        self.audit.as_deref()
    }
}

#[cfg(test)]
mod tests;
