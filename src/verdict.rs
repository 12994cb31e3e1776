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
    /// Where the replay went another way than a failing check wants: the
    /// step that last changed what the check looks at, and what it left.
    pub diagnoses: Vec<Diagnosis>,
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

    /// The diagnoses that explain why the check `name` failed.
    pub fn diagnoses_of<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Diagnosis> {
        self.diagnoses.iter().filter(move |d| d.check == name)
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
    /// What the learner did that made the hint apply, in words
    /// (`you ran \`docker restart web\``); empty for hints always offered.
    pub because: String,
    pub cause: HintCause,
}

/// Which kind of trigger made a hint apply: the most specific first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HintCause {
    /// The learner ran a command the hint names.
    Ran,
    /// A check the hint names fails.
    Failed,
    /// Offered to everyone.
    Always,
}

/// One note on where a replay diverged from what a failing check wants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    /// The failing check this explains.
    pub check: String,
    /// The step (1-based, in transcript order) the note is about; `None`
    /// when no step changed the thing the check looks at.
    pub step: Option<usize>,
    /// That step's command as typed.
    pub command: Option<String>,
    /// What the step did or left, and what the check wants instead.
    pub note: String,
}

impl Diagnosis {
    /// `step 4, \`docker restart web\`: web still runs ...`
    pub fn sentence(&self) -> String {
        match (self.step, &self.command) {
            (Some(step), Some(command)) => {
                format!("step {step}, `{}`: {}", one_line(command), self.note)
            }
            _ => self.note.clone(),
        }
    }
}

/// A command shown inline: continuation lines joined as typed on one line.
fn one_line(command: &str) -> String {
    command.replace("\\\n", " ").replace('\n', " ")
}
