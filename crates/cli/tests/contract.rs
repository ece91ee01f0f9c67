//! Black-box tests of the `counterpart` command line against CONTRACT.md
//! ("Command line: counterpart", "CSV columns") and PRODUCT.md ("Status and the
//! clock", "What bad input gets").
//!
//! Every test uses its own temporary database and pins "today"; nothing sleeps.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

/// The date every command runs at unless a test says otherwise.
const TODAY: &str = "2025-01-01";

/// The CSV columns of CONTRACT.md, in the documented order.
const CSV_COLUMNS: [&str; 25] = [
    "kind",
    "reference",
    "title",
    "title_zh",
    "us_agency",
    "counterpart",
    "status",
    "status_on",
    "transmitted_on",
    "due_on",
    "follow_up_on",
    "priority",
    "owner",
    "notes",
    "tags",
    "subject",
    "subject_zh",
    "charges",
    "district",
    "case_number",
    "substance",
    "cas_number",
    "substance_class",
    "forum",
    "owner_side",
];

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

/// The binary with the environment variables that would change its behaviour removed.
fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_counterpart"));
    c.env_remove("COUNTERPART_DB")
        .env_remove("COUNTERPART_TODAY");
    c
}

/// `counterpart --db <db> <args...>` with a clean environment.
fn run(db: &Path, args: &[&str]) -> Output {
    bin()
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("the counterpart binary should start")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn describe(o: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        o.status.code(),
        truncate(&stdout(o)),
        truncate(&stderr(o))
    )
}

fn truncate(s: &str) -> String {
    if s.chars().count() > 3000 {
        let t: String = s.chars().take(3000).collect();
        format!("{t}…[truncated]")
    } else {
        s.to_string()
    }
}

/// Asserts the exit code, that nothing panicked, and (for failures) that stderr
/// has an `error:` line.
fn expect_code(o: &Output, code: i32, why: &str) {
    assert_eq!(o.status.code(), Some(code), "{why}\n{}", describe(o));
    assert!(
        !stderr(o).contains("panicked"),
        "{why}: the program must never panic\n{}",
        describe(o)
    );
    if code != 0 {
        assert!(
            stderr(o).lines().any(|l| l.starts_with("error:")),
            "{why}: errors go to stderr as lines beginning `error:`\n{}",
            describe(o)
        );
    }
}

/// Asserts a failing exit (one of `codes`) and an `error:` line mentioning `needle`
/// (case-insensitive).
fn expect_error(o: &Output, codes: &[i32], needle: &str, why: &str) {
    let code = o.status.code();
    assert!(
        code.is_some_and(|c| codes.contains(&c)),
        "{why}: expected exit code in {codes:?}\n{}",
        describe(o)
    );
    assert!(
        !stderr(o).contains("panicked"),
        "{why}: the program must never panic\n{}",
        describe(o)
    );
    let needle_l = needle.to_lowercase();
    assert!(
        stderr(o)
            .lines()
            .any(|l| l.starts_with("error:") && l.to_lowercase().contains(&needle_l)),
        "{why}: expected an `error:` line on stderr naming `{needle}`\n{}",
        describe(o)
    );
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// One temporary database, initialised, with "today" pinned to `TODAY`.
struct Db {
    dir: TempDir,
    path: PathBuf,
}

impl Db {
    fn new() -> Db {
        let db = Db::uninit();
        let o = db.run(&["init"]);
        expect_code(&o, 0, "`counterpart init` on a fresh path must succeed");
        db
    }

    /// A temporary path where no database has been created yet.
    fn uninit() -> Db {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("t.sqlite3");
        Db { dir, path }
    }

    /// `counterpart --db <db> --today TODAY <args>`
    fn run(&self, args: &[&str]) -> Output {
        self.at(TODAY, args)
    }

    /// `counterpart --db <db> --today <today> <args>`
    fn at(&self, today: &str, args: &[&str]) -> Output {
        let mut a = vec!["--today", today];
        a.extend_from_slice(args);
        run(&self.path, &a)
    }

    /// Runs at `today`, asserts exit 0, returns stdout.
    fn ok_at(&self, today: &str, args: &[&str]) -> String {
        let o = self.at(today, args);
        expect_code(
            &o,
            0,
            &format!("`counterpart {}` should succeed", args.join(" ")),
        );
        stdout(&o)
    }

    fn ok(&self, args: &[&str]) -> String {
        self.ok_at(TODAY, args)
    }

    /// `add <args>`; asserts success and that stdout is exactly one UUID.
    fn add(&self, args: &[&str]) -> String {
        let mut a = vec!["add"];
        a.extend_from_slice(args);
        let out = self.ok(&a);
        let id = out.trim().to_string();
        assert!(
            is_uuid(&id),
            "`add` must print the new item's UUID and nothing else, got {out:?}"
        );
        id
    }

    /// Adds an extradition request to MPS with the given reference plus `extra`.
    fn add_ext(&self, reference: &str, extra: &[&str]) -> String {
        let mut a = vec![
            "--kind",
            "extradition",
            "--title",
            "Extradition of Lin X",
            "--reference",
            reference,
            "--counterpart",
            "MPS",
            "--subject",
            "Lin X",
        ];
        a.extend_from_slice(extra);
        self.add(&a)
    }

    /// `event <reference> <args>`; asserts success and a UUID on stdout.
    fn event(&self, reference: &str, args: &[&str]) -> String {
        let mut a = vec!["event", reference];
        a.extend_from_slice(args);
        let out = self.ok(&a);
        let id = out.trim().to_string();
        assert!(
            is_uuid(&id),
            "`event` must print the new event's UUID, got {out:?}"
        );
        id
    }

    fn list_at(&self, today: &str, extra: &[&str]) -> Vec<Value> {
        let mut a = vec!["list", "--format", "json"];
        a.extend_from_slice(extra);
        let out = self.ok_at(today, &a);
        match serde_json::from_str::<Value>(&out) {
            Ok(Value::Array(v)) => v,
            other => {
                panic!("`list --format json` must print one JSON array, got {other:?} from {out:?}")
            }
        }
    }

    fn list(&self) -> Vec<Value> {
        self.list_at(TODAY, &[])
    }

    fn show_at(&self, today: &str, reference: &str) -> Value {
        let out = self.ok_at(today, &["show", reference, "--format", "json"]);
        let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| {
            panic!("`show --format json` must print one JSON object ({e}), got {out:?}")
        });
        assert!(
            v.is_object(),
            "`show --format json` must print an object, got {v}"
        );
        v
    }

    fn show(&self, reference: &str) -> Value {
        self.show_at(TODAY, reference)
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, content: &str) -> PathBuf {
        let p = self.file(name);
        std::fs::write(&p, content).expect("write test file");
        p
    }
}

fn refs(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| {
            i["reference"]
                .as_str()
                .unwrap_or("<no reference>")
                .to_string()
        })
        .collect()
}

fn events(show: &Value) -> Vec<Value> {
    show["events"]
        .as_array()
        .unwrap_or_else(|| panic!("`show --format json` must have an `events` array: {show}"))
        .clone()
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 temp path")
}

/// A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF).
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else {
            match c {
                '"' => quoted = true,
                ',' => row.push(std::mem::take(&mut field)),
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                _ => field.push(c),
            }
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// The cell in `column` of the row whose `reference` cell is `reference`.
fn csv_cell(rows: &[Vec<String>], reference: &str, column: &str) -> String {
    let header = &rows[0];
    let ci = header
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("CSV header has no `{column}` column: {header:?}"));
    let ri = header
        .iter()
        .position(|h| h == "reference")
        .expect("reference column");
    let row = rows[1..]
        .iter()
        .find(|r| r.get(ri).map(String::as_str) == Some(reference))
        .unwrap_or_else(|| panic!("no CSV row with reference {reference}: {rows:?}"));
    row[ci].clone()
}

// ---------------------------------------------------------------------------
// init, add
// ---------------------------------------------------------------------------

#[test]
fn init_creates_the_database_and_is_repeatable() {
    let db = Db::uninit();
    expect_code(&db.run(&["init"]), 0, "first `init` creates the database");
    assert!(
        db.path.exists(),
        "`init` must create the file given by --db"
    );
    db.add_ext("EXT-1", &[]);
    expect_code(&db.run(&["init"]), 0, "`init` is safe to repeat");
    assert_eq!(
        refs(&db.list()),
        vec!["EXT-1"],
        "a repeated `init` must keep the data already saved"
    );
}

#[test]
fn add_prints_only_a_uuid_and_a_draft_has_no_clock() {
    let db = Db::new();
    let id = db.add_ext("EXT-1", &[]);
    let items = db.list();
    assert_eq!(items.len(), 1, "one item added, one listed");
    let it = &items[0];
    assert_eq!(it["id"], id.as_str(), "list shows the id that add printed");
    assert_eq!(it["kind"], "extradition");
    assert_eq!(it["reference"], "EXT-1");
    assert_eq!(it["title"], "Extradition of Lin X");
    assert_eq!(it["counterpart"], "MPS", "counterpart is the agency code");
    assert_eq!(
        it["status"], "draft",
        "without --transmitted-on the item is a draft"
    );
    assert_eq!(it["transmitted_on"], Value::Null);
    assert_eq!(it["due_on"], Value::Null);
    assert_eq!(it["follow_up_on"], Value::Null);
    assert_eq!(
        it["days_with_counterpart"],
        Value::Null,
        "a draft has no days with counterpart"
    );
    assert_eq!(
        it["overdue"], false,
        "overdue is a boolean, false for a draft without due date"
    );
    for key in ["days_in_status", "days_since_prc_response"] {
        assert!(
            it.get(key).is_some(),
            "list element must have `{key}`: {it}"
        );
    }
}

