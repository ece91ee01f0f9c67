use super::*;
use crate::testdata::brief;

#[test]
fn the_audit_head_is_printed_in_full() {
    let mut b = brief(Lang::En, None);
    assert!(
        !render(&b).contains("Audit trail head"),
        "none without a trail"
    );
    let head = format!("1234:{}", "0123456789abcdef".repeat(4));
    b.audit_head = Some(head.clone());
    let h = render(&b);
    assert!(
        h.contains(&format!("Audit trail head: <code>{head}</code>")),
        "{h}"
    );
    b.lang = Lang::EnZh;
    let h = render(&b);
    assert!(h.contains(&format!("审计链头: <code>{head}</code>")), "{h}");
}

#[test]
fn the_scheduling_section_shows_each_substance_s_prc_status() {
    let h = render(&brief(Lang::En, None));
    assert!(
        h.contains("<span class=\"note\">xylazine (7361-61-7) — Not controlled by the PRC</span>"),
        "{h}"
    );
}

#[test]
fn escape_neutralises_markup_and_quotes() {
    assert_eq!(
        escape("<script>alert('x')</script>"),
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
    );
    assert_eq!(escape("A & B"), "A &amp; B");
    assert_eq!(escape("\"q\""), "&quot;q&quot;");
    assert_eq!(escape("引渡 plain"), "引渡 plain");
}

#[test]
fn typed_text_cannot_inject_markup() {
    let b = brief(Lang::En, Some("Round 7 <script>alert(1)</script> | x"));
    let h = render(&b);
    assert!(!h.contains("<script"), "no script element anywhere:\n{h}");
    assert!(h.contains("Round 7 &lt;script&gt;alert(1)&lt;/script&gt; | x"));
    assert!(h.contains(
        "Lin &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; | &quot;Tom&quot; &amp; Co"
    ));
    assert!(h.contains("A. &lt;Officer&gt;"), "prepared-by escaped");
    assert!(h.contains("sent by &lt;i&gt;diplomatic&lt;/i&gt; note | A&amp;B"));
    assert_eq!(h.matches("<tr>").count(), h.matches("</tr>").count());
}

#[test]
fn every_row_with_its_reference_and_days() {
    let h = render(&brief(Lang::En, None));
    for (r, d, working) in [
        ("EXT-1", 342, "244 / 243"),
        ("EXT-2", 192, "137 / 136"),
        ("SCH-1", 284, "202 / 201"),
    ] {
        let cell = format!("<tr><td>{r}</td>");
        let at = h.find(&cell).unwrap_or_else(|| panic!("{r} has a row"));
        let end = at + h[at..].find("</tr>").unwrap();
        assert!(
            h[at..end].contains(&format!(
                "<td class=\"num\">{d}<span class=\"working\">{working}</span>"
            )),
            "{r} shows {d} days, {working} working days beneath"
        );
    }
    assert_eq!(
        h.matches("<span class=\"estimated\">Estimated</span>")
            .count(),
        1,
        "EXT-2's working days are estimated"
    );
    assert!(h.contains("<tr><td>WG-1</td>"));
    assert!(
        h.find("<tr><td>EXT-1</td>") < h.find("<tr><td>EXT-2</td>"),
        "longest waiting first"
    );
    assert!(!h.contains("进展简报"), "no Chinese in an English brief");
}

#[test]
fn print_css_and_chart() {
    let h = render(&brief(Lang::En, None));
    for want in [
        "@page",
        "counter(pages)",
        "display: table-header-group",
        "break-inside: avoid",
        "position: fixed",
        "<svg",
    ] {
        assert!(h.contains(want), "{want}");
    }
    assert_eq!(
        h.matches("SENSITIVE BUT UNCLASSIFIED").count(),
        2,
        "top and bottom"
    );
    assert_eq!(
        h.matches("<rect").count(),
        3,
        "one bar per open transmitted item"
    );
}

#[test]
fn en_zh_has_chinese_beside_every_label() {
    let h = render(&brief(Lang::EnZh, None));
    for zh in [
        "进展简报",
        "截至",
        "编制人",
        "概要",
        "未结事项",
        "编号",
        "事由",
        "中方对口机构",
        "转交日期",
        "中方办理天数",
        "距中方上次答复天数",
        "最新进展",
        "中位数",
        "最长",
        "已逾期",
        "中方尚未答复",
        "敏感但非密",
        "引渡请求",
        "物质列管请求",
        "工作组承诺事项",
        "已转交",
        "草稿",
        "转交中方",
        "引渡林某某案",
        "公安部",
    ] {
        assert!(h.contains(zh), "{zh} in the en-zh brief");
    }
}
