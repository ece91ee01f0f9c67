//! The empty window: the least a Tauri 2 program on this machine's WebKitGTK costs to
//! start and to keep open — one window, one page showing one element
//! (`data-testid="empty"`), no commands, no plugins, no database. The window's benchmark
//! (crates/bench/src/window.rs) starts it through WebDriver beside Counterpart on the same
//! display in the same run, and compares the launch time and the memory with it.

fn main() {
    // As Counterpart draws (src-tauri/src/main.rs, `web_view_rendering`), so that the floor
    // is the same web view's.
    if cfg!(target_os = "linux") && std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the empty window runs");
}
