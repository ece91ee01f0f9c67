//! A demo database: a few dozen realistic items with their histories, for trying the
//! program, screenshots and training.
//!
//! Every date is counted back (or forward) from the `today` given, so that the figures
//! look alive whatever the date: items sent years ago and never answered, items waiting
//! on the U.S. side, items closed, deadlines passed and deadlines coming up. Reference
//! numbers and case numbers take their year from the dates they belong to.
//!
//! The people and companies are fictional; the PRC agencies, U.S. agencies, chemicals
//! and their CAS numbers are real. Nothing here is random: the same `today` always gives
//! the same content.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use std::cell::RefCell;

use crate::db::apply::Applier;
use crate::db::{Db, Tx};
use crate::error::Result;
use crate::model::{
    Commitment, Details, Event, EventType, Extradition, Indictment, Item, ItemFields, NewEvent,
    OwnerSide, Priority, Scheduling, Side, Status, SubstanceClass,
};
use crate::op::{Author, Change, Operation};

/// Fills an empty database with a few dozen realistic items and their histories, dated
/// relative to `today` so that the figures look alive whatever the date.
pub fn populate(db: &mut Db, today: NaiveDate, now: DateTime<Utc>) -> Result<()> {
    db.write(|tx| {
        let d = Demo {
            tx,
            applier: RefCell::new(Applier::new(tx, false)?),
            author: Author::new(now, today, Some(USER.into())),
            today,
        };
        let indicted = indictments(&d)?;
        extraditions(&d, &indicted)?;
        let covering = commitments(&d)?;
        scheduling(&d, &covering)?;
        Ok(())
    })
}

/// The user the demo's events are recorded by.
const USER: &str = "demo";

/// Relation of an extradition request to its indictment.
const REL_INDICTMENT: &str = "indictment";
/// Relation of a scheduling request to the commitment that covers it.
const REL_COMMITMENT: &str = "covered by commitment";

const FORUM_1: &str = "U.S.–PRC Counternarcotics Working Group, 1st round";
const FORUM_2: &str = "U.S.–PRC Counternarcotics Working Group, 2nd round";
const FORUM_3: &str = "U.S.–PRC Counternarcotics Working Group, 3rd round";
/// Days before `today` of the three working-group rounds.
const ROUND_1: i64 = 293;
const ROUND_2: i64 = 180;
const ROUND_3: i64 = 60;

fn s(v: &str) -> Option<String> {
    Some(v.to_owned())
}

fn tags(v: &[&str]) -> Vec<String> {
    v.iter().map(|t| (*t).to_owned()).collect()
}

/// The writer: the transaction, the day the demo is dated from, and the recording time.
struct Demo<'t, 'c> {
    tx: &'t Tx<'c>,
    applier: RefCell<Applier>,
    author: Author,
    today: NaiveDate,
}

impl Demo<'_, '_> {
    fn apply(&self, op: &Operation) -> Result<crate::db::apply::Applied> {
        self.applier.borrow_mut().apply(self.tx, op)
    }

    /// The date `n` days before today.
    fn ago(&self, n: i64) -> NaiveDate {
        self.today - Duration::days(n)
    }

    /// The date `n` days after today.
    fn ahead(&self, n: i64) -> NaiveDate {
        self.today + Duration::days(n)
    }

    /// The year of the date `n` days before today (for reference numbers).
    fn year(&self, n: i64) -> i32 {
        self.ago(n).year()
    }

    /// A reference such as `EXT-2023-014`, its year that of the date `n` days ago.
    fn reference(&self, prefix: &str, n: i64, number: u32) -> String {
        format!("{prefix}-{}-{number:03}", self.year(n))
    }

    /// A federal case number such as `1:24-cr-00213`, its year that of the date `n` days ago.
    fn case_number(&self, division: u32, n: i64, number: u32) -> String {
        format!(
            "{division}:{:02}-cr-{number:05}",
            self.year(n).rem_euclid(100)
        )
    }

    /// Fields with the common facts; the rest are filled in by struct update.
    fn fields(
        &self,
        reference: String,
        title: &str,
        counterpart: &str,
        details: Details,
    ) -> ItemFields {
        ItemFields {
            reference,
            title: title.to_owned(),
            title_zh: None,
            us_agency: None,
            counterpart: counterpart.to_owned(),
            priority: Priority::Normal,
            owner: None,
            notes: None,
            tags: Vec::new(),
            due_on: None,
            follow_up_on: None,
            details,
        }
    }

    /// Creates an item, transmitted `transmitted_ago` days before today (`None`: a draft).
    fn create(&self, fields: ItemFields, transmitted_ago: Option<i64>) -> Result<Item> {
        let op = self
            .author
            .create_item(fields, transmitted_ago.map(|n| self.ago(n)));
        self.apply(&op)?.into_item()
    }

    fn record(&self, item: &Item, e: NewEvent) -> Result<Event> {
        self.apply(&self.author.event_op(item.id, e))?.into_event()
    }

    /// An event of `t` on the date `n` days ago, on the type's default side.
    fn ev(&self, item: &Item, t: EventType, n: i64, note: &str) -> Result<Event> {
        self.record(item, NewEvent::new(t, self.ago(n)).with_note(note))
    }

    /// A status change (or, to a closed status, a closing) `n` days ago.
    fn status(&self, item: &Item, to: Status, n: i64, side: Side, note: &str) -> Result<Event> {
        let t = if to.is_closed() {
            EventType::Closed
        } else {
            EventType::Status
        };
        let mut e = NewEvent::new(t, self.ago(n))
            .with_status(to)
            .with_note(note);
        e.side = Some(side);
        self.record(item, e)
    }

    /// A new due date, `due` (a date), recorded as of `n` days ago.
    fn due_changed(&self, item: &Item, n: i64, due: NaiveDate, note: &str) -> Result<Event> {
        let mut e = NewEvent::new(EventType::DueChanged, self.ago(n)).with_note(note);
        e.due_on = Some(due);
        self.record(item, e)
    }

    /// Retracts a wrongly recorded event, giving the reason.
    fn retract(&self, item: &Item, wrong: &Event, n: i64, reason: &str) -> Result<Event> {
        let mut e = NewEvent::new(EventType::Retraction, self.ago(n)).with_note(reason);
        e.retracts = Some(wrong.id);
        self.record(item, e)
    }

    /// Links two items by their references (shown both ways).
    fn link(&self, from: &Item, to: &Item, relation: &str) -> Result<()> {
        self.apply(&self.author.op(Change::Link {
            from: from.id,
            to: to.id,
            relation: relation.to_owned(),
        }))?;
        Ok(())
    }
}

/// The indictments that extradition requests are linked to.
struct Indicted {
    hubei_example: Item,
    zhou_jun: Item,
    ma_jie: Item,
}

/// The commitments that scheduling requests are covered by.
struct Covering {
    piperidones: Item,
    xylazine: Item,
}

fn indictment(
    case_number: String,
    district: &str,
    defendants: &str,
    unsealed_on: NaiveDate,
    charges: &str,
) -> Details {
    Details::Indictment(Indictment {
        case_number: Some(case_number),
        district: s(district),
        defendants: s(defendants),
        unsealed_on: Some(unsealed_on),
        charges: s(charges),
    })
}

