//! A recursive-descent parser for the bash subset drills accept.
//!
//! Words are read character by character (not via a separate token stream)
//! because `$(...)` nests a whole script inside a word.

use super::syntax::*;

/// Longest command line accepted, in bytes.
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// Deepest `$(...)` nesting accepted.
pub const MAX_SUBST_DEPTH: usize = 16;
/// Most commands in one pipeline.
pub const MAX_PIPELINE: usize = 32;

/// Parses one command line (which may contain `\`-newline continuations).
pub fn parse(line: &str) -> Result<Script, SyntaxError> {
    if line.len() > MAX_LINE_BYTES {
        return Err(SyntaxError {
            column: 1,
            message: format!(
                "command line too long ({} bytes; the limit is {MAX_LINE_BYTES})",
                line.len()
            ),
        });
    }
    let mut parser = Parser {
        chars: line.chars().collect(),
        pos: 0,
        depth: 0,
        column_offset: 0,
    };
    match parser.script(false) {
        Ok(script) => Ok(script),
        Err(Stop::Syntax(error)) => Err(error),
        Err(Stop::Unsupported(unsupported)) => Ok(Script {
            lists: Vec::new(),
            unsupported: Some(unsupported),
        }),
    }
}

enum Stop {
    Syntax(SyntaxError),
    Unsupported(Unsupported),
}

impl From<SyntaxError> for Stop {
    fn from(error: SyntaxError) -> Self {
        Stop::Syntax(error)
    }
}

type Parsed<T> = Result<T, Stop>;

struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
    /// Columns of a backquoted script, parsed from its own copy, are shifted
    /// so that errors point into the original line.
    column_offset: usize,
}

fn is_meta(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | ';' | '&' | '|' | '<' | '>' | '(' | ')'
    )
}

fn is_name_start(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic()
}

fn is_name_char(c: char) -> bool {
    c == '_' || c.is_ascii_alphanumeric()
}

pub(crate) fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(is_name_start) && chars.all(is_name_char)
}

impl Parser {
    fn column(&self) -> usize {
        self.pos + 1 + self.column_offset
    }

    fn unsupported<T>(&self, feature: &'static str) -> Parsed<T> {
        Err(Stop::Unsupported(Unsupported {
            column: self.column(),
            feature,
        }))
    }

    /// Steps over `\`-newline pairs, which bash removes before tokenising.
    fn skip_continuations(&mut self) {
        while self.chars.get(self.pos) == Some(&'\\') && self.chars.get(self.pos + 1) == Some(&'\n')
        {
            self.pos += 2;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_continuations();
        self.chars.get(self.pos).copied()
    }

    /// The character after the next one, continuations skipped.
    fn peek2(&mut self) -> Option<char> {
        self.skip_continuations();
        let mut i = self.pos + 1;
        while self.chars.get(i) == Some(&'\\') && self.chars.get(i + 1) == Some(&'\n') {
            i += 2;
        }
        self.chars.get(i).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Skips blanks and a comment (a `#` can only start one at a word start,
    /// which is exactly where this is called).
    fn skip_blanks(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' => self.pos += 1,
                '#' => {
                    while self.chars.get(self.pos).is_some_and(|&c| c != '\n') {
                        self.pos += 1;
                    }
                }
                _ => break,
            }
        }
    }

    fn skip_blanks_and_newlines(&mut self) {
        loop {
            self.skip_blanks();
            if !self.eat('\n') {
                break;
            }
        }
    }

    /// The operator token at the cursor, as bash would name it in an error.
    fn operator_text(&mut self) -> Option<&'static str> {
        let c = self.peek()?;
        let next = self.peek2();
        Some(match (c, next) {
            ('\n', _) => "newline",
            (';', Some(';')) => ";;",
            (';', Some('&')) => ";&",
            (';', _) => ";",
            ('&', Some('&')) => "&&",
            ('&', Some('>')) => "&>",
            ('&', _) => "&",
            ('|', Some('|')) => "||",
            ('|', Some('&')) => "|&",
            ('|', _) => "|",
            ('(', _) => "(",
            (')', _) => ")",
            ('<', _) => "<",
            ('>', Some('>')) => ">>",
            ('>', _) => ">",
            _ => return None,
        })
    }

    /// The error for a token that cannot appear where the cursor is.
    fn unexpected_here(&mut self, in_subst: bool) -> Stop {
        let column = self.column();
        match self.operator_text() {
            None if in_subst => SyntaxError::unmatched(column, ")").into(),
            None => SyntaxError::unexpected_eof(column).into(),
            Some(token) => SyntaxError::near(column, token).into(),
        }
    }

