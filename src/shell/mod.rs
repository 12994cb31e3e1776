//! The small shell drills run learners' lines in.
//!
//! `parse` turns a line into a [`Script`]; `run_line` interprets it. The
//! shell is total and closed: it never touches the host. Builtins (`echo`,
//! `grep`, `head`, ...) are implemented here, one file per command; the
//! tools a drill allows (`docker`, `curl`, ...) go to a [`Host`], which is
//! the simulated engine; anything else is `command not found`. `sleep` is a
//! builtin that validates its operand and then calls
//! `host.run(["sleep", N], "")`, so the engine can advance its clock.
//!
//! Redirections to `/dev/null` and between fds 1 and 2 are simulated; a
//! redirection to or from any other file fails as on a read-only system
//! with no such file. Compound commands, `&`, here-documents and the like
//! are recognised and rejected with `dockdrill: ... is not supported in
//! drills` (status 2) before anything on the line runs.

mod commands;
mod escapes;
mod interp;
mod parse;
mod syntax;

#[cfg(test)]
mod tests;

use crate::writes::{Stream, Writes};
pub use interp::{MAX_ARGUMENT_BYTES, MAX_COMMAND_OUTPUT, MAX_LINE_OUTPUT};
pub use parse::{MAX_LINE_BYTES, MAX_PIPELINE, MAX_SUBST_DEPTH, parse};
pub use syntax::{
    AndOrList, Assignment, Connector, Pipeline, Redirect, RedirectOp, Script, SimpleCommand,
    SyntaxError, Unsupported, Word, WordPart,
};

/// What one command printed, in the order it printed it, and returned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandOutput {
    pub writes: Writes,
    pub status: i32,
}

impl CommandOutput {
    /// A command that only complains.
    pub fn failure(stderr: String, status: i32) -> Self {
        CommandOutput {
            writes: Writes::from_stderr(stderr),
            status,
        }
    }

    /// A command that succeeds, printing `stdout`.
    pub fn success(stdout: String) -> Self {
        CommandOutput {
            writes: Writes::from_stdout(stdout),
            status: 0,
        }
    }

    /// A command that printed `stdout`, then `stderr`.
    pub fn new(stdout: &str, stderr: &str, status: i32) -> Self {
        let mut writes = Writes::from_stdout(stdout);
        writes.write(Stream::Stderr, stderr);
        CommandOutput { writes, status }
    }

    pub fn stdout(&self) -> &str {
        self.writes.stdout()
    }

    pub fn stderr(&self) -> &str {
        self.writes.stderr()
    }

    pub fn print(&mut self, text: &str) {
        self.writes.write(Stream::Stdout, text);
    }

    pub fn eprint(&mut self, text: &str) {
        self.writes.write(Stream::Stderr, text);
    }
}

/// What the shell calls for the commands it does not implement itself
/// (`docker`, `curl`, ...), and for `sleep`.
pub trait Host {
    fn run(&mut self, argv: &[String], stdin: &str) -> CommandOutput;
}

/// What a drill lets the learner run besides the builtins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShellConfig {
    /// External commands handed to the host, e.g. `["docker", "curl"]`.
    pub tools: Vec<String>,
}

/// The result of one line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShellOutcome {
    /// What reached the terminal on fd 1 (not captured by `$()` or pipes)
    /// and fd 2, in the order it was written.
    pub writes: Writes,
    /// `$?` after the line.
    pub status: i32,
}

impl ShellOutcome {
    /// Both streams as a terminal shows them: `writes` in order.
    pub fn terminal(&self) -> String {
        self.writes.terminal()
    }

    /// Everything written to fd 1 of the terminal.
    pub fn stdout(&self) -> &str {
        self.writes.stdout()
    }

    /// Everything written to fd 2 of the terminal.
    pub fn stderr(&self) -> &str {
        self.writes.stderr()
    }
}

/// Parses and runs one line. Syntax errors print bash's message and give
/// status 2; nothing on such a line runs.
pub fn run_line(line: &str, config: &ShellConfig, host: &mut dyn Host) -> ShellOutcome {
    let interp = interp::Interp::new(config, host);
    match parse(line) {
        Ok(script) => interp.run(&script),
        Err(error) => interp.syntax_error(&error),
    }
}

/// Names a command could be: the builtins and the drill's tools, sorted.
pub fn command_names(config: &ShellConfig) -> Vec<String> {
    let mut names: Vec<String> = commands::names()
        .map(str::to_string)
        .chain(config.tools.iter().cloned())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// A "did you mean" for an unknown command: the closest builtin or tool
/// within edit distance 2 (ties broken alphabetically). Bash itself never
/// suggests; this is for the UI around the shell.
pub fn suggest(name: &str, config: &ShellConfig) -> Option<String> {
    let names = command_names(config);
    if names.iter().any(|known| known == name) {
        return None;
    }
    names
        .into_iter()
        .filter_map(|known| {
            let distance = edit_distance(name, &known, 2)?;
            Some((distance, known))
        })
        .min()
        .map(|(_, known)| known)
}

/// Levenshtein distance with adjacent transpositions (`dokcer`), or `None`
/// when it exceeds `limit`.
fn edit_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let width = b.len() + 1;
    let mut previous2: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; width];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut best = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
            if i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca) {
                best = best.min(previous2[j - 1] + 1);
            }
            current[j + 1] = best;
        }
        previous2 = std::mem::replace(&mut previous, current);
    }
    previous.last().copied().filter(|d| *d <= limit)
}
