//! `xargs`: runs a command (default `echo`) with words read from stdin
//! appended, through the shell's own dispatch, so it reaches exactly the
//! commands the line could run itself. `-n N`, `-I R`, `-r`, `-0`, `-d C`.

use super::Runtime;
use super::getopt::Spec;
use crate::shell::CommandOutput;

const SPEC: Spec = Spec {
    name: "xargs",
    flags: "0rt",
    with_arg: "nIdL",
    long: &[
        ("max-args", 'n', true),
        ("no-run-if-empty", 'r', false),
        ("null", '0', false),
        ("delimiter", 'd', true),
        ("verbose", 't', false),
        ("max-lines", 'L', true),
    ],
    permute: false,
    usage_status: 1,
    usage_line: None,
};

/// Most commands one xargs may start; each runs in our process.
const MAX_INVOCATIONS: usize = 10_000;

pub(crate) fn run(args: &[String], stdin: &str, runtime: &mut dyn Runtime) -> CommandOutput {
    let parsed = match SPEC.parse(args) {
        Ok(parsed) => parsed,
        Err(error) => return error,
    };
    let mut command = parsed.operands.clone();
    if command.is_empty() {
        command.push("echo".to_string());
    }
    let replace = parsed.last('I').map(str::to_string);
    let per_call = match parsed.last('n').or(parsed.last('L')) {
        None => None,
        Some(text) => match text.parse::<usize>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                return CommandOutput::failure(
                    format!("xargs: invalid number \"{text}\" for -n option\n"),
                    1,
                );
            }
        },
    };
    let items: Vec<String> = if replace.is_some() || parsed.has('L') {
        stdin
            .lines()
            .map(|line| line.trim_start_matches([' ', '\t']).to_string())
            .filter(|line| !line.is_empty())
            .collect()
    } else if parsed.has('0') {
        stdin
            .split('\0')
            .filter(|item| !item.is_empty())
            .map(str::to_string)
            .collect()
    } else if let Some(delimiter) = parsed.last('d') {
        let delimiter = match delimiter {
            "\\n" => "\n",
            "\\t" => "\t",
            other => other,
        };
        let mut parts: Vec<String> = stdin.split(delimiter).map(str::to_string).collect();
        if parts.last().is_some_and(String::is_empty) {
            parts.pop();
        }
        parts
    } else {
        match split_words(stdin) {
            Ok(words) => words,
            Err(message) => return CommandOutput::failure(format!("xargs: {message}\n"), 1),
        }
    };

    let mut batches: Vec<Vec<String>> = Vec::new();
    if let Some(pattern) = &replace {
        for item in &items {
            batches.push(
                command
                    .iter()
                    .map(|arg| arg.replace(pattern.as_str(), item))
                    .collect(),
            );
        }
    } else if items.is_empty() {
        if !parsed.has('r') {
            batches.push(command.clone());
        }
    } else {
        let size = per_call.unwrap_or(items.len());
        for chunk in items.chunks(size) {
            let mut argv = command.clone();
            argv.extend(chunk.iter().cloned());
            batches.push(argv);
        }
    }
    if batches.len() > MAX_INVOCATIONS {
        return CommandOutput::failure(
            format!("dockdrill: xargs: more than {MAX_INVOCATIONS} commands to run\n"),
            1,
        );
    }

    let mut output = CommandOutput::default();
    for argv in batches {
        let Some(name) = argv.first() else { continue };
        if !runtime.knows(name) {
            output.eprint(&format!("xargs: {name}: No such file or directory\n"));
            output.status = 127;
            return output;
        }
        if parsed.has('t') {
            output.eprint(&format!("{}\n", argv.join(" ")));
        }
        let result = runtime.dispatch(&argv, "");
        output.writes.append(&result.writes);
        match result.status {
            0 => {}
            255 => {
                output.eprint(&format!(
                    "xargs: {name}: exited with status 255; aborting\n"
                ));
                output.status = 124;
                return output;
            }
            1..=125 => output.status = 123,
            other => {
                output.status = other;
                return output;
            }
        }
    }
    output
}

/// Words as GNU xargs reads them: blanks separate, quotes and backslashes
/// protect, and a quote must close on its own line.
fn split_words(input: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut live = false;
    let mut chars = input.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if live {
                    words.push(std::mem::take(&mut current));
                    live = false;
                }
            }
            '\'' | '"' => {
                live = true;
                loop {
                    match chars.next() {
                        Some(q) if q == c => break,
                        Some('\n') | None => {
                            let which = if c == '\'' { "single" } else { "double" };
                            return Err(format!(
                                "unmatched {which} quote; by default quotes are special to xargs unless you use the -0 option"
                            ));
                        }
                        Some(other) => current.push(other),
                    }
                }
            }
            '\\' => {
                live = true;
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            other => {
                live = true;
                current.push(other);
            }
        }
    }
    if live {
        words.push(current);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_honour_quotes_and_backslashes() {
        assert_eq!(
            split_words("a 'b c'\n\"d\" e\\ f").ok(),
            Some(vec!["a".into(), "b c".into(), "d".into(), "e f".into()])
        );
    }

    #[test]
    fn unmatched_quote_is_an_error() {
        assert!(split_words("'abc").is_err());
    }
}
