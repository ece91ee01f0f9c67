// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// mimalloc rather than the system allocator: typst allocates and frees a great deal while
// it lays out a brief, and a 10,000-item brief took 15–20 % longer with glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    counterpart_desktop::run();
}
