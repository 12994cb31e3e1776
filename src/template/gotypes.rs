//! Ready-made `Object`s for the typed Go values docker's templates see first:
//! a struct with ordered fields, a nil pointer, and `time.Duration`.
//!
//! Docker runs an inspect template over typed structs before it falls back to
//! raw JSON, so `{{.State}}` prints `{running true ...}` and
//! `{{.Config.Healthcheck.Interval}}` prints `30s`. These types let a caller
//! build that typed view without writing fmt rules itself.

use std::collections::BTreeMap;

use super::gofmt;
use super::value::{Object, Value};

/// A Go struct value: exported fields in declaration order.
pub struct GoStruct {
    type_name: String,
    fields: Vec<(String, Value)>,
    omitempty: Vec<String>,
}

impl GoStruct {
    /// `type_name` is what errors show, e.g. `*container.State`.
    pub fn new(type_name: impl Into<String>, fields: Vec<(String, Value)>) -> Self {
        GoStruct {
            type_name: type_name.into(),
            fields,
            omitempty: Vec::new(),
        }
    }

    /// Marks fields tagged `json:",omitempty"`: `json` leaves them out when
    /// they hold their zero value.
    pub fn omitempty(mut self, names: &[&str]) -> Self {
        self.omitempty.extend(names.iter().map(|n| n.to_string()));
        self
    }
}

/// encoding/json's `isEmptyValue`.
fn is_empty_value(v: &Value) -> bool {
    match v {
        Value::Nil => true,
        Value::Bool(b) => !b,
        Value::Int(i) => *i == 0,
        Value::Float(f) => *f == 0.0,
        Value::String(s) => s.is_empty(),
        Value::List(l) => l.is_empty(),
        Value::Map(m) => m.is_empty(),
        Value::NilList | Value::NilMap => true,
        Value::Object(o) => o.is_nil() || o.basic_value().is_some_and(|b| is_empty_value(&b)),
    }
}

impl Object for GoStruct {
    fn type_name(&self) -> &str {
        &self.type_name
    }

    fn field(&self, name: &str, _args: &[Value]) -> Option<Result<Value, String>> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| Ok(v.clone()))
    }

    fn has_field(&self, name: &str) -> bool {
        self.fields.iter().any(|(n, _)| n == name)
    }

    fn to_json_value(&self) -> Value {
        let map: BTreeMap<String, Value> = self.fields.iter().cloned().collect();
        Value::map(map)
    }

    fn json_fields(&self) -> Option<Vec<(String, Value)>> {
        Some(
            self.fields
                .iter()
                .filter(|(n, v)| !(self.omitempty.contains(n) && is_empty_value(v)))
                .cloned()
                .collect(),
        )
    }

    /// `{v1 v2}`, or `{Name1:v1 Name2:v2}` for `%+v`; a nested nil pointer
    /// prints `<nil>`.
    fn go_format(&self, plus: bool) -> String {
        let mut out = String::from("{");
        for (i, (name, v)) in self.fields.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            if plus {
                out.push_str(name);
                out.push(':');
            }
            out.push_str(&gofmt::sprint_nested(v, plus));
        }
        out.push('}');
        out
    }
}

/// A typed nil pointer such as `*container.Health(nil)`.
pub struct NilPointer {
    type_name: String,
}

impl NilPointer {
    pub fn new(type_name: impl Into<String>) -> Self {
        NilPointer {
            type_name: type_name.into(),
        }
    }
}

impl Object for NilPointer {
    fn type_name(&self) -> &str {
        &self.type_name
    }

    fn field(&self, _name: &str, _args: &[Value]) -> Option<Result<Value, String>> {
        None
    }

    fn to_json_value(&self) -> Value {
        Value::Nil
    }

    fn go_format(&self, _plus: bool) -> String {
        "<nil>".into()
    }

    fn is_nil(&self) -> bool {
        true
    }
}

/// A `time.Duration` (nanoseconds): prints as Go's `Duration.String()`,
/// marshals and compares as its int64.
pub struct GoDuration(pub i64);

impl Object for GoDuration {
    fn type_name(&self) -> &str {
        "time.Duration"
    }

    fn field(&self, _name: &str, _args: &[Value]) -> Option<Result<Value, String>> {
        None
    }

    fn to_json_value(&self) -> Value {
        Value::Int(self.0)
    }

    fn stringer(&self) -> Option<String> {
        Some(duration_string(self.0))
    }

    fn basic_value(&self) -> Option<Value> {
        Some(Value::Int(self.0))
    }
}

/// Go's `time.Duration.String`: `1h2m3.5s`, `1.5ms`, `0s`.
pub fn duration_string(d: i64) -> String {
    let neg = d < 0;
    let mut u = d.unsigned_abs();
    let mut out = String::new();
    if u < 1_000_000_000 {
        let (prec, unit) = match u {
            0 => return "0s".into(),
            1..=999 => (0, "ns"),
            1_000..=999_999 => (3, "µs"),
            _ => (6, "ms"),
        };
        let (frac, whole) = frac(u, prec);
        out = format!("{whole}{frac}{unit}");
    } else {
        let (frac, secs) = frac(u, 9);
        u = secs;
        let s = format!("{}{frac}s", u % 60);
        u /= 60;
        if u > 0 {
            let m = format!("{}m", u % 60);
            u /= 60;
            if u > 0 {
                out.push_str(&format!("{u}h"));
            }
            out.push_str(&m);
        }
        out.push_str(&s);
    }
    if neg { format!("-{out}") } else { out }
}

/// The fraction `v / 10^prec` as `.123` without trailing zeros (nothing when
/// zero), and the integer part.
fn frac(v: u64, prec: u32) -> (String, u64) {
    let p = 10u64.pow(prec);
    let f = v % p;
    if f == 0 {
        return (String::new(), v / p);
    }
    let digits = format!("{f:0width$}", width = prec as usize);
    (format!(".{}", digits.trim_end_matches('0')), v / p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_print_like_go() {
        for (d, want) in [
            (0, "0s"),
            (10_000_000_000, "10s"),
            (60_000_000_000, "1m0s"),
            (1_500_000_000, "1.5s"),
            (3_723_000_000_000, "1h2m3s"),
            (1_500_000, "1.5ms"),
            (2_000, "2µs"),
            (5, "5ns"),
            (-90_000_000_000, "-1m30s"),
        ] {
            assert_eq!(duration_string(d), want);
        }
    }
}
