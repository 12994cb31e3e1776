//! `dockdrill sh`: one command line in a world, printed as the terminal
//! would show it.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::EXIT_BAD_INPUT;
use crate::engine::Timestamp;
use crate::session::Session;
use crate::writes::{Stream, Writes};

/// Run one command line in a scenario's initial world (or a Docker-inspect
/// world file) and print what it prints.
#[derive(Args)]
#[command(
    after_help = "Examples:\n  dockdrill sh scenarios/latest-drifted.kdl -c \"docker inspect web --format '{{.Image}}'\"\n  dockdrill sh --world world.json --at 2026-11-27T00:20:56Z -c 'docker ps -a'"
)]
pub struct ShArgs {
    /// A scenario file (.kdl).
    scenario: Option<PathBuf>,
    /// A world to run in: a scenario file or a Docker-inspect JSON world.
    #[arg(long, conflicts_with = "scenario")]
    world: Option<PathBuf>,
    /// The instant the command runs at (RFC 3339); default: the world's own clock.
    #[arg(long)]
    at: Option<String>,
    /// The command line, as typed into bash.
    #[arg(short = 'c', value_name = "LINE")]
    line: String,
}

pub fn run(args: ShArgs) -> ExitCode {
    let Some(path) = args.world.or(args.scenario) else {
        eprintln!("dockdrill sh: name a scenario file or --world FILE");
        return ExitCode::from(EXIT_BAD_INPUT);
    };
    let mut session = match Session::open(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    session.discard_outputs();
    if let Some(at) = args.at {
        match Timestamp::parse(&at) {
            Ok(t) => session.set_clock(t),
            Err(e) => {
                eprintln!("dockdrill sh: --at: {e}");
                return ExitCode::from(EXIT_BAD_INPUT);
            }
        }
    }
    let outcome = session.run_line(&args.line);
    emit_in_order(&outcome.writes);
    // The process ends here: freeing a large world node by node would cost
    // more than the command did (18 % of a small `docker ps`, more on big
    // worlds), and the OS reclaims it at once.
    std::mem::forget(session);
    ExitCode::from(u8::try_from(outcome.status.clamp(0, 255)).unwrap_or(1))
}

/// Each write to the stream it was made on, in order, flushing in between
/// so a terminal showing both interleaves them as the command did.
fn emit_in_order(writes: &Writes) {
    use std::io::Write;
    for (stream, text) in writes.chunks() {
        let _ = match stream {
            Stream::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(text.as_bytes()).and_then(|()| out.flush())
            }
            Stream::Stderr => {
                let mut err = std::io::stderr().lock();
                err.write_all(text.as_bytes()).and_then(|()| err.flush())
            }
        };
    }
}
