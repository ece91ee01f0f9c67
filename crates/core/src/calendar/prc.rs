//! The PRC calendar: the State Council's notices (国务院办公厅关于部分节假日安排的通知),
//! one a year, as the `chinese_holiday` crate carries them (2004-01-01 to 2026-12-25: the
//! last days of 2026 wait for the 2027 notice, which may move them).

use chinese_holiday::{chinese_holiday, DayKind as Kind, Ymd};
use chrono::{Datelike, NaiveDate};

use super::{Calendar, CalendarDay, DayKind};

const FIRST: (i32, u32, u32) = (2004, 1, 1);
const LAST: (i32, u32, u32) = (2026, 12, 25);

/// The notice of each year from 2004, in order (the addresses the crate cites; none for 2005).
const NOTICES: [&str; 23] = [
    "https://zh.wikisource.org/zh-hans/国务院办公厅关于2004年部分节假日安排的通知",
    "",
    "http://www.gov.cn/jrzg/2005-12/22/content_133837.htm",
    "http://www.gov.cn/fwxx/sh/2006-12/18/content_471877.htm",
    "http://www.gov.cn/zwgk/2007-12/18/content_837184.htm",
    "http://www.gov.cn/zwgk/2008-12/10/content_1174014.htm",
    "http://www.gov.cn/zwgk/2009-12/08/content_1482691.htm",
    "http://www.gov.cn/zwgk/2010-12/10/content_1762643.htm",
    "http://www.gov.cn/zwgk/2011-12/06/content_2012097.htm",
    "http://www.gov.cn/zwgk/2012-12/10/content_2286598.htm",
    "http://www.gov.cn/zwgk/2013-12/11/content_2546204.htm",
    "http://www.gov.cn/zhengce/content/2014-12/16/content_9302.htm",
    "http://www.gov.cn/zhengce/content/2015-12/10/content_10394.htm",
    "http://www.gov.cn/zhengce/content/2016-12/01/content_5141603.htm",
    "http://www.gov.cn/zhengce/content/2017-11/30/content_5243579.htm",
    "http://www.gov.cn/xinwen/2018-12/06/content_5346287.htm",
    "http://www.gov.cn/zhengce/content/2019-11/21/content_5454164.htm",
    "http://www.gov.cn/zhengce/content/2020-11/25/content_5564127.htm",
    "http://www.gov.cn/zhengce/content/2021-10/25/content_5644835.htm",
    "http://www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm",
    "https://www.gov.cn/zhengce/content/202310/content_6911527.htm",
    "https://www.gov.cn/zhengce/content/202411/content_6986382.htm",
    "https://www.gov.cn/zhengce/content/202511/content_7047090.htm",
];

fn ymd((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

/// Whether a notice covers the day.
pub fn published(d: NaiveDate) -> bool {
    (ymd(FIRST)..=ymd(LAST)).contains(&d)
}

/// The notice that fixed the year's calendar, if the program has it.
pub fn source(year: i32) -> Option<String> {
    let i = usize::try_from(year - FIRST.0).ok()?;
    NOTICES.get(i).map(|url| {
        format!("国务院办公厅关于{year}年部分节假日安排的通知 {url}")
            .trim_end()
            .to_owned()
    })
}

/// A holiday or make-up working day of a notice, with its name; None for a plain day.
pub fn day(d: NaiveDate) -> Option<(DayKind, &'static str)> {
    if !published(d) {
        return None;
    }
    let (y, m, dd) = (d.year(), d.month(), d.day());
    let ymd = Ymd::new(
        u16::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(dd).ok()?,
    );
    use DayKind::{Holiday as H, Workday as W};
    Some(match chinese_holiday(ymd) {
        Kind::NormalWorkday | Kind::NormalHoliday => return None,
        Kind::NewYearsDayHoliday => (H, "New Year's Day (元旦)"),
        Kind::NewYearsDayWorkday => (W, "New Year's Day make-up working day (元旦调休上班日)"),
        Kind::SpringFestivalHoliday => (H, "Spring Festival (春节)"),
        Kind::SpringFestivalWorkday => (W, "Spring Festival make-up working day (春节调休上班日)"),
        Kind::ChingMingFestivalHoliday => (H, "Qingming Festival (清明节)"),
        Kind::ChingMingFestivalWorkday => (W, "Qingming make-up working day (清明节调休上班日)"),
        Kind::InternationalWorkersDayHoliday => (H, "Labour Day (劳动节)"),
        Kind::InternationalWorkersDayWorkday => {
            (W, "Labour Day make-up working day (劳动节调休上班日)")
        }
        Kind::DragonBoatFestivalHoliday => (H, "Dragon Boat Festival (端午节)"),
        Kind::DragonBoatFestivalWorkday => {
            (W, "Dragon Boat make-up working day (端午节调休上班日)")
        }
        Kind::MidAutumnFestivalHoliday => (H, "Mid-Autumn Festival (中秋节)"),
        Kind::MidAutumnFestivalWorkday => (W, "Mid-Autumn make-up working day (中秋节调休上班日)"),
        Kind::NationalDayHoliday => (H, "National Day (国庆节)"),
        Kind::NationalDayWorkday => (W, "National Day make-up working day (国庆节调休上班日)"),
        Kind::OtherHoliday => (H, "Holiday (放假)"),
        Kind::OtherWorkday => (W, "Make-up working day (调休上班日)"),
    })
}

/// Every holiday and make-up working day of the notices, in order (what [`year`] gives,
/// every year together, without the names and sources).
pub(crate) fn notice_days() -> impl Iterator<Item = (NaiveDate, DayKind)> {
    ymd(FIRST)
        .iter_days()
        .take_while(|d| published(*d))
        .filter_map(|d| day(d).map(|(kind, _)| (d, kind)))
}

/// The holidays and make-up working days of a year's notice (none for a year without one).
pub fn year(year: i32) -> Vec<CalendarDay> {
    let Some(source) = source(year) else {
        return Vec::new();
    };
    let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return Vec::new();
    };
    first
        .iter_days()
        .take_while(|d| d.year() == year)
        .filter_map(|date| {
            day(date).map(|(kind, name)| CalendarDay {
                calendar: Calendar::Prc,
                date,
                kind,
                name: name.to_owned(),
                source: source.clone(),
            })
        })
        .collect()
}
