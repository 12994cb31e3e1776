//! A test run as libtest prints it, minus the timing (runs are
//! deterministic, and so is this output).

use std::fmt::Write;

use owo_colors::OwoColorize;

use super::{Case, RunSummary};

/// `name: test` per case, then the count, as `cargo test -- --list` does.
pub fn list(cases: &[Case]) -> String {
    let mut out = String::new();
    for c in cases {
        let _ = writeln!(out, "{}: test", c.name);
    }
    let noun = if cases.len() == 1 { "test" } else { "tests" };
    let _ = writeln!(out, "\n{} {noun}, 0 benchmarks", cases.len());
    out
}

pub fn run(cases: &[Case], summary: &RunSummary, color: bool) -> String {
    let ok = if color {
        "ok".green().to_string()
    } else {
        "ok".to_owned()
    };
    let failed = if color {
        "FAILED".red().to_string()
    } else {
        "FAILED".to_owned()
    };
    let mut out = String::new();
    let noun = if cases.len() == 1 { "test" } else { "tests" };
    let _ = writeln!(out, "\nrunning {} {noun}", cases.len());
    for c in cases {
        let _ = writeln!(
            out,
            "test {} ... {}",
            c.name,
            if c.passed { &ok } else { &failed }
        );
    }
    let failures: Vec<&Case> = cases.iter().filter(|c| !c.passed).collect();
    if !failures.is_empty() {
        let _ = writeln!(out, "\nfailures:");
        for c in &failures {
            let _ = writeln!(out, "\n---- {} ----\n{}", c.name, c.message.trim_end());
        }
        let _ = writeln!(out, "\nfailures:");
        for c in &failures {
            let _ = writeln!(out, "    {}", c.name);
        }
    }
    let _ = writeln!(
        out,
        "\ntest result: {}. {} passed; {} failed; 0 ignored; 0 measured; {} filtered out\n",
        if failures.is_empty() { &ok } else { &failed },
        summary.passed,
        summary.failed,
        summary.filtered_out
    );
    out
}
