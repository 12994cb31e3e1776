//! Runs a parsed script: expansion, redirections, pipelines, `&&`/`||`.
//!
//! A command's output is a record of its writes to stdout and stderr in
//! order; each write goes where its descriptor points, so the terminal and
//! `2>&1` keep that order. A command's stdin is the previous command's
//! whole output; nothing runs concurrently, so the result is deterministic.

use std::collections::BTreeMap;

use super::commands::{self, Runtime};
use super::syntax::*;
use super::{CommandOutput, Host, ShellConfig, ShellOutcome};
use crate::writes::{Stream, Writes};

/// Most bytes one command may write to one stream.
pub const MAX_COMMAND_OUTPUT: usize = 4 * 1024 * 1024;
/// Most bytes of arguments one command may receive after expansion.
pub const MAX_ARGUMENT_BYTES: usize = 4 * 1024 * 1024;
/// Most bytes one line may show on the terminal; a line of many commands
/// each under the per-command limit could otherwise grow without bound.
pub const MAX_LINE_OUTPUT: usize = 16 * 1024 * 1024;
/// Deepest `xargs xargs ...` chain: each level re-enters the dispatcher.
pub const MAX_DISPATCH_DEPTH: usize = 16;

/// Where a command's fd 1 goes: the terminal, or a buffer (a pipe, `$()`).
enum Sink {
    Terminal,
    Buffer(String),
}

/// What a file descriptor of one command points at after its redirections.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The command's standard output destination (terminal, pipe, capture).
    Out,
    /// The terminal's stderr.
    Err,
    Null,
}

pub(crate) struct Interp<'a> {
    config: &'a ShellConfig,
    host: &'a mut dyn Host,
    vars: BTreeMap<String, String>,
    /// `$?`
    status: i32,
    /// Status of the last `$()` in the current command, which is what a
    /// command made only of assignments returns.
    subst_status: Option<i32>,
    /// What reached the terminal, in order.
    shown_writes: Writes,
    shown: usize,
    stopped: bool,
    dispatch_depth: usize,
}

impl<'a> Interp<'a> {
    pub(crate) fn new(config: &'a ShellConfig, host: &'a mut dyn Host) -> Self {
        let mut vars = BTreeMap::new();
        vars.insert("HOME".to_string(), "/root".to_string());
        vars.insert("PWD".to_string(), "/root".to_string());
        Interp {
            config,
            host,
            vars,
            status: 0,
            subst_status: None,
            shown_writes: Writes::new(),
            shown: 0,
            stopped: false,
            dispatch_depth: 0,
        }
    }

    pub(crate) fn run(mut self, script: &Script) -> ShellOutcome {
        if let Some(unsupported) = &script.unsupported {
            self.show_stderr(&format!("{unsupported}\n"));
            self.status = 2;
        } else {
            self.exec_script(script, &mut Sink::Terminal);
        }
        let status = self.status;
        self.outcome(status)
    }

    pub(crate) fn syntax_error(mut self, error: &super::SyntaxError) -> ShellOutcome {
        self.show_stderr(&format!("{error}\n"));
        self.outcome(2)
    }

    fn outcome(self, status: i32) -> ShellOutcome {
        ShellOutcome {
            writes: self.shown_writes,
            status,
        }
    }

    /// Whether `len` more bytes may still reach the terminal.
    fn fits(&self, len: usize) -> bool {
        !self.stopped && self.shown + len <= MAX_LINE_OUTPUT
    }

    fn account(&mut self, len: usize) -> bool {
        if self.stopped {
            return false;
        }
        if !self.fits(len) {
            self.stopped = true;
            self.status = 1;
            let note = format!(
                "dockdrill: the line printed more than {} MiB; stopped\n",
                MAX_LINE_OUTPUT / (1024 * 1024)
            );
            self.shown_writes.write(Stream::Stderr, &note);
            return false;
        }
        self.shown += len;
        true
    }

    fn show(&mut self, stream: Stream, text: &str) {
        if !text.is_empty() && self.account(text.len()) {
            self.shown_writes.write(stream, text);
        }
    }

    fn show_stderr(&mut self, text: &str) {
        self.show(Stream::Stderr, text);
    }

    fn write(&mut self, sink: &mut Sink, target: Target, text: &str) {
        match (target, sink) {
            (Target::Null, _) => {}
            (Target::Err, _) => self.show_stderr(text),
            (Target::Out, Sink::Terminal) => self.show(Stream::Stdout, text),
            (Target::Out, Sink::Buffer(buffer)) => {
                let room = MAX_COMMAND_OUTPUT.saturating_sub(buffer.len());
                buffer.push_str(truncate(text, room));
            }
        }
    }

