//! `counterpart`: the command line over Counterpart's core, for scripts, scheduled jobs and
//! people without a display. The commands and exit codes are those of `CONTRACT.md`:
//! 0 done, 2 the command line is wrong (clap's own exit code), 3 the data is invalid
//! (nothing was written), 1 anything else. Errors go to stderr as `error:` lines.
//!
//! This is the edge: it reads the system clock (for `today` and `now`) and the
//! environment, and hands both to the core.

// mimalloc rather than the system allocator: typst allocates and frees a great deal while
// it lays out a brief, and a 10,000-item brief took 15–20 % longer with glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod args;
mod output;

use chrono::{NaiveDate, Utc};
use clap::Parser;
use counterpart_core::backup::Reason;
use counterpart_core::db::{agencies, audit, backup, check, items, list, reminders, Db};
use counterpart_core::model::{ItemFields, NewEvent};
use counterpart_core::validate::{parse_date, FieldError};
use counterpart_core::{export, ics, import, Error};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use args::{
    AgencyCommand, BriefArgs, BriefFormat, BriefLang, Cli, Command, ExportFormat, ListFormat,
    ReminderAction, RemindersArgs, RemindersFormat, ShowFormat,
};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Check(c) = &cli.command {
        return match run_check(&cli.db, c.format) {
            Ok(code) => code,
            Err(e) => {
                report(&e);
                ExitCode::from(1)
            }
        };
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            ExitCode::from(if e.is_invalid_data() { 3 } else { 1 })
        }
    }
}

/// The reader of our output went away (`counterpart list | head`): not an error.
fn is_broken_pipe(e: &Error) -> bool {
    match e {
        Error::Io(io) => io.kind() == std::io::ErrorKind::BrokenPipe,
        Error::Json(j) => j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe),
        _ => false,
    }
}

/// Writes an error as `error:` lines, one per problem.
fn report(e: &Error) {
    let mut err = std::io::stderr().lock();
    match e {
        Error::Invalid(fields) => {
            for f in fields {
                let _ = writeln!(err, "error: {f}");
            }
        }
        Error::InvalidRows(rows) => {
            for r in rows {
                let _ = writeln!(err, "error: {r}");
            }
            let _ = writeln!(
                err,
                "error: nothing was imported ({} problem(s))",
                rows.len()
            );
        }
        other => {
            let _ = writeln!(err, "error: {other}");
        }
    }
}

/// Opens the database named on the command line, or the default one (whose folder is
/// made on first use).
fn open(cli_db: &Option<PathBuf>) -> Result<Db, Error> {
    Db::open(&db_path(cli_db)?, Utc::now())
}

/// The database's path: from the command line, or the default one (whose folder is made
/// on first use).
fn db_path(cli_db: &Option<PathBuf>) -> Result<PathBuf, Error> {
    Ok(match cli_db {
        Some(p) => p.clone(),
        None => {
            let p = counterpart_core::db::default_path()?;
            if let Some(dir) = p.parent() {
                std::fs::create_dir_all(dir)?;
            }
            p
        }
    })
}

/// A date given on the command line, checked like any other field.
fn date(field: &str, v: &Option<String>) -> Result<Option<NaiveDate>, FieldError> {
    v.as_deref().map(|s| parse_date(field, s)).transpose()
}

