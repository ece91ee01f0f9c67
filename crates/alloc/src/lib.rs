//! The allocator every Counterpart program uses, and its one tuning.
//!
//! mimalloc rather than the system allocator: typst allocates and frees a great deal while
//! it lays out a brief, and a 10,000-item brief took 15–20 % longer with glibc's malloc.
//! A program declares it with [`Allocator`] as its `#[global_allocator]` and calls
//! [`keep_freed_memory`] first thing in `main`.
//!
//! Why the tuning: mimalloc gives freed memory back to the system a while after it is
//! freed (1 s in mimalloc 3). A long brief's layout frees and allocates again for many
//! seconds, so the same memory went back and came back, each time as fresh pages the
//! kernel zeroes (a profile of the 1,000- and 10,000-item briefs showed a tenth of their
//! time in the kernel's `clear_page`). A program that runs one command and exits keeps
//! what it freed until it exits: a 10,000-item brief took about a quarter less time
//! (`make bench`, 13.5 s → 10.1 s en-zh on the same machine). A long-running program (the
//! window) keeps it for a second, then gives it back, so that its memory returns to its
//! size at rest after a brief.

#![deny(unsafe_op_in_unsafe_fn)]

pub use mimalloc::MiMalloc as Allocator;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_t`, the same in mimalloc 2
/// and 3; `libmimalloc-sys` has no name for it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory is kept before it is given back to the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// For the program's life: a short-lived program (the command line, the benchmarks).
    UntilExit,
    /// For this many milliseconds after it was freed: a long-running program.
    Millis(u32),
}

/// Sets how long freed memory is kept. Call it before anything else in `main`.
pub fn keep_freed_memory(keep: Keep) {
    let value = match keep {
        Keep::UntilExit => -1,
        Keep::Millis(ms) => ms.into(),
    };
    // SAFETY: `mi_option_set` takes an option's number and a value; it has no other
    // precondition, and 15 is `mi_option_purge_delay` in the mimalloc this crate builds.
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, value);
    }
}

/// The current setting, in milliseconds (-1: until exit).
pub fn freed_memory_kept_ms() -> i64 {
    // SAFETY: as in `keep_freed_memory`: reading an option has no precondition.
    #[allow(unsafe_code)]
    let v = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
    // `c_long` is 64 bits here and 32 on Windows.
    #[allow(clippy::useless_conversion)]
    i64::from(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_reaches_mimalloc() {
        keep_freed_memory(Keep::Millis(250));
        assert_eq!(freed_memory_kept_ms(), 250);
        keep_freed_memory(Keep::UntilExit);
        assert_eq!(freed_memory_kept_ms(), -1);
    }
}
