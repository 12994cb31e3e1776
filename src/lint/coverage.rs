//! Lints about what the shipped solutions exercise:
//!
//! - `no-good-solution`: no solution declares `# expect: pass`.
//! - `check-never-fails`: no shipped solution fails this check, so nothing
//!   shows it can tell a fix from a wrong one.
//! - `check-without-wrong-fix`: some solution fails the check, but none
//!   declares it (`# expect: fail CHECK`): a wrong fix should say which
//!   check it is for.
//! - `hint-never-shown`: no shipped solution triggers this hint (a
//!   `when-failed` hint of a check nothing fails, a `when-ran` text no
//!   solution types), so no test shows when it appears.

use super::{Finding, locate};
use crate::harness::Solution;
use crate::scenario::{HintTrigger, Scenario};
use crate::transcript::Expectation;

pub fn lint(
    file: &str,
    text: &str,
    scenario: &Scenario,
    solutions_dir: &str,
    solutions: &[Solution],
    out: &mut Vec<Finding>,
) {
    let declares_pass = solutions.iter().any(|s| s.expect == Expectation::Pass);
    if !declares_pass {
        let what = if solutions.is_empty() {
            format!("{solutions_dir} holds no solutions")
        } else {
            "no solution declares `# expect: pass`".to_owned()
        };
        out.push(
            Finding::warning(
                "no-good-solution",
                locate::head(file, text, scenario.span),
                format!("scenario {:?} has no good solution: {what}", scenario.name),
            )
            .help(format!(
                "add {solutions_dir}/good.transcript starting with `# expect: pass`, and a wrong fix per check (`# expect: fail CHECK`)"
            )),
        );
    }
    if solutions.is_empty() {
        // Every check and hint would be reported too; one finding says it.
        return;
    }
    for check in &scenario.checks {
        let fails = solutions
            .iter()
            .any(|s| s.verdict.check(&check.name).is_some_and(|c| !c.passed));
        let declared = solutions
            .iter()
            .any(|s| matches!(&s.expect, Expectation::Fail(names) if names.contains(&check.name)));
        let at = locate::head(file, text, check.span);
        if !fails {
            out.push(
                Finding::warning(
                    "check-never-fails",
                    at,
                    format!("no shipped solution fails check {:?}", check.name),
                )
                .label("passes for every solution")
                .help(format!(
                    "add a wrong fix that this check catches, with the header `# expect: fail {}`",
                    check.name
                )),
            );
        } else if !declared {
            out.push(
                Finding::warning(
                    "check-without-wrong-fix",
                    at,
                    format!(
                        "no solution declares that check {:?} fails (`# expect: fail {}`)",
                        check.name, check.name
                    ),
                )
                .help("name the check in the header of the wrong fix it catches"),
            );
        }
    }
    for hint in &scenario.hints {
        let shown = solutions
            .iter()
            .any(|s| s.verdict.hints.iter().any(|h| h.name == hint.name));
        if shown {
            continue;
        }
        let why = match &hint.trigger {
            HintTrigger::Failed(check) => format!("no shipped solution fails check {check:?}"),
            HintTrigger::Ran(pattern) => {
                format!("no shipped solution runs a command containing {pattern:?}")
            }
            HintTrigger::Always => "it is never triggered".to_owned(),
        };
        out.push(
            Finding::warning(
                "hint-never-shown",
                locate::head(file, text, hint.span),
                format!("no shipped solution is shown hint {:?}: {why}", hint.name),
            )
            .help("add the wrong fix this hint is for, so a test shows when it appears"),
        );
    }
}
