//! Every bound on untrusted input, hit on purpose: a clear error that names
//! the limit, never a hang, a crash or an unbounded allocation.

use std::time::Duration;

use dockdrill::runner::{self, GradeError};
use dockdrill::session::Session;
use dockdrill::shell::{self, CommandOutput, Host, ShellConfig};
use dockdrill::template::{self, ExecOptions, Value};
use dockdrill::transcript;

use super::support::{self, FakeHost};

fn tools() -> ShellConfig {
    ShellConfig {
        tools: vec!["docker".to_owned(), "curl".to_owned(), "big".to_owned()],
    }
}

#[test]
fn transcript_over_one_mebibyte_is_refused_naming_the_limit() {
    let text = "$ echo x\n".repeat(transcript::MAX_TRANSCRIPT_BYTES / 9 + 1);
    let e = transcript::parse_bytes(text.as_bytes()).unwrap_err();
    assert_eq!((e.line, e.column), (1, 1));
    assert!(
        e.message.contains("limit is 1048576 bytes"),
        "{}",
        e.message
    );
}

#[test]
fn transcript_with_too_many_steps_is_refused_at_the_first_extra_step() {
    let text = "$ true\n".repeat(transcript::MAX_STEPS + 1);
    let e = transcript::parse(&text).unwrap_err();
    assert_eq!(e.line, transcript::MAX_STEPS + 1);
    assert!(
        e.message.contains("more than 10000 commands"),
        "{}",
        e.message
    );
}

#[test]
fn transcript_line_over_the_limit_is_refused_at_its_line() {
    let text = format!("$ true\n{}\n", "x".repeat(transcript::MAX_LINE_BYTES + 1));
    let e = transcript::parse(&text).unwrap_err();
    assert_eq!(e.line, 2);
    assert!(
        e.message.contains("the limit is 65536 bytes"),
        "{}",
        e.message
    );
}

#[test]
fn command_line_over_the_limit_is_a_syntax_error_naming_it() {
    let line = format!("echo {}", "a".repeat(shell::MAX_LINE_BYTES));
    let e = shell::parse(&line).unwrap_err();
    assert!(e.message.contains("the limit is 65536"), "{}", e.message);
}

#[test]
fn command_substitution_nesting_is_bounded() {
    let depth = shell::MAX_SUBST_DEPTH + 1;
    let line = format!("echo {}x{}", "$(echo ".repeat(depth), ")".repeat(depth));
    let e = shell::parse(&line).unwrap_err();
    assert!(e.message.contains("the limit is 16"), "{}", e.message);
    // One level less is fine.
    let ok = shell::MAX_SUBST_DEPTH;
    let line = format!("echo {}x{}", "$(echo ".repeat(ok), ")".repeat(ok));
    let out = shell::run_line(&line, &tools(), &mut FakeHost { calls: 0 });
    assert_eq!(out.stdout(), "x\n");
}

#[test]
fn pipelines_are_bounded() {
    let line = vec!["true"; shell::MAX_PIPELINE + 1].join(" | ");
    let e = shell::parse(&line).unwrap_err();
    assert!(
        e.message.contains("the limit is 32 commands"),
        "{}",
        e.message
    );
}

/// A host whose `big` prints more than a command may.
struct LoudHost;

impl Host for LoudHost {
    fn run(&mut self, _argv: &[String], _stdin: &str) -> CommandOutput {
        CommandOutput::success("y".repeat(shell::MAX_COMMAND_OUTPUT + 10))
    }
}

#[test]
fn output_per_command_is_truncated_with_a_note_naming_the_limit() {
    let out = shell::run_line("big", &tools(), &mut LoudHost);
    assert_eq!(out.stdout().len(), shell::MAX_COMMAND_OUTPUT);
    assert!(
        out.stderr().contains("output truncated at 4 MiB"),
        "{}",
        out.stderr()
    );
    assert_eq!(out.status, 1);
}

#[test]
fn output_per_line_is_bounded_naming_the_limit() {
    let line = ["big"; 6].join("; ");
    let out = shell::run_line(&line, &tools(), &mut LoudHost);
    assert!(out.terminal().len() <= shell::MAX_LINE_OUTPUT + 4096);
    assert!(
        out.stderr().contains("printed more than 16 MiB"),
        "{}",
        out.stderr()
    );
}

