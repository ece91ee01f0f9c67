//! The two programs of the command line (issue 15, `src/lib.rs`): `counterpart` runs every
//! command but `brief`, `team`, `sync` and `share`, which it hands to `counterpart-full`,
//! found beside it or in `../lib/counterpart/` (as the Linux packages install it); without
//! it, those four say what is missing and the others still work. And the slim program
//! links none of what makes the whole one heavy.

mod common;

use common::{ok, text, ONE_ITEM, TODAY};
use std::path::{Path, PathBuf};
use std::process::Command;

const SLIM: &str = env!("CARGO_BIN_EXE_counterpart");
const WHOLE: &str = env!("CARGO_BIN_EXE_counterpart-full");

/// `name` in `dir`: a hard link to `program` where the file system allows it (the
/// programs are tens of megabytes), else a copy.
fn place(program: &str, dir: &Path, name: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let to = dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if std::fs::hard_link(program, &to).is_err() {
        std::fs::copy(program, &to).unwrap();
    }
    to
}

/// `program --db DB --today TODAY ARGS…`, the environment's defaults removed.
fn run(program: &Path, db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(program)
        .env_remove("COUNTERPART_DB")
        .env_remove("COUNTERPART_TODAY")
        .env_remove("COUNTERPART_PASSPHRASE")
        .arg("--db")
        .arg(db)
        .args(["--today", TODAY])
        .args(args)
        .output()
        .expect("the program should start")
}

/// A database of one item, and a brief of it written by `slim`: the brief's Markdown.
fn brief_by(slim: &Path, dir: &Path) -> std::process::Output {
    let db = dir.join("db.sqlite3");
    ok(run(slim, &db, &ONE_ITEM), "add");
    run(
        slim,
        &db,
        &["brief", "--output", &dir.join("b.md").to_string_lossy()],
    )
}

#[test]
fn the_slim_program_hands_a_brief_to_the_whole_one_in_lib_counterpart() {
    let dir = tempfile::tempdir().unwrap();
    // As the .deb lays them out: /usr/bin/counterpart, /usr/lib/counterpart/counterpart-full.
    let slim = place(SLIM, &dir.path().join("usr/bin"), "counterpart");
    place(
        WHOLE,
        &dir.path().join("usr/lib/counterpart"),
        "counterpart-full",
    );
    let out = brief_by(&slim, dir.path());
    ok(out.clone(), "brief through the whole program");
    assert!(
        text(&out.stderr).contains("wrote a brief of 1 item(s)"),
        "{}",
        text(&out.stderr)
    );
    let md = std::fs::read_to_string(dir.path().join("b.md")).unwrap();
    assert!(md.contains("EXT-1"), "{md}");
}

#[test]
fn without_the_whole_program_a_brief_names_it_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let slim = place(SLIM, &dir.path().join("bin"), "counterpart");
    let out = brief_by(&slim, dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("`counterpart brief` is run by counterpart-full")
            && err.contains("reinstall Counterpart"),
        "{err}"
    );
    assert!(!dir.path().join("b.md").exists());
    // The slim program's own commands still work, and the item added is there.
    let listed = ok(
        run(&slim, &dir.path().join("db.sqlite3"), &["list"]),
        "list",
    );
    assert!(listed.contains("EXT-1"), "{listed}");
}

#[test]
fn the_whole_program_runs_every_command_itself() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite3");
    let whole = Path::new(WHOLE);
    ok(run(whole, &db, &ONE_ITEM), "add by the whole program");
    let shown = ok(run(whole, &db, &["show", "EXT-1"]), "show");
    assert!(shown.contains("Extradition of Zhang Moumou"), "{shown}");
    let version = ok(run(whole, &db, &["--version"]), "--version");
    assert_eq!(
        version.trim(),
        format!("counterpart {}", env!("CARGO_PKG_VERSION"))
    );
}

/// The slim program's shared libraries and what it was linked from: no D-Bus (the
/// keychain's), no typst, no PostgreSQL client. A regression here costs every command its
/// start-up (`make bench`: `show REF` beside the `sqlite3` shell).
#[cfg(target_os = "linux")]
#[test]
fn the_slim_program_links_no_typst_no_keychain_no_postgres() {
    let needed = |program: &str| -> Vec<String> {
        let out = Command::new("readelf")
            .args(["-d", "-W", program])
            .output()
            .expect("readelf (binutils) should run");
        text(&out.stdout)
            .lines()
            .filter(|l| l.contains("(NEEDED)"))
            .map(|l| {
                l.rsplit('[')
                    .next()
                    .unwrap_or("")
                    .trim_end_matches(']')
                    .to_owned()
            })
            .collect()
    };
    let slim = needed(SLIM);
    assert!(slim.iter().any(|l| l.starts_with("libc.so")), "{slim:?}");
    assert!(
        !slim.iter().any(|l| l.starts_with("libdbus")),
        "counterpart needs {slim:?}"
    );
    // The whole program does link them: the check above is not vacuous.
    let whole = needed(WHOLE);
    assert!(whole.iter().any(|l| l.starts_with("libdbus")), "{whole:?}");

    // The crates' names, as the symbol table and the panic messages carry them.
    let holds = |program: &str, crate_name: &str| {
        String::from_utf8_lossy(&std::fs::read(program).unwrap()).contains(crate_name)
    };
    for crate_name in ["typst_library", "tokio_postgres", "keyring"] {
        assert!(!holds(SLIM, crate_name), "counterpart holds {crate_name}");
        assert!(
            holds(WHOLE, crate_name),
            "counterpart-full lacks {crate_name}"
        );
    }
}
