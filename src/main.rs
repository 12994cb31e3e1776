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

fn main() -> ExitCode {
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
