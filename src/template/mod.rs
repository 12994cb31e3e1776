//! Go's `text/template`, as docker's `--format` uses it.
//!
//! `parse` turns a template into a tree; `Template::execute` runs it over a
//! `Value`. Error texts are Go's, byte for byte, because docker prints them.
//!
//! The port follows Go 1.24: `lex` and `parse` mirror `text/template/parse`,
//! `exec` and `funcs` mirror `text/template`, `gofmt` is the part of `fmt` and
//! `strconv` templates reach, `json` is `encoding/json`'s encoder.

mod exec;
mod funcs;
mod gofmt;
mod gotypes;
mod json;
mod lex;
mod lit;
mod node;
mod parse;
mod rv;
mod value;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;

pub use gotypes::{GoDuration, GoStruct, NilPointer, duration_string};
pub use value::{Object, Value};

/// A parse or execution error; `Display` is Go's error text exactly
/// (`template: :1: unclosed action`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    message: String,
}

impl TemplateError {
    fn new(message: String) -> Self {
        TemplateError { message }
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TemplateError {}

/// Execution options; `missing_key_error` is Go's `Option("missingkey=error")`.
/// `header_funcs` swaps in docker's `templates.HeaderFunctions`, with which
/// a table's header row is rendered: `json`, `split`, `join`, `title`,
/// `lower`, `upper` and `truncate` take strings and return their first
/// argument unchanged, so `table {{lower .Names}}` heads its column `NAMES`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExecOptions {
    pub missing_key_error: bool,
    pub header_funcs: bool,
}

/// A parsed template, named "" as docker names its templates, with docker's
/// functions (`json`, `split`, `join`, `title`, `lower`, `upper`, `pad`,
/// `truncate`) installed.
#[derive(Debug)]
pub struct Template {
    name: String,
    src: String,
    root: node::List,
    defs: HashMap<String, node::List>,
}

/// Parses `src` as `template.New("").Funcs(docker's funcs).Parse(src)` does.
pub fn parse(src: &str) -> Result<Template, TemplateError> {
    parse_named("", src)
}

/// Parses `src` as `template.New(name)...Parse(src)`: errors name it
/// (`template: version:1:2: executing "version" ...`).
pub fn parse_named(name: &str, src: &str) -> Result<Template, TemplateError> {
    let tree = parse::parse(src).map_err(|e| {
        // The parser writes positions for a template named "".
        let e = match e.strip_prefix("template: :") {
            Some(rest) => format!("template: {name}:{rest}"),
            None => e,
        };
        TemplateError::new(e)
    })?;
    Ok(Template {
        name: name.to_string(),
        src: src.to_string(),
        root: tree.root,
        defs: tree.defs,
    })
}

impl Template {
    /// Appends output to `out`; on error `out` keeps what Go had written
    /// before the error.
    pub fn execute_into(
        &self,
        data: &Value,
        opts: ExecOptions,
        out: &mut String,
    ) -> Result<(), TemplateError> {
        exec::execute(
            (&self.name, &self.src),
            &self.root,
            &self.defs,
            data,
            opts,
            out,
        )
    }

    pub fn execute(&self, data: &Value, opts: ExecOptions) -> Result<String, TemplateError> {
        let mut out = String::new();
        self.execute_into(data, opts, &mut out)?;
        Ok(out)
    }
}

/// One part of a template made of text and `{{.Field}}` actions only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlainPiece<'t> {
    Text(&'t str),
    Field(&'t str),
}

/// The limit on what one execution may print (Go has none; it bounds memory).
pub const MAX_OUTPUT: usize = exec::MAX_OUTPUT;

impl Template {
    /// The template as a sequence of text and single-field actions
    /// (`{{.ID}}`, `{{ .Names -}}`), or `None` when it holds anything else
    /// (pipelines, functions, variables, control structures, chains).
    ///
    /// Over data whose field `F` is a method taking no arguments and
    /// returning a string, executing such a template prints exactly the
    /// text pieces and each field's string in order, so a caller that can
    /// compute those strings directly may skip the executor; a field that
    /// is anything else must send the caller back to [`Template::execute`].
    pub fn plain_pieces(&self) -> Option<Vec<PlainPiece<'_>>> {
        use node::{Arg, Node};
        self.root
            .nodes
            .iter()
            .map(|n| match n {
                Node::Text(t) => Some(PlainPiece::Text(t)),
                Node::Action(a) if a.pipe.decl.is_empty() && a.pipe.cmds.len() == 1 => {
                    match a.pipe.cmds[0].args.as_slice() {
                        [Arg::Field { ident, .. }] if ident.len() == 1 => {
                            Some(PlainPiece::Field(&ident[0]))
                        }
                        _ => None,
                    }
                }
                _ => None,
            })
            .collect()
    }
}

/// `fmt.Sprint` of one value (`%v`), as an action prints it.
pub fn go_sprint(v: &Value) -> String {
    gofmt::sprint_value(v)
}

/// `encoding/json` Marshal with HTML escaping off, no trailing newline, map
/// keys sorted. A value Go cannot encode (NaN, ±Inf) gives "", which is what
/// docker's `json` function prints for it.
pub fn go_json(v: &Value) -> String {
    json::marshal(v).unwrap_or_default()
}

/// `json.MarshalIndent(v, prefix, indent)` (HTML escaping off).
pub fn go_json_indent(v: &Value, prefix: &str, indent: &str) -> String {
    json::marshal_indent(v, prefix, indent).unwrap_or_default()
}

/// `strconv.Quote`, which `%q` uses.
pub fn go_quote(s: &str) -> String {
    gofmt::quote(s)
}