    /// A list of and-or lists, up to the end of input or, inside `$(`, up to
    /// the closing `)` (left unconsumed).
    fn script(&mut self, in_subst: bool) -> Parsed<Script> {
        let mut lists = Vec::new();
        loop {
            self.skip_blanks_and_newlines();
            match self.peek() {
                None => break,
                Some(')') if in_subst => break,
                _ => {}
            }
            let list = self.and_or(in_subst)?;
            lists.push(list);
            self.skip_blanks();
            match self.peek() {
                None => break,
                Some(')') if in_subst => break,
                Some('\n') => self.pos += 1,
                Some(';') => {
                    if matches!(self.peek2(), Some(';' | '&')) {
                        return Err(self.unexpected_here(in_subst));
                    }
                    self.pos += 1;
                    // `a; ;` is an error, but `a;` and `a; # note` are not.
                    self.skip_blanks();
                    if self.peek() == Some(';') {
                        return Err(self.unexpected_here(in_subst));
                    }
                }
                Some('&') => return self.unsupported("a background job `&`"),
                Some(_) => return Err(self.unexpected_here(in_subst)),
            }
        }
        Ok(Script {
            lists,
            unsupported: None,
        })
    }

    fn and_or(&mut self, in_subst: bool) -> Parsed<AndOrList> {
        let first = self.pipeline(in_subst)?;
        let mut rest = Vec::new();
        loop {
            self.skip_blanks();
            let connector = match (self.peek(), self.peek2()) {
                (Some('&'), Some('&')) => Connector::And,
                (Some('|'), Some('|')) => Connector::Or,
                _ => break,
            };
            self.bump();
            self.bump();
            self.skip_blanks_and_newlines();
            rest.push((connector, self.pipeline(in_subst)?));
        }
        Ok(AndOrList { first, rest })
    }

    fn pipeline(&mut self, in_subst: bool) -> Parsed<Pipeline> {
        self.skip_blanks();
        let mut negated = false;
        while self.peek() == Some('!') && matches!(self.peek2(), None | Some(' ' | '\t' | '\n')) {
            self.pos += 1;
            negated = !negated;
            self.skip_blanks();
        }
        let mut commands = vec![self.command(in_subst)?];
        loop {
            self.skip_blanks();
            if self.peek() != Some('|') || self.peek2() == Some('|') {
                break;
            }
            let pipe_column = self.column();
            self.bump();
            if self.eat('&') {
                // `|&` is bash's shorthand for `2>&1 |`.
                if let Some(last) = commands.last_mut() {
                    last.redirects.push(Redirect {
                        fd: Some(2),
                        op: RedirectOp::Duplicate,
                        target: Word {
                            column: pipe_column,
                            parts: vec![WordPart::Literal("1".to_string())],
                        },
                        column: pipe_column,
                    });
                }
            }
            self.skip_blanks_and_newlines();
            if commands.len() >= MAX_PIPELINE {
                return Err(SyntaxError {
                    column: pipe_column,
                    message: format!("pipeline too long (the limit is {MAX_PIPELINE} commands)"),
                }
                .into());
            }
            commands.push(self.command(in_subst)?);
        }
        Ok(Pipeline { negated, commands })
    }

    fn command(&mut self, in_subst: bool) -> Parsed<SimpleCommand> {
        self.skip_blanks();
        let column = self.column();
        match (self.peek(), self.peek2()) {
            (Some('('), Some('(')) => return self.unsupported("an arithmetic command `(( ... ))`"),
            (Some('('), _) => return self.unsupported("a subshell `( ... )`"),
            (Some('&'), Some('>')) => {}
            (None, _) => return Err(self.unexpected_here(in_subst)),
            (Some(c), _) if is_meta(c) && !matches!(c, '<' | '>') => {
                return Err(self.unexpected_here(in_subst));
            }
            _ => {}
        }
        let mut command = SimpleCommand {
            column,
            ..SimpleCommand::default()
        };
        loop {
            self.skip_blanks();
            let Some(c) = self.peek() else { break };
            if let Some(redirect) = self.redirect()? {
                command.redirects.push(redirect);
                continue;
            }
            if c == '(' {
                if command.words.len() == 1 && command.assignments.is_empty() {
                    return self.unsupported("a function definition");
                }
                return Err(self.unexpected_here(in_subst));
            }
            if is_meta(c) {
                break;
            }
            let word_column = self.column();
            let word = self.word()?;
            if command.words.is_empty() {
                if let Some(literal) = plain_literal(&word) {
                    self.check_reserved(literal, word_column, command.assignments.is_empty())?;
                }
                if let Some(assignment) = as_assignment(&word) {
                    command.assignments.push(assignment);
                    continue;
                }
            }
            command.words.push(word);
        }
        Ok(command)
    }

