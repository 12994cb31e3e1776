//! Turning positions into spans and back, in the file's own text. Lines end
//! at `\n`, `\r\n` or a lone `\r` and columns count characters, as the
//! scenario parser counts them.

use super::Located;
use crate::scenario::Span;

/// The 1-based line and column of byte `offset`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or_default();
    let bytes = before.as_bytes();
    let mut line = 1;
    let mut line_start = 0;
    for (i, b) in bytes.iter().enumerate() {
        let ends_line = match b {
            b'\n' => true,
            b'\r' => text.as_bytes().get(i + 1) != Some(&b'\n'),
            _ => false,
        };
        if ends_line {
            line += 1;
            line_start = i + 1;
        }
    }
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// The byte offset of 1-based `line` and `column` (clamped to the text).
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text.get(start..).and_then(|rest| rest.find('\n')) {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let rest = text.get(start..).unwrap_or_default();
    let within: usize = rest
        .chars()
        .take(column.saturating_sub(1))
        .take_while(|c| *c != '\n')
        .map(char::len_utf8)
        .sum();
    start + within
}

/// A byte range of `text` as a located span.
pub fn at(file: &str, text: &str, offset: usize, len: usize) -> Located {
    let offset = offset.min(text.len());
    let (line, column) = line_column(text, offset);
    Located {
        file: file.to_owned(),
        offset,
        len: len.min(text.len() - offset),
        line,
        column,
    }
}

/// The first line of a node (a whole `check { ... }` block would underline
/// every line): up to the line's end, without a trailing `{`.
pub fn head(file: &str, text: &str, span: Span) -> Located {
    let node = text
        .get(span.offset..span.offset.saturating_add(span.len))
        .unwrap_or_default();
    let first = node.split(['\n', '\r']).next().unwrap_or_default();
    let trimmed = first.trim_end().trim_end_matches('{').trim_end();
    at(file, text, span.offset, trimmed.len())
}

/// Where `needle` first occurs inside a node, else the node's first line.
pub fn within(file: &str, text: &str, span: Span, needle: &str) -> Located {
    let node = text
        .get(span.offset..span.offset.saturating_add(span.len))
        .unwrap_or_default();
    match node.find(needle) {
        Some(i) if !needle.is_empty() => at(file, text, span.offset + i, needle.len()),
        _ => head(file, text, span),
    }
}

/// A whole line of `text` (1-based), for findings in transcripts.
pub fn line(file: &str, text: &str, line: usize) -> Located {
    let offset = offset_of(text, line, 1);
    let len = text
        .get(offset..)
        .unwrap_or_default()
        .split(['\n', '\r'])
        .next()
        .map_or(0, str::len);
    at(file, text, offset, len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_positions_round_trip() {
        let text = "ab\ncé\r\nx";
        for (line, column) in [(1, 1), (2, 2), (2, 3), (3, 1)] {
            assert_eq!(
                line_column(text, offset_of(text, line, column)),
                (line, column)
            );
        }
    }
}
