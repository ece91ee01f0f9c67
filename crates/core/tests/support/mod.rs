//! What the core's test files share: items made in one line, and the modes of a tree.

#![allow(dead_code)] // each test file uses its own part

#[cfg(unix)]
pub mod tree;

use chrono::{DateTime, Utc};
use counterpart_core::db::Db;

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
