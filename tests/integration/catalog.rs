//! The catalog's own rules, for every shipped scenario: at least two good
//! solutions, at least three wrong fixes, and every check failed by at least
//! one wrong fix (a check no wrong fix fails proves nothing is strict).
//! Whether each solution gets the verdict it declares is tests/scenarios.rs.

use std::path::PathBuf;

use dockdrill::harness;
use dockdrill::transcript::Expectation;

#[test]
fn every_scenario_is_proven_solvable_and_strict() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let files = harness::scenario_files(&[dir]).unwrap_or_else(|e| panic!("{e}"));
    assert!(!files.is_empty());
    let mut problems = Vec::new();
    for file in files {
        let bundle = harness::load_bundle(&file).unwrap_or_else(|e| panic!("{e}"));
        let name = &bundle.scenario.name;
        let good = bundle
            .solutions
            .iter()
            .filter(|s| s.expect == Expectation::Pass)
            .count();
        let wrong: Vec<&Vec<String>> = bundle
            .solutions
            .iter()
            .filter_map(|s| match &s.expect {
                Expectation::Fail(names) => Some(names),
                Expectation::Pass => None,
            })
            .collect();
        if good < 2 {
            problems.push(format!("{name}: {good} good solution(s), want at least 2"));
        }
        if wrong.len() < 3 {
            problems.push(format!(
                "{name}: {} wrong fix(es), want at least 3",
                wrong.len()
            ));
        }
        for check in &bundle.scenario.checks {
            if !wrong.iter().any(|names| names.contains(&check.name)) {
                problems.push(format!("{name}: no wrong fix fails check `{}`", check.name));
            }
        }
        if bundle.scenario.debrief.is_none() || bundle.scenario.followups.is_empty() {
            problems.push(format!("{name}: needs a debrief and follow-up questions"));
        }
        if bundle.scenario.hints.is_empty() {
            problems.push(format!("{name}: needs hints"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
