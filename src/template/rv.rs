//! A value during execution, with the bits of Go's `reflect.Value` that change
//! what text/template prints or which error it reports.

use super::gofmt;
use super::value::Value;

#[derive(Clone, Debug)]
pub(crate) struct Rv {
    /// `None` is Go's invalid `reflect.Value`: a missing map key, no data.
    pub v: Option<Value>,
    /// The value sits in an `interface{}` slot (a map or slice element of
    /// decoded JSON). A nil one is a nil interface, which a pipeline turns
    /// into the invalid value (printed `<no value>`).
    pub iface: bool,
    /// It comes from a typed Go struct (an `Object`), not from decoded JSON:
    /// its lists are `[]string`, its maps `map[string]string`.
    pub typed: bool,
}

impl Rv {
    pub fn missing() -> Self {
        Rv {
            v: None,
            iface: false,
            typed: true,
        }
    }

    /// A concrete value of a Go type, as functions and literals produce.
    pub fn of(v: Value) -> Self {
        Rv {
            v: Some(v),
            iface: false,
            typed: true,
        }
    }

    /// The data passed to `Execute`: JSON maps are untyped, objects typed.
    pub fn root(v: &Value) -> Self {
        match v {
            Value::Nil => Rv::missing(),
            Value::Object(_) => Rv::of(v.clone()),
            _ => Rv {
                v: Some(v.clone()),
                iface: false,
                typed: false,
            },
        }
    }

    /// An element of a container this value holds.
    pub fn elem(&self, v: Value) -> Self {
        Rv {
            v: Some(v),
            iface: !self.typed,
            typed: self.typed,
        }
    }

    /// What evalPipeline does to each command result: an `interface{}` is
    /// replaced by the value inside it.
    pub fn dig(self) -> Self {
        match (&self.v, self.iface) {
            (Some(Value::Nil), true) => Rv::missing(),
            (Some(_), true) => Rv {
                iface: false,
                ..self
            },
            _ => self,
        }
    }

    pub fn is_nil_iface(&self) -> bool {
        self.iface && matches!(self.v, Some(Value::Nil))
    }

    /// The static Go type, as `can't evaluate field X in type T` names it.
    pub fn static_type(&self) -> String {
        if self.iface {
            return "interface {}".into();
        }
        self.dynamic_type()
    }

    /// The Go type of the value itself (what `%T` shows).
    pub fn dynamic_type(&self) -> String {
        match &self.v {
            None => "<invalid reflect.Value>".into(),
            Some(Value::Nil) => "interface {}".into(),
            Some(Value::List(items))
                if self.typed && items.iter().all(|i| matches!(i, Value::String(_))) =>
            {
                "[]string".into()
            }
            Some(Value::Map(m))
                if self.typed && m.values().all(|i| matches!(i, Value::String(_))) =>
            {
                "map[string]string".into()
            }
            Some(v) => gofmt::type_name(v),
        }
    }

    /// The value with a nil interface and a typed nil both as `Nil`;
    /// `None` stays invalid.
    pub fn value(&self) -> Option<&Value> {
        self.v.as_ref()
    }
}

/// Go's `isTrue`: the zero value of its type is false.
pub(crate) fn truth(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Nil) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Int(i)) => *i != 0,
        Some(Value::Float(f)) => *f != 0.0,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::List(l)) => !l.is_empty(),
        Some(Value::Map(m)) => !m.is_empty(),
        Some(Value::NilList | Value::NilMap) => false,
        Some(Value::Object(o)) => {
            if o.is_nil() {
                return false;
            }
            match o.basic_value() {
                Some(Value::Object(_)) | None => true,
                Some(b) => truth(Some(&b)),
            }
        }
    }
}
