//! Timing and the report: [`time`] takes the median of repeated runs, [`Report`] prints a
//! line per figure against its target and remembers the targets missed.

use std::time::{Duration, Instant};

/// The middle duration (the upper of the middle two when their count is even).
pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Runs `f` `runs` times: the median time and the last result.
pub fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut out = None;
    let times = (0..runs)
        .map(|_| {
            let t = Instant::now();
            out = Some(f());
            t.elapsed()
        })
        .collect();
    (median(times), out.expect("at least one run"))
}

/// A duration in milliseconds, as printed.
pub fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

/// The size the targets are set for: a figure is judged against its target only when
/// measured on this many items (at the other sizes of the scale curve it is printed and
/// drawn in the curve, not judged).
pub const TARGET_SIZE: usize = 100_000;

/// One figure as measured: what, on how many items, how long.
pub struct Figure {
    pub what: String,
    pub size: usize,
    pub took: Duration,
}

/// The figures printed so far and the targets missed.
pub struct Report {
    pub missed: Vec<String>,
    /// The items of the database being measured (the parts that do not depend on it run at
    /// [`TARGET_SIZE`]).
    pub size: usize,
    pub figures: Vec<Figure>,
}

impl Report {
    pub fn new() -> Self {
        Report {
            missed: Vec::new(),
            size: TARGET_SIZE,
            figures: Vec::new(),
        }
    }

    /// Whether targets are judged at the current size.
    pub fn judged(&self) -> bool {
        self.size == TARGET_SIZE
    }

    /// Counts `what` as a target missed (only at the size targets are set for).
    pub fn miss(&mut self, what: impl Into<String>) {
        if self.judged() {
            self.missed.push(what.into());
        }
    }

    /// Remembers a figure for the scale curve (without printing it).
    pub fn record(&mut self, what: &str, took: Duration) {
        self.figures.push(Figure {
            what: what.to_owned(),
            size: self.size,
            took,
        });
    }

    /// Prints one figure, its verdict against `target` when there is one, and `extra`.
    pub fn line(&mut self, what: &str, took: Duration, target: Option<Duration>, extra: &str) {
        self.record(what, took);
        let verdict = match target {
            Some(t) if !self.judged() => format!("     (target < {} at {TARGET_SIZE})", ms(t)),
            Some(t) if took <= t => format!("ok   (target < {})", ms(t)),
            Some(t) => {
                self.missed.push(what.to_owned());
                format!("MISS (target < {})", ms(t))
            }
            None => String::new(),
        };
        println!("{what:<58} {:>14}  {verdict} {extra}", ms(took));
    }

    /// The scale curve: every figure measured at more than one size, its time at each, and
    /// how it grew from one size to the next beside how the items grew. A figure that grew
    /// more than 1.5 times as fast as the items is marked `FASTER THAN THE ITEMS`.
    pub fn print_curve(&self) {
        let mut sizes: Vec<usize> = self.figures.iter().map(|f| f.size).collect();
        sizes.sort_unstable();
        sizes.dedup();
        if sizes.len() < 2 {
            return;
        }
        let mut names: Vec<&str> = Vec::new();
        for f in &self.figures {
            if !names.contains(&f.what.as_str()) {
                names.push(&f.what);
            }
        }
        println!(
            "scale curve (each figure at each size; growth = this size's time / the last size's)"
        );
        let head: String = sizes
            .iter()
            .map(|s| format!("{:>13}", format!("{s} items")))
            .collect();
        println!("{:<58}{head}  growth", "");
        for name in names {
            let at: Vec<Option<Duration>> = sizes
                .iter()
                .map(|s| {
                    self.figures
                        .iter()
                        .find(|f| f.what == name && f.size == *s)
                        .map(|f| f.took)
                })
                .collect();
            if at.iter().flatten().count() < 2 {
                continue;
            }
            let cells: String = at
                .iter()
                .map(|d| format!("{:>13}", d.map(ms).unwrap_or_else(|| "-".into())))
                .collect();
            let mut growth = Vec::new();
            let mut faster = false;
            for i in 1..sizes.len() {
                if let (Some(a), Some(b)) = (at[i - 1], at[i]) {
                    let g = b.as_secs_f64() / a.as_secs_f64().max(1e-9);
                    let items = sizes[i] as f64 / sizes[i - 1] as f64;
                    faster |= g > 1.5 * items;
                    growth.push(format!("x{g:.1} (items x{items:.0})"));
                }
            }
            let mark = if faster {
                "  FASTER THAN THE ITEMS"
            } else {
                ""
            };
            println!("{name:<58}{cells}  {}{mark}", growth.join(", "));
        }
        println!();
    }
}

impl Default for Report {
    fn default() -> Self {
        Self::new()
    }
}
