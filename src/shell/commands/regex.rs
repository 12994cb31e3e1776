//! The regular expressions `grep` needs: a POSIX BRE/ERE subset with GNU's
//! extensions and error texts.
//!
//! Matching runs a Thompson NFA (a Pike VM without captures), never a
//! backtracker: time stays linear in the text for any pattern, and a work
//! budget stops a large pattern over a large input instead of hanging.

/// Most counted repeats stacked on one atom (`a{2}{3}{4}...`); each adds a
/// level of recursion to compiling.
const MAX_STACKED_REPEATS: usize = 8;

/// Applies a postfix repeat. Stacked `*`, `+`, `?` fold into one (`a**`,
/// `a+?`: ranges starting at 0 or 1 compose exactly), so a long run of them
/// cannot nest the tree deeply.
fn repeat(
    atom: Node,
    min: u32,
    max: Option<u32>,
    nested: &mut usize,
) -> Result<Node, CompileError> {
    let simple = |min: u32, max: Option<u32>| min <= 1 && max.is_none_or(|max| max == 1);
    if let Node::Repeat {
        node,
        min: inner_min,
        max: inner_max,
    } = &atom
        && simple(min, max)
        && simple(*inner_min, *inner_max)
    {
        let max = if max.is_none() || inner_max.is_none() {
            None
        } else {
            Some(1)
        };
        return Ok(Node::Repeat {
            node: node.clone(),
            min: min * inner_min,
            max,
        });
    }
    *nested += 1;
    if *nested > MAX_STACKED_REPEATS {
        return Err(CompileError("Regular expression too big".to_string()));
    }
    Ok(Node::Repeat {
        node: Box::new(atom),
        min,
        max,
    })
}

/// Which POSIX flavour a pattern is written in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Flavor {
    Basic,
    Extended,
    Fixed,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Options {
    pub flavor: Flavor,
    pub ignore_case: bool,
    /// `-w`: the match must not touch word characters on either side.
    pub word: bool,
    /// `-x`: the match must be the whole line.
    pub line: bool,
}

/// A compile failure: GNU grep's message (without `grep: `).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct CompileError(pub String);

/// The matcher gave up: the pattern and input together need too much work.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Exhausted;

/// Counted repeats beyond this are refused, as GNU's RE_DUP_MAX.
const MAX_REPEAT: u32 = 32767;
/// Most NFA instructions a pattern may compile to.
const MAX_PROGRAM: usize = 50_000;
/// Deepest group nesting; the parser and compiler recurse on groups.
const MAX_NESTING: usize = 200;

