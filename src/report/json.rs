//! The machine-readable verdict: one JSON object.

use serde::Serialize;

use crate::transcript;
use crate::verdict::{CheckResult, Diagnosis, HintShown, StepResult, Verdict};

#[derive(Serialize)]
struct JsonVerdict<'a> {
    scenario: &'a str,
    transcript: &'a str,
    verdict: &'static str,
    checks: &'a [CheckResult],
    /// Steps whose claimed output the engine did not print, with a diff.
    mismatches: Vec<JsonMismatch<'a>>,
    /// Where the replay diverged from what failing checks want.
    diagnoses: Vec<JsonDiagnosis<'a>>,
    hints: &'a [HintShown],
    steps: usize,
}

#[derive(Serialize)]
struct JsonDiagnosis<'a> {
    #[serde(flatten)]
    diagnosis: &'a Diagnosis,
    /// The note as the human report prints it.
    sentence: String,
}

#[derive(Serialize)]
struct JsonMismatch<'a> {
    #[serde(flatten)]
    step: &'a StepResult,
    diff: String,
}

pub fn verdict(v: &Verdict) -> String {
    let mut out = serde_json::to_string_pretty(&document(v))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}

/// The same object on one line, for JSON Lines (`grade --batch`).
pub fn verdict_line(v: &Verdict) -> String {
    let mut out =
        serde_json::to_string(&document(v)).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}

fn document(v: &Verdict) -> JsonVerdict<'_> {
    JsonVerdict {
        scenario: &v.scenario,
        transcript: &v.transcript,
        verdict: if v.passed() { "pass" } else { "fail" },
        checks: &v.checks,
        mismatches: v
            .mismatches()
            .map(|step| JsonMismatch {
                step,
                diff: transcript::render_diff(
                    &transcript::diff(&step.claimed, &step.printed),
                    false,
                ),
            })
            .collect(),
        diagnoses: v
            .diagnoses
            .iter()
            .map(|diagnosis| JsonDiagnosis {
                diagnosis,
                sentence: diagnosis.sentence(),
            })
            .collect(),
        hints: &v.hints,
        steps: v.steps.len(),
    }
}
