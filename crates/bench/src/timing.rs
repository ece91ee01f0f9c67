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

/// The figures printed so far and the targets missed.
pub struct Report {
    pub missed: Vec<String>,
}

impl Report {
    /// Prints one figure, its verdict against `target` when there is one, and `extra`.
    pub fn line(&mut self, what: &str, took: Duration, target: Option<Duration>, extra: &str) {
        let verdict = match target {
            Some(t) if took <= t => format!("ok   (target < {})", ms(t)),
            Some(t) => {
                self.missed.push(what.to_owned());
                format!("MISS (target < {})", ms(t))
            }
            None => String::new(),
        };
        println!("{what:<58} {:>14}  {verdict} {extra}", ms(took));
    }
}
