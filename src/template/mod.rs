//! Go's `text/template`, as docker's `--format` uses it.
//!
//! `parse` turns a template into a tree; `Template::execute` runs it over a
//! `Value`. Error texts are Go's, byte for byte, because docker prints them.

mod value;

pub use value::{Object, Value};
