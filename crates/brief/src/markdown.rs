//! The brief as Markdown (GitHub-flavoured tables, one per kind).
//!
//! Markdown has no page: no marking per page and no page numbers; the marking opens and
//! closes the document. Everything the user typed goes through [`escape`], so that it stays
//! text inside a table cell or a line: `|` cannot split a cell, a newline cannot end the
//! row, `<` cannot open HTML, and a leading `#`, `-`, `+`, `>` or `1.` cannot make a
//! heading, a list or a quote.

use std::fmt::Write;

use counterpart_core::brief::{labels, Brief, BriefRow, Changes, ChartBy, Label, Lang};

use crate::{agency, days, label, phrase, working_days};

/// Escapes user text for one Markdown line or table cell.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let s = s.trim();
    let mut line_start = true;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
                // What follows a line break starts a new line of text within the cell.
                while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                    chars.next();
                }
                line_start = true;
                continue;
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' if line_start => out.push_str("&gt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("\\|"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '-' | '+' | '=' if line_start => {
                out.push('\\');
                out.push(c);
            }
            c if line_start && c.is_ascii_digit() => {
                // "1. x" or "1) x" would start an ordered list.
                out.push(c);
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    out.push(d);
                    chars.next();
                }
                if let Some(p) = chars.peek().copied().filter(|p| *p == '.' || *p == ')') {
                    out.push('\\');
                    out.push(p);
                    chars.next();
                }
            }
            c => out.push(c),
        }
        line_start = false;
    }
    out
}

/// A label: English, and in `en-zh` English / Chinese.
fn lab(lang: Lang, l: Label) -> String {
    label(lang, l, " / ")
}

/// A label in a table cell: in `en-zh` the Chinese beneath the English.
fn cell(lang: Lang, l: Label) -> String {
    label(lang, l, "<br>")
}

fn marking(b: &Brief) -> String {
    match (b.lang, b.marking_zh) {
        (Lang::EnZh, Some(zh)) => format!("**{}** / **{zh}**\n", escape(&b.marking)),
        _ => format!("**{}**\n", escape(&b.marking)),
    }
}

/// "Changes since the previous brief": a heading per group, a list of its items.
fn changes(lang: Lang, c: &Changes, m: &mut String) {
    let _ = writeln!(m, "\n## {}\n", lab(lang, c.heading));
    let _ = writeln!(m, "{}", escape(&phrase(lang, &c.since, " / ")));
    for g in &c.groups {
        let _ = writeln!(m, "\n### {}\n", escape(&phrase(lang, &g.heading, " / ")));
        for l in &g.lines {
            let mut title = escape(&l.title);
            if let (Some(zh), Lang::EnZh) = (&l.title_zh, lang) {
                title = format!("{title} {}", escape(zh));
            }
            let _ = writeln!(
                m,
                "- **{}** {title} — {}",
                escape(&l.reference),
                escape(&phrase(lang, &l.what, " / "))
            );
        }
    }
    if let Some(n) = &c.nothing {
        let _ = writeln!(m, "\n{}", escape(&phrase(lang, n, " / ")));
    }
}

