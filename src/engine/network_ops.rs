//! `network create/rm/connect/disconnect/prune` as the daemon does them:
//! subnets from the default address pools, moby's lookup and its errors.

use std::net::Ipv4Addr;

use serde_json::{Value as Json, json};

use super::container_doc::endpoint_settings;
use super::error::EngineError;
use super::json::{at, set, str_at};
use super::network::{attach, parse_subnet};
use super::world::World;

/// `docker network create`'s options, after the CLI parsed them.
#[derive(Clone, Debug, Default)]
pub struct NetworkCreate {
    pub name: String,
    /// `bridge` unless `--driver` says otherwise.
    pub driver: String,
    pub subnet: Option<String>,
    pub gateway: Option<String>,
    pub internal: bool,
    pub attachable: bool,
    pub labels: Vec<(String, String)>,
    pub options: Vec<(String, String)>,
    /// CLI-created networks send empty maps; compose sends none (`null`).
    pub from_cli: bool,
}

const PREDEFINED: [&str; 3] = ["bridge", "host", "none"];

/// The daemon's default address pools: 172.17-31.0.0/16, then
/// 192.168.0.0/16 cut into /20s.
fn pool_subnets() -> impl Iterator<Item = (u32, u32)> {
    let wide = (17u8..=31).map(|b| (u32::from(Ipv4Addr::new(172, b, 0, 0)), 16));
    let narrow = (0u32..16).map(|k| (u32::from(Ipv4Addr::new(192, 168, 0, 0)) + (k << 12), 20));
    wide.chain(narrow)
}

fn overlaps(a: (u32, u32), b: (u32, u32)) -> bool {
    let mask = |len: u32| {
        if len == 0 {
            0
        } else {
            u32::MAX << (32 - len.min(32))
        }
    };
    let m = mask(a.1.min(b.1));
    (a.0 & m) == (b.0 & m)
}

impl World {
    /// moby's `FindNetwork`: full ID, then exact name, then unique ID prefix.
    pub fn find_network(&self, term: &str) -> Result<usize, EngineError> {
        if let Some(i) = self
            .networks
            .iter()
            .position(|n| str_at(n, &["Id"]) == term)
        {
            return Ok(i);
        }
        let by_name: Vec<usize> = (0..self.networks.len())
            .filter(|&i| str_at(&self.networks[i], &["Name"]) == term)
            .collect();
        let by_prefix: Vec<usize> = (0..self.networks.len())
            .filter(|&i| !term.is_empty() && str_at(&self.networks[i], &["Id"]).starts_with(term))
            .collect();
        match (by_name.as_slice(), by_prefix.as_slice()) {
            ([i], _) => Ok(*i),
            ([_, ..], _) => Err(EngineError::Other(format!(
                "network {term} is ambiguous ({} matches found on name)",
                by_name.len()
            ))),
            ([], [i]) => Ok(*i),
            ([], [_, ..]) => Err(EngineError::Other(format!(
                "network {term} is ambiguous ({} matches found based on ID prefix)",
                by_prefix.len()
            ))),
            ([], []) => Err(EngineError::Other(format!("network {term} not found"))),
        }
    }

    fn used_subnets(&self) -> Vec<(u32, u32)> {
        self.networks
            .iter()
            .flat_map(|n| {
                at(n, &["IPAM", "Config"])
                    .and_then(Json::as_array)
                    .cloned()
                    .unwrap_or_default()
            })
            .filter_map(|c| parse_subnet(str_at(&c, &["Subnet"])))
            .collect()
    }

