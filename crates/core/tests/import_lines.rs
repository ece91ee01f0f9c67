//! The line an import names for a bad row is the one a text editor shows (issue 14): in
//! files as spreadsheets write them — CRLF line endings, a byte-order mark, rows ending
//! in an empty cell, quoted cells with line breaks inside (LF or CRLF) — and in every mix
//! of them. A row is named by the line it starts on.

use chrono::{NaiveDate, TimeZone, Utc};
use counterpart_core::db::Db;
use counterpart_core::error::Error;
use counterpart_core::import;
use counterpart_core::op::Author;

const HEADER: &str = "kind,reference,title,counterpart,transmitted_on,notes";

fn author() -> Author {
    Author::new(
        Utc.with_ymd_and_hms(2024, 11, 18, 9, 0, 0).unwrap(),
        NaiveDate::from_ymd_opt(2024, 11, 18).unwrap(),
        Some("tester".into()),
    )
}

/// The line a text editor shows for byte `at` of `text`: one more than the line breaks
/// before it, where CRLF, LF and a lone CR each end a line.
fn editor_line(text: &str, at: usize) -> u64 {
    let b = text.as_bytes();
    let mut line = 1;
    for i in 0..at {
        if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
    }
    line
}

/// The rows of a file, each `(text, bad)`; `nl` the line ending of rows, `inner` the line
/// break inside quoted cells.
fn rows(nl: &str, inner: &str, trailing_empty: bool) -> Vec<(String, bool)> {
    let empty = if trailing_empty { "" } else { "none" };
    vec![
        (
            format!("extradition,EXT-1,First,MPS,2024-01-01,{empty}"),
            false,
        ),
        (
            format!("extradition,EXT-2,Notes over two lines,MPS,2024-01-01,\"a{inner}b\""),
            false,
        ),
        (
            format!("extradition,EXT-3,Bad date,MPS,2024-02-30,{empty}"),
            true,
        ),
        (
            format!("scheduling,SCH-1,Good,NNCC,2024-01-01,\"a{inner}b{inner}c\""),
            false,
        ),
        (format!("commitment,WG-1,Fine,MFA,,{empty}"), false),
        (
            format!("extradition,EXT-4,\"Bad{inner}agency\",Ministry of Magic,2024-01-01,"),
            true,
        ),
        (
            format!("extradition,EXT-5,Last bad,MPS,2024-13-01,{empty}"),
            true,
        ),
    ]
    .into_iter()
    .map(|(r, bad)| (r + nl, bad))
    .collect()
}

#[test]
fn bad_rows_are_named_by_the_line_an_editor_shows() {
    let mut cases = 0;
    for bom in [false, true] {
        for nl in ["\n", "\r\n"] {
            for inner in ["\n", "\r\n"] {
                for trailing_empty in [false, true] {
                    let mut text = String::new();
                    if bom {
                        text.push('\u{feff}');
                    }
                    text.push_str(HEADER);
                    text.push_str(nl);
                    let mut want = Vec::new();
                    for (row, bad) in rows(nl, inner, trailing_empty) {
                        if bad {
                            want.push(editor_line(&text, text.len()));
                        }
                        text.push_str(&row);
                    }
                    let case = format!(
                        "bom {bom}, rows end {nl:?}, cells break {inner:?}, trailing empty {trailing_empty}"
                    );
                    let mut db = Db::open_in_memory().unwrap();
                    let got = match import::import_csv(&mut db, text.as_bytes(), &author(), true) {
                        Err(Error::InvalidRows(rows)) => {
                            let mut lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
                            lines.dedup();
                            lines
                        }
                        other => panic!("{case}: the import must be refused: {other:?}"),
                    };
                    assert_eq!(got, want, "{case}");
                    cases += 1;
                }
            }
        }
    }
    assert_eq!(cases, 16);
}

/// A file without a final line break, and blank lines between rows, count as an editor
/// counts them too.
#[test]
fn blank_lines_and_a_missing_final_break_do_not_shift_the_lines() {
    for nl in ["\n", "\r\n"] {
        let text = format!(
            "{HEADER}{nl}{nl}extradition,EXT-1,Ok,MPS,2024-01-01,{nl}{nl}{nl}extradition,EXT-2,Bad,MPS,2024-02-30,"
        );
        let mut db = Db::open_in_memory().unwrap();
        let Err(Error::InvalidRows(rows)) =
            import::import_csv(&mut db, text.as_bytes(), &author(), true)
        else {
            panic!("the import must be refused")
        };
        assert_eq!(
            rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            [6],
            "{nl:?}"
        );
    }
}
