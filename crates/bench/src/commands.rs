//! The common commands as a user meets them: each a whole `counterpart` process on the
//! generated database, beside the `sqlite3` shell answering a comparable query on the same
//! file in the same run — the limit, since both start a process, open the file and read
//! the same pages (issue 15: within 2× of it on 100,000 items).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::timing::{median, ms, Report};

/// The command line built beside this benchmark (`make bench` builds both).
fn cli() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let cli = exe.with_file_name(format!("counterpart{}", std::env::consts::EXE_SUFFIX));
    cli.is_file().then_some(cli)
}

/// The median wall time of `runs` runs of a whole process (after one unmeasured run that
/// warms the page cache for both sides alike), checking that each succeeds.
fn whole_process(runs: usize, mut make: impl FnMut() -> Command) -> Duration {
    let mut once = || {
        let t = Instant::now();
        let out = make()
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .stdout(Stdio::piped())
            .output()
            .expect("the process starts");
        let took = t.elapsed();
        assert!(
            out.status.success(),
            "{:?} failed: {}",
            make(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty(), "{:?} printed nothing", make());
        took
    };
    once();
    median((0..runs).map(|_| once()).collect())
}

/// One item's reference (an open extradition request with a history) to `show`.
fn a_reference(db: &Path) -> String {
    let out = Command::new("sqlite3")
        .arg("-readonly")
        .arg(db)
        .arg("SELECT reference FROM item WHERE is_open = 1 AND kind = 'extradition' ORDER BY seq LIMIT 1 OFFSET 500;")
        .output()
        .expect("sqlite3");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// The commands and their comparable queries. `today` is the benchmark's day (the shell's
/// queries name it as a literal, as the program's figures are of that day).
pub fn run(report: &mut Report, db: &Path, today: chrono::NaiveDate) {
    println!("whole-process commands (each beside the sqlite3 shell on the same file)");
    let Some(cli) = cli() else {
        println!("the command line is not built beside the benchmark: `make bench` builds it");
        report.miss("whole-process commands");
        return;
    };
    if Command::new("sqlite3").arg("-version").output().is_err() {
        println!("sqlite3 not available");
        return;
    }
    let reference = a_reference(db);
    let today_s = today.to_string();
    let open_rows = "SELECT reference, kind, status, counterpart, title, transmitted_on, \
        julianday('TODAY') - julianday(transmitted_on) AS days FROM item \
        WHERE is_open = 1 AND archived = 0 ORDER BY days DESC, seq LIMIT 200;";
    let cases: Vec<(&str, Vec<String>, String)> = vec![
        (
            "list --open --limit 200",
            vec!["list".into(), "--open".into(), "--limit".into(), "200".into()],
            open_rows.into(),
        ),
        (
            "show REF",
            vec!["show".into(), reference.clone()],
            format!(
                "SELECT * FROM item WHERE reference = '{reference}'; \
                 SELECT * FROM event WHERE item_id = (SELECT id FROM item WHERE reference = '{reference}') ORDER BY occurred_on;"
            ),
        ),
        (
            "reminders",
            vec!["reminders".into()],
            "SELECT reference, title, due_on, follow_up_on FROM item WHERE is_open = 1 AND archived = 0 \
             AND (due_on <= date('TODAY', '+7 days') OR follow_up_on <= date('TODAY', '+7 days')) \
             ORDER BY coalesce(due_on, follow_up_on);"
                .into(),
        ),
        (
            // A common word and a number (the reference SCH-004242 among 25,000 "Schedule").
            "list --search \"Schedule 4242\"",
            vec!["list".into(), "--search".into(), "Schedule 4242".into()],
            "SELECT reference, title FROM item WHERE title LIKE '%Schedule%' AND reference LIKE '%4242%' LIMIT 200;".into(),
        ),
        (
            "list --search 林伟",
            vec!["list".into(), "--search".into(), "林伟".into()],
            "SELECT reference, title FROM item WHERE title_zh LIKE '%林伟%' OR subject_zh LIKE '%林伟%' LIMIT 200;".into(),
        ),
    ];
    for (what, args, sql) in cases {
        let sql = sql.replace("TODAY", &today_s);
        let ours = whole_process(7, || {
            let mut c = Command::new(&cli);
            c.arg("--db")
                .arg(db)
                .arg("--today")
                .arg(&today_s)
                .args(&args);
            c
        });
        let shell = whole_process(7, || {
            let mut c = Command::new("sqlite3");
            c.arg("-readonly").arg(db).arg(&sql);
            c
        });
        report.record(&format!("counterpart {what}"), ours);
        report.record(&format!("sqlite3 shell beside `{what}`"), shell);
        let ratio = ours.as_secs_f64() / shell.as_secs_f64();
        let ok = ratio <= 2.0;
        if !ok {
            report.miss(format!("`{what}` within 2x of sqlite3"));
        }
        println!(
            "{:<58} {:>14}  {} (sqlite3 shell {}; ours / shell = {ratio:.2}, target <= 2.00)",
            format!("counterpart {what}"),
            ms(ours),
            if ok { "ok  " } else { "MISS" },
            ms(shell),
        );
    }
    println!();
}
