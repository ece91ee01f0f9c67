//! Every earlier schema version upgrades to the latest with its data intact. A fixture
//! database is kept for each released schema version (`fixtures/schema-N.sqlite3`, with
//! the script that made it, `make-schema-N.sh`); add one with every new migration.
//! Schema 2 added reminder state and settings, schema 3 the record of briefs, schema 4 the
//! audit trail and archiving, schema 5 the `unlinked` action of the trail (its table
//! rebuilt with the wider check: the rows, and so the chain, are kept as they were),
//! schema 6 the redactable trail (older trails verified and re-chained) and the rows of
//! changes that are not an item's.
//! Schema 7 team mode: the membership, the outbox and the merge state (tables empty
//! outside a team), and the trail's `shared`, `conflict`, `team_joined`, `team_left`.
//! Schema 15 the search's indexes made anew (trigrams with positions, and the one- and
//! two-character grams filled for the items already there). Schema 16 the partial index
//! the reminder check's cadence walks (`item_chase`) and the index of the list sorted by
//! title (`item_title`).

use counterpart_core::audit::Action;
use counterpart_core::db::list::{self, ListQuery};
use counterpart_core::db::{audit, brief, items, reminders, schema_version, Db};
use counterpart_core::model::{Kind, Status};
use counterpart_core::op::{Author, Change};
use counterpart_core::reminders::{Deadline, ReminderState};

/// What the fixtures hold, as (reference, status, days with counterpart on 2024-11-18,
/// number of events).
const EXPECTED: [(&str, Status, Option<i64>, usize); 4] = [
    ("EXT-1", Status::Transmitted, Some(375), 3),
    ("SCH-1", Status::Acknowledged, Some(262), 2),
    ("IND-1", Status::Declined, Some(107), 2),
    ("WG-1", Status::Draft, None, 0),
];

