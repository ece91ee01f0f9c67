//! The responsiveness stats as a table for people and as CSV (the JSON keys as header).

use super::fit;
use counterpart_core::stats::GroupStats;
use std::io::{self, Write};

/// The table's headings, in the order of [`GroupStats::cells`], with their widths.
const HEADINGS: [(&str, usize); 13] = [
    ("GROUP", 12),
    ("ITEMS", 6),
    ("OPEN", 6),
    ("CLOSED", 7),
    ("FULFILLED", 10),
    ("ANSWERED", 9),
    ("NO RESPONSE", 12),
    ("MEDIAN DAYS OPEN", 17),
    ("MEDIAN DAYS TO 1ST", 19),
    ("RAISED", 7),
    ("ITEMS RAISED", 12),
    ("% ANSWERED", 10),
    ("% NO RESPONSE", 13),
];

pub fn stats_table(out: &mut impl Write, groups: &[GroupStats]) -> io::Result<()> {
    let line = |cells: Vec<String>| -> String {
        cells
            .iter()
            .zip(HEADINGS)
            .map(|(c, (_, w))| fit(c, w))
            .collect::<Vec<_>>()
            .join(" ")
            .trim_end()
            .to_owned()
    };
    writeln!(out, "{}", line(HEADINGS.map(|h| h.0.to_owned()).to_vec()))?;
    if groups.is_empty() {
        writeln!(out, "(no transmitted items)")?;
    }
    for g in groups {
        let mut cells = g.cells().to_vec();
        for c in &mut cells[7..9] {
            if c.is_empty() {
                *c = "—".into();
            }
        }
        writeln!(out, "{}", line(cells))?;
    }
    Ok(())
}

pub fn stats_csv(out: &mut impl Write, groups: &[GroupStats]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(GroupStats::COLUMNS)?;
    for g in groups {
        w.write_record(g.cells())?;
    }
    w.flush()
}
