//! Black-box tests of `counterpart brief --format pdf`: the real binary on temporary
//! databases with a pinned `--today`, the PDF read back with poppler's `pdftotext` and
//! `pdfinfo` (Debian `poppler-utils`), its tags and metadata with lopdf.

mod common;
use common::pdf::{pages, pdf_text};
use common::tagged::{marks, Marks};
use common::{ok, run, text, TODAY};

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use counterpart_core::db::{audit, brief, Db};
use tempfile::TempDir;

const KINDS: [&str; 4] = ["extradition", "indictment", "scheduling", "commitment"];
const AGENCIES: [&str; 2] = ["MPS", "NNCC"];

/// A database of `n` items imported from a generated CSV: references `R-0001`…, every
/// kind, transmitted between 0 and 899 days before `TODAY`, some with a Chinese title,
/// every fifth overdue.
fn database(n: usize) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    let csv = dir.path().join("items.csv");
    let today: chrono::NaiveDate = TODAY.parse().unwrap();
    let mut s = String::from(
        "kind,reference,title,title_zh,counterpart,status,status_on,transmitted_on,due_on\n",
    );
    for i in 1..=n {
        let sent = today - chrono::Days::new((i as u64 * 37) % 900);
        let due = if i % 5 == 0 {
            (sent + chrono::Days::new(10)).to_string()
        } else {
            String::new()
        };
        let zh = if i % 3 == 0 { "引渡林某某案" } else { "" };
        let _ = writeln!(
            s,
            "{},R-{i:04},\"Request {i} concerning fentanyl precursors, shipment and payments\",{zh},{},transmitted,{sent},{sent},{due}",
            KINDS[i % 4],
            AGENCIES[i % 2],
        );
    }
    std::fs::write(&csv, s).unwrap();
    ok(run(&db, &["import", csv.to_str().unwrap()]), "import");
    (dir, db)
}

/// Writes the brief as a PDF, checks it was recorded, and returns its path.
fn brief_pdf(dir: &TempDir, db: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let out = dir.path().join(name);
    let mut args = vec!["brief", "--format", "pdf", "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    ok(run(db, &args), "brief --format pdf");
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    out
}

/// Every recorded item's reference is in the text, with its days with counterpart on the
/// same line.
fn every_item_with_its_days(db: &Path, all: &str) {
    let d = Db::open(db, chrono::Utc::now()).unwrap();
    let rec = brief::recorded(d.conn()).unwrap();
    let last = rec.first().expect("the brief was recorded");
    assert_eq!(last.format, "pdf");
    assert!(!last.items.is_empty());
    for item in &last.items {
        let line = all
            .lines()
            .find(|l| l.contains(&format!("{} ", item.reference)))
            .unwrap_or_else(|| panic!("{} is in the PDF", item.reference));
        let days = item.days_with_counterpart.expect("transmitted").to_string();
        assert!(
            line.split_whitespace().any(|w| w == days),
            "{}'s {days} days on its line: {line:?}",
            item.reference
        );
    }
}

fn marking_on_every_page(pdf: &Path, n: usize, marking: &str) {
    for p in 1..=n {
        let t = pdf_text(pdf, Some(p));
        assert!(
            t.matches(marking).count() >= 2,
            "page {p} has the marking at its top and bottom:\n{t}"
        );
        assert!(
            t.contains(&format!("Page {p} of {n}")),
            "page {p} numbered:\n{t}"
        );
    }
}

#[test]
fn ten_items_en() {
    let (dir, db) = database(10);
    let title = "Brief #1 *bold* $x$ \"q\" \\ <script>alert(1)</script> ] [";
    let pdf = brief_pdf(
        &dir,
        &db,
        "b.pdf",
        &["--title", title, "--prepared-by", "A. Officer"],
    );
    let n = pages(&pdf);
    assert!((1..=3).contains(&n), "10 items on 1–3 pages, not {n}");
    let all = pdf_text(&pdf, None);
    assert!(
        all.contains(title),
        "the hostile title printed as typed:\n{all}"
    );
    for w in [
        "Summary",
        "Prepared by",
        "A. Officer",
        "Days with counterpart",
    ] {
        assert!(all.contains(w), "{w}");
    }
    every_item_with_its_days(&db, &all);
    marking_on_every_page(&pdf, n, "SENSITIVE BUT UNCLASSIFIED");
    // The footer carries the audit trail's head as `seq:hash` (the whole hash): the
    // import wrote one row per item, and the brief printed the head as it stood before
    // its own `brief_made` row.
    let head = audit::head(Db::open(&db, chrono::Utc::now()).unwrap().conn())
        .unwrap()
        .expect("the import started the audit trail");
    assert_eq!(
        head.seq, 11,
        "one audit row per imported item, one for the brief"
    );
    let printed: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT hash FROM audit_log WHERE seq = 10", [], |r| {
            r.get(0)
        })
        .unwrap();
    let footer = format!("Audit trail head: 10:{printed}");
    assert!(
        all.contains(&footer),
        "the footer names the audit head {footer:?}:\n{all}"
    );
}

