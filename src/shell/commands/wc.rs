//! `wc`: lines, words, bytes (and `-m` characters) of stdin.

use super::Runtime;
use super::getopt::Spec;
use super::text::no_such_file;
use crate::shell::CommandOutput;

const SPEC: Spec = Spec {
    name: "wc",
    flags: "lwcmL",
    with_arg: "",
    long: &[
        ("lines", 'l', false),
        ("words", 'w', false),
        ("bytes", 'c', false),
        ("chars", 'm', false),
        ("max-line-length", 'L', false),
    ],
    permute: true,
    usage_status: 1,
    usage_line: None,
};

pub(crate) fn run(args: &[String], stdin: &str, _: &mut dyn Runtime) -> CommandOutput {
    let parsed = match SPEC.parse(args) {
        Ok(parsed) => parsed,
        Err(error) => return error,
    };
    if let Some(file) = parsed.operands.iter().find(|operand| *operand != "-") {
        return CommandOutput::failure(no_such_file("wc", file), 1);
    }
    let mut wanted: Vec<char> = ['l', 'w', 'm', 'c', 'L']
        .into_iter()
        .filter(|c| parsed.has(*c))
        .collect();
    if wanted.is_empty() {
        wanted = vec!['l', 'w', 'c'];
    }
    let counts: Vec<usize> = wanted
        .iter()
        .map(|c| match c {
            'l' => stdin.matches('\n').count(),
            'w' => stdin.split_whitespace().count(),
            'm' => stdin.chars().count(),
            'L' => stdin
                .split('\n')
                .map(unicode_width::UnicodeWidthStr::width)
                .max()
                .unwrap_or(0),
            _ => stdin.len(),
        })
        .collect();
    // GNU wc pads to 7 columns when reading a pipe, unless it prints a
    // single count.
    let width = if counts.len() == 1 { 1 } else { 7 };
    let line: Vec<String> = counts
        .iter()
        .map(|count| format!("{count:>width$}"))
        .collect();
    CommandOutput::success(format!("{}\n", line.join(" ")))
}
