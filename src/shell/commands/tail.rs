//! `tail`: the last lines (`-n N`, `-N`) or from a line on (`-n +N`), or bytes.

use super::Runtime;
use super::getopt::Spec;
use super::head::{expand_obsolete, unit_and_count};
use super::text::parse_count;
use crate::shell::CommandOutput;

const SPEC: Spec = Spec {
    name: "tail",
    // `-f` has nothing to follow once stdin has ended.
    flags: "fFqvz",
    with_arg: "ncs",
    long: &[
        ("lines", 'n', true),
        ("bytes", 'c', true),
        ("follow", 'f', false),
        ("quiet", 'q', false),
        ("silent", 'q', false),
        ("verbose", 'v', false),
    ],
    permute: true,
    usage_status: 1,
    usage_line: None,
};

pub(crate) fn run(args: &[String], stdin: &str, _: &mut dyn Runtime) -> CommandOutput {
    // `+N` as a first argument is the obsolete form of `-n +N`.
    let mut args = expand_obsolete(args);
    if let Some(first) = args.first_mut()
        && first.len() > 1
        && first.starts_with('+')
        && first.chars().skip(1).all(|c| c.is_ascii_digit())
    {
        *first = format!("-n{first}");
    }
    let parsed = match SPEC.parse(&args) {
        Ok(parsed) => parsed,
        Err(error) => return error,
    };
    if let Some(file) = parsed.operands.iter().find(|operand| *operand != "-") {
        return CommandOutput::failure(
            format!("tail: cannot open '{file}' for reading: No such file or directory\n"),
            1,
        );
    }
    let (unit, spec) = unit_and_count(&parsed);
    let (from_start, number) = match spec.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, spec.strip_prefix('-').unwrap_or(spec)),
    };
    let Some(count) = parse_count(number) else {
        let what = if unit == 'n' { "lines" } else { "bytes" };
        return CommandOutput::failure(format!("tail: invalid number of {what}: ‘{spec}’\n"), 1);
    };
    let count = usize::try_from(count).unwrap_or(usize::MAX);
    let stdout = if unit == 'c' {
        let mut start = if from_start {
            count.saturating_sub(1)
        } else {
            stdin.len().saturating_sub(count)
        };
        start = start.min(stdin.len());
        while !stdin.is_char_boundary(start) {
            start += 1;
        }
        stdin.get(start..).unwrap_or_default().to_string()
    } else {
        let pieces: Vec<&str> = stdin.split_inclusive('\n').collect();
        let skip = if from_start {
            count.saturating_sub(1)
        } else {
            pieces.len().saturating_sub(count)
        };
        pieces.into_iter().skip(skip).collect()
    };
    CommandOutput::success(stdout)
}
