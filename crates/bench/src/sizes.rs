//! The programs' sizes (issue 15): the release builds of the command line (`counterpart`,
//! and `counterpart-full`, which runs its briefs and team commands) and of the desktop
//! program (`counterpart-desktop`), as shipped in the packages, against a target each.
//!
//! They are looked for beside this benchmark's own executable, i.e. in the same target
//! folder and profile (`make bench` builds all three). A program that is not there is
//! said so and counts as a missed target: a size that was not measured is not met.
//!
//! What makes them this size: the release profile keeps no debug sections (the workspace's
//! `Cargo.toml`; `--profile profiling` keeps line tables), but keeps the symbol table, so
//! that a panic's backtrace names its functions. `counterpart` holds SQLCipher and the
//! core only (so that it starts as fast as the `sqlite3` shell: `crates/cli/src/lib.rs`);
//! `counterpart-full` and the desktop program embed typst (its layout engine, its standard
//! library and its data: hyphenation patterns, ICC profiles, syntax definitions) for the
//! PDF briefs and the team client; the desktop program adds the window's toolkit bindings
//! and the front end.

use std::path::Path;

use crate::timing::Report;

/// Each program and the size it must stay under, in bytes: measured 64 MB (the command
/// line when it was one program) and 83 MB when the debug sections went (from 194 MB and
/// 300 MB); since the split, 8.0 MB and 61.6 MB for the two command-line programs and
/// 80.3 MB for the desktop. A tenth or so above, so that an ordinary dependency passes
/// and a return of debug info, of typst into the slim program or a duplicated library
/// does not. Without the symbol table they would be smaller still.
const PROGRAMS: [(&str, u64); 3] = [
    ("counterpart", 10_000_000),
    ("counterpart-full", 70_000_000),
    ("counterpart-desktop", 90_000_000),
];

/// Prints the size of each program against its target.
pub fn run(report: &mut Report) {
    println!("program sizes (release builds, as the packages ship them)");
    let exe = std::env::current_exe().ok();
    let dir = exe.as_deref().and_then(Path::parent);
    for (name, max) in PROGRAMS {
        let what = format!("size of {name}");
        let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
        match dir.map(|d| d.join(&file)).map(std::fs::metadata) {
            Some(Ok(meta)) => {
                let size = meta.len();
                let ok = size < max;
                if !ok {
                    report.miss(what.clone());
                }
                println!(
                    "{what:<58} {:>11.1} MB  {} (target < {:.0} MB)",
                    size as f64 / 1e6,
                    if ok { "ok  " } else { "MISS" },
                    max as f64 / 1e6
                );
            }
            _ => {
                report.miss(what.clone());
                println!(
                    "{what:<58} {:>14}  MISS (not built beside {}: `make app`, `make cli`)",
                    "-",
                    dir.map_or_else(|| "?".into(), |d| d.display().to_string())
                );
            }
        }
    }
    println!();
}