fn row(lang: Lang, r: &BriefRow) -> String {
    let mut title = escape(&r.title);
    if let (Some(zh), Lang::EnZh) = (&r.title_zh, lang) {
        title = format!("{title}<br>{}", escape(zh));
    }
    if let Some(x) = &r.substance {
        let status = x.status(&lab(lang, x.prc_status));
        title = format!(
            "{title}<br>{} — {}",
            escape(&x.name_and_cas()),
            escape(&status)
        );
    }
    for p in [&r.raised_words, &r.linked].into_iter().flatten() {
        title = format!("{title}<br>{}", escape(&phrase(lang, p, " / ")));
    }
    let (code, name) = agency(lang, r);
    let agency = match name {
        Some(n) => format!("{}<br>{}", escape(&code), escape(&n)),
        None => escape(&code),
    };
    let mut status = cell(lang, r.status_label);
    if r.overdue {
        status = format!("{status}<br>**{}**", lab(lang, labels::OVERDUE));
    }
    let mut since = days(r.days_since_prc_response);
    if r.no_prc_response {
        since = format!("{since}<br>{}", lab(lang, labels::NO_PRC_RESPONSE));
    }
    let latest = r.latest.as_ref().map_or("—".to_owned(), |e| {
        let mut s = format!("{} {}", lab(lang, e.label), e.on);
        if !e.note.trim().is_empty() {
            s = format!("{s}<br>{}", escape(&e.note));
        }
        s
    });
    let mut days = days(r.days_with_counterpart);
    if let (Some(working), estimated) = working_days(r) {
        days = format!("{days}<br>{working}");
        if estimated {
            days = format!("{days}<br>*{}*", lab(lang, labels::ESTIMATED));
        }
    }
    format!(
        "| {} | {title} | {agency} | {status} | {} | {days} | {since} | {latest} |\n",
        escape(&r.reference),
        r.transmitted_on.map_or("—".to_owned(), |d| d.to_string()),
    )
}

/// The section "Counterpart responsiveness": what it counts, then one row per agency.
fn responsiveness(b: &Brief, m: &mut String) {
    let Some((head, rows)) = crate::responsiveness_table(b, cell, crate::agency_name) else {
        return;
    };
    let r = &b.responsiveness;
    let _ = writeln!(m, "\n## {}\n", lab(b.lang, r.heading));
    let _ = writeln!(m, "{}\n", phrase(b.lang, &r.scope, " / "));
    let _ = writeln!(m, "| {} |", head.join(" | "));
    let _ = writeln!(m, "|---|{}", "---:|".repeat(head.len() - 1));
    for (code, name, cells) in rows {
        let agency = match name {
            Some(n) => format!("{}<br>{}", escape(&code), escape(&n)),
            None => escape(&code),
        };
        let _ = writeln!(m, "| {agency} | {} |", cells.join(" | "));
    }
}