    /// Reserved words at a command's start: compound commands are refused,
    /// and their closing words are errors exactly as in bash.
    fn check_reserved(&mut self, word: &str, column: usize, first: bool) -> Parsed<()> {
        if !first {
            return Ok(());
        }
        let feature = match word {
            "if" | "case" => "a conditional (`if`/`case`)",
            "for" | "while" | "until" | "select" => "a loop (`for`/`while`/`until`)",
            "function" => "a function definition",
            "{" => "a command group `{ ... }`",
            "[[" => "a conditional expression `[[ ... ]]`",
            "time" => "the `time` keyword",
            "coproc" => "a coprocess",
            "then" | "else" | "elif" | "fi" | "do" | "done" | "esac" | "}" | "in" => {
                if word == "in" {
                    return Ok(());
                }
                return Err(SyntaxError::near(column, word).into());
            }
            _ => return Ok(()),
        };
        Err(Stop::Unsupported(Unsupported { column, feature }))
    }

    /// A redirection at the cursor, if there is one (`2>&1`, `>x`, `&>x`, `<x`).
    fn redirect(&mut self) -> Parsed<Option<Redirect>> {
        let column = self.column();
        let start = self.pos;
        let mut fd: Option<u32> = Some(1);
        let mut digits = String::new();
        while let Some(c) = self.peek().filter(char::is_ascii_digit) {
            digits.push(c);
            self.pos += 1;
        }
        let op = match (self.peek(), self.peek2()) {
            (Some('<'), next) => {
                self.pos += 1;
                fd = Some(0);
                match next {
                    Some('<') => return self.unsupported("a here-document `<<`"),
                    Some('(') => return self.unsupported("process substitution `<( ... )`"),
                    Some('&') => {
                        self.pos += 1;
                        RedirectOp::Duplicate
                    }
                    Some('>') => {
                        self.pos += 1;
                        RedirectOp::ReadWrite
                    }
                    _ => RedirectOp::Input,
                }
            }
            (Some('>'), next) => {
                self.pos += 1;
                match next {
                    Some('>') => {
                        self.pos += 1;
                        RedirectOp::Append
                    }
                    Some('&') => {
                        self.pos += 1;
                        RedirectOp::Duplicate
                    }
                    Some('|') => {
                        self.pos += 1;
                        RedirectOp::Output
                    }
                    Some('(') => return self.unsupported("process substitution `>( ... )`"),
                    _ => RedirectOp::Output,
                }
            }
            (Some('&'), Some('>')) if digits.is_empty() => {
                self.pos += 2;
                fd = None;
                if self.eat('>') {
                    RedirectOp::Append
                } else {
                    RedirectOp::Output
                }
            }
            _ => {
                self.pos = start;
                return Ok(None);
            }
        };
        if !digits.is_empty() {
            // Bash limits descriptors to what fits an int; anything past the
            // standard three fails at run time instead.
            fd = Some(digits.parse().unwrap_or(u32::MAX));
        }
        self.skip_blanks();
        match self.peek() {
            Some(c) if !is_meta(c) => {}
            None => return Err(SyntaxError::near(self.column(), "newline").into()),
            _ => return Err(self.unexpected_here(false)),
        }
        let target = self.word()?;
        Ok(Some(Redirect {
            fd,
            op,
            target,
            column,
        }))
    }

