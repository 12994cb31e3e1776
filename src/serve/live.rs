//! One browser session: a `play` session behind a web terminal. Lines go to
//! [`Play`] exactly as `dockdrill play` sends them, so hint, check, submit
//! and the recorded transcript are the ones the terminal program gives;
//! only what makes no sense in a browser (`save FILE` on the server's disk,
//! `exit`) is answered here instead.

use std::sync::Arc;

use serde::Serialize;

use super::catalog::Entry;
use crate::play::{Meta, Play, continues};
use crate::report::human::Painter;
use crate::transcript::MAX_TRANSCRIPT_BYTES;

/// Longest command, continuation lines included: what the shell parses.
pub const MAX_COMMAND_BYTES: usize = crate::shell::MAX_LINE_BYTES;

pub const PROMPT: &str = "$ ";
pub const CONTINUATION_PROMPT: &str = "> ";

const WEB_HELP: &str = "\
Type shell commands as you would on the Docker host (docker, curl, sleep, and
shell basics like echo, grep, head); they run in a simulated host on the
server, never on a real machine. Up/down arrows recall earlier lines.

  hint         the next hint for what you have done so far
  check        which checks pass right now (the Check button shows them too)
  submit       the final verdict; on a pass, the follow-up questions and debrief
  help         this text

\"Download transcript\" saves what you typed and saw; `dockdrill grade`
grades that file exactly as this page does.
";

pub struct Live {
    play: Play,
    entry: Arc<Entry>,
    /// Lines typed so far of a command continued with a trailing `\`.
    pending: Option<String>,
}

/// What the terminal shows after a line.
#[derive(Debug, Serialize)]
pub struct LineReply {
    pub output: String,
    pub prompt: &'static str,
    /// The line asked for a verdict (`check`, `submit`): the page refreshes
    /// its checks.
    pub graded: bool,
    /// A `submit` has passed.
    pub passed: bool,
}

