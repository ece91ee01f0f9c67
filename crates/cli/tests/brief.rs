//! Black-box tests of `counterpart brief` (CONTRACT.md: `brief [--kind K]... [--open]
//! [--lang en|en-zh] [--format pdf|html|md] -o FILE`), on the real binary with temporary
//! databases and a pinned `--today`.

mod common;
use common::{ok, run, text, TODAY};

use std::path::PathBuf;

use counterpart_core::db::{brief, Db};
use tempfile::TempDir;

/// EXT-1 (342 days on 2024-12-10, a Chinese title, overdue), SCH-1 (284, acknowledged),
/// IND-1 closed, WG-1 a draft whose title has markup and a pipe.
fn fixture() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    for args in [
        &[
            "add",
            "--kind",
            "extradition",
            "--reference",
            "EXT-1",
            "--title",
            "Surrender of Lin X",
            "--title-zh",
            "引渡林某某案",
            "--counterpart",
            "MPS",
            "--transmitted-on",
            "2024-01-03",
            "--due-on",
            "2024-06-01",
        ][..],
        &[
            "add",
            "--kind",
            "scheduling",
            "--reference",
            "SCH-1",
            "--title",
            "Schedule xylazine",
            "--counterpart",
            "NNCC",
            "--transmitted-on",
            "2024-03-01",
        ],
        &[
            "event",
            "SCH-1",
            "--type",
            "acknowledged",
            "--on",
            "2024-03-10",
        ],
        &[
            "add",
            "--kind",
            "indictment",
            "--reference",
            "IND-1",
            "--title",
            "United States v. Example",
            "--counterpart",
            "SPP",
            "--transmitted-on",
            "2024-01-15",
        ],
        &[
            "event",
            "IND-1",
            "--type",
            "closed",
            "--status",
            "declined",
            "--on",
            "2024-05-01",
        ],
        &[
            "add",
            "--kind",
            "commitment",
            "--reference",
            "WG-1",
            "--title",
            "Share <script>alert(1)</script> | data",
            "--counterpart",
            "MFA",
        ],
    ] {
        ok(run(&db, args), &format!("{args:?}"));
    }
    (dir, db)
}

#[test]
fn html_brief_is_written_with_references_and_figures() {
    let (dir, db) = fixture();
    let out = dir.path().join("brief.html");
    ok(
        run(
            &db,
            &["brief", "--format", "html", "-o", out.to_str().unwrap()],
        ),
        "brief html",
    );
    let h = std::fs::read_to_string(&out).unwrap();
    assert!(h.starts_with("<!DOCTYPE html>"));
    for (r, d) in [("EXT-1", "342"), ("SCH-1", "284"), ("IND-1", "107")] {
        assert!(h.contains(&format!("<tr><td>{r}</td>")), "{r} has a row");
        // (The working days beneath.)
        assert!(
            h.contains(&format!("<td class=\"num\">{d}<span class=\"working\">")),
            "{r}: {d} days"
        );
    }
    assert!(h.contains("<tr><td>WG-1</td>"));
    assert!(!h.contains("<script>"), "the typed title is escaped");
    assert!(h.contains("Share &lt;script&gt;alert(1)&lt;/script&gt; | data"));
    assert!(h.contains("2024-12-10"), "the as-of date");
    assert!(!h.contains("中方办理天数"), "English only by default");
}

