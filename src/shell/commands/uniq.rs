//! `uniq`: collapses adjacent equal lines; `-c` counts, `-d`/`-u` select, `-i` folds case.

use super::Runtime;
use super::getopt::Spec;
use super::text::lines;
use crate::shell::CommandOutput;

const SPEC: Spec = Spec {
    name: "uniq",
    flags: "cdui",
    with_arg: "",
    long: &[
        ("count", 'c', false),
        ("repeated", 'd', false),
        ("unique", 'u', false),
        ("ignore-case", 'i', false),
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
    match parsed.operands.as_slice() {
        [] => {}
        [input] | [input, _] if input == "-" => {}
        [input] | [input, _] => {
            return CommandOutput::failure(
                format!("uniq: {input}: No such file or directory\n"),
                1,
            );
        }
        [_, _, extra, ..] => {
            return SPEC.usage_error(&format!("extra operand ‘{extra}’"));
        }
    }
    let fold = parsed.has('i');
    let same = |a: &str, b: &str| {
        if fold {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    let mut groups: Vec<(&str, usize)> = Vec::new();
    for line in lines(stdin) {
        match groups.last_mut() {
            Some((first, count)) if same(first, line) => *count += 1,
            _ => groups.push((line, 1)),
        }
    }
    let mut stdout = String::new();
    for (line, count) in groups {
        if (parsed.has('d') && count < 2) || (parsed.has('u') && count > 1) {
            continue;
        }
        if parsed.has('c') {
            stdout.push_str(&format!("{count:>7} "));
        }
        stdout.push_str(line);
        stdout.push('\n');
    }
    CommandOutput::success(stdout)
}
