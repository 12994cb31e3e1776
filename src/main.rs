use std::process::ExitCode;

/// Exit status for an internal error (BSD `EX_SOFTWARE`): a panic is a bug.
const EXIT_INTERNAL: u8 = 70;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "dockdrill {}: internal error: {info}\nThis is a bug in dockdrill, not in your input. Please report it with the command line and the files it read.",
            env!("CARGO_PKG_VERSION")
        );
    }));
    std::panic::catch_unwind(|| {
        panic_when_testing();
        dockdrill::cli::main()
    })
    .unwrap_or(ExitCode::from(EXIT_INTERNAL))
}

/// Debug builds panic on purpose when `DOCKDRILL_TEST_PANIC` is set, so the
/// test suite can prove a panic becomes exit 70 with a bug-report message.
/// Release builds never look at the variable.
fn panic_when_testing() {
    if cfg!(debug_assertions) && std::env::var_os("DOCKDRILL_TEST_PANIC").is_some() {
        panic!("DOCKDRILL_TEST_PANIC is set: a deliberate panic to test the internal-error path");
    }
}
