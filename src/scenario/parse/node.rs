//! Reading one KDL node against the shape the format expects: how many
//! arguments, which properties, whether children are allowed. Every
//! deviation becomes a diagnostic; accessors then return what is usable.

use super::tree::{Entry, Node, Value};
use miette::SourceSpan;

use super::Cx;
use super::suggest::{did_you_mean, one_of};

pub(crate) struct Shape {
    pub min_args: usize,
    /// `None`: any number.
    pub max_args: Option<usize>,
    /// What the arguments are, for messages ("the image reference").
    pub args_are: &'static str,
    pub props: &'static [&'static str],
    /// Any property name goes (env, label, header).
    pub any_props: bool,
    pub children: bool,
}

impl Shape {
    pub(crate) const fn args(min: usize, max: Option<usize>, args_are: &'static str) -> Shape {
        Shape {
            min_args: min,
            max_args: max,
            args_are,
            props: &[],
            any_props: false,
            children: false,
        }
    }

    pub(crate) const fn props(mut self, props: &'static [&'static str]) -> Shape {
        self.props = props;
        self
    }

    pub(crate) const fn any_props(mut self) -> Shape {
        self.any_props = true;
        self
    }

    pub(crate) const fn children(mut self) -> Shape {
        self.children = true;
        self
    }
}

pub(crate) fn name<'a>(n: &'a Node<'_>) -> &'a str {
    n.name().value()
}

pub(crate) fn name_span(n: &Node<'_>) -> SourceSpan {
    n.name().span()
}

pub(crate) fn args<'a, 't>(n: &'a Node<'t>) -> impl Iterator<Item = &'a Entry<'t>> {
    n.entries().iter().filter(|e| e.name().is_none())
}

pub(crate) fn props<'a, 't>(n: &'a Node<'t>) -> impl Iterator<Item = &'a Entry<'t>> {
    n.entries().iter().filter(|e| e.name().is_some())
}

/// The first property called `key`; later duplicates are reported by `check`.
pub(crate) fn prop<'a, 't>(n: &'a Node<'t>, key: &str) -> Option<&'a Entry<'t>> {
    props(n).find(|e| e.name().is_some_and(|k| k.value() == key))
}

pub(crate) fn children<'a, 't>(n: &'a Node<'t>) -> &'a [Node<'t>] {
    n.children().map_or(&[], |d| d.nodes())
}

/// Reports every way `n` departs from `shape`. Returns false when the
/// arguments are too few to read.
pub(crate) fn check(cx: &mut Cx<'_>, n: &Node<'_>, shape: &Shape) -> bool {
    let node = name(n);
    if let Some(ty) = n.ty() {
        cx.error(
            ty.span(),
            format!("`{node}` has a type annotation; scenario files do not use them"),
        );
    }
    for e in n.entries() {
        if let Some(ty) = e.ty() {
            cx.error(ty.span(), "type annotations are not used in scenario files");
        }
    }
    // Messages are formatted only for a node that has a problem: this runs
    // for every node of every file.
    let arg_count = args(n).count();
    let plural = |k: usize| if k == 1 { "argument" } else { "arguments" };
    let expects = || match shape.max_args {
        Some(max) if max == shape.min_args => format!("{max} {}", plural(max)),
        Some(max) => format!("{} to {max} arguments", shape.min_args),
        None if shape.min_args == 0 => "any number of arguments".to_owned(),
        None => format!("at least {} {}", shape.min_args, plural(shape.min_args)),
    };
    let enough = arg_count >= shape.min_args;
    if !enough {
        cx.error(
            name_span(n),
            format!(
                "`{node}` takes {} ({}), found {arg_count}",
                expects(),
                shape.args_are,
            ),
        );
    }
    if let Some(max) = shape.max_args {
        for extra in args(n).skip(max) {
            let msg = if max == 0 {
                format!("unexpected argument: `{node}` takes no arguments")
            } else {
                format!(
                    "unexpected argument: `{node}` takes {} ({})",
                    expects(),
                    shape.args_are
                )
            };
            cx.error(extra.span(), msg);
        }
    }
    // A lone property cannot repeat: the list of keys seen is kept (and
    // allocated) only for nodes with more.
    let several = props(n).nth(1).is_some();
    let mut seen: Vec<&str> = Vec::new();
    for p in props(n) {
        let Some(key) = p.name() else { continue };
        let k = key.value();
        if seen.contains(&k) {
            cx.error(key.span(), format!("duplicate property `{k}` on `{node}`"));
            continue;
        }
        if several {
            seen.push(k);
        }
        if shape.any_props || shape.props.contains(&k) {
            continue;
        }
        let msg = if shape.props.is_empty() {
            format!("unknown property `{k}`: `{node}` takes no properties")
        } else {
            format!(
                "unknown property `{k}` on `{node}`; expected {}",
                one_of(shape.props)
            )
        };
        cx.error_opt_help(key.span(), msg, did_you_mean(k, shape.props));
    }
    if !shape.children
        && let Some(doc) = n.children()
    {
        let at = block_start(cx, n, doc.span());
        cx.error(at, format!("`{node}` takes no children block"));
    }
    enough
}

