//! How the command line prints lists and items for people (tables, text) and programs (CSV,
//! JSON): `list` the item lists, `item` one item, `reminders` the deadlines, `history` an
//! item's audit trail, `stats` the responsiveness figures, `check` the integrity report.

mod check;
mod history;
mod item;
mod list;
mod reminders;
mod stats;

pub use check::check;
pub use history::history;
pub use item::show;
pub use list::{archived, list_csv, table};
pub use reminders::{reminders_json, reminders_table};
pub use stats::{stats_csv, stats_table};

use counterpart_core::Error;
use serde::Serialize;
use std::io::Write;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A value as `--format json` prints it: pretty, then a newline.
pub fn json(out: &mut impl Write, value: &impl Serialize) -> Result<(), Error> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Pads or cuts `s` to `width` terminal columns (Chinese characters take two).
pub(crate) fn fit(s: &str, width: usize) -> String {
    let mut out = String::with_capacity(width + 4);
    push_fit(&mut out, s, width);
    out
}

/// [`fit`], onto the end of `out` (a table's line, made without a string per cell).
pub(crate) fn push_fit(out: &mut String, s: &str, width: usize) {
    let used = push_cut(out, s, width);
    pad(out, width.saturating_sub(used));
}

/// `s` cut to `width` terminal columns (an ellipsis where it was cut), onto the end of
/// `out`, not padded: a line's last column. Returns the columns it took.
pub(crate) fn push_cut(out: &mut String, s: &str, width: usize) -> usize {
    // Printable ASCII, the common case: a column per byte, no lookups of each
    // character's width. Only the bytes that can be shown and the one after (it tells
    // that the text is wider than the column) are looked at, all of them (no early exit,
    // so that the compiler checks many at once).
    let ascii = s.as_bytes()[..s.len().min(width + 1)]
        .iter()
        .fold(true, |ok, &b| ok & (b.wrapping_sub(b' ') < 95));
    if ascii {
        if s.len() > width {
            out.push_str(&s[..width.saturating_sub(1)]);
            out.push('…');
            return width;
        }
        out.push_str(s);
        return s.len();
    }
    push_by_width(out, s, width)
}

/// [`push_cut`] of any text: each character's width.
fn push_by_width(out: &mut String, s: &str, width: usize) -> usize {
    let mut used = 0;
    let cut = s.width() > width;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width.saturating_sub(usize::from(cut)) {
            break;
        }
        out.push(c);
        used += w;
    }
    if cut {
        out.push('…');
        used += 1;
    }
    used
}

/// `n` spaces, a slice at a time (tens of thousands of rows: not a character at a time).
fn pad(out: &mut String, mut n: usize) {
    const SPACES: &str = "                                                                ";
    while n > 0 {
        let k = n.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        n -= k;
    }
}

/// The width of a table's REFERENCE column: the widest reference, 9 to 24 columns.
pub(crate) fn reference_width<'a>(references: impl Iterator<Item = &'a str>) -> usize {
    references
        .map(|r| r.width())
        .max()
        .unwrap_or(9)
        .clamp(9, 24)
}

pub(crate) fn num(v: Option<i64>) -> String {
    v.map(|n| n.to_string()).unwrap_or_else(|| "—".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_ascii_takes_the_columns_any_text_takes() {
        for s in [
            "",
            "a",
            "Schedule 4-ANPP and its salts",
            "exactly ten",
            "x".repeat(70).as_str(),
            "ten chars!\u{301}",
            "eleven char林伟",
            "tab\tin it",
        ] {
            for width in [0, 1, 5, 10, 11, 12, 60] {
                assert_eq!(
                    fit(s, width),
                    {
                        let mut out = String::new();
                        let used = push_by_width(&mut out, s, width);
                        pad(&mut out, width.saturating_sub(used));
                        out
                    },
                    "{s:?} {width}"
                );
            }
        }
        assert_eq!(fit("林伟 broker", 6), "林伟 …");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit("ab", 70).len(), 70);
        let mut last = String::new();
        assert_eq!(push_cut(&mut last, "林伟 broker", 60), 11);
        assert_eq!(last, "林伟 broker");
    }
}
