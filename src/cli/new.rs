//! `dockdrill new`: scaffold a scenario and its solutions, ready to edit.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::EXIT_BAD_INPUT;
use crate::fsutil;

const SCENARIO: &str = include_str!("new/scenario.kdl");
const GOOD: &str = include_str!("new/good.transcript");
const WRONG_FIX: &str = include_str!("new/wrong-fix.transcript");

/// Scaffold a new incident: scenarios/NAME.kdl, a good solution and a wrong
/// fix. The result is a small but complete drill that `dockdrill check` and
/// `dockdrill test` accept as it is; edit it into yours.
#[derive(Args)]
#[command(after_help = "\
Existing files are never overwritten.

Examples:
  dockdrill new disk-full
  dockdrill new disk-full --dir ~/drills
  dockdrill check scenarios/disk-full.kdl && dockdrill test scenarios/disk-full.kdl")]
pub struct NewArgs {
    /// The scenario's name: lowercase letters, digits and `-`, not starting
    /// or ending with `-`. It names the file and the test cases.
    name: String,
    /// The directory holding scenarios/ and solutions/.
    #[arg(long, default_value = ".")]
    dir: PathBuf,
}

pub fn run(args: NewArgs) -> ExitCode {
    if let Some(problem) = name_problem(&args.name) {
        eprintln!("dockdrill new: {problem}");
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let name = &args.name;
    // `--dir .` (the default) prints paths as the author would type them.
    let root = if args.dir == Path::new(".") {
        PathBuf::new()
    } else {
        args.dir.clone()
    };
    let scenario_path = root.join("scenarios").join(format!("{name}.kdl"));
    let solutions = root.join("solutions").join(name);
    let files: [(PathBuf, String); 3] = [
        (scenario_path.clone(), SCENARIO.replace("@NAME@", name)),
        (solutions.join("good.transcript"), GOOD.to_owned()),
        (solutions.join("wrong-fix.transcript"), WRONG_FIX.to_owned()),
    ];
    let taken: Vec<String> = files
        .iter()
        .filter(|(p, _)| std::fs::symlink_metadata(p).is_ok())
        .map(|(p, _)| p.display().to_string())
        .collect();
    if !taken.is_empty() {
        eprintln!("dockdrill new: refusing to overwrite {}", taken.join(", "));
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    for (path, text) in &files {
        if let Err(e) = write_new(path, text) {
            eprintln!("dockdrill new: {}: {e}", path.display());
            return ExitCode::from(EXIT_BAD_INPUT);
        }
        println!("created {}", path.display());
    }
    let shown = scenario_path.display();
    println!(
        "
Next:
  1. Edit {shown}: the brief, the world as it was when things went wrong,
     and the checks that say it is fixed (format: docs/GRAMMAR.md).
  2. Rewrite {good} as the fix you expect,
     and {wrong} as a tempting wrong fix (one per check it should fail).
  3. dockdrill check {shown}     parse and lint, every problem at once
  4. dockdrill test {shown}      replay the solutions; a mismatch shows a diff
  5. dockdrill test {shown} --bless, then dockdrill review
     to take the output the engine prints into your transcripts.",
        good = solutions.join("good.transcript").display(),
        wrong = solutions.join("wrong-fix.transcript").display(),
    );
    ExitCode::SUCCESS
}

fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    fsutil::create_new_atomic(path, text.as_bytes())
}

/// Why `name` cannot name a scenario (the grammar's NAME type).
fn name_problem(name: &str) -> Option<String> {
    let valid_chars = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if name.is_empty() || name.len() > 64 {
        Some(format!(
            "{name:?} is not a scenario name: use 1 to 64 characters"
        ))
    } else if !valid_chars || name.starts_with('-') || name.ends_with('-') {
        Some(format!(
            "{name:?} is not a scenario name: use lowercase letters, digits and `-`, not at either end (e.g. disk-full)"
        ))
    } else {
        None
    }
}
