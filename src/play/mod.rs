//! `dockdrill play`: a scenario as an interactive session. Lines run in a
//! live simulated host; meta-commands (`hint`, `check`, `submit`, `save`)
//! grade what was typed so far by replaying it exactly as `dockdrill grade`
//! would replay the saved transcript, so play and grade never disagree.
//!
//! This module turns lines into text to print; reading the terminal is the
//! CLI's business (`cli/play.rs`).

mod meta;
mod record;

pub use meta::{HELP, Meta};
pub use record::{Recorded, transcript};

use std::fmt::Write;
use std::path::Path;

use crate::engine::World;
use crate::report::human::{self, Painter, WIDTH};
use crate::report::wrap;
use crate::runner::{self, SECONDS_PER_STEP};
use crate::scenario::Scenario;
use crate::session::Session;
use crate::transcript::{Transcript, parse};
use crate::verdict::Verdict;
use crate::world_build::BuildError;

/// Most commands one session records; a transcript holds no more.
const MAX_COMMANDS: usize = crate::transcript::MAX_STEPS;

pub struct Play {
    scenario: Scenario,
    /// The world play started from: grading replays the session from it.
    start: World,
    session: Session,
    steps: Vec<Recorded>,
    /// Names of the hints already given, so `hint` moves on.
    hints_given: Vec<String>,
    painter: Painter,
    passed: bool,
    /// How the scenario file was named, for the `grade` line `save` suggests.
    source: String,
}

/// What to print after a line, and whether the session is over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub text: String,
    pub end: bool,
}

impl Reply {
    fn more(text: String) -> Reply {
        Reply { text, end: false }
    }
}

impl Play {
    pub fn new(scenario: Scenario, color: bool) -> Result<Play, BuildError> {
        let start = crate::world_build::build(&scenario)?;
        Ok(Play::from_world(scenario, start, color))
    }

    /// Plays from `start`, the scenario's world as already built (by
    /// `session::scenario_world` when the scenario imports files).
    pub fn from_world(scenario: Scenario, start: World, color: bool) -> Play {
        let session = Session::new(start.clone(), &scenario.tools);
        Play {
            scenario,
            start,
            session,
            steps: Vec::new(),
            hints_given: Vec::new(),
            painter: Painter { color },
            passed: false,
            source: "SCENARIO".to_owned(),
        }
    }

    /// Names the scenario file as the learner gave it.
    pub fn with_source(mut self, path: &str) -> Play {
        self.source = path.to_owned();
        self
    }

    /// Whether a passing `submit` ended the session.
    pub fn passed(&self) -> bool {
        self.passed
    }

    pub fn steps(&self) -> &[Recorded] {
        &self.steps
    }

    /// The brief: title, difficulty, tools, the text reflowed, and how to
    /// get help.
    pub fn intro(&self) -> String {
        let p = self.painter;
        let s = &self.scenario;
        let mut out = String::new();
        out.push_str(&p.bold(wrap::paragraph(&s.title, WIDTH, "", "").trim_end()));
        out.push('\n');
        let _ = writeln!(
            out,
            "{}",
            p.dim(&format!(
                "difficulty: {} · tools: {}",
                s.difficulty,
                s.tools.join(", ")
            ))
        );
        out.push('\n');
        out.push_str(&wrap::paragraphs(&s.brief, WIDTH, "  "));
        out.push('\n');
        out.push_str(
            "Commands run in a simulated Docker host; nothing reaches your machine.\n\
             Type `help` for hint, check, submit, save FILE and exit.\n",
        );
        out
    }

    /// Handles one line: a meta-command, or a command for the simulated host.
    pub fn handle(&mut self, line: &str) -> Reply {
        if line.trim().is_empty() {
            return Reply::more(String::new());
        }
        match Meta::parse(line) {
            Some(Meta::Help) => Reply::more(HELP.to_owned()),
            Some(Meta::Exit) => Reply {
                text: self.goodbye(),
                end: true,
            },
            Some(Meta::Hint) => Reply::more(self.hint()),
            Some(Meta::Check) => Reply::more(self.check()),
            Some(Meta::Save(None)) => Reply::more("save: name a file: save FILE\n".to_owned()),
            Some(Meta::Save(Some(path))) => Reply::more(self.save(&path)),
            Some(Meta::Submit) => self.submit(),
            None => Reply::more(self.run(line)),
        }
    }

    fn run(&mut self, line: &str) -> String {
        if self.steps.len() >= MAX_COMMANDS {
            return format!(
                "this session has reached {MAX_COMMANDS} commands, the most a transcript holds; save it, or submit\n"
            );
        }
        // The clock moves between commands exactly as the runner moves it
        // between transcript steps.
        if !self.steps.is_empty() {
            let next = self.session.world.now.plus_seconds(SECONDS_PER_STEP);
            self.session.world.advance_to(next);
        }
        let outcome = self.session.run_line(line);
        let printed = outcome.terminal();
        self.steps.push(Recorded {
            command: line.to_owned(),
            printed: printed.clone(),
        });
        let mut text = printed;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text
    }

    /// The session so far as transcript text.
    pub fn transcript(&self) -> String {
        transcript(&self.scenario.name, &self.steps)
    }

