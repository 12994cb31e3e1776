//! Every shipped check as a test: one case per scenario × solution × check,
//! plus one per solution for its replayed output.
//!
//! Used by `dockdrill test` and by `cargo test` (tests/scenarios.rs), both
//! through libtest-mimic, so they list, filter and report alike.

pub mod human;
pub mod json;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::scenario::{self, Scenario};
use crate::transcript::{self, Expectation};
use crate::verdict::Verdict;
use crate::{runner, session};

/// A scenario file and the solutions shipped beside it.
pub struct Bundle {
    pub scenario: Scenario,
    pub solutions: Vec<Solution>,
}

pub struct Solution {
    /// File stem: `restart-only`.
    pub name: String,
    pub path: PathBuf,
    /// The file as read, for proposals that rewrite it.
    pub text: String,
    pub expect: Expectation,
    pub verdict: Verdict,
}

/// One test case's outcome, ready for any reporter.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Case {
    /// `latest-drifted::restart-only::recreated`
    pub name: String,
    pub scenario: String,
    pub solution: String,
    /// A check name, or `output` for the replay-matches-claims case.
    pub check: String,
    pub passed: bool,
    /// Why it failed (empty when it passed).
    pub message: String,
}

/// How many selected cases passed and failed, and how many a filter left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RunSummary {
    pub passed: usize,
    pub failed: usize,
    pub filtered_out: usize,
}

impl RunSummary {
    pub fn of(selected: &[Case], total: usize) -> RunSummary {
        let failed = selected.iter().filter(|c| !c.passed).count();
        RunSummary {
            passed: selected.len() - failed,
            failed,
            filtered_out: total - selected.len(),
        }
    }
}

/// A scenario or solution that could not be loaded.
#[derive(Debug)]
pub struct LoadError(pub String);

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LoadError {}

/// Scenario files named by `paths`: `.kdl` files, or directories searched
/// (not recursively) for them. Sorted, so the run order is stable.
pub fn scenario_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path)
                .map_err(|e| LoadError(format!("{}: {e}", path.display())))?;
            for entry in entries.flatten() {
                let p = entry.path();
                if p.extension().is_some_and(|e| e == "kdl") {
                    files.push(p);
                }
            }
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(LoadError(format!(
                "{}: no such file or directory",
                path.display()
            )));
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// Where a scenario's solutions live: `<root>/solutions/<name>/` for
/// `<root>/scenarios/<name>.kdl`.
pub fn solutions_dir(scenario_path: &Path, name: &str) -> PathBuf {
    let root = scenario_path
        .parent()
        .and_then(Path::parent)
        .unwrap_or_else(|| Path::new("."));
    root.join("solutions").join(name)
}

/// Loads a scenario and replays each of its solutions.
pub fn load_bundle(path: &Path) -> Result<Bundle, LoadError> {
    load_bundle_where(path, |_| true)
}

/// Loads a scenario and replays the solutions whose `scenario::solution`
/// name `keep` accepts (how `test --shard` splits the replay work itself).
pub fn load_bundle_where(path: &Path, keep: impl Fn(&str) -> bool) -> Result<Bundle, LoadError> {
    let scenario = scenario::load(path).map_err(|d| LoadError(d.to_string()))?;
    let mut solutions = Vec::new();
    for file in solution_files(path, &scenario.name) {
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !keep(&format!("{}::{stem}", scenario.name)) {
            continue;
        }
        let solution =
            load_solution(&scenario, path, &file).map_err(|e| LoadError(e.to_string()))?;
        solutions.push(solution);
    }
    Ok(Bundle {
        scenario,
        solutions,
    })
}

/// The `*.transcript` files of a scenario's solutions directory, sorted
/// (proposals, `*.transcript.new`, are not solutions).
pub fn solution_files(scenario_path: &Path, name: &str) -> Vec<PathBuf> {
    let dir = solutions_dir(scenario_path, name);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "transcript"))
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

/// A solution that could not be loaded, positioned in its file (or, for a
/// world the engine refused, in the scenario file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SolutionError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for SolutionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

impl std::error::Error for SolutionError {}

/// Largest solution transcript read from disk.
const MAX_SOLUTION_BYTES: u64 = transcript::MAX_TRANSCRIPT_BYTES as u64;

