//! Lints about what each solution gets, reported in the solution's file:
//!
//! - `verdict-mismatch`: the `# expect:` header is not the verdict the
//!   solution gets (a check it declares failing passes, or one it does not
//!   declare fails).
//! - `claimed-output`: a step claims output the engine does not print.

use super::{Finding, locate};
use crate::harness::Solution;
use crate::transcript::{self, Expectation};

/// Diff lines shown in a `claimed-output` help; the rest is counted.
const MAX_DIFF_LINES: usize = 24;

pub fn lint(solution: &Solution, out: &mut Vec<Finding>) {
    let file = solution.path.display().to_string();
    let text = &solution.text;
    let declared_failing: &[String] = match &solution.expect {
        Expectation::Pass => &[],
        Expectation::Fail(names) => names,
    };
    let failing: Vec<&str> = solution
        .verdict
        .checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| c.name.as_str())
        .collect();
    let mut problems = Vec::new();
    for check in &solution.verdict.checks {
        let declared = declared_failing.contains(&check.name);
        if declared && check.passed {
            problems.push(format!("check {:?} passes", check.name));
        } else if !declared && !check.passed {
            problems.push(format!(
                "check {:?} fails: {}",
                check.name,
                check.reasons.join("; ")
            ));
        }
    }
    if !problems.is_empty() {
        let (line, _) = crate::harness::expect_position(text);
        let gets = if failing.is_empty() {
            "pass".to_owned()
        } else {
            format!("fail {}", failing.join(" "))
        };
        out.push(
            Finding::warning(
                "verdict-mismatch",
                locate::line(&file, text, line),
                format!(
                    "solution {:?} does not get the verdict it declares: {}",
                    solution.name,
                    problems.join("; ")
                ),
            )
            .label(format!("it gets `# expect: {gets}`"))
            .help(
                "fix the solution, or the checks, or declare the verdict it gets if that is what it is for",
            ),
        );
    }
    for step in solution.verdict.mismatches() {
        let diff = transcript::render_diff(&transcript::diff(&step.claimed, &step.printed), false);
        let lines: Vec<&str> = diff.lines().collect();
        let mut shown = lines
            .iter()
            .take(MAX_DIFF_LINES)
            .copied()
            .collect::<Vec<_>>()
            .join("\n");
        if lines.len() > MAX_DIFF_LINES {
            shown.push_str(&format!("\n({} more lines)", lines.len() - MAX_DIFF_LINES));
        }
        out.push(
            Finding::warning(
                "claimed-output",
                locate::line(&file, text, step.line),
                "the engine prints something else than this step claims",
            )
            .label("claimed output differs")
            .help(format!(
                "- claimed, + printed:\n{shown}\n`dockdrill test --bless` proposes the printed output; `dockdrill review` accepts it"
            )),
        );
    }
}
