//! Does printed output fit claimed output with its elisions?
//!
//! A claimed line `...` stands for any number of printed lines. The claimed
//! lines between such elisions form segments that must each match a run of
//! consecutive printed lines, in order. The first segment is anchored at
//! the start and the last at the end; a middle segment can take its
//! leftmost fit, because any later fit leaves less room for what follows.
//! That makes matching a left-to-right scan with no backtracking, which
//! stays polynomial (O(claimed x printed) line comparisons at worst) for
//! any input; a memoised search over (claimed, printed) positions agrees
//! with it, as the tests check.

/// The lines of a text, ignoring a final newline: a claimed last line
/// matches a printed last line that lacks one.
pub(crate) fn split_lines(text: &str) -> Vec<&str> {
    if text.is_empty() {
        return Vec::new();
    }
    text.strip_suffix('\n')
        .unwrap_or(text)
        .split('\n')
        .collect()
}

pub(crate) fn is_elision(line: &str) -> bool {
    line == "..."
}

/// One claimed line against one printed line: exact, or with a trailing
/// `...` (any rest of the line) and `[..]` (any run within the line).
pub fn line_matches(pattern: &str, line: &str) -> bool {
    let (body, open_end) = match pattern.strip_suffix("...") {
        Some(body) => (body, true),
        None => (pattern, false),
    };
    let mut pieces = body.split("[..]");
    let first = pieces.next().unwrap_or_default();
    let Some(mut rest) = line.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    let Some((&last, middle)) = pieces.split_last() else {
        return open_end || rest.is_empty();
    };
    if !open_end {
        // The last piece is anchored at the end; the rest must fit before it.
        let Some(before) = rest.strip_suffix(last) else {
            return false;
        };
        rest = before;
    }
    let middle: Vec<&str> = if open_end {
        pieces.clone()
    } else {
        middle.to_vec()
    };
    for piece in middle {
        match rest.find(piece) {
            Some(at) => rest = rest.get(at + piece.len()..).unwrap_or_default(),
            None => return false,
        }
    }
    true
}

/// Whether `printed` fits `claimed` line for line, honouring elisions.
pub fn matches(claimed: &str, printed: &str) -> bool {
    let claimed = split_lines(claimed);
    let printed = split_lines(printed);
    let segments: Vec<&[&str]> = claimed.split(|line| is_elision(line)).collect();
    let fits = |segment: &[&str], at: usize| {
        segment.iter().enumerate().all(|(k, pattern)| {
            printed
                .get(at + k)
                .is_some_and(|line| line_matches(pattern, line))
        })
    };
    let Some((first, rest)) = segments.split_first() else {
        return printed.is_empty();
    };
    let Some((last, middle)) = rest.split_last() else {
        // No elision at all: line for line.
        return first.len() == printed.len() && fits(first, 0);
    };
    if first.len() + last.len() > printed.len() {
        return false;
    }
    let end = printed.len() - last.len();
    if !fits(first, 0) || !fits(last, end) {
        return false;
    }
    let mut at = first.len();
    for segment in middle {
        if segment.is_empty() {
            continue;
        }
        let mut found = false;
        while at + segment.len() <= end {
            if fits(segment, at) {
                found = true;
                break;
            }
            at += 1;
        }
        if !found {
            return false;
        }
        at += segment.len();
    }
    true
}
