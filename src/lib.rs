//! dockdrill: Docker incidents as drills that can be played, graded and tested like code.
//!
//! Data flows one way: scenario → world → replay → verdict → report.
//! Only the runner orchestrates; nothing below it prints.

pub mod curl;
pub mod docker;
pub mod engine;
pub mod scenario;
pub mod shell;
pub mod template;
pub mod transcript;
