//! text/template's builtin functions and the ones docker installs
//! (`docker/cli/templates/templates.go`), with Go's signatures so argument
//! checks fail with Go's messages.

use super::gofmt;
use super::json;
use super::rv::{Rv, truth};
use super::value::Value;

/// A Go parameter type, as far as argument checking needs it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Param {
    /// `reflect.Value`: anything, passed as is.
    Reflect,
    /// `any`.
    Any,
    Str,
    Int,
    StrSlice,
}

impl Param {
    pub fn go_name(self) -> &'static str {
        match self {
            Param::Reflect => "reflect.Value",
            Param::Any => "interface {}",
            Param::Str => "string",
            Param::Int => "int",
            Param::StrSlice => "[]string",
        }
    }

    pub fn can_be_nil(self) -> bool {
        matches!(self, Param::Reflect | Param::Any | Param::StrSlice)
    }
}

pub(crate) struct Sig {
    pub fixed: &'static [Param],
    pub variadic: Option<Param>,
}

use Param::{Any, Int, Reflect, Str, StrSlice};

pub(crate) fn signature(name: &str) -> Option<Sig> {
    let (fixed, variadic): (&'static [Param], Option<Param>) = match name {
        "and" | "or" | "index" | "slice" | "eq" => (&[Reflect], Some(Reflect)),
        "call" => (&[Reflect], Some(Reflect)),
        "html" | "js" | "urlquery" | "print" | "println" => (&[], Some(Any)),
        "printf" => (&[Str], Some(Any)),
        "len" | "not" => (&[Reflect], None),
        "ne" | "lt" | "le" | "gt" | "ge" => (&[Reflect, Reflect], None),
        "json" => (&[Any], None),
        "split" => (&[Str, Str], None),
        "join" => (&[StrSlice, Str], None),
        "title" | "lower" | "upper" => (&[Str], None),
        "pad" => (&[Str, Int, Int], None),
        "truncate" => (&[Str, Int], None),
        _ => return None,
    };
    Some(Sig { fixed, variadic })
}

/// The signature of `name` in the function set in use: docker's header
/// functions (`templates.HeaderFunctions`) take only strings.
pub(crate) fn signature_for(name: &str, header: bool) -> Option<Sig> {
    if header {
        let fixed: &'static [Param] = match name {
            "json" | "title" | "lower" | "upper" => &[Str],
            "split" | "join" => &[Str, Str],
            "truncate" => &[Str, Int],
            _ => return signature(name),
        };
        return Some(Sig {
            fixed,
            variadic: None,
        });
    }
    signature(name)
}

/// Calls `name` from the function set in use; the header functions return
/// their first argument as they got it.
pub(crate) fn call_for(name: &str, args: &[Rv], header: bool) -> Result<Rv, String> {
    if header
        && matches!(
            name,
            "json" | "split" | "join" | "title" | "lower" | "upper" | "truncate"
        )
    {
        return Ok(args[0].clone());
    }
    call(name, args)
}

pub(crate) fn is_defined(name: &str) -> bool {
    signature(name).is_some()
}

/// Results larger than this fail, so a template cannot balloon memory.
pub(crate) const MAX_STRING: usize = 16 << 20;

fn checked(s: String) -> Result<Rv, String> {
    if s.len() > MAX_STRING {
        return Err("result exceeds the 16 MiB output limit".into());
    }
    Ok(Rv::of(Value::str(s)))
}

