//! Word wrapping for terminal text: paragraphs reflowed to a width, with
//! an indent for the first line and one for the rest.

use unicode_width::UnicodeWidthStr;

/// Reflows `text` (one paragraph: its line breaks are spaces) into lines of
/// at most `width` columns where words allow; a word longer than the width
/// gets a line of its own. Every line ends in `\n`.
pub fn paragraph(text: &str, width: usize, first_indent: &str, rest_indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::from(first_indent);
    let mut line_has_word = false;
    for word in text.split_whitespace() {
        let fits = line.width() + 1 + word.width() <= width;
        if line_has_word && !fits {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(rest_indent);
            line_has_word = false;
        }
        if line_has_word {
            line.push(' ');
        }
        line.push_str(word);
        line_has_word = true;
    }
    if line_has_word || out.is_empty() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Reflows text made of paragraphs separated by blank lines, keeping the
/// blank lines.
pub fn paragraphs(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut current: Vec<&str> = Vec::new();
    let flush = |current: &mut Vec<&str>, out: &mut String| {
        if current.is_empty() {
            return;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&paragraph(&current.join(" "), width, indent, indent));
        current.clear();
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut current, &mut out);
        } else {
            current.push(line.trim());
        }
    }
    flush(&mut current, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::{paragraph, paragraphs};

    #[test]
    fn wraps_at_word_boundaries_with_hanging_indent() {
        assert_eq!(
            paragraph("one two three four", 10, "- ", "  "),
            "- one two\n  three\n  four\n"
        );
    }

    #[test]
    fn a_word_longer_than_the_width_stands_alone() {
        assert_eq!(
            paragraph("a abcdefghijkl b", 6, "", ""),
            "a\nabcdefghijkl\nb\n"
        );
    }

    #[test]
    fn paragraphs_keep_their_blank_line() {
        assert_eq!(
            paragraphs("one\ntwo\n\nthree\n", 20, "  "),
            "  one two\n\n  three\n"
        );
    }
}
