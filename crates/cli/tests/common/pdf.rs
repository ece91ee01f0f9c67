//! Reading a PDF back with poppler (Debian `poppler-utils`): its page count and its text.

use std::path::Path;
use std::process::Command;

use super::text;

/// Runs a poppler tool; its standard output.
pub fn tool(name: &str, args: &[&str]) -> String {
    let o = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (Debian poppler-utils) should run: {e}"));
    assert!(o.status.success(), "{name} {args:?}: {}", text(&o.stderr));
    text(&o.stdout)
}

pub fn pages(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo gives a page count:\n{info}"))
}

/// The text as laid out (`pdftotext -layout`), of one page or all.
pub fn pdf_text(pdf: &Path, page: Option<usize>) -> String {
    let p = pdf.to_str().unwrap();
    match page {
        None => tool("pdftotext", &["-layout", p, "-"]),
        Some(n) => {
            let n = n.to_string();
            tool("pdftotext", &["-layout", "-f", &n, "-l", &n, p, "-"])
        }
    }
}

/// The text in reading order with every run of white space one space (a cell's lines
/// joined): to find a phrase that wraps inside a table cell.
pub fn pdf_words(pdf: &Path) -> String {
    let t = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}
