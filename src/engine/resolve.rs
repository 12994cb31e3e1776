//! Reaching one container from inside another: which container a host
//! name or address names, and what it answers. Name resolution
//! itself lives in `dns.rs`.

use super::container::Container;
use super::http::{ConnectError, HttpResponse, answer};
use super::json::at;
use super::world::World;

impl World {
    /// An HTTP request from inside container `from` to `host:port`.
    pub fn http_from(
        &self,
        from: usize,
        method: &str,
        host: &str,
        port: u16,
        path: &str,
    ) -> Result<HttpResponse, ConnectError> {
        let Some(target) = self.resolve_from(from, host) else {
            return Err(ConnectError::UnknownHost);
        };
        let c = &self.containers[target];
        if !c.is_running() || c.is_restarting() {
            return Err(ConnectError::Refused);
        }
        let key = format!("{port}/tcp");
        if !listens_on(self, c, &key) {
            return Err(ConnectError::Refused);
        }
        answer(self, c, &key, method, path)
    }
}

/// The app listens on its image's exposed TCP ports; with none exposed, on
/// the ports it publishes; with neither, on any port.
fn listens_on(world: &World, c: &Container, key: &str) -> bool {
    let exposed: Vec<String> = world
        .image_by_id(c.image_id())
        .and_then(|i| at(&i.doc, &["Config", "ExposedPorts"]))
        .and_then(|e| e.as_object())
        .map(|m| m.keys().filter(|k| k.ends_with("/tcp")).cloned().collect())
        .unwrap_or_default();
    if !exposed.is_empty() {
        return exposed.iter().any(|k| k == key);
    }
    let published = c.port_keys();
    published.is_empty() || published.iter().any(|k| k == key)
}
