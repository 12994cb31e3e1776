//! Attaching a container to its network at start and detaching it at stop:
//! addresses, endpoints and published ports, chosen deterministically.

use std::net::Ipv4Addr;

use serde_json::{Map, Value as Json, json};

use super::container::Container;
use super::container_doc::endpoint_settings;
use super::error::EngineError;
use super::ids;
use super::json::{at, set, str_at};
use super::world::World;

/// The first ephemeral host port (Linux `ip_local_port_range`), where
/// docker's port allocator starts for `-p 8080` without a host port.
const EPHEMERAL_START: u32 = 32768;
const EPHEMERAL_END: u32 = 60999;

/// A host port held by a running container.
struct Held {
    ip: String,
    port: u32,
    proto: String,
}

fn held_ports(world: &World, except: usize) -> Vec<Held> {
    let mut out = Vec::new();
    for (i, c) in world.containers.iter().enumerate() {
        if i == except || !c.is_running() {
            continue;
        }
        for b in c.published_ports() {
            let proto = b
                .container_port
                .split('/')
                .nth(1)
                .unwrap_or("tcp")
                .to_owned();
            if let Ok(port) = b.host_port.parse() {
                out.push(Held {
                    ip: b.host_ip,
                    port,
                    proto,
                });
            }
        }
    }
    out
}

/// Whether binding `ip` overlaps a binding on `other` (wildcards cover
/// their whole address family).
fn overlaps(ip: &str, other: &str) -> bool {
    let v6 = |s: &str| s.contains(':');
    if v6(ip) != v6(other) {
        return false;
    }
    ip == other || matches!(ip, "0.0.0.0" | "::") || matches!(other, "0.0.0.0" | "::")
}

/// Attaches container `idx` (about to run) to its network and binds its
/// published ports. On a port conflict nothing is changed.
pub fn connect(world: &mut World, idx: usize) -> Result<(), EngineError> {
    let c = &world.containers[idx];
    let (id, name, network_names) = identity(c);
    let mode = str_at(&c.doc, &["HostConfig", "NetworkMode"]).to_owned();
    let start_no = world.created_objects.to_string();
    let endpoint_id = ids::derive(&[&world.seed, "endpoint", &id, &start_no]);

    // Published ports first: a conflict aborts the start before anything
    // else changes (the daemon fails in the same place).
    let held = held_ports(world, idx);
    let mut ports = Map::new();
    let bindings = at(&c.doc, &["HostConfig", "PortBindings"])
        .and_then(Json::as_object)
        .cloned()
        .unwrap_or_default();
    let mut taken_now: Vec<Held> = Vec::new();
    for (key, list) in &bindings {
        let proto = key.split('/').nth(1).unwrap_or("tcp").to_owned();
        let mut out = Vec::new();
        for b in list.as_array().into_iter().flatten() {
            let req_ip = str_at(b, &["HostIp"]);
            let req_port = str_at(b, &["HostPort"]);
            let ips: Vec<String> = if req_ip.is_empty() {
                vec!["0.0.0.0".to_owned(), "::".to_owned()]
            } else {
                vec![req_ip.to_owned()]
            };
            let all: Vec<&Held> = held.iter().chain(taken_now.iter()).collect();
            let free = |p: u32| {
                !all.iter().any(|h| {
                    h.port == p && h.proto == proto && ips.iter().any(|ip| overlaps(ip, &h.ip))
                })
            };
            let (lo, hi) = match req_port.split_once('-') {
                Some((a, b)) => (a.parse().unwrap_or(0), b.parse().unwrap_or(0)),
                None if req_port.is_empty() => (EPHEMERAL_START, EPHEMERAL_END),
                None => {
                    let p = req_port.parse().unwrap_or(0);
                    (p, p)
                }
            };
            let Some(port) = (lo..=hi).find(|p| free(*p)) else {
                return Err(EngineError::PortAllocated {
                    endpoint: name,
                    endpoint_id,
                    host_ip: if req_ip.is_empty() {
                        "0.0.0.0".to_owned()
                    } else {
                        req_ip.to_owned()
                    },
                    port: lo.to_string(),
                });
            };
            for ip in ips {
                taken_now.push(Held {
                    ip: ip.clone(),
                    port,
                    proto: proto.clone(),
                });
                out.push(json!({"HostIp": ip, "HostPort": port.to_string()}));
            }
        }
        ports.insert(key.clone(), Json::Array(out));
    }
    // Exposed ports without a binding show as null while running.
    if let Some(exposed) = at(&c.doc, &["Config", "ExposedPorts"]).and_then(Json::as_object) {
        for k in exposed.keys() {
            ports.entry(k.clone()).or_insert(Json::Null);
        }
    }
    let mut entries: Vec<(String, Json)> = ports.into_iter().collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let ports: Map<String, Json> = entries.into_iter().collect();

    // The network named by the mode first, then those joined with
    // `network connect`, in name order. Read before the document changes
    // below (which leave `Networks` alone), while its view is still cached.
    let mut names = vec![mode.clone()];
    for n in network_names {
        if n != mode {
            names.push(n);
        }
    }
    let sandbox = ids::derive(&[&world.seed, "sandbox", &id, &start_no]);
    let doc = &mut world.containers[idx].doc;
    set(doc, &["NetworkSettings", "SandboxID"], json!(sandbox));
    set(
        doc,
        &["NetworkSettings", "SandboxKey"],
        json!(format!("/var/run/docker/netns/{}", &sandbox[..12])),
    );
    set(doc, &["NetworkSettings", "Ports"], Json::Object(ports));

    for net_name in names {
        let endpoint_id = if net_name == mode {
            endpoint_id.clone()
        } else {
            ids::derive(&[&world.seed, "endpoint", &id, &net_name, &start_no])
        };
        attach_as(world, idx, &id, &name, &net_name, &endpoint_id);
    }
    Ok(())
}

