//! The search against a plain reading of its rule, and against the scan it replaced, on
//! generated text; the indexes against the items.

use super::*;
use crate::db::list::{self, ListQuery, SortKey};
use crate::db::Db;
use crate::model::{Details, Extradition, Kind, Priority};
use crate::op::{Author, Change};
use chrono::{DateTime, NaiveDate, Utc};

fn now() -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap()
}

fn author() -> Author {
    Author::new(now(), now().date_naive(), None)
}

fn today() -> NaiveDate {
    now().date_naive()
}

fn item(reference: &str, title: &str) -> ItemFields {
    ItemFields {
        reference: reference.into(),
        title: title.into(),
        title_zh: None,
        us_agency: None,
        counterpart: "MPS".into(),
        priority: Priority::Normal,
        owner: None,
        notes: None,
        tags: vec![],
        due_on: None,
        follow_up_on: None,
        details: Details::empty(Kind::Extradition),
    }
}

/// The item's text as the rule reads it: the fields as typed, a line each.
fn text_of(f: &ItemFields) -> String {
    let d = FlatDetails::from(&f.details);
    let tags = crate::model::normalized_tags(&f.tags).join(";");
    [
        f.reference.clone(),
        f.title.clone(),
        f.title_zh.clone().unwrap_or_default(),
        d.subject.unwrap_or_default(),
        d.subject_zh.unwrap_or_default(),
        d.substance.unwrap_or_default(),
        f.notes.clone().unwrap_or_default(),
        tags,
    ]
    .join("\n")
}

/// The rule, read plainly: every whitespace-separated word occurs in the text, ASCII
/// letters in either case.
fn rule_matches(text: &str, search: &str) -> bool {
    let text = text.to_ascii_lowercase();
    search
        .split_whitespace()
        .all(|w| text.contains(&w.to_ascii_lowercase()))
}