#[test]
fn markdown_brief_en_zh_has_the_chinese_labels_and_title() {
    let (dir, db) = fixture();
    let out = dir.path().join("brief.md");
    ok(
        run(
            &db,
            &[
                "brief",
                "--open",
                "--kind",
                "extradition",
                "--kind",
                "scheduling",
                "--lang",
                "en-zh",
                "--format",
                "md",
                "--prepared-by",
                "J. Doe",
                "-o",
                out.to_str().unwrap(),
            ],
        ),
        "brief md en-zh",
    );
    let m = std::fs::read_to_string(&out).unwrap();
    for want in [
        "进展简报",
        "中方办理天数",
        "截至",
        "编号",
        "引渡请求",
        "物质列管请求",
        "引渡林某某案",
        "公安部",
        "敏感但非密",
        "J. Doe",
        "| EXT-1 |",
        "| SCH-1 |",
        "| 342 |",
        "| 284 |",
    ] {
        assert!(m.contains(want), "{want} in:\n{m}");
    }
    assert!(
        !m.contains("IND-1") && !m.contains("WG-1"),
        "kinds and --open filter"
    );
}

#[test]
fn the_brief_is_recorded() {
    let (dir, db) = fixture();
    let out = dir.path().join("b.md");
    let args = [
        "brief",
        "--open",
        "--format",
        "md",
        "-o",
        out.to_str().unwrap(),
    ];
    ok(run(&db, &args), "brief");
    let d = Db::open(&db, chrono::Utc::now()).unwrap();
    let all = brief::recorded(d.conn()).unwrap();
    assert_eq!(all.len(), 1, "one brief recorded");
    let b = &all[0];
    assert_eq!(
        (b.as_of.to_string().as_str(), b.format.as_str()),
        (TODAY, "md")
    );
    let items: Vec<(&str, Option<i64>)> = b
        .items
        .iter()
        .map(|i| (i.reference.as_str(), i.days_with_counterpart))
        .collect();
    assert_eq!(
        items,
        [("EXT-1", Some(342)), ("SCH-1", Some(284)), ("WG-1", None)]
    );
}

