//! The two pattern languages the daemon's list filters use: Go's `regexp`
//! (RE2 syntax, unanchored search) for `filters.Match`, and `path.Match`
//! globs for image references.

use std::cell::Cell;

/// `regexp.MatchString(pattern, text)`; `None` when the pattern does not
/// compile (the daemon then skips that filter value).
pub fn regex_match(pattern: &str, text: &str) -> Option<bool> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut p = Parser {
        chars: &chars,
        pos: 0,
        groups: 0,
    };
    let node = p.alternation()?;
    if p.pos != chars.len() {
        return None;
    }
    let text: Vec<char> = text.chars().collect();
    let steps = Cell::new(0usize);
    Some((0..=text.len()).any(|start| matches(&node, &text, start, &mut |_| true, &steps)))
}

#[derive(Clone, Debug)]
enum Node {
    Empty,
    Char(char),
    Any,
    Class(Vec<(char, char)>, bool),
    Begin,
    End,
    WordBoundary(bool),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat(Box<Node>, usize, Option<usize>, bool),
}

struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
    groups: usize,
}

const MAX_REPEAT: usize = 1000;

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn alternation(&mut self) -> Option<Node> {
        let mut alts = vec![self.concat()?];
        while self.peek() == Some('|') {
            self.pos += 1;
            alts.push(self.concat()?);
        }
        Some(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alts)
        })
    }

    fn concat(&mut self) -> Option<Node> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            let atom = self.quantified(atom)?;
            items.push(atom);
        }
        Some(Node::Concat(items))
    }

    fn quantified(&mut self, atom: Node) -> Option<Node> {
        let mut node = atom;
        let mut quantified = false;
        loop {
            let (min, max) = match self.peek() {
                Some('*') => {
                    self.pos += 1;
                    (0, None)
                }
                Some('+') => {
                    self.pos += 1;
                    (1, None)
                }
                Some('?') => {
                    self.pos += 1;
                    (0, Some(1))
                }
                Some('{') => match self.braces() {
                    Some(r) => r,
                    None => return Some(node),
                },
                _ => return Some(node),
            };
            // RE2 rejects stacked repetition such as `a**`.
            if quantified || matches!(node, Node::Begin | Node::End | Node::Empty) {
                return None;
            }
            let lazy = self.peek() == Some('?');
            if lazy {
                self.pos += 1;
            }
            node = Node::Repeat(Box::new(node), min, max, lazy);
            quantified = true;
        }
    }

    /// `{n}`, `{n,}`, `{n,m}`; anything else is a literal `{`.
    fn braces(&mut self) -> Option<(usize, Option<usize>)> {
        let start = self.pos;
        let mut i = self.pos + 1;
        let num = |i: &mut usize, chars: &[char]| -> Option<usize> {
            let s = *i;
            while chars.get(*i).is_some_and(char::is_ascii_digit) {
                *i += 1;
            }
            if *i == s {
                return None;
            }
            chars[s..*i].iter().collect::<String>().parse().ok()
        };
        let min = num(&mut i, self.chars)?;
        let max = if self.chars.get(i) == Some(&',') {
            i += 1;
            if self.chars.get(i) == Some(&'}') {
                None
            } else {
                Some(num(&mut i, self.chars)?)
            }
        } else {
            Some(min)
        };
        if self.chars.get(i) != Some(&'}') {
            self.pos = start;
            return None;
        }
        if min > MAX_REPEAT || max.is_some_and(|m| m > MAX_REPEAT || m < min) {
            return None;
        }
        self.pos = i + 1;
        Some((min, max))
    }

    fn atom(&mut self) -> Option<Node> {
        let c = self.peek()?;
        self.pos += 1;
        Some(match c {
            '.' => Node::Any,
            '^' => Node::Begin,
            '$' => Node::End,
            '(' => {
                if self.chars[self.pos..].starts_with(&['?', ':']) {
                    self.pos += 2;
                } else if self.peek() == Some('?') {
                    return None;
                }
                self.groups += 1;
                let inner = self.alternation()?;
                if self.peek() != Some(')') {
                    return None;
                }
                self.pos += 1;
                inner
            }
            '[' => self.class()?,
            '\\' => self.escape(false)?,
            '*' | '+' | '?' | ')' => return None,
            c => Node::Char(c),
        })
    }

    fn escape(&mut self, in_class: bool) -> Option<Node> {
        let c = self.peek()?;
        self.pos += 1;
        let perl = |ranges: Vec<(char, char)>, negated: bool| Some(Node::Class(ranges, negated));
        match c {
            'd' => perl(vec![('0', '9')], false),
            'D' => perl(vec![('0', '9')], true),
            'w' => perl(word_ranges(), false),
            'W' => perl(word_ranges(), true),
            's' => perl(space_ranges(), false),
            'S' => perl(space_ranges(), true),
            'b' if !in_class => Some(Node::WordBoundary(true)),
            'B' if !in_class => Some(Node::WordBoundary(false)),
            'A' if !in_class => Some(Node::Begin),
            'z' if !in_class => Some(Node::End),
            'n' => Some(Node::Char('\n')),
            't' => Some(Node::Char('\t')),
            'r' => Some(Node::Char('\r')),
            'f' => Some(Node::Char('\u{c}')),
            'v' => Some(Node::Char('\u{b}')),
            'a' => Some(Node::Char('\u{7}')),
            c if c.is_ascii_punctuation() => Some(Node::Char(c)),
            _ => None,
        }
    }

    fn class(&mut self) -> Option<Node> {
        let mut negated = false;
        if self.peek() == Some('^') {
            negated = true;
            self.pos += 1;
        }
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let c = self.peek()?;
            if c == ']' && !first {
                self.pos += 1;
                break;
            }
            first = false;
            if c == '[' && self.chars.get(self.pos + 1) == Some(&':') {
                let rest: String = self.chars[self.pos..].iter().collect();
                let end = rest.find(":]")?;
                let name = &rest[2..end];
                ranges.extend(posix_class(name)?);
                self.pos += rest[..end + 2].chars().count();
                continue;
            }
            let lo = self.class_char()?;
            let lo = match lo {
                Node::Char(c) => c,
                Node::Class(r, false) => {
                    ranges.extend(r);
                    continue;
                }
                Node::Class(r, true) => {
                    ranges.extend(complement(&r));
                    continue;
                }
                _ => return None,
            };
            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|&c| c != ']') {
                self.pos += 1;
                let hi = match self.class_char()? {
                    Node::Char(c) => c,
                    _ => return None,
                };
                if hi < lo {
                    return None;
                }
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        Some(Node::Class(ranges, negated))
    }

    fn class_char(&mut self) -> Option<Node> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\\' {
            self.escape(true)
        } else {
            Some(Node::Char(c))
        }
    }
}