fn indictments(d: &Demo) -> Result<Indicted> {
    use EventType::{Acknowledged, InfoProvided, InfoRequested, Note, PrcResponse, Raised};

    // Sent four years ago; raised again and again; never answered.
    let i1 = d.create(
        ItemFields {
            title_zh: s("美国诉湖北示例生物科技有限公司等案起诉情况通报"),
            us_agency: s("DOJ OIA"),
            priority: Priority::Urgent,
            owner: s("A. Reyes"),
            notes: s("The company still advertised 4-ANPP and NPP for export on its website at the last check. \
                      MPS has never replied to the transmittal."),
            tags: tags(&["fentanyl", "precursors", "congressional-interest"]),
            follow_up_on: Some(d.ahead(14)),
            ..d.fields(
                d.reference("IND", 1500, 2),
                "United States v. Hubei Example Biotech Co., Ltd., et al.",
                "MPS",
                indictment(
                    d.case_number(1, 1520, 213),
                    "S.D.N.Y.",
                    "Hubei Example Biotech Co., Ltd. (湖北示例生物科技有限公司); Lin Wei (林伟); Gao Fang (高芳)",
                    d.ago(1520),
                    "Conspiracy to import fentanyl precursors (21 U.S.C. §§ 952, 963); money laundering conspiracy (18 U.S.C. § 1956(h))",
                ),
            )
        },
        Some(1500),
    )?;
    d.ev(&i1, Raised, 900, "Raised at the bilateral law-enforcement consultations; the PRC side said the case was under review.")?;
    d.ev(
        &i1,
        Raised,
        420,
        "Raised again by the DEA attaché with MPS; no substantive reply.",
    )?;
    d.ev(
        &i1,
        Note,
        100,
        "Test purchase confirmed the company is still offering 4-ANPP online.",
    )?;

    // Answered with administrative penalties, after a completed request for information.
    let i2 = d.create(
        ItemFields {
            title_zh: s("美国诉武汉样本化工贸易有限公司等案起诉情况通报"),
            us_agency: s("DEA"),
            priority: Priority::High,
            owner: s("M. Carter"),
            notes: s("MPS took administrative measures against the company; the criminal case is said to be still open."),
            tags: tags(&["precursors", "e-commerce"]),
            ..d.fields(
                d.reference("IND", 1100, 5),
                "United States v. Wuhan Sample Chemical Trading Co., et al.",
                "MPS",
                indictment(
                    d.case_number(2, 1130, 87),
                    "D.N.J.",
                    "Wuhan Sample Chemical Trading Co. (武汉样本化工贸易有限公司); Peng Xia (彭霞)",
                    d.ago(1130),
                    "Conspiracy to import listed chemicals (21 U.S.C. §§ 960(d), 963)",
                ),
            )
        },
        Some(1100),
    )?;
    d.ev(
        &i2,
        Acknowledged,
        1050,
        "MPS acknowledged receipt by letter to the DEA country office.",
    )?;
    d.status(
        &i2,
        Status::InProgress,
        900,
        Side::Prc,
        "MPS said a case had been opened against the company.",
    )?;
    d.ev(
        &i2,
        InfoRequested,
        700,
        "MPS asked for shipment records and the payment traces behind the indictment.",
    )?;
    d.ev(
        &i2,
        InfoProvided,
        620,
        "Shipment records and payment traces delivered through the DEA country office.",
    )?;
    d.ev(
        &i2,
        PrcResponse,
        200,
        "MPS reports administrative penalties on the company; the criminal case remains open.",
    )?;

    let i3 = d.create(
        ItemFields {
            title_zh: s("美国诉周军等案起诉情况通报"),
            us_agency: s("DOJ OIA"),
            priority: Priority::High,
            owner: s("A. Reyes"),
            notes: s("Shared together with the extradition request for Zhou Jun."),
            tags: tags(&["fentanyl", "analogues"]),
            ..d.fields(
                d.reference("IND", 1230, 8),
                "United States v. Zhou Jun, et al.",
                "MPS",
                indictment(
                    d.case_number(1, 1260, 455),
                    "N.D. Ohio",
                    "Zhou Jun (周军); Zhou Ming (周明); Shandong Specimen Chemical Co. (山东样品化工有限公司)",
                    d.ago(1260),
                    "Conspiracy to distribute fentanyl analogues (21 U.S.C. § 846)",
                ),
            )
        },
        Some(1230),
    )?;
    d.ev(&i3, Acknowledged, 1190, "MPS acknowledged receipt.")?;
    d.status(
        &i3,
        Status::InProgress,
        800,
        Side::Prc,
        "MPS confirmed a case was opened against the company.",
    )?;
    d.ev(
        &i3,
        Raised,
        ROUND_2,
        "Raised at the working group's 2nd round; MPS said the investigation continues.",
    )?;

    // Acted upon.
    let i4 = d.create(
        ItemFields {
            title_zh: s("美国诉河北占位医药科技有限公司案起诉情况通报"),
            us_agency: s("DEA"),
            owner: s("L. Novak"),
            notes: s("A model case for the working group: the PRC side acted within a year of transmittal."),
            tags: tags(&["precursors"]),
            ..d.fields(
                d.reference("IND", 380, 12),
                "United States v. Hebei Placeholder Pharmaceutical Technology Co.",
                "MPS",
                indictment(
                    d.case_number(1, 400, 331),
                    "S.D.N.Y.",
                    "Hebei Placeholder Pharmaceutical Technology Co. (河北占位医药科技有限公司); Qian Bo (钱波); Yu Ting (于婷)",
                    d.ago(400),
                    "Conspiracy to import fentanyl precursors (21 U.S.C. §§ 952, 963)",
                ),
            )
        },
        Some(380),
    )?;
    d.ev(&i4, Acknowledged, 350, "MPS acknowledged receipt.")?;
    d.status(
        &i4,
        Status::InProgress,
        250,
        Side::Prc,
        "MPS opened a criminal case.",
    )?;
    d.ev(
        &i4,
        PrcResponse,
        90,
        "MPS reports a search of the company's premises and seizure of stock.",
    )?;
    d.status(
        &i4,
        Status::Fulfilled,
        60,
        Side::Prc,
        "MPS reports the company closed, two managers detained and its online offers removed.",
    )?;

    // The ball is in the U.S. court.
    let i5 = d.create(
        ItemFields {
            title_zh: s("美国诉上海演示机械有限公司案（压片机）起诉情况通报"),
            us_agency: s("DEA"),
            priority: Priority::High,
            owner: s("T. Brooks"),
            notes: s("MPS wants serial numbers before it will trace the exporter. CBP holds the seizure records."),
            tags: tags(&["pill-presses"]),
            due_on: Some(d.ahead(6)),
            ..d.fields(
                d.reference("IND", 300, 15),
                "United States v. Shanghai Demo Machinery Co. (pill presses)",
                "MPS",
                indictment(
                    d.case_number(3, 320, 102),
                    "S.D. Cal.",
                    "Shanghai Demo Machinery Co. (上海演示机械有限公司); Tang Hui (唐辉)",
                    d.ago(320),
                    "Smuggling pill presses and dies under false declarations (18 U.S.C. § 545; 21 U.S.C. § 843(a)(6))",
                ),
            )
        },
        Some(300),
    )?;
    d.ev(&i5, Acknowledged, 280, "MPS acknowledged receipt.")?;
    d.ev(
        &i5,
        InfoRequested,
        30,
        "MPS asked for the serial numbers of the seized presses and dies.",
    )?;

    let i6 = d.create(
        ItemFields {
            title_zh: s("美国诉广东样本药业有限公司案起诉情况通报"),
            us_agency: s("DOJ OIA"),
            owner: s("L. Novak"),
            notes: s("To be raised at the next working-group round if there is no reply by the due date."),
            tags: tags(&["fentanyl", "wg-agenda"]),
            due_on: Some(d.ahead(4)),
            follow_up_on: Some(d.ahead(1)),
            ..d.fields(
                d.reference("IND", 200, 18),
                "United States v. Guangdong Sample Pharmaceutical Co.",
                "MPS",
                indictment(
                    d.case_number(1, 215, 501),
                    "E.D.N.Y.",
                    "Guangdong Sample Pharmaceutical Co. (广东样本药业有限公司); Feng Yu (冯宇)",
                    d.ago(215),
                    "Conspiracy to import fentanyl (21 U.S.C. §§ 952, 963)",
                ),
            )
        },
        Some(200),
    )?;
    d.ev(&i6, Acknowledged, 185, "MPS acknowledged receipt.")?;

    // Not yet sent.
    d.create(
        ItemFields {
            title_zh: s("美国诉广州例证贸易有限公司案（替代起诉书）起诉情况通报"),
            us_agency: s("DOJ OIA"),
            owner: s("S. Okafor"),
            notes: s("Superseding indictment returned. The package for MPS is with the translators."),
            tags: tags(&["precursors"]),
            due_on: Some(d.ahead(14)),
            ..d.fields(
                d.reference("IND", 0, 20),
                "United States v. Guangzhou Illustrative Trading Co. (superseding indictment)",
                "MPS",
                indictment(
                    d.case_number(4, 10, 19),
                    "S.D. Tex.",
                    "Guangzhou Illustrative Trading Co. (广州例证贸易有限公司); He Jing (何静)",
                    d.ago(10),
                    "Conspiracy to import listed chemicals (21 U.S.C. §§ 960(d), 963); money laundering (18 U.S.C. § 1956)",
                ),
            )
        },
        None,
    )?;

    let i8 = d.create(
        ItemFields {
            title_zh: s("美国诉南京样本新材料有限公司案起诉情况通报"),
            us_agency: s("DOJ OIA"),
            owner: s("M. Carter"),
            notes: s("SPP found the evidence insufficient under PRC law. DOJ is considering whether to resubmit with the cooperating witness's statement."),
            tags: tags(&["precursors"]),
            ..d.fields(
                d.reference("IND", 760, 21),
                "United States v. Nanjing Sample New Materials Co.",
                "SPP",
                indictment(
                    d.case_number(1, 780, 144),
                    "D.D.C.",
                    "Nanjing Sample New Materials Co. (南京样本新材料有限公司); Luo Bin (罗斌)",
                    d.ago(780),
                    "Conspiracy to import fentanyl precursors (21 U.S.C. §§ 952, 963)",
                ),
            )
        },
        Some(760),
    )?;
    d.ev(&i8, Acknowledged, 730, "SPP acknowledged receipt.")?;
    d.ev(
        &i8,
        PrcResponse,
        520,
        "SPP reviewed the evidence and found it insufficient to prosecute under PRC law.",
    )?;
    d.status(
        &i8,
        Status::Declined,
        500,
        Side::Prc,
        "Formal reply received: no action will be taken.",
    )?;

    // Past the working group's 45-day first-response target; no Chinese title yet.
    d.create(
        ItemFields {
            us_agency: s("DEA"),
            priority: Priority::High,
            owner: s("T. Brooks"),
            notes: s("First-response target agreed in the working group has passed."),
            tags: tags(&["precursors", "wg-agenda"]),
            due_on: Some(d.ago(15)),
            ..d.fields(
                d.reference("IND", 60, 23),
                "United States v. Zhengzhou Example Chemical Technology Co.",
                "MPS",
                indictment(
                    d.case_number(2, 75, 66),
                    "W.D. Wash.",
                    "Zhengzhou Example Chemical Technology Co. (郑州示例化工科技有限公司); Deng Kai (邓凯)",
                    d.ago(75),
                    "Conspiracy to import listed chemicals (21 U.S.C. §§ 960(d), 963)",
                ),
            )
        },
        Some(60),
    )?;

    let i10 = d.create(
        ItemFields {
            title_zh: s("美国诉马杰等案起诉情况通报"),
            us_agency: s("DOJ OIA"),
            owner: s("S. Okafor"),
            notes: s("Two of four defendants dealt with; the other two remain at large."),
            tags: tags(&["precursors", "logistics"]),
            ..d.fields(
                d.reference("IND", 1010, 24),
                "United States v. Ma Jie, et al.",
                "MPS",
                indictment(
                    d.case_number(1, 1040, 10077),
                    "D. Mass.",
                    "Ma Jie (马杰); Shi Lan (石兰); Anhui Example Fine Chemicals Co. (安徽示例精细化工有限公司); Hefei Sample Logistics Co. (合肥样本物流有限公司)",
                    d.ago(1040),
                    "Conspiracy to import listed chemicals (21 U.S.C. §§ 960(d), 963)",
                ),
            )
        },
        Some(1010),
    )?;
    d.ev(&i10, Acknowledged, 990, "MPS acknowledged receipt.")?;
    d.status(
        &i10,
        Status::InProgress,
        700,
        Side::Prc,
        "MPS opened a case.",
    )?;
    d.status(&i10, Status::PartiallyFulfilled, 150, Side::Prc, "Two defendants detained and the company's business licence revoked; the other two not located.")?;

    Ok(Indicted {
        hubei_example: i1,
        zhou_jun: i3,
        ma_jie: i10,
    })
}

