//! Transcripts: what a learner or author typed and saw.
//!
//! ```text
//! # expect: fail recreated
//! $ docker inspect web --format '{{.Image}}'   # the pinned ID
//! sha256:a17e5d3c9b82...
//! $ docker ps
//! ...
//! ```
//!
//! `parse` reads the text into [`Step`]s; `matches` decides whether what
//! the simulator printed fits a step's claimed output, honouring elisions
//! (`...` lines, `...` line ends, `[..]`); `diff` aligns the two as data
//! and `render_diff` draws it as a unified diff.

mod diff;
mod matcher;
mod parse;

#[cfg(test)]
mod tests;

pub use diff::{DiffLine, Hunk, LineTag, Segment, StepDiff, diff, render_diff};
pub use matcher::{line_matches, matches};
pub use parse::{MAX_LINE_BYTES, MAX_STEPS, MAX_TRANSCRIPT_BYTES, parse, parse_bytes};

use std::fmt;

/// A parsed transcript.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Transcript {
    /// The `# expect:` header, if the transcript declares its verdict.
    pub expect: Option<Expectation>,
    pub steps: Vec<Step>,
}

/// The verdict a solution transcript must get.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Expectation {
    Pass,
    /// Fails, and these named checks are among the failures.
    Fail(Vec<String>),
}

/// One typed command and the output claimed for it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Step {
    /// 1-based line of the `$ `.
    pub line: usize,
    /// The command as typed; continuation lines are joined with `\n` after
    /// their `\`, which the shell reads as a line continuation.
    pub command: String,
    /// Claimed output lines, each ending in `\n`.
    pub claimed: String,
    /// 1-based line of the first claimed output line (the line after the
    /// command when there is none).
    pub claimed_line: usize,
}

/// Why a transcript could not be read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TranscriptError {
    /// 1-based.
    pub line: usize,
    /// 1-based character column.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for TranscriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for TranscriptError {}
