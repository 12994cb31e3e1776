//! The verdict in words, for a learner at a terminal.

use std::fmt::Write;

use owo_colors::OwoColorize;

use crate::transcript;
use crate::verdict::Verdict;

pub fn verdict(v: &Verdict, color: bool) -> String {
    let paint = |s: &str, f: fn(&str) -> String| if color { f(s) } else { s.to_owned() };
    let green = |s: &str| s.green().to_string();
    let red = |s: &str| s.red().to_string();
    let bold = |s: &str| s.bold().to_string();
    let dim = |s: &str| s.dimmed().to_string();

    let mut out = String::new();
    let _ = writeln!(out, "{} {}", paint("grading", bold), v.transcript);
    let _ = writeln!(out, "against scenario {}\n", v.scenario);
    let width = v.checks.iter().map(|c| c.name.len()).max().unwrap_or(0);
    for check in &v.checks {
        let mark = if check.passed {
            paint("✓", green)
        } else {
            paint("✗", red)
        };
        let _ = writeln!(
            out,
            "  {mark} {:<width$}  {}",
            check.name,
            paint(&check.about, dim)
        );
        for reason in &check.reasons {
            let _ = writeln!(out, "      {reason}");
        }
    }
    let mismatched: Vec<_> = v.mismatches().collect();
    if !mismatched.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            paint(
                &format!(
                    "{} step(s) claim output that the engine did not print (- claimed, + printed):",
                    mismatched.len()
                ),
                bold
            )
        );
        for step in mismatched {
            let _ = writeln!(out, "\n  line {}: $ {}", step.line, step.command);
            let diff =
                transcript::render_diff(&transcript::diff(&step.claimed, &step.printed), color);
            for line in diff.lines() {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    if !v.hints.is_empty() {
        let _ = writeln!(out, "\n{}", paint("hints:", bold));
        for hint in &v.hints {
            let _ = writeln!(out, "  • {}", hint.text);
        }
    }
    let passed = v.checks.iter().filter(|c| c.passed).count();
    let summary = format!("{passed} of {} checks passed", v.checks.len());
    let line = if v.passed() {
        format!("verdict: {} ({summary})", paint("PASS", green))
    } else {
        format!("verdict: {} ({summary})", paint("FAIL", red))
    };
    let _ = writeln!(out, "\n{line}");
    out
}
