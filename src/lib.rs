//! dockdrill: Docker incidents as drills that can be played, graded and tested like code.
//!
//! Data flows one way: scenario → world → replay → verdict → report.
//! Only the runner orchestrates; nothing below it prints.

pub mod check;
pub mod cli;
pub mod curl;
pub mod docker;
pub mod engine;
pub mod harness;
pub mod report;
pub mod runner;
pub mod scenario;
pub mod session;
pub mod shard;
pub mod shell;
pub mod template;
pub mod transcript;
pub mod verdict;
pub mod world_build;