fn word_ranges() -> Vec<(char, char)> {
    vec![('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')]
}

fn space_ranges() -> Vec<(char, char)> {
    vec![('\t', '\n'), ('\u{c}', '\r'), (' ', ' ')]
}

fn posix_class(name: &str) -> Option<Vec<(char, char)>> {
    Some(match name {
        "alnum" => vec![('0', '9'), ('A', 'Z'), ('a', 'z')],
        "alpha" => vec![('A', 'Z'), ('a', 'z')],
        "digit" => vec![('0', '9')],
        "lower" => vec![('a', 'z')],
        "upper" => vec![('A', 'Z')],
        "space" => vec![('\t', '\r'), (' ', ' ')],
        "word" => word_ranges(),
        "xdigit" => vec![('0', '9'), ('A', 'F'), ('a', 'f')],
        "punct" => vec![('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        _ => return None,
    })
}

fn complement(ranges: &[(char, char)]) -> Vec<(char, char)> {
    let mut sorted = ranges.to_vec();
    sorted.sort();
    let mut out = Vec::new();
    let mut next = 0u32;
    for (lo, hi) in sorted {
        if (lo as u32) > next
            && let Some(end) = char::from_u32(lo as u32 - 1)
            && let Some(start) = char::from_u32(next)
        {
            out.push((start, end));
        }
        next = next.max(hi as u32 + 1);
    }
    if let Some(start) = char::from_u32(next) {
        out.push((start, char::MAX));
    }
    out
}

fn is_word(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
}

/// Backtracking match of `node` at `pos`, calling `k` with each end position.
/// `steps` bounds the work so a hostile pattern cannot hang the simulator.
fn matches(
    node: &Node,
    text: &[char],
    pos: usize,
    k: &mut dyn FnMut(usize) -> bool,
    steps: &Cell<usize>,
) -> bool {
    steps.set(steps.get() + 1);
    if steps.get() > 1_000_000 {
        return false;
    }
    match node {
        Node::Empty => k(pos),
        Node::Char(c) => text.get(pos) == Some(c) && k(pos + 1),
        // RE2's `.` does not match a newline without the `s` flag.
        Node::Any => text.get(pos).is_some_and(|&c| c != '\n') && k(pos + 1),
        Node::Class(ranges, negated) => {
            text.get(pos)
                .is_some_and(|&c| ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated)
                && k(pos + 1)
        }
        Node::Begin => pos == 0 && k(pos),
        Node::End => pos == text.len() && k(pos),
        Node::WordBoundary(want) => {
            let before = pos.checked_sub(1).and_then(|i| text.get(i));
            (is_word(before) != is_word(text.get(pos))) == *want && k(pos)
        }
        Node::Concat(items) => concat(items, text, pos, k, steps),
        Node::Alt(alts) => alts.iter().any(|a| matches(a, text, pos, k, steps)),
        Node::Repeat(inner, min, max, lazy) => {
            let rep = Rep {
                inner,
                lazy: *lazy,
                text,
                steps,
            };
            rep.run(*min, *max, pos, usize::MAX, k)
        }
    }
}

fn concat(
    items: &[Node],
    text: &[char],
    pos: usize,
    k: &mut dyn FnMut(usize) -> bool,
    steps: &Cell<usize>,
) -> bool {
    match items.split_first() {
        None => k(pos),
        Some((first, rest)) => matches(
            first,
            text,
            pos,
            &mut |p| concat(rest, text, p, k, steps),
            steps,
        ),
    }
}

struct Rep<'a> {
    inner: &'a Node,
    lazy: bool,
    text: &'a [char],
    steps: &'a Cell<usize>,
}

impl Rep<'_> {
    fn run(
        &self,
        min: usize,
        max: Option<usize>,
        pos: usize,
        last: usize,
        k: &mut dyn FnMut(usize) -> bool,
    ) -> bool {
        let max_less = max.map(|m| m.saturating_sub(1));
        if min > 0 {
            return matches(
                self.inner,
                self.text,
                pos,
                &mut |p| self.run(min - 1, max_less, p, usize::MAX, k),
                self.steps,
            );
        }
        // An empty iteration cannot make progress; stop to avoid looping.
        if max == Some(0) || pos == last {
            return k(pos);
        }
        if self.lazy {
            k(pos)
                || matches(
                    self.inner,
                    self.text,
                    pos,
                    &mut |p| self.run(0, max_less, p, pos, k),
                    self.steps,
                )
        } else {
            matches(
                self.inner,
                self.text,
                pos,
                &mut |p| self.run(0, max_less, p, pos, k),
                self.steps,
            ) || k(pos)
        }
    }
}