#[test]
fn every_fixture_upgrades_with_its_data() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut found = 0;
    for version in 1..=schema_version() {
        let fixture = dir.join(format!("schema-{version}.sqlite3"));
        assert!(
            fixture.exists(),
            "no fixture for schema version {version}: add {}",
            fixture.display()
        );
        found += 1;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("c.sqlite3");
        std::fs::copy(&fixture, &path).unwrap();
        let mut db = Db::open(&path, chrono::Utc::now())
            .unwrap_or_else(|e| panic!("schema {version} does not upgrade: {e}"));
        let user_version: i64 = db
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            user_version,
            schema_version(),
            "schema {version} is upgraded to the latest"
        );
        let today = "2024-11-18".parse().unwrap();
        let rows = list::list(db.conn(), &ListQuery::default(), today).unwrap();
        let got: Vec<(String, Status, Option<i64>, usize)> = rows
            .iter()
            .map(|r| {
                let n = items::events(db.conn(), r.id).unwrap().len();
                (r.reference.clone(), r.status, r.days_with_counterpart, n)
            })
            .collect();
        let want: Vec<(String, Status, Option<i64>, usize)> = EXPECTED
            .iter()
            .map(|(r, s, d, n)| (r.to_string(), *s, *d, *n))
            .collect();
        assert_eq!(
            got, want,
            "schema {version}: items, statuses, figures and histories intact"
        );
        let ext = items::find(db.conn(), "EXT-1").unwrap();
        let view = items::view(db.conn(), ext, today).unwrap();
        assert_eq!(view.item.fields.title_zh.as_deref(), Some("引渡林某某案"));
        assert_eq!(view.links.len(), 1, "links survive");
        let found_zh = list::list(
            db.conn(),
            &ListQuery {
                search: Some("林某某".into()),
                ..Default::default()
            },
            today,
        )
        .unwrap();
        assert_eq!(found_zh.len(), 1, "the search index survives");
        // Schema 15 made the indexes anew: the gram index (one and two characters) is
        // filled for the items already there, and both agree with the items.
        for word in ["林", "林某", "SURRENDER lin"] {
            let found = list::list(
                db.conn(),
                &ListQuery {
                    search: Some(word.into()),
                    ..Default::default()
                },
                today,
            )
            .unwrap();
            let refs: Vec<&str> = found.iter().map(|r| r.reference.as_str()).collect();
            assert_eq!(refs, ["EXT-1"], "schema {version}: {word:?} is found");
        }
        counterpart_core::db::search::check(&db)
            .unwrap_or_else(|e| panic!("schema {version}: the search indexes: {e}"));

        // Schema 2 added reminder state and settings: a fixture made at 2 or later keeps
        // EXT-1's snoozed reminder and the extradition cadence; an older one upgrades
        // with none (every reminder pending, default settings).
        let due: Vec<_> = reminders::item_reminders(db.conn(), ext, today)
            .unwrap()
            .into_iter()
            .filter(|r| r.deadline == Deadline::Due)
            .map(|r| (r.deadline_on.to_string(), r.state, r.snoozed_until))
            .collect();
        let cadence = reminders::settings(db.conn())
            .unwrap()
            .cadence(Kind::Extradition);
        if version >= 2 {
            assert_eq!(
                due,
                [(
                    "2024-06-01".to_string(),
                    ReminderState::Snoozed,
                    Some("2024-11-25".parse().unwrap())
                )],
                "schema {version}: reminder state survives"
            );
            assert_eq!(cadence, Some(30), "schema {version}: settings survive");
        } else {
            assert_eq!(
                due,
                [("2024-06-01".to_string(), ReminderState::Pending, None)],
                "schema {version}: no reminder state before schema 2"
            );
            assert_eq!(cadence, None);
        }

        // Schema 3 added the record of briefs: a fixture made at 3 or later keeps its one
        // brief (open items, en-zh, as of 2024-11-18) with the items and figures it showed;
        // an older one upgrades with none (and, above, its reminder state intact).
        let briefs = brief::recorded(db.conn()).unwrap();
        if version >= 3 {
            assert_eq!(
                briefs.len(),
                1,
                "schema {version}: the recorded brief survives"
            );
            let b = &briefs[0];
            assert_eq!(
                (b.as_of.to_string().as_str(), b.format.as_str()),
                ("2024-11-18", "md")
            );
            let options: serde_json::Value = serde_json::from_str(&b.options).unwrap();
            assert_eq!(options["lang"], "en-zh");
            assert_eq!(options["open_only"], true);
            let items: Vec<(&str, Option<i64>, bool)> = b
                .items
                .iter()
                .map(|i| (i.reference.as_str(), i.days_with_counterpart, i.overdue))
                .collect();
            assert_eq!(
                items,
                [
                    ("EXT-1", Some(375), true),
                    ("SCH-1", Some(262), false),
                    ("WG-1", None, false)
                ],
                "schema {version}: the brief's items and figures survive"
            );
            assert_eq!(b.items[0].item_id, ext, "the item ids survive");
        } else {
            assert!(
                briefs.is_empty(),
                "schema {version}: no briefs before schema 3"
            );
        }

        // Schema 4 added the audit trail. An older database starts it on upgrade with a
        // `created` row per item (in item order, who unknown); a fixture made at 4 keeps
        // its own trail, including an erased item's rows, and its archived item (in no
        // list above). Either way the chain verifies.
        let report = audit::verify(db.conn()).unwrap();
        assert_eq!(
            report.first_bad, None,
            "schema {version}: the audit chain verifies after the upgrade"
        );
        let ext_history = audit::history(db.conn(), ext).unwrap();
        assert_eq!(ext_history[0].action, Action::Created);
        // Schema 14: the attachment and its bytes survive, and still match their hash.
        let attached = counterpart_core::db::attachments::list(db.conn(), ext).unwrap();
        if version >= 14 {
            assert_eq!(attached.len(), 1, "schema {version}: EXT-1's note verbale");
            let mut bytes = Vec::new();
            counterpart_core::db::attachments::write_content(
                db.conn(),
                &attached[0].sha256,
                &mut bytes,
            )
            .unwrap();
            assert_eq!(bytes, b"Note verbale No. 2023-117 (test fixture)\n");
            let (bad, _) = counterpart_core::db::attachments::verify(db.conn()).unwrap();
            assert!(bad.is_empty(), "schema {version}: {bad:?}");
        } else {
            assert!(
                attached.is_empty(),
                "schema {version}: no attachments before 14"
            );
        }
        let archived: Vec<String> = items::archived(db.conn())
            .unwrap()
            .into_iter()
            .map(|a| a.reference)
            .collect();
        if version >= 4 {
            // 14 rows, and the `rechained` row of migration 0006; at schema 6 the brief
            // made and the reminder snoozed have their rows too, and no re-chaining.
            // At schema 8 the fixture adds a closure (`holiday_added`); at schema 10 its
            // scheduling item's substance is added to the registry as it is made
            // (`substance_added`); at schema 11 a pre-precursor joins the registry; at schema 13 a notice is loaded
            // (`calendar_published`); at schema 14 a file is attached (`attached`).
            let rows = match version {
                14.. => 21,
                13 => 20,
                11 | 12 => 19,
                10 => 18,
                8 | 9 => 17,
                6 | 7 => 16,
                _ => 15,
            };
            assert_eq!(report.rows, rows, "schema {version}: the trail survives");
            let attached = usize::from(version >= 14);
            assert_eq!(
                ext_history.len(),
                4 + attached,
                "created, two events, linked (and attached)"
            );
            assert_eq!(ext_history[0].who.as_deref(), Some("fixture"));
            let typo = audit::history_by_reference(db.conn(), "TYPO-1").unwrap();
            assert_eq!(
                typo.iter().map(|e| e.action).collect::<Vec<_>>(),
                [Action::Created, Action::Erased],
                "schema {version}: an erased item's rows survive"
            );
            // Schema 6: the rows of an item erased before the upgrade are redacted by it
            // (its title is gone from the trail), and the chain still verifies (above).
            assert_eq!(
                (typo[0].new_value.as_deref(), typo[0].new.as_ref()),
                (None, None),
                "schema {version}: the erased item's created row is redacted"
            );
            assert_eq!(
                archived,
                ["ARC-1"],
                "schema {version}: archived stays archived"
            );
        } else {
            assert_eq!(
                report.rows, 5,
                "schema {version}: one created row per item, and 0006's `rechained` row"
            );
            assert_eq!(
                ext_history.len(),
                1,
                "schema {version}: EXT-1's created row"
            );
            assert_eq!(
                ext_history[0].who, None,
                "schema {version}: who is not known"
            );
            assert_eq!(
                ext_history[0].at, view.item.created_at,
                "schema {version}: at the item's creation"
            );
            assert!(archived.is_empty());
        }

        // Schema 6 re-chained an older trail, recording the old head and that it verified.
        let rechained: Option<String> = db
            .conn()
            .query_row(
                "SELECT new_value FROM audit_log WHERE action = 'rechained'",
                [],
                |r| r.get(0),
            )
            .ok();
        if version < 6 {
            let r: serde_json::Value = serde_json::from_str(&rechained.unwrap()).unwrap();
            assert_eq!(r["verified"], true, "schema {version}: {r}");
            assert_eq!(r["rows"], report.rows - 1, "schema {version}: {r}");
        } else {
            assert_eq!(rechained, None, "a trail of schema 6 is not re-chained");
        }
        let c = counterpart_core::db::check::check(db.conn()).unwrap();
        assert!(
            c.ok(),
            "schema {version}: check holds after the upgrade: {c:?}"
        );

        // Schema 5 widened the trail's check for `unlinked`: on every upgraded database a
        // link can be removed, audited, and the chain still verifies.
        let ind = items::find(db.conn(), "IND-1").unwrap();
        let now = chrono::Utc::now();
        let unlink = Change::Unlink {
            from: ext,
            to: ind,
            relation: "indictment".into(),
        };
        db.apply(&Author::new(now, today, None).op(unlink))
            .unwrap_or_else(|e| panic!("schema {version}: a link cannot be removed: {e}"));
        assert_eq!(
            audit::history(db.conn(), ext)
                .unwrap()
                .last()
                .unwrap()
                .action,
            Action::Unlinked
        );
        assert!(items::view(db.conn(), ext, today).unwrap().links.is_empty());
        assert_eq!(
            audit::verify(db.conn()).unwrap().first_bad,
            None,
            "schema {version}: the chain verifies after an unlink"
        );
    }
    assert!(found >= 1);
}

