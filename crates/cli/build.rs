//! How the `counterpart` program is linked.
//!
//! On Linux with GNU ld: relative relocations packed (`-z pack-relative-relocs`, DT_RELR,
//! glibc 2.36 and later). The program is position-independent (ASLR kept), and typst's
//! tables and vtables made 108,000 relative relocations: a 2.6 MB table that the loader
//! read and applied on every start, most of a short command's time before `main`
//! (`LD_DEBUG=statistics`). Packed, the table is a few kilobytes (`make bench`: sizes).

fn main() {
    let linux_gnu = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if linux_gnu {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
