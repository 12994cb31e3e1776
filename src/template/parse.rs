//! The parser, a port of Go 1.24's `text/template/parse/parse.go`.
//!
//! Go parses by panicking out of deep recursion; here every step returns a
//! `Result` and the first error wins, which gives the same message.

use std::collections::HashMap;

use super::funcs;
use super::lex::{Item, ItemType, Lexer};
use super::lit;
use super::node::{Action, Arg, Branch, Command, List, Node, Pipe, TemplateCall, Variable};

/// How deeply parentheses and control structures may nest. Go allows 10000
/// parentheses; templates are untrusted, so a far smaller bound keeps the
/// recursion (ours and the executor's) well inside the stack.
pub(crate) const MAX_NESTING: usize = 100;

type PResult<T> = Result<T, String>;

/// What `itemList` stops at.
enum Stop {
    End,
    Else,
}

impl Stop {
    fn text(&self) -> &'static str {
        match self {
            Stop::End => "{{end}}",
            Stop::Else => "{{else}}",
        }
    }
}

/// One parsed template: its root and the `define`/`block` templates it holds.
pub(crate) struct Tree {
    pub root: List,
    pub defs: HashMap<String, List>,
}

pub(crate) fn parse(src: &str) -> PResult<Tree> {
    if let Some(root) = plain_tree(src) {
        return Ok(Tree {
            root,
            defs: HashMap::new(),
        });
    }
    parse_full(src)
}

/// The lexer and parser proper, for any template.
fn parse_full(src: &str) -> PResult<Tree> {
    let mut p = Parser {
        lex: Lexer::new(src),
        token: [eof_item(), eof_item(), eof_item()],
        peek_count: 0,
        vars: vec!["$".into()],
        action_line: 0,
        range_depth: 0,
        nesting: 0,
        defs: HashMap::new(),
    };
    let root = p.parse_top()?;
    let mut defs = std::mem::take(&mut p.defs);
    // The main template is named "" and replaces an empty definition of "".
    if let Some(existing) = defs.get("") {
        if !is_empty(existing) && !is_empty(&root) {
            return Err(p.error_text("template: multiple definition of template \"\""));
        }
        if is_empty(&root) {
            let def = defs.remove("").unwrap_or(List { nodes: Vec::new() });
            return Ok(Tree { root: def, defs });
        }
    }
    Ok(Tree { root, defs })
}

fn eof_item() -> Item {
    Item {
        typ: ItemType::Eof,
        pos: 0,
        val: String::new(),
        line: 1,
    }
}

/// Go's `parse.IsEmptyTree`: nothing but whitespace text.
fn is_empty(list: &List) -> bool {
    list.nodes.iter().all(|n| match n {
        Node::Text(t) => t.trim_matches(|c: char| c.is_whitespace()).is_empty(),
        _ => false,
    })
}

struct Parser<'a> {
    lex: Lexer<'a>,
    token: [Item; 3],
    peek_count: usize,
    vars: Vec<String>,
    action_line: usize,
    range_depth: usize,
    nesting: usize,
    defs: HashMap<String, List>,
}