    fn exec_script(&mut self, script: &Script, sink: &mut Sink) {
        for list in &script.lists {
            if self.stopped {
                return;
            }
            self.exec_and_or(list, sink);
        }
    }

    fn exec_and_or(&mut self, list: &AndOrList, sink: &mut Sink) {
        self.status = self.exec_pipeline(&list.first, sink);
        for (connector, pipeline) in &list.rest {
            if self.stopped {
                return;
            }
            let run = match connector {
                Connector::And => self.status == 0,
                Connector::Or => self.status != 0,
            };
            if run {
                self.status = self.exec_pipeline(pipeline, sink);
            }
        }
    }

    fn exec_pipeline(&mut self, pipeline: &Pipeline, sink: &mut Sink) -> i32 {
        // Every element of a real pipeline runs in a subshell, so its
        // assignments vanish afterwards.
        let saved = (pipeline.commands.len() > 1).then(|| self.vars.clone());
        let mut input = String::new();
        let mut status = 0;
        let count = pipeline.commands.len();
        for (index, command) in pipeline.commands.iter().enumerate() {
            if self.stopped {
                break;
            }
            if index + 1 == count {
                status = self.exec_simple(command, &input, sink);
            } else {
                let mut pipe = Sink::Buffer(String::new());
                status = self.exec_simple(command, &input, &mut pipe);
                input = match pipe {
                    Sink::Buffer(text) => text,
                    Sink::Terminal => String::new(),
                };
            }
        }
        if let Some(vars) = saved {
            self.vars = vars;
        }
        if pipeline.negated {
            i32::from(status == 0)
        } else {
            status
        }
    }

    fn exec_simple(&mut self, command: &SimpleCommand, stdin: &str, sink: &mut Sink) -> i32 {
        self.subst_status = None;
        let mut argv = Vec::new();
        let mut size = 0usize;
        for word in &command.words {
            let fields = self.expand(word, true);
            let overflow = fields.is_none();
            for field in fields.unwrap_or_default() {
                size += field.len() + 1;
                argv.push(field);
            }
            if overflow || size > MAX_ARGUMENT_BYTES {
                let name = argv.first().cloned().unwrap_or_default();
                self.show_stderr(&format!("bash: {name}: Argument list too long\n"));
                return 126;
            }
        }
        let mut assignments = Vec::new();
        for assignment in &command.assignments {
            let value = self.expand(&assignment.value, false);
            let Some(value) = value.map(|fields| fields.concat()) else {
                self.show_stderr(&format!(
                    "dockdrill: {}: value longer than {} MiB\n",
                    assignment.name,
                    MAX_ARGUMENT_BYTES / (1024 * 1024)
                ));
                return 1;
            };
            assignments.push((assignment.name.clone(), value));
        }

        let mut fd1 = Target::Out;
        let mut fd2 = Target::Err;
        let mut input = stdin;
        for redirect in &command.redirects {
            let fields = self.expand(&redirect.target, true).unwrap_or_default();
            let path = match fields.as_slice() {
                [one] => one.clone(),
                _ => {
                    let text = source_text(&redirect.target);
                    self.write(sink, fd2, &format!("bash: {text}: ambiguous redirect\n"));
                    return 1;
                }
            };
            match self.apply_redirect(redirect, &path, &mut fd1, &mut fd2, &mut input) {
                Ok(()) => {}
                Err(message) => {
                    self.write(sink, fd2, &format!("bash: {message}\n"));
                    return 1;
                }
            }
        }

        if argv.is_empty() {
            // Assignments without a command stay in the shell for the line.
            self.vars.extend(assignments);
            return self.subst_status.unwrap_or(0);
        }
        // `NAME=value cmd` only sets NAME in cmd's environment, and the
        // simulated commands have no environment to read.
        let mut output = self.dispatch(&argv, input);
        let name = argv.first().map(String::as_str).unwrap_or_default();
        limit_output(&mut output, name);
        // Both streams to the terminal, within its budget: the writes are
        // shown as they are, handed over rather than copied.
        if matches!(sink, Sink::Terminal)
            && fd1 == Target::Out
            && fd2 == Target::Err
            && self.fits(output.writes.len())
        {
            self.shown += output.writes.len();
            self.shown_writes.append_owned(output.writes);
            return output.status;
        }
        // Each write goes where its descriptor points, in the order the
        // command made them, so `2>&1` and the terminal interleave as a
        // real one would.
        for (stream, text) in output.writes.chunks() {
            let target = match stream {
                Stream::Stdout => fd1,
                Stream::Stderr => fd2,
            };
            self.write(sink, target, text);
        }
        output.status
    }

