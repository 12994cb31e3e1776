//! `sort`: `-r`, `-n`, `-u`, `-f`, `-b`, `-k N[,M]`, `-t C`.
//!
//! Text compares byte by byte, as in the C locale: deterministic, and what
//! docker's own sorted output assumes.

use std::cmp::Ordering;

use super::Runtime;
use super::getopt::Spec;
use super::text::{lines, unlines};
use crate::shell::CommandOutput;

const SPEC: Spec = Spec {
    name: "sort",
    flags: "rnufbsV",
    with_arg: "kt",
    long: &[
        ("reverse", 'r', false),
        ("numeric-sort", 'n', false),
        ("unique", 'u', false),
        ("ignore-case", 'f', false),
        ("ignore-leading-blanks", 'b', false),
        ("stable", 's', false),
        ("key", 'k', true),
        ("field-separator", 't', true),
    ],
    permute: true,
    usage_status: 2,
    usage_line: None,
};

struct Options {
    reverse: bool,
    numeric: bool,
    fold: bool,
    blanks: bool,
    key: Option<(usize, Option<usize>)>,
    separator: Option<char>,
}

pub(crate) fn run(args: &[String], stdin: &str, _: &mut dyn Runtime) -> CommandOutput {
    let parsed = match SPEC.parse(args) {
        Ok(parsed) => parsed,
        Err(error) => return error,
    };
    if let Some(file) = parsed.operands.iter().find(|operand| *operand != "-") {
        return CommandOutput::failure(
            format!("sort: cannot read: {file}: No such file or directory\n"),
            2,
        );
    }
    let separator = match parsed.last('t') {
        None => None,
        Some(text) => {
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Some(c),
                (None, _) => return CommandOutput::failure("sort: empty tab\n".to_string(), 2),
                _ => {
                    return CommandOutput::failure(
                        format!("sort: multi-character tab ‘{text}’\n"),
                        2,
                    );
                }
            }
        }
    };
    let key = match parsed.last('k') {
        None => None,
        Some(text) => match parse_key(text) {
            Some(key) => Some(key),
            None => {
                return CommandOutput::failure(
                    format!(
                        "sort: invalid number at field start: invalid count at start of ‘{text}’\n"
                    ),
                    2,
                );
            }
        },
    };
    let options = Options {
        reverse: parsed.has('r'),
        numeric: parsed.has('n'),
        fold: parsed.has('f'),
        blanks: parsed.has('b'),
        key,
        separator,
    };
    let mut rows = lines(stdin);
    rows.sort_by(|a, b| {
        let order = compare_keys(a, b, &options).then_with(|| a.cmp(b));
        if options.reverse {
            order.reverse()
        } else {
            order
        }
    });
    if parsed.has('u') {
        rows.dedup_by(|a, b| compare_keys(a, b, &options) == Ordering::Equal);
    }
    CommandOutput::success(unlines(rows))
}

/// `N`, `N,M`, ignoring the character positions and type letters GNU also
/// accepts after a field number.
fn parse_key(text: &str) -> Option<(usize, Option<usize>)> {
    let field = |part: &str| -> Option<usize> {
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok().filter(|n| *n > 0)
    };
    match text.split_once(',') {
        Some((start, end)) => Some((field(start)?, Some(field(end)?))),
        None => Some((field(text)?, None)),
    }
}

fn key_text<'a>(line: &'a str, options: &Options) -> &'a str {
    let Some((start, end)) = options.key else {
        return line;
    };
    let bounds = field_bounds(line, options.separator);
    let Some(&(from, _)) = bounds.get(start - 1) else {
        return "";
    };
    let to = match end {
        Some(end) => bounds
            .get(end.saturating_sub(1))
            .map(|&(_, to)| to)
            .unwrap_or(line.len()),
        None => line.len(),
    };
    line.get(from..to.max(from)).unwrap_or_default()
}

/// Byte ranges of fields. Without `-t`, a field is its leading blanks plus
/// the non-blanks after them, as in GNU sort.
fn field_bounds(line: &str, separator: Option<char>) -> Vec<(usize, usize)> {
    let mut bounds = Vec::new();
    match separator {
        Some(sep) => {
            let mut start = 0;
            for (index, c) in line.char_indices() {
                if c == sep {
                    bounds.push((start, index));
                    start = index + c.len_utf8();
                }
            }
            bounds.push((start, line.len()));
        }
        None => {
            let bytes = line.as_bytes();
            let mut at = 0;
            while at < bytes.len() {
                let start = at;
                while bytes.get(at).is_some_and(|b| *b == b' ' || *b == b'\t') {
                    at += 1;
                }
                while bytes.get(at).is_some_and(|b| *b != b' ' && *b != b'\t') {
                    at += 1;
                }
                bounds.push((start, at));
            }
        }
    }
    bounds
}

fn compare_keys(a: &str, b: &str, options: &Options) -> Ordering {
    let mut ka = key_text(a, options);
    let mut kb = key_text(b, options);
    if options.blanks {
        ka = ka.trim_start_matches([' ', '\t']);
        kb = kb.trim_start_matches([' ', '\t']);
    }
    if options.numeric {
        return numeric_value(ka)
            .partial_cmp(&numeric_value(kb))
            .unwrap_or(Ordering::Equal);
    }
    if options.fold {
        let fold = |s: &str| s.to_ascii_uppercase();
        return fold(ka).cmp(&fold(kb));
    }
    ka.cmp(kb)
}

/// The leading number of a key (blanks skipped); no number counts as zero.
fn numeric_value(text: &str) -> f64 {
    let text = text.trim_start_matches([' ', '\t']);
    let mut end = 0;
    let mut seen_dot = false;
    for (index, c) in text.char_indices() {
        let ok = c.is_ascii_digit() || (c == '-' && index == 0) || (c == '.' && !seen_dot);
        if !ok {
            break;
        }
        seen_dot |= c == '.';
        end = index + c.len_utf8();
    }
    text.get(..end)
        .and_then(|number| number.parse().ok())
        .unwrap_or(0.0)
}
