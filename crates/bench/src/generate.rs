//! Realistic generated data: fictional people and companies, real agencies and chemicals.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use counterpart_core::db::Db;
use counterpart_core::model::{
    Details, Event, EventId, EventType, Extradition, Indictment, ItemFields, ItemId, Priority,
    RaiseLevel, Scheduling, Status, SubstanceClass,
};
use counterpart_core::op::{Author, Change, NewItem};
use std::io::Write;
use std::path::Path;

/// A small deterministic generator (SplitMix64), so every run measures the same data.
pub use counterpart_team::testing::Rng;

const SURNAMES: [(&str, &str); 8] = [
    ("Lin", "林"),
    ("Zhou", "周"),
    ("Chen", "陈"),
    ("Wang", "王"),
    ("Liu", "刘"),
    ("Zhang", "张"),
    ("Huang", "黄"),
    ("Wu", "吴"),
];
const GIVEN: [(&str, &str); 6] = [
    ("Wei", "伟"),
    ("Jun", "军"),
    ("Mei", "梅"),
    ("Hao", "浩"),
    ("Lei", "磊"),
    ("Fang", "芳"),
];
const COMPANIES: [&str; 6] = [
    "Hubei Example Biotech Co., Ltd.",
    "Wuhan Sample Chemical Trading Co.",
    "Hebei Placeholder Pharmatech Co.",
    "Shanghai Fictional Reagent Co.",
    "Guangzhou Demo Logistics Co.",
    "Zhejiang Imaginary New Materials Co.",
];
const CHEMICALS: [(&str, &str, SubstanceClass); 6] = [
    ("4-ANPP", "1609-66-1", SubstanceClass::Precursor),
    ("NPP", "39742-60-4", SubstanceClass::Precursor),
    ("1-boc-4-AP", "125541-22-2", SubstanceClass::Precursor),
    ("4-piperidone", "41661-47-6", SubstanceClass::Precursor),
    ("xylazine", "7361-61-7", SubstanceClass::Adulterant),
    ("4-AP", "23056-29-3", SubstanceClass::Precursor),
];
const AGENCIES: [&str; 10] = [
    "MPS", "NNCC", "SPP", "MOJ", "MFA", "MOFCOM", "NMPA", "GACC", "PBOC", "CAC",
];
const DISTRICTS: [&str; 5] = ["S.D.N.Y.", "E.D.N.Y.", "D.D.C.", "S.D. Tex.", "N.D. Cal."];
const NOTES: [&str; 5] = [
    "Raised again at the working-group round; counterpart promised a written reply.",
    "Listings for the chemical remain on two e-commerce platforms offering 4-piperidone.",
    "Counterpart asked for translated evidence and the full charging documents.",
    "Follow up through the embassy's law-enforcement attaché.",
    "No reply to the diplomatic note; principal to raise at the next bilateral.",
];

/// The bench's today (`main` counts every figure to it).
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).expect("a date")
}

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 1, 1).expect("a date")
}

