use std::process::ExitCode;

/// Exit status for an internal error (BSD `EX_SOFTWARE`): a panic is a bug.
const EXIT_INTERNAL: u8 = 70;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "dockdrill: internal error: {info}\nThis is a bug in dockdrill, not in your input. Please report it with the command line and the files it read."
        );
    }));
    std::panic::catch_unwind(dockdrill::cli::main).unwrap_or(ExitCode::from(EXIT_INTERNAL))
}
