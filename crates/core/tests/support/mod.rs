//! What the core's test files share: items made in one line, and the modes of a tree.

#![allow(dead_code)] // each test file uses its own part

#[cfg(unix)]
pub mod tree;

use chrono::{DateTime, Utc};
use counterpart_core::db::Db;

/// A small seeded generator (SplitMix64): the same seed, the same data.
pub struct TestRng(pub u64);

impl TestRng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn random_range(&mut self, r: std::ops::Range<usize>) -> usize {
        r.start + (self.next() % (r.end - r.start) as u64) as usize
    }

    pub fn random_bool(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 > 1.0 - p
    }
}

/// A copy of the schema-`n` fixture in a temporary folder (kept while the folder lives).
pub fn fixture_copy(n: u32) -> (tempfile::TempDir, std::path::PathBuf) {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/fixtures/schema-{n}.sqlite3"));
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("c.sqlite3");
    std::fs::copy(&fixture, &path).unwrap();
    (tmp, path)
}

/// The fields of a plain item of `kind`: `reference`, its title `Request <reference>`,
/// counterpart MPS, nothing else.
pub fn fields(
    kind: counterpart_core::model::Kind,
    reference: &str,
) -> counterpart_core::model::ItemFields {
    counterpart_core::model::ItemFields {
        reference: reference.into(),
        title: format!("Request {reference}"),
        title_zh: None,
        us_agency: None,
        counterpart: "MPS".into(),
        priority: counterpart_core::model::Priority::Normal,
        owner: None,
        notes: None,
        tags: vec![],
        due_on: None,
        follow_up_on: None,
        details: counterpart_core::model::Details::empty(kind),
    }
}

/// Adds an extradition `reference`, due on 2026-12-15, as the import of a one-row CSV.
pub fn add(db: &mut Db, reference: &str, now: DateTime<Utc>) {
    add_titled(db, reference, &format!("Request {reference}"), now);
}

/// [`add`] with its title.
pub fn add_titled(db: &mut Db, reference: &str, title: &str, now: DateTime<Utc>) {
    let title = title.replace('"', "\"\"");
    let csv = format!(
        "kind,reference,title,counterpart,transmitted_on,due_on\n\
         extradition,{reference},\"{title}\",MPS,2026-11-01,2026-12-15\n"
    );
    let author = counterpart_core::op::Author::new(now, now.date_naive(), None);
    counterpart_core::import::import_csv(db, csv.as_bytes(), &author, false).unwrap();
}
