//! Every change goes through the one apply function (issue 10): each kind of operation
//! leaves its audit rows and a consistent search index; no code outside `db/` writes SQL;
//! and a random sequence of operations, exported as JSON and imported into a fresh
//! database, gives the same items, events and figures.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use counterpart_core::db::apply::Applied;
use counterpart_core::db::list::{self, ListQuery};
use counterpart_core::db::{audit, check, items, search, Db};
use counterpart_core::model::{
    Details, EventType, ItemFields, ItemId, Kind, NewEvent, Priority, Status, Substance,
};
use counterpart_core::op::{Author, Change, Operation};
use counterpart_core::reminders::{Deadline, Lead, ReminderKey};
use counterpart_core::{export, import, Error};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 30, 9, 0, 0).unwrap()
}

fn author() -> Author {
    Author::new(now(), today(), Some("analyst".into()))
}

fn fields(kind: Kind, reference: &str) -> ItemFields {
    ItemFields {
        reference: reference.into(),
        title: format!("Request {reference}"),
        title_zh: Some("请求".into()),
        us_agency: Some("DOJ OIA".into()),
        counterpart: "MPS".into(),
        priority: Priority::Normal,
        owner: None,
        notes: Some(format!("notes of {reference}")),
        tags: vec!["fentanyl".into()],
        due_on: Some(today() + Duration::days(30)),
        follow_up_on: None,
        details: Details::empty(kind),
    }
}

/// The bytes of the file attached by the operations' cases.
const ATTACHED: &[u8] = b"%PDF-1.7 indictment, certified copy";

fn audit_rows(db: &Db) -> i64 {
    audit::head(db.conn()).unwrap().map_or(0, |h| h.seq)
}

