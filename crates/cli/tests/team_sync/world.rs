//! The convergence test's world: three clients of one team, what each knows it may work
//! on, and the random operations they make offline through the command line (a seeded,
//! deterministic generator).

use crate::common::team::{export_difference, item, Member, Team};
use crate::common::text;
pub use counterpart_team::testing::Rng;
use std::collections::HashSet;

/// Says which seed failed (and how to run it alone) when the test panics.
pub struct SeedReport(pub u64);

impl Drop for SeedReport {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "convergence failed with seed {0}: rerun it alone with COUNTERPART_SEEDS={0}",
                self.0
            );
        }
    }
}

/// The seeds: `COUNTERPART_SEEDS` (comma-separated), else three fixed ones.
pub fn seeds() -> Vec<u64> {
    match std::env::var("COUNTERPART_SEEDS") {
        Ok(s) if !s.trim().is_empty() => s
            .split(',')
            .map(|x| x.trim().parse().expect("COUNTERPART_SEEDS: numbers"))
            .collect(),
        _ => vec![1, 2024, 77_777],
    }
}

/// What one client knows it may work on (it saw it, or made it).
#[derive(Clone, Default)]
pub struct Known {
    pub items: Vec<String>,
    /// (item reference, event id), of events that are not retractions.
    pub events: Vec<(String, String)>,
    pub retracted: HashSet<String>,
    pub links: HashSet<(String, String)>,
}

impl Known {
    fn merge(&mut self, other: &Known) {
        for i in &other.items {
            if !self.items.contains(i) {
                self.items.push(i.clone());
            }
        }
        for e in &other.events {
            if !self.events.contains(e) {
                self.events.push(e.clone());
            }
        }
        self.retracted.extend(other.retracted.iter().cloned());
        self.links.extend(other.links.iter().cloned());
    }
}

const EVENT_TYPES: [&str; 5] = [
    "note",
    "acknowledged",
    "info_requested",
    "info_provided",
    "prc_response",
];

pub struct World<'t> {
    pub team: &'t Team,
    pub members: Vec<Member>,
    known: Vec<Known>,
    made: usize,
    pub conflicts: u64,
    /// The items edited on two clients at once.
    conflicted: Vec<String>,
}

