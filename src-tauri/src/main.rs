// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// mimalloc, tuned: see crates/alloc.
#[global_allocator]
static ALLOCATOR: counterpart_alloc::Allocator = counterpart_alloc::Allocator;

fn main() {
    // First, before any thread: the environment is read by WebKitGTK when it starts.
    web_view_rendering();
    // Freed memory is kept a second, then given back (crates/alloc): the window runs for
    // hours, and its memory returns to its size at rest after a brief.
    counterpart_alloc::keep_freed_memory(counterpart_alloc::Keep::Millis(1000));
    // Owner-only by default for anything created without an explicit mode — SQLite's
    // temporary files, the web view's caches. The program's own files are created 0600 and
    // its folders 0700 whatever the umask: this is the second line, for what others make.
    counterpart_core::fsutil::restrict_umask();
    counterpart_desktop::run();
}

/// WebKitGTK draws the page without accelerated compositing (WebKit's own variable,
/// `WEBKIT_DISABLE_COMPOSITING_MODE`), unless the person running the app set it already.
///
/// Why: the window is flat pages of text and tables, with no 3D transforms, video or
/// WebGL, so compositing buys nothing to draw, and costs memory the window keeps. With it,
/// WebKit keeps a tiled backing store per layer; after scrolling the whole list of
/// 100,000 items and opening 100 of them its processes held about 440 MiB (PSS), against
/// about 235 MiB without (`make bench`'s window figures, the same run), and a search's
/// first rows came later (each layer flushed). Many of the office machines it runs on
/// (virtual desktops, remote sessions) have no GPU for it anyway, where WebKit composites
/// in software.
fn web_view_rendering() {
    const VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if cfg!(target_os = "linux") && std::env::var_os(VAR).is_none() {
        // Sound: the first statement of main, before any thread exists to read the
        // environment at the same time.
        std::env::set_var(VAR, "1");
    }
}
