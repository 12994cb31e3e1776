//! dockdrill: Docker incidents as drills that can be played, graded and tested like code.
//!
//! Data flows one way: scenario → world → replay → verdict → report.
//! Only the runner orchestrates; nothing below it prints.

pub mod bless;
pub mod check;
pub mod cli;
pub mod compose;
pub mod curl;
pub mod docker;
pub mod engine;
pub mod fsutil;
pub mod harness;
pub mod hugepages;
pub mod lint;
pub mod play;
pub mod report;
pub mod runner;
pub mod scenario;
pub mod serve;
pub mod session;
pub mod shard;
pub mod shell;
pub mod template;
#[cfg(test)]
mod testdata;
pub mod transcript;
pub mod userland;
pub mod utf8;
pub mod verdict;
pub mod world_build;
pub mod world_build_netvol;
pub mod writes;
