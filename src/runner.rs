//! Replays a transcript against a scenario's world and judges it: the only
//! place where scenario, engine, shell, transcript and checks meet.

mod diagnose;

use crate::check::{self, Observed, command_contains};
use crate::engine::World;
use crate::scenario::{HintTrigger, Predicate, Scenario};
use crate::session::Session;
use crate::transcript::{self, Transcript};
use crate::verdict::{HintCause, HintShown, StepResult, Verdict};
use crate::world_build::{self, BuildError};

/// Seconds of virtual time between two steps of a transcript (and between
/// two commands in `dockdrill play`, so a saved session replays the same).
pub const SECONDS_PER_STEP: i64 = 1;

/// Replays `transcript` against `scenario` and judges every check.
pub fn grade(
    scenario: &Scenario,
    transcript: &Transcript,
    transcript_name: &str,
) -> Result<Verdict, BuildError> {
    let start = world_build::build(scenario)?;
    Ok(grade_from(start, scenario, transcript, transcript_name))
}

/// Replays `transcript` from `start`, the scenario's world as already built
/// (by `session::scenario_world` when the scenario imports files).
pub fn grade_from(
    start: World,
    scenario: &Scenario,
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
    let tracked = diagnose::Tracked::of(scenario);
    let mut history = diagnose::History::new(tracked.snapshot(&session.world));
    let mut steps = Vec::with_capacity(transcript.steps.len());
    let mut output_commands: Vec<String> = Vec::new();
    for (i, step) in transcript.steps.iter().enumerate() {
        if i > 0 {
            let next = session.world.now.plus_seconds(SECONDS_PER_STEP);
            session.world.advance_to(next);
        }
        let invocations_before = session.outputs.len();
        let outcome = session.run_line(&step.command);
        output_commands.resize(session.outputs.len(), step.command.clone());
        history.push(tracked.snapshot(&session.world), invocations_before);
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
        start: &start,
        end: &session.world,
        outputs: &session.outputs,
        output_commands: &output_commands,
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
            because: match &h.trigger {
                HintTrigger::Ran(text) => format!("you ran `{text}`"),
                HintTrigger::Failed(name) => format!("check {name} fails"),
                HintTrigger::Always => String::new(),
            },
            cause: match &h.trigger {
                HintTrigger::Ran(_) => HintCause::Ran,
                HintTrigger::Failed(_) => HintCause::Failed,
                HintTrigger::Always => HintCause::Always,
            },
        })
        .collect();
    let diagnoses = diagnose::diagnose(
        scenario,
        &checks,
        &diagnose::Replay {
            start: &start,
            end: &session.world,
            history: &history,
            commands: &commands,
            outputs: &session.outputs,
            output_commands: &output_commands,
            changed_at: &session.changed_at,
        },
    );
    Verdict {
        scenario: scenario.name.clone(),
        transcript: transcript_name.to_owned(),
        checks,
        steps,
        hints,
        diagnoses,
    }
}
