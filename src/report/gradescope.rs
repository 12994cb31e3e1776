//! Gradescope's autograder `results.json`: a point per check, and claimed
//! output the engine never printed as a penalty test of its own, so a
//! grader sees why a transcript that passes every check still scored 0.

use serde::Serialize;

use crate::transcript;
use crate::verdict::Verdict;

#[derive(Serialize)]
struct Results {
    score: f64,
    max_score: f64,
    output: String,
    tests: Vec<Test>,
}

#[derive(Serialize)]
struct Test {
    name: String,
    score: f64,
    max_score: f64,
    status: &'static str,
    output: String,
}

/// Points each check is worth.
const POINTS_PER_CHECK: f64 = 1.0;

pub fn verdict(v: &Verdict) -> String {
    let mut tests = Vec::new();
    let mut earned = 0.0;
    for check in &v.checks {
        let score = if check.passed { POINTS_PER_CHECK } else { 0.0 };
        earned += score;
        let mut output = check.about.clone();
        for reason in &check.reasons {
            output.push_str("\n- ");
            output.push_str(reason);
        }
        for diagnosis in v.diagnoses_of(&check.name) {
            output.push_str("\nwhy: ");
            output.push_str(&diagnosis.sentence());
        }
        tests.push(Test {
            name: check.name.clone(),
            score,
            max_score: POINTS_PER_CHECK,
            status: if check.passed { "passed" } else { "failed" },
            output,
        });
    }
    let mismatched: Vec<_> = v.mismatches().collect();
    // Fabricated output fails the transcript, so the penalty takes back
    // every point the checks gave.
    let penalty = if mismatched.is_empty() { 0.0 } else { earned };
    let output = if mismatched.is_empty() {
        "Every step's claimed output is what the engine printed.".to_owned()
    } else {
        let mut text = format!(
            "{} step(s) claim output that the engine did not print (- claimed, + printed); the penalty takes back every point.",
            mismatched.len()
        );
        for step in &mismatched {
            text.push_str(&format!(
                "\n\nline {}: $ {}\n{}",
                step.line,
                step.command,
                transcript::render_diff(&transcript::diff(&step.claimed, &step.printed), false)
            ));
        }
        text
    };
    tests.push(Test {
        name: "claimed output matches the engine (penalty)".to_owned(),
        score: if penalty > 0.0 { -penalty } else { 0.0 },
        max_score: 0.0,
        status: if mismatched.is_empty() {
            "passed"
        } else {
            "failed"
        },
        output,
    });
    let max_score = POINTS_PER_CHECK * v.checks.len() as f64;
    let mut summary = format!(
        "{}: {} of {} checks passed",
        if v.passed() { "PASS" } else { "FAIL" },
        v.checks.iter().filter(|c| c.passed).count(),
        v.checks.len()
    );
    for hint in &v.hints {
        summary.push_str("\nhint: ");
        summary.push_str(&hint.text);
    }
    let doc = Results {
        score: (earned - penalty).max(0.0),
        max_score,
        output: summary,
        tests,
    };
    let mut out =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}