    /// `POST /networks/create`; returns the new network's ID.
    pub fn create_network(&mut self, req: &NetworkCreate) -> Result<String, EngineError> {
        if self
            .networks
            .iter()
            .any(|n| str_at(n, &["Name"]) == req.name)
        {
            return Err(EngineError::Other(format!(
                "network with name {} already exists",
                req.name
            )));
        }
        let driver = if req.driver.is_empty() {
            "bridge"
        } else {
            req.driver.as_str()
        };
        if !matches!(driver, "bridge" | "ipvlan" | "macvlan" | "overlay") {
            return Err(EngineError::Other(format!("plugin \"{driver}\" not found")));
        }
        let used = self.used_subnets();
        let (subnet, gateway) = match &req.subnet {
            Some(s) => {
                let Some(parsed) = parse_subnet(s) else {
                    return Err(EngineError::Other(format!("invalid CIDR address: {s}")));
                };
                if used.iter().any(|u| overlaps(*u, parsed)) {
                    return Err(EngineError::Other(
                        "invalid pool request: Pool overlaps with other one on this address space"
                            .to_owned(),
                    ));
                }
                let gw = req
                    .gateway
                    .clone()
                    .unwrap_or_else(|| Ipv4Addr::from(parsed.0.wrapping_add(1)).to_string());
                (format!("{}/{}", Ipv4Addr::from(parsed.0), parsed.1), gw)
            }
            None => {
                let Some(pick) = pool_subnets().find(|p| !used.iter().any(|u| overlaps(*u, *p)))
                else {
                    return Err(EngineError::Other(
                        "all predefined address pools have been fully subnetted".to_owned(),
                    ));
                };
                (
                    format!("{}/{}", Ipv4Addr::from(pick.0), pick.1),
                    Ipv4Addr::from(pick.0 + 1).to_string(),
                )
            }
        };
        let id = self.next_id("network", &req.name);
        let map = |pairs: &[(String, String)]| {
            let mut v = pairs.to_vec();
            v.sort();
            Json::Object(v.into_iter().map(|(k, v)| (k, json!(v))).collect())
        };
        let empty_or_null = if req.from_cli { json!({}) } else { Json::Null };
        self.networks.push(json!({
            "Name": req.name,
            "Id": id,
            "Created": self.now.rfc3339_nano(),
            "Scope": "local",
            "Driver": driver,
            "EnableIPv4": true,
            "EnableIPv6": false,
            "IPAM": {
                "Driver": "default",
                "Options": empty_or_null,
                "Config": [{"Subnet": subnet, "Gateway": gateway}]
            },
            "Internal": req.internal,
            "Attachable": req.attachable,
            "Ingress": false,
            "ConfigFrom": {"Network": ""},
            "ConfigOnly": false,
            "Containers": {},
            "Options": map(&req.options),
            "Labels": map(&req.labels)
        }));
        Ok(id)
    }

    /// `DELETE /networks/{id}`.
    pub fn remove_network(&mut self, term: &str) -> Result<(), EngineError> {
        let i = self.find_network(term)?;
        let name = str_at(&self.networks[i], &["Name"]).to_owned();
        let net_id = str_at(&self.networks[i], &["Id"]).to_owned();
        if PREDEFINED.contains(&name.as_str()) {
            return Err(EngineError::Other(format!(
                "{name} is a pre-defined network and cannot be removed"
            )));
        }
        let mut endpoints: Vec<String> = self
            .containers
            .iter()
            .filter(|c| c.is_running())
            .filter_map(|c| {
                let ep = str_at(
                    &c.doc,
                    &["NetworkSettings", "Networks", &name, "EndpointID"],
                );
                let nid = str_at(&c.doc, &["NetworkSettings", "Networks", &name, "NetworkID"]);
                (!ep.is_empty() && nid == net_id)
                    .then(|| format!("name:\"{}\" id:\"{}\"", c.name(), &ep[..12.min(ep.len())]))
            })
            .collect();
        if !endpoints.is_empty() {
            endpoints.sort();
            return Err(EngineError::Other(format!(
                "error while removing network: network {name} has active endpoints ({})",
                endpoints.join(", ")
            )));
        }
        self.networks.remove(i);
        Ok(())
    }

    /// `POST /networks/prune`: user networks without a running endpoint.
    /// Returns their names, in list order.
    pub fn prune_networks(&mut self) -> Vec<String> {
        let names: Vec<String> = self
            .networks
            .iter()
            .map(|n| str_at(n, &["Name"]).to_owned())
            .filter(|n| !PREDEFINED.contains(&n.as_str()))
            .collect();
        names
            .into_iter()
            .filter(|n| self.remove_network(n).is_ok())
            .collect()
    }

