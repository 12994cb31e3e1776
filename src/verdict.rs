//! What replaying a transcript against a scenario found: plain data that
//! every reporter renders and none recomputes.

use serde::Serialize;

/// The outcome of one transcript against one scenario.
#[derive(Clone, Debug, Serialize)]
pub struct Verdict {
    pub scenario: String,
    pub transcript: String,
    pub checks: Vec<CheckResult>,
    pub steps: Vec<StepResult>,
    /// Hints whose trigger fired, in declaration order.
    pub hints: Vec<HintShown>,
}

impl Verdict {
    /// Every check passed and the engine printed what every step claimed.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.passed) && self.mismatches().next().is_none()
    }

    /// Steps whose claimed output the engine did not print.
    pub fn mismatches(&self) -> impl Iterator<Item = &StepResult> {
        self.steps.iter().filter(|s| !s.matched)
    }

    pub fn check(&self, name: &str) -> Option<&CheckResult> {
        self.checks.iter().find(|c| c.name == name)
    }
}

/// One acceptance check's result, with the reasons it failed.
#[derive(Clone, Debug, Serialize)]
pub struct CheckResult {
    pub name: String,
    pub about: String,
    pub passed: bool,
    /// Why it failed, one sentence per unmet condition; empty when it passed.
    pub reasons: Vec<String>,
}

/// One transcript step as replayed.
#[derive(Clone, Debug, Serialize)]
pub struct StepResult {
    /// 1-based line of the `$ ` command in the transcript.
    pub line: usize,
    pub command: String,
    /// What the transcript says the command printed.
    pub claimed: String,
    /// What the simulated engine printed (stdout and stderr as a terminal shows them).
    pub printed: String,
    pub status: i32,
    pub matched: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct HintShown {
    pub name: String,
    pub text: String,
}
