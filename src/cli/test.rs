//! `dockdrill test`: every scenario × solution × check as a test case.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{ColorChoice, EXIT_BAD_INPUT};
use crate::harness::{self, Case};

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum TestFormat {
    #[default]
    Human,
    Json,
    Junit,
}

/// Replay every shipped solution of every scenario and run each check as a
/// test case named `scenario::solution::check`.
#[derive(Args)]
#[command(
    after_help = "Arguments that are not existing paths filter test names, as in cargo test.\n\nExamples:\n  dockdrill test\n  dockdrill test scenarios/latest-drifted.kdl restart-only\n  dockdrill test --format junit > report.xml"
)]
pub struct TestArgs {
    /// Scenario files or directories (default: scenarios/), and name filters.
    args: Vec<String>,
    /// Filters must match test names exactly.
    #[arg(long)]
    exact: bool,
    /// List the test cases instead of running them.
    #[arg(long)]
    list: bool,
    #[arg(long, value_enum, default_value_t)]
    format: TestFormat,
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
        .into_iter()
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
    let mut cases: Vec<Case> = Vec::new();
    let mut load_errors = 0;
    for file in &files {
        let shard = args.shard.unwrap_or(crate::shard::Shard::ALL);
        match harness::load_bundle_where(file, |name| shard.contains(name)) {
            Ok(bundle) => cases.extend(harness::cases(&bundle)),
            Err(e) => {
                eprintln!("{e}");
                load_errors += 1;
            }
        }
    }
    if load_errors > 0 {
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let selected = |c: &Case| {
        filters.is_empty()
            || filters.iter().any(|f| {
                if args.exact {
                    &c.name == f
                } else {
                    c.name.contains(f.as_str())
                }
            })
    };
    match args.format {
        TestFormat::Human => {
            let mut mimic = libtest_mimic::Arguments {
                list: args.list,
                exact: args.exact,
                ..Default::default()
            };
            mimic.color = Some(if args.color.enabled() {
                libtest_mimic::ColorSetting::Always
            } else {
                libtest_mimic::ColorSetting::Never
            });
            mimic.filter = filters.first().cloned();
            let cases: Vec<Case> = cases.into_iter().filter(|c| selected(c)).collect();
            let conclusion = libtest_mimic::run(&mimic, harness::trials(cases));
            if conclusion.has_failed() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        TestFormat::Json | TestFormat::Junit => {
            let cases: Vec<Case> = cases.into_iter().filter(|c| selected(c)).collect();
            if args.list {
                for c in &cases {
                    println!("{}", c.name);
                }
                return ExitCode::SUCCESS;
            }
            let failed = cases.iter().filter(|c| !c.passed).count();
            if matches!(args.format, TestFormat::Json) {
                let doc = serde_json::json!({
                    "passed": cases.len() - failed,
                    "failed": failed,
                    "cases": cases,
                });
                println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
            } else {
                print!("{}", harness::junit(&cases));
            }
            if failed > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}