#[derive(Clone, Debug)]
enum Node {
    Empty,
    Char(char),
    Any,
    Class(Class),
    Assert(Assertion),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Assertion {
    LineStart,
    LineEnd,
    WordBoundary,
    NotWordBoundary,
    WordStart,
    WordEnd,
    /// Not preceded by a word character (`-w`).
    NoWordBefore,
    /// Not followed by a word character (`-w`).
    NoWordAfter,
}

#[derive(Clone, Debug)]
struct Class {
    negated: bool,
    items: Vec<ClassItem>,
}

#[derive(Clone, Debug)]
enum ClassItem {
    Char(char),
    Range(char, char),
    Named(fn(char) -> bool),
}

impl Class {
    fn matches(&self, c: char, ignore_case: bool) -> bool {
        let test = |c: char| {
            self.items.iter().any(|item| match item {
                ClassItem::Char(x) => *x == c,
                ClassItem::Range(lo, hi) => (*lo..=*hi).contains(&c),
                ClassItem::Named(f) => f(c),
            })
        };
        let hit = if ignore_case {
            test(c) || test(lower(c)) || test(upper(c))
        } else {
            test(c)
        };
        hit != self.negated
    }
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

fn upper(c: char) -> char {
    c.to_uppercase().next().unwrap_or(c)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn named_class(name: &str) -> Option<fn(char) -> bool> {
    Some(match name {
        "alpha" => char::is_alphabetic,
        "digit" => |c| c.is_ascii_digit(),
        "alnum" => char::is_alphanumeric,
        "upper" => char::is_uppercase,
        "lower" => char::is_lowercase,
        "space" => char::is_whitespace,
        "blank" => |c| c == ' ' || c == '\t',
        "punct" => |c| c.is_ascii_punctuation(),
        "xdigit" => |c| c.is_ascii_hexdigit(),
        "cntrl" => char::is_control,
        "print" => |c| !c.is_control(),
        "graph" => |c| !c.is_control() && !c.is_whitespace(),
        _ => return None,
    })
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    flavor: Flavor,
    groups: usize,
    depth: usize,
    warnings: &'a mut Vec<String>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn extended(&self) -> bool {
        self.flavor == Flavor::Extended
    }

    /// At a `|` (ERE) or `\|` (BRE)?
    fn at_alternation(&self) -> bool {
        if self.extended() {
            self.peek() == Some('|')
        } else {
            self.peek() == Some('\\') && self.peek_at(1) == Some('|')
        }
    }

    fn at_group_close(&self) -> bool {
        if self.extended() {
            self.peek() == Some(')')
        } else {
            self.peek() == Some('\\') && self.peek_at(1) == Some(')')
        }
    }

    fn alternation(&mut self) -> Result<Node, CompileError> {
        let mut branches = vec![self.concatenation()?];
        while self.at_alternation() {
            self.pos += if self.extended() { 1 } else { 2 };
            branches.push(self.concatenation()?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(branches)
        })
    }

    fn concatenation(&mut self) -> Result<Node, CompileError> {
        let mut items: Vec<Node> = Vec::new();
        loop {
            if self.peek().is_none() || self.at_alternation() {
                break;
            }
            if self.at_group_close() {
                if self.depth == 0 {
                    return Err(CompileError("Unmatched ) or \\)".to_string()));
                }
                break;
            }
            let at_start = items.is_empty()
                || (!self.extended()
                    && items.len() == 1
                    && matches!(items.first(), Some(Node::Assert(Assertion::LineStart))));
            let atom = self.atom(items.is_empty(), at_start)?;
            let atom = self.postfix(atom)?;
            items.push(atom);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    /// Reads `*`, `+`, `?` and intervals after an atom.
    fn postfix(&mut self, mut atom: Node) -> Result<Node, CompileError> {
        let mut nested = 0;
        loop {
            let (min, max, used) = match (self.peek(), self.peek_at(1)) {
                (Some('*'), _) => (0, None, 1),
                (Some('+'), _) if self.extended() => (1, None, 1),
                (Some('?'), _) if self.extended() => (0, Some(1), 1),
                (Some('\\'), Some('+')) if !self.extended() => (1, None, 2),
                (Some('\\'), Some('?')) if !self.extended() => (0, Some(1), 2),
                (Some('{'), _) if self.extended() && self.interval_follows(1) => {
                    self.pos += 1;
                    let (min, max) = self.interval()?;
                    (min, max, 0)
                }
                (Some('\\'), Some('{')) if !self.extended() => {
                    self.pos += 2;
                    let (min, max) = self.interval()?;
                    (min, max, 0)
                }
                _ => return Ok(atom),
            };
            self.pos += used;
            atom = repeat(atom, min, max, &mut nested)?;
        }
    }

    /// GNU ERE reads `{` as a literal unless an interval starts there.
    fn interval_follows(&self, offset: usize) -> bool {
        matches!(self.peek_at(offset), Some(c) if c.is_ascii_digit() || c == ',')
    }

    /// `m}`, `m,}`, `m,n}`, `,n}` (with `\}` in a BRE), cursor after the `{`.
    fn interval(&mut self) -> Result<(u32, Option<u32>), CompileError> {
        let number = |parser: &mut Self| -> Option<u32> {
            let mut digits = String::new();
            while let Some(c) = parser.peek().filter(char::is_ascii_digit) {
                digits.push(c);
                parser.pos += 1;
            }
            if digits.is_empty() {
                None
            } else {
                Some(digits.parse().unwrap_or(u32::MAX))
            }
        };
        let min = number(self);
        let max = if self.peek() == Some(',') {
            self.pos += 1;
            number(self)
        } else {
            Some(min.unwrap_or(0))
        };
        let closed = if self.extended() {
            self.peek() == Some('}')
        } else {
            self.peek() == Some('\\') && self.peek_at(1) == Some('}')
        };
        if !closed {
            return Err(CompileError(if self.peek().is_none() {
                "Unmatched \\{".to_string()
            } else {
                "Invalid content of \\{\\}".to_string()
            }));
        }
        self.pos += if self.extended() { 1 } else { 2 };
        let min = min.unwrap_or(0);
        if min > MAX_REPEAT || max.is_some_and(|max| max > MAX_REPEAT) {
            return Err(CompileError("Regular expression too big".to_string()));
        }
        if max.is_some_and(|max| max < min) {
            return Err(CompileError("Invalid content of \\{\\}".to_string()));
        }
        Ok((min, max))
    }

    fn atom(&mut self, first: bool, after_anchor: bool) -> Result<Node, CompileError> {
        let Some(c) = self.peek() else {
            return Ok(Node::Empty);
        };
        self.pos += 1;
        match c {
            '.' => Ok(Node::Any),
            '[' => self.bracket(),
            '*' if after_anchor => Ok(Node::Char('*')),
            '*' if self.extended() => Ok(Node::Char('*')),
            '+' | '?' if self.extended() && first => Ok(Node::Char(c)),
            '{' if self.extended() && first => Ok(Node::Char('{')),
            '^' if self.extended() || first => Ok(Node::Assert(Assertion::LineStart)),
            '$' if self.extended() || self.at_branch_end() => Ok(Node::Assert(Assertion::LineEnd)),
            '(' if self.extended() => self.group(),
            '\\' => self.escape(),
            _ => Ok(Node::Char(c)),
        }
    }

    /// In a BRE, `$` anchors only at the end of a branch.
    fn at_branch_end(&self) -> bool {
        self.peek().is_none() || self.at_alternation() || self.at_group_close()
    }

    fn group(&mut self) -> Result<Node, CompileError> {
        if self.depth >= MAX_NESTING {
            return Err(CompileError("Regular expression too big".to_string()));
        }
        self.groups += 1;
        self.depth += 1;
        let inner = self.alternation()?;
        self.depth -= 1;
        if !self.at_group_close() {
            return Err(CompileError("Unmatched ( or \\(".to_string()));
        }
        self.pos += if self.extended() { 1 } else { 2 };
        Ok(inner)
    }

    fn escape(&mut self) -> Result<Node, CompileError> {
        let Some(c) = self.peek() else {
            return Err(CompileError("Trailing backslash".to_string()));
        };
        self.pos += 1;
        let word = || {
            Node::Class(Class {
                negated: false,
                items: vec![ClassItem::Named(is_word_char)],
            })
        };
        let space = || ClassItem::Named(char::is_whitespace);
        Ok(match c {
            '(' if !self.extended() => return self.group(),
            ')' if !self.extended() => {
                return Err(CompileError("Unmatched ) or \\)".to_string()));
            }
            '{' if !self.extended() => Node::Char('{'),
            'w' => word(),
            'W' => Node::Class(Class {
                negated: true,
                items: vec![ClassItem::Named(is_word_char)],
            }),
            's' => Node::Class(Class {
                negated: false,
                items: vec![space()],
            }),
            'S' => Node::Class(Class {
                negated: true,
                items: vec![space()],
            }),
            'b' => Node::Assert(Assertion::WordBoundary),
            'B' => Node::Assert(Assertion::NotWordBoundary),
            '<' => Node::Assert(Assertion::WordStart),
            '>' => Node::Assert(Assertion::WordEnd),
            '`' => Node::Assert(Assertion::LineStart),
            '\'' => Node::Assert(Assertion::LineEnd),
            '1'..='9' => {
                let n = c.to_digit(10).unwrap_or(0) as usize;
                if n > self.groups {
                    return Err(CompileError("Invalid back reference".to_string()));
                }
                return Err(CompileError(
                    "back-references are not supported in drills".to_string(),
                ));
            }
            c if c.is_alphanumeric() => {
                self.warnings.push(format!("warning: stray \\ before {c}"));
                Node::Char(c)
            }
            c => Node::Char(c),
        })
    }

    /// A bracket expression, cursor after the `[`.
    fn bracket(&mut self) -> Result<Node, CompileError> {
        let unmatched = || CompileError("Unmatched [, [^, [:, [., or [=".to_string());
        let start = self.pos;
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let c = self.peek().ok_or_else(unmatched)?;
            self.pos += 1;
            if c == ']' && !first {
                break;
            }
            first = false;
            let low = if c == '[' && matches!(self.peek(), Some(':' | '.' | '=')) {
                let kind = self.peek().unwrap_or(':');
                self.pos += 1;
                let mut name = String::new();
                loop {
                    let n = self.peek().ok_or_else(unmatched)?;
                    self.pos += 1;
                    if n == kind && self.peek() == Some(']') {
                        self.pos += 1;
                        break;
                    }
                    name.push(n);
                }
                if kind == ':' {
                    let class = named_class(&name)
                        .ok_or_else(|| CompileError("Invalid character class name".to_string()))?;
                    items.push(ClassItem::Named(class));
                    continue;
                }
                let mut chars = name.chars();
                match (chars.next(), chars.next()) {
                    (Some(one), None) => one,
                    _ => return Err(CompileError("Invalid collation character".to_string())),
                }
            } else {
                c
            };
            if self.peek() == Some('-') && self.peek_at(1).is_some_and(|n| n != ']') {
                self.pos += 1;
                let high = self.peek().ok_or_else(unmatched)?;
                self.pos += 1;
                if high < low {
                    return Err(CompileError("Invalid range end".to_string()));
                }
                items.push(ClassItem::Range(low, high));
            } else {
                items.push(ClassItem::Char(low));
            }
        }
        // `[:digit:]` written without the outer brackets is a common slip
        // that GNU grep refuses outright.
        let body: String = self
            .chars
            .iter()
            .skip(start)
            .take(self.pos.saturating_sub(start + 1))
            .collect();
        if body.len() >= 2 && body.starts_with(':') && body.ends_with(':') {
            return Err(CompileError(
                "character class syntax is [[:space:]], not [:space:]".to_string(),
            ));
        }
        Ok(Node::Class(Class { negated, items }))
    }
}

#[derive(Clone, Debug)]
enum Inst {
    Char(char),
    Any,
    Class(Class),
    Assert(Assertion),
    Split(usize, usize),
    Jump(usize),
    Match,
}

/// A compiled set of patterns (any of which may match).
#[derive(Debug)]
pub(crate) struct Regex {
    program: Vec<Inst>,
    ignore_case: bool,
}

/// Compiles the patterns grep was given. Also returns GNU's warnings
/// (`stray \ before d`), which grep prints but which do not fail it.
pub(crate) fn compile(
    patterns: &[String],
    options: Options,
) -> Result<(Regex, Vec<String>), CompileError> {
    let mut warnings = Vec::new();
    let mut branches = Vec::new();
    for pattern in patterns {
        let node = if options.flavor == Flavor::Fixed {
            Node::Concat(pattern.chars().map(Node::Char).collect())
        } else {
            let mut parser = Parser {
                chars: pattern.chars().collect(),
                pos: 0,
                flavor: options.flavor,
                groups: 0,
                depth: 0,
                warnings: &mut warnings,
            };
            let node = parser.alternation()?;
            if parser.pos < parser.chars.len() {
                return Err(CompileError("Unmatched ) or \\)".to_string()));
            }
            node
        };
        branches.push(node);
    }
    let mut node = Node::Alt(branches);
    if options.word {
        node = Node::Concat(vec![
            Node::Assert(Assertion::NoWordBefore),
            node,
            Node::Assert(Assertion::NoWordAfter),
        ]);
    }
    if options.line {
        node = Node::Concat(vec![
            Node::Assert(Assertion::LineStart),
            node,
            Node::Assert(Assertion::LineEnd),
        ]);
    }
    let mut compiler = Compiler {
        program: Vec::new(),
    };
    compiler.emit_node(&node)?;
    compiler.push(Inst::Match)?;
    Ok((
        Regex {
            program: compiler.program,
            ignore_case: options.ignore_case,
        },
        warnings,
    ))
}

struct Compiler {
    program: Vec<Inst>,
}

impl Compiler {
    fn push(&mut self, inst: Inst) -> Result<usize, CompileError> {
        if self.program.len() >= MAX_PROGRAM {
            return Err(CompileError("Regular expression too big".to_string()));
        }
        self.program.push(inst);
        Ok(self.program.len() - 1)
    }

    fn patch(&mut self, at: usize, inst: Inst) {
        if let Some(slot) = self.program.get_mut(at) {
            *slot = inst;
        }
    }

    fn emit_node(&mut self, node: &Node) -> Result<(), CompileError> {
        match node {
            Node::Empty => {}
            Node::Char(c) => {
                self.push(Inst::Char(*c))?;
            }
            Node::Any => {
                self.push(Inst::Any)?;
            }
            Node::Class(class) => {
                self.push(Inst::Class(class.clone()))?;
            }
            Node::Assert(assertion) => {
                self.push(Inst::Assert(*assertion))?;
            }
            Node::Concat(items) => {
                for item in items {
                    self.emit_node(item)?;
                }
            }
            Node::Alt(branches) => {
                // split L1, next; L1: branch; jump end; next: split ...
                let mut jumps = Vec::new();
                let count = branches.len();
                for (index, branch) in branches.iter().enumerate() {
                    if index + 1 < count {
                        let split = self.push(Inst::Split(0, 0))?;
                        self.emit_node(branch)?;
                        jumps.push(self.push(Inst::Jump(0))?);
                        let next = self.program.len();
                        self.patch(split, Inst::Split(split + 1, next));
                    } else {
                        self.emit_node(branch)?;
                    }
                }
                let end = self.program.len();
                for jump in jumps {
                    self.patch(jump, Inst::Jump(end));
                }
            }
            Node::Repeat { node, min, max } => {
                for _ in 0..*min {
                    self.emit_node(node)?;
                }
                match max {
                    None => {
                        let split = self.push(Inst::Split(0, 0))?;
                        self.emit_node(node)?;
                        self.push(Inst::Jump(split))?;
                        let end = self.program.len();
                        self.patch(split, Inst::Split(split + 1, end));
                    }
                    Some(max) => {
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            splits.push(self.push(Inst::Split(0, 0))?);
                            self.emit_node(node)?;
                        }
                        let end = self.program.len();
                        for split in splits {
                            self.patch(split, Inst::Split(split + 1, end));
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// How much NFA work one grep run may do before giving up.
pub(crate) struct Budget(pub u64);

impl Budget {
    fn spend(&mut self, amount: usize) -> Result<(), Exhausted> {
        let amount = u64::try_from(amount).unwrap_or(u64::MAX);
        if self.0 < amount {
            return Err(Exhausted);
        }
        self.0 -= amount;
        Ok(())
    }
}

/// The NFA states alive at one position, each with the start of the match
/// that reached it. A state reached twice keeps the earlier start: from the
/// same state the futures are equal, and the earlier start is leftmost.
struct Threads {
    list: Vec<(usize, usize)>,
    seen: Vec<usize>,
    generation: usize,
}

impl Threads {
    fn new(size: usize) -> Self {
        Threads {
            list: Vec::new(),
            seen: vec![usize::MAX; size],
            generation: 0,
        }
    }

    fn clear(&mut self) {
        self.list.clear();
        self.generation += 1;
    }
}

/// Thread lists reused across searches, so a search costs what the line
/// needs rather than the size of the program.
pub(crate) struct Scratch {
    current: Threads,
    next: Threads,
}

impl Regex {
    pub(crate) fn scratch(&self) -> Scratch {
        Scratch {
            current: Threads::new(self.program.len()),
            next: Threads::new(self.program.len()),
        }
    }

    /// Does the pattern match anywhere in `line`?
    pub(crate) fn is_match(
        &self,
        line: &[char],
        scratch: &mut Scratch,
        budget: &mut Budget,
    ) -> Result<bool, Exhausted> {
        Ok(self.find_at(line, 0, true, scratch, budget)?.is_some())
    }

    /// The leftmost-longest match starting at or after `from`, as POSIX
    /// (and `grep -o`) define it.
    pub(crate) fn find_at(
        &self,
        line: &[char],
        from: usize,
        any: bool,
        scratch: &mut Scratch,
        budget: &mut Budget,
    ) -> Result<Option<(usize, usize)>, Exhausted> {
        let Scratch { current, next } = scratch;
        current.clear();
        let mut best: Option<(usize, usize)> = None;
        let mut pos = from;
        loop {
            if best.is_none() {
                self.add(current, 0, pos, pos, line);
            }
            budget.spend(current.list.len() + 1)?;
            for &(pc, start) in &current.list {
                if matches!(self.program.get(pc), Some(Inst::Match)) {
                    let better = match best {
                        None => true,
                        Some((s, e)) => start < s || (start == s && pos > e),
                    };
                    if better {
                        best = Some((start, pos));
                        if any {
                            return Ok(best);
                        }
                    }
                }
            }
            let Some(&c) = line.get(pos) else { break };
            next.clear();
            for index in 0..current.list.len() {
                let Some(&(pc, start)) = current.list.get(index) else {
                    break;
                };
                if best.is_some_and(|(s, _)| start > s) {
                    continue;
                }
                let consumes = match self.program.get(pc) {
                    Some(Inst::Char(x)) => *x == c || (self.ignore_case && lower(*x) == lower(c)),
                    Some(Inst::Any) => true,
                    Some(Inst::Class(class)) => class.matches(c, self.ignore_case),
                    _ => false,
                };
                if consumes {
                    self.add(next, pc + 1, start, pos + 1, line);
                }
            }
            std::mem::swap(current, next);
            pos += 1;
            if current.list.is_empty() && best.is_some() {
                break;
            }
        }
        Ok(best)
    }

    /// Adds a state and everything reachable from it without consuming,
    /// evaluating assertions at `pos`.
    fn add(&self, threads: &mut Threads, pc: usize, start: usize, pos: usize, line: &[char]) {
        let mut stack = vec![pc];
        while let Some(pc) = stack.pop() {
            let Some(seen) = threads.seen.get_mut(pc) else {
                continue;
            };
            if *seen == threads.generation {
                continue;
            }
            *seen = threads.generation;
            match self.program.get(pc) {
                Some(Inst::Jump(target)) => stack.push(*target),
                Some(Inst::Split(a, b)) => {
                    stack.push(*b);
                    stack.push(*a);
                }
                Some(Inst::Assert(assertion)) if holds(*assertion, line, pos) => {
                    stack.push(pc + 1);
                }
                Some(Inst::Assert(_)) => {}
                Some(_) => threads.list.push((pc, start)),
                None => {}
            }
        }
    }
}

fn holds(assertion: Assertion, line: &[char], pos: usize) -> bool {
    let before = pos
        .checked_sub(1)
        .and_then(|i| line.get(i))
        .is_some_and(|c| is_word_char(*c));
    let after = line.get(pos).is_some_and(|c| is_word_char(*c));
    match assertion {
        Assertion::LineStart => pos == 0,
        Assertion::LineEnd => pos == line.len(),
        Assertion::WordBoundary => before != after,
        Assertion::NotWordBoundary => before == after,
        Assertion::WordStart => !before && after,
        Assertion::WordEnd => before && !after,
        Assertion::NoWordBefore => !before,
        Assertion::NoWordAfter => !after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(flavor: Flavor) -> Options {
        Options {
            flavor,
            ignore_case: false,
            word: false,
            line: false,
        }
    }

    fn find(pattern: &str, flavor: Flavor, text: &str) -> Result<Option<String>, String> {
        let (regex, _) =
            compile(&[pattern.to_string()], options(flavor)).map_err(|error| error.0)?;
        let chars: Vec<char> = text.chars().collect();
        let found = regex
            .find_at(
                &chars,
                0,
                false,
                &mut regex.scratch(),
                &mut Budget(1_000_000),
            )
            .map_err(|_| "exhausted".to_string())?;
        Ok(found.map(|(s, e)| chars.get(s..e).unwrap_or_default().iter().collect()))
    }

    fn ere(pattern: &str, text: &str) -> Option<String> {
        find(pattern, Flavor::Extended, text).ok().flatten()
    }

    fn bre(pattern: &str, text: &str) -> Option<String> {
        find(pattern, Flavor::Basic, text).ok().flatten()
    }

    #[test]
    fn match_is_leftmost_then_longest() {
        assert_eq!(ere("a|ab", "xabc").as_deref(), Some("ab"));
        assert_eq!(ere("b+", "abbbc").as_deref(), Some("bbb"));
        assert_eq!(ere("(a|b)*c", "zabac").as_deref(), Some("abac"));
    }

    #[test]
    fn ere_operators_work() {
        assert_eq!(ere("^ab?c$", "ac").as_deref(), Some("ac"));
        assert_eq!(ere("[0-9]{2,3}", "a12345").as_deref(), Some("123"));
        assert_eq!(ere("x{2}", "xxx").as_deref(), Some("xx"));
        assert_eq!(ere("[[:digit:]]+", "v1.25").as_deref(), Some("1"));
        assert_eq!(ere("[^a-z]+", "abC1d").as_deref(), Some("C1"));
        assert_eq!(ere("a.c", "abc").as_deref(), Some("abc"));
        assert_eq!(ere("\\bweb\\b", "webapp web").as_deref(), Some("web"));
    }

    #[test]
    fn bre_treats_ere_operators_as_literals() {
        assert_eq!(bre("a+", "aa+").as_deref(), Some("a+"));
        assert_eq!(bre("a\\+", "aaa").as_deref(), Some("aaa"));
        assert_eq!(bre("\\(ab\\)*c", "ababc").as_deref(), Some("ababc"));
        assert_eq!(bre("a\\{2\\}", "aaa").as_deref(), Some("aa"));
        assert_eq!(bre("*a", "x*a").as_deref(), Some("*a"));
        assert_eq!(bre("a^b$c", "a^b$c").as_deref(), Some("a^b$c"));
        assert_eq!(bre("up\\|exited", "exited (0)").as_deref(), Some("exited"));
    }

    #[test]
    fn bad_patterns_give_gnu_messages() {
        let error = |p: &str, f: Flavor| find(p, f, "").err();
        assert_eq!(
            error("(", Flavor::Extended).as_deref(),
            Some("Unmatched ( or \\(")
        );
        assert_eq!(
            error("\\(", Flavor::Basic).as_deref(),
            Some("Unmatched ( or \\(")
        );
        assert_eq!(
            error("[a", Flavor::Basic).as_deref(),
            Some("Unmatched [, [^, [:, [., or [=")
        );
        assert_eq!(
            error("a{2,1}", Flavor::Extended).as_deref(),
            Some("Invalid content of \\{\\}")
        );
        assert_eq!(
            error("[[:nope:]]", Flavor::Basic).as_deref(),
            Some("Invalid character class name")
        );
        assert_eq!(
            error("[:space:]", Flavor::Basic).as_deref(),
            Some("character class syntax is [[:space:]], not [:space:]")
        );
        assert_eq!(
            error("a\\", Flavor::Basic).as_deref(),
            Some("Trailing backslash")
        );
        assert_eq!(
            error("[z-a]", Flavor::Basic).as_deref(),
            Some("Invalid range end")
        );
        assert_eq!(
            error("a{1,99999}", Flavor::Extended).as_deref(),
            Some("Regular expression too big")
        );
    }

    #[test]
    fn pathological_pattern_stays_linear() {
        let text = "a".repeat(5000);
        assert_eq!(ere("(a*)*b", &text), None);
        assert_eq!(ere("(a|aa)+$", &text).map(|m| m.len()), Some(5000));
    }

    #[test]
    fn long_runs_of_repeats_fold_instead_of_nesting() {
        let pattern = format!("a{}", "*".repeat(60_000));
        assert_eq!(ere(&pattern, "baa").as_deref(), Some(""));
        assert_eq!(ere("a+?", "aaa").as_deref(), Some("aaa"));
        assert_eq!(ere("ba?+", "b").as_deref(), Some("b"));
        assert_eq!(ere("a{2}{2}", "aaaaa").as_deref(), Some("aaaa"));
        let stacked = format!("a{}", "{1,2}".repeat(50));
        assert!(find(&stacked, Flavor::Extended, "a").is_err());
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let pattern = format!("{}a{}", "(".repeat(5000), ")".repeat(5000));
        assert!(find(&pattern, Flavor::Extended, "a").is_err());
    }

    #[test]
    fn ignore_case_applies_to_chars_and_classes() {
        let mut opts = options(Flavor::Extended);
        opts.ignore_case = true;
        let Ok((regex, _)) = compile(&["ERR[a-z]+".to_string()], opts) else {
            panic!("pattern should compile");
        };
        let chars: Vec<char> = "an error".chars().collect();
        let found = regex.find_at(&chars, 0, false, &mut regex.scratch(), &mut Budget(10_000));
        assert_eq!(found, Ok(Some((3, 8))));
    }
}