fn extradition(
    subject: &str,
    subject_zh: &str,
    charges: &str,
    district: &str,
    provisional: bool,
) -> Details {
    Details::Extradition(Extradition {
        subject: s(subject),
        subject_zh: s(subject_zh),
        charges: s(charges),
        district: s(district),
        provisional_arrest: Some(provisional),
    })
}

fn extraditions(d: &Demo, indicted: &Indicted) -> Result<()> {
    use EventType::{Acknowledged, InfoProvided, InfoRequested, Note, PrcResponse, Raised};

    // Four years with the counterpart, raised at every meeting, no answer.
    let e1 = d.create(
        ItemFields {
            title_zh: s("关于引渡林伟的请求"),
            us_agency: s("DOJ OIA"),
            priority: Priority::Urgent,
            owner: s("A. Reyes"),
            notes: s("Provisional arrest was asked for with the request. The subject is believed to be in Hubei."),
            tags: tags(&["fentanyl", "provisional-arrest", "congressional-interest"]),
            due_on: Some(d.ago(1390)),
            follow_up_on: Some(d.ahead(14)),
            ..d.fields(
                d.reference("EXT", 1480, 3),
                "Extradition of Lin Wei",
                "MFA",
                extradition(
                    "Lin Wei",
                    "林伟",
                    "Conspiracy to import fentanyl precursors (21 U.S.C. §§ 952, 963); money laundering conspiracy (18 U.S.C. § 1956(h))",
                    "S.D.N.Y.",
                    true,
                ),
            )
        },
        Some(1480),
    )?;
    d.ev(&e1, Raised, 1200, "Raised at the bilateral law-enforcement consultations; the PRC side said the request was under review.")?;
    d.ev(
        &e1,
        Raised,
        800,
        "Raised by the Ambassador with the Vice Foreign Minister.",
    )?;
    d.ev(
        &e1,
        Note,
        610,
        "INTERPOL Red Notice confirmed still in force.",
    )?;
    d.ev(
        &e1,
        Raised,
        ROUND_3,
        "Raised at the working group's 3rd round; no substantive reply.",
    )?;
    d.link(&e1, &indicted.hubei_example, REL_INDICTMENT)?;

    let e2 = d.create(
        ItemFields {
            title_zh: s("关于引渡周军的请求"),
            us_agency: s("DOJ OIA"),
            priority: Priority::High,
            owner: s("A. Reyes"),
            notes: s("Acknowledged more than three years ago; nothing since."),
            tags: tags(&["fentanyl", "analogues"]),
            follow_up_on: Some(d.ahead(10)),
            ..d.fields(
                d.reference("EXT", 1210, 7),
                "Extradition of Zhou Jun",
                "MFA",
                extradition(
                    "Zhou Jun",
                    "周军",
                    "Conspiracy to distribute fentanyl analogues (21 U.S.C. § 846)",
                    "N.D. Ohio",
                    false,
                ),
            )
        },
        Some(1210),
    )?;
    d.ev(
        &e2,
        Acknowledged,
        1150,
        "MFA acknowledged receipt by diplomatic note and referred the request to MPS.",
    )?;
    d.ev(
        &e2,
        Raised,
        400,
        "Raised by the DOJ delegation at the judicial-assistance consultations.",
    )?;
    d.link(&e2, &indicted.zhou_jun, REL_INDICTMENT)?;

    // A completed pause: translations asked for and supplied.
    let e3 = d.create(
        ItemFields {
            title_zh: s("关于引渡陈浩的请求"),
            us_agency: s("DOJ OIA"),
            owner: s("S. Okafor"),
            notes: s("MPS is verifying the subject's whereabouts. Seventy days spent on translations do not count against the PRC side."),
            tags: tags(&["fentanyl"]),
            follow_up_on: Some(d.ahead(21)),
            ..d.fields(
                d.reference("EXT", 650, 11),
                "Extradition of Chen Hao",
                "MOJ",
                extradition(
                    "Chen Hao",
                    "陈浩",
                    "Conspiracy to manufacture and distribute fentanyl (21 U.S.C. §§ 841, 846)",
                    "D.N.J.",
                    false,
                ),
            )
        },
        Some(650),
    )?;
    d.ev(&e3, Acknowledged, 610, "MOJ acknowledged receipt.")?;
    d.ev(&e3, InfoRequested, 540, "MOJ asked for certified Chinese translations of the indictment and the supporting affidavit.")?;
    d.ev(
        &e3,
        InfoProvided,
        470,
        "Certified translations delivered through the Embassy.",
    )?;
    d.status(
        &e3,
        Status::InProgress,
        300,
        Side::Prc,
        "MOJ said the request had been passed to MPS for action.",
    )?;
    d.ev(
        &e3,
        PrcResponse,
        120,
        "MPS: the subject's whereabouts are being verified.",
    )?;

    // Awaiting U.S. information, due within the week.
    let e4 = d.create(
        ItemFields {
            title_zh: s("关于引渡王磊的请求"),
            us_agency: s("DOJ OIA"),
            priority: Priority::High,
            owner: s("S. Okafor"),
            notes: s("Supplementary memorandum on dual criminality is being drafted with the prosecutor."),
            tags: tags(&["precursors"]),
            due_on: Some(d.ahead(5)),
            ..d.fields(
                d.reference("EXT", 420, 14),
                "Extradition of Wang Lei",
                "MOJ",
                extradition(
                    "Wang Lei",
                    "王磊",
                    "Importation of a listed chemical (21 U.S.C. § 960(d))",
                    "S.D. Tex.",
                    false,
                ),
            )
        },
        Some(420),
    )?;
    d.ev(&e4, Acknowledged, 400, "MOJ acknowledged receipt.")?;
    d.ev(
        &e4,
        InfoRequested,
        60,
        "MOJ asked for material establishing dual criminality for the listed-chemical counts.",
    )?;
    d.ev(
        &e4,
        Note,
        20,
        "Draft memorandum sent to the district for clearance.",
    )?;

    // Declined.
    let e5 = d.create(
        ItemFields {
            title_zh: s("关于引渡刘平的请求"),
            us_agency: s("DOJ OIA"),
            owner: s("M. Carter"),
            notes: s("Declined on nationality grounds. An evidence package for a PRC prosecution is under consideration."),
            tags: tags(&["fentanyl"]),
            ..d.fields(
                d.reference("EXT", 1650, 19),
                "Extradition of Liu Ping",
                "MFA",
                extradition(
                    "Liu Ping",
                    "刘平",
                    "Continuing criminal enterprise (21 U.S.C. § 848)",
                    "D.D.C.",
                    false,
                ),
            )
        },
        Some(1650),
    )?;
    d.ev(&e5, Acknowledged, 1600, "MFA acknowledged receipt.")?;
    d.ev(&e5, PrcResponse, 1400, "MFA: PRC law does not permit the extradition of PRC nationals; the PRC side may consider a domestic prosecution.")?;
    d.status(
        &e5,
        Status::Declined,
        1380,
        Side::Prc,
        "Formal refusal received by diplomatic note.",
    )?;
    d.ev(
        &e5,
        Note,
        1300,
        "DOJ reviewing whether to offer the evidence for a prosecution in the PRC.",
    )?;

    // Withdrawn.
    let e6 = d.create(
        ItemFields {
            title_zh: s("关于引渡黄敏的请求"),
            us_agency: s("DOJ OIA"),
            owner: s("M. Carter"),
            notes: s("The subject was arrested in a third country and surrendered from there."),
            tags: tags(&["money-laundering"]),
            ..d.fields(
                d.reference("EXT", 900, 22),
                "Extradition of Huang Min",
                "MPS",
                extradition(
                    "Huang Min",
                    "黄敏",
                    "Money laundering conspiracy (18 U.S.C. § 1956(h))",
                    "S.D. Fla.",
                    true,
                ),
            )
        },
        Some(900),
    )?;
    d.ev(&e6, Acknowledged, 860, "MPS acknowledged receipt.")?;
    d.status(
        &e6,
        Status::InProgress,
        700,
        Side::Prc,
        "MPS said it was locating the subject.",
    )?;
    d.status(
        &e6,
        Status::Withdrawn,
        200,
        Side::Us,
        "Request withdrawn by diplomatic note after the subject's surrender from a third country.",
    )?;

    // A draft.
    d.create(
        ItemFields {
            title_zh: s("关于引渡孙涛的请求"),
            us_agency: s("DOJ OIA"),
            owner: s("L. Novak"),
            notes: s("Waiting for the certified indictment from the district; to go with a request for provisional arrest."),
            tags: tags(&["provisional-arrest"]),
            due_on: Some(d.ahead(21)),
            ..d.fields(
                d.reference("EXT", 0, 25),
                "Extradition of Sun Tao",
                "MFA",
                extradition(
                    "Sun Tao",
                    "孙涛",
                    "Conspiracy to import fentanyl precursors (21 U.S.C. §§ 952, 963)",
                    "D. Ariz.",
                    true,
                ),
            )
        },
        None,
    )?;

    // Overdue, with a wrongly entered acknowledgment retracted.
    let e8 = d.create(
        ItemFields {
            title_zh: s("关于引渡赵强的请求"),
            us_agency: s("DOJ OIA"),
            priority: Priority::High,
            owner: s("T. Brooks"),
            notes: s("No acknowledgment yet. The 90-day acknowledgment target has passed."),
            tags: tags(&["fentanyl", "dark-web"]),
            due_on: Some(d.ago(5)),
            ..d.fields(
                d.reference("EXT", 95, 27),
                "Extradition of Zhao Qiang",
                "MOJ",
                extradition(
                    "Zhao Qiang",
                    "赵强",
                    "Distribution of fentanyl analogues through dark-web vendor sites (21 U.S.C. §§ 841, 846)",
                    "N.D. Cal.",
                    false,
                ),
            )
        },
        Some(95),
    )?;
    let wrong = d.ev(&e8, Acknowledged, 40, "MOJ acknowledged receipt.")?;
    d.retract(
        &e8,
        &wrong,
        38,
        "Recorded in error: the MOJ note of that date acknowledged a different request.",
    )?;
    d.ev(
        &e8,
        Raised,
        ROUND_3 - 1,
        "Raised on the margins of the working group's 3rd round; the PRC side undertook to check.",
    )?;

    // Over 1,000 days; one reply, that the subject cannot be found. No Chinese title.
    let e9 = d.create(
        ItemFields {
            us_agency: s("DOJ OIA"),
            owner: s("A. Reyes"),
            notes: s("MPS says the subject cannot be found at the addresses given. DEA has newer addresses to pass on."),
            tags: tags(&["fentanyl"]),
            ..d.fields(
                d.reference("EXT", 1040, 30),
                "Extradition of Xu Gang",
                "MPS",
                extradition(
                    "Xu Gang",
                    "徐刚",
                    "Conspiracy to import fentanyl (21 U.S.C. §§ 952, 963)",
                    "C.D. Cal.",
                    false,
                ),
            )
        },
        Some(1040),
    )?;
    d.ev(
        &e9,
        PrcResponse,
        700,
        "MPS: the subject could not be located at the addresses provided.",
    )?;
    d.ev(&e9, Raised, 250, "Raised by the DEA attaché with MPS.")?;

    // Partially fulfilled: prosecuted in China rather than surrendered.
    let e10 = d.create(
        ItemFields {
            title_zh: s("关于引渡马杰的请求"),
            us_agency: s("DOJ OIA"),
            owner: s("S. Okafor"),
            notes: s(
                "Not surrendered, but prosecuted and sentenced in the PRC on the same conduct.",
            ),
            tags: tags(&["precursors"]),
            ..d.fields(
                d.reference("EXT", 980, 31),
                "Extradition of Ma Jie",
                "MFA",
                extradition(
                    "Ma Jie",
                    "马杰",
                    "Conspiracy to import listed chemicals (21 U.S.C. §§ 960(d), 963)",
                    "D. Mass.",
                    false,
                ),
            )
        },
        Some(980),
    )?;
    d.ev(&e10, Acknowledged, 940, "MFA acknowledged receipt.")?;
    d.status(
        &e10,
        Status::InProgress,
        800,
        Side::Prc,
        "MFA said the competent authorities were handling the matter.",
    )?;
    d.status(&e10, Status::PartiallyFulfilled, 330, Side::Prc, "Surrender declined, but the subject was prosecuted in the PRC and sentenced to nine years' imprisonment.")?;
    d.link(&e10, &indicted.ma_jie, REL_INDICTMENT)?;

    Ok(())
}