#[test]
fn add_with_transmitted_on_is_transmitted_with_all_dates() {
    let db = Db::new();
    db.add_ext(
        "EXT-1",
        &[
            "--transmitted-on",
            "2024-01-01",
            "--due-on",
            "2024-04-01",
            "--follow-up-on",
            "2024-02-15",
            "--priority",
            "high",
            "--owner",
            "J. Doe",
            "--notes",
            "first note",
            "--tag",
            "fentanyl",
            "--tag",
            "priority-list",
            "--title-zh",
            "引渡林某",
            "--charges",
            "21 U.S.C. 846",
            "--district",
            "S.D.N.Y.",
            "--subject-zh",
            "林某",
        ],
    );
    let it = &db.list_at("2024-03-01", &[])[0];
    assert_eq!(
        it["status"], "transmitted",
        "--transmitted-on makes the item transmitted"
    );
    assert_eq!(it["transmitted_on"], "2024-01-01");
    assert_eq!(it["due_on"], "2024-04-01");
    assert_eq!(it["follow_up_on"], "2024-02-15");
    assert_eq!(
        it["overdue"], false,
        "due 2024-04-01 is not overdue on 2024-03-01"
    );
}

#[test]
fn add_every_kind_with_its_fields() {
    let db = Db::new();
    db.add(&[
        "--kind",
        "indictment",
        "--title",
        "U.S. v. Hubei X Co.",
        "--reference",
        "IND-1",
        "--counterpart",
        "SPP",
        "--case-number",
        "1:23-cr-00123",
        "--district",
        "D.D.C.",
        "--charges",
        "conspiracy",
    ]);
    db.add(&[
        "--kind",
        "scheduling",
        "--title",
        "Control xylazine",
        "--reference",
        "SCH-1",
        "--counterpart",
        "NNCC",
        "--substance",
        "xylazine",
        "--cas-number",
        "7361-61-7",
        "--substance-class",
        "adulterant",
    ]);
    db.add(&[
        "--kind",
        "scheduling",
        "--title",
        "Control 4-ANPP",
        "--reference",
        "SCH-2",
        "--counterpart",
        "NMPA",
        "--substance",
        "4-ANPP",
        "--cas-number",
        "1609-66-1",
        "--substance-class",
        "precursor",
    ]);
    db.add(&[
        "--kind",
        "scheduling",
        "--title",
        "Control NPP",
        "--reference",
        "SCH-3",
        "--counterpart",
        "GACC",
        "--substance",
        "NPP",
        "--cas-number",
        "39742-60-4",
        "--substance-class",
        "precursor",
    ]);
    db.add(&[
        "--kind",
        "commitment",
        "--title",
        "Share lab seizure data",
        "--reference",
        "COM-1",
        "--counterpart",
        "MFA",
        "--forum",
        "Counternarcotics Working Group, round 2",
        "--owner-side",
        "joint",
    ]);
    let items = db.list();
    assert_eq!(
        items.len(),
        5,
        "all five items of four kinds are stored: {items:?}"
    );
    let sched = db.list_at(TODAY, &["--kind", "scheduling"]);
    let mut r = refs(&sched);
    r.sort();
    assert_eq!(r, vec!["SCH-1", "SCH-2", "SCH-3"], "--kind filters by kind");
    assert!(sched.iter().all(|i| i["kind"] == "scheduling"));
}

#[test]
fn add_accepts_counterpart_by_english_name() {
    let db = Db::new();
    db.add(&[
        "--kind",
        "extradition",
        "--title",
        "T",
        "--reference",
        "EXT-9",
        "--subject",
        "S",
        "--counterpart",
        "Ministry of Public Security",
    ]);
    assert_eq!(
        db.list()[0]["counterpart"],
        "MPS",
        "the agency given by its English name is stored and shown as its code"
    );
}

#[test]
fn add_unknown_counterpart_is_invalid_data() {
    let db = Db::new();
    let o = db.run(&[
        "add",
        "--kind",
        "extradition",
        "--title",
        "T",
        "--reference",
        "EXT-1",
        "--subject",
        "S",
        "--counterpart",
        "Ministry of Nothing",
    ]);
    expect_error(
        &o,
        &[3],
        "counterpart",
        "an unknown agency is invalid data naming `counterpart`",
    );
    assert!(db.list().is_empty(), "nothing is written on invalid data");
}

