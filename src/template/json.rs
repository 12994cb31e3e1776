//! Go's `encoding/json` marshalling, as docker's `json` template function
//! uses it: an Encoder with `SetEscapeHTML(false)`, map keys sorted.

use super::gofmt;
use super::value::Value;

/// Deep enough for any real document; stops runaway self-referencing objects.
const MAX_DEPTH: usize = 1000;

/// Why Go would refuse to marshal (NaN and infinities).
#[derive(Debug)]
pub(crate) struct Unsupported;

/// `Encoder.SetEscapeHTML(false)` + `Encode`, without the newline.
pub(crate) fn marshal(v: &Value) -> Result<String, Unsupported> {
    let mut out = String::new();
    let mut e = Encoder {
        out: &mut out,
        style: None,
        html: false,
    };
    e.encode(v, 0)?;
    Ok(out)
}

/// `json.MarshalIndent`, which escapes `<`, `>` and `&` as Go does by default.
pub(crate) fn marshal_indent(v: &Value, prefix: &str, indent: &str) -> Result<String, Unsupported> {
    let mut out = String::new();
    let mut e = Encoder {
        out: &mut out,
        style: Some((prefix, indent)),
        html: true,
    };
    e.encode(v, 0)?;
    Ok(out)
}

struct Encoder<'a, 's> {
    out: &'a mut String,
    style: Option<(&'s str, &'s str)>,
    html: bool,
}

impl Encoder<'_, '_> {
    fn newline(&mut self, depth: usize) {
        if let Some((prefix, indent)) = self.style {
            self.out.push('\n');
            self.out.push_str(prefix);
            for _ in 0..depth {
                self.out.push_str(indent);
            }
        }
    }

    fn encode(&mut self, v: &Value, depth: usize) -> Result<(), Unsupported> {
        if depth > MAX_DEPTH {
            return Err(Unsupported);
        }
        match v {
            Value::Nil | Value::NilList | Value::NilMap => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => self.out.push_str(&i.to_string()),
            Value::Float(f) => self.out.push_str(&Self::float(*f)?),
            Value::String(s) => self.string(s),
            Value::List(items) => {
                if items.is_empty() {
                    self.out.push_str("[]");
                    return Ok(());
                }
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.newline(depth + 1);
                    self.encode(item, depth + 1)?;
                }
                self.newline(depth);
                self.out.push(']');
            }
            Value::Map(map) => {
                if map.is_empty() {
                    self.out.push_str("{}");
                    return Ok(());
                }
                self.out.push('{');
                for (i, (k, item)) in map.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.newline(depth + 1);
                    self.string(k);
                    self.out.push(':');
                    if self.style.is_some() {
                        self.out.push(' ');
                    }
                    self.encode(item, depth + 1)?;
                }
                self.newline(depth);
                self.out.push('}');
            }
            Value::Object(o) => {
                let outer = self.html;
                self.html = outer || o.json_escapes_html();
                let done = match o.json_fields() {
                    Some(fields) => self.encode_fields(&fields, depth),
                    None => self.encode(&o.to_json_value(), depth + 1),
                };
                self.html = outer;
                done?;
            }
        }
        Ok(())
    }

    /// A struct: its fields in declaration order.
    fn encode_fields(
        &mut self,
        fields: &[(String, Value)],
        depth: usize,
    ) -> Result<(), Unsupported> {
        if fields.is_empty() {
            self.out.push_str("{}");
            return Ok(());
        }
        self.out.push('{');
        for (i, (k, item)) in fields.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.newline(depth + 1);
            self.string(k);
            self.out.push(':');
            if self.style.is_some() {
                self.out.push(' ');
            }
            self.encode(item, depth + 1)?;
        }
        self.newline(depth);
        self.out.push('}');
        Ok(())
    }

    /// encode.go's floatEncoder: `%f` style unless the exponent is extreme,
    /// then `%e` with a one-digit negative exponent (`1e-7`, not `1e-07`).
    fn float(f: f64) -> Result<String, Unsupported> {
        if f.is_nan() || f.is_infinite() {
            return Err(Unsupported);
        }
        let a = f.abs();
        if a != 0.0 && !(1e-6..1e21).contains(&a) {
            let mut s = gofmt::format_float(f, 'e', None);
            let n = s.len();
            if n >= 4 && &s[n - 4..n - 1] == "e-0" {
                s.remove(n - 2);
            }
            return Ok(s);
        }
        Ok(gofmt::format_float(f, 'f', None))
    }

    fn string(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                '\x08' => self.out.push_str("\\b"),
                '\x0c' => self.out.push_str("\\f"),
                c if (c as u32) < 0x20 => self.out.push_str(&format!("\\u{:04x}", c as u32)),
                '<' if self.html => self.out.push_str("\\u003c"),
                '>' if self.html => self.out.push_str("\\u003e"),
                '&' if self.html => self.out.push_str("\\u0026"),
                '\u{2028}' => self.out.push_str("\\u2028"),
                '\u{2029}' => self.out.push_str("\\u2029"),
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn marshals_like_go() {
        let mut m = BTreeMap::new();
        m.insert("b".to_string(), Value::list(vec![]));
        m.insert("a".to_string(), Value::str("<&>\"\n\u{1}\u{2028}"));
        m.insert("c".to_string(), Value::Float(1e21));
        m.insert("d".to_string(), Value::Float(0.0000001));
        m.insert("e".to_string(), Value::Float(10_000_000_000.0));
        m.insert("f".to_string(), Value::Nil);
        let v = Value::map(m);
        let got = marshal(&v).unwrap_or_default();
        assert_eq!(
            got,
            r#"{"a":"<&>\"\n\u0001\u2028","b":[],"c":1e+21,"d":1e-7,"e":10000000000,"f":null}"#
        );
        assert!(marshal(&Value::Float(f64::NAN)).is_err());
    }

    #[test]
    fn indents_like_marshal_indent() {
        let mut m = BTreeMap::new();
        m.insert(
            "a".to_string(),
            Value::list(vec![Value::Int(1), Value::Int(2)]),
        );
        m.insert("b".to_string(), Value::map(BTreeMap::new()));
        let got = marshal_indent(&Value::map(m), "", "  ").unwrap_or_default();
        assert_eq!(got, "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}");
    }
}
