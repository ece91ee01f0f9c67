//! # counterpart-brief
//!
//! Renders a status brief ([`counterpart_core::brief::Brief`], assembled by the core) to a
//! document. The model holds every word and figure; a renderer only lays them out:
//!
//! - [`html`]: one self-contained HTML document with print CSS (the app's preview and
//!   "print through the system dialog");
//! - [`markdown`]: Markdown tables, one per kind;
//! - [`pdf`]: a PDF laid out by typst (as a library) from a fixed template, the brief's
//!   data handed to it as JSON, with the fonts given explicitly ([`pdf::Fonts`]).
//!
//! ## How to extend
//!
//! A new column is a field of [`counterpart_core::brief::BriefRow`] with its label in
//! `counterpart_core::brief::labels`; add its cell to each renderer. Everything a user
//! typed goes through the renderer's escape function ([`html::escape`],
//! [`markdown::escape`]); the PDF never escapes because it never splices text into markup.

pub mod html;
pub mod markdown;
pub mod pdf;

use counterpart_core::brief::{Brief, BriefRow, Label, Lang, Phrase};

/// A label in the brief's language: English, or English then Chinese joined by `sep`.
pub(crate) fn label(lang: Lang, l: Label, sep: &str) -> String {
    phrase(
        lang,
        &Phrase {
            en: l.en.to_owned(),
            zh: l.zh.to_owned(),
        },
        sep,
    )
}

/// Words made for the brief in its language: English, or English then Chinese joined by
/// `sep`.
pub(crate) fn phrase(lang: Lang, p: &Phrase, sep: &str) -> String {
    match lang {
        Lang::En => p.en.clone(),
        Lang::EnZh => format!("{}{sep}{}", p.en, p.zh),
    }
}

/// A count of days as printed, or an em dash for none.
pub(crate) fn days(d: Option<i64>) -> String {
    d.map_or_else(|| "—".to_owned(), |d| d.to_string())
}

/// The agency as printed: its code, and its name(s) when known.
pub(crate) fn agency(lang: Lang, r: &BriefRow) -> (String, Option<String>) {
    (
        r.agency_code.clone(),
        agency_name(lang, &r.agency_en, &r.agency_zh),
    )
}

/// An agency's name(s) as printed, when known.
pub(crate) fn agency_name(lang: Lang, en: &Option<String>, zh: &Option<String>) -> Option<String> {
    match (lang, en, zh) {
        (Lang::En, Some(en), _) => Some(en.clone()),
        (Lang::EnZh, Some(en), Some(zh)) => Some(format!("{en} {zh}")),
        (Lang::EnZh, Some(en), None) => Some(en.clone()),
        (_, None, _) => None,
    }
}

/// The working days of a row as printed beneath its days with counterpart ("255 / 254";
/// None for a draft), and whether the renderer marks them
/// [`counterpart_core::brief::labels::ESTIMATED`].
pub(crate) fn working_days(r: &BriefRow) -> (Option<String>, bool) {
    (
        r.working_days_cell.clone(),
        r.working_days.working_days_estimated,
    )
}

/// The responsiveness section with its labels put through a renderer's `lab` and each
/// agency's names through its `name` (one string for HTML and Markdown, the two apart for
/// the PDF): its headings and, per agency, its code, its name(s) and its figures as the
/// core words them; None when the brief has no transmitted item (no section).
pub(crate) type ResponsivenessTable<T, N> = (Vec<T>, Vec<(String, Option<N>, Vec<String>)>);

pub(crate) fn responsiveness_table<T, N>(
    b: &Brief,
    lab: impl Fn(Lang, Label) -> T,
    name: impl Fn(Lang, &Option<String>, &Option<String>) -> Option<N>,
) -> Option<ResponsivenessTable<T, N>> {
    let r = &b.responsiveness;
    if r.rows.is_empty() {
        return None;
    }
    let head = r.columns.iter().map(|c| lab(b.lang, *c)).collect();
    let rows = r
        .rows
        .iter()
        .map(|row| {
            (
                row.agency_code.clone(),
                name(b.lang, &row.agency_en, &row.agency_zh),
                row.cells.clone(),
            )
        })
        .collect();
    Some((head, rows))
}

/// The headings of every kind's table of items, in column order. The days with
/// counterpart's column ([`DAYS_COLUMN`]) holds the working days too, beneath: its heading
/// says so with [`DAYS_COLUMN_SUB`].
pub(crate) const ROW_HEAD: [Label; 8] = {
    use counterpart_core::brief::labels;
    [
        labels::REFERENCE,
        labels::TITLE,
        labels::COUNTERPART_AGENCY,
        labels::STATUS,
        labels::TRANSMITTED_ON,
        labels::DAYS_WITH_COUNTERPART,
        labels::DAYS_SINCE_PRC_RESPONSE,
        labels::LATEST_EVENT,
    ]
};

/// The column of [`ROW_HEAD`] with the days with counterpart and the working days.
pub(crate) const DAYS_COLUMN: usize = 5;

/// The second line of [`DAYS_COLUMN`]'s heading.
pub(crate) const DAYS_COLUMN_SUB: Label = counterpart_core::brief::labels::WORKING_DAYS_US_PRC;

/// The summary's table of open items by kind and status, with its labels put through a
/// renderer's `lab`: its three headings and its rows (kind, status, count; none when
/// nothing is open).
pub(crate) type KindStatusTable<T> = ([T; 3], Vec<(T, T, String)>);

pub(crate) fn kind_status_table<T>(
    b: &Brief,
    lab: impl Fn(Lang, Label) -> T,
) -> KindStatusTable<T> {
    use counterpart_core::brief::labels;
    let s = &b.summary;
    let lang = b.lang;
    let head = [
        lab(lang, labels::KINDS),
        lab(lang, labels::STATUS),
        lab(lang, labels::OPEN_ITEMS),
    ];
    let rows = s
        .open_by_kind_status
        .iter()
        .map(|c| {
            (
                lab(lang, c.kind_label),
                lab(lang, c.status_label),
                c.count.to_string(),
            )
        })
        .collect();
    (head, rows)
}

#[cfg(test)]
pub(crate) mod testdata;
