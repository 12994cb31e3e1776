//! `docker events`: the daemon's event log. The real command streams until
//! `--until` passes or the user interrupts it; the simulator prints what
//! the log holds between `--since` and `--until` (or now) and returns.
//! Lines are cli's `prettyPrintEvent`: RFC 3339 with nine fraction digits,
//! type, action, actor ID and the attributes sorted by key.

use std::collections::BTreeMap;

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};
use super::logs::get_timestamp;
use crate::engine::Event;
use crate::template::{self, ExecOptions, Value};

pub const FLAGS: &[Flag] = &[
    Flag::list("filter", Some('f')),
    Flag::string("format", None),
    Flag::string("since", None),
    Flag::string("until", None),
];

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let now = inv.world.now;
    let mut bound = |flag: &str| -> Result<Option<crate::engine::Timestamp>, ()> {
        match p.string(flag).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => get_timestamp(v, now).map_err(|e| {
                inv.out.fail(&format!("invalid value for \"{flag}\": {e}"));
            }),
        }
    };
    let Ok(since) = bound("since") else { return };
    let Ok(until) = bound("until") else { return };
    let filters: Vec<(String, String)> = p
        .list("filter")
        .iter()
        .filter_map(|f| f.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
        .collect();
    let tmpl = match p.string("format").filter(|f| !f.is_empty()) {
        None => None,
        Some(f) => {
            let f = if f == "json" { "{{json .}}" } else { f };
            match template::parse(f) {
                Ok(t) => Some(t),
                Err(e) => return inv.out.fail(&format!("template parsing error: {e}")),
            }
        }
    };
    let events: Vec<Event> = inv
        .world
        .events
        .iter()
        .filter(|e| since.is_none_or(|s| e.time >= s))
        .filter(|e| until.is_none_or(|u| e.time <= u) && e.time <= now)
        .filter(|e| matches_filters(e, &filters))
        .cloned()
        .collect();
    for e in &events {
        match &tmpl {
            Some(t) => match t.execute(&event_value(e), ExecOptions::default()) {
                Ok(s) => inv.out.println(&s),
                Err(err) => return inv.out.fail(&format!("template: {err}")),
            },
            None => inv.out.print(&pretty(e)),
        }
    }
}

/// `prettyPrintEvent`.
pub fn pretty(e: &Event) -> String {
    let mut line = format!(
        "{} {} {} {}",
        e.time.rfc3339_nano_fixed(),
        e.kind,
        e.action,
        e.actor
    );
    if !e.attributes.is_empty() {
        let attrs: Vec<String> = e
            .attributes
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        line.push_str(&format!(" ({})", attrs.join(", ")));
    }
    line.push('\n');
    line
}

/// The daemon's event filters: type, event (action, also without its
/// `: detail`), container, image, network, label, name via attributes.
fn matches_filters(e: &Event, filters: &[(String, String)]) -> bool {
    let mut by_key: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (k, v) in filters {
        by_key.entry(k.as_str()).or_default().push(v.as_str());
    }
    by_key.iter().all(|(key, values)| {
        values.iter().any(|v| match *key {
            "type" => e.kind == *v,
            "event" => e.action == *v || e.action.split(':').next() == Some(v),
            "container" => {
                e.kind == "container"
                    && (e.actor.starts_with(v) || e.attributes.get("name").is_some_and(|n| n == v))
            }
            "image" => e.attributes.get("image").is_some_and(|i| i == v),
            "network" => {
                e.kind == "network"
                    && (e.actor.starts_with(v) || e.attributes.get("name").is_some_and(|n| n == v))
            }
            "label" => {
                let (lk, lv) = v.split_once('=').unwrap_or((v, ""));
                e.attributes
                    .get(lk)
                    .is_some_and(|val| lv.is_empty() || val == lv)
            }
            _ => true,
        })
    })
}

/// `events.Message` as templates see it.
fn event_value(e: &Event) -> Value {
    let attrs: BTreeMap<String, Value> = e
        .attributes
        .iter()
        .map(|(k, v)| (k.clone(), Value::str(v.clone())))
        .collect();
    let mut actor = BTreeMap::new();
    actor.insert("ID".to_owned(), Value::str(e.actor.clone()));
    actor.insert("Attributes".to_owned(), Value::map(attrs));
    let mut m = BTreeMap::new();
    m.insert("Type".to_owned(), Value::str(e.kind.clone()));
    m.insert("Action".to_owned(), Value::str(e.action.clone()));
    m.insert("Actor".to_owned(), Value::map(actor));
    m.insert("scope".to_owned(), Value::str("local"));
    m.insert(
        "time".to_owned(),
        Value::from_json(&serde_json::json!(e.time.unix_seconds())),
    );
    m.insert(
        "timeNano".to_owned(),
        Value::from_json(&serde_json::json!(e.time.unix_nanos())),
    );
    if e.kind == "container" {
        m.insert("status".to_owned(), Value::str(e.action.clone()));
        m.insert("id".to_owned(), Value::str(e.actor.clone()));
        if let Some(i) = e.attributes.get("image") {
            m.insert("from".to_owned(), Value::str(i.clone()));
        }
    }
    Value::map(m)
}