    /// `POST /networks/{id}/connect`.
    pub fn connect_network(
        &mut self,
        network: &str,
        container: &str,
        aliases: &[String],
    ) -> Result<(), EngineError> {
        let idx = self.container_index(container)?;
        let ni = self.find_network(network)?;
        let net_name = str_at(&self.networks[ni], &["Name"]).to_owned();
        let net_id = str_at(&self.networks[ni], &["Id"]).to_owned();
        let c = &self.containers[idx];
        let mode = str_at(&c.doc, &["HostConfig", "NetworkMode"]);
        if mode == "host" || net_name == "host" {
            return Err(EngineError::Other(
                "container cannot be disconnected from host network or connected to host network"
                    .to_owned(),
            ));
        }
        if mode == "none" || net_name == "none" {
            return Err(EngineError::Other(
                "container cannot be connected to multiple networks with one of the networks in private (none) mode"
                    .to_owned(),
            ));
        }
        if c.network_names().contains(&net_name) {
            return Err(EngineError::Other(format!(
                "endpoint with name {} already exists in network {net_name}",
                c.name()
            )));
        }
        if !aliases.is_empty() && net_name == "bridge" {
            return Err(EngineError::Other(
                "network-scoped alias is supported only for containers in user defined networks"
                    .to_owned(),
            ));
        }
        let running = c.is_running();
        let mut ep = endpoint_settings(&net_id, None);
        if !aliases.is_empty() {
            set(&mut ep, &["Aliases"], json!(aliases));
        }
        set(
            &mut self.containers[idx].doc,
            &["NetworkSettings", "Networks", &net_name],
            ep,
        );
        if running {
            self.created_objects += 1;
            let id = self.containers[idx].id().to_owned();
            let endpoint = self.next_id("endpoint", &format!("{id}/{net_name}"));
            attach(self, idx, &net_name, &endpoint);
        }
        Ok(())
    }

    /// `POST /networks/{id}/disconnect`.
    pub fn disconnect_network(
        &mut self,
        network: &str,
        container: &str,
        force: bool,
    ) -> Result<(), EngineError> {
        let ni = self.find_network(network);
        let idx = match self.container_index(container) {
            Ok(i) => i,
            Err(e) if !force => return Err(e),
            Err(e) => {
                // `-f` drops a dead container's endpoint by name.
                let ni = ni?;
                let net = &mut self.networks[ni];
                if let Some(m) = net.get_mut("Containers").and_then(Json::as_object_mut) {
                    let before = m.len();
                    m.retain(|_, v| str_at(v, &["Name"]) != container);
                    if m.len() != before {
                        return Ok(());
                    }
                }
                return Err(e);
            }
        };
        let ni = ni?;
        let net_name = str_at(&self.networks[ni], &["Name"]).to_owned();
        let c = &self.containers[idx];
        if net_name == "host" || str_at(&c.doc, &["HostConfig", "NetworkMode"]) == "host" {
            return Err(EngineError::Other(
                "container cannot be disconnected from host network or connected to host network"
                    .to_owned(),
            ));
        }
        if !c.network_names().contains(&net_name) {
            let the = if c.is_running() { "" } else { "the " };
            return Err(EngineError::Other(format!(
                "container {} is not connected to {the}network {net_name}",
                c.id()
            )));
        }
        let id = c.id().to_owned();
        if let Some(m) = self.containers[idx]
            .doc
            .pointer_mut("/NetworkSettings/Networks")
            .and_then(Json::as_object_mut)
        {
            m.remove(&net_name);
        }
        if let Some(m) = self.networks[ni]
            .get_mut("Containers")
            .and_then(Json::as_object_mut)
        {
            m.remove(&id);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Timestamp;

    fn world() -> World {
        let mut w = World::empty(Timestamp::from_unix_seconds(1_800_000_000), "t");
        w.networks.push(json!({
            "Name": "bridge", "Id": "b".repeat(64), "Driver": "bridge",
            "IPAM": {"Config": [{"Subnet": "172.17.0.0/16", "Gateway": "172.17.0.1"}]},
            "Options": {"com.docker.network.bridge.default_bridge": "true"}
        }));
        w
    }

    #[test]
    fn new_networks_take_the_next_free_pool() {
        let mut w = world();
        let req = NetworkCreate {
            name: "app".into(),
            from_cli: true,
            ..NetworkCreate::default()
        };
        w.create_network(&req).unwrap();
        let net = w.network("app").unwrap();
        assert_eq!(
            net["IPAM"]["Config"][0]["Subnet"].as_str(),
            Some("172.18.0.0/16")
        );
        assert_eq!(
            w.create_network(&req).unwrap_err().to_string(),
            "network with name app already exists"
        );
    }

    #[test]
    fn predefined_networks_cannot_be_removed() {
        let mut w = world();
        assert_eq!(
            w.remove_network("bridge").unwrap_err().to_string(),
            "bridge is a pre-defined network and cannot be removed"
        );
        assert_eq!(
            w.remove_network("nope").unwrap_err().to_string(),
            "network nope not found"
        );
    }
}
