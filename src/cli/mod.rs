//! The `dockdrill` command line: clap definitions, one file per subcommand.
//! Each subcommand calls the library and prints; exit codes: 0 pass, 1 fail,
//! 2 bad input or usage.

mod batch;
mod check;
mod completions;
mod grade;
mod new;
mod play;
mod replays;
mod review;
mod serve;
mod sh;
mod test;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "dockdrill",
    version,
    about = "Docker incidents as drills: play them, grade them, test them like code."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Test(test::TestArgs),
    Grade(grade::GradeArgs),
    Sh(sh::ShArgs),
    Check(check::CheckArgs),
    New(new::NewArgs),
    Review(review::ReviewArgs),
    Play(play::PlayArgs),
    Completions(completions::CompletionsArgs),
    Serve(serve::ServeArgs),
}

/// When to colour output.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// `NO_COLOR` turns colour off, `CLICOLOR_FORCE` on; otherwise only a
    /// terminal gets colour.
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                    false
                } else if std::env::var_os("CLICOLOR_FORCE")
                    .is_some_and(|v| !v.is_empty() && v != "0")
                {
                    true
                } else {
                    std::io::stdout().is_terminal()
                }
            }
        }
    }
}

/// Exit status for usage errors and unreadable input.
pub const EXIT_BAD_INPUT: u8 = 2;

pub fn main() -> ExitCode {
    // `sh` as scripts type it skips building clap's command tree; anything
    // else, help and errors included, goes through clap (see `ShArgs::quick`).
    if let Some(args) = sh::ShArgs::quick(std::env::args_os()) {
        return sh::run(args);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_BAD_INPUT } else { 0 });
        }
    };
    match cli.command {
        Command::Test(args) => test::run(args),
        Command::Grade(args) => grade::run(args),
        Command::Sh(args) => sh::run(args),
        Command::Check(args) => check::run(args),
        Command::New(args) => new::run(args),
        Command::Review(args) => review::run(args),
        Command::Play(args) => play::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Serve(args) => serve::run(args),
    }
}