/// Reads one solution of `scenario`, checks its header and replays it.
pub fn load_solution(
    scenario: &Scenario,
    scenario_path: &Path,
    file: &Path,
) -> Result<Solution, SolutionError> {
    let at = |line: usize, column: usize, message: String| SolutionError {
        path: file.to_path_buf(),
        line,
        column,
        message,
    };
    let name = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| {
            use std::io::Read;
            f.take(MAX_SOLUTION_BYTES + 1).read_to_end(&mut bytes)
        })
        .map_err(|e| at(1, 1, format!("cannot read the file: {e}")))?;
    let parsed = transcript::parse_bytes(&bytes).map_err(|e| at(e.line, e.column, e.message))?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (line, column) = expect_position(&text);
    let Some(expect) = parsed.expect.clone() else {
        return Err(at(
            1,
            1,
            "a solution needs a header `# expect: pass` or `# expect: fail CHECK...`".to_owned(),
        ));
    };
    if let Expectation::Fail(names) = &expect {
        for n in names {
            if !scenario.checks.iter().any(|c| &c.name == n) {
                return Err(at(
                    line,
                    column,
                    format!(
                        "expects check `{n}` to fail, but {} has no such check",
                        scenario.name
                    ),
                ));
            }
        }
    }
    let start = session::scenario_world(scenario, scenario_path).map_err(|e| SolutionError {
        path: e.path,
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    let verdict = runner::grade_from(start, scenario, &parsed, &file.display().to_string())
        .map_err(|e| match e {
            runner::GradeError::OverBudget { line, .. } => SolutionError {
                path: file.to_path_buf(),
                line,
                column: 1,
                message: e.to_string(),
            },
            runner::GradeError::World(b) => SolutionError {
                path: scenario_path.to_path_buf(),
                line: b.line,
                column: b.column,
                message: b.message,
            },
        })?;
    Ok(Solution {
        name,
        path: file.to_path_buf(),
        text,
        expect,
        verdict,
    })
}

/// Line and column of a transcript's `# expect:` header (1:1 when absent).
pub fn expect_position(text: &str) -> (usize, usize) {
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("$ ") {
            break;
        }
        if line
            .strip_prefix('#')
            .is_some_and(|rest| rest.trim_start().starts_with("expect:"))
        {
            return (i + 1, 1);
        }
    }
    (1, 1)
}

/// The test cases of a bundle, in a stable order.
pub fn cases(bundle: &Bundle) -> Vec<Case> {
    let mut out = Vec::new();
    for sol in &bundle.solutions {
        let must_fail: &[String] = match &sol.expect {
            Expectation::Pass => &[],
            Expectation::Fail(names) => names,
        };
        for check in &sol.verdict.checks {
            let should_fail = must_fail.contains(&check.name);
            let passed = check.passed != should_fail;
            let message = match (passed, should_fail) {
                (true, _) => String::new(),
                (false, true) => format!(
                    "{} declares that check `{}` fails, but it passed",
                    sol.path.display(),
                    check.name
                ),
                (false, false) => format!(
                    "check `{}` failed:\n  {}",
                    check.name,
                    check.reasons.join("\n  ")
                ),
            };
            out.push(case(bundle, sol, &check.name, passed, message));
        }
        let mismatches: Vec<String> = sol
            .verdict
            .mismatches()
            .map(|s| {
                format!(
                    "{}:{}: $ {}\n{}",
                    sol.path.display(),
                    s.line,
                    s.command,
                    transcript::render_diff(&transcript::diff(&s.claimed, &s.printed), false)
                )
            })
            .collect();
        let message = if mismatches.is_empty() {
            String::new()
        } else {
            format!(
                "the engine printed something else (- claimed, + printed):\n{}",
                mismatches.join("\n")
            )
        };
        out.push(case(bundle, sol, "output", mismatches.is_empty(), message));
    }
    out
}

fn case(bundle: &Bundle, sol: &Solution, check: &str, passed: bool, message: String) -> Case {
    Case {
        name: format!("{}::{}::{check}", bundle.scenario.name, sol.name),
        scenario: bundle.scenario.name.clone(),
        solution: sol.name.clone(),
        check: check.to_owned(),
        passed,
        message,
    }
}

/// The cases as libtest-mimic trials.
pub fn trials(cases: Vec<Case>) -> Vec<libtest_mimic::Trial> {
    cases
        .into_iter()
        .map(|c| {
            let Case {
                name,
                passed,
                message,
                ..
            } = c;
            libtest_mimic::Trial::test(
                name,
                move || if passed { Ok(()) } else { Err(message.into()) },
            )
        })
        .collect()
}

/// The cases as JUnit XML: a suite per scenario, a case per check.
pub fn junit(cases: &[Case]) -> String {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut report = Report::new("dockdrill test");
    let mut suites: Vec<TestSuite> = Vec::new();
    for c in cases {
        if suites.last().is_none_or(|s| s.name.as_str() != c.scenario) {
            suites.push(TestSuite::new(c.scenario.clone()));
        }
        let status = if c.passed {
            TestCaseStatus::success()
        } else {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            s.set_message(c.message.lines().next().unwrap_or_default().to_owned());
            s.set_description(c.message.clone());
            s
        };
        let mut tc = TestCase::new(format!("{}::{}", c.solution, c.check), status);
        tc.set_classname(c.scenario.clone());
        if let Some(suite) = suites.last_mut() {
            suite.add_test_case(tc);
        }
    }
    report.add_test_suites(suites);
    report
        .to_string()
        .unwrap_or_else(|e| format!("<!-- {e} -->\n"))
}
