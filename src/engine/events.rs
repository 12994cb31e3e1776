//! The daemon's event log, as `docker events` reads it: every container
//! transition the engine makes is recorded here with its virtual time.

use std::collections::BTreeMap;

use super::container::Container;
use super::json::str_at;
use super::time::Timestamp;
use super::world::World;

/// dockerd keeps this many past events for `--since` (`eventsLimit`).
pub const EVENTS_LIMIT: usize = 256;

/// One `events.Message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub time: Timestamp,
    /// `container`, `network`, `image`, `volume`.
    pub kind: String,
    /// `start`, `die`, `health_status: healthy`, `exec_create: ls /`, ...
    pub action: String,
    pub actor: String,
    /// Go writes them sorted by key; so does the CLI.
    pub attributes: BTreeMap<String, String>,
}

impl World {
    /// Records an event now; the oldest go past `EVENTS_LIMIT`.
    pub fn record_event(
        &mut self,
        kind: &str,
        action: &str,
        actor: &str,
        attributes: BTreeMap<String, String>,
    ) {
        self.events.push(Event {
            time: self.now,
            kind: kind.to_owned(),
            action: action.to_owned(),
            actor: actor.to_owned(),
            attributes,
        });
        if self.events.len() > EVENTS_LIMIT {
            let excess = self.events.len() - EVENTS_LIMIT;
            self.events.drain(..excess);
        }
    }

    /// A container event with the daemon's attributes: the container's
    /// labels, then `image` (as typed) and `name` on top, then `extra`.
    pub fn record_container_event(&mut self, idx: usize, action: &str, extra: &[(&str, String)]) {
        let Some(c) = self.containers.get(idx) else {
            return;
        };
        let (id, attributes) = container_attributes(c, extra);
        self.record_event("container", action, &id, attributes);
    }
}

pub(crate) fn container_attributes(
    c: &Container,
    extra: &[(&str, String)],
) -> (String, BTreeMap<String, String>) {
    let mut attributes: BTreeMap<String, String> = extra
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    attributes.extend(c.labels());
    let image = c.config_image();
    if !image.is_empty() {
        attributes.insert("image".to_owned(), image.to_owned());
    }
    attributes.insert("name".to_owned(), c.name().to_owned());
    (c.id().to_owned(), attributes)
}

/// The network event a container's attach or detach logs.
pub(crate) fn network_event(world: &mut World, idx: usize, action: &str) {
    let Some(c) = world.containers.get(idx) else {
        return;
    };
    let cid = c.id().to_owned();
    for name in c.network_names() {
        let Some(net) = world.network(&name) else {
            continue;
        };
        let id = str_at(net, &["Id"]).to_owned();
        let mut attributes = BTreeMap::new();
        attributes.insert("container".to_owned(), cid.clone());
        attributes.insert("name".to_owned(), name.clone());
        attributes.insert("type".to_owned(), str_at(net, &["Driver"]).to_owned());
        world.record_event("network", action, &id, attributes);
    }
}
