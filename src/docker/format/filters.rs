//! `filters.Args`: the `--filter key=value` sets list endpoints take, with
//! the matching helpers and error texts of moby's `api/types/filters`.

use std::collections::{BTreeMap, BTreeSet};

use super::pattern::regex_match;
use crate::docker::flags::FlagError;

/// Filter values by key. Go keeps them in maps; sorted sets give the
/// simulator a fixed order wherever Go's would be random.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    fields: BTreeMap<String, BTreeSet<String>>,
}

impl Filters {
    /// Parses `--filter` values as `opts.FilterOpt.Set` does.
    pub fn parse(values: &[String], flag: &str) -> Result<Filters, FlagError> {
        let mut f = Filters::default();
        for value in values {
            if value.is_empty() {
                continue;
            }
            let Some((name, val)) = value.split_once('=') else {
                return Err(FlagError::InvalidValue {
                    value: value.clone(),
                    flag: flag.to_owned(),
                    reason: "bad format of filter (expected name=value)".to_owned(),
                });
            };
            f.add(&name.trim().to_lowercase(), val.trim());
        }
        Ok(f)
    }

    pub fn add(&mut self, key: &str, value: &str) {
        self.fields
            .entry(key.to_owned())
            .or_default()
            .insert(value.to_owned());
    }

    pub fn contains(&self, key: &str) -> bool {
        self.fields.contains_key(key)
    }

    pub fn get(&self, key: &str) -> Vec<&str> {
        self.fields
            .get(key)
            .map(|v| v.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// `Validate`: `invalid filter 'key'` for the first unknown key.
    pub fn validate(&self, accepted: &[&str]) -> Result<(), String> {
        match self.fields.keys().find(|k| !accepted.contains(&k.as_str())) {
            Some(k) => Err(format!("invalid filter '{k}'")),
            None => Ok(()),
        }
    }

    /// `ExactMatch`: true without values for `key`.
    pub fn exact_match(&self, key: &str, source: &str) -> bool {
        match self.fields.get(key) {
            None => true,
            Some(v) if v.is_empty() => true,
            Some(v) => v.contains(source),
        }
    }

    /// `Match`: an exact value, or any value that as a Go regexp matches
    /// somewhere in `source`; values that do not compile are skipped.
    pub fn matches(&self, key: &str, source: &str) -> bool {
        if self.exact_match(key, source) {
            return true;
        }
        self.fields.get(key).is_some_and(|values| {
            values
                .iter()
                .any(|v| regex_match(v, source).unwrap_or(false))
        })
    }

    /// `MatchKVList`: every `k` or `k=v` value must be among `labels`.
    pub fn match_kv_list(&self, key: &str, labels: &[(String, String)]) -> bool {
        let Some(values) = self.fields.get(key) else {
            return true;
        };
        if values.is_empty() {
            return true;
        }
        if labels.is_empty() {
            return false;
        }
        values.iter().all(|value| {
            let (k, v) = match value.split_once('=') {
                Some((k, v)) => (k, Some(v)),
                None => (value.as_str(), None),
            };
            match labels.iter().find(|(lk, _)| lk == k) {
                None => false,
                Some((_, lv)) => v.is_none_or(|v| v == lv),
            }
        })
    }

    /// `GetBoolOrDefault`, with its `invalid filter 'key=[values]'` error.
    pub fn bool_or_default(&self, key: &str, default: bool) -> Result<bool, String> {
        let Some(values) = self.fields.get(key) else {
            return Ok(default);
        };
        if values.is_empty() {
            return Err(format!("invalid filter '{key}'"));
        }
        let is_false = values.contains("0") || values.contains("false");
        let is_true = values.contains("1") || values.contains("true");
        if is_false == is_true {
            let list: Vec<&str> = values.iter().map(String::as_str).collect();
            return Err(format!("invalid filter '{key}=[{}]'", list.join(" ")));
        }
        Ok(is_true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(values: &[&str]) -> Filters {
        let v: Vec<String> = values.iter().map(|s| (*s).to_owned()).collect();
        Filters::parse(&v, "-f, --filter").unwrap()
    }

    #[test]
    fn parse_lowercases_keys_and_trims() {
        let x = f(&[" Name = web ", ""]);
        assert_eq!(x.get("name"), ["web"]);
        let e = Filters::parse(&["foo".to_owned()], "-f, --filter").unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid argument \"foo\" for \"-f, --filter\" flag: bad format of filter (expected name=value)"
        );
    }

    #[test]
    fn matching_rules() {
        let x = f(&["name=^/shop", "label=a", "label=b=2"]);
        assert!(x.matches("name", "/shop-db-1"));
        assert!(!x.matches("name", "shop-db-1"));
        assert!(x.matches("status", "anything"));
        let labels = vec![
            ("a".to_owned(), "1".to_owned()),
            ("b".to_owned(), "2".to_owned()),
        ];
        assert!(x.match_kv_list("label", &labels));
        assert!(!x.match_kv_list("label", &labels[..1]));
        assert_eq!(
            x.validate(&["name"]),
            Err("invalid filter 'label'".to_owned())
        );
    }

    #[test]
    fn bools() {
        assert_eq!(
            f(&["dangling=true"]).bool_or_default("dangling", false),
            Ok(true)
        );
        assert_eq!(
            f(&["dangling=x"]).bool_or_default("dangling", false),
            Err("invalid filter 'dangling=[x]'".to_owned())
        );
    }
}