fn commitment(
    forum: &str,
    agreed_on: NaiveDate,
    side: OwnerSide,
    text_en: &str,
    text_zh: &str,
) -> Details {
    Details::Commitment(Commitment {
        forum: s(forum),
        agreed_on: Some(agreed_on),
        owner_side: Some(side),
        text_en: s(text_en),
        text_zh: s(text_zh),
    })
}

fn commitments(d: &Demo) -> Result<Covering> {
    use EventType::{Acknowledged, InfoProvided, InfoRequested, PrcResponse, Raised};

    let c1 = d.create(
        ItemFields {
            title_zh: s("对4-哌啶酮和1-叔丁氧羰基-4-哌啶酮实施列管"),
            us_agency: s("State INL"),
            priority: Priority::High,
            owner: s("J. Lindqvist"),
            notes: s("Implemented: both chemicals are now on the PRC precursor list."),
            tags: tags(&["precursors", "wg-agenda"]),
            ..d.fields(
                d.reference("WG", ROUND_1, 3),
                "Control of 4-piperidone and 1-boc-4-piperidone",
                "NNCC",
                commitment(
                    FORUM_1,
                    d.ago(ROUND_1),
                    OwnerSide::Prc,
                    "The PRC side will complete the procedures to place 4-piperidone and 1-boc-4-piperidone under precursor chemical control.",
                    "中方将完成将4-哌啶酮和1-叔丁氧羰基-4-哌啶酮列入易制毒化学品管制的程序。",
                ),
            )
        },
        Some(ROUND_1 - 3),
    )?;
    d.ev(
        &c1,
        Acknowledged,
        280,
        "NNCC confirmed the commitment in writing.",
    )?;
    d.status(
        &c1,
        Status::InProgress,
        200,
        Side::Prc,
        "NNCC published the draft listing for comment.",
    )?;
    d.status(
        &c1,
        Status::Fulfilled,
        80,
        Side::Prc,
        "The listing took effect.",
    )?;

    let c2 = d.create(
        ItemFields {
            title_zh: s("就赛拉嗪等新出现的掺杂物开展技术交流"),
            us_agency: s("DEA"),
            owner: s("L. Novak"),
            notes: s("One expert call held; the exchange of forensic data agreed for this round has not happened."),
            tags: tags(&["xylazine", "wg-agenda"]),
            due_on: Some(d.ago(20)),
            ..d.fields(
                d.reference("WG", ROUND_2, 5),
                "Technical exchange on xylazine and emerging adulterants",
                "NNCC",
                commitment(
                    FORUM_2,
                    d.ago(ROUND_2),
                    OwnerSide::Joint,
                    "The two sides will hold a technical exchange on xylazine and other emerging adulterants, including forensic data and detection methods.",
                    "双方将就赛拉嗪等新出现的掺杂物开展技术交流，包括法庭科学数据和检测方法。",
                ),
            )
        },
        Some(ROUND_2 - 2),
    )?;
    d.status(
        &c2,
        Status::InProgress,
        120,
        Side::Us,
        "First expert video call held.",
    )?;

    let c3 = d.create(
        ItemFields {
            title_zh: s("督促电子商务平台删除前体化学品销售信息"),
            us_agency: s("State INL"),
            priority: Priority::High,
            owner: s("J. Lindqvist"),
            notes: s("CAC reports removals, but new listings appear within days. A U.S. test found over 5,000 offers on a single site."),
            tags: tags(&["e-commerce", "precursors"]),
            follow_up_on: Some(d.ahead(7)),
            ..d.fields(
                d.reference("WG", ROUND_1, 7),
                "Removal of precursor listings from e-commerce platforms",
                "CAC",
                commitment(
                    FORUM_1,
                    d.ago(ROUND_1),
                    OwnerSide::Prc,
                    "The PRC side will direct e-commerce platforms to remove listings offering fentanyl precursors and report the results.",
                    "中方将督促电子商务平台删除销售芬太尼前体化学品的信息，并通报处置结果。",
                ),
            )
        },
        Some(ROUND_1 - 3),
    )?;
    d.ev(&c3, Acknowledged, 270, "CAC named a point of contact.")?;
    d.status(
        &c3,
        Status::InProgress,
        200,
        Side::Prc,
        "CAC issued instructions to the platforms.",
    )?;
    d.ev(
        &c3,
        PrcResponse,
        150,
        "CAC reports listings removed on three platforms.",
    )?;
    d.ev(
        &c3,
        Raised,
        ROUND_3,
        "Raised at the 3rd round with fresh screenshots of listings.",
    )?;

    // Due in two days after an extension agreed at the 3rd round.
    let c4 = d.create(
        ItemFields {
            title_zh: s("化学品销售和寄递环节客户身份核验"),
            us_agency: s("State INL"),
            owner: s("J. Lindqvist"),
            notes: s("The PRC side asked for more time at the 3rd round; the new deadline is close."),
            tags: tags(&["kyc", "wg-agenda"]),
            due_on: Some(d.ago(90)),
            ..d.fields(
                d.reference("WG", ROUND_2, 8),
                "Know-your-customer rules for chemical sellers and shippers",
                "MPS",
                commitment(
                    FORUM_2,
                    d.ago(ROUND_2),
                    OwnerSide::Prc,
                    "The PRC side will require chemical sellers and logistics companies to verify customer identity for shipments of non-scheduled fentanyl-related chemicals.",
                    "中方将要求化学品销售企业和物流企业对非列管芬太尼相关化学品的交易和寄递实行客户身份核验。",
                ),
            )
        },
        Some(ROUND_2 - 2),
    )?;
    d.ev(
        &c4,
        Raised,
        ROUND_3,
        "Raised at the 3rd round; the PRC side asked for an extension.",
    )?;
    d.due_changed(
        &c4,
        ROUND_3 - 1,
        d.ahead(2),
        "Extension agreed at the 3rd round.",
    )?;

    let c5 = d.create(
        ItemFields {
            title_zh: s("美方按季度通报缴获及溯源数据"),
            us_agency: s("DEA"),
            owner: s("L. Novak"),
            notes: s("A U.S.-side commitment, kept to show the record is two-way."),
            tags: tags(&["information-sharing"]),
            ..d.fields(
                d.reference("WG", ROUND_1, 9),
                "Quarterly U.S. seizure data and forensic profiles",
                "NNCC",
                commitment(
                    FORUM_1,
                    d.ago(ROUND_1),
                    OwnerSide::Us,
                    "The U.S. side will share quarterly seizure data and forensic profiles of precursor shipments traced to PRC origin.",
                    "美方将按季度提供缴获数据及溯源至中国的前体化学品货物的法庭科学分析结果。",
                ),
            )
        },
        Some(ROUND_1 - 8),
    )?;
    d.ev(
        &c5,
        Acknowledged,
        270,
        "NNCC confirmed receipt of the first package.",
    )?;
    d.status(
        &c5,
        Status::Fulfilled,
        30,
        Side::Us,
        "Fourth quarterly package delivered; NNCC confirmed receipt.",
    )?;

    // A completed pause; no Chinese title.
    let c6 = d.create(
        ItemFields {
            us_agency: s("Treasury FinCEN"),
            owner: s("R. Patel"),
            notes: s("PBOC has the draft arrangement; FinCEN awaits its comments."),
            tags: tags(&["money-laundering"]),
            ..d.fields(
                d.reference("WG", ROUND_2, 10),
                "Channel for financial intelligence on drug money laundering",
                "PBOC",
                commitment(
                    FORUM_2,
                    d.ago(ROUND_2),
                    OwnerSide::Joint,
                    "The two sides will establish a channel for exchanging financial intelligence on money laundering linked to drug trafficking.",
                    "双方将建立毒品相关洗钱案件金融情报交流渠道。",
                ),
            )
        },
        Some(ROUND_2 - 5),
    )?;
    d.ev(
        &c6,
        InfoRequested,
        140,
        "PBOC asked for a draft text of the exchange arrangement.",
    )?;
    d.ev(&c6, InfoProvided, 100, "FinCEN sent the draft arrangement.")?;
    d.ev(&c6, Raised, ROUND_3, "Raised at the 3rd round.")?;

    // Awaiting U.S. information.
    let c7 = d.create(
        ItemFields {
            title_zh: s("列管前体化学品出口事先通报试点"),
            us_agency: s("CBP"),
            priority: Priority::High,
            owner: s("R. Patel"),
            notes: s("GACC needs CBP's points of contact and data format before the pilot can start."),
            tags: tags(&["customs", "precursors"]),
            due_on: Some(d.ahead(6)),
            ..d.fields(
                d.reference("WG", ROUND_3, 11),
                "Pre-export notification of listed precursors (pilot)",
                "GACC",
                commitment(
                    FORUM_3,
                    d.ago(ROUND_3),
                    OwnerSide::Prc,
                    "The PRC side will, on a pilot basis, notify U.S. Customs and Border Protection in advance of exports of listed precursor chemicals to the Americas.",
                    "中方将试行就向美洲出口列管前体化学品事先通报美国海关与边境保护局。",
                ),
            )
        },
        Some(ROUND_3 - 2),
    )?;
    d.ev(&c7, Acknowledged, 50, "GACC named its pilot team.")?;
    d.ev(
        &c7,
        InfoRequested,
        20,
        "GACC asked for CBP's points of contact and the data format for notifications.",
    )?;

    // Overdue by two days.
    let c8 = d.create(
        ItemFields {
            title_zh: s("规范压片机及模具出口"),
            us_agency: s("State INL"),
            owner: s("T. Brooks"),
            notes: s("The report on pill-press export measures is late."),
            tags: tags(&["pill-presses"]),
            due_on: Some(d.ago(2)),
            ..d.fields(
                d.reference("WG", ROUND_3, 12),
                "Export controls on pill presses and dies",
                "MPS",
                commitment(
                    FORUM_3,
                    d.ago(ROUND_3),
                    OwnerSide::Prc,
                    "The PRC side will examine measures to regulate the export of pill presses and dies.",
                    "中方将研究规范压片机及模具出口的措施。",
                ),
            )
        },
        Some(ROUND_3 - 5),
    )?;
    d.ev(
        &c8,
        Acknowledged,
        45,
        "MPS acknowledged the follow-up note.",
    )?;

    // Long overdue.
    let c9 = d.create(
        ItemFields {
            title_zh: s("审查相关化学品出口退税政策"),
            us_agency: s("State INL"),
            priority: Priority::High,
            owner: s("J. Lindqvist"),
            notes: s("MOFCOM says the rebates are a matter for the tax authorities. Congressional staff ask about this at every briefing."),
            tags: tags(&["vat-rebates", "congressional-interest"]),
            due_on: Some(d.ago(110)),
            ..d.fields(
                d.reference("WG", ROUND_1, 13),
                "Review of export VAT rebates for fentanyl-related chemicals",
                "MOFCOM",
                commitment(
                    FORUM_1,
                    d.ago(ROUND_1),
                    OwnerSide::Prc,
                    "The PRC side will review export VAT rebates for chemicals used to produce fentanyl precursors.",
                    "中方将对用于生产芬太尼前体的化学品出口退税政策进行审查。",
                ),
            )
        },
        Some(ROUND_1 - 3),
    )?;
    d.ev(&c9, Raised, ROUND_2, "Raised at the 2nd round.")?;
    d.ev(&c9, PrcResponse, 120, "MOFCOM said the rebate policy is a matter for the tax authorities and undertook to pass the request on.")?;
    d.ev(
        &c9,
        Raised,
        ROUND_3,
        "Raised at the 3rd round; no news from the tax authorities.",
    )?;

    Ok(Covering {
        piperidones: c1,
        xylazine: c2,
    })
}

