//! Small accessors over inspect documents (serde_json with preserved order).

use serde_json::Value as Json;

pub fn at<'a>(doc: &'a Json, path: &[&str]) -> Option<&'a Json> {
    path.iter().try_fold(doc, |v, key| v.get(key))
}

pub fn str_at<'a>(doc: &'a Json, path: &[&str]) -> &'a str {
    at(doc, path).and_then(Json::as_str).unwrap_or("")
}

pub fn bool_at(doc: &Json, path: &[&str]) -> bool {
    at(doc, path).and_then(Json::as_bool).unwrap_or(false)
}

pub fn i64_at(doc: &Json, path: &[&str]) -> i64 {
    at(doc, path)
        .and_then(|v| v.as_i64().or_else(|| v.as_f64().map(|f| f as i64)))
        .unwrap_or(0)
}

pub fn strings_at(doc: &Json, path: &[&str]) -> Vec<String> {
    at(doc, path)
        .and_then(Json::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Sets `path` in `doc`, creating objects on the way.
pub fn set(doc: &mut Json, path: &[&str], value: Json) {
    let Some((last, parents)) = path.split_last() else {
        *doc = value;
        return;
    };
    let mut cur = doc;
    for key in parents {
        if !cur.get(key).is_some_and(Json::is_object) {
            if let Some(obj) = cur.as_object_mut() {
                obj.insert((*key).to_owned(), Json::Object(serde_json::Map::new()));
            } else {
                return;
            }
        }
        match cur.get_mut(key) {
            Some(next) => cur = next,
            None => return,
        }
    }
    if let Some(obj) = cur.as_object_mut() {
        // In place when the key is there (as `insert` would put it),
        // without a new key string to drop.
        match obj.get_mut(*last) {
            Some(slot) => *slot = value,
            None => {
                obj.insert((*last).to_owned(), value);
            }
        }
    }
}
