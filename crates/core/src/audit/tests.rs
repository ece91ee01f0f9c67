//! The chain's encoding, digests and values, tested.

use super::*;

const D1: [u8; 32] = [1; 32];
const D2: [u8; 32] = [2; 32];

fn row<'a>() -> RowContent<'a> {
    RowContent {
        seq: 1,
        at: "2024-01-02T03:04:05.000000Z",
        who: Some("ana"),
        item_id: Some(&[7; 16]),
        reference: Some("EXT-1"),
        action: "edited",
        field: Some("title"),
        digests: [Some(&D1), Some(&D2)],
        prev_hash: GENESIS,
    }
}

#[test]
fn every_column_counts_in_the_hash() {
    let base = row().hash();
    assert_eq!(base.len(), 64);
    assert_eq!(base, row().hash(), "the hash is deterministic");
    let variants = [
        RowContent { seq: 2, ..row() },
        RowContent {
            at: "2024-01-02T03:04:05.000001Z",
            ..row()
        },
        RowContent { who: None, ..row() },
        RowContent {
            item_id: Some(&[8; 16]),
            ..row()
        },
        RowContent {
            item_id: None,
            ..row()
        },
        RowContent {
            reference: Some("EXT-2"),
            ..row()
        },
        RowContent {
            action: "created",
            ..row()
        },
        RowContent {
            field: None,
            ..row()
        },
        RowContent {
            digests: [None, Some(&D2)],
            ..row()
        },
        RowContent {
            digests: [Some(&D1), Some(&D1)],
            ..row()
        },
        RowContent {
            prev_hash: &base,
            ..row()
        },
    ];
    for v in variants {
        assert_ne!(v.hash(), base, "{v:?} must hash differently");
    }
}

#[test]
fn the_hash_is_sha256_of_the_canonical_encoding() {
    assert_eq!(row().hash(), hex(&Sha256::digest(row().canonical())));
    let c = row().canonical();
    assert!(c.starts_with(DOMAIN));
    assert_eq!(&c[DOMAIN.len()..DOMAIN.len() + 8], &1i64.to_be_bytes());
}

#[test]
fn the_encoding_is_unambiguous() {
    // A digest moved from one column to its neighbour, and NULL against empty, differ.
    let a = RowContent {
        digests: [None, Some(&D2)],
        ..row()
    };
    let b = RowContent {
        digests: [Some(&D2), None],
        ..row()
    };
    assert_ne!(a.hash(), b.hash());
    let null = RowContent { who: None, ..row() };
    let empty = RowContent {
        who: Some(""),
        ..row()
    };
    assert_ne!(null.hash(), empty.hash());
}

#[test]
fn a_value_digest_depends_on_the_salt_the_column_and_the_value() {
    let d = value_digest(&[1; 16], Column::NewValue, "Surrender of Lin");
    assert_eq!(
        d,
        value_digest(&[1; 16], Column::NewValue, "Surrender of Lin")
    );
    assert_ne!(
        d,
        value_digest(&[2; 16], Column::NewValue, "Surrender of Lin")
    );
    assert_ne!(
        d,
        value_digest(&[1; 16], Column::OldValue, "Surrender of Lin")
    );
    assert_ne!(
        d,
        value_digest(&[1; 16], Column::NewValue, "Surrender of Lim")
    );
}

#[test]
fn the_v1_hash_is_as_it_always_was() {
    // A row of schema 4 (the 0004 fixture's first row shape): the v1 encoding must not
    // change, or old chains would no longer verify before their re-chaining.
    let v1 = V1Row {
        seq: 1,
        at: "2024-01-02T03:04:05.000000Z",
        who: Some("ana"),
        item_id: &[7; 16],
        reference: "EXT-1",
        action: "edited",
        field: Some("title"),
        old_value: Some("a"),
        new_value: Some("b"),
        prev_hash: GENESIS,
    };
    let mut want = Vec::new();
    want.extend_from_slice(b"counterpart-audit-v1\0");
    want.extend_from_slice(&1i64.to_be_bytes());
    for p in [
        &b"2024-01-02T03:04:05.000000Z"[..],
        b"ana",
        &[7; 16],
        b"EXT-1",
        b"edited",
        b"title",
        b"a",
        b"b",
        GENESIS.as_bytes(),
    ] {
        want.push(1);
        want.extend_from_slice(&(p.len() as u64).to_be_bytes());
        want.extend_from_slice(p);
    }
    assert_eq!(v1.hash(), hex(&Sha256::digest(&want)));
}

#[test]
fn values_read_back_by_their_action() {
    let item = r#"{"kind":"extradition","title":"Surrender of \"LIN\" Wei"}"#;
    let event = r#"{"due_on":"2024-09-01","id":"0190e3c4-4b1a-7000-8000-000000000001","note":"New date","on":"2024-03-01","side":"prc"}"#;
    let cases: [(Action, Which, &str, AuditValue); 6] = [
        (
            Action::Created,
            Which::New,
            item,
            AuditValue::Item(ItemRecord {
                kind: Kind::Extradition,
                title: "Surrender of \"LIN\" Wei".into(),
            }),
        ),
        (
            Action::Erased,
            Which::Old,
            item,
            AuditValue::Item(ItemRecord {
                kind: Kind::Extradition,
                title: "Surrender of \"LIN\" Wei".into(),
            }),
        ),
        (
            Action::EventRecorded,
            Which::New,
            event,
            AuditValue::Event(EventRecord {
                due_on: "2024-09-01".parse().ok(),
                id: EventId("0190e3c4-4b1a-7000-8000-000000000001".parse().unwrap()),
                note: Some("New date".into()),
                on: "2024-03-01".parse().unwrap(),
                retracts: None,
                side: Side::Prc,
                status: None,
                level: None,
                venue: None,
            }),
        ),
        (
            Action::Edited,
            Which::New,
            item,
            AuditValue::Text { text: item.into() },
        ),
        (
            Action::Linked,
            Which::New,
            "IND-1",
            AuditValue::Text {
                text: "IND-1".into(),
            },
        ),
        (
            Action::EventRecorded,
            Which::New,
            "not json",
            AuditValue::Text {
                text: "not json".into(),
            },
        ),
    ];
    for (action, which, raw, want) in cases {
        assert_eq!(
            AuditValue::decode(action, which, Some(raw)),
            Some(want),
            "{action} {which:?} {raw}"
        );
    }
    assert_eq!(AuditValue::decode(Action::Created, Which::New, None), None);
    // The records write what rows have always held, byte for byte.
    let AuditValue::Event(e) =
        AuditValue::decode(Action::EventRecorded, Which::New, Some(event)).unwrap()
    else {
        panic!("an event");
    };
    assert_eq!(serde_json::to_string(&e).unwrap(), event);
    let i = ItemRecord {
        kind: Kind::Extradition,
        title: "Surrender of \"LIN\" Wei".into(),
    };
    assert_eq!(serde_json::to_string(&i).unwrap(), item);
    // Every field set: as the JSON object the rows were first written from.
    let full = EventRecord {
        retracts: Some(e.id),
        status: Some(Status::InProgress),
        ..e.clone()
    };
    let object = serde_json::json!({
        "id": e.id, "on": e.on, "side": e.side, "status": full.status,
        "due_on": e.due_on, "retracts": e.id, "note": e.note,
    });
    assert_eq!(serde_json::to_string(&full).unwrap(), object.to_string());
}

#[test]
fn actions_round_trip() {
    for a in Action::ALL {
        assert_eq!(a.as_str().parse::<Action>().unwrap(), a);
    }
    assert!("deleted".parse::<Action>().is_err());
}