fn substance(
    name: &str,
    cas: &str,
    class: SubstanceClass,
    us: &str,
    prc: &str,
    controlled_on: Option<NaiveDate>,
) -> Details {
    Details::Scheduling(Scheduling {
        substance: s(name),
        cas_number: s(cas),
        substance_class: Some(class),
        us_control_status: s(us),
        prc_control_status: s(prc),
        prc_controlled_on: controlled_on,
    })
}

const PRC_LISTED: &str = "Listed precursor chemical (Category I)";

fn scheduling(d: &Demo, covering: &Covering) -> Result<()> {
    use EventType::{Acknowledged, InfoProvided, InfoRequested, PrcResponse, Raised};
    use SubstanceClass::*;

    // The two early successes.
    for (number, name, cas, us, title, title_zh) in [
        (
            1,
            "4-ANPP (4-anilino-N-phenethylpiperidine)",
            "1609-66-1",
            "Schedule II immediate precursor",
            "Control of 4-ANPP",
            "关于对4-ANPP实施列管的请求",
        ),
        (
            2,
            "NPP (N-phenethyl-4-piperidone)",
            "39742-60-4",
            "List I chemical",
            "Control of NPP",
            "关于对N-苯乙基-4-哌啶酮（NPP）实施列管的请求",
        ),
    ] {
        let item = d.create(
            ItemFields {
                title_zh: s(title_zh),
                us_agency: s("DEA"),
                owner: s("L. Novak"),
                notes: s("Controlled by the PRC under sustained U.S. pressure; kept as the reference case."),
                tags: tags(&["fentanyl", "precursors"]),
                ..d.fields(
                    d.reference("SCH", 2950, number),
                    title,
                    "NNCC",
                    substance(name, cas, Precursor, us, PRC_LISTED, Some(d.ago(2830))),
                )
            },
            Some(2950),
        )?;
        d.ev(&item, Acknowledged, 2900, "NNCC acknowledged receipt.")?;
        d.status(
            &item,
            Status::Fulfilled,
            2830,
            Side::Prc,
            "NNCC added the chemical to the precursor list, effective this day.",
        )?;
    }

    let s3 = d.create(
        ItemFields {
            title_zh: s("关于对4-苯胺基哌啶（4-AP）实施列管的请求"),
            us_agency: s("DEA"),
            priority: Priority::Urgent,
            owner: s("L. Novak"),
            notes: s("The most used precursor after 4-ANPP was controlled. NNCC's expert assessment has run for years."),
            tags: tags(&["fentanyl", "precursors", "congressional-interest"]),
            follow_up_on: Some(d.ahead(3)),
            ..d.fields(
                d.reference("SCH", 1300, 9),
                "Control of 4-AP",
                "NNCC",
                substance(
                    "4-AP (N-phenyl-4-piperidinamine)",
                    "23056-29-3",
                    Precursor,
                    "List I chemical",
                    "Not controlled; under NNCC expert review",
                    None,
                ),
            )
        },
        Some(1300),
    )?;
    d.ev(&s3, Acknowledged, 1250, "NNCC acknowledged receipt.")?;
    d.status(
        &s3,
        Status::InProgress,
        1000,
        Side::Prc,
        "NNCC's expert committee began its assessment.",
    )?;
    d.ev(&s3, Raised, ROUND_1, "Raised at the 1st round.")?;
    d.ev(
        &s3,
        Raised,
        ROUND_3,
        "Raised at the 3rd round; NNCC gave no date.",
    )?;

    // Never answered, long overdue.
    let s4 = d.create(
        ItemFields {
            title_zh: s("关于对1-叔丁氧羰基-4-苯胺基哌啶（1-boc-4-AP）实施列管的请求"),
            us_agency: s("DEA"),
            priority: Priority::Urgent,
            owner: s("L. Novak"),
            notes: s("Sent together with the 4-AP request; never acknowledged."),
            tags: tags(&["fentanyl", "precursors"]),
            due_on: Some(d.ago(1210)),
            ..d.fields(
                d.reference("SCH", 1300, 10),
                "Control of 1-boc-4-AP",
                "NNCC",
                substance(
                    "1-boc-4-AP (tert-butyl 4-(phenylamino)piperidine-1-carboxylate)",
                    "125541-22-2",
                    Precursor,
                    "List I chemical",
                    "Not controlled",
                    None,
                ),
            )
        },
        Some(1300),
    )?;
    d.ev(&s4, Raised, ROUND_1, "Raised at the 1st round.")?;
    d.ev(&s4, Raised, ROUND_3, "Raised at the 3rd round.")?;

    // Fulfilled under the working-group commitment.
    for (number, name, cas, title, title_zh, ack) in [
        (
            13,
            "4-piperidone",
            "41661-47-6",
            "Control of 4-piperidone",
            "关于对4-哌啶酮实施列管的请求",
            570,
        ),
        (
            14,
            "1-boc-4-piperidone (tert-butyl 4-oxopiperidine-1-carboxylate)",
            "79099-07-3",
            "Control of 1-boc-4-piperidone",
            "关于对1-叔丁氧羰基-4-哌啶酮实施列管的请求",
            565,
        ),
    ] {
        let item = d.create(
            ItemFields {
                title_zh: s(title_zh),
                us_agency: s("DEA"),
                priority: Priority::High,
                owner: s("J. Lindqvist"),
                notes: s("Controlled under the working-group commitment."),
                tags: tags(&["fentanyl", "precursors", "wg-agenda"]),
                ..d.fields(
                    d.reference("SCH", 600, number),
                    title,
                    "NNCC",
                    substance(
                        name,
                        cas,
                        Precursor,
                        "List I chemical",
                        PRC_LISTED,
                        Some(d.ago(80)),
                    ),
                )
            },
            Some(600),
        )?;
        d.ev(&item, Acknowledged, ack, "NNCC acknowledged receipt.")?;
        d.status(
            &item,
            Status::InProgress,
            350,
            Side::Prc,
            "NNCC opened the listing procedure.",
        )?;
        d.status(
            &item,
            Status::Fulfilled,
            80,
            Side::Prc,
            "The listing took effect.",
        )?;
        d.link(&item, &covering.piperidones, REL_COMMITMENT)?;
    }

    // A completed pause, back to acknowledged.
    let s7 = d.create(
        ItemFields {
            title_zh: s("关于对赛拉嗪实施列管的请求"),
            us_agency: s("State INL"),
            priority: Priority::High,
            owner: s("L. Novak"),
            notes: s("Xylazine is a veterinary drug in the PRC; NNCC is consulting the agriculture authorities."),
            tags: tags(&["xylazine", "adulterants"]),
            follow_up_on: Some(d.ahead(7)),
            ..d.fields(
                d.reference("SCH", 480, 16),
                "Control of xylazine",
                "NNCC",
                substance(
                    "xylazine",
                    "7361-61-7",
                    Adulterant,
                    "Not federally scheduled; designated an emerging threat (2023)",
                    "Veterinary drug; not controlled as a narcotic",
                    None,
                ),
            )
        },
        Some(480),
    )?;
    d.ev(&s7, Acknowledged, 450, "NNCC acknowledged receipt.")?;
    d.ev(
        &s7,
        InfoRequested,
        300,
        "NNCC asked for U.S. seizure and overdose data on xylazine.",
    )?;
    d.ev(&s7, InfoProvided, 240, "DEA and CDC data delivered.")?;
    d.ev(
        &s7,
        PrcResponse,
        90,
        "NNCC: assessment under way with the veterinary drug regulator.",
    )?;
    d.link(&s7, &covering.xylazine, REL_COMMITMENT)?;

    // Recent; due within the week.
    d.create(
        ItemFields {
            title_zh: s("关于对美托咪定实施列管的请求"),
            us_agency: s("DEA"),
            owner: s("R. Patel"),
            notes: s("Medetomidine is turning up in the illicit supply in several U.S. cities. An acknowledgment is expected by the due date."),
            tags: tags(&["adulterants"]),
            due_on: Some(d.ahead(7)),
            ..d.fields(
                d.reference("SCH", 25, 17),
                "Control of medetomidine",
                "NMPA",
                substance(
                    "medetomidine",
                    "86347-14-0",
                    Adulterant,
                    "Not federally scheduled",
                    "Veterinary and human medicine; not controlled as a narcotic",
                    None,
                ),
            )
        },
        Some(25),
    )?;

    // Withdrawn.
    let s9 = d.create(
        ItemFields {
            title_zh: s("关于对（2-溴乙基）苯实施列管的请求"),
            us_agency: s("DEA"),
            owner: s("R. Patel"),
            notes: s("Withdrawn: the chemical's wide industrial use made control unrealistic; pursued instead through the KYC commitment."),
            tags: tags(&["precursors"]),
            ..d.fields(
                d.reference("SCH", 400, 18),
                "Control of phenethyl bromide",
                "NNCC",
                substance(
                    "phenethyl bromide ((2-bromoethyl)benzene)",
                    "103-63-9",
                    Precursor,
                    "Not federally controlled",
                    "Not controlled",
                    None,
                ),
            )
        },
        Some(400),
    )?;
    d.ev(&s9, Acknowledged, 380, "NNCC acknowledged receipt.")?;
    d.status(
        &s9,
        Status::Withdrawn,
        100,
        Side::Us,
        "Withdrawn by note to NNCC.",
    )?;

    // An analogue, controlled as a class.
    let s10 = d.create(
        ItemFields {
            title_zh: s("关于对异托尼秦实施列管的请求"),
            us_agency: s("DEA"),
            owner: s("J. Lindqvist"),
            notes: s("Fulfilled by the PRC's class-wide listing of nitazenes."),
            tags: tags(&["nitazenes", "analogues"]),
            ..d.fields(
                d.reference("SCH", 500, 19),
                "Control of isotonitazene",
                "NNCC",
                substance(
                    "isotonitazene",
                    "14188-81-9",
                    Analogue,
                    "Schedule I",
                    "Controlled as a narcotic drug (nitazene class listing)",
                    Some(d.ago(200)),
                ),
            )
        },
        Some(500),
    )?;
    d.ev(&s10, Acknowledged, 470, "NNCC acknowledged receipt.")?;
    d.status(
        &s10,
        Status::InProgress,
        300,
        Side::Prc,
        "NNCC announced a class-wide listing of nitazenes.",
    )?;
    d.status(
        &s10,
        Status::Fulfilled,
        200,
        Side::Prc,
        "The class listing took effect.",
    )?;

    // Declined; no Chinese title.
    let s11 = d.create(
        ItemFields {
            us_agency: s("DEA"),
            owner: s("R. Patel"),
            notes: s(
                "Declined as a bulk industrial reagent. NNCC offered end-user monitoring instead.",
            ),
            tags: tags(&["precursors"]),
            ..d.fields(
                d.reference("SCH", 700, 11),
                "Control of propionyl chloride",
                "NNCC",
                substance(
                    "propionyl chloride",
                    "79-03-8",
                    Precursor,
                    "Not federally controlled",
                    "Not controlled; end-user monitoring offered",
                    None,
                ),
            )
        },
        Some(700),
    )?;
    d.ev(&s11, Acknowledged, 680, "NNCC acknowledged receipt.")?;
    d.ev(
        &s11,
        PrcResponse,
        440,
        "NNCC: the chemical is a bulk industrial reagent with wide legitimate use.",
    )?;
    d.status(
        &s11,
        Status::Declined,
        420,
        Side::Prc,
        "NNCC declined to list; offered end-user monitoring.",
    )?;

    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::items::view;
    use crate::db::list::{list, ListQuery};
    use crate::model::Kind;

    fn at(y: i32, m: u32, day: u32) -> (NaiveDate, DateTime<Utc>) {
        let today = NaiveDate::from_ymd_opt(y, m, day).unwrap();
        (today, today.and_hms_opt(12, 0, 0).unwrap().and_utc())
    }

    fn check(today: NaiveDate, now: DateTime<Utc>) {
        let mut db = Db::open_in_memory().unwrap();
        populate(&mut db, today, now).unwrap();
        let rows = list(db.conn(), &ListQuery::default(), today).unwrap();
        assert!((30..=45).contains(&rows.len()), "{} items", rows.len());
        for kind in Kind::ALL {
            assert!(rows.iter().any(|r| r.kind == kind), "no {kind} item");
        }
        for status in Status::ALL {
            assert!(rows.iter().any(|r| r.status == status), "no {status} item");
        }
        assert!(rows.iter().any(|r| r.overdue), "nothing overdue");
        let week = today + Duration::days(7);
        assert!(
            rows.iter()
                .any(|r| r.status.is_open() && r.due_on.is_some_and(|d| d >= today && d <= week)),
            "nothing due within the week"
        );
        assert!(
            rows.iter()
                .any(|r| r.days_with_counterpart.is_some_and(|n| n > 1000)),
            "nothing over 1,000 days"
        );
        let views: Vec<_> = rows
            .iter()
            .map(|r| view(db.conn(), r.id, today).unwrap())
            .collect();
        assert!(
            views.iter().any(|v| v.events.iter().any(|e| e.retracted)),
            "no retracted event"
        );
        assert!(views.iter().any(|v| !v.links.is_empty()), "no linked items");
        assert!(
            views
                .iter()
                .flat_map(|v| &v.events)
                .all(|e| e.event.on <= today && e.event.recorded_by.as_deref() == Some(USER)),
            "every event dated by today and recorded by the demo user"
        );
        let found = list(
            db.conn(),
            &ListQuery {
                search: Some("哌啶酮".into()),
                ..Default::default()
            },
            today,
        )
        .unwrap();
        assert!(
            found
                .iter()
                .any(|r| r.title_zh.as_deref().is_some_and(|t| t.contains("哌啶酮"))),
            "search finds a Chinese title word"
        );
    }

    #[test]
    fn populates_as_of_2024_11_18() {
        let (today, now) = at(2024, 11, 18);
        check(today, now);
    }

    #[test]
    fn populates_as_of_2026_11_29() {
        let (today, now) = at(2026, 11, 29);
        check(today, now);
    }

    #[test]
    fn the_same_day_gives_the_same_demo() {
        let (today, now) = at(2025, 3, 1);
        let summary = |db: &Db| -> Vec<(String, Status, Option<i64>)> {
            let mut v: Vec<_> = list(db.conn(), &ListQuery::default(), today)
                .unwrap()
                .into_iter()
                .map(|r| (r.reference, r.status, r.days_with_counterpart))
                .collect();
            v.sort_by(|a, b| a.0.cmp(&b.0));
            v
        };
        let mut a = Db::open_in_memory().unwrap();
        let mut b = Db::open_in_memory().unwrap();
        populate(&mut a, today, now).unwrap();
        populate(&mut b, today, now).unwrap();
        assert_eq!(summary(&a), summary(&b));
    }

    #[test]
    fn a_second_run_is_refused_and_changes_nothing() {
        let (today, now) = at(2024, 11, 18);
        let mut db = Db::open_in_memory().unwrap();
        populate(&mut db, today, now).unwrap();
        let before = list(db.conn(), &ListQuery::default(), today).unwrap().len();
        assert!(
            populate(&mut db, today, now).is_err(),
            "references are taken"
        );
        let after = list(db.conn(), &ListQuery::default(), today).unwrap().len();
        assert_eq!(before, after);
    }
}
