//! Team mode's local side: the outbox is written in the same transaction as the change,
//! and only then; sharing is an audited operation of a team's database; an erase takes
//! the item's waiting operations with it; two edits of one copy are not a conflict; a
//! pulled operation this copy cannot apply is kept with why, and the rest applied.

use chrono::{DateTime, TimeZone, Utc};
use counterpart_core::audit::Action;
use counterpart_core::db::team::{Joining, Pulled};
use counterpart_core::db::{audit, check, items, Db};
use counterpart_core::model::{ItemFields, Kind};

mod support;
use counterpart_core::op::{Author, Change, Operation};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 30, 9, 0, 0).unwrap()
}

fn author(name: &str) -> Author {
    Author::new(now(), now().date_naive(), Some(name.into()))
}

fn fields(reference: &str) -> ItemFields {
    support::fields(Kind::Commitment, reference)
}

fn joined(dir: &tempfile::TempDir, name: &str) -> Db {
    let mut db = Db::open(&dir.path().join(format!("{name}.sqlite3")), now()).unwrap();
    let joining = Joining {
        server: "postgresql://127.0.0.1:1/team".into(),
        user: name.into(),
        agency: "STATE".into(),
    };
    db.join_team(&joining, &author(name)).unwrap();
    db
}

/// The operations an outbox holds, as the server would receive them.
fn pulled(db: &Db, from_seq: i64) -> Vec<Pulled> {
    let device = db.team().unwrap().unwrap().device;
    db.outbox(100)
        .unwrap()
        .into_iter()
        .enumerate()
        .map(|(i, o)| Pulled {
            server_seq: from_seq + i as i64,
            op: Operation::from_json(&o.body).unwrap(),
            base: o.base,
            fields: o.fields,
            device: Some(device),
        })
        .collect()
}

#[test]
fn joining_queues_what_is_there_and_each_change_then_goes_to_the_outbox_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("a.sqlite3"), now()).unwrap();
    let a = author("ana");
    let first = a.create_item(fields("WG-1"), None);
    db.apply(&first).unwrap();
    assert!(db.team().unwrap().is_none());
    let joining = Joining {
        server: "postgresql://127.0.0.1:1/team".into(),
        user: "ana".into(),
        agency: "STATE".into(),
    };
    assert_eq!(
        db.join_team(&joining, &a).unwrap(),
        1,
        "the item already here"
    );
    assert!(db.join_team(&joining, &a).is_err(), "one team at a time");
    assert_eq!(db.pending_ops().unwrap(), 1);

    let id = first.item().unwrap();
    let mut f = fields("WG-1");
    f.title = "Share seizure data".into();
    db.apply(&a.op(Change::EditFields {
        item: id,
        base_version: None,
        fields: f,
    }))
    .unwrap();
    let out = db.outbox(10).unwrap();
    assert_eq!(out.len(), 2);
    assert_eq!(
        out[1].fields,
        ["title"],
        "an edit travels with the columns it changed"
    );

    // A refused change leaves no outbox row either.
    let refused = a.op(Change::EditFields {
        item: id,
        base_version: None,
        fields: fields(""),
    });
    assert!(db.apply(&refused).is_err());
    assert_eq!(db.pending_ops().unwrap(), 2);
    // Personal settings do not travel.
    db.apply(&a.op(Change::SetMarking {
        marking: "SBU".into(),
    }))
    .unwrap();
    assert_eq!(db.pending_ops().unwrap(), 2);

    // Sharing is an operation of a team's database, audited on the item.
    db.apply(&a.op(Change::Share {
        item: id,
        agency: "DEA".into(),
    }))
    .unwrap();
    assert_eq!(db.pending_ops().unwrap(), 3);
    let h = audit::history(db.conn(), id).unwrap();
    let shared = h.iter().find(|e| e.action == Action::Shared).unwrap();
    assert_eq!(shared.words.as_deref(), Some("shared with DEA"));
    let bad = a.op(Change::Share {
        item: id,
        agency: "dea; drop".into(),
    });
    let err = db.apply(&bad).unwrap_err().to_string();
    assert!(err.contains("with"), "{err}");

    // An erase of an item the server never had: its waiting operations go with it (they
    // hold what was erased), and the erase is not sent either.
    db.apply(&a.op(Change::Erase { item: id })).unwrap();
    assert_eq!(db.pending_ops().unwrap(), 0);
    assert!(check::check(db.conn()).unwrap().ok());
    db.leave_team(&a).unwrap();
    assert!(db.team().unwrap().is_none());
}

