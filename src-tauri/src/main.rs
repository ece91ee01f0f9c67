// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// mimalloc, tuned: see crates/alloc.
#[global_allocator]
static ALLOCATOR: counterpart_alloc::Allocator = counterpart_alloc::Allocator;

fn main() {
    // Freed memory is kept a second, then given back (crates/alloc): the window runs for
    // hours, and its memory returns to its size at rest after a brief.
    counterpart_alloc::keep_freed_memory(counterpart_alloc::Keep::Millis(1000));
    // Owner-only by default for anything created without an explicit mode — SQLite's
    // temporary files, the web view's caches. The program's own files are created 0600 and
    // its folders 0700 whatever the umask: this is the second line, for what others make.
    counterpart_core::fsutil::restrict_umask();
    counterpart_desktop::run();
}
