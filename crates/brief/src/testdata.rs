//! A small brief built without a database, for the renderers' tests.

use chrono::NaiveDate;
use counterpart_core::brief::{assemble, Brief, BriefOptions, BriefSource, Lang, LatestEvent};
use counterpart_core::calendar::WorkingDays;
use counterpart_core::db::list::ItemRow;
use counterpart_core::model::{EventType, ItemId, Kind, Priority, RaiseLevel, Status, Substance};
use counterpart_core::raised::RaiseSummary;
use counterpart_core::stats::StatsRow;

pub(crate) fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Working days: about 5 in 7 of the calendar days on both calendars (EXT-2's estimated);
/// EXT-1 raised 3 times, last 2024-11-18 at cabinet level.
fn source(kind: Kind, reference: &str, title: &str, days: Option<i64>) -> BriefSource {
    let raised = match reference {
        "EXT-1" => RaiseSummary {
            count: 3,
            last_on: Some(d("2024-11-18")),
            highest_level: Some(RaiseLevel::Cabinet),
        },
        _ => RaiseSummary::default(),
    };
    BriefSource {
        working_days: WorkingDays {
            working_days_with_counterpart_us: days.map(|d| d * 5 / 7),
            working_days_with_counterpart_prc: days.map(|d| d * 5 / 7 - 1),
            working_days_estimated: reference == "EXT-2",
        },
        links: Vec::new(),
        withheld: Vec::new(),
        raised,
        stats: days.map(|days| StatsRow {
            counterpart: "MPS".into(),
            kind,
            status: Status::Transmitted,
            transmitted_on: d("2024-01-03"),
            days_with_counterpart: days,
            first_prc_on: None,
            raised: raised.count,
        }),
        row: ItemRow {
            id: ItemId::at(chrono::DateTime::UNIX_EPOCH),
            kind,
            reference: reference.into(),
            title: title.into(),
            title_zh: (reference == "EXT-1").then(|| "引渡林某某案".to_owned()),
            status: if days.is_some() {
                Status::Transmitted
            } else {
                Status::Draft
            },
            counterpart: "MPS".into(),
            priority: Priority::Normal,
            owner: None,
            transmitted_on: days.map(|_| d("2024-01-03")),
            status_on: None,
            due_on: None,
            follow_up_on: None,
            closed_on: None,
            last_prc_on: None,
            days_with_counterpart: days,
            days_in_status: days,
            days_since_prc_response: days,
            overdue: reference == "EXT-1",
            working_days: Default::default(),
            raised: Default::default(),
            raised_words: "never raised".into(),
        },
        agency_en: Some("Ministry of Public Security".into()),
        agency_zh: Some("公安部".into()),
        latest: days.map(|_| LatestEvent {
            event_type: EventType::Transmitted,
            on: d("2024-01-03"),
            note: "sent by <i>diplomatic</i> note | A&B\n# not a heading".into(),
        }),
        changed_on: None,
        substance: (kind == Kind::Scheduling).then(|| Substance {
            cas: "7361-61-7".into(),
            name: "xylazine".into(),
            ..Substance::default()
        }),
    }
}

/// EXT-1 (342 days, a title with markup and a pipe), EXT-2 (192), SCH-1 (284), WG-1 draft.
pub(crate) fn brief(lang: Lang, title: Option<&str>) -> Brief {
    assemble(
        vec![
            source(
                Kind::Extradition,
                "EXT-1",
                "Lin <script>alert('x')</script> | \"Tom\" & Co",
                Some(342),
            ),
            source(Kind::Extradition, "EXT-2", "- Surrender of Wu", Some(192)),
            source(Kind::Scheduling, "SCH-1", "> Schedule xylazine", Some(284)),
            source(Kind::Commitment, "WG-1", "Share data", None),
        ],
        d("2024-12-10"),
        &BriefOptions {
            lang,
            title: title.map(str::to_owned),
            prepared_by: Some("A. <Officer>".into()),
            ..Default::default()
        },
    )
}

/// `n` open items across the kinds, `R-0001`…, transmitted 0 to 899 days before
/// 2024-12-10 (for sizes and timings).
pub(crate) fn many(lang: Lang, n: usize) -> Brief {
    let kinds = [
        Kind::Extradition,
        Kind::Indictment,
        Kind::Scheduling,
        Kind::Commitment,
    ];
    let sources = (1..=n)
        .map(|i| {
            let mut s = source(
                kinds[i % 4],
                &format!("R-{i:04}"),
                &format!("Request {i} concerning fentanyl precursors, shipment and payments"),
                Some(((i * 37) % 900) as i64),
            );
            s.row.overdue = i % 5 == 0;
            s
        })
        .collect();
    assemble(
        sources,
        d("2024-12-10"),
        &BriefOptions {
            lang,
            ..Default::default()
        },
    )
}