/// The whole brief as Markdown.
pub fn render(b: &Brief) -> String {
    let lang = b.lang;
    let mut m = String::with_capacity(2048 + 300 * b.rows().count());
    m.push_str(&marking(b));
    let _ = writeln!(m, "\n# {}", escape(&b.title));
    if let (Lang::EnZh, Some(zh)) = (lang, b.title_zh) {
        let _ = writeln!(m, "\n{zh}");
    }
    let _ = writeln!(m, "\n{}: {}  ", lab(lang, labels::AS_OF), b.as_of);
    if let Some(p) = &b.prepared_by {
        let _ = writeln!(m, "{}: {}  ", lab(lang, labels::PREPARED_BY), escape(p));
    }
    let _ = writeln!(m, "\n{}", escape(&phrase(lang, &b.profile_words, " / ")));
    if let Some(scope) = &b.scope {
        let _ = writeln!(m, "\n{}", escape(&phrase(lang, scope, " / ")));
    }
    if let Some(c) = &b.changes {
        changes(lang, c, &mut m);
    }
    let s = &b.summary;
    let _ = writeln!(m, "\n## {}\n", lab(lang, labels::SUMMARY));
    let _ = writeln!(m, "| | |\n|---|---:|");
    let _ = writeln!(m, "| {} | {} |", lab(lang, labels::OPEN_ITEMS), s.open);
    let _ = writeln!(
        m,
        "| {} — {} | {} |",
        lab(lang, labels::DAYS_WITH_COUNTERPART),
        lab(lang, labels::MEDIAN),
        days(s.median_days)
    );
    let _ = writeln!(
        m,
        "| {} — {} | {} |",
        lab(lang, labels::DAYS_WITH_COUNTERPART),
        lab(lang, labels::LONGEST),
        days(s.longest_days)
    );
    let _ = writeln!(m, "| {} | {} |", lab(lang, labels::OVERDUE), s.overdue);
    let _ = writeln!(
        m,
        "| {} | {} |",
        lab(lang, labels::NO_PRC_RESPONSE),
        s.no_prc_response
    );
    let ([kind, status, open], rows) = crate::kind_status_table(b, lab);
    if !rows.is_empty() {
        let _ = writeln!(m, "\n| {kind} | {status} | {open} |\n|---|---|---:|");
        for (kind, status, count) in rows {
            let _ = writeln!(m, "| {kind} | {status} | {count} |");
        }
    }
    if s.estimated_working_days > 0 {
        let _ = writeln!(
            m,
            "\n{}: {}",
            lab(lang, labels::ESTIMATED_WORKING_DAYS),
            s.estimated_working_days
        );
    }
    if !b.chart.bars.is_empty() {
        let what = match b.chart.by {
            ChartBy::Item => lab(lang, labels::DAYS_WITH_COUNTERPART),
            ChartBy::KindMedian => format!(
                "{} — {}",
                lab(lang, labels::DAYS_WITH_COUNTERPART),
                lab(lang, labels::MEDIAN)
            ),
        };
        let _ = writeln!(m, "\n| | {what} |\n|---|---|");
        for bar in &b.chart.bars {
            let n = ((bar.value as f64 / b.chart.max as f64) * 30.0).round() as usize;
            let name = match (&bar.label_zh, lang) {
                (Some(zh), Lang::EnZh) => format!("{} / {}", escape(&bar.label), zh),
                _ => escape(&bar.label),
            };
            let _ = writeln!(m, "| {name} | `{}` {} |", "█".repeat(n.max(1)), bar.value);
        }
    }
    responsiveness(b, &mut m);
    let head = crate::ROW_HEAD;
    for sec in &b.sections {
        let _ = writeln!(m, "\n## {}\n", lab(lang, sec.label));
        m.push('|');
        for (i, l) in head.into_iter().enumerate() {
            let sub = if i == crate::DAYS_COLUMN {
                format!("<br>{}", cell(lang, crate::DAYS_COLUMN_SUB))
            } else {
                String::new()
            };
            let _ = write!(m, " {}{sub} |", cell(lang, l));
        }
        m.push_str("\n|---|---|---|---|---|---:|---:|---|\n");
        for r in &sec.rows {
            m.push_str(&row(lang, r));
        }
    }
    m.push('\n');
    if let Some(head) = &b.audit_head {
        let _ = writeln!(m, "{}: `{}`\n", lab(lang, labels::AUDIT_HEAD), head);
    }
    m.push_str(&marking(b));
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::brief;

    #[test]
    fn the_audit_head_is_printed_in_full_before_the_marking() {
        let mut b = brief(Lang::En, None);
        let head = format!("1234:{}", "0123456789abcdef".repeat(4));
        b.audit_head = Some(head.clone());
        let m = render(&b);
        assert!(m.contains(&format!("Audit trail head: `{head}`")), "{m}");
        assert!(m.trim_end().ends_with("**SENSITIVE BUT UNCLASSIFIED**"));
        b.lang = Lang::EnZh;
        let m = render(&b);
        assert!(
            m.contains(&format!("Audit trail head / 审计链头: `{head}`")),
            "{m}"
        );
    }

    #[test]
    fn escape_keeps_text_inside_its_cell() {
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(escape("one\ntwo\r\nthree"), "one<br>two<br>three");
        assert_eq!(
            escape("<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(escape("# heading"), "\\# heading");
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("> quote"), "&gt; quote");
        assert_eq!(escape("1. first"), "1\\. first");
        assert_eq!(escape("a\n# b"), "a<br>\\# b");
        assert_eq!(escape("A & B *x* [l](u)"), "A &amp; B \\*x\\* \\[l\\](u)");
        assert_eq!(
            escape("EXT-1 a-b 2024-01-03"),
            "EXT-1 a-b 2024-01-03",
            "mid-line text untouched"
        );
    }

    /// Splits a table row into cells on unescaped pipes.
    fn cells(line: &str) -> usize {
        let b = line.as_bytes();
        (0..b.len())
            .filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\'))
            .count()
    }

    #[test]
    fn typed_text_cannot_break_the_tables() {
        let m = render(&brief(
            Lang::En,
            Some("# Round 7 <script>alert(1)</script> | x"),
        ));
        assert!(!m.contains("<script"), "{m}");
        assert!(m.contains("# \\# Round 7 &lt;script&gt;alert(1)&lt;/script&gt; \\| x"));
        let items = &m[m.find("## Extradition").unwrap()..];
        let rows: Vec<&str> = items
            .lines()
            .filter(|l| {
                l.starts_with("| EXT-") || l.starts_with("| SCH-") || l.starts_with("| WG-")
            })
            .collect();
        assert_eq!(
            rows.len(),
            4,
            "one line per item, notes with newlines included:\n{m}"
        );
        for r in rows {
            assert_eq!(cells(r), 9, "8 cells in {r}");
        }
        assert!(m.contains("\\- Surrender of Wu") && m.contains("&gt; Schedule xylazine"));
    }

    #[test]
    fn every_row_with_its_reference_and_days() {
        let m = render(&brief(Lang::En, None));
        // The days with counterpart, and the working days beneath (U.S. / PRC).
        for (r, d) in [
            ("EXT-1", "342<br>244 / 243"),
            ("EXT-2", "192<br>137 / 136<br>*Estimated*"),
            ("SCH-1", "284<br>202 / 201"),
            ("WG-1", "—"),
        ] {
            let items = &m[m.find("## Extradition").unwrap()..];
            let line = items
                .lines()
                .find(|l| l.starts_with(&format!("| {r} |")))
                .unwrap_or_else(|| panic!("{r}"));
            assert!(line.contains(&format!("| {d} |")), "{r}: {line}");
        }
        assert!(m.starts_with("**SENSITIVE BUT UNCLASSIFIED**"));
        assert!(m.trim_end().ends_with("**SENSITIVE BUT UNCLASSIFIED**"));
    }

    #[test]
    fn the_scheduling_section_shows_each_substance_s_prc_status() {
        let mut b = brief(Lang::EnZh, None);
        let m = render(&b);
        assert!(
            m.contains("xylazine (7361-61-7) — Not controlled by the PRC / 中方尚未列管"),
            "{m}"
        );
        let sch = b
            .sections
            .iter_mut()
            .find(|s| s.kind == counterpart_core::model::Kind::Scheduling)
            .unwrap();
        let x = sch.rows[0].substance.as_mut().unwrap();
        x.prc_status = counterpart_core::brief::labels::CONTROLLED_BY_PRC_ON;
        x.prc_controlled_on = Some("2024-07-01".parse().unwrap());
        let m = render(&b);
        assert!(
            m.contains("xylazine (7361-61-7) — Controlled by the PRC on / 中方列管日期 2024-07-01"),
            "{m}"
        );
        let ext = render(&brief(Lang::En, None));
        assert_eq!(
            ext.matches("7361-61-7").count(),
            1,
            "only the scheduling item has one"
        );
    }

    #[test]
    fn en_zh_labels_present() {
        let m = render(&brief(Lang::EnZh, None));
        for zh in [
            "进展简报",
            "截至",
            "概要",
            "中方办理天数",
            "编号",
            "引渡请求",
            "已转交",
            "引渡林某某案",
            "公安部",
            "敏感但非密",
            "已逾期",
            "中方尚未答复",
        ] {
            assert!(m.contains(zh), "{zh}");
        }
        let en = render(&brief(Lang::En, None));
        assert!(!en.contains("中方办理天数") && !en.contains("引渡林某某案"));
    }
}
