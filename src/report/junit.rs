//! JUnit XML for CI systems: a test suite per transcript, a test case per
//! check, and one for the replayed output.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::transcript;
use crate::verdict::Verdict;

pub fn verdicts(name: &str, verdicts: &[Verdict]) -> String {
    let mut report = Report::new(name);
    for v in verdicts {
        let mut suite = TestSuite::new(format!("{}::{}", v.scenario, v.transcript));
        for check in &v.checks {
            let status = if check.passed {
                TestCaseStatus::success()
            } else {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(check.reasons.join("; "));
                let why: Vec<String> = v
                    .diagnoses_of(&check.name)
                    .map(|d| format!("why: {}", d.sentence()))
                    .collect();
                if !why.is_empty() {
                    s.set_description(why.join("\n"));
                }
                s
            };
            let mut case = TestCase::new(check.name.clone(), status);
            case.set_classname(format!("{}::{}", v.scenario, v.transcript));
            suite.add_test_case(case);
        }
        let mismatches: Vec<String> = v
            .mismatches()
            .map(|s| {
                format!(
                    "line {}: $ {}\n{}",
                    s.line,
                    s.command,
                    transcript::render_diff(&transcript::diff(&s.claimed, &s.printed), false)
                )
            })
            .collect();
        let status = if mismatches.is_empty() {
            TestCaseStatus::success()
        } else {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            s.set_message(format!(
                "{} step(s) claim output the engine did not print",
                mismatches.len()
            ));
            s.set_description(mismatches.join("\n"));
            s
        };
        let mut case = TestCase::new("output", status);
        case.set_classname(format!("{}::{}", v.scenario, v.transcript));
        suite.add_test_case(case);
        report.add_test_suite(suite);
    }
    report
        .to_string()
        .unwrap_or_else(|e| format!("<!-- {e} -->\n"))
}
