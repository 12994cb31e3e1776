//! Robustness and security: untrusted transcripts, scenarios and worlds
//! cannot crash dockdrill, hang it, make it allocate without bound, touch
//! the host, or print different bytes for the same input. docs/SECURITY.md
//! states each promise and names the test here that backs it.
//!
//! Property tests run a few hundred generated inputs each by default;
//! `PROPTEST_CASES=N` runs N per parser property (N/10 for whole grades and
//! docker runs) and `PROPTEST_SEED` explores other inputs.

mod bounds;
mod determinism;
mod exit_codes;
mod fsutil;
mod host_effects;
mod interpreters;
mod parsers;
mod support;