fn run(cli: Cli) -> Result<(), Error> {
    let today = cli
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let now = Utc::now();
    let user = cli.user.clone();
    let user = user.as_deref();
    let mut out = std::io::stdout().lock();
    match cli.command {
        Command::Init => {
            let db = open(&cli.db)?;
            writeln!(
                out,
                "database ready: {} (schema version {})",
                db.path().display(),
                counterpart_core::db::schema_version()
            )?;
        }
        Command::Add(a) => {
            let mut errors = Vec::new();
            let mut d = |field: &str, v: &Option<String>| {
                date(field, v).unwrap_or_else(|e| {
                    errors.push(e);
                    None
                })
            };
            let transmitted_on = d("transmitted_on", &a.transmitted_on);
            let due_on = d("due_on", &a.due_on);
            let follow_up_on = d("follow_up_on", &a.follow_up_on);
            let flat = a.details.to_flat(&mut d);
            let details = flat.into_details(a.kind).map_err(|stray| {
                stray
                    .into_iter()
                    .map(|(f, m)| FieldError::new(f, m))
                    .collect::<Vec<_>>()
            });
            let details = match details {
                Ok(v) => Some(v),
                Err(mut e) => {
                    errors.append(&mut e);
                    None
                }
            };
            let (Some(details), true) = (details, errors.is_empty()) else {
                return Err(Error::Invalid(errors));
            };
            let fields = ItemFields {
                reference: a.reference,
                title: a.title,
                title_zh: a.title_zh,
                us_agency: a.us_agency,
                counterpart: a.counterpart,
                priority: a.priority.unwrap_or_default(),
                owner: a.owner,
                notes: a.notes,
                tags: a.tag,
                due_on,
                follow_up_on,
                details,
            };
            let mut db = open(&cli.db)?;
            let item = db.write(|tx| {
                items::create(
                    tx,
                    items::NewItem {
                        fields,
                        transmitted_on,
                    },
                    now,
                    user,
                )
            })?;
            writeln!(out, "{}", item.id)?;
        }
        Command::Event(e) => {
            let on = parse_date("on", &e.on).map_err(|x| Error::Invalid(vec![x]))?;
            let due_on = date("due_on", &e.due_on).map_err(|x| Error::Invalid(vec![x]))?;
            let retracts = e
                .retracts
                .as_deref()
                .map(|r| {
                    r.trim()
                        .parse()
                        .map_err(|_| Error::field("retracts", format!("`{r}` is not an event id")))
                })
                .transpose()?;
            let new = NewEvent {
                event_type: e.event_type,
                on,
                side: e.side,
                status: e.status,
                due_on,
                retracts,
                note: e.note.unwrap_or_default(),
            };
            let mut db = open(&cli.db)?;
            let ev = db.write(|tx| items::record_event(tx, &e.item, new, now, user))?;
            writeln!(out, "{}", ev.id)?;
        }
        Command::List(l) => {
            let db = open(&cli.db)?;
            let counterpart = l
                .counterpart
                .as_deref()
                .map(|c| agencies::require(db.conn(), "counterpart", c))
                .transpose()?;
            let q = list::ListQuery {
                kind: l.kind,
                status: l.status,
                open: if l.open {
                    Some(true)
                } else if l.closed {
                    Some(false)
                } else {
                    None
                },
                overdue: l.overdue,
                counterpart,
                search: l.search,
                sort: l.sort.into(),
                descending: !l.ascending,
                offset: 0,
                limit: l.limit,
            };
            if l.archived {
                let archived = items::archived(db.conn())?;
                match l.format {
                    ListFormat::Json => {
                        serde_json::to_writer_pretty(&mut out, &archived)?;
                        writeln!(out)?;
                    }
                    ListFormat::Table | ListFormat::Csv => output::archived(&mut out, &archived)?,
                }
                out.flush()?;
                return Ok(());
            }
            let rows = list::list(db.conn(), &q, today)?;
            match l.format {
                ListFormat::Table => output::table(&mut out, &rows)?,
                ListFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &rows)?;
                    writeln!(out)?;
                }
                ListFormat::Csv => output::list_csv(&mut out, &rows)?,
            }
        }
        Command::Show(s) => {
            let db = open(&cli.db)?;
            let id = items::find(db.conn(), &s.item)?;
            let view = items::view(db.conn(), id, today)?;
            match s.format {
                ShowFormat::Text => {
                    let agencies = agencies::all(db.conn())?;
                    output::show(&mut out, &view, &agencies)?
                }
                ShowFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &view)?;
                    writeln!(out)?;
                }
            }
        }
        Command::Import(i) => {
            let mut db = open(&cli.db)?;
            let file = std::fs::File::open(&i.file).map_err(|e| {
                Error::Io(std::io::Error::new(
                    e.kind(),
                    format!("cannot read {}: {e}", i.file.display()),
                ))
            })?;
            let input = std::io::BufReader::new(file);
            if !i.dry_run {
                let b = db.backup_now(Reason::BeforeImport, now)?;
                eprintln!("backed up the database to {}", b.path.display());
            }
            let is_json = i
                .file
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"));
            let report = if is_json {
                import::import_json(&mut db, input, now, user, i.dry_run)?
            } else {
                import::import_csv(&mut db, input, now, user, i.dry_run)?
            };
            if report.dry_run {
                writeln!(
                    out,
                    "dry run: {} item(s) with {} event(s) would be imported; nothing was written",
                    report.items, report.events
                )?;
            } else {
                writeln!(
                    out,
                    "imported {} item(s) with {} event(s)",
                    report.items, report.events
                )?;
            }
        }
        Command::Export(x) => {
            let db = open(&cli.db)?;
            let write = |w: &mut dyn Write| -> Result<usize, Error> {
                match x.format {
                    ExportFormat::Csv => export::export_csv(db.conn(), w),
                    ExportFormat::Json => {
                        let n = export::export_json(db.conn(), now, &mut *w)?;
                        writeln!(w)?;
                        Ok(n)
                    }
                }
            };
            match &x.output {
                Some(path) => {
                    let n = write_atomically(path, write)?;
                    eprintln!("exported {n} item(s) to {}", path.display());
                }
                None => {
                    write(&mut out)?;
                }
            }
        }
        Command::Link(l) => {
            let mut db = open(&cli.db)?;
            db.write(|tx| {
                let from = items::find(tx, &l.item)?;
                let to = items::find(tx, &l.other)?;
                items::link_raw(tx, from, to, &l.relation, now, user)
            })?;
            writeln!(out, "linked {} to {} ({})", l.item, l.other, l.relation)?;
        }
        Command::Agency(AgencyCommand::List) => {
            let db = open(&cli.db)?;
            for a in agencies::all(db.conn())? {
                writeln!(out, "{:<8} {}  {}", a.code, a.name_en, a.name_zh)?;
            }
        }
        Command::Agency(AgencyCommand::Add(a)) => {
            let mut db = open(&cli.db)?;
            let added = db.write(|tx| agencies::add_raw(tx, &a.code, &a.name_en, &a.name_zh))?;
            writeln!(out, "{}", added.code)?;
        }
        Command::Reminders(r) => run_reminders(&cli.db, r, today, now, &mut out)?,
        Command::Brief(b) => run_brief(&cli.db, b, today, now)?,
        Command::Archive(a) => {
            let mut db = open(&cli.db)?;
            let item = db.write(|tx| {
                let id = items::find(tx, &a.item)?;
                items::archive(tx, id, now, user)
            })?;
            writeln!(
                out,
                "archived {} (bring it back with `counterpart unarchive {}`)",
                item.fields.reference, item.fields.reference
            )?;
        }
        Command::Unarchive(a) => {
            let mut db = open(&cli.db)?;
            let item = db.write(|tx| {
                let id = items::find(tx, &a.item)?;
                items::unarchive(tx, id, now, user)
            })?;
            writeln!(out, "restored {} from the archive", item.fields.reference)?;
        }
        Command::Erase(e) => {
            let mut db = open(&cli.db)?;
            let erased = db.write(|tx| {
                let id = items::find(tx, &e.item)?;
                items::erase(tx, id, now, user)
            })?;
            writeln!(
                out,
                "erased {} ({}, {} event(s)); the audit trail keeps a record of it",
                erased.reference, erased.kind, erased.events
            )?;
        }
        Command::History(h) => {
            let db = open(&cli.db)?;
            let rows = match items::find(db.conn(), &h.item) {
                Ok(id) => audit::history(db.conn(), id)?,
                Err(Error::NotFound(_)) => {
                    // An erased item: found in the trail by its id or its reference.
                    let rows = match h.item.trim().parse() {
                        Ok(id) => audit::history(db.conn(), id)?,
                        Err(_) => audit::history_by_reference(db.conn(), h.item.trim())?,
                    };
                    if rows.is_empty() {
                        return Err(Error::NotFound(h.item));
                    }
                    rows
                }
                Err(e) => return Err(e),
            };
            match h.format {
                ShowFormat::Text => output::history(&mut out, &rows)?,
                ShowFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &rows)?;
                    writeln!(out)?;
                }
            }
        }
        Command::Check(_) => unreachable!("handled in main"),
        Command::Backup(b) => {
            let db = open(&cli.db)?;
            match &b.file {
                Some(file) => {
                    let v = db.backup_to(file, b.force)?;
                    writeln!(out, "backed up {} item(s) to {}", v.items, file.display())?;
                }
                None => {
                    let f = db.backup_now(Reason::Manual, now)?;
                    writeln!(out, "backed up to {}", f.path.display())?;
                }
            }
        }
        Command::Restore(r) => {
            let path = db_path(&cli.db)?;
            let done = backup::restore(&path, &r.file, now)?;
            if let Some(aside) = &done.kept_aside {
                writeln!(
                    out,
                    "the database that was replaced is kept at {}",
                    aside.display()
                )?;
            }
            writeln!(
                out,
                "restored {} item(s) from {} into {}",
                done.verified.items,
                r.file.display(),
                path.display()
            )?;
            // Opened once so that a backup of an older schema is upgraded now (after its
            // own before-migration backup), not by the next command.
            open(&cli.db)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// `counterpart check`: exit 0 when the file, its foreign keys and the audit chain are
/// sound; exit 1 with `error:` lines naming the first problem otherwise.
fn run_check(db: &Option<PathBuf>, format: ShowFormat) -> Result<ExitCode, Error> {
    let db = open(db)?;
    let r = check::check(db.conn())?;
    let mut out = std::io::stdout().lock();
    match format {
        ShowFormat::Text => output::check(&mut out, &r)?,
        ShowFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &r)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    if r.ok() {
        return Ok(ExitCode::SUCCESS);
    }
    let mut err = std::io::stderr().lock();
    for line in &r.integrity {
        writeln!(err, "error: integrity_check: {line}")?;
    }
    for (table, rowid, parent) in &r.foreign_keys {
        let row = rowid.map_or_else(|| "a row".to_owned(), |n| format!("row {n}"));
        writeln!(
            err,
            "error: foreign key: {row} of {table} points to a missing {parent}"
        )?;
    }
    if let Some(bad) = &r.audit.first_bad {
        writeln!(err, "error: {bad}")?;
    }
    Ok(ExitCode::from(1))
}

/// `counterpart reminders`: the list, the calendar file, snooze and done.
fn run_reminders(
    db: &Option<PathBuf>,
    r: RemindersArgs,
    today: NaiveDate,
    now: chrono::DateTime<Utc>,
    out: &mut impl Write,
) -> Result<(), Error> {
    let mut db = open(db)?;
    match r.action {
        Some(ReminderAction::Snooze(s)) => {
            let until = parse_date("until", &s.until).map_err(|e| Error::Invalid(vec![e]))?;
            let key = db.write(|tx| {
                let key = reminders::find_deadline(tx, &s.which.item, s.which.deadline, today)?;
                reminders::snooze(tx, &key, until, today, now)?;
                Ok(key)
            })?;
            writeln!(
                out,
                "snoozed {} {} ({}) until {until}",
                s.which.item,
                key.deadline.noun(),
                key.deadline_on
            )?;
        }
        Some(ReminderAction::Done(d)) => {
            let key = db.write(|tx| {
                let key = reminders::find_deadline(tx, &d.item, d.deadline, today)?;
                reminders::done(tx, &key, today, now)?;
                Ok(key)
            })?;
            writeln!(
                out,
                "done: {} {} ({})",
                d.item,
                key.deadline.noun(),
                key.deadline_on
            )?;
        }
        None => match &r.ics {
            Some(path) => {
                let entries = reminders::calendar(db.conn(), today)?;
                let settings = reminders::settings(db.conn())?;
                let text = ics::calendar(&entries, &settings.leads, today, now);
                write_atomically(path, |w| {
                    w.write_all(text.as_bytes())?;
                    Ok(entries.len())
                })?;
                writeln!(
                    out,
                    "wrote {} deadline(s) to {}",
                    entries.len(),
                    path.display()
                )?;
            }
            None => {
                let list = reminders::upcoming(db.conn(), today, r.within)?;
                match r.format {
                    RemindersFormat::Table => output::reminders_table(out, &list, today, r.within)?,
                    RemindersFormat::Json => {
                        serde_json::to_writer_pretty(
                            &mut *out,
                            &output::reminders_json(&list, today),
                        )?;
                        writeln!(out)?;
                    }
                }
            }
        },
    }
    Ok(())
}

/// Writes a brief and records it (after the file is in place: a brief that was not
/// written was not handed out).
fn run_brief(
    db: &Option<PathBuf>,
    a: BriefArgs,
    today: NaiveDate,
    now: chrono::DateTime<Utc>,
) -> Result<(), Error> {
    use counterpart_core::brief::{BriefOptions, Lang};
    use counterpart_core::db::brief as db_brief;
    let pdf_error =
        |e: counterpart_brief::pdf::Error| Error::Io(std::io::Error::other(e.to_string()));
    // The fonts first: without them there is no PDF, and nothing to open the database for.
    let fonts = match a.format {
        BriefFormat::Pdf => Some(counterpart_brief::pdf::Fonts::load().map_err(pdf_error)?),
        BriefFormat::Html | BriefFormat::Md => None,
    };
    let mut db = open(db)?;
    let options = BriefOptions {
        kinds: a.kinds,
        open_only: a.open,
        agency: a.agency,
        changed_since: a.since,
        lang: match a.lang {
            BriefLang::En => Lang::En,
            BriefLang::EnZh => Lang::EnZh,
        },
        title: a.title,
        marking: match a.marking {
            Some(m) => m,
            None => db_brief::marking(db.conn())?,
        },
        prepared_by: a.prepared_by,
    };
    let brief = db_brief::build(db.conn(), &options, today)?;
    let bytes = match (a.format, &fonts) {
        (BriefFormat::Html, _) => counterpart_brief::html::render(&brief).into_bytes(),
        (BriefFormat::Md, _) => counterpart_brief::markdown::render(&brief).into_bytes(),
        (BriefFormat::Pdf, Some(fonts)) => {
            counterpart_brief::pdf::render(&brief, fonts).map_err(pdf_error)?
        }
        (BriefFormat::Pdf, None) => unreachable!("the fonts are loaded above for a PDF"),
    };
    write_atomically(&a.output, |w| {
        w.write_all(&bytes)?;
        Ok(bytes.len())
    })?;
    let id = db.write(|tx| db_brief::record(tx, &brief, &options, a.format.as_str(), now))?;
    eprintln!(
        "wrote a brief of {} item(s) as of {today} to {} (recorded as brief {id})",
        brief.rows().count(),
        a.output.display()
    );
    Ok(())
}

/// Writes a file through a temporary file in the same folder, renamed into place, so that
/// a failed export never leaves half a file where a good one was.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<usize, Error>,
) -> Result<usize, Error> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let file = std::fs::File::create(&tmp)?;
        let mut w = std::io::BufWriter::new(file);
        let n = write(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)?;
        Ok(n)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|e| match e {
        Error::Io(io) => Error::Io(std::io::Error::new(
            io.kind(),
            format!("cannot write {}: {io}", path.display()),
        )),
        other => other,
    })
}
