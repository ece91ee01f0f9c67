//! The demo database's content, pinned: for two fixed days, every item (its reference,
//! kind, fields, status and dates), its events (type, date, side, status, due date, note,
//! whether retracted, what a retraction retracts) and its links, written out without the
//! random ids and compared with `fixtures/demo-<today>.txt`.
//!
//! After an intended change to the demo, write the files anew with
//! `UPDATE_FIXTURES=1 cargo test -p counterpart-core --test demo` and read the diff.

use chrono::NaiveDate;
use counterpart_core::db::{items, Db};
use counterpart_core::demo;
use serde_json::Value;
use std::fmt::Write;
use std::path::PathBuf;

/// A JSON object's fields, sorted by key, without `skip`.
fn sorted<'v>(v: &'v Value, skip: &[&str]) -> Vec<(&'v String, &'v Value)> {
    let Value::Object(map) = v else {
        panic!("not an object: {v}")
    };
    let mut fields: Vec<_> = map
        .iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .collect();
    fields.sort_by_key(|(k, _)| *k);
    fields
}

/// The demo as of `today` (recorded at noon that day), ids replaced by references and
/// event positions.
fn capture(today: NaiveDate) -> String {
    let now = today.and_hms_opt(12, 0, 0).unwrap().and_utc();
    let mut db = Db::open_in_memory().unwrap();
    demo::populate(&mut db, today, now).unwrap();
    let mut out = format!("# The demo as of {today}, recorded at {now}\n");
    for (item, events) in items::all_with_events(db.conn()).unwrap() {
        writeln!(out, "\n## {}", item.fields.reference).unwrap();
        for (k, v) in sorted(&serde_json::to_value(&item).unwrap(), &["id"]) {
            writeln!(out, "{k}: {v}").unwrap();
        }
        let position = |id| events.iter().position(|e| e.id == id).map(|i| i + 1);
        writeln!(out, "events:").unwrap();
        for (i, e) in events.iter().enumerate() {
            let mut v = serde_json::to_value(e).unwrap();
            v["retracts"] = e.retracts.and_then(position).into();
            v["retracted"] = events.iter().any(|r| r.retracts == Some(e.id)).into();
            write!(out, "  {}.", i + 1).unwrap();
            // One line an event; a field left out is null.
            for (k, v) in sorted(&v, &["id", "item_id"]) {
                if !v.is_null() {
                    write!(out, " {k}={v}").unwrap();
                }
            }
            writeln!(out).unwrap();
        }
        writeln!(out, "links:").unwrap();
        for l in items::links(db.conn(), item.id).unwrap() {
            writeln!(out, "  {} ({})", l.reference, l.relation).unwrap();
        }
    }
    out
}

fn check(today: &str) {
    let got = capture(today.parse().unwrap());
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("demo-{today}.txt"));
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap();
    if let Some((n, (g, w))) = got
        .lines()
        .zip(want.lines())
        .enumerate()
        .find(|(_, (g, w))| g != w)
    {
        panic!(
            "{} line {}: the demo gives\n  {g}\nbut the fixture has\n  {w}",
            path.display(),
            n + 1
        );
    }
    assert_eq!(
        got.lines().count(),
        want.lines().count(),
        "{}: line count",
        path.display()
    );
}

#[test]
fn the_demo_as_of_2024_11_18_is_as_pinned() {
    check("2024-11-18");
}

#[test]
fn the_demo_as_of_2026_11_29_is_as_pinned() {
    check("2026-11-29");
}
