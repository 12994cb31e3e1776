//! A fast path for the KDL that scenario files are written in.
//!
//! The kdl crate's parser recovers from errors, and pays for it on every
//! file: parsing the 8 KiB seed scenario took ~45 M instructions, 90 % of a
//! whole `dockdrill grade` (docs/PERFORMANCE.md). Files the syntax gate
//! accepted are well-formed, so they need no recovery. This builds the
//! document (names, values, spans) directly, for the common subset:
//! bare and quoted identifiers, quoted and multi-line strings, decimal
//! integers, `#true`/`#false`/`#null`, properties, children, `//` comments
//! and `;`. On anything else (type annotations, slashdash, block comments,
//! raw strings, floats, line continuations, CR, non-ASCII identifiers...)
//! it returns `None` and the kdl crate parses the file as before.
//!
//! It builds the walker's own [`Document`] (not kdl's, whose formatting
//! details the walker never reads), with strings borrowed from the text
//! wherever they need no unescaping. A differential test (below) holds it
//! to kdl's output converted by `Document::from_kdl`, spans included.

use std::borrow::Cow;

use miette::SourceSpan;

use super::tree::{Document, Entry, Ident, Node, Value};

/// Nesting beyond this goes to kdl (the gate caps it lower anyway).
const MAX_DEPTH: usize = 128;

pub(crate) fn parse(text: &str) -> Option<Document<'_>> {
    if text.contains('\r') || has_disallowed(text) {
        return None;
    }
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        node_stack: Vec::new(),
        entry_stack: Vec::new(),
    };
    let doc = p.nodes(0)?;
    (p.pos == text.len()).then_some(doc)
}

/// Code points KDL forbids anywhere in a document (controls other than tab
/// and newline, DEL, bidi overrides, a BOM): the syntax gate reports them,
/// and this path must not take what the gate (or kdl) would refuse.
fn has_disallowed(text: &str) -> bool {
    // A fold without early exit, so that it compiles to a vector loop
    // (`any` stops at each byte's verdict: ~6 instructions a byte).
    let control = text.bytes().fold(false, |found, b| {
        found | ((b < 0x20) & (b != b'\t') & (b != b'\n')) | (b == 0x7f)
    });
    control
        || (!text.is_ascii()
            && text.chars().any(|c| {
                matches!(c, '\u{85}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{80}'..='\u{9f}')
            }))
}

/// Bytes a bare identifier may hold: ASCII letters and digits and
/// ``-_.:@+*!?$%&<>~^,|'`` (a lookup instead of a search per byte).
const BARE_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        #[allow(clippy::cast_possible_truncation)]
        let byte = b as u8;
        table[b] = byte.is_ascii_alphanumeric();
        b += 1;
    }
    let extra = b"-_.:@+*!?$%&<>~^,|'";
    let mut i = 0;
    while i < extra.len() {
        table[extra[i] as usize] = true;
        i += 1;
    }
    table
};

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    /// The nodes of the blocks being read, innermost last: each block's
    /// nodes are moved out into a list of their exact size when it ends
    /// (one allocation, where pushing onto a list of its own grows it).
    node_stack: Vec<Node<'t>>,
    /// The same for the entries of the node being read.
    entry_stack: Vec<Entry<'t>>,
}

fn span(start: usize, end: usize) -> SourceSpan {
    SourceSpan::new(start.into(), end - start)
}

