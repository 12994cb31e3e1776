//! `dockdrill serve`: the drills as web pages on a local server.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use clap::builder::TypedValueParser as _;

use super::EXIT_BAD_INPUT;
use crate::serve;

/// Serve the drills as web pages: a brief, a live terminal and a Check button.
///
/// Each browser session gets its own simulated Docker host on the server;
/// nothing a learner types runs on this machine. A session's transcript
/// downloads as a file `dockdrill grade` accepts.
#[derive(Args)]
#[command(after_help = "\
The first line printed names the address; with port 0 the system picks a
free port. Sessions live in memory: at most --max-sessions at once (the one
idle longest makes room), each dropped after --idle-minutes unused.

Examples:
  dockdrill serve
  dockdrill serve --addr 127.0.0.1:9000 scenarios/latest-drifted.kdl")]
pub struct ServeArgs {
    /// Scenario files or directories of them (default: scenarios/).
    scenarios: Vec<PathBuf>,
    /// Address to listen on. The default is loopback only: other machines
    /// cannot reach it.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Most sessions held at once.
    #[arg(long, default_value_t = serve::DEFAULT_LIMITS.max_sessions, value_parser = clap::value_parser!(u16).range(1..).map(usize::from))]
    max_sessions: usize,
    /// Minutes a session may sit unused before it is dropped.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..=10_080))]
    idle_minutes: u32,
}

pub fn run(args: ServeArgs) -> ExitCode {
    let scenarios = if args.scenarios.is_empty() {
        vec![PathBuf::from("scenarios")]
    } else {
        args.scenarios
    };
    let options = serve::Options {
        addr: args.addr,
        scenarios,
        limits: serve::Limits {
            max_sessions: args.max_sessions,
            idle: Duration::from_secs(u64::from(args.idle_minutes) * 60),
            ..serve::DEFAULT_LIMITS
        },
    };
    match serve::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dockdrill serve: {e}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}
