// Link options for the dockdrill binary only (build scripts and proc-macro
// crates keep the defaults). Each removes start-up work that every
// invocation pays before `main`; see docs/PERFORMANCE.md, "Start-up".
fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        // A position-dependent executable: the ~5,500 relative relocations
        // of a PIE are resolved at link time instead of by ld.so, and the
        // pages they touch are not copied on write.
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