impl<'t> Parser<'t> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn at(&self, s: &str) -> bool {
        self.bytes
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(s.as_bytes()))
    }

    /// Spaces and tabs. Anything subtler (block comments, continuations,
    /// Unicode spaces) sends the file to kdl.
    fn spaces(&mut self) -> Option<()> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t') => self.pos += 1,
                Some(b'\\') => return None,
                _ if self.at("/*") || self.at("/-") => return None,
                _ => return Some(()),
            }
        }
    }

    /// A `//` comment up to (not including) its newline.
    fn line_comment(&mut self) {
        while self.peek().is_some_and(|b| b != b'\n') {
            self.pos += 1;
        }
    }

    /// Blank lines, comment lines and stray terminators between nodes.
    fn line_space(&mut self) -> Option<()> {
        loop {
            self.spaces()?;
            if self.at("//") {
                self.line_comment();
            } else if matches!(self.peek(), Some(b'\n')) {
                self.pos += 1;
            } else {
                return Some(());
            }
        }
    }

    /// `nodes`: the document's (or a child block's) nodes. The document
    /// span runs from the first node to the end of the last, as kdl's does.
    fn nodes(&mut self, depth: usize) -> Option<Document<'t>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let base = self.node_stack.len();
        self.line_space()?;
        let start = self.pos;
        let mut end = start;
        loop {
            match self.peek() {
                None => break,
                Some(b'}') if depth > 0 => break,
                _ => {}
            }
            let node = self.node(depth)?;
            end = self.pos;
            self.node_stack.push(node);
            // The terminator: newline, `;`, a comment, or the end.
            if self.at("//") {
                self.line_comment();
            }
            match self.peek() {
                Some(b'\n' | b';') => self.pos += 1,
                None => {}
                Some(b'}') if depth > 0 => {}
                _ => return None,
            }
            self.line_space()?;
        }
        let nodes: Vec<Node<'t>> = self.node_stack.drain(base..).collect();
        Some(Document::new(nodes, span(start, end)))
    }

    fn node(&mut self, depth: usize) -> Option<Node<'t>> {
        let start = self.pos;
        if matches!(self.peek(), Some(b'(' | b'{')) {
            return None;
        }
        let name = self.identifier()?;
        let base = self.entry_stack.len();
        let mut block = None;
        loop {
            let before = self.pos;
            self.spaces()?;
            match self.peek() {
                None | Some(b'\n' | b';' | b'}') => break,
                _ if self.at("//") => break,
                Some(b'{') => {
                    self.pos += 1;
                    let children = self.nodes(depth + 1)?;
                    if self.peek() != Some(b'}') {
                        return None;
                    }
                    self.pos += 1;
                    block = Some(children);
                    self.spaces()?;
                    if !(self.peek().is_none_or(|b| matches!(b, b'\n' | b';' | b'}'))
                        || self.at("//"))
                    {
                        return None;
                    }
                    break;
                }
                _ => {}
            }
            if self.pos == before {
                // An entry must be separated from what precedes it.
                return None;
            }
            let entry = self.entry()?;
            self.entry_stack.push(entry);
        }
        let entries: Vec<Entry<'t>> = self.entry_stack.drain(base..).collect();
        Some(Node::new(name, entries, block, span(start, self.pos)))
    }

    fn entry(&mut self) -> Option<Entry<'t>> {
        let start = self.pos;
        if self.peek() == Some(b'(') {
            return None;
        }
        let (name, value) = match self.peek() {
            Some(b'#') => (None, self.keyword()?),
            Some(b'0'..=b'9') => (None, self.integer()?),
            Some(b'-' | b'+') if self.bytes.get(self.pos + 1).is_some_and(u8::is_ascii_digit) => {
                (None, self.integer()?)
            }
            _ => {
                let text = self.string()?;
                if self.peek() == Some(b'=') {
                    let key = Ident::new(text, span(start, self.pos));
                    self.pos += 1;
                    (Some(key), self.value()?)
                } else {
                    (None, Value::String(text))
                }
            }
        };
        Some(Entry::new(name, value, span(start, self.pos)))
    }

    /// A property's value: anything but a bare identifier key again.
    fn value(&mut self) -> Option<Value<'t>> {
        match self.peek() {
            Some(b'#') => self.keyword(),
            Some(b'0'..=b'9' | b'-' | b'+')
                if self.peek() != Some(b'-') && self.peek() != Some(b'+')
                    || self.bytes.get(self.pos + 1).is_some_and(u8::is_ascii_digit) =>
            {
                self.integer()
            }
            Some(b'(') | None => None,
            _ => self.string().map(Value::String),
        }
    }

    fn keyword(&mut self) -> Option<Value<'t>> {
        for (word, value) in [
            ("#true", Value::Bool(true)),
            ("#false", Value::Bool(false)),
            ("#null", Value::Null),
        ] {
            if self.at(word) {
                self.pos += word.len();
                return self.ends_token().then_some(value);
            }
        }
        None
    }

    /// A decimal integer; floats, radix prefixes and `_` go to kdl.
    fn integer(&mut self) -> Option<Value<'t>> {
        let start = self.pos;
        if matches!(self.peek(), Some(b'-' | b'+')) {
            self.pos += 1;
        }
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        if !self.ends_token() {
            return None;
        }
        let digits = self.text.get(start..self.pos)?;
        digits.parse::<i128>().ok().map(Value::Integer)
    }

    /// Whether the token just read is followed by something that may
    /// follow a value.
    fn ends_token(&self) -> bool {
        match self.peek() {
            None | Some(b' ' | b'\t' | b'\n' | b';' | b'}') => true,
            _ => self.at("//"),
        }
    }

    /// A node name or property key or string value: bare or quoted.
    fn identifier(&mut self) -> Option<Ident<'t>> {
        let start = self.pos;
        let value = self.string()?;
        Some(Ident::new(value, span(start, self.pos)))
    }

    /// An identifier's text: what a string argument or value keeps.
    fn string(&mut self) -> Option<Cow<'t, str>> {
        match self.peek() {
            Some(b'"') if self.at("\"\"\"") => self.multi_line(),
            Some(b'"') => self.quoted(),
            _ => self.bare(),
        }
    }

    fn bare(&mut self) -> Option<Cow<'t, str>> {
        let start = self.pos;
        while self.peek().is_some_and(|b| BARE_BYTE[usize::from(b)]) {
            self.pos += 1;
        }
        let word = self.text.get(start..self.pos)?;
        let mut chars = word.chars();
        let first = chars.next()?;
        let second = chars.next();
        let looks_numeric = first.is_ascii_digit()
            || (matches!(first, '-' | '+' | '.') && second.is_some_and(|c| c.is_ascii_digit()))
            || (matches!(first, '-' | '+')
                && second == Some('.')
                && chars.next().is_some_and(|c| c.is_ascii_digit()));
        let keyword = matches!(word, "true" | "false" | "null" | "inf" | "-inf" | "nan");
        if looks_numeric || keyword || !(self.ends_token() || self.peek() == Some(b'=')) {
            return None;
        }
        Some(Cow::Borrowed(word))
    }

    /// `"..."` on one line, with the common escapes; borrowed from the
    /// text when it has none.
    fn quoted(&mut self) -> Option<Cow<'t, str>> {
        self.pos += 1;
        let mut out = Cow::Borrowed("");
        loop {
            // A byte search: the three stops are ASCII, so they never fall
            // inside a multi-byte character (`str::find` with a char set
            // decodes every character on the way).
            let stop = memchr::memchr3(b'"', b'\\', b'\n', self.bytes.get(self.pos..)?)?;
            let run = self.text.get(self.pos..self.pos + stop)?;
            if out.is_empty() {
                out = Cow::Borrowed(run);
            } else {
                out.to_mut().push_str(run);
            }
            self.pos += stop;
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return (self.ends_token() || self.peek() == Some(b'=')).then_some(out);
                }
                b'\\' => {
                    let c = match self.bytes.get(self.pos + 1)? {
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'"' => '"',
                        b'\\' => '\\',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b's' => ' ',
                        _ => return None,
                    };
                    out.to_mut().push(c);
                    self.pos += 2;
                }
                _ => return None,
            }
        }
    }

    /// `"""` newline, lines, then a line of only the indentation to strip
    /// and `"""`. No escapes here: those go to kdl.
    fn multi_line(&mut self) -> Option<Cow<'t, str>> {
        self.pos += 3;
        if self.peek() != Some(b'\n') {
            return None;
        }
        self.pos += 1;
        let rest = self.text.get(self.pos..)?;
        // Byte searches: the needles are ASCII, so a match never falls
        // inside a multi-byte character.
        let close = memchr::memmem::find(rest.as_bytes(), b"\"\"\"")?;
        let body = rest.get(..close)?;
        if memchr::memchr(b'\\', body.as_bytes()).is_some() {
            return None;
        }
        let (lines, indent) = match memchr::memrchr(b'\n', body.as_bytes()) {
            Some(i) => (body.get(..i)?, body.get(i + 1..)?),
            None => ("", body),
        };
        if !indent.bytes().all(|b| b == b' ' || b == b'\t') {
            return None;
        }
        let mut out = String::with_capacity(lines.len());
        if lines.len() < body.len() {
            let mut line_start = 0;
            loop {
                let line_end = memchr::memchr(b'\n', lines.get(line_start..)?.as_bytes())
                    .map_or(lines.len(), |i| line_start + i);
                if line_start > 0 {
                    out.push('\n');
                }
                let line = lines.get(line_start..line_end)?;
                if !line.bytes().all(|b| b == b' ' || b == b'\t') {
                    out.push_str(line.strip_prefix(indent)?);
                }
                if line_end == lines.len() {
                    break;
                }
                line_start = line_end + 1;
            }
        }
        self.pos += close + 3;
        (self.ends_token() || self.peek() == Some(b'=')).then_some(Cow::Owned(out))
    }
}