impl Parser<'_> {
    fn next(&mut self) -> Item {
        if self.peek_count > 0 {
            self.peek_count -= 1;
        } else {
            self.token[0] = self.lex.next_item();
        }
        self.token[self.peek_count].clone()
    }

    fn backup(&mut self) {
        self.peek_count += 1;
    }

    fn backup2(&mut self, t1: Item) {
        self.token[1] = t1;
        self.peek_count = 2;
    }

    fn backup3(&mut self, t2: Item, t1: Item) {
        self.token[1] = t1;
        self.token[2] = t2;
        self.peek_count = 3;
    }

    fn peek(&mut self) -> Item {
        if self.peek_count > 0 {
            return self.token[self.peek_count - 1].clone();
        }
        self.peek_count = 1;
        self.token[0] = self.lex.next_item();
        self.token[0].clone()
    }

    fn next_non_space(&mut self) -> Item {
        loop {
            let t = self.next();
            if t.typ != ItemType::Space {
                return t;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item {
        let t = self.next_non_space();
        self.backup();
        t
    }

    /// Go's `errorf`: the line is that of the last token read from the lexer.
    fn error_text(&self, msg: &str) -> String {
        format!("template: :{}: {}", self.token[0].line, msg)
    }

    fn errorf<T>(&self, msg: impl AsRef<str>) -> PResult<T> {
        Err(self.error_text(msg.as_ref()))
    }

    fn unexpected<T>(&self, token: &Item, context: &str) -> PResult<T> {
        if token.typ == ItemType::Error {
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != token.line {
                extra = format!(" in action started at :{}", self.action_line);
                if token.val.ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return self.errorf(format!("{token}{extra}"));
        }
        self.errorf(format!("unexpected {token} in {context}"))
    }

    fn expect(&mut self, expected: ItemType, context: &str) -> PResult<Item> {
        let token = self.next_non_space();
        if token.typ != expected {
            return self.unexpected(&token, context);
        }
        Ok(token)
    }

    fn enter(&mut self) -> PResult<()> {
        if self.nesting >= MAX_NESTING {
            return self.errorf("max expression depth exceeded");
        }
        self.nesting += 1;
        Ok(())
    }

    fn parse_top(&mut self) -> PResult<List> {
        let mut root = List { nodes: Vec::new() };
        while self.peek().typ != ItemType::Eof {
            if self.peek().typ == ItemType::LeftDelim {
                let delim = self.next();
                if self.next_non_space().typ == ItemType::Define {
                    self.parse_definition()?;
                    continue;
                }
                self.backup2(delim);
            }
            match self.text_or_action()? {
                Ok(n) => root.nodes.push(n),
                Err(stop) => return self.errorf(format!("unexpected {}", stop.text())),
            }
        }
        Ok(root)
    }

    fn parse_definition(&mut self) -> PResult<()> {
        const CONTEXT: &str = "define clause";
        let token = self.next_non_space();
        if !matches!(token.typ, ItemType::String | ItemType::RawString) {
            return self.unexpected(&token, CONTEXT);
        }
        let Some(name) = lit::unquote(&token.val) else {
            return self.errorf("invalid syntax");
        };
        self.expect(ItemType::RightDelim, CONTEXT)?;
        // A definition is its own tree: it sees only "$".
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$".into()]);
        let (list, stop) = self.item_list()?;
        self.vars = saved_vars;
        if let Stop::Else = stop {
            return self.errorf(format!("unexpected {} in {CONTEXT}", stop.text()));
        }
        self.add(name, list)
    }

    fn add(&mut self, name: String, list: List) -> PResult<()> {
        match self.defs.get(&name) {
            Some(old) if !is_empty(old) => {
                if !is_empty(&list) {
                    return self.errorf(format!(
                        "template: multiple definition of template {}",
                        super::gofmt::quote(&name)
                    ));
                }
            }
            _ => {
                self.defs.insert(name, list);
            }
        }
        Ok(())
    }

    /// Parses until `{{end}}` or `{{else}}`, which are returned separately.
    fn item_list(&mut self) -> PResult<(List, Stop)> {
        let mut list = List { nodes: Vec::new() };
        while self.peek_non_space().typ != ItemType::Eof {
            match self.text_or_action()? {
                Ok(n) => list.nodes.push(n),
                Err(stop) => return Ok((list, stop)),
            }
        }
        self.errorf("unexpected EOF")
    }

    fn text_or_action(&mut self) -> PResult<Result<Node, Stop>> {
        let token = self.next_non_space();
        match token.typ {
            ItemType::Text => Ok(Ok(Node::Text(token.val))),
            ItemType::LeftDelim => {
                self.action_line = token.line;
                let r = self.action();
                self.action_line = 0;
                r
            }
            _ => self.unexpected(&token, "input"),
        }
    }

    fn action(&mut self) -> PResult<Result<Node, Stop>> {
        let token = self.next_non_space();
        let node = match token.typ {
            ItemType::Block => self.block_control()?,
            ItemType::Break => self.break_control("{{break}}", Node::Break)?,
            ItemType::Continue => self.break_control("{{continue}}", Node::Continue)?,
            ItemType::Else => {
                self.else_control()?;
                return Ok(Err(Stop::Else));
            }
            ItemType::End => {
                self.expect(ItemType::RightDelim, "end")?;
                return Ok(Err(Stop::End));
            }
            ItemType::If => Node::If(self.parse_control("if")?),
            ItemType::Range => Node::Range(self.parse_control("range")?),
            ItemType::Template => self.template_control()?,
            ItemType::With => Node::With(self.parse_control("with")?),
            _ => {
                self.backup();
                let pos = self.peek().pos;
                let pipe = self.pipeline("command", ItemType::RightDelim)?;
                Node::Action(Action { pos, pipe })
            }
        };
        Ok(Ok(node))
    }

    fn break_control(&mut self, context: &str, node: Node) -> PResult<Node> {
        let token = self.next_non_space();
        if token.typ != ItemType::RightDelim {
            return self.unexpected(&token, context);
        }
        if self.range_depth == 0 {
            return self.errorf(format!("{context} outside {{{{range}}}}"));
        }
        Ok(node)
    }

    fn else_control(&mut self) -> PResult<()> {
        let peek = self.peek_non_space();
        if matches!(peek.typ, ItemType::If | ItemType::With) {
            // "{{else if ...": the "if" stays pending for parse_control.
            return Ok(());
        }
        self.expect(ItemType::RightDelim, "else")?;
        Ok(())
    }

    fn parse_control(&mut self, context: &str) -> PResult<Branch> {
        self.enter()?;
        let mark = self.vars.len();
        let result = self.parse_control_body(context);
        self.vars.truncate(mark);
        self.nesting -= 1;
        result
    }

    fn parse_control_body(&mut self, context: &str) -> PResult<Branch> {
        let pipe = self.pipeline(context, ItemType::RightDelim)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let listed = self.item_list();
        if context == "range" {
            self.range_depth -= 1;
        }
        let (list, stop) = listed?;
        let else_list = match stop {
            Stop::End => None,
            Stop::Else => {
                let nested = match (context, self.peek().typ) {
                    ("if", ItemType::If) => Some("if"),
                    ("with", ItemType::With) => Some("with"),
                    _ => None,
                };
                if let Some(kind) = nested {
                    // `{{else if b}}` is `{{else}}{{if b}}...{{end}}{{end}}`.
                    self.next();
                    let branch = self.parse_control(kind)?;
                    let node = if kind == "if" {
                        Node::If(branch)
                    } else {
                        Node::With(branch)
                    };
                    Some(List { nodes: vec![node] })
                } else {
                    let (else_list, stop) = self.item_list()?;
                    if let Stop::Else = stop {
                        return self.errorf(format!("expected end; found {}", stop.text()));
                    }
                    Some(else_list)
                }
            }
        };
        Ok(Branch {
            pipe,
            list,
            else_list,
        })
    }

    fn block_control(&mut self) -> PResult<Node> {
        const CONTEXT: &str = "block clause";
        let token = self.next_non_space();
        let name = self.template_name(&token, CONTEXT)?;
        let pipe = self.pipeline(CONTEXT, ItemType::RightDelim)?;
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$".into()]);
        let saved_range = std::mem::replace(&mut self.range_depth, 0);
        self.enter()?;
        let listed = self.item_list();
        self.nesting -= 1;
        self.vars = saved_vars;
        self.range_depth = saved_range;
        let (list, stop) = listed?;
        if let Stop::Else = stop {
            return self.errorf(format!("unexpected {} in {CONTEXT}", stop.text()));
        }
        self.add(name.clone(), list)?;
        Ok(Node::Template(TemplateCall {
            pos: token.pos,
            name,
            pipe: Some(pipe),
        }))
    }

    fn template_control(&mut self) -> PResult<Node> {
        const CONTEXT: &str = "template clause";
        let token = self.next_non_space();
        let name = self.template_name(&token, CONTEXT)?;
        let mut pipe = None;
        if self.next_non_space().typ != ItemType::RightDelim {
            self.backup();
            pipe = Some(self.pipeline(CONTEXT, ItemType::RightDelim)?);
        }
        Ok(Node::Template(TemplateCall {
            pos: token.pos,
            name,
            pipe,
        }))
    }

    fn template_name(&self, token: &Item, context: &str) -> PResult<String> {
        match token.typ {
            ItemType::String | ItemType::RawString => match lit::unquote(&token.val) {
                Some(s) => Ok(s),
                None => self.errorf("invalid syntax"),
            },
            _ => self.unexpected(token, context),
        }
    }

    fn pipeline(&mut self, context: &str, end: ItemType) -> PResult<Pipe> {
        let token = self.peek_non_space();
        let mut pipe = Pipe {
            pos: token.pos,
            is_assign: false,
            decl: Vec::new(),
            cmds: Vec::new(),
        };
        loop {
            let v = self.peek_non_space();
            if v.typ != ItemType::Variable {
                break;
            }
            self.next();
            // "$x foo" vs "$x := foo": remember the token after the variable
            // so it can be pushed back.
            let after_variable = self.peek();
            let next = self.peek_non_space();
            if matches!(next.typ, ItemType::Assign | ItemType::Declare) {
                pipe.is_assign = next.typ == ItemType::Assign;
                self.next_non_space();
                pipe.decl.push(new_variable(v.pos, &v.val));
                self.vars.push(v.val.clone());
                break;
            } else if next.typ == ItemType::Char && next.val == "," {
                self.next_non_space();
                pipe.decl.push(new_variable(v.pos, &v.val));
                self.vars.push(v.val.clone());
                if context == "range" && pipe.decl.len() < 2 {
                    match self.peek_non_space().typ {
                        ItemType::Variable | ItemType::RightDelim | ItemType::RightParen => {
                            continue;
                        }
                        _ => return self.errorf("range can only initialize variables"),
                    }
                }
                return self.errorf(format!("too many declarations in {context}"));
            } else if after_variable.typ == ItemType::Space {
                self.backup3(v, after_variable);
                break;
            } else {
                self.backup2(v);
                break;
            }
        }
        loop {
            let token = self.next_non_space();
            match token.typ {
                t if t == end => {
                    self.check_pipeline(&pipe, context)?;
                    return Ok(pipe);
                }
                ItemType::Bool
                | ItemType::CharConstant
                | ItemType::Complex
                | ItemType::Dot
                | ItemType::Field
                | ItemType::Identifier
                | ItemType::Number
                | ItemType::Nil
                | ItemType::RawString
                | ItemType::String
                | ItemType::Variable
                | ItemType::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                }
                _ => return self.unexpected(&token, context),
            }
        }
    }

    fn check_pipeline(&self, pipe: &Pipe, context: &str) -> PResult<()> {
        if pipe.cmds.is_empty() {
            return self.errorf(format!("missing value for {context}"));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if matches!(
                c.args.first(),
                Some(
                    Arg::Bool { .. }
                        | Arg::Dot { .. }
                        | Arg::Nil { .. }
                        | Arg::Number { .. }
                        | Arg::String { .. }
                )
            ) {
                return self.errorf(format!(
                    "non executable command in pipeline stage {}",
                    i + 1
                ));
            }
        }
        Ok(())
    }

    fn command(&mut self) -> PResult<Command> {
        let mut cmd = Command {
            pos: self.peek_non_space().pos,
            args: Vec::new(),
        };
        loop {
            self.peek_non_space();
            if let Some(operand) = self.operand()? {
                cmd.args.push(operand);
            }
            let token = self.next();
            match token.typ {
                ItemType::Space => continue,
                ItemType::RightDelim | ItemType::RightParen => self.backup(),
                ItemType::Pipe => {}
                _ => return self.unexpected(&token, "operand"),
            }
            break;
        }
        if cmd.args.is_empty() {
            return self.errorf("empty command");
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> PResult<Option<Arg>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().typ != ItemType::Field {
            return Ok(Some(node));
        }
        let pos = self.peek().pos;
        let mut fields = Vec::new();
        while self.peek().typ == ItemType::Field {
            let f = self.next().val;
            fields.push(f[1..].to_string());
        }
        // Go folds `.A.B` and `$x.A` into one node positioned at the chain.
        Ok(Some(match node {
            Arg::Field { mut ident, .. } => {
                ident.extend(fields);
                Arg::Field { pos, ident }
            }
            Arg::Variable(mut v) => {
                v.ident.extend(fields);
                v.pos = pos;
                Arg::Variable(v)
            }
            Arg::Bool { .. }
            | Arg::String { .. }
            | Arg::Number { .. }
            | Arg::Nil { .. }
            | Arg::Dot { .. } => {
                let quoted = super::gofmt::quote(&node.to_string());
                return self.errorf(format!("unexpected . after term {quoted}"));
            }
            other => Arg::Chain {
                pos,
                node: Box::new(other),
                fields,
            },
        }))
    }

    fn term(&mut self) -> PResult<Option<Arg>> {
        let token = self.next_non_space();
        let pos = token.pos;
        Ok(Some(match token.typ {
            ItemType::Identifier => {
                if !funcs::is_defined(&token.val) {
                    return self.errorf(format!(
                        "function {} not defined",
                        super::gofmt::quote(&token.val)
                    ));
                }
                Arg::Identifier {
                    pos,
                    name: token.val,
                }
            }
            ItemType::Dot => Arg::Dot { pos },
            ItemType::Nil => Arg::Nil { pos },
            ItemType::Variable => {
                let v = new_variable(pos, &token.val);
                if !self.vars.iter().any(|name| *name == v.ident[0]) {
                    return self.errorf(format!(
                        "undefined variable {}",
                        super::gofmt::quote(&v.ident[0])
                    ));
                }
                Arg::Variable(v)
            }
            ItemType::Field => Arg::Field {
                pos,
                ident: token.val[1..].split('.').map(str::to_string).collect(),
            },
            ItemType::Bool => Arg::Bool {
                pos,
                value: token.val == "true",
            },
            ItemType::CharConstant | ItemType::Complex | ItemType::Number => {
                match lit::parse_number(&token.val, token.typ == ItemType::CharConstant) {
                    Ok(number) => Arg::Number { pos, number },
                    Err(e) => return self.errorf(e),
                }
            }
            ItemType::LeftParen => {
                self.enter()?;
                let pipe = self.pipeline("parenthesized pipeline", ItemType::RightParen);
                self.nesting -= 1;
                Arg::Pipe(Box::new(pipe?))
            }
            ItemType::String | ItemType::RawString => match lit::unquote(&token.val) {
                Some(text) => Arg::String {
                    pos,
                    quoted: token.val,
                    text,
                },
                None => return self.errorf("invalid syntax"),
            },
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

fn new_variable(pos: usize, name: &str) -> Variable {
    Variable {
        pos,
        ident: name.split('.').map(str::to_string).collect(),
    }
}

/// The tree of a template made only of text and `{{.Field}}` actions
/// (one ASCII field name each, no spaces, trim markers or comments), built
/// without the lexer: exactly what the full parser builds for it,
/// positions included (held equal by the tests). `None` for anything else.
///
/// Docker's default table formats are of this form, and the lexer and
/// parser cost ~600 instructions a byte of them: a twentieth of a small
/// `docker ps`.
fn plain_tree(src: &str) -> Option<List> {
    let bytes = src.as_bytes();
    let mut nodes = Vec::new();
    let mut at = 0;
    while let Some(found) = src.get(at..)?.find("{{") {
        let open = at + found;
        if open > at {
            nodes.push(Node::Text(src.get(at..open)?.to_owned()));
        }
        let dot = open + 2;
        if bytes.get(dot) != Some(&b'.') {
            return None;
        }
        let name = dot + 1;
        let len = bytes
            .get(name..)?
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        // `{{.}}` is dot and `{{.1}}` a number.
        if !bytes
            .get(name)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        {
            return None;
        }
        let close = name + len;
        if bytes.get(close..close + 2) != Some(b"}}") {
            return None;
        }
        let field = Arg::Field {
            pos: dot,
            ident: vec![src.get(name..close)?.to_owned()],
        };
        nodes.push(Node::Action(Action {
            pos: dot,
            pipe: Pipe {
                pos: dot,
                is_assign: false,
                decl: Vec::new(),
                cmds: vec![Command {
                    pos: dot,
                    args: vec![field],
                }],
            },
        }));
        at = close + 2;
    }
    if at < src.len() {
        nodes.push(Node::Text(src.get(at..)?.to_owned()));
    }
    Some(List { nodes })
}

#[cfg(test)]
mod plain_tests {
    use super::{parse_full, plain_tree};

    /// Pieces of templates: plain fields, and everything near them the
    /// plain reader must leave to the full parser.
    const PIECES: &[&str] = &[
        "{{.ID}}",
        "{{.Names}}",
        "{{.a_1}}",
        "{{._x}}",
        "{{.Z9}}",
        "{{.}}",
        "{{.1}}",
        "{{.1a}}",
        "{{ .ID}}",
        "{{.ID }}",
        "{{- .ID}}",
        "{{.ID -}}",
        "{{.A.B}}",
        "{{.ID|json}}",
        "{{/* c */}}",
        "{{.N\u{e4}mes}}",
        "{{.ID}",
        "{{.ID",
        "{{",
        "{{.if}}",
        "{{.ID}}}",
        "{{{.ID}}",
        "{{$}}",
        "{{json .}}",
        "{{.-}}",
        "}}",
        "{",
        "}",
        "\t",
        "\n",
        " ",
        "x",
        "\u{e9}",
        "table ",
        "\\t",
    ];

    #[test]
    fn plain_templates_parse_to_the_full_parsers_tree() {
        let mut rng = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            usize::try_from(rng % n as u64).unwrap()
        };
        let mut templates: Vec<String> = PIECES.iter().map(|p| (*p).to_owned()).collect();
        for a in PIECES {
            for b in PIECES {
                templates.push(format!("{a}{b}"));
            }
        }
        for _ in 0..5000 {
            templates.push((0..=next(7)).map(|_| PIECES[next(PIECES.len())]).collect());
        }
        // Mostly plain pieces, with now and then one that is not.
        let plain_pieces: Vec<&str> = PIECES
            .iter()
            .copied()
            .filter(|p| plain_tree(p).is_some())
            .collect();
        for _ in 0..5000 {
            templates.push(
                (0..=next(9))
                    .map(|_| match next(12) {
                        0 => PIECES[next(PIECES.len())],
                        _ => plain_pieces[next(plain_pieces.len())],
                    })
                    .collect(),
            );
        }
        templates.push(
            "{{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"
                .to_owned(),
        );
        let mut plain = 0;
        for t in &templates {
            let Some(fast) = plain_tree(t) else {
                continue;
            };
            plain += 1;
            let full = parse_full(t).unwrap_or_else(|e| panic!("{t:?}: {e}"));
            assert!(full.defs.is_empty(), "{t:?}");
            assert_eq!(format!("{fast:?}"), format!("{:?}", full.root), "for {t:?}");
        }
        assert!(plain > 1000, "{plain}");
        assert!(plain_tree("{{.ID}}\t{{.Image}}\t{{.Names}}").is_some());
    }
}
