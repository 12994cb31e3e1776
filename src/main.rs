//! The `dockdrill` executable: a panic becomes exit 70 with a bug-report
//! message, a closed stdout becomes exit 141.
//!
//! `main` is the C entry point (`no_main`): std's runtime set-up before a
//! Rust `main` costs more than some whole commands (it reads
//! `/proc/self/maps` to find the main thread's stack guard), and dockdrill
//! is started once per command a grader or a live session checks. What that
//! set-up did that matters here is done below: SIGPIPE is ignored, so a
//! closed pipe is an error we turn into exit 141. Arguments still reach
//! `std::env::args` (glibc hands them to std's init-array hook), and
//! `std::process::exit` still flushes stdout.
// The test harness brings its own `main` to the (empty) unit-test build.
#![cfg_attr(not(test), no_main)]
#![cfg_attr(test, allow(dead_code))]

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// Exit status for an internal error (BSD `EX_SOFTWARE`): a panic is a bug.
const EXIT_INTERNAL: u8 = 70;
/// Exit status when the reader of stdout went away (`dockdrill test | head`):
/// what a shell reports for a tool that SIGPIPE stopped (128 + 13).
const EXIT_PIPE_CLOSED: u8 = 141;

/// Set when a panic was only a write to a closed pipe (`print!`, or a
/// library that unwraps its writes, as libtest-mimic does): the reader went
/// away, which is not a bug to report.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

fn run() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let text = info.to_string();
        if text.contains("kind: BrokenPipe") || text.contains("Broken pipe (os error 32)") {
            STDOUT_CLOSED.store(true, Ordering::SeqCst);
            return;
        }
        eprintln!(
            "dockdrill {}: internal error: {info}\nThis is a bug in dockdrill, not in your input. Please report it with the command line and the files it read.",
            env!("CARGO_PKG_VERSION")
        );
    }));
    std::panic::catch_unwind(|| {
        panic_when_testing();
        dockdrill::cli::main()
    })
    .unwrap_or_else(|_| {
        ExitCode::from(if STDOUT_CLOSED.load(Ordering::SeqCst) {
            EXIT_PIPE_CLOSED
        } else {
            EXIT_INTERNAL
        })
    })
}

/// Debug builds panic on purpose when `DOCKDRILL_TEST_PANIC` is set, so the
/// test suite can prove a panic becomes exit 70 with a bug-report message.
/// Release builds never look at the variable.
fn panic_when_testing() {
    if cfg!(debug_assertions) && std::env::var_os("DOCKDRILL_TEST_PANIC").is_some() {
        panic!("DOCKDRILL_TEST_PANIC is set: a deliberate panic to test the internal-error path");
    }
}

#[cfg(not(test))]
#[unsafe(no_mangle)]
extern "C" fn main(
    _argc: std::ffi::c_int,
    _argv: *const *const std::ffi::c_char,
) -> std::ffi::c_int {
    // SAFETY: called once, on the only thread, before anything else runs;
    // SIG_IGN installs no handler code.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    std::process::exit(status_of(run()))
}

/// The process status an `ExitCode` stands for. Its value is private on
/// stable Rust, but every code dockdrill makes comes from a `u8`.
fn status_of(code: ExitCode) -> std::ffi::c_int {
    (0..=u8::MAX)
        .find(|&status| ExitCode::from(status) == code)
        .map_or(EXIT_INTERNAL.into(), std::ffi::c_int::from)
}
