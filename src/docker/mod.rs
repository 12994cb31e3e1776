//! The simulated `docker` CLI: argument parsing as cobra/pflag do it, one
//! file per subcommand under `cmd/`, output byte-identical to docker 28.2.2.
//!
//! A command parses its flags, asks the engine, and renders; the engine never
//! formats text and this layer never touches the host.

pub mod cmd;
mod command;
pub mod flags;
pub mod format;
pub mod go_duration;
pub mod opts;

pub use command::{ArgsRule, Command, Invocation, Output, run, run_with_stdin};