/// Each kind of operation, applied through `Db::apply`: the audit rows it must append,
/// and a search index that agrees with the items afterwards.
#[test]
fn every_kind_of_operation_is_audited_and_keeps_the_index_in_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("ops.sqlite3"), now()).unwrap();
    let a = author();
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();

    let create = a.create_item(fields(Kind::Extradition, "EXT-1"), Some(d("2025-01-02")));
    let ext = create.item().unwrap();
    let other_op = a.create_item(fields(Kind::Indictment, "IND-1"), Some(d("2025-01-03")));
    let ind = other_op.item().unwrap();
    let mut edited = fields(Kind::Extradition, "EXT-1");
    edited.title = "Surrender of Lin X".into();
    edited.notes = None;
    let ack = a.event_op(ext, NewEvent::new(EventType::Acknowledged, d("2025-02-01")));
    let ack_id = match &ack.change {
        Change::RecordEvent { event, .. } => *event,
        other => panic!("an event operation, not {other:?}"),
    };
    let reminder = ReminderKey {
        item_id: ext,
        deadline: Deadline::Due,
        deadline_on: today() + Duration::days(30),
        lead: Lead(7),
    };
    let formaldehyde = Substance {
        cas: "50-00-0".into(),
        name: "formaldehyde".into(),
        ..Substance::default()
    };
    // (operation, audit rows it appends)
    let cases: Vec<(Operation, i64)> = vec![
        (create, 1),
        (other_op, 1),
        (
            a.op(Change::EditFields {
                item: ext,
                base_version: None,
                fields: edited,
            }),
            2, // title and notes
        ),
        (ack, 1),
        (
            a.event_op(
                ext,
                NewEvent {
                    retracts: Some(ack_id),
                    ..NewEvent::new(EventType::Retraction, d("2025-02-02"))
                        .with_note("entered on the wrong item")
                },
            ),
            1,
        ),
        (
            a.op(Change::Link {
                from: ext,
                to: ind,
                relation: "indictment".into(),
            }),
            2, // once on each item
        ),
        (
            a.op(Change::Unlink {
                from: ext,
                to: ind,
                relation: "indictment".into(),
            }),
            2,
        ),
        (a.op(Change::Archive { item: ind }), 1),
        (a.op(Change::Unarchive { item: ind }), 1),
        (
            a.op(Change::SnoozeReminder {
                reminder,
                until: today() + Duration::days(3),
            }),
            1,
        ),
        (a.op(Change::ReminderDone { reminder }), 1),
        (
            a.op(Change::SetMarking {
                marking: "FOR OFFICIAL USE ONLY".into(),
            }),
            1, // the setting changed
        ),
        (a.op(Change::SetReminderLeads { days: vec![14, 1] }), 1),
        (
            a.op(Change::SetCadence {
                kind: Kind::Scheduling,
                days: Some(30),
            }),
            1,
        ),
        (
            a.op(Change::AddAgency {
                code: "MSS".into(),
                name_en: "Ministry of State Security".into(),
                name_zh: "国家安全部".into(),
            }),
            1,
        ),
        (a.op(Change::AddSubstance(formaldehyde.clone())), 1),
        (
            a.op(Change::EditSubstance(Substance {
                prc_controlled_on: Some(today()),
                ..formaldehyde
            })),
            1,
        ),
        (
            a.op(Change::Attach(
                counterpart_core::attachment::NewAttachment {
                    item: ind,
                    sha256: counterpart_core::attachment::hash(ATTACHED).unwrap().sha256,
                    name: "indictment.pdf".into(),
                    size: ATTACHED.len() as u64,
                    media_type: "application/pdf".into(),
                    received_on: d("2025-06-02"),
                    note: "certified copy".into(),
                },
            )),
            1,
        ),
        (
            a.op(Change::RemoveAttachment {
                item: ind,
                sha256: counterpart_core::attachment::hash(ATTACHED).unwrap().sha256,
            }),
            1,
        ),
        (a.op(Change::Erase { item: ind }), 1),
        (
            a.op(Change::AddHoliday {
                calendar: counterpart_core::calendar::Calendar::Us,
                on: d("2025-12-26"),
                kind: counterpart_core::calendar::DayKind::Holiday,
                name: "Closed by executive order".into(),
            }),
            1,
        ),
        (
            a.op(Change::PublishCalendar(
                counterpart_core::calendar::Notice {
                    calendar: counterpart_core::calendar::Calendar::Prc,
                    year: 2027,
                    source: "State Council notice (test)".into(),
                    days: vec![counterpart_core::calendar::NoticeDay {
                        date: d("2027-01-01"),
                        kind: counterpart_core::calendar::DayKind::Holiday,
                        name: "元旦".into(),
                    }],
                },
            )),
            1,
        ),
    ];
    let mut kinds = std::collections::HashSet::new();
    for (op, rows) in &cases {
        // The JSON form is what is applied: it travels, and reads back the same.
        let op = Operation::from_json(&op.to_json()).unwrap();
        let before = audit_rows(&db);
        // An attachment's bytes come beside its operation, not in it.
        match &op.change {
            Change::Attach(_) => db.apply_with_content(&op, &mut &ATTACHED[..]),
            _ => db.apply(&op),
        }
        .unwrap_or_else(|e| panic!("{} is applied: {e}", op.to_json()));
        assert_eq!(
            audit_rows(&db) - before,
            *rows,
            "audit rows appended by {}",
            op.to_json()
        );
        search::check(&db).unwrap_or_else(|e| panic!("index after {}: {e}", op.to_json()));
        let tag = serde_json::to_value(&op).unwrap()["op"].clone();
        kinds.insert(tag.as_str().unwrap().to_owned());
    }
    assert_eq!(
        kinds.len(),
        21,
        "every kind of change is covered: {kinds:?}"
    );
    assert!(audit::verify(db.conn()).unwrap().ok(), "the chain holds");
    let found = |q: &str| {
        list::count(
            db.conn(),
            &ListQuery {
                search: Some(q.into()),
                ..Default::default()
            },
            today(),
        )
        .unwrap()
    };
    assert_eq!(found("Surrender"), 1, "the edited title is searchable");
    assert_eq!(found("IND-1"), 0, "the erased item is out of the index");
}

