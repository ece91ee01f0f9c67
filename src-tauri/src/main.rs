// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// mimalloc rather than the system allocator: typst allocates and frees a great deal while
// it lays out a brief, and a 10,000-item brief took 15–20 % longer with glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // Owner-only by default for anything created without an explicit mode — SQLite's
    // temporary files, the web view's caches. The program's own files are created 0600 and
    // its folders 0700 whatever the umask: this is the second line, for what others make.
    counterpart_core::fsutil::restrict_umask();
    counterpart_desktop::run();
}
