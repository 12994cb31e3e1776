//! Go's `text/template`, as docker's `--format` uses it.
//!
//! `parse` turns a template into a tree; `Template::execute` runs it over a
//! `Value`. Error texts are Go's, byte for byte, because docker prints them.

mod value;

pub use value::{Object, Value};

/// Placeholder signatures until the template engine lands.
pub struct Template;

#[derive(Debug)]
pub struct TemplateError(pub String);

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Copy, Default)]
pub struct ExecOptions {
    pub missing_key_error: bool,
}

pub fn parse(_src: &str) -> Result<Template, TemplateError> {
    Err(TemplateError("template engine not merged yet".into()))
}

impl Template {
    pub fn execute_into(
        &self,
        _data: &Value,
        _opts: ExecOptions,
        _out: &mut String,
    ) -> Result<(), TemplateError> {
        Err(TemplateError("template engine not merged yet".into()))
    }
    pub fn execute(&self, data: &Value, opts: ExecOptions) -> Result<String, TemplateError> {
        let mut s = String::new();
        self.execute_into(data, opts, &mut s).map(|()| s)
    }
}

pub fn go_sprint(_v: &Value) -> String {
    String::new()
}
pub fn go_json(_v: &Value) -> String {
    String::new()
}
pub fn go_json_indent(_v: &Value, _prefix: &str, _indent: &str) -> String {
    String::new()
}
pub fn go_quote(s: &str) -> String {
    format!("{s:?}")
}
