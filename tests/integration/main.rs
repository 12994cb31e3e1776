//! The integration tests: one binary, so the library and its dependencies
//! are linked once rather than once per file. Each module is one area of
//! behaviour, tested at the public surface (the library's API or the
//! `dockdrill` executable); the modules without tests of their own are
//! shared helpers.
//!
//! `tests/scenarios.rs` (the shipped drills as libtest-mimic cases) and
//! `tests/serve_browser.rs` (headless Chromium, skipped without it) stay
//! binaries of their own.

mod catalog;
mod check_file_resolves;
mod check_kinds;
mod cli_authors;
mod cli_interleave;
mod cli_learners;
mod compose_depends;
mod conformance;
mod container_lookup;
mod health_flags_and_env_exits;
mod json_scan;
mod lazy_documents;
mod lifecycle;
mod lifecycle_checks;
mod links_volumes_from;
mod mutate;
mod netvol;
mod no_host_effects;
mod oracle;
mod play;
mod serve_http;
mod shard_recipes;
mod stop_drain;
mod update;
mod world_import;

mod common;
mod drill;
mod robustness;
mod serve_support;
mod words;
// Shared with the ps renderer's unit tests in src/, which include it by path.
#[path = "../worlds/mod.rs"]
mod worlds;
