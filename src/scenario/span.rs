use std::fmt;

/// Where something sits in a scenario file: a byte range plus the 1-based
/// line and column (in characters) of its first byte, as editors show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub offset: usize,
    pub len: usize,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A value together with the place in the file it came from, so that later
/// stages (lint, runner) can point back at the author's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// Maps byte offsets to line/column. Only `\n`, `\r\n` and a lone `\r` end a
/// line here: those are the breaks every editor agrees on, so the numbers we
/// print are the numbers the author sees.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        if memchr::memchr(b'\r', bytes).is_some() {
            let mut starts = vec![0];
            for (i, &b) in bytes.iter().enumerate() {
                match b {
                    b'\n' => starts.push(i + 1),
                    b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                    _ => {}
                }
            }
            return LineIndex { starts };
        }
        // The common case, at memchr speed (`match_indices` with a char
        // costs ~200 instructions a line), into a list sized by a count
        // first (growing it one doubling at a time costs more).
        let mut starts = Vec::with_capacity(1 + memchr::memchr_iter(b'\n', bytes).count());
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        LineIndex { starts }
    }

    /// `offset` and `len` are clamped to the text and to char boundaries, so
    /// a span from any source (including a confused parser) is safe to use.
    pub(crate) fn span(&self, text: &str, offset: usize, len: usize) -> Span {
        let mut offset = offset.min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let mut end = offset.saturating_add(len).min(text.len());
        while end < text.len() && !text.is_char_boundary(end) {
            end += 1;
        }
        let line_idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let line_start = self.starts.get(line_idx).copied().unwrap_or(0);
        let column = text
            .get(line_start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        Span {
            offset,
            len: end - offset,
            line: line_idx + 1,
            column,
        }
    }
}
