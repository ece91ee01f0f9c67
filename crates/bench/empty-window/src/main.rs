//! The empty window: the least a Tauri 2 program on this machine's WebKitGTK costs to
//! start and to keep open — one window, one page showing one element
//! (`data-testid="empty"`), no commands, no plugins, no database. The window's benchmark
//! (crates/bench/src/window.rs) starts it through WebDriver beside Counterpart on the same
//! display in the same run, and compares the launch time and the memory with it.

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the empty window runs");
}
