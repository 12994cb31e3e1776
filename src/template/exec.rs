//! Execution, a port of Go 1.24's `text/template/exec.go`.
//!
//! Go reports an error at the last node it marked with `s.at(node)`; the
//! executor marks the same nodes in the same order so that the position and
//! the `<node>` in error messages match.

use std::collections::HashMap;

use super::funcs::{self, Param};
use super::gofmt;
use super::node::{Action, Arg, Branch, Command, List, Node, Number, Pipe, TemplateCall, Variable};
use super::rv::{Rv, truth};
use super::value::Value;
use super::{ExecOptions, TemplateError};

/// Go allows 100000 nested template calls; a much smaller bound keeps the
/// recursion well inside the stack.
const MAX_TEMPLATE_DEPTH: usize = 100;
/// Output beyond this is an error rather than unbounded memory.
pub(crate) const MAX_OUTPUT: usize = 16 << 20;
/// Bounds the work of loops that print nothing (`range 1000000000`).
const MAX_STEPS: u64 = 10_000_000;

/// The node errors are reported at.
#[derive(Clone, Copy)]
enum At<'t> {
    None,
    Arg(&'t Arg),
    Cmd(&'t Command),
    Pipe(&'t Pipe),
    Action(&'t Action),
    Var(&'t Variable),
    Template(&'t TemplateCall),
}

impl At<'_> {
    fn pos(&self) -> usize {
        match self {
            At::None => 0,
            At::Arg(a) => a.pos(),
            At::Cmd(c) => c.pos,
            At::Pipe(p) => p.pos,
            At::Action(a) => a.pos,
            At::Var(v) => v.pos,
            At::Template(t) => t.pos,
        }
    }

    fn context(&self) -> String {
        match self {
            At::None => String::new(),
            At::Arg(a) => a.to_string(),
            At::Cmd(c) => c.to_string(),
            At::Pipe(p) => p.to_string(),
            At::Action(a) => format!("{{{{{}}}}}", a.pipe),
            At::Var(v) => v.to_string(),
            At::Template(t) => match &t.pipe {
                None => format!("{{{{template {}}}}}", gofmt::quote(&t.name)),
                Some(p) => format!("{{{{template {} {p}}}}}", gofmt::quote(&t.name)),
            },
        }
    }
}

/// How a walk ended: normally, or by `{{break}}`/`{{continue}}`.
#[derive(PartialEq, Eq)]
enum Flow {
    Normal,
    Break,
    Continue,
}

type EResult<T> = Result<T, TemplateError>;

pub(crate) struct State<'t, 'o> {
    src: &'t str,
    /// The name the template was parsed under: error positions read
    /// `template: NAME:line:col`.
    parse_name: &'t str,
    defs: &'t HashMap<String, List>,
    name: String,
    out: &'o mut String,
    out_start: usize,
    vars: Vec<(String, Rv)>,
    at: At<'t>,
    depth: usize,
    steps: u64,
    opts: ExecOptions,
}

pub(crate) fn execute(
    (parse_name, src): (&str, &str),
    root: &List,
    defs: &HashMap<String, List>,
    data: &Value,
    opts: ExecOptions,
    out: &mut String,
) -> Result<(), TemplateError> {
    let dot = Rv::root(data);
    let out_start = out.len();
    let mut s = State {
        src,
        parse_name,
        defs,
        name: parse_name.to_owned(),
        out,
        out_start,
        vars: vec![("$".into(), dot.clone())],
        at: At::None,
        depth: 0,
        steps: 0,
        opts,
    };
    s.walk_list(&dot, root).map(|_| ())
}

impl<'t> State<'t, '_> {
    fn errorf<T>(&self, msg: impl AsRef<str>) -> EResult<T> {
        let msg = msg.as_ref();
        if let At::None = self.at {
            return Err(TemplateError::new(format!(
                "template: {}: {msg}",
                self.name
            )));
        }
        let pos = self.at.pos().min(self.src.len());
        let text = &self.src[..pos];
        let (line, col) = match text.rfind('\n') {
            None => (1, pos),
            Some(nl) => (1 + text.matches('\n').count(), pos - (nl + 1)),
        };
        Err(TemplateError::new(format!(
            "template: {}:{line}:{col}: executing {} at <{}>: {msg}",
            self.parse_name,
            gofmt::quote(&self.name),
            self.at.context()
        )))
    }

    fn step(&mut self) -> EResult<()> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return self.errorf(format!(
                "exceeded maximum number of operations ({MAX_STEPS})"
            ));
        }
        Ok(())
    }

    fn write(&mut self, s: &str) -> EResult<()> {
        if self.out.len() - self.out_start + s.len() > MAX_OUTPUT {
            return self.errorf("output exceeds the 16 MiB limit");
        }
        self.out.push_str(s);
        Ok(())
    }

    // Walking.

    fn walk_list(&mut self, dot: &Rv, list: &'t List) -> EResult<Flow> {
        for node in &list.nodes {
            let flow = self.walk(dot, node)?;
            if flow != Flow::Normal {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn walk(&mut self, dot: &Rv, node: &'t Node) -> EResult<Flow> {
        self.step()?;
        match node {
            Node::Text(t) => self.write(t)?,
            Node::Action(a) => {
                self.at = At::Action(a);
                let val = self.eval_pipeline(dot, &a.pipe)?;
                if a.pipe.decl.is_empty() {
                    self.at = At::Action(a);
                    let text = printable(&val);
                    self.write(&text)?;
                }
            }
            Node::If(b) => return self.walk_if_or_with(false, dot, b),
            Node::With(b) => return self.walk_if_or_with(true, dot, b),
            Node::Range(b) => return self.walk_range(dot, b),
            Node::Template(t) => self.walk_template(dot, t)?,
            Node::Break => return Ok(Flow::Break),
            Node::Continue => return Ok(Flow::Continue),
        }
        Ok(Flow::Normal)
    }

    fn walk_if_or_with(&mut self, with: bool, dot: &Rv, b: &'t Branch) -> EResult<Flow> {
        let mark = self.vars.len();
        let result = self.if_or_with_body(with, dot, b);
        self.vars.truncate(mark);
        result
    }

    fn if_or_with_body(&mut self, with: bool, dot: &Rv, b: &'t Branch) -> EResult<Flow> {
        let val = self.eval_pipeline(dot, &b.pipe)?;
        if truth(val.value()) {
            let new_dot = if with { &val } else { dot };
            return self.walk_list(new_dot, &b.list);
        }
        match &b.else_list {
            Some(e) => self.walk_list(dot, e),
            None => Ok(Flow::Normal),
        }
    }

    fn walk_range(&mut self, dot: &Rv, r: &'t Branch) -> EResult<Flow> {
        let mark0 = self.vars.len();
        let result = self.range_body(dot, r);
        self.vars.truncate(mark0);
        result.map(|_| Flow::Normal)
    }

    fn range_body(&mut self, dot: &Rv, r: &'t Branch) -> EResult<()> {
        let val = self.eval_pipeline(dot, &r.pipe)?;
        let mark = self.vars.len();
        let mut ran = false;
        match val.value() {
            Some(Value::List(items)) => {
                for (i, item) in items.iter().enumerate() {
                    ran = true;
                    let elem = val.elem(item.clone());
                    if self.one_iteration(r, mark, Rv::of(Value::Int(i as i64)), elem)?
                        == Flow::Break
                    {
                        break;
                    }
                }
            }
            Some(Value::Map(map)) => {
                for (k, item) in map.iter() {
                    ran = true;
                    let elem = val.elem(item.clone());
                    if self.one_iteration(r, mark, Rv::of(Value::str(k.as_str())), elem)?
                        == Flow::Break
                    {
                        break;
                    }
                }
            }
            // Ranging over a nil slice or map runs no iteration, like an empty one.
            Some(Value::NilList | Value::NilMap) => {}
            Some(Value::Int(n)) => {
                if r.pipe.decl.len() > 1 {
                    return self.errorf(format!(
                        "can't use {n} to iterate over more than one variable"
                    ));
                }
                for i in 0..*n {
                    ran = true;
                    let v = Rv::of(Value::Int(i));
                    if self.one_iteration(r, mark, Rv::missing(), v)? == Flow::Break {
                        break;
                    }
                }
            }
            None => {}
            Some(other) => {
                let shown = if matches!(other, Value::Nil) {
                    "<nil>".to_string()
                } else {
                    gofmt::sprint_value(other)
                };
                return self.errorf(format!("range can't iterate over {shown}"));
            }
        }
        if !ran && let Some(e) = &r.else_list {
            self.walk_list(dot, e)?;
        }
        Ok(())
    }

    fn one_iteration(&mut self, r: &'t Branch, mark: usize, index: Rv, elem: Rv) -> EResult<Flow> {
        self.step()?;
        let decl = &r.pipe.decl;
        if let Some(first) = decl.first() {
            if r.pipe.is_assign {
                let v = if decl.len() > 1 {
                    index.clone()
                } else {
                    elem.clone()
                };
                self.set_var(&first.ident[0], v)?;
            } else {
                self.set_top_var(1, elem.clone());
            }
        }
        if let Some(second) = decl.get(1) {
            if r.pipe.is_assign {
                self.set_var(&second.ident[0], elem.clone())?;
            } else {
                self.set_top_var(2, index);
            }
        }
        let flow = self.walk_list(&elem, &r.list);
        self.vars.truncate(mark);
        flow
    }

    fn walk_template(&mut self, dot: &Rv, t: &'t TemplateCall) -> EResult<()> {
        self.at = At::Template(t);
        let Some(tmpl) = self.defs.get(&t.name) else {
            return self.errorf(format!("template {} not defined", gofmt::quote(&t.name)));
        };
        if self.depth >= MAX_TEMPLATE_DEPTH {
            return self.errorf(format!(
                "exceeded maximum template depth ({MAX_TEMPLATE_DEPTH})"
            ));
        }
        let new_dot = match &t.pipe {
            Some(p) => self.eval_pipeline(dot, p)?,
            None => Rv::missing(),
        };
        // No dynamic scoping: the called template sees only "$".
        let saved_vars = std::mem::replace(&mut self.vars, vec![("$".into(), new_dot.clone())]);
        let saved_name = std::mem::replace(&mut self.name, t.name.clone());
        self.depth += 1;
        let result = self.walk_list(&new_dot, tmpl);
        self.depth -= 1;
        self.name = saved_name;
        self.vars = saved_vars;
        result.map(|_| ())
    }

    // Variables.

    fn set_var(&mut self, name: &str, v: Rv) -> EResult<()> {
        match self.vars.iter_mut().rev().find(|(n, _)| n == name) {
            Some(slot) => {
                slot.1 = v;
                Ok(())
            }
            None => self.errorf(format!("undefined variable: {name}")),
        }
    }

    fn set_top_var(&mut self, n: usize, v: Rv) {
        let len = self.vars.len();
        if let Some(slot) = len.checked_sub(n).and_then(|i| self.vars.get_mut(i)) {
            slot.1 = v;
        }
    }

    fn var_value(&self, name: &str) -> EResult<Rv> {
        match self.vars.iter().rev().find(|(n, _)| n == name) {
            Some((_, v)) => Ok(v.clone()),
            None => self.errorf(format!("undefined variable: {name}")),
        }
    }

    // Evaluation.

    fn eval_pipeline(&mut self, dot: &Rv, pipe: &'t Pipe) -> EResult<Rv> {
        self.at = At::Pipe(pipe);
        let mut value: Option<Rv> = None;
        for cmd in &pipe.cmds {
            let v = self.eval_command(dot, cmd, value)?;
            value = Some(v.dig());
        }
        let value = value.unwrap_or_else(Rv::missing);
        for var in &pipe.decl {
            if pipe.is_assign {
                self.set_var(&var.ident[0], value.clone())?;
            } else {
                self.vars.push((var.ident[0].clone(), value.clone()));
            }
        }
        Ok(value)
    }

    fn not_a_function(&self, args: &[Arg], fin: &Option<Rv>) -> EResult<()> {
        if args.len() > 1 || fin.is_some() {
            return self.errorf(format!("can't give argument to non-function {}", args[0]));
        }
        Ok(())
    }

    fn eval_command(&mut self, dot: &Rv, cmd: &'t Command, fin: Option<Rv>) -> EResult<Rv> {
        let first = &cmd.args[0];
        match first {
            Arg::Field { ident, .. } => {
                return self.eval_field_node(dot, first, ident, Some(&cmd.args), fin);
            }
            Arg::Chain { node, fields, .. } => {
                return self.eval_chain_node(dot, first, node, fields, Some(&cmd.args), fin);
            }
            Arg::Identifier { name, .. } => {
                return self.eval_function(dot, first, name, At::Cmd(cmd), Some(&cmd.args), fin);
            }
            Arg::Pipe(p) => {
                self.not_a_function(&cmd.args, &fin)?;
                return self.eval_pipeline(dot, p);
            }
            Arg::Variable(v) => return self.eval_variable_node(dot, v, Some(&cmd.args), fin),
            _ => {}
        }
        self.at = At::Arg(first);
        self.not_a_function(&cmd.args, &fin)?;
        match first {
            Arg::Bool { value, .. } => Ok(Rv::of(Value::Bool(*value))),
            Arg::Dot { .. } => Ok(dot.clone()),
            Arg::Nil { .. } => self.errorf("nil is not a command"),
            Arg::Number { number, .. } => self.ideal_constant(first, number),
            Arg::String { text, .. } => Ok(Rv::of(Value::str(text.as_str()))),
            _ => self.errorf(format!(
                "can't evaluate command {}",
                gofmt::quote(&first.to_string())
            )),
        }
    }

    /// A number literal where no type is known: its syntax decides.
    fn ideal_constant(&mut self, node: &'t Arg, n: &Number) -> EResult<Rv> {
        self.at = At::Arg(node);
        let t = &n.text;
        let is_hex_int = t.len() > 2
            && t.starts_with('0')
            && (t.as_bytes()[1] == b'x' || t.as_bytes()[1] == b'X')
            && !t.contains(['p', 'P']);
        if let Some(f) = n.float
            && !is_hex_int
            && t.contains(['.', 'e', 'E', 'p', 'P'])
        {
            return Ok(Rv::of(Value::Float(f)));
        }
        if let Some(i) = n.int {
            return Ok(Rv::of(Value::Int(i)));
        }
        if n.uint.is_some() {
            return self.errorf(format!("{t} overflows int"));
        }
        Ok(Rv::missing())
    }

    fn eval_field_node(
        &mut self,
        dot: &Rv,
        node: &'t Arg,
        ident: &'t [String],
        args: Option<&'t [Arg]>,
        fin: Option<Rv>,
    ) -> EResult<Rv> {
        self.at = At::Arg(node);
        self.eval_field_chain(dot, dot.clone(), At::Arg(node), ident, args, fin)
    }

    fn eval_chain_node(
        &mut self,
        dot: &Rv,
        chain: &'t Arg,
        node: &'t Arg,
        fields: &'t [String],
        args: Option<&'t [Arg]>,
        fin: Option<Rv>,
    ) -> EResult<Rv> {
        self.at = At::Arg(chain);
        if let Arg::Nil { .. } = node {
            return self.errorf(format!("indirection through explicit nil in {chain}"));
        }
        let pipe = self.eval_arg(dot, None, node)?;
        self.eval_field_chain(dot, pipe, At::Arg(chain), fields, args, fin)
    }

    fn eval_variable_node(
        &mut self,
        dot: &Rv,
        v: &'t Variable,
        args: Option<&'t [Arg]>,
        fin: Option<Rv>,
    ) -> EResult<Rv> {
        self.at = At::Var(v);
        let value = self.var_value(&v.ident[0])?;
        if v.ident.len() == 1 {
            if let Some(args) = args {
                self.not_a_function(args, &fin)?;
            } else if fin.is_some() {
                return self.errorf(format!("can't give argument to non-function {v}"));
            }
            return Ok(value);
        }
        self.eval_field_chain(dot, value, At::Var(v), &v.ident[1..], args, fin)
    }

    fn eval_field_chain(
        &mut self,
        dot: &Rv,
        mut receiver: Rv,
        node: At<'t>,
        ident: &'t [String],
        args: Option<&'t [Arg]>,
        fin: Option<Rv>,
    ) -> EResult<Rv> {
        let n = ident.len();
        for name in &ident[..n - 1] {
            receiver = self.eval_field(dot, name, node, None, None, receiver)?;
        }
        self.eval_field(dot, &ident[n - 1], node, args, fin, receiver)
    }

    fn eval_field(
        &mut self,
        dot: &Rv,
        name: &str,
        node: At<'t>,
        args: Option<&'t [Arg]>,
        fin: Option<Rv>,
        receiver: Rv,
    ) -> EResult<Rv> {
        let Some(recv) = receiver.value() else {
            if self.opts.missing_key_error {
                return self.errorf(format!("nil data; no entry for key {}", gofmt::quote(name)));
            }
            return Ok(Rv::missing());
        };
        let typ = receiver.static_type();
        let call_args: &[Arg] = args.map_or(&[], |a| a.get(1..).unwrap_or(&[]));
        let has_args = !call_args.is_empty() || fin.is_some();
        match recv {
            Value::Nil => self.errorf(format!("nil pointer evaluating {typ}.{name}")),
            Value::Object(o) => {
                if o.is_nil() {
                    return self.errorf(format!("nil pointer evaluating {typ}.{name}"));
                }
                if !o.has_field(name) {
                    return self.errorf(format!("can't evaluate field {name} in type {typ}"));
                }
                let num_in = call_args.len() + usize::from(fin.is_some());
                match o.method_arity(name) {
                    Some(want) if want != num_in => {
                        return self.errorf(format!(
                            "wrong number of args for {name}: want {want} got {num_in}"
                        ));
                    }
                    None if has_args => {
                        return self.errorf(format!(
                            "{name} has arguments but cannot be invoked as function"
                        ));
                    }
                    _ => {}
                }
                let mut argv = Vec::with_capacity(num_in);
                for a in call_args {
                    let v = self.eval_arg(dot, Some(Param::Any), a)?;
                    argv.push(v.dig().v.unwrap_or(Value::Nil));
                }
                if let Some(f) = fin {
                    argv.push(f.v.unwrap_or(Value::Nil));
                }
                let o = o.clone();
                match o.field(name, &argv) {
                    None => self.errorf(format!("can't evaluate field {name} in type {typ}")),
                    Some(Ok(v)) => Ok(Rv::of(v)),
                    Some(Err(e)) => {
                        self.at = node;
                        self.errorf(format!("error calling {name}: {e}"))
                    }
                }
            }
            Value::Map(m) => {
                if has_args {
                    return self.errorf(format!("{name} is not a method but has arguments"));
                }
                match m.get(name) {
                    Some(v) => Ok(receiver.elem(v.clone())),
                    None if self.opts.missing_key_error => {
                        self.errorf(format!("map has no entry for key {}", gofmt::quote(name)))
                    }
                    None => Ok(Rv::missing()),
                }
            }
            // A nil map has no entries.
            Value::NilMap => {
                if has_args {
                    return self.errorf(format!("{name} is not a method but has arguments"));
                }
                if self.opts.missing_key_error {
                    return self.errorf(format!("map has no entry for key {}", gofmt::quote(name)));
                }
                Ok(Rv::missing())
            }
            _ => self.errorf(format!("can't evaluate field {name} in type {typ}")),
        }
    }

    fn eval_function(
        &mut self,
        dot: &Rv,
        ident: &'t Arg,
        name: &str,
        node: At<'t>,
        args: Option<&'t [Arg]>,
        fin: Option<Rv>,
    ) -> EResult<Rv> {
        self.at = At::Arg(ident);
        let Some(sig) = funcs::signature_for(name, self.opts.header_funcs) else {
            return self.errorf(format!("{} is not a defined function", gofmt::quote(name)));
        };
        let args: &'t [Arg] = args.map_or(&[], |a| a.get(1..).unwrap_or(&[]));
        let num_in = args.len() + usize::from(fin.is_some());
        let num_fixed = sig.fixed.len();
        if sig.variadic.is_some() {
            if num_in < num_fixed {
                return self.errorf(format!(
                    "wrong number of args for {name}: want at least {num_fixed} got {}",
                    args.len()
                ));
            }
        } else if num_in != num_fixed {
            return self.errorf(format!(
                "wrong number of args for {name}: want {num_fixed} got {num_in}"
            ));
        }
        let param_at = |i: usize| -> Param {
            sig.fixed
                .get(i)
                .copied()
                .or(sig.variadic)
                .unwrap_or(Param::Any)
        };

        if name == "and" || name == "or" {
            // Short-circuit: stop at the first false (and) or true (or).
            let want = name == "or";
            let mut v = Rv::missing();
            for a in args {
                v = self.eval_arg(dot, Some(Param::Reflect), a)?;
                if truth(v.dig_ref()) == want {
                    return Ok(v);
                }
            }
            if let Some(f) = fin {
                v = f;
            }
            return Ok(v);
        }

        let mut argv = Vec::with_capacity(num_in);
        for (i, a) in args.iter().enumerate() {
            argv.push(self.eval_arg(dot, Some(param_at(i)), a)?);
        }
        if let Some(f) = fin {
            let v = self.validate_type(f, Some(param_at(num_in - 1)))?;
            argv.push(v);
        }
        if name == "call" {
            // Templates cannot hold Go functions, so `call` always fails; Go
            // names the callee by its node.
            let callee = args.first().map(ToString::to_string).unwrap_or_default();
            let msg = match argv.first().and_then(Rv::dig_ref) {
                None => "call of nil".to_string(),
                Some(_) => format!(
                    "non-function {callee} of type {}",
                    argv[0].dig_clone().dynamic_type()
                ),
            };
            self.at = node;
            return self.errorf(format!("error calling call: {msg}"));
        }
        match funcs::call_for(name, &argv, self.opts.header_funcs) {
            Ok(v) => Ok(v),
            Err(e) => {
                self.at = node;
                self.errorf(format!("error calling {name}: {e}"))
            }
        }
    }

    /// Go's `validateType`: can the value be passed as a parameter of `typ`?
    fn validate_type(&self, value: Rv, typ: Option<Param>) -> EResult<Rv> {
        let Some(typ) = typ else {
            return Ok(value);
        };
        let Some(v) = value.value() else {
            if typ.can_be_nil() {
                return Ok(if typ == Param::StrSlice {
                    Rv::of(Value::list(Vec::new()))
                } else {
                    value
                });
            }
            return self.errorf(format!("invalid value; expected {}", typ.go_name()));
        };
        let ok = match typ {
            Param::Reflect | Param::Any => true,
            Param::Str => matches!(v, Value::String(_)),
            Param::Int => matches!(v, Value::Int(_)),
            Param::StrSlice => {
                value.typed
                    && (matches!(v, Value::NilList)
                        || matches!(v, Value::List(l) if l.iter().all(|i| matches!(i, Value::String(_)))))
            }
        };
        if ok {
            return Ok(value.dig());
        }
        let got = if value.is_nil_iface() {
            "interface {}".to_string()
        } else {
            value.dig_clone().dynamic_type()
        };
        self.errorf(format!(
            "wrong type for value; expected {}; got {got}",
            typ.go_name()
        ))
    }

    /// Evaluates an argument for a parameter of type `typ` (`None`: no type,
    /// as for the receiver of a chain).
    fn eval_arg(&mut self, dot: &Rv, typ: Option<Param>, n: &'t Arg) -> EResult<Rv> {
        self.at = At::Arg(n);
        match n {
            Arg::Dot { .. } => return self.validate_type(dot.clone(), typ),
            Arg::Nil { .. } => {
                return match typ {
                    None | Some(Param::Reflect | Param::Any) => Ok(Rv::missing()),
                    Some(Param::StrSlice) => Ok(Rv::of(Value::list(Vec::new()))),
                    Some(t) => self.errorf(format!("cannot assign nil to {}", t.go_name())),
                };
            }
            Arg::Field { ident, .. } => {
                let v = self.eval_field_node(dot, n, ident, Some(std::slice::from_ref(n)), None)?;
                return self.validate_type(v, typ);
            }
            Arg::Variable(var) => {
                let v = self.eval_variable_node(dot, var, None, None)?;
                return self.validate_type(v, typ);
            }
            Arg::Pipe(p) => {
                let v = self.eval_pipeline(dot, p)?;
                return self.validate_type(v, typ);
            }
            Arg::Identifier { name, .. } => {
                let v = self.eval_function(dot, n, name, At::Arg(n), None, None)?;
                return self.validate_type(v, typ);
            }
            Arg::Chain { node, fields, .. } => {
                let v = self.eval_chain_node(dot, n, node, fields, None, None)?;
                return self.validate_type(v, typ);
            }
            _ => {}
        }
        match typ {
            Some(Param::Str) => match n {
                Arg::String { text, .. } => Ok(Rv::of(Value::str(text.as_str()))),
                _ => self.errorf(format!("expected string; found {n}")),
            },
            Some(Param::Int) => match n {
                Arg::Number {
                    number: Number { int: Some(i), .. },
                    ..
                } => Ok(Rv::of(Value::Int(*i))),
                _ => self.errorf(format!("expected integer; found {n}")),
            },
            Some(Param::StrSlice) => {
                self.errorf(format!("can't handle {n} for arg of type []string"))
            }
            None | Some(Param::Reflect | Param::Any) => match n {
                Arg::Bool { value, .. } => Ok(Rv::of(Value::Bool(*value))),
                Arg::Number { number, .. } => self.ideal_constant(n, number),
                Arg::String { text, .. } => Ok(Rv::of(Value::str(text.as_str()))),
                _ => self.errorf(format!(
                    "can't handle assignment of {n} to empty interface argument"
                )),
            },
        }
    }
}

/// What an action prints: text/template's `printableValue` and `fmt.Fprint`.
fn printable(v: &Rv) -> String {
    match v.value() {
        None => "<no value>".into(),
        Some(Value::Nil) => "<nil>".into(),
        Some(Value::Object(o)) if o.is_nil() => "<nil>".into(),
        Some(val) => gofmt::sprint_value(val),
    }
}
