//! One file per docker subcommand: parse flags, ask the engine, render.

pub mod help;

use super::command::Command;

/// Every command docker understands here, sorted by path.
pub static TABLE: &[Command] = &[];