#[cfg(test)]
mod tests {
    use kdl::KdlDocument;

    use super::super::tree::Document;

    /// Where the fast path answers, it answers what kdl answers.
    fn agrees(text: &str) -> bool {
        let Some(fast) = super::parse(text) else {
            return false;
        };
        let Ok(slow) = KdlDocument::parse_v2(text) else {
            panic!("fast path accepted what kdl rejects:\n{text}");
        };
        assert_eq!(fast, Document::from_kdl(&slow), "for:\n{text}");
        true
    }

    #[test]
    fn shipped_scenarios_on_the_fast_path_match_kdl() {
        let mut seen = 0;
        for path in crate::testdata::shipped_scenarios() {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            // A scenario may use KDL beyond the subset (then kdl parses
            // it); the seed incident must not.
            let fast = agrees(&text);
            assert!(
                fast || !path.ends_with("latest-drifted.kdl"),
                "{} left the fast path",
                path.display()
            );
            seen += usize::from(fast);
        }
        assert!(seen > 0);
    }

    #[test]
    fn fast_path_matches_kdl_on_every_form_it_takes() {
        let cases = [
            "a",
            "a\n",
            "a;b;c",
            "  a 1 -2 +3 0\n",
            "a \"x\" y=\"z\" k=v n=12 t=#true f=#false z=#null",
            "a \"esc \\n \\t \\\" \\\\ \\s\"",
            "node { child 1; other { deep \"x\" } }\n",
            "node {\n    child 1\n\n    // comment\n    other\n}\n",
            "a // trailing comment\nb\n",
            "// leading comment\n\na\n\n// trailing\n",
            "a   \n  b   {   c   }   \n",
            "a {\n}\n",
            "a {}\nb",
            "brief \"\"\"\n    one\n      two\n\n    three\n    \"\"\"\n",
            "brief \"\"\"\n    \"\"\"\n",
            "label org.opencontainers.image.source=\"https://x\"",
            "\"quoted name\" \"quoted\"=1",
            "a b-c d_e f.g h:i",
            "x {\n  y {\n    z 1\n  }\n}",
            "x\n}",
            "a -",
            "a - -x",
        ];
        let mut fast_taken = Vec::new();
        for text in cases {
            if KdlDocument::parse_v2(text).is_ok() {
                if agrees(text) {
                    fast_taken.push(text);
                }
            } else {
                assert!(
                    super::parse(text).is_none(),
                    "fast path accepted invalid {text:?}"
                );
            }
        }
        // Every valid case here is in the subset: none may fall back.
        let valid = cases
            .iter()
            .filter(|t| KdlDocument::parse_v2(t).is_ok())
            .count();
        assert_eq!(
            fast_taken.len(),
            valid,
            "took the fast path: {fast_taken:?}"
        );
    }

