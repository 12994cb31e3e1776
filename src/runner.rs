//! Replays a transcript against a scenario's world and judges it: the only
//! place where scenario, engine, shell, transcript and checks meet.

mod diagnose;

use std::fmt;
use std::time::{Duration, Instant};

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

/// Wall-clock time one grade may take. Every input is bounded in size, but
/// sizes multiply (steps x pipelines x templates); this bound holds whatever
/// the product. It is the only clock dockdrill reads, and it can only turn a
/// grade into an error: a verdict never depends on it.
pub const GRADE_BUDGET: Duration = Duration::from_secs(10);

/// Why a transcript could not be graded.
#[derive(Debug)]
pub enum GradeError {
    /// The scenario's world could not be built.
    World(BuildError),
    /// Grading ran past its wall-clock budget; `line` is the transcript line
    /// of the step that was running or about to run.
    OverBudget { line: usize, budget: Duration },
}

impl fmt::Display for GradeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GradeError::World(e) => e.fmt(f),
            GradeError::OverBudget { line, budget } => write!(
                f,
                "{line}:1: grading stopped: it took longer than the {} s wall-clock budget per grade",
                budget.as_secs_f64()
            ),
        }
    }
}

impl std::error::Error for GradeError {}

impl From<BuildError> for GradeError {
    fn from(e: BuildError) -> Self {
        GradeError::World(e)
    }
}

/// Replays `transcript` against `scenario` and judges every check, within
/// [`GRADE_BUDGET`].
pub fn grade(
    scenario: &Scenario,
    transcript: &Transcript,
    transcript_name: &str,
) -> Result<Verdict, GradeError> {
    grade_within(scenario, transcript, transcript_name, GRADE_BUDGET)
}

/// [`grade`] with an explicit wall-clock budget.
pub fn grade_within(
    scenario: &Scenario,
    transcript: &Transcript,
    transcript_name: &str,
    budget: Duration,
) -> Result<Verdict, GradeError> {
    let started = Instant::now();
    let start = world_build::build(scenario)?;
    let within = (started, budget, Teardown::Free);
    grade_from_within(start, scenario, transcript, transcript_name, within)
}

/// Replays `transcript` from `start`, the scenario's world as already built
/// (by `session::scenario_world` when the scenario imports files), within
/// [`GRADE_BUDGET`].
pub fn grade_from(
    start: World,
    scenario: &Scenario,
    transcript: &Transcript,
    transcript_name: &str,
) -> Result<Verdict, GradeError> {
    let started = Instant::now();
    let within = (started, GRADE_BUDGET, Teardown::Free);
    grade_from_within(start, scenario, transcript, transcript_name, within)
}

/// [`grade_from`] for a process that ends once the verdict is reported
/// (`dockdrill grade`): the replay's worlds are left to the OS, which
/// reclaims them at once, instead of being freed node by node (~5 % of a
/// whole `grade`).
pub fn grade_from_then_exit(
    start: World,
    scenario: &Scenario,
    transcript: &Transcript,
    transcript_name: &str,
) -> Result<Verdict, GradeError> {
    let started = Instant::now();
    let within = (started, GRADE_BUDGET, Teardown::LeaveToExit);
    grade_from_within(start, scenario, transcript, transcript_name, within)
}

/// What becomes of the replay's worlds once the verdict is made.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Teardown {
    Free,
    LeaveToExit,
}

fn grade_from_within(
    start: World,
    scenario: &Scenario,
    transcript: &Transcript,
    transcript_name: &str,
    (started, budget, teardown): (Instant, Duration, Teardown),
) -> Result<Verdict, GradeError> {
    let over_budget = move || started.elapsed() > budget;
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
    session.set_interrupt(Box::new(over_budget));
    let tracked = diagnose::Tracked::of(scenario);
    let mut history = diagnose::History::new(tracked.snapshot(&session.world));
    let mut steps = Vec::with_capacity(transcript.steps.len());
    let mut output_commands: Vec<String> = Vec::new();
    for (i, step) in transcript.steps.iter().enumerate() {
        if i > 0 {
            let next = session.world.now.plus_seconds(SECONDS_PER_STEP);
            session.world.advance_to(next);
        }
        if over_budget() {
            return Err(GradeError::OverBudget {
                line: step.line,
                budget,
            });
        }
        let invocations_before = session.outputs.len();
        let outcome = session.run_line(&step.command);
        if session.interrupted {
            return Err(GradeError::OverBudget {
                line: step.line,
                budget,
            });
        }
        output_commands.resize(session.outputs.len(), step.command.clone());
        history.push(tracked.snapshot(&session.world), invocations_before);
        let printed = outcome.terminal();
        steps.push(StepResult {
            line: step.line,
            command: step.command.clone(),
            claimed: step.claimed.clone(),
            matched: transcript::matches(&step.claimed, &printed),
            printed,
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
    let verdict = Verdict {
        scenario: scenario.name.clone(),
        transcript: transcript_name.to_owned(),
        checks,
        steps,
        hints,
        diagnoses,
    };
    if teardown == Teardown::LeaveToExit {
        std::mem::forget(history);
        std::mem::forget(session);
        std::mem::forget(start);
    }
    Ok(verdict)
}
