//! New migration files are embedded with `include_dir!`, which cargo does not track:
//! tell it to rebuild when the folder changes. And the random bytes SQLCipher asks for
//! (`c/rand_bytes.c` says why), linked whole: nothing in Rust calls it, only SQLite's
//! library, which the linker reads after this crate's.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
    println!("cargo:rerun-if-changed=c/rand_bytes.c");
    cc::Build::new()
        .file("c/rand_bytes.c")
        .warnings(true)
        .extra_warnings(true)
        .link_lib_modifier("+whole-archive")
        .compile("counterpart_rand_bytes");
}