/// Schema 9 (raising an item): a schema-7 database upgrades with its items' digests as
/// they were (the raise columns count only when set), takes raised events with a level
/// and venue, and `check` holds before and after.
#[test]
fn schema_7_upgrades_to_raised_levels() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("c.sqlite3");
    std::fs::copy(dir.join("schema-7.sqlite3"), &path).unwrap();
    let mut db = Db::open(&path, chrono::Utc::now()).unwrap();
    let c = counterpart_core::db::check::check(db.conn()).unwrap();
    assert!(c.ok(), "check holds after the upgrade: {c:?}");
    let today: chrono::NaiveDate = "2024-11-18".parse().unwrap();
    // The migration fills the stats' columns from the histories: the same answers as the
    // histories give.
    let rows = counterpart_core::db::stats::rows(db.conn(), today).unwrap();
    let answered = rows.iter().filter(|r| r.first_prc_on.is_some()).count();
    let mut want = 0;
    for (item, events) in items::all_with_events(db.conn()).unwrap() {
        let retracted: Vec<_> = events.iter().filter_map(|e| e.retracts).collect();
        let prc = events
            .iter()
            .any(|e| e.side == counterpart_core::model::Side::Prc && !retracted.contains(&e.id));
        want += usize::from(prc && item.transmitted_on.is_some() && item.archived_at.is_none());
    }
    assert!(want > 0, "the fixture has answered items");
    assert_eq!(answered, want);
    let ext = items::find(db.conn(), "EXT-1").unwrap();
    assert_eq!(items::view(db.conn(), ext, today).unwrap().raised.count, 0);
    let author = Author::new(chrono::Utc::now(), today, Some("fixture".into()));
    let raised = counterpart_core::model::NewEvent::raised(
        today,
        counterpart_core::model::RaiseLevel::DeputySecretary,
        Some("a call"),
    );
    db.apply(&author.event_op(ext, raised)).unwrap();
    let view = items::view(db.conn(), ext, today).unwrap();
    assert_eq!(
        view.raised_words,
        "raised once, last 2024-11-18 at deputy secretary level"
    );
    assert_eq!(view.events[0].event.venue.as_deref(), Some("a call"));
    let c = counterpart_core::db::check::check(db.conn()).unwrap();
    assert!(c.ok(), "check holds with a raised event: {c:?}");
}

