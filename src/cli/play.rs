//! `dockdrill play`: the interactive session at a terminal, or line by line
//! from a pipe so it can be scripted.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{ColorChoice, EXIT_BAD_INPUT};
use crate::play::{Play, continues};
use crate::scenario;

/// Play a scenario interactively at a `$ ` prompt.
///
/// Read the brief, investigate and fix the incident in a simulated Docker
/// host, ask for hints, and submit for a verdict.
#[derive(Args)]
#[command(after_help = "\
At the prompt, besides shell commands (docker, curl, sleep, echo, grep, ...):
  hint         the next hint for what you have done so far
  check        which checks pass right now
  submit       the final verdict; on a pass, follow-up questions and debrief
  save FILE    write the session as a transcript for `dockdrill grade`
  help, exit   (Ctrl-D exits too)

When standard input is not a terminal, lines are read from it one by one and
echoed after a `$ `, so a session can be scripted.

Exit status: 0 after a passing submit, 1 when the session ends without one,
2 bad input or usage.

Examples:
  dockdrill play scenarios/latest-drifted.kdl
  printf 'docker ps\\nsubmit\\n' | dockdrill play scenarios/latest-drifted.kdl")]
pub struct PlayArgs {
    /// The scenario file (.kdl).
    scenario: PathBuf,
    /// Colour: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never.
    #[arg(long, value_enum, default_value_t)]
    color: ColorChoice,
}

/// Longest line read from a pipe; longer ones are cut there.
const MAX_LINE_BYTES: u64 = crate::transcript::MAX_LINE_BYTES as u64;

pub fn run(args: PlayArgs) -> ExitCode {
    let scenario = match scenario::load(&args.scenario) {
        Ok(s) => s,
        Err(d) => {
            eprint!("{d}");
            if !d.to_string().ends_with('\n') {
                eprintln!();
            }
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let mut play = match crate::session::scenario_world(&scenario, &args.scenario) {
        Ok(start) => Play::from_world(scenario, start, args.color.enabled())
            .with_source(&args.scenario.display().to_string()),
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let mut input: Box<dyn LineSource> = if std::io::stdin().is_terminal() {
        match rustyline::DefaultEditor::new() {
            Ok(editor) => Box::new(Terminal { editor }),
            Err(_) => Box::new(Piped::new()),
        }
    } else {
        Box::new(Piped::new())
    };
    show(&play.intro());
    show("\n");
    loop {
        let Some(mut line) = input.read("$ ") else {
            show(&play.handle("exit").text);
            break;
        };
        while continues(&line) {
            match input.read("> ") {
                Some(more) => {
                    line.push('\n');
                    line.push_str(&more);
                }
                None => break,
            }
        }
        let reply = play.handle(&line);
        show(&reply.text);
        if reply.end {
            break;
        }
    }
    if play.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn show(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Where typed lines come from. `None`: the input ended.
trait LineSource {
    fn read(&mut self, prompt: &str) -> Option<String>;
}

/// A terminal: line editing and history (in memory only).
struct Terminal {
    editor: rustyline::DefaultEditor,
}

impl LineSource for Terminal {
    fn read(&mut self, prompt: &str) -> Option<String> {
        loop {
            match self.editor.readline(prompt) {
                Ok(line) => {
                    if !line.trim().is_empty() {
                        let _ = self.editor.add_history_entry(line.as_str());
                    }
                    return Some(line);
                }
                // Ctrl-C drops the line being typed, as in bash.
                Err(rustyline::error::ReadlineError::Interrupted) => {}
                Err(_) => return None,
            }
        }
    }
}

/// A pipe or file: plain lines, each echoed after the prompt so the output
/// reads like the session it scripts.
struct Piped {
    stdin: std::io::StdinLock<'static>,
}

impl Piped {
    fn new() -> Piped {
        Piped {
            stdin: std::io::stdin().lock(),
        }
    }
}

impl LineSource for Piped {
    fn read(&mut self, prompt: &str) -> Option<String> {
        let mut bytes = Vec::new();
        let read = std::io::Read::take(&mut self.stdin, MAX_LINE_BYTES)
            .read_until(b'\n', &mut bytes)
            .ok()?;
        if read == 0 {
            return None;
        }
        if bytes.last() == Some(&b'\n') {
            bytes.pop();
        } else if read as u64 == MAX_LINE_BYTES {
            // Cut: drop the rest of the over-long line.
            let mut rest = Vec::new();
            let _ = self.stdin.read_until(b'\n', &mut rest);
        }
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        let line = String::from_utf8_lossy(&bytes).into_owned();
        show(&format!("{prompt}{line}\n"));
        Some(line)
    }
}
