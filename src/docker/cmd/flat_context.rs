//! The formatter context of a network or volume listing (docker's
//! `networkContext`, `volumeContext`): every field a string, plus
//! `.Label KEY`, and `{{json .}}` as an object of those strings.

use serde_json::Value as Json;

use crate::docker::format::{no_args, one_string_arg};
use crate::engine::json::at;
use crate::template::{Object, Value};

pub struct FlatContext {
    /// The Go type an error message names.
    type_name: &'static str,
    labels: Vec<(String, String)>,
    /// In the order `{{json .}}` prints them (by name, as Go's
    /// `json.Marshal` of a map does).
    fields: Vec<(&'static str, String)>,
}

impl FlatContext {
    /// A context over `doc`; `fields` computes its fields from the document
    /// and its labels, sorted by name.
    pub fn new(
        type_name: &'static str,
        doc: &Json,
        fields: impl FnOnce(&Json, &str) -> Vec<(&'static str, String)>,
    ) -> Self {
        let labels = labels(doc);
        let mut pairs: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        pairs.sort();
        let fields = fields(doc, &pairs.join(","));
        FlatContext {
            type_name,
            labels,
            fields,
        }
    }
}

/// An object's `Labels`, in document order; a label that is not a string
/// reads as empty.
pub fn labels(doc: &Json) -> Vec<(String, String)> {
    at(doc, &["Labels"])
        .and_then(Json::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

impl Object for FlatContext {
    fn type_name(&self) -> &str {
        self.type_name
    }

    fn method_arity(&self, name: &str) -> Option<usize> {
        Some(usize::from(name == "Label"))
    }

    fn field(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        if name == "Label" {
            return Some(one_string_arg(name, args).map(|k| {
                let v = self
                    .labels
                    .iter()
                    .find(|(lk, _)| lk == k)
                    .map(|(_, v)| v.as_str())
                    .unwrap_or_default();
                Value::str(v)
            }));
        }
        let (_, v) = self.fields.iter().find(|(k, _)| *k == name)?;
        Some(no_args(name, args).map(|()| Value::str(v.as_str())))
    }

    /// `formatter.MarshalJSON` goes through `json.Marshal`: HTML escaped.
    fn json_escapes_html(&self) -> bool {
        true
    }

    fn to_json_value(&self) -> Value {
        Value::map(
            self.fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), Value::str(v.as_str())))
                .collect(),
        )
    }
}
