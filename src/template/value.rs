//! The data a Go template runs over.
//!
//! Docker executes `--format` templates over two kinds of data: raw JSON decoded
//! into Go `map[string]interface{}` (inspect), and formatter contexts, Go
//! structs whose methods are called as fields (`ps`, `images`). `Value` models
//! both: JSON becomes `Nil`/`Bool`/`Float`/`String`/`List`/`Map`, a context is an
//! `Object`.

use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

/// A value as Go's `reflect` would see it inside a template.
#[derive(Clone)]
pub enum Value {
    /// An untyped nil (a JSON `null`, a missing interface value).
    Nil,
    Bool(bool),
    /// A Go `int`: what contexts return for counts (`len`, `.Containers`).
    Int(i64),
    /// A Go `float64`: every JSON number decodes to one.
    Float(f64),
    String(Rc<str>),
    /// A Go slice (`[]interface{}` from JSON, `[]string` from contexts).
    List(Rc<Vec<Value>>),
    /// A Go map: printed and ranged over in sorted key order.
    Map(Rc<BTreeMap<String, Value>>),
    /// A nil slice of a typed struct field (`HostConfig.Links` when the
    /// daemon sent `null`): empty to `len`, `range`, `if` and fmt (`[]`),
    /// but `null` to `json`, where an empty slice is `[]`.
    NilList,
    /// A nil map of a typed struct field: empty everywhere but `json`
    /// (`null`, where an empty map is `{}`); fmt prints `map[]`.
    NilMap,
    /// A Go struct pointer with fields and methods (a formatter context).
    Object(Rc<dyn Object>),
}

/// A Go struct (pointer) whose exported fields and methods a template can call.
pub trait Object {
    /// The Go type name used in error messages, e.g. `*formatter.ContainerContext`.
    fn type_name(&self) -> &str;

    /// Calls the field or method `name` with `args`. `None` when the type has no
    /// such field or method; `Some(Err(msg))` when the call itself fails.
    fn field(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>>;

    /// What `encoding/json` marshals this object to (docker contexts implement
    /// `MarshalJSON` as a map of all their fields).
    fn to_json_value(&self) -> Value;

    /// The fields `encoding/json` writes, in order, when they are not sorted
    /// map keys: a Go struct marshals in declaration order. `None` marshals
    /// `to_json_value()` instead.
    fn json_fields(&self) -> Option<Vec<(String, Value)>> {
        None
    }

    /// Whether the object's own `MarshalJSON` escapes `<`, `>` and `&` as
    /// `\u003c`, `\u003e`, `\u0026`. Docker's list contexts (`ps`, `images`,
    /// `network ls`, `volume ls`) marshal through `json.Marshal`, which
    /// escapes them; the `json` function's encoder cannot undo escapes a
    /// marshaler already wrote.
    fn json_escapes_html(&self) -> bool {
        false
    }

    /// Whether `field` knows `name`. Go looks a name up before it evaluates
    /// any argument, so a missing field must be reported without calling it.
    fn has_field(&self, name: &str) -> bool {
        self.field(name, &[]).is_some()
    }

    /// The parameter count of method `name`, so a call with the wrong number
    /// of arguments fails with Go's `wrong number of args for X: want N got M`.
    /// `None` for a plain struct field, which takes no arguments at all.
    fn method_arity(&self, name: &str) -> Option<usize> {
        let _ = name;
        None
    }

    /// What the Go value's `String()` method returns, when it has one
    /// (`time.Time`, `time.Duration`): fmt prints that for `%v` and `%s`.
    fn stringer(&self) -> Option<String> {
        None
    }

    /// How fmt's `%v` (`plus`: `%+v`) prints the value when it is not a
    /// Stringer: a struct prints as `{field1 field2}`. Top-level pointers are
    /// printed through, as text/template does.
    fn go_format(&self, plus: bool) -> String {
        let _ = plus;
        self.stringer().unwrap_or_else(|| "{}".to_string())
    }

    /// The underlying basic value of a named basic type (`time.Duration` is an
    /// int64, `json.Number` a string): what comparisons, `len`, truth and the
    /// non-string printf verbs see.
    fn basic_value(&self) -> Option<Value> {
        None
    }

    /// A typed nil pointer (`*container.Health(nil)`): false in `if`, printed
    /// as `<nil>`, and `nil pointer evaluating` when a field is read from it.
    fn is_nil(&self) -> bool {
        false
    }
}

impl Value {
    pub fn str(s: impl Into<Rc<str>>) -> Self {
        Value::String(s.into())
    }

    pub fn list(items: Vec<Value>) -> Self {
        Value::List(Rc::new(items))
    }

    pub fn map(entries: BTreeMap<String, Value>) -> Self {
        Value::Map(Rc::new(entries))
    }

    pub fn object(object: impl Object + 'static) -> Self {
        Value::Object(Rc::new(object))
    }

    /// Converts decoded JSON the way `json.Unmarshal` into `interface{}` does:
    /// objects become maps, numbers become float64.
    pub fn from_json(json: &serde_json::Value) -> Self {
        match json {
            serde_json::Value::Null => Value::Nil,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
            serde_json::Value::String(s) => Value::str(s.as_str()),
            serde_json::Value::Array(items) => {
                Value::list(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(map) => Value::map(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// Converts inspect JSON the way docker's templates effectively see it:
    /// like `from_json`, except that integral numbers become `Int`. Docker
    /// first runs a template over typed structs (int64 fields) and falls back
    /// to JSON decoded with `UseNumber` (`json.Number`, printed as written);
    /// either way `{{.HostConfig.Memory}}` prints `67108864`, never float64's
    /// `6.7108864e+07`.
    pub fn from_inspect_json(json: &serde_json::Value) -> Self {
        match json {
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(0.0)),
            },
            serde_json::Value::Array(items) => {
                Value::list(items.iter().map(Value::from_inspect_json).collect())
            }
            serde_json::Value::Object(map) => Value::map(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::from_inspect_json(v)))
                    .collect(),
            ),
            other => Value::from_json(other),
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Nil => write!(f, "Nil"),
            Value::Bool(b) => write!(f, "Bool({b})"),
            Value::Int(i) => write!(f, "Int({i})"),
            Value::Float(x) => write!(f, "Float({x})"),
            Value::String(s) => write!(f, "String({s:?})"),
            Value::List(items) => f.debug_list().entries(items.iter()).finish(),
            Value::Map(map) => f.debug_map().entries(map.iter()).finish(),
            Value::NilList => write!(f, "NilList"),
            Value::NilMap => write!(f, "NilMap"),
            Value::Object(o) => write!(f, "Object({})", o.type_name()),
        }
    }
}