/// The `{` that opens a node's children: kdl's document span starts at the
/// first child, so look back from there.
fn block_start(cx: &Cx<'_>, n: &Node<'_>, inner: SourceSpan) -> SourceSpan {
    let node_start = n.span().offset();
    let upto = inner.offset().min(cx.text.len());
    match cx.text.get(node_start..upto).and_then(|s| s.rfind('{')) {
        Some(i) => SourceSpan::new((node_start + i).into(), 1),
        None => inner,
    }
}

/// Reports unknown child nodes, with a did-you-mean.
pub(crate) fn unknown_child(cx: &mut Cx<'_>, parent: &str, child: &Node<'_>, allowed: &[&str]) {
    let c = name(child);
    cx.error_opt_help(
        name_span(child),
        format!(
            "unknown node `{c}` in `{parent}`; expected {}",
            one_of(allowed)
        ),
        did_you_mean(c, allowed),
    );
}

pub(crate) fn unknown_top(cx: &mut Cx<'_>, child: &Node<'_>, allowed: &[&str]) {
    let c = name(child);
    cx.error_opt_help(
        name_span(child),
        format!("unknown top-level node `{c}`; expected {}", one_of(allowed)),
        did_you_mean(c, allowed),
    );
}

/// The span of an entry's value: for `key=value` the part after `=`, so a
/// bad value is underlined rather than its key.
pub(crate) fn value_span(cx: &Cx<'_>, e: &Entry<'_>) -> SourceSpan {
    let whole = e.span();
    let Some(key) = e.name() else { return whole };
    let key_end = key.span().offset() + key.span().len();
    let end = whole.offset() + whole.len();
    let Some(between) = cx.text.get(key_end..end) else {
        return whole;
    };
    let Some(eq) = between.find('=') else {
        return whole;
    };
    let after = &between[eq + 1..];
    let skipped = after.len() - after.trim_start().len();
    let start = key_end + eq + 1 + skipped;
    SourceSpan::new(start.into(), end.saturating_sub(start))
}

pub(crate) fn describe(v: &Value<'_>) -> String {
    match v {
        Value::String(s) => format!("the string {s:?}"),
        Value::Integer(i) => format!("the integer {i}"),
        Value::Float(f) => format!("the number {f}"),
        Value::Bool(b) => format!("#{b}"),
        Value::Null => "#null".to_owned(),
    }
}

pub(crate) fn string(cx: &mut Cx<'_>, e: &Entry<'_>, what: &str) -> Option<String> {
    match e.value() {
        Value::String(s) => Some(s.to_string()),
        other => {
            let help = match other {
                Value::Integer(_) | Value::Float(_) => {
                    Some(format!("quote it: \"{}\"", raw(cx, e)))
                }
                _ => None,
            };
            let at = value_span(cx, e);
            cx.error_opt_help(
                at,
                format!("expected a string ({what}), found {}", describe(other)),
                help,
            );
            None
        }
    }
}

fn raw<'t>(cx: &Cx<'t>, e: &Entry<'_>) -> &'t str {
    let s = value_span(cx, e);
    cx.text.get(s.offset()..s.offset() + s.len()).unwrap_or("")
}

pub(crate) fn integer(cx: &mut Cx<'_>, e: &Entry<'_>, what: &str) -> Option<i128> {
    match e.value() {
        Value::Integer(i) => Some(*i),
        other => {
            let at = value_span(cx, e);
            cx.error(
                at,
                format!("expected an integer ({what}), found {}", describe(other)),
            );
            None
        }
    }
}

/// The nth argument as a string, when present (absence is reported by `check`).
pub(crate) fn arg_string(cx: &mut Cx<'_>, n: &Node<'_>, idx: usize, what: &str) -> Option<String> {
    let e = args(n).nth(idx)?;
    string(cx, e, what)
}

pub(crate) fn arg_strings(cx: &mut Cx<'_>, n: &Node<'_>, what: &str) -> Vec<Spanned2> {
    let entries: Vec<&Entry<'_>> = args(n).collect();
    entries
        .into_iter()
        .filter_map(|e| string(cx, e, what).map(|s| (s, value_span(cx, e))))
        .collect()
}

pub(crate) type Spanned2 = (String, SourceSpan);

pub(crate) fn prop_string(
    cx: &mut Cx<'_>,
    n: &Node<'_>,
    key: &str,
    what: &str,
) -> Option<(String, SourceSpan)> {
    let e = prop(n, key)?;
    let s = string(cx, e, what)?;
    Some((s, value_span(cx, e)))
}

/// Key/value properties (env, label, header), in source order, with the
/// span of each key for duplicate reports.
pub(crate) fn pairs(
    cx: &mut Cx<'_>,
    n: &Node<'_>,
    what: &str,
) -> Vec<(String, String, SourceSpan)> {
    let entries: Vec<&Entry<'_>> = props(n).collect();
    let mut out = Vec::new();
    for e in entries {
        let Some(key) = e.name() else { continue };
        if let Some(v) = string(cx, e, what) {
            out.push((key.value().to_owned(), v, key.span()));
        }
    }
    out
}

/// Reports a second occurrence of a node that may appear once.
pub(crate) fn once<'a, 't>(
    cx: &mut Cx<'_>,
    slot: &mut Option<&'a Node<'t>>,
    n: &'a Node<'t>,
) -> bool {
    if let Some(first) = slot {
        let first_at = cx.span(name_span(first));
        cx.error(
            name_span(n),
            format!(
                "duplicate `{}`; it was already given at {first_at}",
                name(n)
            ),
        );
        false
    } else {
        *slot = Some(n);
        true
    }
}