/// One item's entered fields, as the generator makes them.
pub fn fields(rng: &mut Rng, n: usize) -> ItemFields {
    let (sur, sur_zh) = *rng.pick(&SURNAMES);
    let (given, given_zh) = *rng.pick(&GIVEN);
    let kind = rng.below(4);
    let (reference, title, title_zh, details) = match kind {
        0 => (
            format!("EXT-{n:06}"),
            format!("Surrender of {sur} {given}, precursor broker"),
            Some(format!("引渡{sur_zh}{given_zh}案")),
            Details::Extradition(Extradition {
                subject: Some(format!("{sur} {given}")),
                subject_zh: Some(format!("{sur_zh}{given_zh}")),
                charges: Some("21 U.S.C. 959, 963".into()),
                district: Some((*rng.pick(&DISTRICTS)).into()),
                provisional_arrest: Some(rng.chance(30)),
            }),
        ),
        1 => {
            let company = *rng.pick(&COMPANIES);
            (
                format!("IND-{n:06}"),
                format!("United States v. {company}"),
                None,
                Details::Indictment(Indictment {
                    case_number: Some(format!("1:2{}-cr-{:05}", rng.below(6), rng.below(99_999))),
                    district: Some((*rng.pick(&DISTRICTS)).into()),
                    defendants: Some(format!("{company}; {sur} {given}")),
                    unsealed_on: None,
                    charges: Some("Conspiracy to import fentanyl precursors".into()),
                }),
            )
        }
        2 => {
            let (name, cas, class) = *rng.pick(&CHEMICALS);
            (
                format!("SCH-{n:06}"),
                format!("Schedule {name} and its salts"),
                Some(format!("列管{name}及其盐类")),
                Details::Scheduling(Scheduling {
                    substance: Some(name.into()),
                    cas_number: Some(cas.into()),
                    substance_class: Some(class),
                    us_control_status: Some("List I chemical".into()),
                    ..Default::default()
                }),
            )
        }
        _ => (
            format!("WG-{n:06}"),
            "Share seizure data on pill presses monthly".to_owned(),
            Some("每月共享压片机查获数据".to_owned()),
            Details::empty(counterpart_core::model::Kind::Commitment),
        ),
    };
    ItemFields {
        reference,
        title,
        title_zh,
        us_agency: Some((*rng.pick(&["DOJ OIA", "DEA", "State INL", "Treasury"])).into()),
        counterpart: (*rng.pick(&AGENCIES)).into(),
        priority: *rng.pick(&[
            Priority::Low,
            Priority::Normal,
            Priority::Normal,
            Priority::High,
        ]),
        owner: Some("desk officer".into()),
        notes: Some((*rng.pick(&NOTES)).into()),
        tags: vec!["fentanyl".into()],
        due_on: None,
        follow_up_on: None,
        details,
    }
}

/// Writes `n` CSV rows in the import format.
pub fn csv(path: &Path, n: usize, seed: u64) {
    let mut rng = Rng::new(seed);
    let file = std::fs::File::create(path).expect("create the CSV");
    let mut w = std::io::BufWriter::new(file);
    writeln!(w, "kind,reference,title,title_zh,us_agency,counterpart,status,status_on,transmitted_on,due_on,follow_up_on,priority,owner,notes,tags,subject,subject_zh,charges,district,case_number,substance,cas_number,substance_class,forum,owner_side").expect("write");
    for i in 0..n {
        let f = fields(&mut rng, i);
        let d = counterpart_core::model::FlatDetails::from(&f.details);
        let tx = base() + Duration::days(rng.below(3000) as i64);
        let (status, status_on) = match rng.below(10) {
            0..=2 => ("transmitted", tx),
            3..=4 => ("acknowledged", tx + Duration::days(rng.below(60) as i64)),
            5 => ("awaiting_us", tx + Duration::days(rng.below(200) as i64)),
            6 => ("in_progress", tx + Duration::days(rng.below(200) as i64)),
            7 => ("declined", tx + Duration::days(rng.below(400) as i64)),
            _ => ("fulfilled", tx + Duration::days(rng.below(400) as i64)),
        };
        // What has happened happened by today (the bench's today; a later date is refused).
        let status_on = status_on.min(today());
        let due = tx + Duration::days(90 + rng.below(400) as i64);
        let q = |s: &Option<String>| {
            let s = s.clone().unwrap_or_default();
            if s.contains([',', '"', '\n']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s
            }
        };
        writeln!(
            w,
            "{},{},{},{},{},{},{},{},{},{},,{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            f.kind(),
            f.reference,
            q(&Some(f.title.clone())),
            q(&f.title_zh),
            q(&f.us_agency),
            f.counterpart,
            status,
            status_on,
            tx,
            due,
            f.priority,
            q(&f.owner),
            q(&f.notes),
            f.tags.join(";"),
            q(&d.subject),
            q(&d.subject_zh),
            q(&d.charges),
            q(&d.district),
            q(&d.case_number),
            q(&d.substance),
            q(&d.cas_number),
            d.substance_class.map(|c| c.to_string()).unwrap_or_default(),
            q(&d.forum),
            d.owner_side.map(|c| c.to_string()).unwrap_or_default(),
        )
        .expect("write");
    }
}

/// What the generated database holds.
pub struct Stats {
    pub events: usize,
    pub paused: usize,
    pub closed: usize,
    pub drafts: usize,
}

