//! Reading a transcript's text into steps.

use super::{Expectation, Step, Transcript, TranscriptError};

/// Largest transcript accepted, in bytes.
pub const MAX_TRANSCRIPT_BYTES: usize = 1024 * 1024;
/// Most commands in one transcript.
pub const MAX_STEPS: usize = 10_000;
/// Longest line accepted, in bytes.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

fn error(line: usize, column: usize, message: impl Into<String>) -> TranscriptError {
    TranscriptError {
        line,
        column,
        message: message.into(),
    }
}

/// Where byte `offset` of `text` sits, as a 1-based line and char column.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).unwrap_or_default().chars().count() + 1;
    (line, column)
}

/// Parses a transcript given as raw bytes: invalid UTF-8 is an error with
/// its position rather than a lossy conversion.
pub fn parse_bytes(bytes: &[u8]) -> Result<Transcript, TranscriptError> {
    check_size(bytes.len())?;
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(utf8) => {
            let valid = bytes.get(..utf8.valid_up_to()).unwrap_or_default();
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let (line, column) = position(prefix, prefix.len());
            Err(error(line, column, "invalid UTF-8"))
        }
    }
}

fn check_size(len: usize) -> Result<(), TranscriptError> {
    if len > MAX_TRANSCRIPT_BYTES {
        return Err(error(
            1,
            1,
            format!("transcript is {len} bytes; the limit is {MAX_TRANSCRIPT_BYTES} bytes (1 MiB)"),
        ));
    }
    Ok(())
}

/// The command after a `$ ` prompt, or `None` for an output line. A bare
/// `$` is a prompt too (with an empty command, an error).
fn prompt(line: &str) -> Option<&str> {
    if line == "$" {
        return Some("");
    }
    line.strip_prefix("$ ")
}

/// Whether a command line ends in a backslash that escapes the newline.
fn continues(line: &str) -> bool {
    let trailing = line.chars().rev().take_while(|&c| c == '\\').count();
    trailing % 2 == 1
}

pub fn parse(text: &str) -> Result<Transcript, TranscriptError> {
    check_size(text.len())?;
    if let Some(offset) = text.find('\0') {
        let (line, column) = position(text, offset);
        return Err(error(line, column, "NUL byte in transcript"));
    }
    let body = text.strip_suffix('\n').unwrap_or(text);
    let lines: Vec<&str> = if text.is_empty() {
        Vec::new()
    } else {
        body.split('\n')
            .map(|line| line.strip_suffix('\r').unwrap_or(line))
            .collect()
    };
    for (index, line) in lines.iter().enumerate() {
        if line.len() > MAX_LINE_BYTES {
            return Err(error(
                index + 1,
                1,
                format!(
                    "line is {} bytes; the limit is {MAX_LINE_BYTES} bytes",
                    line.len()
                ),
            ));
        }
    }

    let mut expect: Option<Expectation> = None;
    let mut steps: Vec<Step> = Vec::new();
    let mut claimed: Vec<&str> = Vec::new();
    let mut index = 0;
    while let Some(&line) = lines.get(index) {
        let number = index + 1;
        index += 1;
        let Some(first) = prompt(line) else {
            if !steps.is_empty() {
                claimed.push(line);
            } else if line.trim().is_empty() {
                // Blank lines before the first command separate nothing.
            } else if line.starts_with('#') {
                if let Some(header) = parse_expect(line, number)? {
                    if expect.is_some() {
                        return Err(error(number, 1, "duplicate `# expect:` header"));
                    }
                    expect = Some(header);
                }
            } else {
                return Err(error(number, 1, "output before the first command"));
            }
            continue;
        };
        if first.trim().is_empty() {
            return Err(error(number, 1, "`$` without a command"));
        }
        if let Some(previous) = steps.last_mut() {
            previous.claimed = join(&claimed);
            claimed.clear();
        }
        if steps.len() >= MAX_STEPS {
            return Err(error(
                number,
                1,
                format!("more than {MAX_STEPS} commands in one transcript"),
            ));
        }
        let mut command = first.to_string();
        let mut physical = first;
        while continues(physical) {
            let Some(&next) = lines.get(index) else {
                // At the trailing `\` of the last physical line read.
                let last = lines.get(index - 1).copied().unwrap_or(line);
                return Err(error(
                    index,
                    last.chars().count().max(1),
                    "the command continues past the end of the transcript",
                ));
            };
            index += 1;
            physical = next.strip_prefix("> ").unwrap_or(next);
            command.push('\n');
            command.push_str(physical);
        }
        steps.push(Step {
            line: number,
            command,
            claimed: String::new(),
            claimed_line: index + 1,
        });
    }
    // Blank lines after the last output are the file's end, not output.
    while claimed.last().is_some_and(|line| line.trim().is_empty()) {
        claimed.pop();
    }
    match steps.last_mut() {
        Some(last) => last.claimed = join(&claimed),
        None => return Err(error(1, 1, "no commands")),
    }
    Ok(Transcript { expect, steps })
}

fn join(lines: &[&str]) -> String {
    let mut text = String::new();
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// Reads a `# expect: pass` / `# expect: fail CHECK...` header; other
/// comments give `None`.
fn parse_expect(line: &str, number: usize) -> Result<Option<Expectation>, TranscriptError> {
    let after_hash = line.get(1..).unwrap_or_default();
    let trimmed = after_hash.trim_start();
    let Some(rest) = trimmed.strip_prefix("expect:") else {
        return Ok(None);
    };
    // Columns are in chars of the whole line.
    let rest_start = line.chars().count() - rest.chars().count() + 1;
    let mut words = Vec::new();
    let mut current = String::new();
    let mut current_column = rest_start;
    for (column, c) in (rest_start..).zip(rest.chars()) {
        if c.is_whitespace() {
            if !current.is_empty() {
                words.push((std::mem::take(&mut current), current_column));
            }
        } else {
            if current.is_empty() {
                current_column = column;
            }
            current.push(c);
        }
    }
    if !current.is_empty() {
        words.push((current, current_column));
    }
    let mut words = words.into_iter();
    let Some((verdict, verdict_column)) = words.next() else {
        return Err(error(
            number,
            rest_start,
            "`# expect:` needs `pass` or `fail CHECK...`",
        ));
    };
    match verdict.as_str() {
        "pass" => match words.next() {
            None => Ok(Some(Expectation::Pass)),
            Some((extra, column)) => Err(error(
                number,
                column,
                format!("`pass` takes no check names, found `{extra}`"),
            )),
        },
        "fail" => {
            let mut checks = Vec::new();
            for (check, column) in words {
                let valid = check
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
                if !valid {
                    return Err(error(
                        number,
                        column,
                        format!("invalid check name `{check}`"),
                    ));
                }
                checks.push(check);
            }
            if checks.is_empty() {
                return Err(error(
                    number,
                    verdict_column + 4,
                    "`fail` needs at least one check name",
                ));
            }
            Ok(Some(Expectation::Fail(checks)))
        }
        other => Err(error(
            number,
            verdict_column,
            format!("expected `pass` or `fail`, found `{other}`"),
        )),
    }
}
