//! Replays a transcript against a scenario's world and judges it: the only
//! place where scenario, engine, shell, transcript and checks meet.

use crate::check::{self, Observed, command_contains};
use crate::engine::World;
use crate::scenario::{HintTrigger, Predicate, Scenario};
use crate::session::Session;
use crate::transcript::{self, Transcript};
use crate::verdict::{HintShown, StepResult, Verdict};
use crate::world_build::{self, BuildError};

/// Seconds of virtual time between two steps of a transcript.
const SECONDS_PER_STEP: i64 = 1;

/// Replays `transcript` against `scenario` and judges every check.
pub fn grade(
    scenario: &Scenario,
    transcript: &Transcript,
    transcript_name: &str,
) -> Result<Verdict, BuildError> {
    let start = world_build::build(scenario)?;
    Ok(grade_from(scenario, &start, transcript, transcript_name))
}

/// Replays `transcript` from `start`, a world already built from `scenario`:
/// batch grading builds the world once and replays every transcript from it.
pub fn grade_from(
    scenario: &Scenario,
    start: &World,
    transcript: &Transcript,
    transcript_name: &str,
) -> Verdict {
    let watched: Vec<String> = scenario
        .checks
        .iter()
        .flat_map(|c| &c.predicates)
        .filter_map(|p| match p {
            Predicate::Shown {
                before_change: Some(name),
                ..
            } => Some(name.clone()),
            _ => None,
        })
        .collect();
    let mut session = Session::new(start.clone(), &scenario.tools);
    for name in &watched {
        session.watch(name);
    }
    let mut steps = Vec::with_capacity(transcript.steps.len());
    for (i, step) in transcript.steps.iter().enumerate() {
        if i > 0 {
            session.world.now = session.world.now.plus_seconds(SECONDS_PER_STEP);
        }
        let outcome = session.run_line(&step.command);
        steps.push(StepResult {
            line: step.line,
            command: step.command.clone(),
            claimed: step.claimed.clone(),
            matched: transcript::matches(&step.claimed, &outcome.terminal),
            printed: outcome.terminal,
            status: outcome.status,
        });
    }
    let commands: Vec<String> = transcript.steps.iter().map(|s| s.command.clone()).collect();
    let changed_at = |name: &str| session.changed_at.get(name).copied();
    let observed = Observed {
        start,
        end: &session.world,
        outputs: &session.outputs,
        changed_at: &changed_at,
        commands: &commands,
    };
    let checks: Vec<_> = scenario
        .checks
        .iter()
        .map(|c| check::evaluate(c, &observed))
        .collect();
    let hints = scenario
        .hints
        .iter()
        .filter(|h| match &h.trigger {
            HintTrigger::Ran(text) => commands.iter().any(|c| command_contains(c, text)),
            HintTrigger::Failed(name) => checks.iter().any(|c| &c.name == name && !c.passed),
            HintTrigger::Always => true,
        })
        .map(|h| HintShown {
            name: h.name.clone(),
            text: h.text.clone(),
        })
        .collect();
    Verdict {
        scenario: scenario.name.clone(),
        transcript: transcript_name.to_owned(),
        checks,
        steps,
        hints,
    }
}
