mod errors;
mod robustness;
mod shipped;
mod units;

use super::{Diagnostics, Scenario, parse};

const SHIPPED: &str = include_str!("../../../scenarios/latest-drifted.kdl");

/// A small valid file; error tests break one thing in it at a time, so each
/// expected position is easy to read off.
const MINIMAL: &str = r#"scenario "mini" {
    title "T"
    difficulty easy
    tools docker
    clock "2026-11-27T09:00:00Z"
    brief "B"
}
world {
    image "app:1" id="abcd1234" created="-2d" size=10
    image "app:latest" created="-1h" size=10
    container "web" image="app:latest" pinned="app:1" created="-6h"
}
check "ok" {
    about "A"
    container "web" {
        state "running"
    }
}
"#;

fn ok(text: &str) -> Scenario {
    match parse("t.kdl", text) {
        Ok(s) => s,
        Err(d) => panic!("expected a valid scenario, got:\n{d}"),
    }
}

fn errs(text: &str) -> Diagnostics {
    match parse("t.kdl", text) {
        Ok(_) => panic!("expected diagnostics, the file parsed"),
        Err(d) => d,
    }
}

/// `(line, column, message fragment)` of each diagnostic, for compact asserts.
#[track_caller]
fn assert_diags(text: &str, expected: &[(usize, usize, &str)]) {
    let d = errs(text);
    let got: Vec<(usize, usize, &str)> =
        d.0.iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
    let matches = got.len() == expected.len()
        && got
            .iter()
            .zip(expected)
            .all(|(g, e)| g.0 == e.0 && g.1 == e.1 && g.2.contains(e.2));
    assert!(matches, "expected {expected:#?}\n got {got:#?}");
}

/// MINIMAL with `from` replaced by `to` (which must occur exactly once).
#[track_caller]
fn minimal_with(from: &str, to: &str) -> String {
    assert_eq!(
        MINIMAL.matches(from).count(),
        1,
        "{from:?} must occur once in MINIMAL"
    );
    MINIMAL.replace(from, to)
}

/// 1-based line and column of the only occurrence of `needle` in `text`: the
/// place a diagnostic about that token must point at.
#[track_caller]
fn at(text: &str, needle: &str) -> (usize, usize) {
    assert_eq!(
        text.matches(needle).count(),
        1,
        "{needle:?} must occur once"
    );
    let offset = text.find(needle).unwrap_or(0);
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Like `assert_diags`, with each position given as the token it points at.
#[track_caller]
fn assert_points(text: &str, expected: &[(&str, &str)]) {
    let positioned: Vec<(usize, usize, &str)> = expected
        .iter()
        .map(|(needle, msg)| {
            let (l, c) = at(text, needle);
            (l, c, *msg)
        })
        .collect();
    assert_diags(text, &positioned);
}
