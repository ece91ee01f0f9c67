//! New migration files are embedded with `include_dir!`, which cargo does not track:
//! tell it to rebuild when the folder changes.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