    /// Mutations of the seed scenario (deleted ranges, inserted
    /// punctuation): wherever the fast path answers, kdl answers the same.
    #[test]
    fn mutated_seed_agrees_with_kdl_wherever_the_fast_path_answers() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/latest-drifted.kdl");
        let seed = std::fs::read_to_string(path).unwrap_or_default();
        let mut mutator = super::super::mutate::Mutator::new(0x2545_f491_4f6c_dd1d);
        let inserts = [
            "\"", "{", "}", ";", "=", " ", "\n", "#", "-", "1", "//", "\"\"\"", "\\", "\u{1}",
            "\u{7f}", "\u{200e}", "\u{2028}", "\u{85}", "\u{feff}", "\u{b}",
        ];
        let mut answered = 0;
        for _ in 0..120 {
            let text = mutator.mutate(&seed, &inserts);
            if super::parse(&text).is_some() {
                assert!(agrees(&text));
                answered += 1;
            }
        }
        assert!(answered > 15, "only {answered} mutants took the fast path");
    }

    #[test]
    fn unusual_forms_go_to_kdl() {
        for text in [
            "(ty)a",
            "a (ty)1",
            "/-a\nb",
            "a /-1 2",
            "a /* c */ 1",
            "a 1.5",
            "a 0x10",
            "a 1_000",
            "a #\"raw\"#",
            "a \\\n 1",
            "a\r\nb",
            "a #inf",
            "a \"\\u{41}\"",
            "é 1",
        ] {
            assert!(super::parse(text).is_none(), "{text:?} took the fast path");
        }
    }
}
