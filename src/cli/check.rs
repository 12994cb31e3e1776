//! `dockdrill check`: parse and lint scenarios and their solutions, every
//! problem at once, drawn with its source.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{ColorChoice, EXIT_BAD_INPUT};
use crate::harness;
use crate::lint::{self, Style};

/// Parse and lint scenario files, then replay their solutions and lint what
/// they exercise. Every problem is reported at once, with the source line
/// it concerns.
#[derive(Args)]
#[command(after_help = "\
Errors (the file cannot be used) and warnings (lints) are printed to stdout.

Lints:
  port-collision           two running containers publish the same host port
  unknown-route            an http check expects an answer at a path no image serves
  unknown-tool             a when-ran hint or ran check starts with a program not in `tools`
  no-good-solution         no solution declares `# expect: pass`
  check-never-fails        no shipped solution fails the check
  check-without-wrong-fix  a solution fails the check, but none declares it
  hint-never-shown         no shipped solution triggers the hint
  verdict-mismatch         a solution does not get the verdict its header declares
  claimed-output           a solution's step claims output the engine does not print

Exit status: 0 no errors (warnings allowed), 1 warnings with --deny-warnings,
2 errors or unreadable input.

Examples:
  dockdrill check scenarios/latest-drifted.kdl
  dockdrill check scenarios/ --deny-warnings
  NO_COLOR=1 dockdrill check scenarios/my-incident.kdl")]
pub struct CheckArgs {
    /// Scenario files, or directories holding them.
    #[arg(required = true, value_name = "SCENARIO")]
    scenarios: Vec<PathBuf>,
    /// Exit 1 when there are warnings (and no errors).
    #[arg(long)]
    deny_warnings: bool,
    #[arg(long, value_enum, default_value_t)]
    color: ColorChoice,
}

pub fn run(args: CheckArgs) -> ExitCode {
    let files = match harness::scenario_files(&args.scenarios) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("dockdrill check: {e}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    if files.is_empty() {
        eprintln!("dockdrill check: no scenario files (*.kdl) found");
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let style = Style::new(args.color.enabled());
    let (mut errors, mut warnings) = (0, 0);
    for file in &files {
        let report = lint::check_scenario(file);
        for finding in report.sorted() {
            let drawn = lint::render(finding, report.text_of(&finding.file), style);
            emit(&format!("{drawn}\n"));
        }
        errors += report.errors();
        warnings += report.warnings();
        emit(&format!(
            "{}: {}\n",
            file.display(),
            counts(report.errors(), report.warnings())
        ));
    }
    if files.len() > 1 {
        emit(&format!(
            "checked {} scenarios: {}\n",
            files.len(),
            counts(errors, warnings)
        ));
    }
    if errors > 0 {
        ExitCode::from(EXIT_BAD_INPUT)
    } else if warnings > 0 && args.deny_warnings {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints to stdout, ignoring a closed pipe (`dockdrill check | head`):
/// the reader has seen what it wanted.
pub(super) fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

fn counts(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    if errors == 0 && warnings == 0 {
        "ok".to_owned()
    } else {
        format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    }
}