/// `path.ErrBadPattern`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadPattern;

impl std::fmt::Display for BadPattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("syntax error in pattern")
    }
}

/// Go's `path.Match`.
pub fn path_match(pattern: &str, name: &str) -> Result<bool, BadPattern> {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    validate_glob(&p)?;
    Ok(glob(&p, &n))
}

fn validate_glob(p: &[char]) -> Result<(), BadPattern> {
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            '\\' => {
                if i + 1 >= p.len() {
                    return Err(BadPattern);
                }
                i += 2;
            }
            '[' => {
                i += 1;
                if p.get(i) == Some(&'^') {
                    i += 1;
                }
                let mut first = true;
                loop {
                    match p.get(i) {
                        None => return Err(BadPattern),
                        Some(']') if !first => {
                            i += 1;
                            break;
                        }
                        Some(_) => {
                            first = false;
                            let lo = class_atom(p, &mut i)?;
                            if p.get(i) == Some(&'-') {
                                i += 1;
                                let hi = class_atom(p, &mut i)?;
                                if hi < lo {
                                    return Err(BadPattern);
                                }
                            }
                        }
                    }
                }
            }
            _ => i += 1,
        }
    }
    Ok(())
}

fn class_atom(p: &[char], i: &mut usize) -> Result<char, BadPattern> {
    let c = *p.get(*i).ok_or(BadPattern)?;
    if c == '-' || c == ']' {
        return Err(BadPattern);
    }
    if c == '\\' {
        let e = *p.get(*i + 1).ok_or(BadPattern)?;
        *i += 2;
        return Ok(e);
    }
    *i += 1;
    Ok(c)
}