#[test]
fn template_recursion_is_bounded() {
    let t =
        template::parse(r#"{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}"#).unwrap();
    let e = t.execute(&Value::Nil, ExecOptions::default()).unwrap_err();
    assert!(
        e.to_string()
            .contains("exceeded maximum template depth (100)"),
        "{e}"
    );
}

#[test]
fn template_expression_nesting_is_bounded() {
    let src = format!("{{{{{}1{}}}}}", "(".repeat(200), ")".repeat(200));
    let e = template::parse(&src).unwrap_err();
    assert!(
        e.to_string().contains("max expression depth exceeded"),
        "{e}"
    );
}

#[test]
fn template_range_work_is_bounded_naming_the_limit() {
    let t = template::parse("{{range 1000000000}}{{end}}").unwrap();
    let e = t.execute(&Value::Nil, ExecOptions::default()).unwrap_err();
    assert!(
        e.to_string()
            .contains("exceeded maximum number of operations (10000000)"),
        "{e}"
    );
}

#[test]
fn template_output_is_bounded_naming_the_limit() {
    let t = template::parse(
        r#"{{range 100000000}}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{{end}}"#,
    )
    .unwrap();
    let e = t.execute(&Value::Nil, ExecOptions::default()).unwrap_err();
    assert!(e.to_string().contains("16 MiB limit"), "{e}");
}

#[test]
fn virtual_sleep_is_bounded_per_session_naming_the_limit() {
    let scenario = support::scenario();
    let mut session = Session::from_scenario(&scenario).unwrap();
    let before = session.world.now;
    assert_eq!(session.run_line("sleep 200d").status, 0);
    let out = session.run_line("sleep 200d");
    assert_eq!(out.status, 1);
    assert!(
        out.stderr().contains("at most 31536000 seconds (365 days)"),
        "{}",
        out.stderr()
    );
    // The refused sleep did not move the clock; many small sleeps add up.
    assert_eq!(session.world.now, before.plus_seconds(200 * 86_400));
    let out = session.run_line("sleep 100d 100d");
    assert_eq!(out.status, 1, "operands add up: {}", out.stderr());
    assert_eq!(session.run_line("sleep 1d 2h 30m 5").status, 0);
    assert_eq!(
        session.world.now,
        before.plus_seconds(200 * 86_400 + 86_400 + 7_200 + 1_800 + 5)
    );
}

#[test]
fn a_grade_over_its_wall_clock_budget_is_an_error_at_a_transcript_line() {
    let scenario = support::scenario();
    let parsed = transcript::parse("$ docker ps\n$ docker ps\n").unwrap();
    let e = runner::grade_within(&scenario, &parsed, "t", Duration::ZERO).unwrap_err();
    assert!(matches!(e, GradeError::OverBudget { line: 1, .. }), "{e}");
    assert!(e.to_string().starts_with("1:1: grading stopped"), "{e}");
    assert!(e.to_string().contains("wall-clock budget"), "{e}");
}

#[test]
fn the_budget_stops_a_long_line_between_tool_invocations() {
    let scenario = support::scenario();
    // Thousands of docker invocations on one line, under a budget that runs
    // out part-way: the line is cut short and the grade is an error.
    let many = "docker ps -a; ".repeat(4000);
    let parsed = transcript::parse(&format!("$ {many}\n")).unwrap();
    let e = runner::grade_within(&scenario, &parsed, "t", Duration::from_millis(20)).unwrap_err();
    assert!(matches!(e, GradeError::OverBudget { line: 1, .. }), "{e}");
}

#[test]
fn the_budget_never_changes_the_bytes_of_a_successful_grade() {
    let scenario = support::scenario();
    for (name, text) in support::solution_texts() {
        let parsed = transcript::parse(&text).unwrap();
        let default = runner::grade(&scenario, &parsed, &name).unwrap();
        let generous =
            runner::grade_within(&scenario, &parsed, &name, Duration::from_secs(3600)).unwrap();
        assert_eq!(
            super::interpreters::rendered(&default),
            super::interpreters::rendered(&generous),
            "{name}"
        );
    }
}

#[test]
fn the_heap_meter_sees_a_big_allocation() {
    // Proves the per-input heap bound in `support::check` measures something.
    let (_, peak) = support::peak_heap(|| vec![0u8; 64 << 20].len());
    assert!(peak >= 64 << 20, "{peak}");
}

#[test]
fn the_largest_outputs_stay_within_the_heap_bound() {
    let (_, peak) = support::peak_heap(|| {
        let line = ["big"; 6].join("; ");
        shell::run_line(&line, &tools(), &mut LoudHost)
            .terminal()
            .len()
    });
    assert!(peak < support::CASE_HEAP_LIMIT, "{peak}");
    let (_, peak) = support::peak_heap(|| {
        let t =
            template::parse("{{range 100000000}}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{{end}}").unwrap();
        t.execute(&Value::Nil, ExecOptions::default()).is_err()
    });
    assert!(peak < support::CASE_HEAP_LIMIT, "{peak}");
}