fn arg_str(a: &Rv) -> String {
    a.value()
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn arg_int(a: &Rv) -> i64 {
    match a.value() {
        Some(Value::Int(i)) => *i,
        _ => 0,
    }
}

/// How fmt sees an `any` argument: invalid and nil are both a nil interface.
fn fmt_args(args: &[Rv]) -> Vec<Option<&Value>> {
    args.iter()
        .map(|a| match a.value() {
            None | Some(Value::Nil) => None,
            Some(v) => Some(v),
        })
        .collect()
}

/// Calls builtin `name` (not `and`/`or`, which the executor short-circuits).
pub(crate) fn call(name: &str, args: &[Rv]) -> Result<Rv, String> {
    match name {
        "index" => index(&args[0], &args[1..]),
        "slice" => slice(&args[0], &args[1..]),
        "len" => length(&args[0]).map(|n| Rv::of(Value::Int(n))),
        "not" => Ok(Rv::of(Value::Bool(!truth(args[0].dig_ref())))),
        "eq" => eq(&args[0], &args[1..]).map(|b| Rv::of(Value::Bool(b))),
        "ne" => eq(&args[0], &args[1..2]).map(|b| Rv::of(Value::Bool(!b))),
        "lt" => lt(&args[0], &args[1]).map(|b| Rv::of(Value::Bool(b))),
        "le" => le(&args[0], &args[1]).map(|b| Rv::of(Value::Bool(b))),
        "gt" => le(&args[0], &args[1]).map(|b| Rv::of(Value::Bool(!b))),
        "ge" => lt(&args[0], &args[1]).map(|b| Rv::of(Value::Bool(!b))),
        "print" => checked(gofmt::sprint(&fmt_args(args))),
        "println" => checked(gofmt::sprintln(&fmt_args(args))),
        "printf" => checked(gofmt::sprintf(&arg_str(&args[0]), &fmt_args(&args[1..]))),
        "html" => checked(html_escape(&eval_args(args))),
        "js" => checked(js_escape(&eval_args(args))),
        "urlquery" => checked(query_escape(&eval_args(args))),
        "json" => {
            let v = args[0].value().cloned().unwrap_or(Value::Nil);
            // Docker ignores the encoder's error: an unencodable value prints
            // nothing.
            checked(json::marshal(&v).unwrap_or_default())
        }
        "split" => {
            let s = arg_str(&args[0]);
            let sep = arg_str(&args[1]);
            let parts: Vec<Value> = if sep.is_empty() {
                s.chars().map(|c| Value::str(c.to_string())).collect()
            } else {
                s.split(sep.as_str()).map(Value::str).collect()
            };
            Ok(Rv::of(Value::list(parts)))
        }
        "join" => {
            let items: Vec<String> = match args[0].value() {
                Some(Value::List(l)) => l
                    .iter()
                    .map(|v| v.as_str().unwrap_or_default().to_string())
                    .collect(),
                _ => Vec::new(),
            };
            checked(items.join(&arg_str(&args[1])))
        }
        "title" => checked(title(&arg_str(&args[0]))),
        "lower" => checked(arg_str(&args[0]).chars().map(simple_lower).collect()),
        "upper" => checked(arg_str(&args[0]).chars().map(simple_upper).collect()),
        "pad" => {
            let s = arg_str(&args[0]);
            let (before, after) = (arg_int(&args[1]), arg_int(&args[2]));
            if s.is_empty() {
                return Ok(Rv::of(Value::str("")));
            }
            if before < 0 || after < 0 {
                return Err("strings: negative Repeat count".into());
            }
            let total = s.len() as u64 + before as u64 + after as u64;
            if total > MAX_STRING as u64 {
                return Err("result exceeds the 16 MiB output limit".into());
            }
            checked(format!(
                "{}{s}{}",
                " ".repeat(before as usize),
                " ".repeat(after as usize)
            ))
        }
        "truncate" => {
            let s = arg_str(&args[0]);
            let n = arg_int(&args[1]);
            if (s.len() as i64) < n {
                return Ok(Rv::of(Value::str(s)));
            }
            if n < 0 {
                return Err(format!("runtime error: slice bounds out of range [:{n}]"));
            }
            // Go slices bytes; a cut rune becomes U+FFFD here.
            Ok(Rv::of(Value::str(
                String::from_utf8_lossy(&s.as_bytes()[..n as usize]).into_owned(),
            )))
        }
        _ => Err(format!("function {name} not implemented")),
    }
}

impl Rv {
    /// Go's `indirectInterface`: the value inside an interface; a nil
    /// interface becomes invalid.
    pub(crate) fn dig_clone(&self) -> Rv {
        self.clone().dig()
    }

    pub(crate) fn dig_ref(&self) -> Option<&Value> {
        if self.is_nil_iface() {
            None
        } else {
            self.value()
        }
    }
}

/// What `html`, `js` and `urlquery` escape: a lone string as is, otherwise
/// `fmt.Sprint` of the printable forms (invalid is `<no value>`).
fn eval_args(args: &[Rv]) -> String {
    if let [one] = args
        && let Some(Value::String(s)) = one.value()
    {
        return s.to_string();
    }
    let no_value = Value::str("<no value>");
    let vals: Vec<Option<&Value>> = args
        .iter()
        .map(|a| match a.value() {
            None => Some(&no_value),
            Some(Value::Nil) if a.iface => Some(&no_value),
            Some(Value::Nil) => None,
            Some(v) => Some(v),
        })
        .collect();
    gofmt::sprint(&vals)
}

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\0' => out.push('\u{FFFD}'),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

fn js_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c if c.is_ascii() || gofmt::is_print(c) => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out
}

fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Go's `unicode.ToLower`/`ToUpper` map one rune to one rune; Rust's
/// full case mapping (`ß` → `SS`) is used only when it is one rune too.
fn simple_lower(c: char) -> char {
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

fn simple_upper(c: char) -> char {
    let mut it = c.to_uppercase();
    match (it.next(), it.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// `strings.Title`: upper-case the first letter of each word.
fn title(s: &str) -> String {
    let mut prev = ' ';
    s.chars()
        .map(|c| {
            let out = if is_separator(prev) {
                simple_upper(c)
            } else {
                c
            };
            prev = c;
            out
        })
        .collect()
}

fn is_separator(c: char) -> bool {
    if c.is_ascii() {
        return !(c.is_ascii_alphanumeric() || c == '_');
    }
    if c.is_alphanumeric() {
        return false;
    }
    c.is_whitespace()
}

// index, slice, len.

fn index_arg(index: &Rv, cap: usize) -> Result<usize, String> {
    let x = match index.dig_ref() {
        Some(Value::Int(i)) => *i,
        None => return Err("cannot index slice/array with nil".into()),
        Some(_) => {
            return Err(format!(
                "cannot index slice/array with type {}",
                index.dig_clone().dynamic_type()
            ));
        }
    };
    if x < 0 || x as u64 > cap as u64 {
        return Err(format!("index out of range: {x}"));
    }
    Ok(x as usize)
}

fn index(item: &Rv, indexes: &[Rv]) -> Result<Rv, String> {
    let mut item = item.dig_clone();
    if item.v.is_none() {
        return Err("index of untyped nil".into());
    }
    for idx in indexes {
        let cur = item.dig_clone();
        let next = match cur.value() {
            None | Some(Value::Nil) => return Err("index of nil pointer".into()),
            Some(Value::List(l)) => {
                let x = index_arg(idx, l.len())?;
                match l.get(x) {
                    Some(v) => cur.elem(v.clone()),
                    None => return Err("reflect: slice index out of range".into()),
                }
            }
            Some(Value::String(s)) => {
                let x = index_arg(idx, s.len())?;
                match s.as_bytes().get(x) {
                    Some(b) => Rv::of(Value::Int(i64::from(*b))),
                    None => return Err("reflect: string index out of range".into()),
                }
            }
            Some(Value::NilList) => {
                index_arg(idx, 0)?;
                return Err("reflect: slice index out of range".into());
            }
            Some(map @ (Value::Map(_) | Value::NilMap)) => {
                let key = match idx.dig_ref() {
                    Some(Value::String(k)) => k.to_string(),
                    None => return Err("value is nil; should be of type string".into()),
                    Some(_) => {
                        return Err(format!(
                            "value has type {}; should be string",
                            idx.dig_clone().dynamic_type()
                        ));
                    }
                };
                let found = match map {
                    Value::Map(m) => m.get(&key).cloned(),
                    _ => None,
                };
                match found {
                    Some(v) => cur.elem(v),
                    // The zero value of the element type.
                    None if cur.typed => Rv::of(Value::str("")),
                    None => cur.elem(Value::Nil),
                }
            }
            Some(_) => return Err(format!("can't index item of type {}", cur.dynamic_type())),
        };
        item = next;
    }
    Ok(item)
}

fn slice(item: &Rv, indexes: &[Rv]) -> Result<Rv, String> {
    let item = item.dig_clone();
    let Some(v) = item.value() else {
        return Err("slice of untyped nil".into());
    };
    if indexes.len() > 3 {
        return Err(format!("too many slice indexes: {}", indexes.len()));
    }
    let len = match v {
        Value::String(s) => {
            if indexes.len() == 3 {
                return Err("cannot 3-index slice a string".into());
            }
            s.len()
        }
        Value::List(l) => l.len(),
        Value::NilList => 0,
        _ => return Err(format!("can't slice item of type {}", item.dynamic_type())),
    };
    let mut idx = [0, len, len];
    for (i, index) in indexes.iter().enumerate() {
        idx[i] = index_arg(index, len)?;
    }
    if idx[0] > idx[1] {
        return Err(format!("invalid slice index: {} > {}", idx[0], idx[1]));
    }
    if indexes.len() == 3 && idx[1] > idx[2] {
        return Err(format!("invalid slice index: {} > {}", idx[1], idx[2]));
    }
    let out = match v {
        Value::String(s) => {
            Value::str(String::from_utf8_lossy(&s.as_bytes()[idx[0]..idx[1]]).into_owned())
        }
        Value::List(l) => Value::list(l[idx[0]..idx[1]].to_vec()),
        // Slicing a nil slice to [0:0] gives a nil slice again.
        Value::NilList => Value::NilList,
        _ => return Err(format!("can't slice item of type {}", item.dynamic_type())),
    };
    Ok(Rv {
        v: Some(out),
        ..item
    })
}

fn length(item: &Rv) -> Result<i64, String> {
    let n = match item.value() {
        None => return Err("reflect: call of reflect.Value.Type on zero Value".into()),
        Some(Value::Nil) => return Err("len of nil pointer".into()),
        Some(Value::String(s)) => s.len(),
        Some(Value::List(l)) => l.len(),
        Some(Value::Map(m)) => m.len(),
        Some(Value::NilList | Value::NilMap) => 0,
        Some(Value::Object(o)) if o.is_nil() => return Err("len of nil pointer".into()),
        Some(Value::Object(o)) => match o.basic_value() {
            Some(Value::String(s)) => s.len(),
            _ => return Err(format!("len of type {}", o.type_name())),
        },
        Some(_) => return Err(format!("len of type {}", item.dig_clone().dynamic_type())),
    };
    Ok(n as i64)
}

// Comparison, as Go 1.24's funcs.go does it.

#[derive(PartialEq, Eq, Clone, Copy)]
enum Kind {
    Invalid,
    Bool,
    Int,
    Float,
    String,
}

fn basic(v: Option<&Value>) -> (Kind, Option<Value>) {
    match v {
        Some(Value::Bool(b)) => (Kind::Bool, Some(Value::Bool(*b))),
        Some(Value::Int(i)) => (Kind::Int, Some(Value::Int(*i))),
        Some(Value::Float(f)) => (Kind::Float, Some(Value::Float(*f))),
        Some(Value::String(s)) => (Kind::String, Some(Value::String(s.clone()))),
        Some(Value::Object(o)) => match o.basic_value() {
            Some(b @ (Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::String(_))) => {
                basic(Some(&b))
            }
            _ => (Kind::Invalid, None),
        },
        _ => (Kind::Invalid, None),
    }
}

const BAD_TYPE: &str = "invalid type for comparison";
const BAD_COMPARISON: &str = "incompatible types for comparison";

fn eq(arg1: &Rv, rest: &[Rv]) -> Result<bool, String> {
    let a1 = arg1.dig_clone();
    if rest.is_empty() {
        return Err("missing argument for comparison".into());
    }
    let (k1, v1) = basic(a1.value());
    for arg in rest {
        let a2 = arg.dig_clone();
        let (k2, v2) = basic(a2.value());
        let truth = if k1 != k2 {
            if a1.value().is_some() && a2.value().is_some() {
                return Err(BAD_COMPARISON.into());
            }
            false
        } else {
            match (&v1, &v2) {
                (Some(Value::Bool(x)), Some(Value::Bool(y))) => x == y,
                (Some(Value::Int(x)), Some(Value::Int(y))) => x == y,
                (Some(Value::Float(x)), Some(Value::Float(y))) => x == y,
                (Some(Value::String(x)), Some(Value::String(y))) => x == y,
                _ => match (a1.value(), a2.value()) {
                    (None, None) => true,
                    (Some(Value::Nil), Some(Value::Nil)) => true,
                    (None | Some(Value::Nil), _) | (_, None | Some(Value::Nil)) => false,
                    (Some(x), _) => {
                        return Err(format!(
                            "non-comparable type {}: {}",
                            gofmt::sprint_value(x),
                            a1.dynamic_type()
                        ));
                    }
                },
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

fn lt(arg1: &Rv, arg2: &Rv) -> Result<bool, String> {
    let (k1, v1) = basic(arg1.dig_ref());
    if k1 == Kind::Invalid {
        return Err(BAD_TYPE.into());
    }
    let (k2, v2) = basic(arg2.dig_ref());
    if k2 == Kind::Invalid {
        return Err(BAD_TYPE.into());
    }
    if k1 != k2 {
        return Err(BAD_COMPARISON.into());
    }
    Ok(match (v1, v2) {
        (Some(Value::Int(x)), Some(Value::Int(y))) => x < y,
        (Some(Value::Float(x)), Some(Value::Float(y))) => x < y,
        (Some(Value::String(x)), Some(Value::String(y))) => x < y,
        _ => return Err(BAD_TYPE.into()),
    })
}

fn le(arg1: &Rv, arg2: &Rv) -> Result<bool, String> {
    if lt(arg1, arg2)? {
        return Ok(true);
    }
    eq(arg1, std::slice::from_ref(arg2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapers() {
        assert_eq!(
            html_escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(
            js_escape("a'b\"<=>\n"),
            "a\\'b\\\"\\u003C\\u003D\\u003E\\u000A"
        );
        assert_eq!(query_escape("a b&c/é"), "a+b%26c%2F%C3%A9");
        assert_eq!(title("hello wORLD foo_bar x-y"), "Hello WORLD Foo_bar X-Y");
    }
}
