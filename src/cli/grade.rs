//! `dockdrill grade`: one learner transcript, one verdict.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{ColorChoice, EXIT_BAD_INPUT};
use crate::{report, runner, scenario, session, transcript};

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum GradeFormat {
    /// Each check in words, where the transcript went wrong, diffs, hints.
    #[default]
    Human,
    /// One JSON object: checks, diagnoses, mismatches with diffs, hints.
    Json,
    /// JUnit XML: a test case per check, and one for the claimed output.
    Junit,
    /// Gradescope's autograder results.json.
    Gradescope,
}

/// Grade a transcript of a scenario: one verdict, explained.
///
/// Each check in words, where the transcript diverged from what a failing
/// check wants, a diff for every step whose claimed output the engine did
/// not print, and the hints that what was done calls for.
#[derive(Args)]
#[command(after_help = "\
A transcript is what you typed and saw: `$ command` lines, each followed by
the output it printed (`...` on a line of its own matches any lines). Every
command is replayed in the simulated Docker host; none runs on this machine.
Output the engine never printed is fabricated, and fails the grade.

Exit status: 0 pass, 1 fail, 2 bad input or usage.

Examples:
  dockdrill grade scenarios/latest-drifted.kdl my-attempt.transcript
  dockdrill grade scenarios/latest-drifted.kdl my-attempt.transcript --format json
  dockdrill grade scenarios/latest-drifted.kdl submission.transcript --format gradescope > results/results.json
  dockdrill grade scenarios/latest-drifted.kdl my-attempt.transcript --color never")]
pub struct GradeArgs {
    /// The scenario file (.kdl).
    scenario: PathBuf,
    /// The transcript: `$ command` lines, each followed by the output it printed.
    #[arg(required_unless_present = "batch", conflicts_with = "batch")]
    transcript: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    format: GradeFormat,
    /// Colour: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never.
    #[arg(long, value_enum, default_value_t)]
    color: ColorChoice,
    #[command(flatten)]
    batch: super::batch::BatchArgs,
}

/// Largest transcript accepted from disk; the parser enforces its own bounds too.
const MAX_TRANSCRIPT_BYTES: u64 = 1024 * 1024;

pub fn run(args: GradeArgs) -> ExitCode {
    let scenario = match scenario::load(&args.scenario) {
        Ok(s) => s,
        Err(d) => {
            eprint!("{d}");
            if !d.to_string().ends_with('\n') {
                eprintln!();
            }
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let Some(transcript_path) = args.transcript.as_deref() else {
        return super::batch::run(&args.scenario, &scenario, &args.batch);
    };
    let shown = transcript_path.display();
    let bytes = match read_bounded(transcript_path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{shown}: cannot read the transcript: {e}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let parsed = match transcript::parse_bytes(&bytes) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{shown}:{e}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let start = match session::scenario_world(&scenario, &args.scenario) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let verdict = match runner::grade_from_then_exit(start, &scenario, &parsed, &shown.to_string())
    {
        Ok(v) => v,
        Err(runner::GradeError::World(e)) => {
            eprintln!("{}: {e}", args.scenario.display());
            return ExitCode::from(EXIT_BAD_INPUT);
        }
        Err(e @ runner::GradeError::OverBudget { .. }) => {
            eprintln!("{shown}:{e}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let text = match args.format {
        GradeFormat::Human => report::human::verdict(&verdict, args.color.enabled()),
        GradeFormat::Json => report::json::verdict(&verdict),
        GradeFormat::Junit => {
            report::junit::verdicts("dockdrill grade", std::slice::from_ref(&verdict))
        }
        GradeFormat::Gradescope => report::gradescope::verdict(&verdict),
    };
    // A closed pipe (`| head`) is no reason to panic.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes());
    let passed = verdict.passed();
    // The process ends here: what it read and built is left to the OS, as
    // the replay's worlds are (`runner::grade_from_then_exit`), instead of
    // being freed node by node.
    std::mem::forget((scenario, parsed, bytes, verdict, text));
    if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn read_bounded(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".to_owned());
    }
    if meta.len() > MAX_TRANSCRIPT_BYTES {
        return Err(format!(
            "larger than the {MAX_TRANSCRIPT_BYTES}-byte limit for transcripts"
        ));
    }
    std::fs::read(path).map_err(|e| e.to_string())
}
