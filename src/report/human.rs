//! The verdict in words, for a learner at a terminal: each check with what
//! it wants and why it failed, where the replay went another way, a diff
//! for every step whose claimed output the engine did not print, and the
//! hints that what the learner did calls for.

use std::fmt::Write;

use owo_colors::{OwoColorize, Style};

use super::wrap;
use crate::transcript;
use crate::verdict::{StepResult, Verdict};

/// Columns the report's prose is wrapped to.
pub const WIDTH: usize = 78;

/// Paints text when colour is on; plain otherwise.
#[derive(Clone, Copy)]
pub struct Painter {
    pub color: bool,
}

impl Painter {
    pub fn paint(self, text: &str, style: Style) -> String {
        if self.color {
            text.style(style).to_string()
        } else {
            text.to_owned()
        }
    }

    pub fn pass(self, text: &str) -> String {
        self.paint(text, Style::new().green().bold())
    }

    pub fn fail(self, text: &str) -> String {
        self.paint(text, Style::new().red().bold())
    }

    pub fn bold(self, text: &str) -> String {
        self.paint(text, Style::new().bold())
    }

    pub fn dim(self, text: &str) -> String {
        self.paint(text, Style::new().dimmed())
    }

    pub fn note(self, text: &str) -> String {
        self.paint(text, Style::new().yellow())
    }
}

pub fn verdict(v: &Verdict, color: bool) -> String {
    let p = Painter { color };
    let mut out = String::new();
    let _ = writeln!(out, "{} {}", p.bold("grading"), v.transcript);
    let _ = writeln!(out, "against scenario {}\n", v.scenario);
    out.push_str(&checks(v, p));
    let mismatched: Vec<&StepResult> = v.mismatches().collect();
    if !mismatched.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            p.bold(&format!(
                "{} claim{} output that the engine did not print (- claimed, + printed):",
                count(mismatched.len(), "step"),
                if mismatched.len() == 1 { "s" } else { "" }
            ))
        );
        for step in mismatched {
            out.push_str(&mismatch(v, step, p));
        }
    }
    out.push_str(&hints(v, p));
    let _ = writeln!(out, "\n{}", summary(v, p));
    out
}

/// Each check: a mark, its name, what it wants; for a failing one, why it
/// failed and where the replay diverged.
pub fn checks(v: &Verdict, p: Painter) -> String {
    let mut out = String::new();
    let width = v.checks.iter().map(|c| c.name.len()).max().unwrap_or(0);
    for check in &v.checks {
        let mark = if check.passed {
            p.pass("✓")
        } else {
            p.fail("✗")
        };
        let head = format!("  {mark} {:<width$}  ", check.name);
        let indent = " ".repeat(width + 6);
        let about = wrap::paragraph(&check.about, WIDTH, &indent, &indent);
        let mut about_lines = about.lines();
        let first = about_lines.next().unwrap_or_default().trim_start();
        let _ = writeln!(out, "{head}{}", p.dim(first));
        for line in about_lines {
            let _ = writeln!(out, "{}", p.dim(line));
        }
        for reason in &check.reasons {
            out.push_str(&wrap::paragraph(reason, WIDTH, "      - ", "        "));
        }
        for diagnosis in v.diagnoses_of(&check.name) {
            let text = wrap::paragraph(&diagnosis.sentence(), WIDTH, "      why: ", "           ");
            out.push_str(&p.note(&text));
        }
    }
    out
}

fn mismatch(v: &Verdict, step: &StepResult, p: Painter) -> String {
    let mut out = String::new();
    let number = v
        .steps
        .iter()
        .position(|s| std::ptr::eq(s, step))
        .map_or(0, |i| i + 1);
    let command = step.command.replace('\n', "\n    ");
    let _ = writeln!(
        out,
        "\n  step {number} (line {}): {}",
        step.line,
        p.bold(&format!("$ {command}"))
    );
    let diff = transcript::render_diff(&transcript::diff(&step.claimed, &step.printed), p.color);
    for line in diff.lines() {
        let _ = writeln!(out, "    {line}");
    }
    out
}

/// The hints that fired, each with what made it apply.
pub fn hints(v: &Verdict, p: Painter) -> String {
    let mut out = String::new();
    if v.hints.is_empty() {
        return out;
    }
    let _ = writeln!(out, "\n{}", p.bold("hints for what you did:"));
    for hint in &v.hints {
        let text = if hint.because.is_empty() {
            hint.text.clone()
        } else {
            format!("({}) {}", hint.because, hint.text)
        };
        out.push_str(&wrap::paragraph(&text, WIDTH, "  • ", "    "));
    }
    out
}

/// `verdict: FAIL (1 of 2 checks passed; 1 step claims output ...)`
pub fn summary(v: &Verdict, p: Painter) -> String {
    let passed = v.checks.iter().filter(|c| c.passed).count();
    let mut detail = format!("{passed} of {} passed", count(v.checks.len(), "check"));
    let mismatched = v.mismatches().count();
    if mismatched > 0 {
        let _ = write!(
            detail,
            "; {} claim{} output the engine did not print",
            count(mismatched, "step"),
            if mismatched == 1 { "s" } else { "" }
        );
    }
    let word = if v.passed() {
        p.pass("PASS")
    } else {
        p.fail("FAIL")
    };
    format!("verdict: {word} ({detail})")
}

/// `1 check`, `2 checks`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