#[test]
fn ten_items_en_zh() {
    let (dir, db) = database(10);
    let pdf = brief_pdf(&dir, &db, "b.pdf", &["--lang", "en-zh"]);
    let n = pages(&pdf);
    assert!((1..=3).contains(&n), "10 items on 1–3 pages, not {n}");
    let all = pdf_text(&pdf, None);
    for w in [
        "进展简报",
        "中方办理天数",
        "敏感但非密",
        "引渡林某某案",
        "第 1 页，共",
    ] {
        assert!(all.contains(w), "{w} in the en-zh brief:\n{all}");
    }
    every_item_with_its_days(&db, &all);
    marking_on_every_page(&pdf, n, "SENSITIVE BUT UNCLASSIFIED");
}

#[test]
fn a_thousand_items() {
    let (dir, db) = database(1000);
    let start = Instant::now();
    let pdf = brief_pdf(&dir, &db, "b.pdf", &[]);
    let first = start.elapsed();
    let start = Instant::now();
    let pdf2 = brief_pdf(&dir, &db, "b2.pdf", &["--lang", "en-zh"]);
    let second = start.elapsed();
    let size = std::fs::metadata(&pdf).unwrap().len();
    let size_zh = std::fs::metadata(&pdf2).unwrap().len();
    let n = pages(&pdf);
    let n_zh = pages(&pdf2);
    println!(
        "1,000 items (whole CLI process, {} build): en {first:.2?}, {size} bytes, {n} pages; \
         en-zh {second:.2?}, {size_zh} bytes, {n_zh} pages",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    assert!(
        (30..=120).contains(&n),
        "1,000 items on 30–120 pages, not {n}"
    );
    assert!(
        (30..=120).contains(&n_zh),
        "1,000 items on 30–120 pages, not {n_zh}"
    );
    // One bookmark per section in either language: the kinds' headings repeated on every
    // page are not (the English brief once had one per page).
    for file in [&pdf, &pdf2] {
        let bookmarks = marks(file).bookmarks;
        assert_eq!(bookmarks.len(), 3 + KINDS.len(), "{bookmarks:?}");
        assert!(
            bookmarks[3].starts_with("Extradition request"),
            "{bookmarks:?}"
        );
    }
    // Under 3 MB: the structure tree a screen reader follows (issue 14) costs about 1 KB a
    // row, which typst 0.15's writer leaves uncompressed (0.31 MB untagged with 0.13,
    // 2.1–2.3 MB tagged en-zh).
    assert!(size < 3_000_000, "under 3 MB: {size}");
    assert!(size_zh < 3_000_000, "under 3 MB: {size_zh}");
    let all = pdf_text(&pdf2, None);
    every_item_with_its_days(&db, &all);
    marking_on_every_page(&pdf2, n_zh, "SENSITIVE BUT UNCLASSIFIED");
}

/// What every PDF brief carries for a screen reader: marked, a structure tree with
/// headings and header cells, the document language English, the title in the Info
/// dictionary and the XMP and shown as the window's title, PDF/UA-1 declared.
fn tagged_for_screen_readers(m: &Marks, title: &str) {
    assert!(m.marked, "/MarkInfo << /Marked true >>: {m:?}");
    assert!(m.has_struct_tree, "a /StructTreeRoot: {m:?}");
    for t in ["H1", "Table", "TH", "TD"] {
        assert!(
            m.struct_types.contains(t),
            "a {t} element: {:?}",
            m.struct_types
        );
    }
    // Summary, chart, responsiveness and each kind's table (the items have four kinds).
    assert!(m.headings >= 7, "{} headings", m.headings);
    // The summary's five labels (row headers), the kinds table's three, eight columns
    // (and the kind's name over them) per kind, the responsiveness table's eight.
    assert!(m.header_cells >= 5 + 3 + 4 * 9 + 8, "{} TH", m.header_cells);
    assert_eq!(m.lang.as_deref(), Some("en"), "the catalog's /Lang");
    assert_eq!(m.info_title.as_deref(), Some(title), "Info /Title");
    assert_eq!(m.xmp_title(), Some(title), "XMP dc:title:\n{}", m.xmp);
    assert!(m.display_doc_title, "/DisplayDocTitle true");
    assert_eq!(
        m.xmp_value("pdfuaid:part"),
        Some("1"),
        "PDF/UA-1:\n{}",
        m.xmp
    );
}

#[test]
fn the_english_brief_is_tagged_for_screen_readers() {
    let (dir, db) = database(10);
    let pdf = brief_pdf(&dir, &db, "b.pdf", &["--title", "Weekly brief"]);
    let m = marks(&pdf);
    tagged_for_screen_readers(&m, "Weekly brief");
    assert!(
        !m.other_langs.iter().any(|l| l.starts_with("zh")),
        "no Chinese in an English brief: {:?}",
        m.other_langs
    );
    assert_eq!(m.xmp_value("pdfaid:part"), None, "not PDF/A unless asked");
}

#[test]
fn the_en_zh_brief_marks_its_chinese() {
    let (dir, db) = database(10);
    let pdf = brief_pdf(&dir, &db, "b.pdf", &["--lang", "en-zh"]);
    let m = marks(&pdf);
    tagged_for_screen_readers(&m, "Status brief");
    assert!(
        m.other_langs.contains("zh-CN"),
        "the Chinese runs marked zh-CN: {:?}",
        m.other_langs
    );
}

#[test]
fn pdf_a_writes_pdf_a_2_and_is_still_tagged() {
    let (dir, db) = database(10);
    let pdf = brief_pdf(&dir, &db, "b.pdf", &["--lang", "en-zh", "--pdf-a"]);
    let m = marks(&pdf);
    tagged_for_screen_readers(&m, "Status brief");
    assert_eq!(m.xmp_value("pdfaid:part"), Some("2"), "PDF/A-2:\n{}", m.xmp);
    assert_eq!(m.xmp_value("pdfaid:conformance"), Some("A"), "level A");
    assert!(pdf_text(&pdf, None).contains("引渡林某某案"));
    every_item_with_its_days(&db, &pdf_text(&pdf, None));
}

#[test]
fn pdf_a_is_refused_for_html_and_markdown() {
    let (dir, db) = database(2);
    for name in ["b.html", "b.md"] {
        let out = dir.path().join(name);
        let o = run(&db, &["brief", "--pdf-a", "-o", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(3), "{name}: {}", text(&o.stderr));
        assert!(text(&o.stderr).contains("--pdf-a"), "{}", text(&o.stderr));
        assert!(!out.exists(), "nothing written");
    }
    let d = Db::open(&db, chrono::Utc::now()).unwrap();
    assert!(
        brief::recorded(d.conn()).unwrap().is_empty(),
        "nothing recorded"
    );
}