/// The search before schema 15, as SQL: per word `LIKE '%word%'` (a word with `%` or `_`:
/// `instr` of the lowered texts), every item's text read.
fn old_scan(db: &Db, search: &str) -> Vec<String> {
    let mut w = vec!["archived = 0".to_owned()];
    let mut p: Vec<String> = Vec::new();
    for term in search.split_whitespace() {
        if term.contains(['%', '_']) {
            w.push(
                "seq IN (SELECT seq FROM item_search_text WHERE instr(lower(body), lower(?)) > 0)"
                    .into(),
            );
            p.push(term.to_owned());
        } else {
            w.push("seq IN (SELECT seq FROM item_search_text WHERE body LIKE ?)".into());
            p.push(format!("%{term}%"));
        }
    }
    let sql = format!(
        "SELECT reference FROM item WHERE {} ORDER BY reference",
        w.join(" AND ")
    );
    let mut st = db.conn().prepare(&sql).unwrap();
    st.query_map(rusqlite::params_from_iter(p.iter()), |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn searched(db: &Db, search: &str, sort: SortKey) -> Vec<String> {
    let q = ListQuery {
        search: Some(search.into()),
        sort,
        descending: false,
        ..Default::default()
    };
    let mut refs: Vec<String> = list::list(db.conn(), &q, today())
        .unwrap()
        .into_iter()
        .map(|r| r.reference)
        .collect();
    assert_eq!(
        refs.len(),
        list::count(db.conn(), &q, today()).unwrap(),
        "{search:?}: the count is the rows listed"
    );
    refs.sort();
    refs
}

/// A small deterministic generator (xorshift), so that a failure can be run again.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

/// English, numbers, Chinese words of one to four characters, letters with case outside
/// ASCII (which the search compares as they are), punctuation, quotes, and FTS5's own
/// syntax, which must be searched for as text.
const WORDS: [&str; 52] = [
    "Surrender",
    "precursor",
    "PIPERIDONE",
    "fentanyl",
    "Request",
    "broker",
    "of",
    "v.",
    "U.S.",
    "Co.,",
    "Ltd.",
    "4242",
    "42",
    "1:24-cr-00001",
    "7",
    "林",
    "伟",
    "林伟",
    "公安",
    "公安部",
    "引渡",
    "案",
    "芬太尼",
    "前体",
    "列管",
    "哌啶酮",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(a",
    "\"quoted\"",
    "\"",
    "*",
    "a*b",
    "^start",
    "col:val",
    "(",
    ")",
    "50%",
    "x_y",
    "'",
    "\\",
    "École",
    "ÉCOLE",
    "école",
    "Müller",
    "MÜLLER",
    "ＡＢＣ",
    "ａｂｃ",
    "\u{212a}elvin",
    "🙂",
];

/// `least` to `most` words, joined by spaces (or, sometimes, by nothing).
fn words(rng: &mut Rng, least: usize, most: usize) -> String {
    let n = least + rng.below(most - least + 1);
    let mut out = String::new();
    for i in 0..n {
        if i > 0 && rng.below(4) != 0 {
            out.push(' ');
        }
        let w = rng.pick(&WORDS);
        // Mixed case: ASCII letters flipped at random.
        for c in w.chars() {
            out.push(if rng.below(3) == 0 {
                if c.is_ascii_lowercase() {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            } else {
                c
            });
        }
    }
    out
}

fn generated(rng: &mut Rng, n: usize) -> (Db, Vec<ItemFields>) {
    let mut db = Db::open_in_memory().unwrap();
    let a = author();
    let mut all = Vec::new();
    let mut ops = Vec::new();
    for i in 0..n {
        let mut f = item(&format!("R-{i:03}"), &words(rng, 1, 5));
        f.title_zh = (rng.below(2) == 0).then(|| words(rng, 1, 3).replace(' ', ""));
        f.notes =
            (rng.below(2) == 0).then(|| format!("{}\n{}", words(rng, 0, 5), words(rng, 0, 3)));
        f.tags = (0..rng.below(3))
            .map(|_| words(rng, 1, 1).replace(';', ""))
            .collect();
        f.details = Details::Extradition(Extradition {
            subject: (rng.below(2) == 0).then(|| words(rng, 2, 2)),
            subject_zh: (rng.below(3) == 0).then(|| words(rng, 1, 1)),
            ..Default::default()
        });
        ops.push(a.create_item(f.clone(), None));
        all.push(f);
    }
    db.apply_all(&ops).unwrap();
    (db, all)
}

/// A search someone might type: a piece of an item's text (its ASCII letters' case
/// changed), words of the list, or both.
fn a_search(rng: &mut Rng, texts: &[String]) -> String {
    let piece = |rng: &mut Rng| {
        let t: Vec<char> = texts[rng.below(texts.len())].chars().collect();
        let from = rng.below(t.len());
        let len = 1 + rng.below(6);
        let s: String = t[from..(from + len).min(t.len())].iter().collect();
        if rng.below(2) == 0 {
            s.to_ascii_uppercase()
        } else {
            s
        }
    };
    match rng.below(4) {
        0 => piece(rng),
        1 => words(rng, 1, 2),
        2 => format!("{} {}", piece(rng), piece(rng)),
        _ => format!("{} {}", piece(rng), words(rng, 1, 1)),
    }
}

#[test]
fn the_search_follows_its_rule_and_agrees_with_the_old_scan() {
    let mut rng = Rng(0x5eed_cafe_f00d_1234);
    let (db, items) = generated(&mut rng, 160);
    let texts: Vec<String> = items.iter().map(text_of).collect();
    let mut hits = 0;
    for round in 0..700 {
        let search = a_search(&mut rng, &texts);
        let mut want: Vec<String> = items
            .iter()
            .zip(&texts)
            .filter(|(_, t)| rule_matches(t, &search))
            .map(|(f, _)| f.reference.clone())
            .collect();
        want.sort();
        if search.split_whitespace().next().is_none() {
            continue;
        }
        hits += usize::from(!want.is_empty());
        // By days (walked when many are found: this build walks past 8) and by title
        // (read by row number).
        for sort in [SortKey::DaysWithCounterpart, SortKey::Title] {
            assert_eq!(
                searched(&db, &search, sort),
                want,
                "round {round}: {search:?} sorted by {sort:?}"
            );
        }
        assert_eq!(
            old_scan(&db, &search),
            want,
            "round {round}: {search:?}, the old scan"
        );
    }
    assert!(hits > 400, "most searches find something ({hits} did)");
    check(&db).expect("the indexes agree with the items");
}

#[test]
fn search_syntax_is_text_and_case_is_ascii_only() {
    let mut db = Db::open_in_memory().unwrap();
    let a = author();
    let texts = [
        (
            "A-1",
            "Request \"urgent\" (see NEAR(a b)) col:val ^start a*b 50% x_y",
        ),
        ("A-2", "request AND or NOT"),
        ("A-3", "École Müller ＡＢＣ"),
        ("A-4", "引渡林伟案 公安部"),
        ("A-5", "50 percent, xay"),
    ];
    for (r, t) in texts {
        db.apply(&a.create_item(item(r, t), None)).unwrap();
    }
    let found = |s: &str| searched(&db, s, SortKey::Reference);
    for (search, want) in [
        ("\"urgent\"", vec!["A-1"]),
        ("\"", vec!["A-1"]),
        ("NEAR(a", vec!["A-1"]),
        ("(see", vec!["A-1"]),
        ("col:val", vec!["A-1"]),
        ("^start", vec!["A-1"]),
        ("a*b", vec!["A-1"]),
        ("*", vec!["A-1"]),
        ("50%", vec!["A-1"]),
        ("x_y", vec!["A-1"]),
        ("AND", vec!["A-2"]),
        ("or not", vec!["A-2"]),
        ("request", vec!["A-1", "A-2"]),
        ("REQUEST and", vec!["A-2"]),
        // Case outside ASCII is compared as it is (as SQLite's LIKE did).
        ("école", vec![]),
        ("École", vec!["A-3"]),
        ("mÜller", vec![]),
        ("MüLLER", vec!["A-3"]),
        ("ａｂｃ", vec![]),
        ("ＡＢＣ", vec!["A-3"]),
        // One, two, three Chinese characters, inside a word.
        ("林", vec!["A-4"]),
        ("林伟", vec!["A-4"]),
        ("渡林伟", vec!["A-4"]),
        ("公安 林伟", vec!["A-4"]),
        ("公安 x", vec![]),
        // Short ASCII words are searched too.
        ("50", vec!["A-1", "A-5"]),
        ("5", vec!["A-1", "A-5"]),
        ("%", vec!["A-1"]),
        // No stored text holds a control character.
        ("a\u{0}b", vec![]),
        ("a\u{7}", vec![]),
    ] {
        assert_eq!(found(search), want, "{search:?}");
    }
    assert!(Terms::parse("  \t ").is_none(), "blank is no search");
}

/// SQLite's `lower()` (the view's) folds ASCII letters only, as the words typed are folded
/// (`to_ascii_lowercase`): were it built with ICU, the indexes would fold more than the
/// rule says, and this fails.
#[test]
fn sql_lower_folds_ascii_letters_only() {
    let db = Db::open_in_memory().unwrap();
    let s = "AbC ÉCOLE École ＡＢＣ \u{212a} Σ İ";
    let lowered: String = db
        .conn()
        .query_row("SELECT lower(?1)", [s], |r| r.get(0))
        .unwrap();
    assert_eq!(lowered, s.to_ascii_lowercase());
}

#[test]
fn the_indexes_agree_with_the_view() {
    let mut db = Db::open_in_memory().unwrap();
    let f = ItemFields {
        title_zh: Some("引渡林某某案".into()),
        notes: Some("line one\nline two".into()),
        tags: vec!["b".into(), "a".into(), "a".into()],
        ..item("EXT-1", "Surrender of Lin")
    };
    db.apply(&author().create_item(f.clone(), None)).unwrap();
    let stored: String = db
        .conn()
        .query_row("SELECT body FROM item_search_text", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, body(&f));
    assert_eq!(stored, text_of(&f).to_ascii_lowercase());
    check(&db).expect("the indexes agree");
}

#[test]
fn grams_are_every_one_and_two_characters_without_whitespace() {
    let g = grams("ab 林伟\nc");
    let tokens: Vec<&str> = g.split(' ').collect();
    let mut want: Vec<String> = ["a", "b", "ab", "林", "伟", "林伟", "c"]
        .iter()
        .map(|w| grams::token(w))
        .collect();
    want.sort_by_key(|t| grams::parse_token(t));
    assert_eq!(tokens, want);
    for t in &tokens {
        let k = grams::parse_token(t).expect("a token parses back");
        let (a, b) = grams::chars(k).unwrap();
        let mut s = a.to_string();
        s.extend(b);
        assert_eq!(grams::token(&s), *t);
    }
    assert_eq!(grams(""), "");
    assert_eq!(grams("   "), "");
}

#[test]
fn the_check_finds_an_index_out_of_step() {
    let mut db = Db::open_in_memory().unwrap();
    let a = author();
    for (r, t) in [("A-1", "piperidone broker"), ("A-2", "林伟 precursor")] {
        db.apply(&a.create_item(item(r, t), None)).unwrap();
    }
    assert_eq!(verify(db.conn()).unwrap(), []);
    // A-1's text changed behind the indexes' back (as a direct UPDATE would).
    db.writer()
        .unwrap()
        .execute(
            "UPDATE item SET title = 'quokka broker' WHERE reference = 'A-1'",
            [],
        )
        .unwrap();
    let found = verify(db.conn()).unwrap();
    for index in ["item_fts", "item_grams"] {
        assert!(found.iter().any(|m| m.index == index), "{index}: {found:?}");
    }
    assert!(
        found
            .iter()
            .any(|m| m.term == "don" && m.indexed == (1, 1) && m.expected == (0, 0)),
        "the old text's trigrams are indexed and no longer there: {found:?}"
    );
    // A gram index that lost an item.
    let mut db = Db::open_in_memory().unwrap();
    db.apply(&a.create_item(item("B-1", "林伟"), None)).unwrap();
    let g: String = grams(&body(&item("B-1", "林伟")));
    db.writer()
        .unwrap()
        .execute(
            "INSERT INTO item_grams (item_grams, rowid, grams) VALUES ('delete', 1, ?1)",
            [g],
        )
        .unwrap();
    let found = verify(db.conn()).unwrap();
    assert!(
        found
            .iter()
            .any(|m| m.index == "item_grams" && m.term == "林伟"),
        "{found:?}"
    );
    assert!(crate::db::check::check(db.conn()).unwrap().search.len() > 1);
}

/// Erasing and archiving keep the indexes in step (erase removes the text; an archived
/// item keeps it and is left out by the list).
#[test]
fn edits_archives_and_erases_keep_the_indexes_in_step() {
    let mut db = Db::open_in_memory().unwrap();
    let a = author();
    let id = db
        .apply(&a.create_item(item("E-1", "Surrender of 林伟"), None))
        .unwrap()
        .into_item()
        .unwrap()
        .id;
    db.apply(&a.create_item(item("E-2", "precursor 林"), None))
        .unwrap();
    db.apply(&a.op(Change::EditFields {
        item: id,
        base_version: None,
        fields: item("E-1", "Surrender of 王军"),
    }))
    .unwrap();
    check(&db).unwrap();
    assert_eq!(searched(&db, "林", SortKey::Reference), ["E-2"]);
    assert_eq!(searched(&db, "王军 surrender", SortKey::Reference), ["E-1"]);
    db.apply(&a.op(Change::Archive { item: id })).unwrap();
    check(&db).unwrap();
    assert!(searched(&db, "王军", SortKey::Reference).is_empty());
    db.apply(&a.op(Change::Unarchive { item: id })).unwrap();
    assert_eq!(searched(&db, "王军", SortKey::Reference), ["E-1"]);
    db.apply(&a.op(Change::Erase { item: id })).unwrap();
    check(&db).unwrap();
    assert!(searched(&db, "王军", SortKey::Reference).is_empty());
    assert_eq!(searched(&db, "林", SortKey::Reference), ["E-2"]);
}
