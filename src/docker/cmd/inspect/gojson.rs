//! JSON as Go's `encoding/json` writes it: the daemon's raw answers and the
//! CLI's `json.Indent`/`json.Compact` of them.

use serde_json::Value as Json;

/// How strings are escaped: the daemon encodes without HTML escaping, while
/// `json.Marshal` on the CLI side escapes `<`, `>` and `&`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    Plain,
    Html,
}

/// Compact JSON (`json.Compact` of the daemon's bytes).
pub fn compact(v: &Json, escape: Escape) -> String {
    let mut out = String::new();
    write(&mut out, v, escape, None, 0);
    out
}

/// `json.Indent(dst, src, "", indent)`: empty arrays and objects stay `[]`/`{}`.
pub fn indent(v: &Json, escape: Escape, indent: &str) -> String {
    let mut out = String::new();
    write(&mut out, v, escape, Some(indent), 0);
    out
}

fn newline(out: &mut String, indent: Option<&str>, depth: usize) {
    if let Some(unit) = indent {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(unit);
        }
    }
}

fn write(out: &mut String, v: &Json, escape: Escape, ind: Option<&str>, depth: usize) {
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => out.push_str(&n.to_string()),
        Json::String(s) => string(out, s, escape),
        Json::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, ind, depth + 1);
                write(out, item, escape, ind, depth + 1);
            }
            newline(out, ind, depth);
            out.push(']');
        }
        Json::Object(map) => {
            if map.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, ind, depth + 1);
                string(out, k, escape);
                out.push(':');
                if ind.is_some() {
                    out.push(' ');
                }
                write(out, item, escape, ind, depth + 1);
            }
            newline(out, ind, depth);
            out.push('}');
        }
    }
}

/// `encodeState.string` of Go 1.24.
pub fn string(out: &mut String, s: &str, escape: Escape) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' if escape == Escape::Html => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indent_keeps_order_and_empty_containers() {
        let v: Json =
            serde_json::from_str(r#"{"b":1,"a":[],"c":{},"d":[{"x":"<&>"}]}"#).unwrap_or_default();
        assert_eq!(
            indent(&v, Escape::Plain, "    "),
            "{\n    \"b\": 1,\n    \"a\": [],\n    \"c\": {},\n    \"d\": [\n        {\n            \"x\": \"<&>\"\n        }\n    ]\n}"
        );
        assert_eq!(
            compact(&v, Escape::Html),
            r#"{"b":1,"a":[],"c":{},"d":[{"x":"\u003c\u0026\u003e"}]}"#
        );
    }
}
