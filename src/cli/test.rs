//! `dockdrill test`: every scenario × solution × check as a test case, run
//! and reported like `cargo test`; with `--bless`, proposals for the
//! transcripts whose claimed output the engine does not print.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{ColorChoice, EXIT_BAD_INPUT};
use crate::bless;
use crate::fsutil;
use crate::harness::{self, Bundle, Case, RunSummary};

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum TestFormat {
    /// libtest's text output.
    #[default]
    Human,
    /// libtest-style JSON events, one object per line.
    Json,
    /// JUnit XML: a test suite per scenario.
    Junit,
}

/// Replay every shipped solution of every scenario and run each check as a
/// test case named `scenario::solution::check`, plus `scenario::solution::output`
/// for the claimed output of its steps.
#[derive(Args)]
#[command(after_help = "\
Arguments that are existing paths select scenario files or directories
(default: scenarios/); the others filter test names, as in cargo test: a case
runs when its name contains a filter (equals one, with --exact) and no --skip.

Exit status: 0 all selected cases pass, 1 some fail, 2 a scenario or solution
cannot be loaded.

--bless (or DOCKDRILL_BLESS=1) writes X.transcript.new beside each solution
whose claimed output differs from what the engine prints, shows the diff,
and leaves every other file alone; `dockdrill review` accepts or rejects.

Examples:
  dockdrill test
  dockdrill test scenarios/latest-drifted.kdl restart-only
  dockdrill test --exact latest-drifted::blind-fix::diagnosed
  dockdrill test --skip output --format json
  dockdrill test --format junit > report.xml
  dockdrill test --bless && dockdrill review")]
pub struct TestArgs {
    /// Scenario files or directories, and name filters.
    args: Vec<String>,
    /// Filters and skips must match test names exactly.
    #[arg(long)]
    exact: bool,
    /// Leave out cases whose name contains this (repeatable).
    #[arg(long, value_name = "FILTER")]
    skip: Vec<String>,
    /// List the test cases instead of running them.
    #[arg(long)]
    list: bool,
    #[arg(long, value_enum, default_value_t)]
    format: TestFormat,
    /// Propose corrected transcripts (X.transcript.new) for review.
    #[arg(long)]
    bless: bool,
    #[arg(long, value_enum, default_value_t)]
    color: ColorChoice,
    /// Run only shard I of N (1-based), by a stable hash of each
    /// `scenario::solution` name, so a solution's checks stay together.
    #[arg(long, value_name = "I/N")]
    shard: Option<crate::shard::Shard>,
}

pub fn run(args: TestArgs) -> ExitCode {
    let (paths, filters): (Vec<String>, Vec<String>) = args
        .args
        .iter()
        .cloned()
        .partition(|a| std::path::Path::new(a).exists());
    let mut paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    if paths.is_empty() {
        paths.push(PathBuf::from("scenarios"));
    }
    let files = match harness::scenario_files(&paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("dockdrill test: {e}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let mut bundles: Vec<Bundle> = Vec::new();
    let mut load_errors = 0;
    for file in &files {
        let shard = args.shard.unwrap_or(crate::shard::Shard::ALL);
        match harness::load_bundle_where(file, |name| shard.contains(name)) {
            Ok(bundle) => bundles.push(bundle),
            Err(e) => {
                eprintln!("{e}");
                load_errors += 1;
            }
        }
    }
    if load_errors > 0 {
        eprintln!(
            "dockdrill test: {load_errors} scenario(s) could not be loaded; `dockdrill check` shows every problem"
        );
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let all: Vec<Case> = bundles.iter().flat_map(harness::cases).collect();
    let matches = |name: &str, pattern: &str| {
        if args.exact {
            name == pattern
        } else {
            name.contains(pattern)
        }
    };
    let selected = |c: &Case| {
        (filters.is_empty() || filters.iter().any(|f| matches(&c.name, f)))
            && !args.skip.iter().any(|s| matches(&c.name, s))
    };
    let cases: Vec<Case> = all.iter().filter(|c| selected(c)).cloned().collect();
    if args.list {
        let text = match args.format {
            TestFormat::Json => harness::json::list(&cases),
            TestFormat::Human | TestFormat::Junit => harness::human::list(&cases),
        };
        super::check::emit(&text);
        return ExitCode::SUCCESS;
    }
    let summary = RunSummary::of(&cases, all.len());
    let text = match args.format {
        TestFormat::Human => harness::human::run(&cases, &summary, args.color.enabled()),
        TestFormat::Json => harness::json::run(&cases, &summary),
        TestFormat::Junit => harness::junit(&cases),
    };
    super::check::emit(&text);
    let bless_requested = args.bless
        || std::env::var_os("DOCKDRILL_BLESS").is_some_and(|v| !v.is_empty() && v != "0");
    let mut bless_failed = false;
    if bless_requested {
        bless_failed = !bless_selected(&bundles, &cases, args.color.enabled());
    }
    if summary.failed > 0 {
        ExitCode::from(1)
    } else if bless_failed {
        ExitCode::from(EXIT_BAD_INPUT)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes a proposal for each selected solution whose output case fails,
/// reporting on stderr (stdout may be JSON or XML). False when a proposal
/// could not be made or written.
fn bless_selected(bundles: &[Bundle], cases: &[Case], color: bool) -> bool {
    let mut ok = true;
    let mut written = 0;
    for bundle in bundles {
        for sol in &bundle.solutions {
            let output_selected = cases.iter().any(|c| {
                c.scenario == bundle.scenario.name && c.solution == sol.name && c.check == "output"
            });
            if !output_selected {
                continue;
            }
            let proposal = match bless::propose(&sol.text, &sol.verdict.steps) {
                Ok(Some(p)) => p,
                Ok(None) => continue,
                Err(e) => {
                    eprintln!("bless: {}:{e}; edit this step by hand", sol.path.display());
                    ok = false;
                    continue;
                }
            };
            let target = bless::proposal_path(&sol.path);
            let unchanged =
                std::fs::read_to_string(&target).is_ok_and(|existing| existing == proposal.text);
            if !unchanged && let Err(e) = fsutil::write_atomic(&target, proposal.text.as_bytes()) {
                eprintln!("bless: {}: {e}", target.display());
                ok = false;
                continue;
            }
            written += 1;
            eprint!(
                "{}",
                bless::file_diff(
                    &sol.path.display().to_string(),
                    &sol.text,
                    &target.display().to_string(),
                    &proposal.text,
                    color,
                )
            );
        }
    }
    if written > 0 {
        eprintln!("bless: {written} proposal(s) written; accept or reject with `dockdrill review`");
    } else if ok {
        eprintln!("bless: every claimed output matches; nothing to propose");
    }
    ok
}