fn glob(p: &[char], n: &[char]) -> bool {
    match p.first() {
        None => n.is_empty(),
        Some('*') => (0..=n.len())
            .take_while(|&i| i == 0 || n[i - 1] != '/')
            .any(|i| glob(&p[1..], &n[i..])),
        Some('?') => n.first().is_some_and(|&c| c != '/') && glob(&p[1..], &n[1..]),
        Some('[') => {
            let Some(&c) = n.first() else { return false };
            let mut i = 1;
            let negated = p.get(i) == Some(&'^');
            if negated {
                i += 1;
            }
            let mut matched = false;
            let mut first = true;
            while let Some(&pc) = p.get(i) {
                if pc == ']' && !first {
                    break;
                }
                first = false;
                let Ok(lo) = class_atom(p, &mut i) else {
                    return false;
                };
                let mut hi = lo;
                if p.get(i) == Some(&'-') {
                    i += 1;
                    let Ok(h) = class_atom(p, &mut i) else {
                        return false;
                    };
                    hi = h;
                }
                if lo <= c && c <= hi {
                    matched = true;
                }
            }
            matched != negated && c != '/' && glob(p.get(i + 1..).unwrap_or(&[]), &n[1..])
        }
        Some('\\') => match (p.get(1), n.first()) {
            (Some(a), Some(b)) if a == b => glob(&p[2..], &n[1..]),
            _ => false,
        },
        Some(&pc) => n.first() == Some(&pc) && glob(&p[1..], &n[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regex_search_is_unanchored() {
        assert_eq!(regex_match("shop", "/shop-db-1"), Some(true));
        assert_eq!(regex_match("^/shop-db", "/shop-db-1"), Some(true));
        assert_eq!(regex_match("^shop-db", "/shop-db-1"), Some(false));
        assert_eq!(regex_match("db-[0-9]+$", "shop-db-12"), Some(true));
        assert_eq!(regex_match("a|b(c)?", "xxbc"), Some(true));
        assert_eq!(regex_match("^(run|exit)", "running"), Some(true));
        assert_eq!(regex_match("x{2,3}y", "axxy"), Some(true));
        assert_eq!(regex_match("x{2,3}y", "axy"), Some(false));
        assert_eq!(regex_match("[^a-z]", "abc"), Some(false));
        assert_eq!(
            regex_match("(a*)*b", "aaaaaaaaaaaaaaaaaaaaaaaaac"),
            Some(false)
        );
        assert_eq!(regex_match("(", "x"), None);
        assert_eq!(regex_match("a**", "x"), None);
    }

    #[test]
    fn globs_follow_path_match() {
        assert_eq!(path_match("busybox:1.*", "busybox:1.36"), Ok(true));
        assert_eq!(path_match("*/*", "acme/worker"), Ok(true));
        assert_eq!(path_match("*", "acme/worker"), Ok(false));
        assert_eq!(path_match("ghcr.io/acme/*", "ghcr.io/acme/api"), Ok(true));
        assert_eq!(path_match("[a-c]at", "bat"), Ok(true));
        assert_eq!(path_match("[^a-c]at", "bat"), Ok(false));
        assert_eq!(path_match("[", "x"), Err(BadPattern));
    }
}
