//! Reaching one container from inside another: which container a host
//! name or address names, and what it answers. A simple version that
//! network support may refine (aliases, several networks, DNS).

use super::container::Container;
use super::http::{ConnectError, HttpResponse, answer};
use super::json::{at, str_at};
use super::world::World;

impl World {
    /// The container that `host` names as seen from inside container
    /// `from`: itself for `localhost`, its hostname or name; another
    /// running container by IP address on a shared network, or by name or
    /// alias on a shared user-defined network (the default bridge has no
    /// DNS, as in Docker).
    pub fn resolve_from(&self, from: usize, host: &str) -> Option<usize> {
        let me = self.containers.get(from)?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if matches!(host, "localhost" | "127.0.0.1" | "::1" | "0.0.0.0")
            || host == str_at(&me.doc, &["Config", "Hostname"])
        {
            return Some(from);
        }
        let mine = me.network_names();
        self.containers.iter().position(|c| {
            if !c.is_running() {
                return false;
            }
            c.network_names().iter().any(|net| {
                if !mine.contains(net) {
                    return false;
                }
                let ep = at(&c.doc, &["NetworkSettings", "Networks", net]);
                let ip = ep.map_or("", |e| str_at(e, &["IPAddress"]));
                if !ip.is_empty() && ip == host {
                    return true;
                }
                if net == "bridge" {
                    return false;
                }
                let aliases: Vec<&str> = ep
                    .and_then(|e| e.get("Aliases"))
                    .and_then(|a| a.as_array())
                    .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
                    .unwrap_or_default();
                c.name() == host
                    || c.id().starts_with(host) && host.len() >= 12
                    || aliases.contains(&host)
            })
        })
    }

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
