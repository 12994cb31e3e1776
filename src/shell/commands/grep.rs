//! `grep` over stdin: `-i -v -E -F -G -c -o -q -s -w -x -n -H -h -l -L -m N`,
//! several `-e`. Exit 0 when a line is selected, 1 when none, 2 on errors,
//! with GNU grep's texts.

use super::Runtime;
use super::getopt::Spec;
use super::regex::{self, Budget, Flavor, Options};
use super::text::lines;
use crate::shell::CommandOutput;
use crate::writes::{Stream, Writes};

const SPEC: Spec = Spec {
    name: "grep",
    flags: "ivyEFGcoqswxnHhlLPUTZaIrR",
    with_arg: "efmABC",
    long: &[
        ("ignore-case", 'i', false),
        ("invert-match", 'v', false),
        ("extended-regexp", 'E', false),
        ("fixed-strings", 'F', false),
        ("basic-regexp", 'G', false),
        ("perl-regexp", 'P', false),
        ("count", 'c', false),
        ("only-matching", 'o', false),
        ("quiet", 'q', false),
        ("silent", 'q', false),
        ("no-messages", 's', false),
        ("word-regexp", 'w', false),
        ("line-regexp", 'x', false),
        ("line-number", 'n', false),
        ("with-filename", 'H', false),
        ("no-filename", 'h', false),
        ("files-with-matches", 'l', false),
        ("files-without-match", 'L', false),
        ("regexp", 'e', true),
        ("file", 'f', true),
        ("max-count", 'm', true),
        ("after-context", 'A', true),
        ("before-context", 'B', true),
        ("context", 'C', true),
    ],
    permute: true,
    usage_status: 2,
    usage_line: Some("[OPTION]... PATTERNS [FILE]..."),
};

/// NFA steps one grep may take: generous for real output, finite for
/// adversarial patterns over megabytes of input.
const WORK_BUDGET: u64 = 200_000_000;

const STDIN_NAME: &str = "(standard input)";

