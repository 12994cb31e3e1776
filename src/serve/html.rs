//! Text into HTML: escaping, and scenario prose (paragraphs separated by
//! blank lines, `code` in backticks) into markup. Every scenario string is
//! untrusted here; nothing reaches the page unescaped.

/// `text` with the five characters that mean something in HTML escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Paragraphs as `<p>` elements; a paragraph's line breaks are spaces, and
/// a span between backticks becomes `<code>`.
pub fn prose(text: &str) -> String {
    let mut out = String::new();
    for paragraph in text.split("\n\n") {
        let flat = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        if flat.is_empty() {
            continue;
        }
        out.push_str("<p>");
        out.push_str(&inline_code(&flat));
        out.push_str("</p>\n");
    }
    out
}

/// Escapes `text`, turning each pair of backticks into a `<code>` span; an
/// unpaired backtick stays as it is.
fn inline_code(text: &str) -> String {
    let pieces: Vec<&str> = text.split('`').collect();
    let mut out = String::new();
    let paired = pieces.len() % 2 == 1;
    for (i, piece) in pieces.iter().enumerate() {
        let inside = i % 2 == 1;
        // The piece after a last, unpaired backtick is plain text.
        let unpaired = !paired && i + 1 == pieces.len();
        if inside && !unpaired {
            out.push_str("<code>");
            out.push_str(&escape(piece));
            out.push_str("</code>");
        } else {
            if inside {
                out.push('`');
            }
            out.push_str(&escape(piece));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{escape, prose};

    #[test]
    fn markup_in_scenario_text_is_escaped() {
        assert_eq!(
            escape("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
        assert_eq!(
            prose("run `<b>` now"),
            "<p>run <code>&lt;b&gt;</code> now</p>\n"
        );
    }

    #[test]
    fn paragraphs_are_reflowed_and_unpaired_backticks_kept() {
        assert_eq!(
            prose("  one\n  two\n\n\n  three `x"),
            "<p>one two</p>\n<p>three `x</p>\n"
        );
    }
}