    /// Applies one redirection to the command's descriptors. Only the
    /// standard streams and `/dev/null` are simulated; a real file would
    /// touch the host, so it fails the way a read-only system would.
    fn apply_redirect(
        &self,
        redirect: &Redirect,
        path: &str,
        fd1: &mut Target,
        fd2: &mut Target,
        input: &mut &str,
    ) -> Result<(), String> {
        let fd = redirect.fd;
        match redirect.op {
            RedirectOp::Input => match path {
                "/dev/null" => {
                    if fd == Some(0) {
                        *input = "";
                    }
                    Ok(())
                }
                "/dev/stdin" => Ok(()),
                _ => Err(format!("{path}: No such file or directory")),
            },
            RedirectOp::Output | RedirectOp::Append | RedirectOp::ReadWrite => {
                let target = match path {
                    "/dev/null" => Target::Null,
                    "/dev/stdout" => *fd1,
                    "/dev/stderr" => *fd2,
                    _ => return Err(format!("{path}: Read-only file system")),
                };
                match fd {
                    None => {
                        *fd1 = target;
                        *fd2 = target;
                    }
                    Some(1) => *fd1 = target,
                    Some(2) => *fd2 = target,
                    // Other descriptors are never read by the simulated
                    // commands, so pointing them somewhere changes nothing.
                    _ => {}
                }
                Ok(())
            }
            RedirectOp::Duplicate => {
                let source = match path {
                    "1" => *fd1,
                    "2" => *fd2,
                    "0" if fd == Some(0) => return Ok(()),
                    // A closed output loses what is written to it.
                    "-" => Target::Null,
                    _ if path.chars().all(|c| c.is_ascii_digit()) => {
                        return Err(format!("{path}: Bad file descriptor"));
                    }
                    // `>&FILE` means `&>FILE`.
                    _ if fd == Some(1) => {
                        let both = Redirect {
                            fd: None,
                            op: RedirectOp::Output,
                            target: redirect.target.clone(),
                            column: redirect.column,
                        };
                        return self.apply_redirect(&both, path, fd1, fd2, input);
                    }
                    _ => return Err(format!("{path}: ambiguous redirect")),
                };
                match fd {
                    Some(1) => *fd1 = source,
                    Some(2) => *fd2 = source,
                    _ => {}
                }
                Ok(())
            }
        }
    }

    /// Expands one word into fields. Without `split` the result is a single
    /// field (assignment values), though it may be empty.
    /// `None` when the expansion would exceed [`MAX_ARGUMENT_BYTES`]; it
    /// stops there instead of building it (`$x$x$x...` grows fast).
    fn expand(&mut self, word: &Word, split: bool) -> Option<Vec<String>> {
        let mut fields = Vec::new();
        let mut current = String::new();
        let mut live = false;
        // Bytes taken in so far: an upper bound on the fields' total size.
        let mut taken = 0usize;
        for part in &word.parts {
            match part {
                WordPart::Literal(text) | WordPart::Quoted(text) => {
                    taken += text.len();
                    current.push_str(text);
                    live = live || !text.is_empty() || matches!(part, WordPart::Quoted(_));
                }
                WordPart::Tilde => {
                    current.push_str(&self.var("HOME"));
                    live = true;
                }
                WordPart::Var { name, quoted } => {
                    let value = self.var(name);
                    taken += value.len();
                    self.add_expansion(
                        &value,
                        *quoted || !split,
                        &mut fields,
                        &mut current,
                        &mut live,
                    );
                }
                WordPart::Subst { script, quoted } => {
                    let value = self.capture(script);
                    taken += value.len();
                    self.add_expansion(
                        &value,
                        *quoted || !split,
                        &mut fields,
                        &mut current,
                        &mut live,
                    );
                }
            }
            if taken > MAX_ARGUMENT_BYTES {
                return None;
            }
        }
        if live || !split {
            fields.push(current);
        }
        Some(fields)
    }

