//! Name resolution inside a container, as Docker's embedded DNS server
//! (127.0.0.11) and the container's `/etc/hosts` answer it.
//!
//! On user-defined networks a running container resolves the others on the
//! same network by name, network alias and short ID. On the default bridge
//! there is no such DNS: `db` does not resolve there (the classic "cannot
//! resolve db" incident), only the container's own hostname and
//! `localhost` do, from `/etc/hosts`, and the children of its legacy links
//! (`run --link`, see `links.rs`).

use std::net::Ipv4Addr;

use serde_json::Value as Json;

use super::json::{at, str_at};
use super::world::World;

/// What a name resolved to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub ip: String,
    /// The container that answers at `ip`, if it is one.
    pub container: Option<usize>,
}

impl World {
    /// The container that `host` names as seen from inside container
    /// `container_idx` (`None`: it does not resolve, or the address is no
    /// container reachable from there).
    pub fn resolve_from(&self, container_idx: usize, host: &str) -> Option<usize> {
        self.resolve_address(container_idx, host)?.container
    }

    /// Resolves `host` as a process in container `container_idx` would.
    /// `None` is "bad address"/"Could not resolve host".
    pub fn resolve_address(&self, container_idx: usize, host: &str) -> Option<Resolved> {
        let me = self.containers.get(container_idx)?;
        let host = host.trim_end_matches('.');
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.eq_ignore_ascii_case("localhost") || matches!(host, "127.0.0.1" | "::1" | "0.0.0.0")
        {
            return Some(Resolved {
                ip: "127.0.0.1".to_owned(),
                container: Some(container_idx),
            });
        }
        if host.parse::<Ipv4Addr>().is_ok() {
            // An address is reachable only over a network both share
            // (bridges are isolated from each other).
            let mine = me.network_names();
            let owner = self.containers.iter().position(|c| {
                c.is_running()
                    && mine.iter().any(|net| {
                        at(&c.doc, &["NetworkSettings", "Networks", net, "IPAddress"])
                            .and_then(Json::as_str)
                            == Some(host)
                    })
            });
            return Some(Resolved {
                ip: host.to_owned(),
                container: owner,
            });
        }
        if !me.is_running() {
            return None;
        }
        let my_networks =
            at(&me.doc, &["NetworkSettings", "Networks"]).and_then(Json::as_object)?;
        // /etc/hosts: the container's own hostname, first address.
        let hostname = str_at(&me.doc, &["Config", "Hostname"]);
        if host == hostname || host == &me.id()[..12.min(me.id().len())] {
            let ip = my_networks
                .values()
                .map(|e| str_at(e, &["IPAddress"]))
                .find(|ip| !ip.is_empty())
                .unwrap_or("127.0.0.1");
            return Some(Resolved {
                ip: ip.to_owned(),
                container: Some(container_idx),
            });
        }
        // /etc/hosts: legacy links name their child (its address when the
        // entry was written, which may no longer be the child's).
        if let Some(ip) = self.link_hosts_entry(container_idx, host) {
            return self.resolve_address(container_idx, &ip);
        }
        // The embedded DNS server: names on user-defined networks only,
        // networks in name order, containers oldest first.
        for (net_name, _) in my_networks {
            let Some(net) = self.network(net_name) else {
                continue;
            };
            let default_bridge = str_at(
                net,
                &["Options", "com.docker.network.bridge.default_bridge"],
            ) == "true";
            if default_bridge || str_at(net, &["Driver"]) != "bridge" {
                continue;
            }
            // `--link name:alias` here: this container's alias for a name.
            let linked = self.endpoint_link_target(container_idx, net_name, host);
            let host = linked.as_deref().unwrap_or(host);
            for (i, c) in self.containers.iter().enumerate() {
                if !c.is_running() {
                    continue;
                }
                let Some(ep) = at(&c.doc, &["NetworkSettings", "Networks", net_name]) else {
                    continue;
                };
                let names = super::json::strings_at(ep, &["DNSNames"]);
                let ip = str_at(ep, &["IPAddress"]);
                if !ip.is_empty() && names.iter().any(|n| n.eq_ignore_ascii_case(host)) {
                    return Some(Resolved {
                        ip: ip.to_owned(),
                        container: Some(i),
                    });
                }
            }
        }
        None
    }
}
