//! The processes of a program the window bench started (under tauri-driver, from
//! /proc): whether one still runs, and their memory.

use std::collections::HashMap;
use std::path::Path;

use super::Result;

/// The processes under the driver `driver` that run `program`, with the tree they are in.
fn of_program(driver: u32, program: &Path) -> Result<(ProcessTree, Vec<u32>)> {
    let tree = ProcessTree::read()?;
    let program = program.canonicalize()?;
    let pids = tree
        .descendants(driver)
        .into_iter()
        .filter(|&p| std::fs::read_link(format!("/proc/{p}/exe")).is_ok_and(|exe| exe == program))
        .collect();
    Ok((tree, pids))
}

/// Whether a process of `program` still runs under the driver.
pub(super) fn running(driver: u32, program: &Path) -> Result<bool> {
    Ok(!of_program(driver, program)?.1.is_empty())
}

/// The memory of the newest process under the driver that runs `program`, with every
/// process under it.
pub(super) fn memory(driver: u32, program: &Path) -> Result<Memory> {
    let (tree, pids) = of_program(driver, program)?;
    let pid = pids
        .into_iter()
        .max_by_key(|&p| tree.start.get(&p).copied().unwrap_or(0))
        .ok_or_else(|| format!("no process of {} under tauri-driver", program.display()))?;
    let mut memory = Memory::default();
    for p in std::iter::once(pid).chain(tree.descendants(pid)) {
        let kib = pss_kib(p).unwrap_or(0);
        let name = std::fs::read_to_string(format!("/proc/{p}/comm"))
            .map(|s| s.trim().to_owned())
            .unwrap_or_default();
        *memory.by_name.entry(name).or_default() += kib;
    }
    Ok(memory)
}

/// PSS of a group of processes, by process name (kB).
#[derive(Default)]
pub(super) struct Memory {
    by_name: HashMap<String, u64>,
}

impl Memory {
    pub(super) fn total_mib(&self) -> f64 {
        self.by_name.values().sum::<u64>() as f64 / 1024.0
    }

    /// "name 123.4 MiB, …", largest first.
    pub(super) fn parts(&self) -> String {
        let mut v: Vec<_> = self.by_name.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1));
        v.iter()
            .map(|(n, k)| format!("{n} {:.1}", **k as f64 / 1024.0))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `Pss:` of /proc/PID/smaps_rollup, in kB.
fn pss_kib(pid: u32) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("Pss:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Every process's parent and start time, from /proc.
struct ProcessTree {
    children: HashMap<u32, Vec<u32>>,
    start: HashMap<u32, u64>,
}

impl ProcessTree {
    fn read() -> Result<ProcessTree> {
        let mut tree = ProcessTree {
            children: HashMap::new(),
            start: HashMap::new(),
        };
        for entry in std::fs::read_dir("/proc")? {
            let Some(pid) = entry?
                .file_name()
                .to_str()
                .and_then(|s| s.parse::<u32>().ok())
            else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                continue;
            };
            // After the command's name in parentheses (which may hold spaces): state,
            // ppid, … and the start time as the 20th field after it.
            let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
                continue;
            };
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let (Some(ppid), Some(start)) = (
                fields.get(1).and_then(|s| s.parse::<u32>().ok()),
                fields.get(19).and_then(|s| s.parse::<u64>().ok()),
            ) else {
                continue;
            };
            tree.children.entry(ppid).or_default().push(pid);
            tree.start.insert(pid, start);
        }
        Ok(tree)
    }

    fn descendants(&self, pid: u32) -> Vec<u32> {
        let mut out = Vec::new();
        let mut todo = vec![pid];
        while let Some(p) = todo.pop() {
            for &c in self.children.get(&p).map(Vec::as_slice).unwrap_or_default() {
                out.push(c);
                todo.push(c);
            }
        }
        out
    }
}