impl<'t> World<'t> {
    /// The users `names` of agency STATE, each with a database of theirs (not in the team).
    pub fn new(team: &'t Team, names: &[&str]) -> World<'t> {
        World {
            team,
            members: names
                .iter()
                .map(|name| team.member(name, "STATE", name))
                .collect(),
            known: vec![Known::default(); names.len()],
            made: 0,
            conflicts: 0,
            conflicted: Vec::new(),
        }
    }

    /// The title and the notes of one item both have, edited on two clients.
    pub fn edit_on_two(&mut self, rng: &mut Rng) {
        let n = self.members.len();
        let (a, b) = (rng.index(n), rng.index(n - 1));
        let b = if b >= a { b + 1 } else { b };
        let both: Vec<String> = self.known[a]
            .items
            .iter()
            .filter(|r| self.known[b].items.contains(r))
            .cloned()
            .collect();
        let shared = rng.pick(&both).clone();
        self.conflicted.push(shared.clone());
        self.edit(a, &shared, "title", rng);
        self.edit(b, &shared, "title", rng);
        self.edit(b, &shared, "notes", rng);
        self.edit(a, &shared, "notes", rng);
    }

    fn day(rng: &mut Rng) -> String {
        // After every item's transmission (2024-11-01), not after today (2024-12-10).
        format!("2024-11-{:02}", 2 + rng.index(29))
    }

    pub fn add(&mut self, c: usize) {
        self.made += 1;
        let reference = format!("C{c}-{}", self.made);
        let title = format!("Request {reference}");
        self.members[c].ok(&crate::common::an_item(&title, &reference));
        self.known[c].items.push(reference);
    }

    pub fn edit(&mut self, c: usize, reference: &str, field: &str, rng: &mut Rng) {
        let value = format!("{field} by {} #{}", self.members[c].user, rng.index(1000));
        self.members[c].ok(&["edit", reference, &format!("--{field}"), &value]);
    }

    fn event(&mut self, c: usize, rng: &mut Rng) {
        let reference = rng.pick(&self.known[c].items).clone();
        let kind = *rng.pick(&EVENT_TYPES);
        let day = Self::day(rng);
        let note = format!("{kind} seen by {}", self.members[c].user);
        let out = self.members[c].ok(&[
            "event", &reference, "--type", kind, "--on", &day, "--note", &note,
        ]);
        self.known[c]
            .events
            .push((reference, out.trim().to_owned()));
    }

    fn retract(&mut self, c: usize, rng: &mut Rng) {
        let open: Vec<(String, String)> = self.known[c]
            .events
            .iter()
            .filter(|(_, id)| !self.known[c].retracted.contains(id))
            .cloned()
            .collect();
        if open.is_empty() {
            return self.event(c, rng);
        }
        let (reference, id) = rng.pick(&open).clone();
        let day = Self::day(rng);
        self.members[c].ok(&[
            "event",
            &reference,
            "--type",
            "retraction",
            "--retracts",
            &id,
            "--on",
            &day,
            "--note",
            "entered by mistake",
        ]);
        self.known[c].retracted.insert(id);
    }

    fn link(&mut self, c: usize, rng: &mut Rng) {
        let items = &self.known[c].items;
        if items.len() < 2 {
            return self.add(c);
        }
        let a = rng.pick(items).clone();
        let b = rng.pick(items).clone();
        if a == b || self.known[c].links.contains(&(a.clone(), b.clone())) {
            return self.event(c, rng);
        }
        self.members[c].ok(&["link", &a, &b]);
        self.known[c].links.insert((a, b));
    }

    /// Archives the item, or brings it back when it is archived (as this client sees it).
    fn archive_or_restore(&mut self, c: usize, rng: &mut Rng) {
        let reference = rng.pick(&self.known[c].items).clone();
        let o = self.members[c].run(&["archive", &reference]);
        if o.status.code() != Some(0) {
            assert_eq!(o.status.code(), Some(3), "archive: {}", text(&o.stderr));
            self.members[c].ok(&["unarchive", &reference]);
        }
    }

    pub fn random_op(&mut self, c: usize, rng: &mut Rng) {
        match rng.index(10) {
            0 => self.add(c),
            1 => {
                let r = rng.pick(&self.known[c].items).clone();
                self.edit(c, &r, "title", rng)
            }
            2 => {
                let r = rng.pick(&self.known[c].items).clone();
                self.edit(c, &r, "notes", rng)
            }
            3 | 4 => self.event(c, rng),
            5 | 6 => self.retract(c, rng),
            7 => self.link(c, rng),
            _ => self.archive_or_restore(c, rng),
        }
    }

    /// Every client syncs, in a random order, twice over: then each has pushed and pulled
    /// everything, and all know what any knew.
    pub fn sync_all(&mut self, rng: &mut Rng) {
        for _ in 0..2 {
            for c in rng.shuffled(self.members.len()) {
                let report = self.members[c].sync();
                self.conflicts += report["conflicts"].as_u64().expect("conflicts");
            }
        }
        let mut all = Known::default();
        for k in &self.known {
            all.merge(k);
        }
        for k in &mut self.known {
            *k = all.clone();
        }
    }

    /// The three exports are the same; when not, the message shows the first item that
    /// differs and that item's operations in the server's log.
    pub fn assert_converged(&self, when: &str) {
        let first = self.members[0].export();
        for m in &self.members[1..] {
            let theirs = m.export();
            if let Some((reference, why)) = export_difference(&first, &theirs) {
                let log = reference
                    .map(|r| {
                        let id = item(&first, &r)["id"].as_str().unwrap().to_owned();
                        format!("the server's log of {r}:\n{}", self.team.log_of_item(&id))
                    })
                    .unwrap_or_default();
                panic!(
                    "{when}: {} and {} differ: {why}\n{log}",
                    self.members[0].user, m.user
                );
            }
        }
        // The conflict entries of the items edited on two clients are the same everywhere.
        for r in &self.conflicted {
            let first = self.members[0].conflicts(r);
            for m in &self.members[1..] {
                assert_eq!(
                    first,
                    m.conflicts(r),
                    "{when}: the conflict entries of {r} on {} and {}",
                    self.members[0].user,
                    m.user
                );
            }
        }
    }
}