pub(crate) fn run(args: &[String], stdin: &str, _: &mut dyn Runtime) -> CommandOutput {
    // `--color[=WHEN]` only changes how a terminal shows matches, and our
    // output is never a terminal.
    let args: Vec<String> = args
        .iter()
        .filter(|arg| !(arg.starts_with("--color") || arg.starts_with("--colour")))
        .cloned()
        .collect();
    let parsed = match SPEC.parse(&args) {
        Ok(parsed) => parsed,
        Err(error) => return error,
    };
    for refused in ['P', 'r', 'R', 'A', 'B', 'C'] {
        if parsed.has(refused) {
            return CommandOutput::failure(
                format!("dockdrill: grep: -{refused} is not supported in drills\n"),
                2,
            );
        }
    }
    let mut operands = parsed.operands.clone();
    let mut patterns: Vec<String> = parsed
        .options
        .iter()
        .filter(|(c, _)| *c == 'e')
        .filter_map(|(_, value)| value.clone())
        .collect();
    let mut stderr = String::new();
    let mut failed = false;
    if let Some(file) = parsed.last('f') {
        return CommandOutput::failure(format!("grep: {file}: No such file or directory\n"), 2);
    }
    if patterns.is_empty() {
        if operands.is_empty() {
            return SPEC.usage_error("");
        }
        patterns.push(operands.remove(0));
    }
    // A pattern with newlines is several patterns.
    let patterns: Vec<String> = patterns
        .iter()
        .flat_map(|p| p.split('\n').map(str::to_string).collect::<Vec<_>>())
        .collect();

    let flavor = match parsed
        .options
        .iter()
        .rev()
        .find(|(c, _)| matches!(c, 'E' | 'F' | 'G'))
    {
        Some(('E', _)) => Flavor::Extended,
        Some(('F', _)) => Flavor::Fixed,
        _ => Flavor::Basic,
    };
    let options = Options {
        flavor,
        ignore_case: parsed.has('i') || parsed.has('y'),
        word: parsed.has('w'),
        line: parsed.has('x'),
    };
    let (regex, warnings) = match regex::compile(&patterns, options) {
        Ok(compiled) => compiled,
        Err(error) => return CommandOutput::failure(format!("grep: {}\n", error.0), 2),
    };
    for warning in warnings {
        stderr.push_str(&format!("grep: {warning}\n"));
    }
    let max_count = match parsed.last('m') {
        None => None,
        Some(text) => match text.parse::<i64>() {
            Ok(n) if n < 0 => None,
            Ok(n) => Some(usize::try_from(n).unwrap_or(usize::MAX)),
            Err(_) => {
                return CommandOutput::failure(format!("grep: invalid max count\n{stderr}"), 2);
            }
        },
    };

    // Without file operands grep reads stdin; a `-` operand reads it too.
    let mut inputs: Vec<Option<&str>> = Vec::new();
    if operands.is_empty() {
        inputs.push(Some(stdin));
    }
    let mut stdin_left = true;
    for operand in &operands {
        if operand == "-" && stdin_left {
            inputs.push(Some(stdin));
            stdin_left = false;
        } else if operand == "-" {
            inputs.push(Some(""));
        } else {
            inputs.push(None);
        }
    }
    // Warnings come first; then each operand's lines or complaint in turn.
    let mut out = Writes::from_stderr(stderr);
    let show_names = (operands.len() > 1 || parsed.has('H')) && !parsed.has('h');
    let invert = parsed.has('v');
    let quiet = parsed.has('q');
    let mut stdout = String::new();
    let mut selected_any = false;
    let mut budget = Budget(WORK_BUDGET);
    let mut scratch = regex.scratch();

    for (index, input) in inputs.iter().enumerate() {
        let name = operands
            .get(index)
            .filter(|name| *name != "-")
            .map_or(STDIN_NAME, String::as_str);
        let Some(text) = input else {
            if !parsed.has('s') {
                out.write(Stream::Stdout, &std::mem::take(&mut stdout));
                out.write(
                    Stream::Stderr,
                    &format!("grep: {name}: No such file or directory\n"),
                );
            }
            failed = true;
            continue;
        };
        let prefix = if show_names {
            format!("{name}:")
        } else {
            String::new()
        };
        let mut count = 0usize;
        for (number, line) in lines(text).into_iter().enumerate() {
            if max_count.is_some_and(|max| count >= max) {
                break;
            }
            let chars: Vec<char> = line.chars().collect();
            let matched = match regex.is_match(&chars, &mut scratch, &mut budget) {
                Ok(matched) => matched,
                Err(regex::Exhausted) => return too_expensive(out, &stdout),
            };
            if matched == invert {
                continue;
            }
            count += 1;
            selected_any = true;
            if quiet {
                return CommandOutput {
                    writes: out,
                    status: 0,
                };
            }
            if parsed.has('c') || parsed.has('l') || parsed.has('L') {
                continue;
            }
            let line_prefix = if parsed.has('n') {
                format!("{prefix}{}:", number + 1)
            } else {
                prefix.clone()
            };
            if parsed.has('o') {
                if invert {
                    continue;
                }
                let mut from = 0;
                while from <= chars.len() {
                    let found = match regex.find_at(&chars, from, false, &mut scratch, &mut budget)
                    {
                        Ok(found) => found,
                        Err(regex::Exhausted) => return too_expensive(out, &stdout),
                    };
                    let Some((start, end)) = found else { break };
                    if end == start {
                        // Empty matches print nothing; step past them.
                        from = start + 1;
                        continue;
                    }
                    stdout.push_str(&line_prefix);
                    stdout.extend(chars.get(start..end).unwrap_or_default());
                    stdout.push('\n');
                    from = end;
                }
            } else {
                stdout.push_str(&line_prefix);
                stdout.push_str(line);
                stdout.push('\n');
            }
        }
        if (parsed.has('l') && count > 0) || (parsed.has('L') && count == 0) {
            stdout.push_str(&format!("{name}\n"));
        } else if parsed.has('c') && !parsed.has('l') && !parsed.has('L') {
            stdout.push_str(&format!("{prefix}{count}\n"));
        }
    }
    let status = if failed && !(quiet && selected_any) {
        2
    } else if selected_any {
        0
    } else {
        1
    };
    out.write(Stream::Stdout, &stdout);
    CommandOutput {
        writes: out,
        status,
    }
}

fn too_expensive(mut out: Writes, stdout: &str) -> CommandOutput {
    out.write(Stream::Stdout, stdout);
    out.write(
        Stream::Stderr,
        "dockdrill: grep: pattern too expensive for this input\n",
    );
    CommandOutput {
        writes: out,
        status: 2,
    }
}