#[test]
fn usage_errors_exit_2() {
    let db = Db::new();
    let o = db.run(&[
        "add",
        "--kind",
        "smuggling",
        "--title",
        "T",
        "--reference",
        "R",
        "--counterpart",
        "MPS",
    ]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unknown --kind value is a command-line error\n{}",
        describe(&o)
    );
    let o = db.run(&["list", "--no-such-flag"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unknown flag is a command-line error\n{}",
        describe(&o)
    );
    let o = db.run(&["frobnicate"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unknown subcommand is a command-line error\n{}",
        describe(&o)
    );
    let o = db.run(&[
        "add",
        "--kind",
        "extradition",
        "--title",
        "T",
        "--reference",
        "R",
        "--counterpart",
        "MPS",
        "--priority",
        "extreme",
    ]);
    assert!(
        matches!(o.status.code(), Some(2) | Some(3)),
        "an unknown --priority value is refused\n{}",
        describe(&o)
    );
    assert!(db.list().is_empty(), "no usage error writes anything");
}

#[test]
fn add_due_before_transmitted_is_rejected() {
    let db = Db::new();
    let o = db.run(&[
        "add",
        "--kind",
        "extradition",
        "--title",
        "T",
        "--reference",
        "EXT-1",
        "--subject",
        "S",
        "--counterpart",
        "MPS",
        "--transmitted-on",
        "2024-03-01",
        "--due-on",
        "2024-02-01",
    ]);
    expect_error(
        &o,
        &[3],
        "due_on",
        "a due date before the transmitted date is invalid data naming `due_on`",
    );
    assert!(db.list().is_empty(), "nothing written");
}

#[test]
fn add_impossible_date_is_rejected() {
    let db = Db::new();
    let o = db.run(&[
        "add",
        "--kind",
        "extradition",
        "--title",
        "T",
        "--reference",
        "EXT-1",
        "--subject",
        "S",
        "--counterpart",
        "MPS",
        "--due-on",
        "2024-02-30",
    ]);
    let code = o.status.code();
    assert!(
        matches!(code, Some(2) | Some(3)),
        "2024-02-30 is not a date: exit 2 or 3\n{}",
        describe(&o)
    );
    let e = stderr(&o).to_lowercase();
    assert!(
        e.contains("due_on") || e.contains("due-on"),
        "the error must name the due date field\n{}",
        describe(&o)
    );
    assert!(db.list().is_empty(), "nothing written");
}

#[test]
fn add_cas_number_check_digit() {
    let db = Db::new();
    let o = db.run(&[
        "add",
        "--kind",
        "scheduling",
        "--title",
        "Control 4-ANPP",
        "--reference",
        "SCH-1",
        "--counterpart",
        "NNCC",
        "--substance",
        "4-ANPP",
        "--cas-number",
        "1609-66-2",
    ]);
    expect_error(
        &o,
        &[3],
        "cas_number",
        "a CAS number with a wrong check digit is invalid data naming `cas_number`",
    );
    assert!(db.list().is_empty(), "nothing written");
    db.add(&[
        "--kind",
        "scheduling",
        "--title",
        "Control 4-ANPP",
        "--reference",
        "SCH-1",
        "--counterpart",
        "NNCC",
        "--substance",
        "4-ANPP",
        "--cas-number",
        "1609-66-1",
    ]);
}

#[test]
fn add_title_limits_count_characters() {
    let db = Db::new();
    let long = "x".repeat(501);
    let o = db.run(&[
        "add",
        "--kind",
        "extradition",
        "--title",
        &long,
        "--reference",
        "EXT-1",
        "--subject",
        "S",
        "--counterpart",
        "MPS",
    ]);
    expect_error(
        &o,
        &[3],
        "title",
        "a title over 500 characters is invalid data naming `title`",
    );
    let o = db.run(&[
        "add",
        "--kind",
        "extradition",
        "--title",
        "",
        "--reference",
        "EXT-1",
        "--subject",
        "S",
        "--counterpart",
        "MPS",
    ]);
    expect_error(
        &o,
        &[3],
        "title",
        "an empty title is invalid data naming `title`",
    );
    assert!(db.list().is_empty(), "nothing written");
    // 500 Chinese characters are 1500 bytes but still 500 characters.
    let zh = "林".repeat(500);
    db.add(&[
        "--kind",
        "extradition",
        "--title",
        &zh,
        "--reference",
        "EXT-2",
        "--subject",
        "S",
        "--counterpart",
        "MPS",
    ]);
    assert_eq!(
        db.list()[0]["title"],
        zh.as_str(),
        "a 500-character title is accepted as is"
    );
}

#[test]
fn add_duplicate_reference_is_rejected() {
    let db = Db::new();
    db.add_ext("EXT-1", &[]);
    let o = db.run(&[
        "add",
        "--kind",
        "extradition",
        "--title",
        "Other",
        "--reference",
        "EXT-1",
        "--subject",
        "S",
        "--counterpart",
        "MPS",
    ]);
    expect_error(
        &o,
        &[3],
        "reference",
        "a reference already used is invalid data naming `reference`",
    );
    assert_eq!(db.list().len(), 1, "the duplicate was not written");
}

#[test]
fn html_and_chinese_round_trip_exactly() {
    let db = Db::new();
    let title = "<b>x</b> & <script>alert('1')</script> \"引渡\" — Lin Mou";
    let title_zh = "引渡林某某案 <i>斜体</i>";
    let notes = "line one\nline two, with comma; and \"quotes\"";
    db.add(&[
        "--kind",
        "extradition",
        "--title",
        title,
        "--title-zh",
        title_zh,
        "--reference",
        "EXT-<1>",
        "--subject",
        "林某某",
        "--counterpart",
        "MPS",
        "--notes",
        notes,
    ]);
    let s = db.show("EXT-<1>");
    assert_eq!(
        s["title"], title,
        "title must round-trip byte for byte (no escaping)"
    );
    assert_eq!(s["reference"], "EXT-<1>");
    if let Some(zh) = s.get("title_zh") {
        assert_eq!(zh, title_zh, "title_zh must round-trip byte for byte");
    }
    if let Some(n) = s.get("notes") {
        assert_eq!(n, notes, "notes must round-trip byte for byte");
    }
}

// ---------------------------------------------------------------------------
// show
// ---------------------------------------------------------------------------

#[test]
fn show_json_has_list_fields_events_and_explanation() {
    let db = Db::new();
    let id = db.add_ext("EXT-1", &["--transmitted-on", "2024-01-01"]);
    let by_ref = db.show_at("2024-02-01", "EXT-1");
    let by_id = db.show_at("2024-02-01", &id);
    assert_eq!(
        by_ref, by_id,
        "show by reference and by id must give the same item"
    );
    let listed = &db.list_at("2024-02-01", &[])[0];
    for (k, v) in listed.as_object().expect("object") {
        assert_eq!(
            by_ref.get(k),
            Some(v),
            "show json must have list field `{k}` with the same value"
        );
    }
    assert_eq!(by_ref["days_with_counterpart"], 31);
    let ev = events(&by_ref);
    assert!(
        ev.iter()
            .any(|e| e["type"] == "transmitted" && e["on"] == "2024-01-01"),
        "adding with --transmitted-on records a transmitted event: {ev:?}"
    );
    for e in &ev {
        for key in ["id", "type", "on", "side", "status", "note", "retracted"] {
            assert!(e.get(key).is_some(), "every event has `{key}`: {e}");
        }
        assert!(e["retracted"].is_boolean(), "`retracted` is a boolean: {e}");
        assert!(
            is_uuid(e["id"].as_str().unwrap_or("")),
            "event id is a UUID: {e}"
        );
    }
    let expl = by_ref["explanation"]
        .as_str()
        .expect("`explanation` is a string");
    assert!(
        expl.contains("2024-01-01"),
        "explanation names the transmission date: {expl}"
    );
}

#[test]
fn show_text_names_the_item() {
    let db = Db::new();
    db.add_ext("EXT-1", &["--transmitted-on", "2024-01-01"]);
    let out = db.ok_at("2024-03-01", &["show", "EXT-1"]);
    assert!(
        out.contains("EXT-1"),
        "text show names the reference:\n{out}"
    );
    assert!(
        out.contains("Extradition of Lin X"),
        "text show names the title:\n{out}"
    );
    assert!(
        out.contains("60"),
        "text show gives the days with counterpart (60):\n{out}"
    );
    let out2 = db.ok_at("2024-03-01", &["show", "EXT-1", "--format", "text"]);
    assert_eq!(out, out2, "--format text is the default");
}

#[test]
fn show_unknown_reference_fails_naming_it() {
    let db = Db::new();
    let o = db.run(&["show", "NOPE-404"]);
    assert_ne!(
        o.status.code(),
        Some(0),
        "an unknown reference must fail\n{}",
        describe(&o)
    );
    expect_error(
        &o,
        &[1, 3],
        "NOPE-404",
        "the error names the unknown reference",
    );
}

// ---------------------------------------------------------------------------
// the clock
// ---------------------------------------------------------------------------

#[test]
fn days_with_counterpart_counts_calendar_days_across_leap_day() {
    let db = Db::new();
    db.add_ext("EXT-1", &["--transmitted-on", "2024-01-01"]);
    let it = &db.list_at("2024-03-01", &[])[0];
    assert_eq!(
        it["days_with_counterpart"], 60,
        "2024-01-01 → 2024-03-01 is 60 days (leap year)"
    );
    assert_eq!(
        it["days_in_status"], 60,
        "no status change since transmission"
    );
    assert_eq!(
        it["days_since_prc_response"], 60,
        "no PRC response yet: counted since transmission"
    );
    let same = &db.list_at("2024-01-01", &[])[0];
    assert_eq!(
        same["days_with_counterpart"], 0,
        "transmitted today = 0 days"
    );
}

#[test]
fn transmitted_event_on_a_draft_starts_the_clock() {
    let db = Db::new();
    let id = db.add_ext("EXT-1", &[]);
    // REF may be the item's id as well as its reference.
    db.event(&id, &["--type", "transmitted", "--on", "2024-01-01"]);
    let it = &db.list_at("2024-01-31", &[])[0];
    assert_eq!(it["status"], "transmitted");
    assert_eq!(
        it["transmitted_on"], "2024-01-01",
        "the transmitted event sets transmitted_on"
    );
    assert_eq!(it["days_with_counterpart"], 30);
}

#[test]
fn info_requested_pauses_and_info_provided_resumes_the_clock() {
    let db = Db::new();
    db.add_ext("EXT-1", &["--transmitted-on", "2024-01-01"]);
    db.event("EXT-1", &["--type", "info_requested", "--on", "2024-01-11"]);
    let paused = &db.list_at("2024-02-01", &[])[0];
    assert_eq!(
        paused["status"], "awaiting_us",
        "info_requested puts the ball in the U.S. court"
    );
    assert_eq!(
        paused["days_with_counterpart"], 10,
        "while awaiting the U.S., the clock is stopped at 10 days"
    );
    db.event("EXT-1", &["--type", "info_provided", "--on", "2024-01-21"]);
    let it = &db.list_at("2024-02-01", &[])[0];
    assert_eq!(
        it["status"], "transmitted",
        "info_provided returns to the status before the pause"
    );
    assert_eq!(
        it["days_with_counterpart"], 21,
        "31 days minus 10 days awaiting the U.S."
    );
    let s = db.show_at("2024-02-01", "EXT-1");
    assert_eq!(s["days_with_counterpart"], 21);
    let expl = s["explanation"].as_str().expect("explanation string");
    assert!(
        expl.contains("2024-01-01") && expl.contains("10"),
        "explanation gives the transmission date and the 10 paused days: {expl}"
    );
}

#[test]
fn pause_returns_to_the_status_before_it() {
    let db = Db::new();
    db.add_ext("EXT-1", &["--transmitted-on", "2024-01-01"]);
    db.event(
        "EXT-1",
        &[
            "--type",
            "status",
            "--status",
            "in_progress",
            "--on",
            "2024-01-05",
        ],
    );
    db.event(
        "EXT-1",
        &[
            "--type",
            "info_requested",
            "--on",
            "2024-01-11",
            "--side",
            "prc",
        ],
    );
    db.event(
        "EXT-1",
        &[
            "--type",
            "info_provided",
            "--on",
            "2024-01-21",
            "--side",
            "us",
        ],
    );
    let it = &db.list_at("2024-02-01", &[])[0];
    assert_eq!(
        it["status"], "in_progress",
        "back to in_progress after the pause"
    );
    assert_eq!(it["days_with_counterpart"], 21);
    assert_eq!(
        it["days_in_status"], 11,
        "status changed back on 2024-01-21"
    );
}

#[test]
fn closing_stops_the_clock_and_overdue() {
    let db = Db::new();
    db.add_ext(
        "EXT-1",
        &["--transmitted-on", "2024-01-01", "--due-on", "2024-01-15"],
    );
    let before = &db.list_at("2024-01-20", &[])[0];
    assert_eq!(
        before["overdue"], true,
        "open and due 2024-01-15: overdue on 2024-01-20"
    );
    db.event(
        "EXT-1",
        &[
            "--type",
            "closed",
            "--status",
            "fulfilled",
            "--on",
            "2024-01-31",
        ],
    );
    let it = &db.list_at("2025-01-01", &[])[0];
    assert_eq!(it["status"], "fulfilled");
    assert_eq!(
        it["days_with_counterpart"], 30,
        "the clock stops at the closing date"
    );
    assert_eq!(it["overdue"], false, "a closed item is never overdue");
}

#[test]
fn overdue_is_strictly_after_the_due_date() {
    let db = Db::new();
    db.add_ext(
        "EXT-1",
        &["--transmitted-on", "2024-01-01", "--due-on", "2024-02-01"],
    );
    db.add_ext(
        "EXT-2",
        &["--transmitted-on", "2024-01-01", "--due-on", "2024-03-01"],
    );
    let on_due = db.list_at("2024-02-01", &[]);
    assert!(
        on_due.iter().all(|i| i["overdue"] == false),
        "due today is not overdue: {on_due:?}"
    );
    assert!(
        db.list_at("2024-02-01", &["--overdue"]).is_empty(),
        "--overdue: none on the due date"
    );
    let after = db.list_at("2024-02-02", &["--overdue"]);
    assert_eq!(
        refs(&after),
        vec!["EXT-1"],
        "--overdue lists only the item past its due date"
    );
    assert_eq!(after[0]["overdue"], true);
}

#[test]
fn days_since_prc_response_and_days_in_status() {
    let db = Db::new();
    db.add_ext("EXT-1", &["--transmitted-on", "2024-01-01"]);
    db.event(
        "EXT-1",
        &[
            "--type",
            "raised",
            "--on",
            "2024-01-20",
            "--side",
            "us",
            "--level",
            "working",
            "--note",
            "raised at CNWG",
        ],
    );
    let it = &db.list_at("2024-02-01", &[])[0];
    assert_eq!(
        it["days_since_prc_response"], 31,
        "a U.S.-side event is not a PRC response: counted since transmission"
    );
    let ev = db.event(
        "EXT-1",
        &[
            "--type",
            "prc_response",
            "--on",
            "2024-01-25",
            "--note",
            "MPS replied",
        ],
    );
    let it = &db.list_at("2024-02-01", &[])[0];
    assert_eq!(
        it["days_since_prc_response"], 7,
        "since the PRC response of 2024-01-25"
    );
    let s = db.show_at("2024-02-01", "EXT-1");
    let e = events(&s)
        .into_iter()
        .find(|e| e["id"] == ev.as_str())
        .expect("the prc_response event is listed");
    assert_eq!(e["side"], "prc", "a prc_response is on the PRC side");
    assert_eq!(e["note"], "MPS replied");

    db.event(
        "EXT-1",
        &[
            "--type",
            "status",
            "--status",
            "in_progress",
            "--on",
            "2024-01-15",
        ],
    );
    let it = &db.list_at("2024-02-01", &[])[0];
    assert_eq!(it["status"], "in_progress");
    assert_eq!(it["days_in_status"], 17, "in_progress since 2024-01-15");
}

#[test]
fn note_and_raised_events_do_not_change_status() {
    let db = Db::new();
    db.add_ext("EXT-1", &["--transmitted-on", "2024-01-01"]);
    db.event(
        "EXT-1",
        &[
            "--type",
            "acknowledged",
            "--on",
            "2024-01-03",
            "--side",
            "prc",
        ],
    );
    db.event(
        "EXT-1",
        &[
            "--type",
            "note",
            "--on",
            "2024-01-04",
            "--note",
            "called embassy",
        ],
    );
    db.event(
        "EXT-1",
        &[
            "--type",
            "raised",
            "--on",
            "2024-01-05",
            "--level",
            "director",
            "--note",
            "raised at meeting",
        ],
    );
    let s = db.show_at("2024-02-01", "EXT-1");
    assert_eq!(
        s["status"], "acknowledged",
        "note and raised leave the status as it was"
    );
    assert_eq!(s["days_in_status"], 29, "acknowledged since 2024-01-03");
    let types: Vec<_> = events(&s)
        .iter()
        .map(|e| e["type"].as_str().unwrap_or("").to_string())
        .collect();
    for t in ["transmitted", "acknowledged", "note", "raised"] {
        assert!(
            types.iter().any(|x| x == t),
            "history has the `{t}` event: {types:?}"
        );
    }
}

#[test]
fn due_changed_moves_the_due_date() {
    let db = Db::new();
    db.add_ext(
        "EXT-1",
        &["--transmitted-on", "2024-01-01", "--due-on", "2024-02-01"],
    );
    assert_eq!(db.list_at("2024-03-01", &[])[0]["overdue"], true);
    db.event(
        "EXT-1",
        &[
            "--type",
            "due_changed",
            "--on",
            "2024-02-10",
            "--due-on",
            "2024-03-15",
        ],
    );
    let it = &db.list_at("2024-03-01", &[])[0];
    assert_eq!(
        it["due_on"], "2024-03-15",
        "due_changed sets the item's due date"
    );
    assert_eq!(
        it["overdue"], false,
        "no longer overdue with the new due date"
    );
    let o = db.run(&[
        "event",
        "EXT-1",
        "--type",
        "due_changed",
        "--on",
        "2024-02-11",
    ]);
    assert!(
        matches!(o.status.code(), Some(2) | Some(3)),
        "due_changed without --due-on is refused\n{}",
        describe(&o)
    );
}

// ---------------------------------------------------------------------------
// refused events
// ---------------------------------------------------------------------------

#[test]
fn backward_and_out_of_closed_transitions_are_refused() {
    let db = Db::new();
    db.add_ext("EXT-1", &["--transmitted-on", "2024-01-01"]);
    db.event(
        "EXT-1",
        &[
            "--type",
            "status",
            "--status",
            "in_progress",
            "--on",
            "2024-01-10",
        ],
    );
    let o = db.run(&[
        "event",
        "EXT-1",
        "--type",
        "status",
        "--status",
        "acknowledged",
        "--on",
        "2024-01-12",
    ]);
    expect_error(
        &o,
        &[3],
        "status",
        "in_progress → acknowledged goes back and is refused",
    );

    db.event(
        "EXT-1",
        &[
            "--type",
            "status",
            "--status",
            "fulfilled",
            "--on",
            "2024-01-20",
        ],
    );
    let n_before = events(&db.show("EXT-1")).len();
    let o = db.run(&[
        "event",
        "EXT-1",
        "--type",
        "status",
        "--status",
        "transmitted",
        "--on",
        "2024-01-25",
    ]);
    expect_error(
        &o,
        &[3],
        "status",
        "fulfilled → transmitted leaves a closed state and is refused",
    );
    let s = db.show("EXT-1");
    assert_eq!(
        s["status"], "fulfilled",
        "status unchanged after a refused transition"
    );
    assert_eq!(
        events(&s).len(),
        n_before,
        "no event written by a refused transition"
    );
}

#[test]
fn closed_needs_a_closed_status() {
    let db = Db::new();
    db.add_ext("EXT-1", &["--transmitted-on", "2024-01-01"]);
    let n_before = events(&db.show("EXT-1")).len();
    let o = db.run(&[
        "event",
        "EXT-1",
        "--type",
        "closed",
        "--status",
        "in_progress",
        "--on",
        "2024-01-10",
    ]);
    expect_error(
        &o,
        &[2, 3],
        "status",
        "closed with an open status is refused naming `status`",
    );
    let o = db.run(&["event", "EXT-1", "--type", "closed", "--on", "2024-01-10"]);
    assert!(
        matches!(o.status.code(), Some(2) | Some(3)),
        "closed without --status is refused\n{}",
        describe(&o)
    );
    let o = db.run(&["event", "EXT-1", "--type", "status", "--on", "2024-01-10"]);
    assert!(
        matches!(o.status.code(), Some(2) | Some(3)),
        "a status event without --status is refused\n{}",
        describe(&o)
    );
    let s = db.show("EXT-1");
    assert_eq!(s["status"], "transmitted", "nothing changed");
    assert_eq!(
        events(&s).len(),
        n_before,
        "no event written by refused closings"
    );
    for st in ["partially_fulfilled", "declined", "withdrawn"] {
        let r = format!("EXT-{st}");
        db.add_ext(&r, &["--transmitted-on", "2024-01-01"]);
        db.event(
            &r,
            &["--type", "closed", "--status", st, "--on", "2024-01-10"],
        );
        assert_eq!(db.show(&r)["status"], st, "closed with --status {st}");
    }
}

#[test]
fn event_before_transmission_is_refused() {
    let db = Db::new();
    db.add_ext("EXT-1", &["--transmitted-on", "2024-01-10"]);
    let n_before = events(&db.show("EXT-1")).len();
    let o = db.run(&[
        "event",
        "EXT-1",
        "--type",
        "acknowledged",
        "--on",
        "2024-01-05",
    ]);
    expect_code(
        &o,
        3,
        "an event dated before the transmitted date is invalid data",
    );
    let s = db.show("EXT-1");
    assert_eq!(s["status"], "transmitted");
    assert_eq!(events(&s).len(), n_before, "nothing written");
}

#[test]
fn event_on_unknown_item_and_bad_type() {
    let db = Db::new();
    let o = db.run(&[
        "event",
        "NOPE-7",
        "--type",
        "note",
        "--on",
        "2024-01-05",
        "--note",
        "x",
    ]);
    assert_ne!(
        o.status.code(),
        Some(0),
        "an event for an unknown item fails\n{}",
        describe(&o)
    );
    expect_error(
        &o,
        &[1, 3],
        "NOPE-7",
        "the error names the unknown reference",
    );
    db.add_ext("EXT-1", &["--transmitted-on", "2024-01-01"]);
    let o = db.run(&[
        "event",
        "EXT-1",
        "--type",
        "teleported",
        "--on",
        "2024-01-05",
    ]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unknown --type value is a command-line error\n{}",
        describe(&o)
    );
}

#[test]
fn retraction_stops_an_event_counting() {
    let db = Db::new();
    db.add_ext("EXT-1", &["--transmitted-on", "2024-01-01"]);
    let pause = db.event("EXT-1", &["--type", "info_requested", "--on", "2024-01-11"]);
    db.event("EXT-1", &["--type", "info_provided", "--on", "2024-01-21"]);
    let closed = db.event(
        "EXT-1",
        &[
            "--type",
            "closed",
            "--status",
            "fulfilled",
            "--on",
            "2024-01-31",
        ],
    );
    assert_eq!(
        db.list_at("2024-03-01", &[])[0]["days_with_counterpart"],
        20
    );

    // A retraction needs a reason.
    let o = db.run(&[
        "event",
        "EXT-1",
        "--type",
        "retraction",
        "--retracts",
        &closed,
        "--on",
        "2024-02-02",
    ]);
    assert!(
        matches!(o.status.code(), Some(2) | Some(3)),
        "a retraction without --note is refused\n{}",
        describe(&o)
    );
    // ... and an existing event.
    let o = db.run(&[
        "event",
        "EXT-1",
        "--type",
        "retraction",
        "--retracts",
        "00000000-0000-0000-0000-000000000000",
        "--note",
        "oops",
        "--on",
        "2024-02-02",
    ]);
    assert!(
        matches!(o.status.code(), Some(1) | Some(3)),
        "retracting an event that does not exist is refused\n{}",
        describe(&o)
    );
    assert_eq!(
        db.show("EXT-1")["status"],
        "fulfilled",
        "the refused retractions changed nothing"
    );

    db.event(
        "EXT-1",
        &[
            "--type",
            "retraction",
            "--retracts",
            &closed,
            "--note",
            "recorded on the wrong item",
            "--on",
            "2024-02-02",
        ],
    );
    let it = &db.list_at("2024-03-01", &[])[0];
    assert_eq!(
        it["status"], "transmitted",
        "status recomputed without the retracted closing"
    );
    assert_eq!(
        it["days_with_counterpart"], 50,
        "clock runs again: 60 days minus 10 paused"
    );

    db.event(
        "EXT-1",
        &[
            "--type",
            "retraction",
            "--retracts",
            &pause,
            "--note",
            "request was for another case",
            "--on",
            "2024-02-03",
        ],
    );
    let s = db.show_at("2024-03-01", "EXT-1");
    assert_eq!(
        s["days_with_counterpart"], 60,
        "the retracted pause no longer subtracts days"
    );
    let ev = events(&s);
    let find = |id: &str| {
        ev.iter()
            .find(|e| e["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("event {id} still in history: {ev:?}"))
    };
    assert_eq!(
        find(&closed)["retracted"],
        true,
        "the retracted event stays visible, marked retracted"
    );
    assert_eq!(find(&pause)["retracted"], true);
    assert!(
        ev.iter().filter(|e| e["type"] == "retraction").count() == 2,
        "the retractions are events themselves: {ev:?}"
    );
    // After the wrong closing is retracted, work continues normally.
    db.event(
        "EXT-1",
        &[
            "--type",
            "status",
            "--status",
            "in_progress",
            "--on",
            "2024-02-05",
        ],
    );
    assert_eq!(db.show("EXT-1")["status"], "in_progress");
}

// ---------------------------------------------------------------------------
// list
// ---------------------------------------------------------------------------

#[test]
fn list_default_order_filters_and_formats() {
    let db = Db::new();
    db.add_ext("A", &["--transmitted-on", "2024-01-01"]);
    db.add_ext("DRAFT", &[]);
    db.add_ext("B", &["--transmitted-on", "2023-06-01"]);
    db.add_ext("C", &["--transmitted-on", "2024-02-01"]);
    db.add_ext("DONE", &["--transmitted-on", "2023-01-01"]);
    db.event(
        "DONE",
        &[
            "--type",
            "closed",
            "--status",
            "withdrawn",
            "--on",
            "2023-01-02",
        ],
    );
    let today = "2024-03-01";
    assert_eq!(
        refs(&db.list_at(today, &[])),
        vec!["B", "A", "C", "DONE", "DRAFT"],
        "default order: longest days with counterpart first, drafts last"
    );
    assert_eq!(
        refs(&db.list_at(today, &["--open"])),
        vec!["B", "A", "C", "DRAFT"],
        "--open leaves out closed items"
    );
    assert_eq!(
        refs(&db.list_at(today, &["--status", "draft"])),
        vec!["DRAFT"],
        "--status filters"
    );
    assert_eq!(
        refs(&db.list_at(today, &["--status", "withdrawn"])),
        vec!["DONE"]
    );
    assert!(
        db.list_at(today, &["--kind", "commitment"]).is_empty(),
        "--kind commitment: none"
    );

    let table = db.ok_at(today, &["list"]);
    for r in ["A", "B", "C", "DONE", "DRAFT"] {
        assert!(table.contains(r), "the table lists {r}:\n{table}");
    }
    let table2 = db.ok_at(today, &["list", "--format", "table"]);
    assert_eq!(table, table2, "table is the default format");

    let csv = db.ok_at(today, &["list", "--format", "csv"]);
    let rows = parse_csv(&csv);
    assert!(
        rows[0].iter().any(|h| h == "reference"),
        "list csv has a header: {:?}",
        rows[0]
    );
    assert_eq!(rows.len(), 6, "list csv: header + 5 rows:\n{csv}");
}

#[test]
fn list_search_finds_english_and_chinese() {
    let db = Db::new();
    db.add(&[
        "--kind",
        "extradition",
        "--title",
        "Extradition of Lin",
        "--title-zh",
        "引渡林某某案",
        "--reference",
        "EXT-1",
        "--subject",
        "Lin",
        "--counterpart",
        "MPS",
    ]);
    db.add(&[
        "--kind",
        "scheduling",
        "--title",
        "Control xylazine",
        "--reference",
        "SCH-1",
        "--counterpart",
        "NNCC",
        "--substance",
        "xylazine",
        "--cas-number",
        "7361-61-7",
    ]);
    assert_eq!(
        refs(&db.list_at(TODAY, &["--search", "林某某"])),
        vec!["EXT-1"],
        "Chinese search"
    );
    assert_eq!(
        refs(&db.list_at(TODAY, &["--search", "xylazine"])),
        vec!["SCH-1"],
        "English search"
    );
    assert!(
        db.list_at(TODAY, &["--search", "heroin"]).is_empty(),
        "no match: empty array"
    );
}

/// `list --after REF` (added with keyset paging): the rows after REF in the list's order,
/// so that `--limit N` pages follow one another by the last reference printed.
#[test]
fn list_after_a_reference_gives_the_next_page() {
    let db = Db::new();
    for (i, r) in ["EXT-1", "EXT-2", "EXT-3", "EXT-4", "EXT-5"]
        .iter()
        .enumerate()
    {
        let on = format!("2024-01-0{}", i + 1);
        db.add_ext(r, &["--transmitted-on", &on, "--title-zh", "引渡林某某案"]);
    }
    db.add_ext("EXT-9", &["--transmitted-on", "2024-02-01"]);
    for args in [
        &["--sort", "reference", "--ascending"][..],
        &[][..],
        &["--search", "林"][..],
        &["--search", "林某 lin"][..],
    ] {
        let all = refs(&db.list_at(TODAY, args));
        let mut paged: Vec<String> = Vec::new();
        let mut last: Option<String> = None;
        loop {
            let mut a = args.to_vec();
            a.extend(["--limit", "2"]);
            if let Some(r) = &last {
                a.extend(["--after", r.as_str()]);
            }
            let page = refs(&db.list_at(TODAY, &a));
            if page.is_empty() {
                break;
            }
            last = page.last().cloned();
            paged.extend(page);
        }
        assert_eq!(paged, all, "pages of 2 after the last reference, {args:?}");
    }
    assert_eq!(
        refs(&db.list_at(
            TODAY,
            &[
                "--search",
                "林",
                "--after",
                "EXT-1",
                "--sort",
                "reference",
                "--ascending"
            ]
        )),
        ["EXT-2", "EXT-3", "EXT-4", "EXT-5"],
        "a one-character Chinese search, after EXT-1"
    );
    let o = db.at(TODAY, &["list", "--search", "林", "--after", "EXT-9"]);
    expect_code(&o, 3, "--after an item the search leaves out");
    assert!(String::from_utf8_lossy(&o.stderr).contains("EXT-9 is not in this list"));
    let o = db.at(TODAY, &["list", "--after", "NO-SUCH"]);
    expect_code(&o, 3, "--after an unknown reference");
}

// ---------------------------------------------------------------------------
// global options
// ---------------------------------------------------------------------------

#[test]
fn global_options_after_the_subcommand_and_from_env() {
    let db = Db::new();
    db.add_ext("EXT-1", &["--transmitted-on", "2024-01-01"]);
    let dbp = p(&db.path);

    let o = bin()
        .args([
            "list",
            "--format",
            "json",
            "--db",
            dbp,
            "--today",
            "2024-03-01",
        ])
        .output()
        .expect("run");
    expect_code(&o, 0, "--db and --today after the subcommand");
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(
        v[0]["days_with_counterpart"], 60,
        "--today after the subcommand is honoured"
    );

    let o = bin()
        .env("COUNTERPART_DB", dbp)
        .env("COUNTERPART_TODAY", "2024-02-01")
        .args(["list", "--format", "json"])
        .output()
        .expect("run");
    expect_code(
        &o,
        0,
        "COUNTERPART_DB and COUNTERPART_TODAY set the database and today",
    );
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(
        v[0]["reference"], "EXT-1",
        "COUNTERPART_DB selects the database"
    );
    assert_eq!(
        v[0]["days_with_counterpart"], 31,
        "COUNTERPART_TODAY pins today"
    );

    let o = bin()
        .env("COUNTERPART_DB", dbp)
        .env("COUNTERPART_TODAY", "2024-02-01")
        .args(["--today", "2024-03-01", "list", "--format", "json"])
        .output()
        .expect("run");
    expect_code(&o, 0, "flag and env together");
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(
        v[0]["days_with_counterpart"], 60,
        "--today wins over COUNTERPART_TODAY"
    );
}

#[test]
fn invalid_today_is_refused() {
    let db = Db::new();
    let o = db.at("2024-13-01", &["list"]);
    let code = o.status.code();
    assert!(
        matches!(code, Some(2) | Some(3)),
        "--today 2024-13-01 is not a date\n{}",
        describe(&o)
    );
    assert!(
        stderr(&o).to_lowercase().contains("today"),
        "the error names `today`\n{}",
        describe(&o)
    );
    let o = bin()
        .arg("--db")
        .arg(&db.path)
        .env("COUNTERPART_TODAY", "yesterday")
        .arg("list")
        .output()
        .expect("run");
    assert!(
        matches!(o.status.code(), Some(2) | Some(3)),
        "COUNTERPART_TODAY=yesterday is not a date\n{}",
        describe(&o)
    );
    assert!(
        stderr(&o).to_lowercase().contains("today"),
        "the error names `today`\n{}",
        describe(&o)
    );
}

// ---------------------------------------------------------------------------
// damaged and foreign databases
// ---------------------------------------------------------------------------

#[test]
fn a_file_that_is_not_sqlite_is_left_alone() {
    let db = Db::uninit();
    let text: String = "This is my thesis, not a database.\n".repeat(120);
    let bytes = text.as_bytes()[..4096].to_vec();
    std::fs::write(&db.path, &bytes).expect("write");
    for args in [
        &["list"][..],
        &["init"][..],
        &[
            "add",
            "--kind",
            "extradition",
            "--title",
            "T",
            "--reference",
            "R",
            "--subject",
            "S",
            "--counterpart",
            "MPS",
        ][..],
    ] {
        let o = db.run(args);
        expect_code(
            &o,
            1,
            &format!("`{}` on a text file is an error of kind 1", args.join(" ")),
        );
        let e = stderr(&o).to_lowercase();
        assert!(
            e.contains("not a counterpart database") || e.contains("not a database"),
            "stderr says it is not a database\n{}",
            describe(&o)
        );
        assert_eq!(
            std::fs::read(&db.path).expect("read"),
            bytes,
            "`{}` must not change a file that is not a database",
            args.join(" ")
        );
    }
}

#[test]
fn a_database_from_a_newer_version_is_refused() {
    let db = Db::new();
    db.add_ext("EXT-1", &[]);
    // PRAGMA user_version lives at offset 60 of the SQLite header (big-endian u32).
    let mut bytes = std::fs::read(&db.path).expect("read db");
    assert!(
        bytes.starts_with(b"SQLite format 3\0"),
        "init wrote an SQLite file"
    );
    bytes[60..64].copy_from_slice(&999u32.to_be_bytes());
    std::fs::write(&db.path, &bytes).expect("write db");
    for args in [&["list"][..], &["init"][..], &["show", "EXT-1"][..]] {
        let o = db.run(args);
        expect_error(
            &o,
            &[1],
            "newer",
            &format!("`{}` on a database of schema 999", args.join(" ")),
        );
        assert_eq!(
            std::fs::read(&db.path).expect("read"),
            bytes,
            "`{}` must not touch a database from a newer version",
            args.join(" ")
        );
    }
}

#[test]
fn io_errors_exit_1() {
    let db = Db::new();
    let missing = db.file("no-such-file.csv");
    let o = db.run(&["import", p(&missing)]);
    expect_code(
        &o,
        1,
        "importing a file that does not exist is an I/O error",
    );
    // A database path under a regular file cannot be created.
    let blocker = db.write("blocker", "x");
    let o = run(&blocker.join("t.sqlite3"), &["--today", TODAY, "init"]);
    expect_code(
        &o,
        1,
        "a database path that cannot be created is an I/O error",
    );
}

// ---------------------------------------------------------------------------
// import
// ---------------------------------------------------------------------------

#[test]
fn import_csv_any_column_order_and_empty_cells() {
    let db = Db::new();
    let csv = "\
title,counterpart,reference,kind,transmitted_on,due_on,subject,tags,cas_number,substance,status,status_on
Extradition of Lin,MPS,EXT-1,extradition,2024-01-01,,Lin,fentanyl;cnwg,,,,
Control xylazine,NNCC,SCH-1,scheduling,2024-01-01,2024-06-01,,,7361-61-7,xylazine,acknowledged,2024-01-10
Share data,MFA,COM-1,commitment,,,,,,,,
";
    let f = db.write("in.csv", csv);
    let out = db.ok(&["import", p(&f)]);
    assert!(
        out.split(|c: char| !c.is_ascii_digit()).any(|w| w == "3"),
        "import prints the number of items imported (3): {out:?}"
    );
    let items = db.list_at("2024-02-01", &[]);
    let mut r = refs(&items);
    r.sort();
    assert_eq!(r, vec!["COM-1", "EXT-1", "SCH-1"]);
    let get = |r: &str| {
        items
            .iter()
            .find(|i| i["reference"] == r)
            .cloned()
            .expect("item")
    };
    assert_eq!(
        get("EXT-1")["due_on"],
        Value::Null,
        "an empty cell is no value"
    );
    assert_eq!(
        get("EXT-1")["status"],
        "transmitted",
        "a transmitted_on without status: transmitted"
    );
    assert_eq!(get("EXT-1")["days_with_counterpart"], 31);
    assert_eq!(
        get("SCH-1")["status"],
        "acknowledged",
        "status column is honoured"
    );
    assert_eq!(
        get("SCH-1")["days_in_status"],
        22,
        "status_on dates the status"
    );
    assert_eq!(get("COM-1")["status"], "draft");
}

#[test]
fn import_reports_every_bad_row_and_imports_nothing() {
    let db = Db::new();
    db.add_ext("EXISTING", &[]);
    let long = "t".repeat(501);
    let csv = format!(
        "kind,reference,title,counterpart,transmitted_on,due_on,subject,substance,cas_number\n\
extradition,OK-1,Good row,MPS,2024-01-01,,Lin,,\n\
extradition,BAD-DATE,Bad date,MPS,2024-01-01,2024-02-30,Lin,,\n\
scheduling,BAD-CAS,Bad CAS,NNCC,,,,4-ANPP,1609-66-2\n\
extradition,BAD-DUE,Due early,MPS,2024-03-01,2024-02-01,Lin,,\n\
extradition,BAD-TITLE,{long},MPS,,,Lin,,\n\
extradition,OK-1,Duplicate in file,MPS,,,Lin,,\n\
extradition,EXISTING,Duplicate in db,MPS,,,Lin,,\n\
extradition,NO-AGENCY,Missing agency,,,,Lin,,\n\
extradition,OK-2,Another good row,SPP,,,Lin,,\n"
    );
    let f = db.write("bad.csv", &csv);
    let o = db.run(&["import", p(&f)]);
    expect_code(&o, 3, "any bad row makes the import invalid data");
    let err = stderr(&o);
    for (line, field) in [
        (3, "due_on"),
        (4, "cas_number"),
        (5, "due_on"),
        (6, "title"),
        (7, "reference"),
        (8, "reference"),
        (9, "counterpart"),
    ] {
        let prefix = format!("error: line {line}:");
        assert!(
            err.lines()
                .any(|l| l.starts_with(&prefix) && l.contains(field)),
            "expected `{prefix} {field}: ...` on stderr\n{}",
            describe(&o)
        );
    }
    for good in [2, 10] {
        assert!(
            !err.contains(&format!("line {good}:")),
            "good line {good} must not be reported\n{}",
            describe(&o)
        );
    }
    assert_eq!(
        refs(&db.list()),
        vec!["EXISTING"],
        "nothing half-imported: the database is unchanged"
    );
}

#[test]
fn import_header_problems_are_invalid_data() {
    let db = Db::new();
    let f = db.write(
        "nocp.csv",
        "kind,reference,title,subject\nextradition,EXT-1,T,S\n",
    );
    let o = db.run(&["import", p(&f)]);
    expect_error(
        &o,
        &[3],
        "counterpart",
        "a missing required column is named",
    );
    let f = db.write(
        "unknown.csv",
        "kind,reference,title,counterpart,colour\nextradition,EXT-1,T,MPS,red\n",
    );
    let o = db.run(&["import", p(&f)]);
    expect_error(
        &o,
        &[3],
        "colour",
        "an unknown column is an error naming it",
    );
    let f = db.write("empty.csv", "");
    let o = db.run(&["import", p(&f)]);
    expect_code(&o, 3, "a CSV without a header row is invalid data");
    assert!(db.list().is_empty(), "nothing imported");
}

#[test]
fn import_status_past_transmitted_needs_status_on() {
    let db = Db::new();
    let f = db.write(
        "s.csv",
        "kind,reference,title,counterpart,transmitted_on,status,status_on,subject\n\
extradition,EXT-1,T,MPS,2024-01-01,in_progress,,S\n\
extradition,EXT-2,T,MPS,2024-01-01,teleported,2024-01-02,S\n",
    );
    let o = db.run(&["import", p(&f)]);
    expect_code(&o, 3, "bad status rows are invalid data");
    let err = stderr(&o);
    assert!(
        err.lines()
            .any(|l| l.starts_with("error: line 2:") && l.contains("status_on")),
        "a status past transmitted without status_on is reported\n{}",
        describe(&o)
    );
    assert!(
        err.lines()
            .any(|l| l.starts_with("error: line 3:") && l.contains("status")),
        "an unknown status is reported\n{}",
        describe(&o)
    );
    assert!(db.list().is_empty());
}

#[test]
fn import_a_ten_megabyte_title_is_refused_without_crashing() {
    let db = Db::new();
    let huge = "x".repeat(10 * 1024 * 1024);
    let csv = format!("kind,reference,title,counterpart,subject\nextradition,EXT-1,{huge},MPS,S\n");
    let f = db.write("huge.csv", &csv);
    let o = db.run(&["import", p(&f)]);
    expect_code(&o, 3, "a 10 MB title is invalid data");
    assert!(
        stderr(&o)
            .lines()
            .any(|l| l.starts_with("error: line 2:") && l.contains("title")),
        "the row and the field are named\n{}",
        describe(&o)
    );
    assert!(db.list().is_empty());
}

#[test]
fn import_dry_run_writes_nothing() {
    let db = Db::new();
    let good = db.write(
        "good.csv",
        "kind,reference,title,counterpart,subject\nextradition,EXT-1,T,MPS,S\nextradition,EXT-2,T,SPP,S\n",
    );
    let o = db.run(&["import", p(&good), "--dry-run"]);
    expect_code(&o, 0, "a valid file passes a dry run");
    assert!(db.list().is_empty(), "--dry-run writes nothing");
    let bad = db.write(
        "bad.csv",
        "kind,reference,title,counterpart,subject\nextradition,EXT-1,T,MPS,S\nextradition,EXT-1,T,MPS,S\n",
    );
    let o = db.run(&["import", p(&bad), "--dry-run"]);
    expect_error(&o, &[3], "line 3:", "a dry run reports the bad rows");
    assert!(db.list().is_empty(), "--dry-run writes nothing");
    db.ok(&["import", p(&good)]);
    assert_eq!(
        db.list().len(),
        2,
        "the same file imports for real afterwards"
    );
}

// ---------------------------------------------------------------------------
// export
// ---------------------------------------------------------------------------

fn populate(db: &Db) {
    db.add(&[
        "--kind",
        "extradition",
        "--title",
        "=HYPERLINK(\"x\")",
        "--title-zh",
        "引渡林某某案",
        "--reference",
        "EXT-1",
        "--counterpart",
        "MPS",
        "--transmitted-on",
        "2024-01-01",
        "--due-on",
        "2024-06-01",
        "--follow-up-on",
        "2024-02-01",
        "--priority",
        "urgent",
        "--owner",
        "@owner",
        "--notes",
        "+1 call, then \"write\"\nsecond line",
        "--tag",
        "a",
        "--tag",
        "b",
        "--subject=-Lin",
        "--subject-zh",
        "林某某",
        "--charges",
        "846",
        "--district",
        "S.D.N.Y.",
    ]);
    db.add(&[
        "--kind",
        "scheduling",
        "--title",
        "Control xylazine",
        "--reference",
        "SCH-1",
        "--counterpart",
        "NNCC",
        "--substance",
        "xylazine",
        "--cas-number",
        "7361-61-7",
        "--substance-class",
        "adulterant",
        "--transmitted-on",
        "2024-01-01",
    ]);
    db.event(
        "SCH-1",
        &[
            "--type",
            "acknowledged",
            "--on",
            "2024-01-05",
            "--side",
            "prc",
        ],
    );
    db.add(&[
        "--kind",
        "indictment",
        "--title",
        "U.S. v. X",
        "--reference",
        "IND-1",
        "--counterpart",
        "SPP",
        "--case-number",
        "1:23-cr-1",
        "--district",
        "D.D.C.",
        "--transmitted-on",
        "2023-12-01",
    ]);
    db.event(
        "IND-1",
        &[
            "--type",
            "closed",
            "--status",
            "declined",
            "--on",
            "2024-02-01",
        ],
    );
    db.add(&[
        "--kind",
        "commitment",
        "--title",
        "Share data",
        "--reference",
        "COM-1",
        "--counterpart",
        "MFA",
        "--forum",
        "CNWG",
        "--owner-side",
        "prc",
    ]);
}

#[test]
fn export_csv_header_and_formula_cells() {
    let db = Db::new();
    populate(&db);
    let out = db.ok(&["export", "--format", "csv"]);
    let rows = parse_csv(&out);
    assert!(
        rows[0].len() >= CSV_COLUMNS.len() && rows[0][..CSV_COLUMNS.len()] == CSV_COLUMNS,
        "export CSV starts with the CONTRACT columns in order, got {:?}",
        rows[0]
    );
    assert_eq!(rows.len(), 5, "header + 4 items:\n{out}");
    assert_eq!(
        csv_cell(&rows, "EXT-1", "title"),
        "'=HYPERLINK(\"x\")",
        "a formula title is prefixed with '"
    );
    for (col, raw) in [("notes", '+'), ("owner", '@'), ("subject", '-')] {
        let cell = csv_cell(&rows, "EXT-1", col);
        assert!(
            cell.starts_with('\''),
            "a {col} cell beginning `{raw}` is written as text, got {cell:?}"
        );
    }
    assert_eq!(csv_cell(&rows, "EXT-1", "title_zh"), "引渡林某某案");
    assert_eq!(csv_cell(&rows, "EXT-1", "counterpart"), "MPS");
    assert_eq!(csv_cell(&rows, "EXT-1", "due_on"), "2024-06-01");
    assert_eq!(csv_cell(&rows, "SCH-1", "cas_number"), "7361-61-7");
    assert_eq!(csv_cell(&rows, "SCH-1", "status"), "acknowledged");
    assert_eq!(csv_cell(&rows, "SCH-1", "status_on"), "2024-01-05");
    assert_eq!(
        csv_cell(&rows, "COM-1", "transmitted_on"),
        "",
        "no value: empty cell"
    );
    let mut tags: Vec<_> = csv_cell(&rows, "EXT-1", "tags")
        .split(';')
        .map(str::to_string)
        .collect();
    tags.sort();
    assert_eq!(tags, vec!["a", "b"], "tags are ;-separated");

    let f = db.file("out.csv");
    let o = db.run(&["export", "--format", "csv", "-o", p(&f)]);
    expect_code(&o, 0, "export -o FILE");
    assert_eq!(
        std::fs::read_to_string(&f).expect("exported file"),
        out,
        "-o writes what stdout shows"
    );
}

#[test]
fn export_csv_round_trips_exactly() {
    let db = Db::new();
    populate(&db);
    let first = db.ok(&["export", "--format", "csv"]);
    let f = db.write("export.csv", &first);
    let fresh = Db::new();
    fresh.ok(&["import", p(&f)]);
    let second = fresh.ok(&["export", "--format", "csv"]);
    assert_eq!(
        first, second,
        "export → import → export gives identical CSV"
    );
    assert_eq!(
        fresh.show("EXT-1")["title"],
        "=HYPERLINK(\"x\")",
        "import removes the apostrophe export added: the title is unchanged by a round trip"
    );
    let a = db.list_at("2024-03-01", &[]);
    let b = fresh.list_at("2024-03-01", &[]);
    assert_eq!(refs(&a), refs(&b), "same items in the same order");
    for (x, y) in a.iter().zip(&b) {
        for k in [
            "status",
            "transmitted_on",
            "due_on",
            "days_with_counterpart",
            "overdue",
        ] {
            assert_eq!(
                x[k], y[k],
                "{k} of {} survives the CSV round trip",
                x["reference"]
            );
        }
    }
}

#[test]
fn export_json_round_trips_with_history() {
    let db = Db::new();
    populate(&db);
    db.event("EXT-1", &["--type", "info_requested", "--on", "2024-01-11"]);
    db.event("EXT-1", &["--type", "info_provided", "--on", "2024-01-21"]);
    db.event(
        "EXT-1",
        &[
            "--type",
            "prc_response",
            "--on",
            "2024-01-25",
            "--note",
            "reply",
        ],
    );
    let wrong = db.event(
        "SCH-1",
        &[
            "--type",
            "status",
            "--status",
            "in_progress",
            "--on",
            "2024-01-20",
        ],
    );
    db.event(
        "SCH-1",
        &[
            "--type",
            "retraction",
            "--retracts",
            &wrong,
            "--note",
            "wrong item",
            "--on",
            "2024-01-21",
        ],
    );

    let out = db.ok(&["export", "--format", "json"]);
    let _: Value = serde_json::from_str(&out).expect("export --format json prints valid JSON");
    let f = db.file("export.json");
    let o = db.run(&["export", "--format", "json", "-o", p(&f)]);
    expect_code(&o, 0, "export json -o FILE");

    let fresh = Db::new();
    fresh.ok(&["import", p(&f)]);
    let today = "2024-03-01";
    let strip = |v: &Value| {
        let mut v = v.clone();
        if let Some(o) = v.as_object_mut() {
            o.remove("id");
        }
        v
    };
    let a = db.list_at(today, &[]);
    let b = fresh.list_at(today, &[]);
    assert_eq!(
        a.iter().map(strip).collect::<Vec<_>>(),
        b.iter().map(strip).collect::<Vec<_>>(),
        "every item and figure survives the JSON round trip"
    );
    let ext = fresh.show_at(today, "EXT-1");
    assert_eq!(
        ext["days_with_counterpart"], 50,
        "60 days minus the 10 paused days"
    );
    assert_eq!(ext["days_since_prc_response"], 36);
    for r in ["EXT-1", "SCH-1", "IND-1", "COM-1"] {
        let ea: Vec<_> = events(&db.show_at(today, r))
            .iter()
            .map(|e| {
                (
                    e["type"].clone(),
                    e["on"].clone(),
                    e["side"].clone(),
                    e["retracted"].clone(),
                    e["note"].clone(),
                )
            })
            .collect();
        let eb: Vec<_> = events(&fresh.show_at(today, r))
            .iter()
            .map(|e| {
                (
                    e["type"].clone(),
                    e["on"].clone(),
                    e["side"].clone(),
                    e["retracted"].clone(),
                    e["note"].clone(),
                )
            })
            .collect();
        assert_eq!(
            ea, eb,
            "the full history of {r} survives the JSON round trip"
        );
    }
    assert_eq!(
        fresh.show("SCH-1")["status"],
        "acknowledged",
        "the retraction still counts after import"
    );
}

#[test]
fn import_line_numbers_count_physical_lines() {
    let db = Db::new();
    // The quoted notes cell of line 2 spans lines 2-4; the bad row starts on line 5.
    let f = db.write(
        "ml.csv",
        "kind,reference,title,counterpart,subject,notes,due_on\n\
extradition,M1,T,MPS,S,\"a\nb\nc\",\n\
extradition,M2,T,MPS,S,,2024-02-30\n",
    );
    let o = db.run(&["import", p(&f)]);
    expect_error(
        &o,
        &[3],
        "error: line 5: due_on",
        "line numbers are those of the file",
    );
    assert!(db.list().is_empty(), "nothing imported");
}

#[test]
fn import_accepts_bom_and_crlf() {
    let db = Db::new();
    let f = db.write(
        "excel.csv",
        "\u{feff}kind,reference,title,counterpart,subject\r\nextradition,B1,T,MPS,S\r\n",
    );
    db.ok(&["import", p(&f)]);
    assert_eq!(
        refs(&db.list()),
        vec!["B1"],
        "a spreadsheet's CSV (BOM, CRLF) imports"
    );
    assert_eq!(
        db.list()[0]["title"],
        "T",
        "no stray carriage return in cells"
    );
}

#[test]
fn import_json_twice_is_a_duplicate() {
    let db = Db::new();
    populate(&db);
    let f = db.file("all.json");
    db.ok(&["export", "--format", "json", "-o", p(&f)]);
    let snapshot = |db: &Db| {
        let items = db.list();
        let histories: Vec<_> = refs(&items).iter().map(|r| events(&db.show(r))).collect();
        (items, histories)
    };
    let before = snapshot(&db);
    let o = db.run(&["import", p(&f)]);
    expect_error(
        &o,
        &[3],
        "reference",
        "re-importing the same items names the duplicate references",
    );
    assert!(
        snapshot(&db) == before,
        "a refused import leaves items and histories unchanged"
    );
}

#[test]
fn edit_changes_only_the_fields_given_and_is_audited() {
    let db = Db::new();
    db.add_ext(
        "EXT-E1",
        &[
            "--transmitted-on",
            "2024-06-01",
            "--notes",
            "first notes",
            "--tag",
            "a",
        ],
    );
    let out = db.ok(&[
        "edit",
        "EXT-E1",
        "--title",
        "Surrender of Lin X",
        "--due-on",
        "2025-03-01",
    ]);
    assert!(out.contains("EXT-E1"), "edit names the item: {out:?}");
    let s = db.show("EXT-E1");
    assert_eq!(s["title"], "Surrender of Lin X");
    assert_eq!(s["due_on"], "2025-03-01");
    assert_eq!(
        s["notes"], "first notes",
        "a field not given keeps its value"
    );
    assert_eq!(s["subject"], "Lin X");
    assert_eq!(s["status"], "transmitted", "the history is untouched");

    db.ok(&["edit", "EXT-E1", "--notes", ""]);
    assert!(
        db.show("EXT-E1")["notes"].is_null(),
        "an empty value clears a field"
    );

    let history = db.ok(&["history", "EXT-E1"]);
    for needle in ["title", "due_on", "notes"] {
        assert!(
            history
                .lines()
                .any(|l| l.contains("edited") && l.contains(needle)),
            "each changed field is audited ({needle}):\n{history}"
        );
    }
}

#[test]
fn edit_refuses_bad_values_naming_the_field_and_changes_nothing() {
    let db = Db::new();
    db.add_ext("EXT-E2", &["--transmitted-on", "2024-06-01"]);
    db.add_ext("EXT-E3", &[]);
    let before = db.show("EXT-E2");
    for (args, field) in [
        (vec!["--due-on", "2024-02-30"], "due_on"),
        (vec!["--due-on", "2024-01-01"], "due_on"),
        (vec!["--reference", "EXT-E3"], "reference"),
        (vec!["--counterpart", "Ministry of Magic"], "counterpart"),
        (vec!["--title", ""], "title"),
        (vec!["--case-number", "1:24-cr-1"], "case_number"),
    ] {
        let mut a = vec!["edit", "EXT-E2"];
        a.extend(args.iter().copied());
        let o = db.run(&a);
        expect_error(&o, &[3], field, &format!("edit {args:?} is invalid"));
    }
    expect_code(
        &db.run(&["edit", "EXT-E2"]),
        3,
        "an edit with nothing to change is refused",
    );
    expect_error(
        &db.run(&["edit", "EXT-E2", "--kind", "indictment"]),
        &[2],
        "kind",
        "the kind is not a flag of edit",
    );
    expect_error(
        &db.run(&["edit", "NOPE", "--title", "x"]),
        &[3],
        "NOPE",
        "an unknown item",
    );
    assert_eq!(db.show("EXT-E2"), before, "nothing was changed");
}

#[test]
fn an_event_dated_after_today_is_refused() {
    let db = Db::new();
    db.add_ext("EXT-F1", &["--transmitted-on", "2024-06-01"]);
    let before = db.show("EXT-F1");
    let o = db.at(
        "2024-06-30",
        &[
            "event",
            "EXT-F1",
            "--type",
            "acknowledged",
            "--on",
            "2024-07-15",
        ],
    );
    expect_error(&o, &[3], "on", "an event that has not happened yet");
    assert!(
        stderr(&o).contains("2024-07-15"),
        "the message names the date: {}",
        stderr(&o)
    );
    assert_eq!(db.show("EXT-F1"), before, "nothing was recorded");
    // The same event, on its day, is recorded.
    db.ok_at(
        "2024-07-15",
        &[
            "event",
            "EXT-F1",
            "--type",
            "acknowledged",
            "--on",
            "2024-07-15",
        ],
    );
    let o = db.at(
        "2024-06-30",
        &[
            "add",
            "--kind",
            "extradition",
            "--title",
            "T",
            "--reference",
            "EXT-F2",
            "--counterpart",
            "MPS",
            "--transmitted-on",
            "2024-07-01",
        ],
    );
    expect_error(
        &o,
        &[3],
        "transmitted_on",
        "a transmission that has not happened yet",
    );
}