/// A refused operation writes nothing: no row, no audit row, no index entry.
#[test]
fn a_refused_operation_changes_nothing() {
    let mut db = Db::open_in_memory().unwrap();
    let a = author();
    let create = a.create_item(fields(Kind::Extradition, "EXT-1"), Some(today()));
    let id = create.item().unwrap();
    db.apply(&create).unwrap();
    let before = (audit_rows(&db), items::get(db.conn(), id).unwrap());
    let refused = [
        a.event_op(
            id,
            NewEvent::new(EventType::Acknowledged, today() + Duration::days(1)),
        ),
        a.op(Change::Link {
            from: id,
            to: ItemId::at(now()),
            relation: "x".into(),
        }),
        a.create_item(fields(Kind::Extradition, "EXT-1"), None),
        a.op(Change::EditFields {
            item: id,
            base_version: Some(0),
            fields: fields(Kind::Extradition, "EXT-1"),
        }),
    ];
    let errors: Vec<Error> = refused.iter().map(|op| db.apply(op).unwrap_err()).collect();
    assert!(
        matches!(&errors[0], Error::Invalid(f) if f[0].field == "on"),
        "a future event names `on`: {:?}",
        errors[0]
    );
    assert!(
        matches!(&errors[1], Error::NotFound(_)),
        "a link to a vanished item is not found: {:?}",
        errors[1]
    );
    assert!(matches!(&errors[2], Error::Invalid(f) if f[0].field == "reference"));
    assert!(matches!(&errors[3], Error::Conflict { .. }));
    assert_eq!(
        (audit_rows(&db), items::get(db.conn(), id).unwrap()),
        before,
        "nothing was written"
    );
    assert!(
        db.apply_all(&[
            a.create_item(fields(Kind::Commitment, "WG-1"), None),
            refused[0].clone()
        ])
        .is_err(),
        "all or nothing"
    );
    assert!(
        items::find(db.conn(), "WG-1").is_err(),
        "the first was rolled back"
    );
}