    /// One word, up to the next unquoted metacharacter.
    fn word(&mut self) -> Parsed<Word> {
        let mut word = Word {
            column: self.column(),
            parts: Vec::new(),
        };
        let mut literal = String::new();
        let flush = |literal: &mut String, parts: &mut Vec<WordPart>| {
            if !literal.is_empty() {
                parts.push(WordPart::Literal(std::mem::take(literal)));
            }
        };
        if self.peek() == Some('~') && self.peek2().is_none_or(|c| c == '/' || is_meta(c)) {
            self.pos += 1;
            word.parts.push(WordPart::Tilde);
        }
        while let Some(c) = self.peek() {
            if is_meta(c) {
                break;
            }
            match c {
                '\'' => {
                    flush(&mut literal, &mut word.parts);
                    let text = self.single_quoted()?;
                    word.parts.push(WordPart::Quoted(text));
                }
                '"' => {
                    flush(&mut literal, &mut word.parts);
                    self.double_quoted(&mut word.parts)?;
                }
                '\\' => {
                    flush(&mut literal, &mut word.parts);
                    self.pos += 1;
                    match self.chars.get(self.pos).copied() {
                        Some(escaped) => {
                            self.pos += 1;
                            word.parts.push(WordPart::Quoted(escaped.to_string()));
                        }
                        // A trailing backslash stays literal, as in `bash -c`.
                        None => literal.push('\\'),
                    }
                }
                '$' => {
                    flush(&mut literal, &mut word.parts);
                    self.dollar(&mut word.parts, false)?;
                }
                '`' => {
                    flush(&mut literal, &mut word.parts);
                    let script = self.backquoted()?;
                    word.parts.push(WordPart::Subst {
                        script,
                        quoted: false,
                    });
                }
                _ => {
                    literal.push(c);
                    self.pos += 1;
                }
            }
        }
        flush(&mut literal, &mut word.parts);
        Ok(word)
    }