/// A container's ID, name (without the `/`) and network names, as its
/// typed view has them. A document changed since its view was read has a
/// tree and no view: the three fields are read from the tree (as the view
/// would be), instead of the whole view (~16 k instructions) for them.
pub(crate) fn identity(c: &Container) -> (String, String, Vec<String>) {
    if !c.doc.is_parsed() {
        return (c.id().to_owned(), c.name().to_owned(), c.network_names());
    }
    let name = str_at(&c.doc, &["Name"]);
    let networks = at(&c.doc, &["NetworkSettings", "Networks"])
        .and_then(Json::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    (
        str_at(&c.doc, &["Id"]).to_owned(),
        name.strip_prefix('/').unwrap_or(name).to_owned(),
        networks,
    )
}

/// The fields of a network's document an endpoint is made from.
struct NetworkFacts {
    id: String,
    bridge: bool,
    /// The first IPAM config's subnet and gateway.
    subnet: Option<(String, String)>,
    default_bridge: bool,
}

/// Gives running container `idx` an endpoint on network `net_name`: an
/// address from the network's subnet, its DNS names, and an entry in the
/// network's `Containers`.
pub fn attach(world: &mut World, idx: usize, net_name: &str, endpoint_id: &str) {
    let c = &world.containers[idx];
    let id = c.id().to_owned();
    let name = c.name().to_owned();
    attach_as(world, idx, &id, &name, net_name, endpoint_id);
}

/// [`attach`] for a container whose ID and name the caller already read
/// (after the caller changed its document, reading them again would
/// re-read the document's typed view).
fn attach_as(
    world: &mut World,
    idx: usize,
    id: &str,
    name: &str,
    net_name: &str,
    endpoint_id: &str,
) {
    let c = &world.containers[idx];
    let start_no = world.created_objects.to_string();
    let aliases: Vec<String> = super::json::strings_at(
        &c.doc,
        &["NetworkSettings", "Networks", net_name, "Aliases"],
    );
    let aliases_json = at(
        &c.doc,
        &["NetworkSettings", "Networks", net_name, "Aliases"],
    )
    .cloned()
    .unwrap_or(Json::Null);
    // `--link` on a user-defined network lives on the endpoint.
    let links_json = at(&c.doc, &["NetworkSettings", "Networks", net_name, "Links"])
        .cloned()
        .unwrap_or(Json::Null);
    // What the endpoint needs from the network, read in place (the
    // network's document is not copied).
    let Some(net) = world.network(net_name).map(|n| NetworkFacts {
        id: str_at(n, &["Id"]).to_owned(),
        bridge: str_at(n, &["Driver"]) == "bridge",
        subnet: at(n, &["IPAM", "Config"])
            .and_then(Json::as_array)
            .and_then(|c| c.first())
            .map(|c| {
                (
                    str_at(c, &["Subnet"]).to_owned(),
                    str_at(c, &["Gateway"]).to_owned(),
                )
            }),
        default_bridge: str_at(n, &["Options", "com.docker.network.bridge.default_bridge"])
            == "true",
    }) else {
        return;
    };
    // host and none networks give the container no address of its own.
    if !net.bridge {
        let doc = &mut world.containers[idx].doc;
        set(
            doc,
            &["NetworkSettings", "Networks", net_name],
            endpoint_settings(&net.id, Some(("", endpoint_id, "", "", 0))),
        );
        return;
    }
    let net_id = net.id;
    let subnet = net
        .subnet
        .unwrap_or_else(|| ("172.17.0.0/16".to_owned(), "172.17.0.1".to_owned()));
    let (base, prefix) = parse_subnet(&subnet.0).unwrap_or((0xac11_0000, 16));
    let gateway = subnet.1;
    let used: Vec<String> = world
        .containers
        .iter()
        .enumerate()
        .filter(|(i, c)| *i != idx && c.is_running())
        .filter_map(|(_, c)| {
            at(
                &c.doc,
                &["NetworkSettings", "Networks", net_name, "IPAddress"],
            )
            .and_then(Json::as_str)
            .map(str::to_owned)
        })
        .collect();
    // The lowest free host address after the gateway (docker's IPAM hands
    // out addresses in order; released ones are reused later).
    let size = 1u32 << (32 - prefix.min(30));
    let ip = (2..size - 1)
        .map(|n| Ipv4Addr::from(base.wrapping_add(n)).to_string())
        .find(|ip| *ip != gateway && !used.contains(ip))
        .unwrap_or_default();
    let h = ids::derive(&[&world.seed, "mac", id, net_name, &start_no]);
    let mac = format!(
        "02:{}:{}:{}:{}:{}",
        &h[0..2],
        &h[2..4],
        &h[4..6],
        &h[6..8],
        &h[8..10]
    );
    let prefix = i64::from(prefix);
    let default_bridge = net.default_bridge;
    let doc = &mut world.containers[idx].doc;
    let mut ep = endpoint_settings(&net_id, Some((&mac, endpoint_id, &gateway, &ip, prefix)));
    set(&mut ep, &["Links"], links_json);
    set(&mut ep, &["Aliases"], aliases_json);
    if !default_bridge {
        // User-defined networks resolve the container by name, aliases
        // and short ID.
        let mut dns = vec![name.to_owned()];
        for a in aliases {
            if !dns.contains(&a) {
                dns.push(a);
            }
        }
        dns.push(id[..12].to_owned());
        set(&mut ep, &["DNSNames"], json!(dns));
    }
    set(doc, &["NetworkSettings", "Networks", net_name], ep);
    if default_bridge {
        // Only the default bridge fills the deprecated top-level fields.
        super::ops::set_fields(
            doc,
            "NetworkSettings",
            [
                ("EndpointID", json!(endpoint_id)),
                ("Gateway", json!(gateway)),
                ("IPAddress", json!(ip)),
                ("IPPrefixLen", json!(prefix)),
                ("MacAddress", json!(mac)),
            ],
        );
    }
    if let Some(n) = world
        .networks
        .iter_mut()
        .find(|n| str_at(n, &["Id"]) == net_id)
    {
        set(
            n,
            &["Containers", id],
            json!({
                "Name": name,
                "EndpointID": endpoint_id,
                "MacAddress": mac,
                "IPv4Address": format!("{ip}/{prefix}"),
                "IPv6Address": ""
            }),
        );
    }
}

/// Detaches a container that stopped: as dockerd shows an exited
/// container, the network keeps its ID and everything else is cleared.
pub fn disconnect(world: &mut World, idx: usize) {
    let id = world.containers[idx].id().to_owned();
    // Read before the changes below (which leave `Networks` alone), while
    // the document's view is still cached.
    let names: Vec<String> = world.containers[idx].network_names();
    let doc = &mut world.containers[idx].doc;
    super::ops::set_fields(
        doc,
        "NetworkSettings",
        [
            ("SandboxID", json!("")),
            ("SandboxKey", json!("")),
            ("Ports", json!({})),
            ("EndpointID", json!("")),
            ("Gateway", json!("")),
            ("IPAddress", json!("")),
            ("IPPrefixLen", json!(0)),
            ("MacAddress", json!("")),
        ],
    );
    for name in names {
        let nid = str_at(
            &world.containers[idx].doc,
            &["NetworkSettings", "Networks", &name, "NetworkID"],
        )
        .to_owned();
        let aliases = at(
            &world.containers[idx].doc,
            &["NetworkSettings", "Networks", &name, "Aliases"],
        )
        .cloned()
        .unwrap_or(Json::Null);
        let links = at(
            &world.containers[idx].doc,
            &["NetworkSettings", "Networks", &name, "Links"],
        )
        .cloned()
        .unwrap_or(Json::Null);
        let mut ep = endpoint_settings(&nid, None);
        set(&mut ep, &["Links"], links);
        set(&mut ep, &["Aliases"], aliases);
        set(
            &mut world.containers[idx].doc,
            &["NetworkSettings", "Networks", &name],
            ep,
        );
    }
    release(world, &id);
}

/// Drops the container from every network's `Containers`.
pub fn release(world: &mut World, id: &str) {
    for n in &mut world.networks {
        if let Some(m) = n.get_mut("Containers").and_then(Json::as_object_mut) {
            m.remove(id);
        }
    }
}

pub(crate) fn parse_subnet(s: &str) -> Option<(u32, u32)> {
    let (addr, len) = s.split_once('/')?;
    let addr: Ipv4Addr = addr.parse().ok()?;
    let len: u32 = len.parse().ok()?;
    (len <= 32).then_some((u32::from(addr), len))
}