/// Where the session stands: each check, and after a pass the follow-ups
/// and debrief.
#[derive(Debug, Serialize)]
pub struct Report {
    pub passed: bool,
    pub checks: Vec<CheckState>,
    /// Steps whose claimed output differs from what the engine printed;
    /// always 0 for a live session, kept so the page shows what grade shows.
    pub mismatches: usize,
    pub followups: Vec<FollowupText>,
    pub debrief: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct CheckState {
    pub name: String,
    pub about: String,
    pub passed: bool,
    pub reasons: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct FollowupText {
    pub question: String,
    pub answer: Option<String>,
}

impl Live {
    pub fn new(entry: Arc<Entry>) -> Live {
        let play = Play::from_world(entry.scenario.clone(), entry.start.clone(), true)
            .with_source(&entry.path.display().to_string());
        Live {
            play,
            entry,
            pending: None,
        }
    }

    /// The terminal's opening lines. The page shows the brief beside the
    /// terminal, so unlike `dockdrill play` the intro does not repeat it.
    pub fn intro(&self) -> String {
        let p = Painter { color: true };
        let s = &self.entry.scenario;
        format!(
            "{}\n{}\n\nThe brief is beside this terminal. Commands run in a simulated Docker host\n\
             on the server; nothing reaches a real machine. Type `help` for hint, check\n\
             and submit.\n",
            p.bold(&s.title),
            p.dim(&format!(
                "difficulty: {} · tools: {}",
                s.difficulty,
                s.tools.join(", ")
            ))
        )
    }

    pub fn scenario_name(&self) -> &str {
        &self.entry.scenario.name
    }

    /// Handles one typed line (without its newline).
    pub fn line(&mut self, line: &str) -> LineReply {
        let mut command = match self.pending.take() {
            Some(mut earlier) => {
                earlier.push('\n');
                earlier.push_str(line);
                earlier
            }
            None => line.to_owned(),
        };
        if command.len() > MAX_COMMAND_BYTES {
            return reply(format!(
                "dockdrill: command longer than {MAX_COMMAND_BYTES} bytes; dropped\n"
            ));
        }
        if continues(&command) {
            self.pending = Some(std::mem::take(&mut command));
            return LineReply {
                output: String::new(),
                prompt: CONTINUATION_PROMPT,
                graded: false,
                passed: self.play.passed(),
            };
        }
        let meta = Meta::parse(&command);
        let output = match meta {
            Some(Meta::Help) => WEB_HELP.to_owned(),
            Some(Meta::Save(_)) => "save: in the browser, use the \"Download transcript\" button; it saves the same transcript\n".to_owned(),
            Some(Meta::Exit) => "This session lives in the page: close the tab to leave. \"Download transcript\" keeps your work.\n".to_owned(),
            None if !command.trim().is_empty() && self.transcript_full() => format!(
                "this session's transcript has passed {MAX_TRANSCRIPT_BYTES} bytes, the most `dockdrill grade` reads; start over to go on\n"
            ),
            _ => self.play.handle(&command).text,
        };
        LineReply {
            output,
            prompt: PROMPT,
            graded: matches!(meta, Some(Meta::Check | Meta::Submit)),
            passed: self.play.passed(),
        }
    }

    /// Ctrl-C: forgets the lines of a command being continued, as bash does.
    pub fn cancel(&mut self) -> LineReply {
        self.pending = None;
        LineReply {
            output: String::new(),
            prompt: PROMPT,
            graded: false,
            passed: self.play.passed(),
        }
    }

    fn transcript_full(&self) -> bool {
        self.play.transcript().len() >= MAX_TRANSCRIPT_BYTES
    }

    /// Grades the session as `dockdrill grade` would grade its transcript.
    pub fn report(&self) -> Result<Report, String> {
        let verdict = self.play.grade()?;
        let passed = verdict.passed();
        let scenario = &self.entry.scenario;
        Ok(Report {
            passed,
            checks: verdict
                .checks
                .iter()
                .map(|c| CheckState {
                    name: c.name.clone(),
                    about: c.about.clone(),
                    passed: c.passed,
                    reasons: c.reasons.clone(),
                })
                .collect(),
            mismatches: verdict.mismatches().count(),
            followups: if passed {
                scenario
                    .followups
                    .iter()
                    .map(|f| FollowupText {
                        question: f.question.clone(),
                        answer: f.answer.clone(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            debrief: if passed {
                scenario.debrief.clone()
            } else {
                None
            },
        })
    }

    /// The session so far, as the transcript `dockdrill grade` reads.
    pub fn transcript(&self) -> String {
        self.play.transcript()
    }

    /// Bytes the session has recorded (commands and what they printed),
    /// for the server's memory budget.
    pub fn recorded_bytes(&self) -> usize {
        self.play
            .steps()
            .iter()
            .map(|s| s.command.len() + s.printed.len())
            .sum::<usize>()
            + self.pending.as_ref().map_or(0, String::len)
    }
}

fn reply(output: String) -> LineReply {
    LineReply {
        output,
        prompt: PROMPT,
        graded: false,
        passed: false,
    }
}

#[cfg(test)]
mod tests {
    use super::{CONTINUATION_PROMPT, Live, PROMPT};
    use crate::serve::catalog::Catalog;
    use std::path::PathBuf;

    fn live() -> Live {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let catalog =
            Catalog::load(&[root.join("scenarios/latest-drifted.kdl")]).expect("the catalog");
        let entry = catalog.get("latest-drifted").expect("the scenario").clone();
        Live::new(entry)
    }

    #[test]
    fn the_good_fix_passes_every_check_and_brings_the_debrief() {
        let mut s = live();
        assert!(!s.report().expect("a report").passed);
        for line in [
            "docker ps",
            "docker inspect myapp:latest --format '{{.Id}}'",
            "docker rm -f web && docker run -d --name web -p 8080:8080 myapp:latest",
        ] {
            s.line(line);
        }
        let report = s.report().expect("a report");
        assert!(report.passed, "{report:?}");
        assert!(report.checks.iter().all(|c| c.passed));
        assert!(report.debrief.is_some());
        let submit = s.line("submit");
        assert!(submit.graded && submit.passed);
    }

    #[test]
    fn a_trailing_backslash_continues_the_command() {
        let mut s = live();
        let first = s.line("docker ps \\");
        assert_eq!(first.prompt, CONTINUATION_PROMPT);
        let second = s.line("  -a");
        assert_eq!(second.prompt, PROMPT);
        assert!(second.output.contains("CONTAINER ID"), "{}", second.output);
        assert!(s.transcript().contains("$ docker ps \\\n>   -a\n"));
    }

    #[test]
    fn cancel_drops_a_continued_command() {
        let mut s = live();
        s.line("docker rm -f web \\");
        assert_eq!(s.cancel().prompt, PROMPT);
        let reply = s.line("docker ps --format '{{.Names}}'");
        assert_eq!(reply.output, "web\n");
    }

    #[test]
    fn save_and_exit_never_touch_the_server() {
        let mut s = live();
        assert!(s.line("save /tmp/x").output.contains("Download transcript"));
        assert!(s.line("exit").output.contains("close the tab"));
        assert!(s.line("help").output.contains("hint"));
        assert_eq!(s.recorded_bytes(), 0);
    }
}