    fn single_quoted(&mut self) -> Parsed<String> {
        let open = self.column();
        self.pos += 1;
        let mut text = String::new();
        loop {
            // Raw access: inside single quotes a backslash-newline is kept.
            match self.chars.get(self.pos).copied() {
                None => return Err(SyntaxError::unmatched(open, "'").into()),
                Some('\'') => {
                    self.pos += 1;
                    return Ok(text);
                }
                Some(c) => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn double_quoted(&mut self, parts: &mut Vec<WordPart>) -> Parsed<()> {
        let open = self.column();
        self.pos += 1;
        let mut text = String::new();
        // `""` is an empty word, which must survive expansion.
        parts.push(WordPart::Quoted(String::new()));
        loop {
            let Some(c) = self.peek() else {
                return Err(SyntaxError::unmatched(open, "\"").into());
            };
            match c {
                '"' => {
                    self.pos += 1;
                    break;
                }
                '\\' => {
                    let next = self.chars.get(self.pos + 1).copied();
                    match next {
                        Some(n @ ('"' | '\\' | '$' | '`')) => {
                            text.push(n);
                            self.pos += 2;
                        }
                        _ => {
                            text.push('\\');
                            self.pos += 1;
                        }
                    }
                }
                '$' => {
                    if !text.is_empty() {
                        parts.push(WordPart::Quoted(std::mem::take(&mut text)));
                    }
                    self.dollar(parts, true)?;
                }
                '`' => {
                    if !text.is_empty() {
                        parts.push(WordPart::Quoted(std::mem::take(&mut text)));
                    }
                    let script = self.backquoted()?;
                    parts.push(WordPart::Subst {
                        script,
                        quoted: true,
                    });
                }
                _ => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
        if !text.is_empty() {
            parts.push(WordPart::Quoted(text));
        }
        Ok(())
    }

    /// Everything that can follow a `$`.
    fn dollar(&mut self, parts: &mut Vec<WordPart>, quoted: bool) -> Parsed<()> {
        let dollar_column = self.column();
        self.pos += 1;
        match self.peek() {
            Some('(') => {
                if self.peek2() == Some('(') {
                    return self.unsupported("arithmetic expansion `$(( ... ))`");
                }
                self.pos += 1;
                let script = self.nested(dollar_column)?;
                parts.push(WordPart::Subst { script, quoted });
            }
            Some('{') => {
                self.pos += 1;
                let mut name = String::new();
                loop {
                    match self.peek() {
                        None => return Err(SyntaxError::unmatched(dollar_column, "}").into()),
                        Some('}') => {
                            self.pos += 1;
                            break;
                        }
                        Some(c) => {
                            name.push(c);
                            self.pos += 1;
                        }
                    }
                }
                if is_name(&name) || is_special(&name) {
                    parts.push(WordPart::Var { name, quoted });
                } else if name
                    .find(|c: char| !is_name_char(c))
                    .is_some_and(|i| i > 0 && is_name(&name[..i]))
                {
                    return Err(Stop::Unsupported(Unsupported {
                        column: dollar_column,
                        feature: "a parameter expansion operator `${NAME...}`",
                    }));
                } else {
                    return Err(SyntaxError {
                        column: dollar_column,
                        message: format!("${{{name}}}: bad substitution"),
                    }
                    .into());
                }
            }
            Some('\'') if !quoted => {
                self.pos += 1;
                let text = self.ansi_c_quoted(dollar_column)?;
                parts.push(WordPart::Quoted(text));
            }
            Some(c) if is_name_start(c) => {
                let mut name = String::new();
                while let Some(c) = self.peek().filter(|&c| is_name_char(c)) {
                    name.push(c);
                    self.pos += 1;
                }
                parts.push(WordPart::Var { name, quoted });
            }
            Some(c) if c.is_ascii_digit() || is_special(&c.to_string()) => {
                self.pos += 1;
                parts.push(WordPart::Var {
                    name: c.to_string(),
                    quoted,
                });
            }
            // `$"..."` is a translatable string; in the C locale it is plain.
            Some('"') if !quoted => {}
            _ => {
                let dollar = "$".to_string();
                parts.push(if quoted {
                    WordPart::Quoted(dollar)
                } else {
                    WordPart::Literal(dollar)
                });
            }
        }
        Ok(())
    }

    /// The body of `$(`, consuming the closing `)`.
    fn nested(&mut self, open_column: usize) -> Parsed<Script> {
        if self.depth >= MAX_SUBST_DEPTH {
            return Err(too_deep(open_column));
        }
        self.depth += 1;
        let script = self.script(true)?;
        self.depth -= 1;
        if !self.eat(')') {
            return Err(SyntaxError::unmatched(open_column, ")").into());
        }
        Ok(script)
    }

    /// `` `...` ``: bash strips `\\`, `` \` `` and `\$` escapes, then parses
    /// the rest as a script of its own.
    fn backquoted(&mut self) -> Parsed<Script> {
        let open = self.column();
        self.pos += 1;
        let body_offset = self.pos + self.column_offset;
        let mut body = String::new();
        loop {
            match self.chars.get(self.pos).copied() {
                None => return Err(SyntaxError::unmatched(open, "`").into()),
                Some('`') => {
                    self.pos += 1;
                    break;
                }
                Some('\\') => {
                    match self.chars.get(self.pos + 1).copied() {
                        Some(n @ ('\\' | '`' | '$')) => body.push(n),
                        Some(n) => {
                            body.push('\\');
                            body.push(n);
                        }
                        None => body.push('\\'),
                    }
                    self.pos += 2;
                }
                Some(c) => {
                    body.push(c);
                    self.pos += 1;
                }
            }
        }
        if self.depth >= MAX_SUBST_DEPTH {
            return Err(too_deep(open));
        }
        let mut inner = Parser {
            chars: body.chars().collect(),
            pos: 0,
            depth: self.depth + 1,
            column_offset: body_offset,
        };
        inner.script(false)
    }

    /// `$'...'` with its C escapes.
    fn ansi_c_quoted(&mut self, open: usize) -> Parsed<String> {
        let mut raw = String::new();
        loop {
            match self.chars.get(self.pos).copied() {
                None => return Err(SyntaxError::unmatched(open, "'").into()),
                Some('\'') => {
                    self.pos += 1;
                    break;
                }
                Some('\\') => {
                    raw.push('\\');
                    if let Some(n) = self.chars.get(self.pos + 1).copied() {
                        raw.push(n);
                    }
                    self.pos += 2;
                }
                Some(c) => {
                    raw.push(c);
                    self.pos += 1;
                }
            }
        }
        Ok(super::escapes::unescape(&raw, false).0)
    }
}

fn too_deep(column: usize) -> Stop {
    SyntaxError {
        column,
        message: format!("command substitution nested too deeply (the limit is {MAX_SUBST_DEPTH})"),
    }
    .into()
}

fn is_special(name: &str) -> bool {
    matches!(name, "?" | "#" | "$" | "!" | "@" | "*" | "-")
}

/// The text of a word made of a single unquoted literal.
fn plain_literal(word: &Word) -> Option<&str> {
    match word.parts.as_slice() {
        [WordPart::Literal(text)] => Some(text),
        _ => None,
    }
}

fn as_assignment(word: &Word) -> Option<Assignment> {
    let Some(WordPart::Literal(first)) = word.parts.first() else {
        return None;
    };
    let (name, value) = first.split_once('=')?;
    if !is_name(name) {
        return None;
    }
    let mut parts = Vec::with_capacity(word.parts.len());
    // An empty value (`X=`) still yields a word, so keep it as quoted text.
    parts.push(WordPart::Quoted(String::new()));
    if !value.is_empty() {
        parts.push(WordPart::Literal(value.to_string()));
    }
    parts.extend(word.parts.iter().skip(1).cloned());
    Some(Assignment {
        name: name.to_string(),
        value: Word {
            column: word.column + name.chars().count() + 1,
            parts,
        },
    })
}