    /// Grades the session so far, as `dockdrill grade` would grade it saved.
    pub fn grade(&self) -> Result<Verdict, String> {
        let parsed = if self.steps.is_empty() {
            Transcript {
                expect: None,
                steps: Vec::new(),
            }
        } else {
            parse(&self.transcript()).map_err(|e| format!("the session as a transcript:{e}"))?
        };
        runner::grade_from(self.start.clone(), &self.scenario, &parsed, "this session")
            .map_err(|e| format!("this session:{e}"))
    }

    fn hint(&mut self) -> String {
        let verdict = match self.grade() {
            Ok(v) => v,
            Err(e) => return format!("hint: {e}\n"),
        };
        let mut applicable = verdict.hints.clone();
        // Hints about what the learner ran are the most specific: first.
        applicable.sort_by_key(|h| h.cause);
        let next = applicable
            .iter()
            .find(|h| !self.hints_given.contains(&h.name));
        let p = self.painter;
        match next {
            Some(hint) => {
                self.hints_given.push(hint.name.clone());
                let mut text = String::new();
                if !hint.because.is_empty() {
                    let _ = writeln!(text, "{}", p.dim(&format!("({})", hint.because)));
                }
                text.push_str(&wrap::paragraph(&hint.text, WIDTH, "", ""));
                text
            }
            None if applicable.is_empty() => {
                "No hint applies to what you have done so far. Type `check` to see where you stand.\n"
                    .to_owned()
            }
            None => {
                let mut text = "No new hint; the ones that apply:\n".to_owned();
                for hint in &applicable {
                    text.push_str(&wrap::paragraph(&hint.text, WIDTH, "  • ", "    "));
                }
                text
            }
        }
    }

    fn check(&self) -> String {
        let verdict = match self.grade() {
            Ok(v) => v,
            Err(e) => return format!("check: {e}\n"),
        };
        let p = self.painter;
        let mut text = String::new();
        let width = verdict
            .checks
            .iter()
            .map(|c| c.name.len())
            .max()
            .unwrap_or(0);
        for check in &verdict.checks {
            let mark = if check.passed {
                p.pass("✓")
            } else {
                p.fail("✗")
            };
            let indent = " ".repeat(width + 6);
            let about = wrap::paragraph(&check.about, WIDTH, &indent, &indent);
            let mut lines = about.lines();
            let first = lines.next().unwrap_or_default().trim_start();
            let _ = writeln!(text, "  {mark} {:<width$}  {first}", check.name);
            for line in lines {
                let _ = writeln!(text, "{line}");
            }
        }
        let passed = verdict.checks.iter().filter(|c| c.passed).count();
        let _ = writeln!(
            text,
            "{passed} of {} pass now.",
            human::count(verdict.checks.len(), "check")
        );
        text
    }

    fn submit(&mut self) -> Reply {
        let verdict = match self.grade() {
            Ok(v) => v,
            Err(e) => return Reply::more(format!("submit: {e}\n")),
        };
        let p = self.painter;
        let mut text = human::checks(&verdict, p);
        if !verdict.passed() {
            text.push_str(&human::hints(&verdict, p));
            let _ = writeln!(text, "\n{}", human::summary(&verdict, p));
            text.push_str("Keep going, or `exit` to leave.\n");
            return Reply::more(text);
        }
        self.passed = true;
        let _ = writeln!(text, "\n{}", human::summary(&verdict, p));
        if !self.scenario.followups.is_empty() {
            let _ = writeln!(text, "\n{}", p.bold("Follow-up questions"));
            for (i, followup) in self.scenario.followups.iter().enumerate() {
                let number = format!("{}. ", i + 1);
                let indent = " ".repeat(number.len());
                text.push('\n');
                text.push_str(
                    &p.bold(
                        wrap::paragraph(&followup.question, WIDTH, &number, &indent).trim_end(),
                    ),
                );
                text.push('\n');
                if let Some(answer) = &followup.answer {
                    text.push_str(&wrap::paragraphs(answer, WIDTH, &indent));
                }
            }
        }
        if let Some(debrief) = &self.scenario.debrief {
            let _ = writeln!(text, "\n{}\n", p.bold("Debrief"));
            text.push_str(&wrap::paragraphs(debrief, WIDTH, "  "));
        }
        Reply { text, end: true }
    }

    fn save(&self, path: &Path) -> String {
        if self.steps.is_empty() {
            return "save: nothing to save yet: no command has run\n".to_owned();
        }
        match crate::fsutil::write_atomic(path, self.transcript().as_bytes()) {
            Ok(()) => format!(
                "saved {} to {}; grade it with:\n  dockdrill grade {} {}\n",
                human::count(self.steps.len(), "command"),
                path.display(),
                self.source,
                path.display()
            ),
            Err(e) => format!("save: {}: {e}\n", path.display()),
        }
    }

    fn goodbye(&self) -> String {
        if self.passed || self.steps.is_empty() {
            String::new()
        } else {
            "Leaving without a passing submit. `save FILE` before `exit` keeps your work.\n"
                .to_owned()
        }
    }
}

/// Whether a typed line continues on the next one (an odd run of trailing
/// backslashes escapes the newline).
pub fn continues(line: &str) -> bool {
    line.chars().rev().take_while(|&c| c == '\\').count() % 2 == 1
}
