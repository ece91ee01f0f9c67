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

use counterpart_core::brief::{BriefRow, Label, Lang};

/// A label in the brief's language: English, or English then Chinese joined by `sep`.
pub(crate) fn label(lang: Lang, l: Label, sep: &str) -> String {
    match lang {
        Lang::En => l.en.to_owned(),
        Lang::EnZh => format!("{}{sep}{}", l.en, l.zh),
    }
}

/// A count of days as printed, or an em dash for none.
pub(crate) fn days(d: Option<i64>) -> String {
    d.map_or_else(|| "—".to_owned(), |d| d.to_string())
}

/// The agency as printed: its code, and its name(s) when known.
pub(crate) fn agency(lang: Lang, r: &BriefRow) -> (String, Option<String>) {
    let name = match (lang, &r.agency_en, &r.agency_zh) {
        (Lang::En, Some(en), _) => Some(en.clone()),
        (Lang::EnZh, Some(en), Some(zh)) => Some(format!("{en} {zh}")),
        (Lang::EnZh, Some(en), None) => Some(en.clone()),
        (_, None, _) => None,
    };
    (r.agency_code.clone(), name)
}

/// The headings of every kind's table of items, in column order.
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

/// The summary's table of open items by kind and status, with its labels put through a
/// renderer's `lab`: its three headings and its rows (kind, status, count; none when
/// nothing is open).
pub(crate) type KindStatusTable<T> = ([T; 3], Vec<(T, T, String)>);

pub(crate) fn kind_status_table<T>(
    b: &counterpart_core::brief::Brief,
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