/// Fills `db` with `n` items with realistic histories of 2–12 events, in one transaction.
pub fn database(db: &mut Db, n: usize, now: DateTime<Utc>, seed: u64) -> Stats {
    let mut rng = Rng::new(seed);
    let mut stats = Stats {
        events: 0,
        paused: 0,
        closed: 0,
        drafts: 0,
    };
    let today = now.date_naive();
    let author = Author::new(now, today, None);
    let mut ops = Vec::with_capacity(n);
    for i in 0..n {
        let mut f = fields(&mut rng, i);
        let id = author.item_id();
        let events = history(&mut rng, id, today, now);
        if events.is_empty() {
            stats.drafts += 1;
        }
        let first = events.first().map(|e| e.on);
        if let Some(t) = first {
            f.due_on = Some(t + Duration::days(90 + rng.below(600) as i64));
            if rng.chance(20) {
                f.follow_up_on = Some(today + Duration::days(rng.below(60) as i64 - 10));
            }
        }
        stats.events += events.len();
        ops.push(author.op(Change::CreateItem(NewItem {
            item: id,
            fields: f,
            events,
            created_at: None,
            updated_at: None,
        })));
    }
    for applied in db
        .apply_all(&ops)
        .expect("the generated histories are valid")
    {
        match applied.into_item().expect("an item").status {
            Status::AwaitingUs => stats.paused += 1,
            s if s.is_closed() => stats.closed += 1,
            _ => {}
        }
    }
    stats
}

/// A history of 2–12 events (none for the 2% that are drafts).
fn history(rng: &mut Rng, id: ItemId, today: NaiveDate, now: DateTime<Utc>) -> Vec<Event> {
    if rng.chance(2) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let ev = |t: EventType, on: NaiveDate, status: Option<Status>| Event {
        id: EventId::at(now),
        item_id: id,
        event_type: t,
        on,
        recorded_at: now,
        recorded_by: Some("bench".into()),
        side: t.default_side(),
        status,
        due_on: None,
        retracts: None,
        note: String::new(),
        level: (t == EventType::Raised).then_some(RaiseLevel::Director),
        venue: None,
    };
    let span = (today - base()).num_days().max(400) as u64;
    let mut day = base() + Duration::days(rng.below(span - 200) as i64);
    let horizon = today;
    out.push(ev(EventType::Transmitted, day, None));
    let target = 2 + rng.below(11) as usize; // 2..=12
    let fate = rng.below(100); // < 10 paused, 10..40 closed
    let step = |rng: &mut Rng, day: &mut NaiveDate| {
        *day = (*day + Duration::days(1 + rng.below(90) as i64)).min(horizon);
        *day
    };
    let middle = target.saturating_sub(if fate < 40 { 2 } else { 1 });
    let mut paused = false;
    while out.len() < middle {
        let on = step(rng, &mut day);
        match rng.below(6) {
            0 => out.push(ev(EventType::Acknowledged, on, None)),
            1 if !paused => {
                out.push(ev(EventType::InfoRequested, on, None));
                paused = true;
            }
            1 | 2 if paused => {
                out.push(ev(EventType::InfoProvided, on, None));
                paused = false;
            }
            3 => out.push(ev(EventType::PrcResponse, on, None)),
            4 => out.push(ev(EventType::Raised, on, None)),
            _ => out.push(ev(EventType::Note, on, None)),
        }
    }
    if paused {
        let on = step(rng, &mut day);
        out.push(ev(EventType::InfoProvided, on, None));
    }
    let on = step(rng, &mut day);
    if fate < 10 {
        out.push(ev(EventType::InfoRequested, on, None));
    } else if fate < 40 {
        out.push(ev(EventType::PrcResponse, on, None));
        let on = step(rng, &mut day);
        let s = *rng.pick(&[
            Status::Fulfilled,
            Status::PartiallyFulfilled,
            Status::Declined,
            Status::Withdrawn,
        ]);
        out.push(ev(EventType::Closed, on, Some(s)));
    } else if out.len() < 2 {
        out.push(ev(EventType::Raised, on, None));
    }
    out
}
