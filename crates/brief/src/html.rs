//! The brief as one self-contained HTML document with print CSS.
//!
//! Printing: the page margins suit A4 and Letter alike (no `size` is forced, so the
//! printer's paper is used); the marking is a `position: fixed` header and footer, which
//! browsers repeat on every printed page, sitting in space kept free by a repeated
//! outer `thead`/`tfoot`; table headers repeat (`display: table-header-group`) and no row
//! is split across pages (`break-inside: avoid`). "Page N of M" uses the CSS paged-media
//! margin box `@bottom-center` with `counter(page)` and `counter(pages)`: Chromium prints
//! it (since version 131); Firefox and WebKit (Safari, the Linux app's WebKitGTK) ignore
//! margin boxes and print no page numbers, and no CSS can give them one. The PDF
//! renderer numbers pages itself.
//!
//! Everything the user typed (titles, references, notes, names, the title and marking of
//! the brief) goes through [`escape`].

use std::fmt::Write;

use counterpart_core::brief::{labels, Brief, BriefRow, Changes, ChartBy, Label, Lang};

use crate::{agency, days, label, phrase, working_days};

/// Escapes text for HTML content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
@page { margin: 18mm 16mm 18mm 16mm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages);
                   font: 8pt "Noto Sans", "Helvetica Neue", Arial, sans-serif; color: #444; } }