/// Schema 10 (migration 0010) made the substance registry: SCH-1 of the schema-7 fixture
/// (xylazine, CAS 7361-61-7, an adulterant) becomes its entry, the item refers to it by
/// its CAS number and keeps its own columns (the export reads them as before); the trail
/// learns `substance_added` and the chain still verifies.
#[test]
fn schema_7_scheduling_items_become_registry_entries() {
    use counterpart_core::db::substances::{self, SubstanceQuery};
    use counterpart_core::model::{Details, Substance, SubstanceClass};
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-7.sqlite3");
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("c.sqlite3");
    std::fs::copy(&fixture, &path).unwrap();
    let mut db = Db::open(&path, chrono::Utc::now()).unwrap();
    let all = substances::list(db.conn(), &SubstanceQuery::default()).unwrap();
    assert_eq!(
        all,
        [Substance {
            cas: "7361-61-7".into(),
            name: "xylazine".into(),
            class: Some(SubstanceClass::Adulterant),
            source: Some("item SCH-1".into()),
            ..Substance::default()
        }],
        "one entry per CAS number, with the item's facts"
    );
    let sch = items::get(db.conn(), items::find(db.conn(), "SCH-1").unwrap()).unwrap();
    let Details::Scheduling(x) = &sch.fields.details else {
        panic!("SCH-1 is a scheduling item")
    };
    assert_eq!(
        x.substance.as_deref(),
        Some("xylazine"),
        "the item keeps its columns"
    );
    assert_eq!(
        substances::get(db.conn(), x.cas_number.as_deref().unwrap())
            .unwrap()
            .map(|s| s.name),
        Some("xylazine".into()),
        "the item refers to its entry by CAS number"
    );
    let csv = {
        let mut out = Vec::new();
        counterpart_core::export::export_csv(db.conn(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    assert!(
        csv.contains("xylazine") && csv.contains("7361-61-7"),
        "{csv}"
    );

    let a = Author::new(chrono::Utc::now(), "2024-11-18".parse().unwrap(), None);
    db.apply(&a.op(Change::EditSubstance(Substance {
        prc_controlled_on: Some("2024-07-01".parse().unwrap()),
        ..all[0].clone()
    })))
    .unwrap();
    db.apply(&a.op(Change::AddSubstance(Substance {
        cas: "50-00-0".into(),
        name: "formaldehyde".into(),
        ..Substance::default()
    })))
    .unwrap();
    let uncontrolled = substances::list(
        db.conn(),
        &SubstanceQuery {
            not_controlled_by_prc: true,
        },
    )
    .unwrap();
    assert_eq!(
        uncontrolled
            .iter()
            .map(|s| s.cas.as_str())
            .collect::<Vec<_>>(),
        ["50-00-0"],
        "xylazine, controlled since 2024-07-01, is left out"
    );
    assert!(audit::verify(db.conn()).unwrap().ok(), "the chain verifies");
}
