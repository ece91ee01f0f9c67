//! Status briefs to PDF (issue #5) on generated databases of 1,000 and 10,000 items, in
//! English and in English with Chinese: reading and assembling the model, then rendering
//! after a first render, each timed brief as of another day.

use chrono::{DateTime, NaiveDate, Utc};
use counterpart_core::brief::{BriefOptions, Lang};
use counterpart_core::db::brief as db_brief;
use counterpart_core::db::Db;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::generate;
use crate::timing::{ms, time, Report};

/// Status briefs to PDF on generated databases of 1,000 and 10,000 items (issue #5).
pub fn run(report: &mut Report, dir: &Path, today: NaiveDate, now: DateTime<Utc>) {
    println!("status briefs (PDF through typst)");
    let t = Instant::now();
    let fonts = counterpart_brief::pdf::Fonts::load()
        .expect("the brief's fonts (fonts-noto-core, fonts-noto-cjk)");
    report.line("brief: load the fonts", t.elapsed(), None, "");
    // COUNTERPART_BENCH_BRIEFS=1000: the 1,000-item briefs alone (profiling the layout).
    let sizes: Vec<usize> = match std::env::var("COUNTERPART_BENCH_BRIEFS") {
        Ok(v) => v.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
        Err(_) => vec![1_000, 10_000],
    };
    // COUNTERPART_BENCH_BRIEF_DIR=dir: each size's last brief kept there as
    // brief-{n}-{lang}.pdf, to look at (pdftoppm) what was timed.
    let keep = std::env::var_os("COUNTERPART_BENCH_BRIEF_DIR").map(std::path::PathBuf::from);
    for n in sizes {
        let path = dir.join(format!("briefs-{n}.sqlite3"));
        let mut db = Db::open(&path, chrono::Utc::now()).expect("open");
        generate::database(&mut db, n, now, 13);
        let conn = db.conn();
        for lang in [Lang::En, Lang::EnZh] {
            let o = BriefOptions {
                lang,
                prepared_by: Some("bench".into()),
                ..BriefOptions::default()
            };
            let l = lang.as_str();
            let (took, brief) = time(5, || db_brief::build(conn, &o, today).expect("build"));
            assert_eq!(brief.rows().count(), n, "every item is in the brief");
            report.line(
                &format!("brief: {n} items, read and assemble ({l})"),
                took,
                None,
                "",
            );
            let t = Instant::now();
            let first = counterpart_brief::pdf::render(&brief, &fonts).expect("render");
            let first_took = t.elapsed();
            let runs = if n <= 1_000 { 5 } else { 3 };
            // Briefs as of the following days, built beforehand: only the render is timed.
            let later: Vec<_> = (1..=runs)
                .map(|k| {
                    let day = today + chrono::Duration::days(k as i64);
                    db_brief::build(conn, &o, day).expect("build")
                })
                .collect();
            // The render as the window's user waits for it: the layouts typst memoized are
            // freed after it, as the window does once the PDF is on its way (timed apart).
            let mut size = first.len();
            let mut cpu = Vec::new();
            let (mut renders, mut frees, mut last) = (Vec::new(), Vec::new(), Vec::new());
            for b in &later {
                let before = cpu_time();
                let t = Instant::now();
                let (pdf, layouts) =
                    counterpart_brief::pdf::render_keeping(b, &fonts, Default::default())
                        .expect("render");
                renders.push(t.elapsed());
                cpu.extend(before.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a)));
                let t = Instant::now();
                drop(layouts);
                frees.push(t.elapsed());
                size = size.max(pdf.len());
                last = pdf;
            }
            let render = crate::timing::median(renders);
            if let Some(dir) = &keep {
                let path = dir.join(format!("brief-{n}-{l}.pdf"));
                std::fs::write(&path, &last).expect("write the kept brief");
            }
            // Every PDF brief is tagged for screen readers (issue 14): the structure tree
            // costs about 1 KB a row, uncompressed by typst 0.15's writer, hence 3 MB (2
            // MB untagged).
            let (target, max_size) = if n <= 1_000 {
                (Duration::from_millis(500), Some(3_000_000))
            } else {
                (Duration::from_secs(5), None)
            };
            report.line(
                &format!("brief: {n} items to PDF ({l}), after a first render"),
                render,
                Some(target),
                &format!(
                    "[{:.2} MB; first render {}; then its layouts freed in {}; CPU {}]",
                    size as f64 / 1e6,
                    ms(first_took),
                    ms(crate::timing::median(frees)),
                    if cpu.is_empty() {
                        "?".to_owned()
                    } else {
                        ms(crate::timing::median(cpu))
                    }
                ),
            );
            if let Some(max) = max_size {
                let ok = size < max;
                if !ok {
                    report
                        .missed
                        .push(format!("brief of {n} items ({l}) under 3 MB"));
                }
                println!(
                    "{:<58} {:>11.2} MB  {} (target < {:.1} MB)",
                    format!("brief: {n} items PDF size ({l})"),
                    size as f64 / 1e6,
                    if ok { "ok  " } else { "MISS" },
                    max as f64 / 1e6
                );
            }
        }
    }
    println!();
}

/// The CPU time the process has used so far, every thread's (Linux: /proc/self/stat, in
/// clock ticks of 10 ms): on a shared machine a figure that other programs' load disturbs
/// less than the wall clock's. None elsewhere.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command's name (in parentheses, which may hold spaces):
    // utime and stime are the 14th and 15th of the line, the 12th and 13th after it.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut f = rest.split(' ').skip(11);
    let ticks: u64 = f.next()?.parse::<u64>().ok()? + f.next()?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}