html { font: 10pt/1.35 "Noto Sans", "Noto Sans SC", "Noto Sans CJK SC", "Helvetica Neue", Arial, sans-serif; color: #111; }
body { margin: 0 auto; max-width: 270mm; padding: 0 4mm; }
.zh { font-family: "Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
.marking { text-align: center; font-weight: 700; letter-spacing: .06em; font-size: 9pt; padding: 2mm 0; }
.marking .zh { display: block; letter-spacing: 0; font-weight: 600; }
h1 { font-size: 17pt; margin: 2mm 0 1mm; }
h1 .zh, h2 .zh { display: block; font-size: .8em; font-weight: 600; color: #333; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; border-bottom: 1.5pt solid #1d3557; padding-bottom: 1mm; break-after: avoid; }
table.items th.kind { background: none; border: none; border-bottom: 1.5pt solid #1d3557; padding: 6mm 0 1mm; }
.kind-title { font-size: 12.5pt; font-weight: 700; color: #111; }
.kind-title .zh { display: block; font-size: .8em; font-weight: 600; color: #333; }
.meta { margin: 0 0 1mm; color: #333; }
.profile { margin: 0 0 4mm; color: #333; font-style: italic; }
.changes h3 { font-size: 10pt; margin: 3mm 0 1mm; color: #1d3557; break-after: avoid; }
.changes ul { margin: 0 0 2mm; padding-left: 5mm; }
.changes li { margin: 0.5mm 0; break-inside: avoid; }
.meta dt { display: inline; font-weight: 600; }
.meta dd { display: inline; margin: 0 6mm 0 1mm; }
table.items, table.figures { border-collapse: collapse; width: 100%; }
table.items th, table.items td, table.figures th, table.figures td { border: .5pt solid #999; padding: 1.2mm 1.5mm; vertical-align: top; text-align: left; }
table.items th, table.figures th { background: #e8edf3; font-weight: 600; font-size: 8.5pt; }
th .zh { display: block; font-weight: 400; }
table td.num, table th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.items { table-layout: fixed; }
col.c-ref { width: 10%; } col.c-title { width: 19%; } col.c-agency { width: 15%; } col.c-status { width: 12%; }
col.c-date { width: 11.5%; } col.c-days { width: 8%; } col.c-latest { width: 16.5%; }
table.items td:nth-child(5) { white-space: nowrap; }
td .zh { display: block; color: #333; }
td .note { display: block; color: #444; font-size: 8.5pt; white-space: pre-wrap; }
.overdue { color: #a4161a; font-weight: 700; }
table.figures { width: auto; margin-bottom: 3mm; }
table.responsiveness { width: 100%; }
table.responsiveness th { vertical-align: bottom; }
.scope { margin: 0 0 2mm; color: #333; font-size: 9pt; }
.scope .zh { display: block; }
td .working, th .sub { display: block; font-size: 8pt; font-weight: 400; color: #444; }
td .estimated { display: block; font-size: 8pt; font-style: italic; color: #444; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr, .chart { break-inside: avoid; page-break-inside: avoid; }
svg text { font: 8pt "Noto Sans", Arial, sans-serif; }
.layout { width: 100%; border-collapse: collapse; }
.layout > thead > tr > td, .layout > tfoot > tr > td { height: 0; padding: 0; }
@media print {
  body { max-width: none; padding: 0; }
  .layout > thead > tr > td { height: 12mm; }
  .layout > tfoot > tr > td { height: 12mm; }
  .marking.top { position: fixed; top: 0; left: 0; right: 0; }
  .marking.bottom { position: fixed; bottom: 0; left: 0; right: 0; }
}
"#;

/// A label: English, and in `en-zh` the Chinese beneath it.
fn lab(lang: Lang, l: Label) -> String {
    match lang {
        Lang::En => escape(l.en),
        Lang::EnZh => format!(
            "{}<span class=\"zh\" lang=\"zh-Hans\">{}</span>",
            escape(l.en),
            escape(l.zh)
        ),
    }
}

fn marking(b: &Brief, class: &str) -> String {
    let zh = match (b.lang, b.marking_zh) {
        (Lang::EnZh, Some(zh)) => format!("<span class=\"zh\" lang=\"zh-Hans\">{zh}</span>"),
        _ => String::new(),
    };
    format!(
        "<div class=\"marking {class}\">{}{zh}</div>\n",
        escape(&b.marking)
    )
}

/// The bar chart, drawn as inline SVG from the chart data.
fn chart(b: &Brief) -> String {
    let c = &b.chart;
    if c.bars.is_empty() {
        return String::new();
    }
    let (label_w, bar_w, row_h, top) = (150.0, 420.0, 16.0, 6.0);
    let width = label_w + bar_w + 60.0;
    let height = top * 2.0 + row_h * c.bars.len() as f64;
    let caption = match c.by {
        ChartBy::Item => lab(b.lang, labels::DAYS_WITH_COUNTERPART),
        ChartBy::KindMedian => format!(
            "{} — {}",
            lab(b.lang, labels::DAYS_WITH_COUNTERPART),
            lab(b.lang, labels::MEDIAN)
        ),
    };
    let mut s = format!(
        "<figure class=\"chart\"><figcaption>{caption}</figcaption>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\">\n"
    );
    for (i, bar) in c.bars.iter().enumerate() {
        let y = top + row_h * i as f64;
        let w = (bar.value as f64 / c.max as f64 * bar_w).max(1.0);
        let name = match (&bar.label_zh, b.lang) {
            (Some(zh), Lang::EnZh) => format!("{} {}", bar.label, zh),
            _ => bar.label.clone(),
        };
        let fill = if bar.overdue { "#a4161a" } else { "#1d3557" };
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{label_w:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{fill}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            label_w - 4.0,
            y + row_h * 0.7,
            escape(&name),
            y + 2.0,
            row_h - 4.0,
            label_w + w + 4.0,
            y + row_h * 0.7,
            bar.value
        );
    }
    s.push_str("</svg></figure>\n");
    s
}

fn summary(b: &Brief, h: &mut String) {
    let s = &b.summary;
    let lang = b.lang;
    let _ = writeln!(h, "<h2>{}</h2>", lab(lang, labels::SUMMARY));
    let fig = |l: Label, v: String| {
        format!(
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{v}</td></tr>\n",
            lab(lang, l)
        )
    };
    h.push_str("<table class=\"figures\"><tbody>\n");
    h.push_str(&fig(labels::OPEN_ITEMS, s.open.to_string()));
    h.push_str(&fig(
        labels::DAYS_WITH_COUNTERPART,
        format!(
            "{}: {} · {}: {}",
            label(lang, labels::MEDIAN, " "),
            days(s.median_days),
            label(lang, labels::LONGEST, " "),
            days(s.longest_days)
        ),
    ));
    h.push_str(&fig(labels::OVERDUE, s.overdue.to_string()));
    h.push_str(&fig(labels::NO_PRC_RESPONSE, s.no_prc_response.to_string()));
    if s.estimated_working_days > 0 {
        h.push_str(&fig(
            labels::ESTIMATED_WORKING_DAYS,
            s.estimated_working_days.to_string(),
        ));
    }
    h.push_str("</tbody></table>\n");
    let ([kind, status, open], rows) = crate::kind_status_table(b, lab);
    if !rows.is_empty() {
        let _ = writeln!(
            h,
            "<table class=\"figures\"><thead><tr><th>{kind}</th><th>{status}</th><th class=\"num\">{open}</th></tr></thead><tbody>"
        );
        for (kind, status, count) in rows {
            let _ = writeln!(
                h,
                "<tr><td>{kind}</td><td>{status}</td><td class=\"num\">{count}</td></tr>"
            );
        }
        h.push_str("</tbody></table>\n");
    }
}

/// The section "Counterpart responsiveness": what it counts, then one row per agency.
fn responsiveness(b: &Brief, h: &mut String) {
    let Some((head, rows)) = crate::responsiveness_table(b, lab, crate::agency_name) else {
        return;
    };
    let r = &b.responsiveness;
    let scope = match b.lang {
        Lang::En => escape(&r.scope.en),
        Lang::EnZh => format!(
            "{}<span class=\"zh\" lang=\"zh-Hans\">{}</span>",
            escape(&r.scope.en),
            escape(&r.scope.zh)
        ),
    };
    let _ = writeln!(
        h,
        "<section class=\"responsiveness\">\n<h2>{}</h2>\n<p class=\"scope\">{scope}</p>",
        lab(b.lang, r.heading)
    );
    h.push_str("<table class=\"figures responsiveness\"><thead><tr>");
    for (i, c) in head.iter().enumerate() {
        let class = if i > 0 { " class=\"num\"" } else { "" };
        let _ = write!(h, "<th scope=\"col\"{class}>{c}</th>");
    }
    h.push_str("</tr></thead><tbody>\n");
    for (code, name, cells) in rows {
        let name = name.map_or(String::new(), |n| {
            format!("<span class=\"zh\">{}</span>", escape(&n))
        });
        let _ = write!(h, "<tr><td>{}{name}</td>", escape(&code));
        for c in cells {
            let _ = write!(h, "<td class=\"num\">{}</td>", escape(&c));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n</section>\n");
}

fn row(lang: Lang, r: &BriefRow) -> String {
    let zh_title = match (&r.title_zh, lang) {
        (Some(t), Lang::EnZh) => {
            format!("<span class=\"zh\" lang=\"zh-Hans\">{}</span>", escape(t))
        }
        _ => String::new(),
    };
    let substance = r.substance.as_ref().map_or(String::new(), |x| {
        let status = x.status(&label(lang, x.prc_status, " / "));
        format!(
            "<span class=\"note\">{} — {}</span>",
            escape(&x.name_and_cas()),
            escape(&status)
        )
    });
    let raised = r.raised_words.as_ref().map_or(String::new(), |p| {
        format!(
            "<span class=\"note\">{}</span>",
            escape(&phrase(lang, p, " / "))
        )
    });
    let linked = r.linked.as_ref().map_or(String::new(), |p| {
        format!(
            "<span class=\"note\">{}</span>",
            escape(&phrase(lang, p, " / "))
        )
    });
    let working = match working_days(r) {
        (Some(w), estimated) => {
            let estimated = if estimated {
                format!(
                    "<span class=\"estimated\">{}</span>",
                    label(lang, labels::ESTIMATED, " ")
                )
            } else {
                String::new()
            };
            format!("<span class=\"working\">{}</span>{estimated}", escape(&w))
        }
        (None, _) => String::new(),
    };
    let (code, name) = agency(lang, r);
    let name = name.map_or(String::new(), |n| {
        format!("<span class=\"zh\">{}</span>", escape(&n))
    });
    let overdue = if r.overdue {
        format!(
            "<span class=\"overdue\">{}</span>",
            lab(lang, labels::OVERDUE)
        )
    } else {
        String::new()
    };
    let since = if r.no_prc_response {
        format!(
            "{}<span class=\"note\">{}</span>",
            days(r.days_since_prc_response),
            label(lang, labels::NO_PRC_RESPONSE, " ")
        )
    } else {
        days(r.days_since_prc_response)
    };
    let latest = r.latest.as_ref().map_or("—".to_owned(), |e| {
        let note = if e.note.trim().is_empty() {
            String::new()
        } else {
            format!("<span class=\"note\">{}</span>", escape(e.note.trim()))
        };
        format!("{} {}{note}", lab(lang, e.label), e.on)
    });
    format!(
        "<tr><td>{}</td><td>{}{zh_title}{substance}{raised}{linked}</td><td>{}{name}</td><td>{}{overdue}</td><td>{}</td>\
         <td class=\"num\">{}{working}</td><td class=\"num\">{since}</td><td>{latest}</td></tr>\n",
        escape(&r.reference),
        escape(&r.title),
        escape(&code),
        lab(lang, r.status_label),
        r.transmitted_on.map_or("—".to_owned(), |d| d.to_string()),
        days(r.days_with_counterpart),
    )
}

/// "Changes since the previous brief": a heading per group, a list of its items.
fn changes(lang: Lang, c: &Changes, h: &mut String) {
    let _ = writeln!(
        h,
        "<section class=\"changes\">\n<h2>{}</h2>\n<p class=\"since\">{}</p>",
        lab(lang, c.heading),
        escape(&phrase(lang, &c.since, " / "))
    );
    for g in &c.groups {
        let _ = writeln!(
            h,
            "<h3>{}</h3>\n<ul>",
            escape(&phrase(lang, &g.heading, " / "))
        );
        for l in &g.lines {
            let zh = match (&l.title_zh, lang) {
                (Some(zh), Lang::EnZh) => format!(" <span lang=\"zh-Hans\">{}</span>", escape(zh)),
                _ => String::new(),
            };
            let _ = writeln!(
                h,
                "<li><strong>{}</strong> {}{zh} — {}</li>",
                escape(&l.reference),
                escape(&l.title),
                escape(&phrase(lang, &l.what, " / "))
            );
        }
        h.push_str("</ul>\n");
    }
    if let Some(n) = &c.nothing {
        let _ = writeln!(h, "<p>{}</p>", escape(&phrase(lang, n, " / ")));
    }
    h.push_str("</section>\n");
}

/// The whole brief as one HTML document.
pub fn render(b: &Brief) -> String {
    let lang = b.lang;
    let mut h = String::with_capacity(4096 + 600 * b.rows().count());
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} — {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        escape(&b.title),
        b.as_of
    );
    h.push_str(&marking(b, "top"));
    h.push_str("<table class=\"layout\"><thead><tr><td></td></tr></thead><tfoot><tr><td></td></tr></tfoot><tbody><tr><td>\n");
    let zh = match (lang, b.title_zh) {
        (Lang::EnZh, Some(zh)) => format!("<span class=\"zh\" lang=\"zh-Hans\">{zh}</span>"),
        _ => String::new(),
    };
    let _ = writeln!(h, "<h1>{}{zh}</h1>", escape(&b.title));
    let _ = write!(
        h,
        "<dl class=\"meta\"><dt>{}</dt><dd>{}</dd>",
        label(lang, labels::AS_OF, " "),
        b.as_of
    );
    if let Some(p) = &b.prepared_by {
        let _ = write!(
            h,
            "<dt>{}</dt><dd>{}</dd>",
            label(lang, labels::PREPARED_BY, " "),
            escape(p)
        );
    }
    h.push_str("</dl>\n");
    let _ = writeln!(
        h,
        "<p class=\"profile\">{}</p>",
        escape(&phrase(lang, &b.profile_words, " / "))
    );
    if let Some(scope) = &b.scope {
        let _ = writeln!(
            h,
            "<p class=\"profile\" data-scope>{}</p>",
            escape(&phrase(lang, scope, " / "))
        );
    }
    if let Some(c) = &b.changes {
        changes(lang, c, &mut h);
    }
    summary(b, &mut h);
    h.push_str(&chart(b));
    responsiveness(b, &mut h);
    let head = crate::ROW_HEAD;
    // The same column widths in every kind's table.
    const COLUMNS: &str = "<colgroup><col class=\"c-ref\"><col class=\"c-title\"><col class=\"c-agency\"><col class=\"c-status\"><col class=\"c-date\"><col class=\"c-days\"><col class=\"c-days\"><col class=\"c-latest\"></colgroup>";
    for sec in &b.sections {
        // The kind's heading is the first row of the table's head, so that it stays with
        // the rows (a heading alone at the foot of a page) and repeats on every page the
        // table continues on.
        let _ = write!(
            h,
            "<section>\n<table class=\"items\">{COLUMNS}<thead><tr><th colspan=\"{}\" class=\"kind\"><div role=\"heading\" aria-level=\"2\" class=\"kind-title\">{}</div></th></tr><tr>",
            head.len(),
            lab(lang, sec.label)
        );
        for (i, l) in head.iter().enumerate() {
            let class = if i == 5 || i == 6 {
                " class=\"num\""
            } else {
                ""
            };
            let sub = if i == crate::DAYS_COLUMN {
                format!(
                    "<span class=\"sub\">{}</span>",
                    lab(lang, crate::DAYS_COLUMN_SUB)
                )
            } else {
                String::new()
            };
            let _ = write!(h, "<th{class}>{}{sub}</th>", lab(lang, *l));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        for r in &sec.rows {
            h.push_str(&row(lang, r));
        }
        h.push_str("</tbody></table>\n</section>\n");
    }
    if let Some(head) = &b.audit_head {
        let _ = writeln!(
            h,
            "<p class=\"audit\">{}: <code>{}</code></p>",
            label(lang, labels::AUDIT_HEAD, " "),
            escape(head)
        );
    }
    h.push_str("</td></tr></tbody></table>\n");
    h.push_str(&marking(b, "bottom"));
    h.push_str("</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests;