#[test]
fn sharing_outside_a_team_is_refused() {
    let mut db = Db::open_in_memory().unwrap();
    let a = author("ana");
    let op = a.create_item(fields("WG-1"), None);
    db.apply(&op).unwrap();
    let err = db
        .apply(&a.op(Change::Share {
            item: op.item().unwrap(),
            agency: "DEA".into(),
        }))
        .unwrap_err();
    assert!(err.to_string().contains("not in a team"), "{err}");
}

#[test]
fn edits_of_one_copy_are_not_a_conflict_but_a_colleagues_unseen_edit_is() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (joined(&dir, "ana"), joined(&dir, "ben"));
    let (ana, ben) = (author("ana"), author("ben"));
    let create = ana.create_item(fields("WG-1"), None);
    let id = create.item().unwrap();
    a.apply(&create).unwrap();
    // The server: seq 1 is the creation.
    let log1 = pulled(&a, 1);
    a.acknowledge(&[(create.id, 1)]).unwrap();
    a.apply_pulled(&log1).unwrap();
    b.apply_pulled(&log1).unwrap();
    // Ana edits the title twice offline; Ben once, without having seen hers.
    let edit = |who: &Author, title: &str| {
        let mut f = fields("WG-1");
        f.title = title.into();
        who.op(Change::EditFields {
            item: id,
            base_version: None,
            fields: f,
        })
    };
    a.apply(&edit(&ana, "Ana one")).unwrap();
    a.apply(&edit(&ana, "Ana two")).unwrap();
    b.apply(&edit(&ben, "Ben")).unwrap();
    let mut log = log1;
    let from_a = pulled(&a, 2);
    let from_b = pulled(&b, 4);
    log.extend(from_a.iter().cloned());
    log.extend(from_b.iter().cloned());
    for (i, p) in from_a.iter().enumerate() {
        a.acknowledge(&[(p.op.id, 2 + i as i64)]).unwrap();
    }
    b.acknowledge(&[(from_b[0].op.id, 4)]).unwrap();
    a.apply_pulled(&log).unwrap();
    let outcome = b.apply_pulled(&log).unwrap();
    assert_eq!(outcome.own, 1);
    assert_eq!(outcome.applied, 2);
    for db in [&a, &b] {
        let item = items::get(db.conn(), id).unwrap();
        assert_eq!(
            item.fields.title, "Ben",
            "the last in the server's order stands"
        );
        let words: Vec<String> = audit::history(db.conn(), id)
            .unwrap()
            .into_iter()
            .filter(|e| e.action == Action::Conflict)
            .filter_map(|e| e.words)
            .collect();
        assert_eq!(
            words,
            ["Title “Ana two” was replaced by ben's edit “Ben”, made without seeing it"],
            "one conflict: Ana's second edit follows her first, not a conflict"
        );
        assert!(check::check(db.conn()).unwrap().ok());
        assert_eq!(db.pending_ops().unwrap(), 0);
    }
}

#[test]
fn a_pulled_operation_that_cannot_be_applied_is_kept_with_why_and_the_rest_applied() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = joined(&dir, "ben");
    let ana = author("ana");
    let create = ana.create_item(fields("WG-1"), None);
    let id = create.item().unwrap();
    // An edit of an item this copy never received (shared and then not, say), then an
    // item it can apply.
    let orphan = ana.op(Change::EditFields {
        item: ana.item_id(),
        base_version: None,
        fields: fields("WG-9"),
    });
    let batch: Vec<Pulled> = [orphan, create]
        .into_iter()
        .enumerate()
        .map(|(i, op)| Pulled {
            server_seq: i as i64 + 1,
            op,
            base: 0,
            fields: vec!["title".into()],
            device: None,
        })
        .collect();
    let outcome = b.apply_pulled(&batch).unwrap();
    assert_eq!((outcome.applied, outcome.not_applied), (1, 1));
    assert!(b.has_item(id).unwrap());
    let refused = b.team_refused().unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].0, 1);
    assert!(refused[0].2.contains("no item"), "{}", refused[0].2);
    assert_eq!(b.team().unwrap().unwrap().pulled, 2, "past both");
    // Pulled again (a crash before the answer): nothing applies twice.
    let again = b.apply_pulled(&batch).unwrap();
    assert_eq!(again, Default::default());
}