/// The files of the program's faces and of the core outside `db/`: none of them may run
/// SQL that writes, open a transaction, or reach the write path around `Db::apply`.
#[test]
fn no_module_outside_db_writes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in [
        "crates/core/src",
        "crates/cli/src",
        "crates/brief/src",
        "crates/bench/src",
        "src-tauri/src",
    ] {
        collect_rs(&root.join(dir), &mut files);
    }
    assert!(files.len() > 40, "the sources were found ({})", files.len());
    let forbidden = [
        "INSERT INTO",
        "INSERT OR",
        "UPDATE item",
        "DELETE FROM",
        ".execute(",
        ".execute_batch(",
        "transaction_with_behavior",
        ".transaction()",
        "db.write(",
        "Inserter::",
    ];
    let mut found = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("crates/core/src/db/") || rel.ends_with("tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        // Unit tests at the end of a file may set up what they test.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in code.lines().enumerate() {
            for word in forbidden {
                if line.contains(word) {
                    found.push(format!("{rel}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "only the store writes, through Db::apply:\n{}",
        found.join("\n")
    );
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            collect_rs(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// One random step: what to do, to which item (by index, modulo the items made so far).
#[derive(Debug, Clone)]
enum Step {
    Create {
        kind: usize,
        transmitted: Option<i64>,
    },
    Event {
        item: usize,
        kind: usize,
        days_ago: i64,
        status: usize,
    },
    Retract {
        item: usize,
    },
    Edit {
        item: usize,
        title: u16,
        due_in: Option<i64>,
    },
    Link {
        from: usize,
        to: usize,
    },
    Archive {
        item: usize,
    },
    Unarchive {
        item: usize,
    },
    Erase {
        item: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..4usize, proptest::option::of(30..900i64))
            .prop_map(|(kind, transmitted)| Step::Create { kind, transmitted }),
        6 => (0..64usize, 0..EventType::ALL.len(), 0..60i64, 0..Status::ALL.len())
            .prop_map(|(item, kind, days_ago, status)| Step::Event { item, kind, days_ago, status }),
        1 => (0..64usize).prop_map(|item| Step::Retract { item }),
        2 => (0..64usize, any::<u16>(), proptest::option::of(-20..200i64))
            .prop_map(|(item, title, due_in)| Step::Edit { item, title, due_in }),
        1 => (0..64usize, 0..64usize).prop_map(|(from, to)| Step::Link { from, to }),
        1 => (0..64usize).prop_map(|item| Step::Archive { item }),
        1 => (0..64usize).prop_map(|item| Step::Unarchive { item }),
        1 => (0..64usize).prop_map(|item| Step::Erase { item }),
    ]
}

/// Applies the steps as operations (many are refused, as a user's mistakes would be:
/// refused ones change nothing).
fn play(db: &mut Db, steps: &[Step]) {
    let a = author();
    let mut made: Vec<ItemId> = Vec::new();
    let pick = |made: &[ItemId], i: usize| (!made.is_empty()).then(|| made[i % made.len()]);
    for (n, s) in steps.iter().enumerate() {
        let op = match s {
            Step::Create { kind, transmitted } => {
                let op = a.create_item(
                    fields(Kind::ALL[*kind], &format!("R-{n}")),
                    transmitted.map(|d| today() - Duration::days(d)),
                );
                made.push(op.item().unwrap());
                op
            }
            Step::Event {
                item,
                kind,
                days_ago,
                status,
            } => {
                let Some(id) = pick(&made, *item) else {
                    continue;
                };
                let t = EventType::ALL[*kind];
                if t == EventType::Retraction {
                    continue;
                }
                let mut e = NewEvent::new(t, today() - Duration::days(*days_ago))
                    .with_note(format!("step {n}"));
                if matches!(t, EventType::Status | EventType::Closed) {
                    e.status = Some(Status::ALL[*status]);
                }
                if t == EventType::DueChanged {
                    e.due_on = Some(today() + Duration::days(*days_ago));
                }
                a.event_op(id, e)
            }
            Step::Retract { item } => {
                let Some(id) = pick(&made, *item) else {
                    continue;
                };
                let Ok(events) = items::events(db.conn(), id) else {
                    continue;
                };
                let Some(last) = events
                    .iter()
                    .rev()
                    .find(|e| e.event_type != EventType::Retraction)
                else {
                    continue;
                };
                a.event_op(
                    id,
                    NewEvent {
                        retracts: Some(last.id),
                        ..NewEvent::new(EventType::Retraction, today()).with_note("wrong")
                    },
                )
            }
            Step::Edit {
                item,
                title,
                due_in,
            } => {
                let Some(id) = pick(&made, *item) else {
                    continue;
                };
                let Ok(current) = items::get(db.conn(), id) else {
                    continue;
                };
                let mut f = current.fields;
                f.title = format!("Title {title}");
                f.due_on = due_in.map(|d| today() + Duration::days(d));
                a.op(Change::EditFields {
                    item: id,
                    base_version: Some(current.version),
                    fields: f,
                })
            }
            Step::Link { from, to } => {
                let (Some(from), Some(to)) = (pick(&made, *from), pick(&made, *to)) else {
                    continue;
                };
                a.op(Change::Link {
                    from,
                    to,
                    relation: "related".into(),
                })
            }
            Step::Archive { item } => match pick(&made, *item) {
                Some(item) => a.op(Change::Archive { item }),
                None => continue,
            },
            Step::Unarchive { item } => match pick(&made, *item) {
                Some(item) => a.op(Change::Unarchive { item }),
                None => continue,
            },
            Step::Erase { item } => match pick(&made, *item) {
                Some(item) => a.op(Change::Erase { item }),
                None => continue,
            },
        };
        let _refused_or_applied: Result<Applied, Error> = db.apply(&op);
    }
}

/// What must survive a JSON round trip: every item's fields and state (but the version
/// counter and when it last changed, which count this database's writes), every event,
/// and the figures of the list.
fn state(db: &Db) -> (Vec<String>, Vec<String>) {
    let all = items::all_with_events(db.conn()).unwrap();
    let records = all
        .into_iter()
        .map(|(mut item, events)| {
            item.version = 0;
            item.updated_at = item.created_at;
            serde_json::json!({ "item": item, "events": events }).to_string()
        })
        .collect();
    let q = ListQuery {
        limit: None,
        ..Default::default()
    };
    // In id order: items with equal figures may list in either order.
    let mut rows = list::list(db.conn(), &q, today()).unwrap();
    rows.sort_by_key(|r| r.id);
    let figures = rows
        .into_iter()
        .map(|r| serde_json::to_string(&r).unwrap())
        .collect();
    (records, figures)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn random_operations_survive_a_json_round_trip(steps in proptest::collection::vec(step(), 1..60)) {
        let mut first = Db::open_in_memory().unwrap();
        play(&mut first, &steps);
        let mut json = Vec::new();
        export::export_json(first.conn(), now(), &mut json).unwrap();
        let mut second = Db::open_in_memory().unwrap();
        import::import_json(&mut second, json.as_slice(), &author(), false).unwrap();
        prop_assert_eq!(state(&first), state(&second));
        // Whatever the operations were, the record replays from its audit trail (`check`
        // finds no difference where nothing was changed behind the program's back).
        for db in [&first, &second] {
            let c = check::check(db.conn()).unwrap();
            prop_assert!(c.ok(), "{:?}", c);
        }
    }
}
