//! The form path: the same parser as CSV rows, edits with optimistic concurrency.

use super::*;
use crate::db::list::{self, ListQuery};
use crate::db::Db;
use chrono::{DateTime, TimeZone, Utc};

fn author(user: Option<&str>) -> Author {
    Author::new(now(), now().date_naive(), user.map(str::to_owned))
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 11, 18, 12, 0, 0).unwrap()
}

fn input(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn base() -> Vec<(&'static str, &'static str)> {
    vec![
        ("kind", "scheduling"),
        ("reference", "SCH-1"),
        ("title", "Schedule 4-ANPP"),
        ("title_zh", ""),
        ("counterpart", "NNCC"),
        ("transmitted_on", "2024-01-01"),
        ("due_on", ""),
        ("cas_number", "1609-66-1"),
        ("substance", "4-ANPP"),
    ]
}

#[test]
fn a_form_creates_an_item_and_names_bad_fields() {
    let mut db = Db::open_in_memory().unwrap();
    let item = create_item(&mut db, &input(&base()), &author(Some("staffer"))).unwrap();
    assert_eq!(item.status, Status::Transmitted);
    assert_eq!(item.fields.title_zh, None, "an empty value is no value");

    let mut bad = base();
    bad.retain(|(k, _)| *k != "reference" && *k != "due_on");
    bad.extend([
        ("reference", "SCH-2"),
        ("due_on", "2023-12-31"),
        ("colour", "red"),
        ("charges", "x"),
    ]);
    let Err(Error::Invalid(errors)) = create_item(&mut db, &input(&bad), &author(None)) else {
        panic!("refused")
    };
    assert_eq!(
        errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
        ["colour"],
        "unknown names first"
    );
    bad.retain(|(k, _)| *k != "colour");
    let Err(Error::Invalid(errors)) = create_item(&mut db, &input(&bad), &author(None)) else {
        panic!("refused")
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert!(
        fields.contains(&"charges"),
        "a fact of another kind: {errors:?}"
    );
    assert_eq!(
        list::count(db.conn(), &ListQuery::default(), now().date_naive()).unwrap(),
        1
    );
}

#[test]
fn edits_check_the_version_and_keep_the_search_index() {
    let mut db = Db::open_in_memory().unwrap();
    let item = create_item(&mut db, &input(&base()), &author(None)).unwrap();
    let mut edit = base();
    edit.retain(|(k, _)| *k != "title" && *k != "transmitted_on");
    edit.push(("title", "Schedule 4-ANPP and its salts 及其盐类"));
    let edited = update_item(&mut db, item.id, item.version, &input(&edit), &author(None)).unwrap();
    assert_eq!(edited.version, item.version + 1);
    assert_eq!(
        edited.fields.title,
        "Schedule 4-ANPP and its salts 及其盐类"
    );

    let stale =
        update_item(&mut db, item.id, item.version, &input(&edit), &author(None)).unwrap_err();
    assert!(
        matches!(stale, Error::Conflict { .. }),
        "an edit from an old read is refused: {stale}"
    );

    let search = |q: &str| {
        list::count(
            db.conn(),
            &ListQuery {
                search: Some(q.into()),
                ..Default::default()
            },
            now().date_naive(),
        )
        .unwrap()
    };
    assert_eq!(search("盐类"), 1, "the new title is searchable");
    assert_eq!(search("salts"), 1);
    crate::db::search::check(&db).expect("the index agrees with the items");

    let mut status = edit.clone();
    status.push(("status", "fulfilled"));
    let Err(Error::Invalid(errors)) = update_item(
        &mut db,
        item.id,
        edited.version,
        &input(&status),
        &author(None),
    ) else {
        panic!("refused")
    };
    assert_eq!(errors[0].field, "status");
    let mut kind = edit.clone();
    kind.retain(|(k, _)| *k != "kind");
    kind.push(("kind", "extradition"));
    let Err(Error::Invalid(errors)) = update_item(
        &mut db,
        item.id,
        edited.version,
        &input(&kind),
        &author(None),
    ) else {
        panic!("refused")
    };
    assert_eq!(errors[0].field, "kind");
}