    fn add_expansion(
        &self,
        value: &str,
        keep_whole: bool,
        fields: &mut Vec<String>,
        current: &mut String,
        live: &mut bool,
    ) {
        if keep_whole {
            current.push_str(value);
            *live = true;
            return;
        }
        for c in value.chars() {
            if matches!(c, ' ' | '\t' | '\n') {
                if *live {
                    fields.push(std::mem::take(current));
                    *live = false;
                }
            } else {
                current.push(c);
                *live = true;
            }
        }
    }

    fn var(&self, name: &str) -> String {
        match name {
            "?" => self.status.to_string(),
            "#" => "0".to_string(),
            "0" => "bash".to_string(),
            _ => self.vars.get(name).cloned().unwrap_or_default(),
        }
    }

    /// Runs `$(...)`: its stdout with trailing newlines removed. Like bash's
    /// subshell, its assignments do not leak out.
    fn capture(&mut self, script: &Script) -> String {
        let saved_vars = self.vars.clone();
        let saved_status = self.status;
        let mut buffer = Sink::Buffer(String::new());
        self.exec_script(script, &mut buffer);
        self.subst_status = Some(self.status);
        self.status = saved_status;
        self.vars = saved_vars;
        let mut text = match buffer {
            Sink::Buffer(text) => text,
            Sink::Terminal => String::new(),
        };
        let kept = text.trim_end_matches('\n').len();
        text.truncate(kept);
        text
    }
}

impl Runtime for Interp<'_> {
    fn dispatch(&mut self, argv: &[String], stdin: &str) -> CommandOutput {
        let Some(name) = argv.first() else {
            return CommandOutput::default();
        };
        let resolved = match name.rsplit_once('/') {
            None => name.as_str(),
            Some((_, base)) if commands::lookup(base).is_some() || self.is_tool(base) => base,
            Some(_) => {
                return CommandOutput::failure(
                    format!("bash: {name}: No such file or directory\n"),
                    127,
                );
            }
        };
        if let Some(builtin) = commands::lookup(resolved) {
            if self.dispatch_depth >= MAX_DISPATCH_DEPTH {
                return CommandOutput::failure(
                    format!(
                        "dockdrill: {resolved}: commands nested more than {MAX_DISPATCH_DEPTH} deep\n"
                    ),
                    126,
                );
            }
            self.dispatch_depth += 1;
            let args = argv.get(1..).unwrap_or_default();
            let output = builtin(args, stdin, self);
            self.dispatch_depth -= 1;
            return output;
        }
        if self.is_tool(resolved) {
            let mut argv = argv.to_vec();
            if let Some(first) = argv.first_mut() {
                *first = resolved.to_string();
            }
            return self.host.run(&argv, stdin);
        }
        CommandOutput::failure(format!("bash: {name}: command not found\n"), 127)
    }

    fn host_run(&mut self, argv: &[String], stdin: &str) -> CommandOutput {
        self.host.run(argv, stdin)
    }

    fn knows(&self, name: &str) -> bool {
        let base = name.rsplit_once('/').map_or(name, |(_, base)| base);
        commands::lookup(base).is_some() || self.is_tool(base)
    }
}

impl Interp<'_> {
    fn is_tool(&self, name: &str) -> bool {
        self.config.tools.iter().any(|tool| tool == name)
    }
}

/// The longest prefix of `text` of at most `max` bytes that ends on a char
/// boundary.
pub(crate) fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

fn limit_output(output: &mut CommandOutput, name: &str) {
    let cut_stdout = output
        .writes
        .truncate_stream(Stream::Stdout, MAX_COMMAND_OUTPUT);
    let cut_stderr = output
        .writes
        .truncate_stream(Stream::Stderr, MAX_COMMAND_OUTPUT);
    if cut_stdout || cut_stderr {
        output.eprint(&format!(
            "dockdrill: {name}: output truncated at {} MiB\n",
            MAX_COMMAND_OUTPUT / (1024 * 1024)
        ));
        if output.status == 0 {
            output.status = 1;
        }
    }
}

/// A word roughly as typed, for bash's `ambiguous redirect` message.
fn source_text(word: &Word) -> String {
    let mut text = String::new();
    for part in &word.parts {
        match part {
            WordPart::Literal(s) | WordPart::Quoted(s) => text.push_str(s),
            WordPart::Var { name, .. } => {
                text.push('$');
                text.push_str(name);
            }
            WordPart::Subst { .. } => text.push_str("$(...)"),
            WordPart::Tilde => text.push('~'),
        }
    }
    text
}
