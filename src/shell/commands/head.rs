//! `head`: the first lines (`-n N`, `-N`, `-n -N`) or bytes (`-c N`) of stdin.

use super::Runtime;
use super::getopt::{Parsed, Spec};
use super::text::parse_count;
use crate::shell::CommandOutput;
use crate::shell::interp::truncate;

const SPEC: Spec = Spec {
    name: "head",
    flags: "qvz",
    with_arg: "nc",
    long: &[
        ("lines", 'n', true),
        ("bytes", 'c', true),
        ("quiet", 'q', false),
        ("silent", 'q', false),
        ("verbose", 'v', false),
    ],
    permute: true,
    usage_status: 1,
    usage_line: None,
};

/// GNU's obsolete `-5` (only as the first argument) means `-n 5`.
pub(crate) fn expand_obsolete(args: &[String]) -> Vec<String> {
    let mut args = args.to_vec();
    if let Some(first) = args.first_mut()
        && let Some(digits) = first.strip_prefix('-')
        && !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
    {
        *first = format!("-n{digits}");
    }
    args
}

/// The last of `-n`/`-c` wins, as in GNU head and tail; ten lines by default.
pub(crate) fn unit_and_count(parsed: &Parsed) -> (char, &str) {
    let last = parsed
        .options
        .iter()
        .rev()
        .find(|(c, _)| matches!(c, 'n' | 'c'));
    match last {
        Some((unit, Some(value))) => (*unit, value.as_str()),
        _ => ('n', "10"),
    }
}

pub(crate) fn run(args: &[String], stdin: &str, _: &mut dyn Runtime) -> CommandOutput {
    let parsed = match SPEC.parse(&expand_obsolete(args)) {
        Ok(parsed) => parsed,
        Err(error) => return error,
    };
    if let Some(file) = parsed.operands.iter().find(|operand| *operand != "-") {
        return CommandOutput::failure(
            format!("head: cannot open '{file}' for reading: No such file or directory\n"),
            1,
        );
    }
    let (unit, spec) = unit_and_count(&parsed);
    let (all_but, number) = match spec.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, spec),
    };
    let Some(count) = parse_count(number) else {
        let what = if unit == 'n' { "lines" } else { "bytes" };
        return CommandOutput::failure(format!("head: invalid number of {what}: ‘{spec}’\n"), 1);
    };
    let count = usize::try_from(count).unwrap_or(usize::MAX);
    let stdout = if unit == 'c' {
        let keep = if all_but {
            stdin.len().saturating_sub(count)
        } else {
            count
        };
        truncate(stdin, keep).to_string()
    } else {
        let pieces: Vec<&str> = stdin.split_inclusive('\n').collect();
        let keep = if all_but {
            pieces.len().saturating_sub(count)
        } else {
            count
        };
        pieces.into_iter().take(keep).collect()
    };
    CommandOutput::success(stdout)
}
