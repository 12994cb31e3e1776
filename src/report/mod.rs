//! Renderers of verdicts and test runs. Each takes finished data and returns
//! text; none computes a verdict.

pub mod gradescope;
pub mod human;
pub mod json;
pub mod junit;
pub mod wrap;