#[test]
fn the_marking_comes_from_the_database_unless_given() {
    let (dir, db) = fixture();
    let out = dir.path().join("m.md");
    let brief_md = |extra: &[&str]| {
        let mut args = vec!["brief", "--format", "md", "-o", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        ok(run(&db, &args), "brief md");
        std::fs::read_to_string(&out).unwrap()
    };
    assert!(
        brief_md(&[]).contains("SENSITIVE BUT UNCLASSIFIED"),
        "nothing stored: the default marking"
    );
    {
        let now = chrono::Utc::now();
        let mut d = Db::open(&db, now).unwrap();
        let author = counterpart_core::op::Author::new(now, now.date_naive(), None);
        d.apply(&author.op(counterpart_core::op::Change::SetMarking {
            marking: "FOR OFFICIAL USE ONLY".into(),
        }))
        .unwrap();
    }
    let m = brief_md(&[]);
    assert!(
        m.contains("FOR OFFICIAL USE ONLY") && !m.contains("SENSITIVE BUT UNCLASSIFIED"),
        "the stored marking is the default:\n{m}"
    );
    let m = brief_md(&["--marking", "LIMITED DISTRIBUTION"]);
    assert!(
        m.contains("LIMITED DISTRIBUTION") && !m.contains("FOR OFFICIAL USE ONLY"),
        "--marking wins over the setting:\n{m}"
    );
}

#[test]
fn bad_words_exit_2() {
    let (_dir, db) = fixture();
    for bad in [
        &["brief", "--lang", "zh", "-o", "x.html"][..],
        &["brief", "--format", "docx", "-o", "x.html"],
        &["brief", "--kind", "other", "-o", "x.html"],
        &["brief", "--since", "2024-13-01", "-o", "x.html"],
        &["brief", "--format", "html"],
    ] {
        let o = run(&db, bad);
        assert_eq!(o.status.code(), Some(2), "{bad:?}: {}", text(&o.stderr));
    }
    let d = Db::open(&db, chrono::Utc::now()).unwrap();
    assert!(
        brief::recorded(d.conn()).unwrap().is_empty(),
        "nothing recorded"
    );
}

/// Without `--format`, the output's name says the format: `b.pdf` is a PDF, `b.md`
/// Markdown, anything else HTML; `--format` wins over the name.
#[test]
fn the_format_follows_the_file_name_unless_given() {
    let (dir, db) = fixture();
    let written = |name: &str, extra: &[&str]| -> Vec<u8> {
        let out = dir.path().join(name);
        let mut args = vec!["brief", "-o", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        ok(run(&db, &args), name);
        std::fs::read(&out).unwrap()
    };
    assert!(
        written("b.pdf", &[]).starts_with(b"%PDF-"),
        "b.pdf is a PDF"
    );
    assert!(
        written("B.PDF", &[]).starts_with(b"%PDF-"),
        "the case of the extension"
    );
    let md = text(&written("b.md", &[]));
    assert!(md.starts_with('#') || md.contains("\n# "), "{md}");
    assert!(text(&written("b.html", &[])).contains("<html"));
    assert!(
        text(&written("brief", &[])).contains("<html"),
        "no extension: HTML"
    );
    assert!(
        text(&written("x.pdf", &["--format", "html"])).contains("<html"),
        "--format wins"
    );
}

/// An agency that is not one of the database's is refused naming `agency` (exit 3), not
/// written as an empty brief and recorded as the agency's; a name, English or Chinese,
/// works as the code does.
#[test]
fn an_unknown_agency_is_refused() {
    let (dir, db) = fixture();
    let out = dir.path().join("b.html");
    let o = run(
        &db,
        &["brief", "--agency", "NOPE", "-o", out.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(3), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.contains("agency") && err.contains("NOPE"), "{err}");
    assert!(!out.exists(), "no file written");
    let d = Db::open(&db, chrono::Utc::now()).unwrap();
    assert!(
        brief::recorded(d.conn()).unwrap().is_empty(),
        "nothing recorded"
    );
    drop(d);
    ok(
        run(
            &db,
            &["brief", "--agency", "mps", "-o", out.to_str().unwrap()],
        ),
        "a code in any case",
    );
    assert!(text(&std::fs::read(&out).unwrap()).contains("EXT-1"));
    for name in ["公安部", "Ministry of Public Security"] {
        ok(
            run(
                &db,
                &["brief", "--agency", name, "-o", out.to_str().unwrap()],
            ),
            name,
        );
        let html = text(&std::fs::read(&out).unwrap());
        assert!(
            html.contains("EXT-1") && !html.contains("SCH-1"),
            "{name}: {html}"
        );
    }
}

/// A brief of some items says which (under its profile) in every format and language; a
/// brief of every item says nothing of the kind.
#[test]
fn a_filtered_brief_says_which_items_it_holds() {
    let (dir, db) = fixture();
    let read = |args: &[&str], file: &str| -> String {
        let out = dir.path().join(file);
        let mut all = vec!["brief", "-o", out.to_str().unwrap()];
        all.extend_from_slice(args);
        ok(run(&db, &all), &format!("{args:?}"));
        if file.ends_with(".pdf") {
            common::pdf::pdf_text(&out, None)
        } else {
            text(&std::fs::read(&out).unwrap())
        }
    };
    for file in ["all.html", "all.md", "all.pdf"] {
        let b = read(&[], file);
        assert!(!b.contains("Items included"), "{file}: {b}");
    }
    let filters = [
        "--agency",
        "公安部",
        "--open",
        "--kind",
        "extradition",
        "--since",
        "2024-01-01",
    ];
    let en = "Items included: open items only; counterpart agency MPS (Ministry of Public Security); kinds: Extradition request; changed on or after 2024-01-01";
    for file in ["some.html", "some.md", "some.pdf"] {
        let b = read(&filters, file)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(b.contains(en), "{file}: {b}");
    }
    let mut zh = filters.to_vec();
    zh.extend_from_slice(&["--lang", "en-zh"]);
    let b = read(&zh, "some-zh.html");
    assert!(
        b.contains("所含事项：仅未结事项；中方对口机构 MPS（公安部）；类型：引渡请求；2024-01-01 及以后有变动"),
        "{b}"
    );
}
