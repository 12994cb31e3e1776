//! A test run as a stream of JSON events, one object per line, shaped like
//! libtest's `--format json` (so tools that read that read this), with the
//! scenario, solution and check of each case added and no timings.

use serde_json::{Value, json};

use super::{Case, RunSummary};

/// Discovery events, as `--list --format json` gives them.
pub fn list(cases: &[Case]) -> String {
    let mut events = vec![json!({"type": "suite", "event": "discovery"})];
    for c in cases {
        events.push(json!({
            "type": "test",
            "event": "discovered",
            "name": c.name,
            "ignore": false,
            "scenario": c.scenario,
            "solution": c.solution,
            "check": c.check,
        }));
    }
    events.push(json!({
        "type": "suite",
        "event": "completed",
        "tests": cases.len(),
        "benchmarks": 0,
        "total": cases.len(),
        "ignored": 0,
    }));
    lines(&events)
}

pub fn run(cases: &[Case], summary: &RunSummary) -> String {
    let mut events = vec![json!({"type": "suite", "event": "started", "test_count": cases.len()})];
    for c in cases {
        events.push(json!({"type": "test", "event": "started", "name": c.name}));
        let mut done = json!({
            "type": "test",
            "name": c.name,
            "event": if c.passed { "ok" } else { "failed" },
            "scenario": c.scenario,
            "solution": c.solution,
            "check": c.check,
        });
        if !c.passed
            && let Some(obj) = done.as_object_mut()
        {
            obj.insert("stdout".to_owned(), Value::String(c.message.clone()));
        }
        events.push(done);
    }
    events.push(json!({
        "type": "suite",
        "event": if summary.failed == 0 { "ok" } else { "failed" },
        "passed": summary.passed,
        "failed": summary.failed,
        "ignored": 0,
        "measured": 0,
        "filtered_out": summary.filtered_out,
    }));
    lines(&events)
}

fn lines(events: &[Value]) -> String {
    let mut out = String::new();
    for e in events {
        out.push_str(&e.to_string());
        out.push('\n');
    }
    out
}
