//! `dockdrill check`: everything wrong with a scenario and its solutions,
//! at once. Parse errors, a world the engine refuses and solutions that
//! cannot be loaded are errors; the lints below are warnings, each with a
//! name, a span and a help:
//!
//! | lint | warns when |
//! |---|---|
//! | `port-collision` | two running or paused containers publish the same host port |
//! | `unknown-route` | an `http` check expects an answer at a path no image serves |
//! | `unknown-tool` | a `when-ran` hint or `ran` check starts with a program the scenario does not allow |
//! | `no-good-solution` | no solution declares `# expect: pass` |
//! | `check-never-fails` | no shipped solution fails the check |
//! | `check-without-wrong-fix` | a solution fails the check, but none declares it |
//! | `hint-never-shown` | no shipped solution triggers the hint |
//! | `verdict-mismatch` | a solution does not get the verdict its header declares |
//! | `claimed-output` | a solution's step claims output the engine does not print |

mod coverage;
mod finding;
pub mod locate;
mod port_collision;
mod render;
mod unknown_route;
mod unknown_tool;
mod verdicts;

use std::io::Read;
use std::path::Path;

pub use finding::{Finding, Located};
pub use render::{Style, render};

use crate::harness;
use crate::scenario::{self, MAX_FILE_BYTES, Severity};

/// Every lint's name, for documentation and `--help`.
pub const LINTS: [&str; 9] = [
    "port-collision",
    "unknown-route",
    "unknown-tool",
    "no-good-solution",
    "check-never-fails",
    "check-without-wrong-fix",
    "hint-never-shown",
    "verdict-mismatch",
    "claimed-output",
];

/// What checking one scenario found, with the text of every file a finding
/// points into (for snippets).
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// File name and text, scenario first, then solutions in order.
    pub files: Vec<(String, String)>,
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// The findings grouped by file (in `files` order), each group in source order.
    pub fn sorted(&self) -> Vec<&Finding> {
        let rank = |f: &Finding| {
            self.files
                .iter()
                .position(|(name, _)| name == &f.file)
                .unwrap_or(usize::MAX)
        };
        let mut all: Vec<&Finding> = self.findings.iter().collect();
        all.sort_by_key(|f| (rank(f), f.offset));
        all
    }

    pub fn text_of(&self, file: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|(name, _)| name == file)
            .map(|(_, text)| text.as_str())
    }
}

/// Parses and lints the scenario at `path`, then loads, replays and lints
/// each of its solutions.
pub fn check_scenario(path: &Path) -> Report {
    let file = path.display().to_string();
    let mut report = Report::default();
    let bytes = match read_bounded(path) {
        Ok(bytes) => bytes,
        Err(message) => {
            report
                .findings
                .push(Finding::error(locate::at(&file, "", 0, 0), message));
            return report;
        }
    };
    let (text, parsed) = match String::from_utf8(bytes) {
        Ok(text) => {
            let parsed = scenario::parse(&file, &text);
            (text, parsed)
        }
        // The loader reports where the bad bytes are; the snippet shows
        // them replaced.
        Err(e) => (
            String::from_utf8_lossy(e.as_bytes()).into_owned(),
            scenario::load(path),
        ),
    };
    report.files.push((file.clone(), text.clone()));
    let scenario = match parsed {
        Ok(s) => s,
        Err(diagnostics) => {
            report
                .findings
                .extend(diagnostics.iter().map(Finding::from));
            return report;
        }
    };
    port_collision::lint(&file, &text, &scenario, &mut report.findings);
    unknown_route::lint(&file, &text, &scenario, &mut report.findings);
    unknown_tool::lint(&file, &text, &scenario, &mut report.findings);
    if let Err(e) = crate::session::scenario_world(&scenario, path) {
        // The engine refuses a world with a port collision too; the lint
        // says which two containers collide, so it stands in for the
        // engine's message, as an error.
        let mut collisions = report
            .findings
            .iter_mut()
            .filter(|f| f.code == Some("port-collision"))
            .peekable();
        if collisions.peek().is_some() {
            collisions.for_each(|f| f.severity = Severity::Error);
        } else {
            let offset = locate::offset_of(&text, e.line, e.column);
            report.findings.push(Finding::error(
                locate::at(&file, &text, offset, 0),
                e.message,
            ));
        }
        return report;
    }
    let mut solutions = Vec::new();
    let mut broken = false;
    for solution_file in harness::solution_files(path, &scenario.name) {
        match harness::load_solution(&scenario, path, &solution_file) {
            Ok(solution) => {
                report
                    .files
                    .push((solution.path.display().to_string(), solution.text.clone()));
                verdicts::lint(&solution, &mut report.findings);
                solutions.push(solution);
            }
            Err(e) => {
                broken = true;
                let name = e.path.display().to_string();
                let text = match report.text_of(&name) {
                    Some(t) => t.to_owned(),
                    None => {
                        let t = read_bounded(&e.path)
                            .map(|b| String::from_utf8_lossy(&b).into_owned())
                            .unwrap_or_default();
                        report.files.push((name.clone(), t.clone()));
                        t
                    }
                };
                let offset = locate::offset_of(&text, e.line, e.column);
                let end = text
                    .get(offset..)
                    .unwrap_or_default()
                    .find(['\n', '\r'])
                    .unwrap_or(text.len() - offset);
                report.findings.push(Finding::error(
                    locate::at(&name, &text, offset, end),
                    e.message,
                ));
            }
        }
    }
    // Coverage judged on a partial set of solutions would mislead.
    if !broken {
        let dir = harness::solutions_dir(path, &scenario.name)
            .display()
            .to_string();
        coverage::lint(
            &file,
            &text,
            &scenario,
            &dir,
            &solutions,
            &mut report.findings,
        );
    }
    report
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the file: {e}"))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!(
            "the file is larger than {MAX_FILE_BYTES} bytes (1 MiB), the limit for scenario files"
        ));
    }
    Ok(bytes)
}
