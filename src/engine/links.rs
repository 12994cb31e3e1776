//! Legacy container links (`run --link name[:alias]`), as moby v28.2.2
//! keeps them (`daemon/links.go`, `registerLinks`, `setupLinkedContainers`,
//! `addLegacyLinks`, `rmLink`).
//!
//! On the default bridge a link is a daemon-side record parent → alias →
//! child, made at create: the parent's `/etc/hosts` names the child, its
//! processes get `ALIAS_PORT...`/`ALIAS_NAME`/`ALIAS_ENV_*` variables, and
//! the child is also known by the name `/parent/alias`. The record keeps
//! the child *object*: removing the child leaves it dangling, so the parent
//! no longer starts ("Cannot link to a non running container"), even once a
//! new container takes the child's name. On a user-defined network `--link`
//! is only an endpoint alias (`EndpointSettings.Links`), resolved by the
//! network's DNS from that container alone.

use serde_json::{Value as Json, json};

use super::error::EngineError;
use super::json::{at, set, str_at, strings_at};
use super::world::World;

/// One legacy link, as moby's `linkIndex` holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegacyLink {
    pub parent_id: String,
    /// The short alias (`db`); the full link name is `/<parent>/<alias>`.
    pub alias: String,
    pub child_id: String,
    /// `/db`: the child's name, kept for when the child is gone.
    pub child_name: String,
    /// The address the parent's `/etc/hosts` gives the child (written when
    /// the parent starts, updated when the child starts).
    pub hosts_ip: String,
}

/// moby's `opts.ParseLink`: `name[:alias]`, or the `/name:/parent/alias`
/// form inspect shows. `Err` is its text.
pub fn parse_link(value: &str) -> Result<(String, String), String> {
    if value.is_empty() {
        return Err("empty string specified for links".to_owned());
    }
    let parts: Vec<&str> = value.split(':').collect();
    match parts.as_slice() {
        [name] => Ok(((*name).to_owned(), (*name).to_owned())),
        [name, alias] => match name.strip_prefix('/') {
            Some(bare) => {
                let short = alias.rsplit('/').next().unwrap_or(alias);
                Ok((bare.to_owned(), short.to_owned()))
            }
            None => Ok(((*name).to_owned(), (*alias).to_owned())),
        },
        _ => Err(format!("bad format for links: {value}")),
    }
}

/// moby's `NetworkMode.IsUserDefined`.
pub fn is_user_defined(mode: &str) -> bool {
    !matches!(mode, "" | "default" | "bridge" | "host" | "none") && !mode.starts_with("container:")
}

const HOST_AND_LINKS: &str = "conflicting options: host type networking can't be used with links. This would result in undefined behavior";
const CONTAINER_NET_AND_LINKS: &str = "conflicting options: container type network can't be used with links. This would result in undefined behavior";

impl World {
    /// `registerLinks` at create, for a container not yet inserted (its
    /// name `parent`). Returns the records to keep once it exists.
    pub(crate) fn links_for_create(
        &self,
        network: &str,
        links: &[String],
    ) -> Result<Vec<(String, String)>, EngineError> {
        if links.is_empty() {
            return Ok(Vec::new());
        }
        if network == "host" {
            return Err(EngineError::Other(HOST_AND_LINKS.to_owned()));
        }
        if network.starts_with("container:") {
            return Err(EngineError::Other(CONTAINER_NET_AND_LINKS.to_owned()));
        }
        let mut out: Vec<(String, String)> = Vec::new();
        for raw in links {
            let (name, alias) = parse_link(raw).map_err(EngineError::Other)?;
            if is_user_defined(network) {
                // An endpoint alias only; nothing to look up now.
                continue;
            }
            let child = self.container(&name).map_err(|e| {
                EngineError::Other(format!("could not get container for {name}: {e}"))
            })?;
            if str_at(&child.doc, &["HostConfig", "NetworkMode"]) == "host" {
                return Err(EngineError::Other(HOST_AND_LINKS.to_owned()));
            }
            // A second link with the same alias loses (its name is taken).
            if !out.iter().any(|(a, _)| *a == alias) {
                out.push((alias, child.id().to_owned()));
            }
        }
        Ok(out)
    }

    /// Records the links of the container just created as `parent_id` and
    /// writes them into its inspect document.
    pub(crate) fn register_links(
        &mut self,
        parent_id: &str,
        network: &str,
        raw: &[String],
        resolved: Vec<(String, String)>,
    ) {
        if is_user_defined(network) && !raw.is_empty() {
            if let Ok(idx) = self.container_index(parent_id) {
                set(
                    &mut self.containers[idx].doc,
                    &["NetworkSettings", "Networks", network, "Links"],
                    json!(raw),
                );
            }
            return;
        }
        for (alias, child_id) in resolved {
            let child_name = self
                .container(&child_id)
                .map(|c| format!("/{}", c.name()))
                .unwrap_or_default();
            self.links.push(LegacyLink {
                parent_id: parent_id.to_owned(),
                alias,
                child_id,
                child_name,
                hosts_ip: String::new(),
            });
        }
        self.render_links(parent_id);
    }

    /// The links container `idx` holds, alias order (moby's map order is
    /// random; the simulator's is stable).
    fn links_of(&self, parent_id: &str) -> Vec<&LegacyLink> {
        let mut out: Vec<&LegacyLink> = self
            .links
            .iter()
            .filter(|l| l.parent_id == parent_id)
            .collect();
        out.sort_by(|a, b| a.alias.cmp(&b.alias));
        out
    }

    /// `HostConfig.Links` as inspect renders it: `/db:/web/db`.
    fn render_links(&mut self, parent_id: &str) {
        let Ok(idx) = self.container_index(parent_id) else {
            return;
        };
        let parent = format!("/{}", self.containers[idx].name());
        let rendered: Vec<String> = self
            .links_of(parent_id)
            .iter()
            .map(|l| format!("{}:{parent}/{}", l.child_name, l.alias))
            .collect();
        let value = if rendered.is_empty() {
            Json::Null
        } else {
            json!(rendered)
        };
        set(
            &mut self.containers[idx].doc,
            &["HostConfig", "Links"],
            value,
        );
    }

    /// After a rename: link names follow both ends.
    pub(crate) fn refresh_link_names(&mut self) {
        if self.links.is_empty() {
            return;
        }
        let mut parents: Vec<String> = Vec::new();
        for i in 0..self.links.len() {
            let child_id = self.links[i].child_id.clone();
            if let Ok(c) = self.container(&child_id) {
                self.links[i].child_name = format!("/{}", c.name());
            }
            if !parents.contains(&self.links[i].parent_id) {
                parents.push(self.links[i].parent_id.clone());
            }
        }
        for p in parents {
            self.render_links(&p);
        }
    }

    /// The running child of a link, if it still exists and runs.
    fn live_child(&self, link: &LegacyLink) -> Option<usize> {
        let i = self
            .containers
            .iter()
            .position(|c| c.id() == link.child_id)?;
        self.containers[i].is_running().then_some(i)
    }

    /// What `addLegacyLinks` and `setupLinkedContainers` refuse when
    /// container `idx` starts on the default bridge.
    pub(crate) fn check_links_for_start(&self, idx: usize) -> Result<(), EngineError> {
        let Some(c) = self.containers.get(idx) else {
            return Ok(());
        };
        let links = self.links_of(c.id());
        if links.is_empty() || !on_default_bridge(&c.doc) {
            return Ok(());
        }
        for l in &links {
            let child = self.containers.iter().find(|o| o.id() == l.child_id);
            if child.is_some_and(|o| !on_default_bridge(&o.doc)) {
                return Err(EngineError::Other(format!(
                    "Cannot link to {}, as it does not belong to the default network",
                    l.child_name
                )));
            }
        }
        self.link_env(idx).map(|_| ())
    }

    /// `setupLinkedContainers`: the variables each link adds to a process
    /// in container `idx` (its main process and every exec). A child that
    /// is not running (or is gone) is an error.
    pub fn link_env(&self, idx: usize) -> Result<Vec<String>, EngineError> {
        let Some(c) = self.containers.get(idx) else {
            return Ok(Vec::new());
        };
        if !on_default_bridge(&c.doc) {
            return Ok(Vec::new());
        }
        let parent = format!("/{}", c.name());
        let mut env = Vec::new();
        for l in self.links_of(c.id()) {
            let full = format!("{parent}/{}", l.alias);
            let Some(ci) = self.live_child(l) else {
                return Err(EngineError::Other(format!(
                    "Cannot link to a non running container: {} AS {full}",
                    l.child_name
                )));
            };
            let child = &self.containers[ci];
            if !on_default_bridge(&child.doc) {
                return Err(EngineError::Other(format!(
                    "container {} not attached to default bridge network",
                    child.id()
                )));
            }
            let ip = str_at(
                &child.doc,
                &["NetworkSettings", "Networks", "bridge", "IPAddress"],
            );
            let ports: Vec<String> = at(&child.doc, &["Config", "ExposedPorts"])
                .and_then(Json::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            env.extend(link_vars(&full, ip, &ports, &child.env()));
        }
        Ok(env)
    }

    /// After container `idx` started: its `/etc/hosts` gets each child's
    /// current address, and parents that run learn its new one.
    pub(crate) fn links_after_start(&mut self, idx: usize) {
        if self.links.is_empty() {
            return;
        }
        let Some(c) = self.containers.get(idx) else {
            return;
        };
        let id = c.id().to_owned();
        let my_ip = str_at(
            &c.doc,
            &["NetworkSettings", "Networks", "bridge", "IPAddress"],
        )
        .to_owned();
        for i in 0..self.links.len() {
            if self.links[i].parent_id == id {
                let ip = self
                    .live_child(&self.links[i])
                    .map(|ci| {
                        str_at(
                            &self.containers[ci].doc,
                            &["NetworkSettings", "Networks", "bridge", "IPAddress"],
                        )
                        .to_owned()
                    })
                    .unwrap_or_default();
                if !ip.is_empty() {
                    self.links[i].hosts_ip = ip;
                }
            } else if self.links[i].child_id == id && !my_ip.is_empty() {
                let parent_runs = self
                    .container(&self.links[i].parent_id)
                    .is_ok_and(|p| p.is_running());
                if parent_runs {
                    self.links[i].hosts_ip.clone_from(&my_ip);
                }
            }
        }
    }

    /// Container `idx`'s `/etc/hosts` entry for `host` from its links: the
    /// alias, the child's hostname and its name. Returns the address.
    pub(crate) fn link_hosts_entry(&self, idx: usize, host: &str) -> Option<String> {
        let c = self.containers.get(idx)?;
        if !on_default_bridge(&c.doc) {
            return None;
        }
        for l in self.links_of(c.id()) {
            if l.hosts_ip.is_empty() {
                continue;
            }
            let child_hostname = self
                .container(&l.child_id)
                .map(|o| str_at(&o.doc, &["Config", "Hostname"]).to_owned())
                .unwrap_or_default();
            let name = l.child_name.trim_start_matches('/');
            if host == l.alias
                || host == name
                || (!child_hostname.is_empty() && host == child_hostname)
            {
                return Some(l.hosts_ip.clone());
            }
        }
        None
    }

    /// A user-defined network link (`EndpointSettings.Links`) of container
    /// `idx` on `net`: the container name `host` stands for there.
    pub(crate) fn endpoint_link_target(&self, idx: usize, net: &str, host: &str) -> Option<String> {
        let c = self.containers.get(idx)?;
        strings_at(&c.doc, &["NetworkSettings", "Networks", net, "Links"])
            .iter()
            .filter_map(|raw| parse_link(raw).ok())
            .find(|(_, alias)| alias.eq_ignore_ascii_case(host))
            .map(|(name, _)| name)
    }

    /// `network connect --link`: the endpoint's `Links`, as typed.
    pub fn set_endpoint_links(&mut self, container: &str, network: &str, links: &[String]) {
        if links.is_empty() {
            return;
        }
        let Ok(idx) = self.container_index(container) else {
            return;
        };
        let Some(net) = self
            .network(network)
            .map(|n| str_at(n, &["Name"]).to_owned())
        else {
            return;
        };
        set(
            &mut self.containers[idx].doc,
            &["NetworkSettings", "Networks", &net, "Links"],
            json!(links),
        );
    }

    /// Every name the daemon knows container `id` by, sorted: `/db` and
    /// the link names `/web/db` (`GetAllNames`).
    pub fn container_names(&self, id: &str, name: &str) -> Vec<String> {
        let mut names = vec![format!("/{name}")];
        for l in self.links.iter().filter(|l| l.child_id == id) {
            if let Ok(p) = self.container(&l.parent_id) {
                names.push(format!("/{}/{}", p.name(), l.alias));
            }
        }
        names.sort();
        names
    }

    /// A link name `/web/db` or `web/db`: the child it names.
    pub(crate) fn link_name_index(&self, reference: &str) -> Option<usize> {
        let bare = reference.strip_prefix('/').unwrap_or(reference);
        let (parent, alias) = bare.rsplit_once('/')?;
        self.links.iter().find_map(|l| {
            if l.alias != alias {
                return None;
            }
            let p = self.containers.iter().find(|c| c.id() == l.parent_id)?;
            if p.name() != parent {
                return None;
            }
            self.containers.iter().position(|c| c.id() == l.child_id)
        })
    }

    /// `docker rm --link NAME` (`rmLink`): removes the link, not a container.
    pub fn remove_link(&mut self, name: &str) -> Result<(), EngineError> {
        let full = if name.starts_with('/') {
            name.to_owned()
        } else {
            format!("/{name}")
        };
        self.container_index(name)?;
        let Some((parent, alias)) = full.rsplit_once('/') else {
            return Ok(());
        };
        if parent.is_empty() {
            return Err(EngineError::Other(
                "Conflict, cannot remove the default link name of the container".to_owned(),
            ));
        }
        let Ok(pidx) = self.container_index(parent) else {
            return Err(EngineError::Other(format!(
                "Cannot get parent {parent} for link name {full}"
            )));
        };
        let parent_id = self.containers[pidx].id().to_owned();
        self.links
            .retain(|l| !(l.parent_id == parent_id && l.alias == alias));
        self.render_links(&parent_id);
        Ok(())
    }

    /// A removed container: its own links go (their names are released);
    /// links to it stay, dangling, as in moby.
    pub(crate) fn forget_links_of(&mut self, id: &str) {
        self.links.retain(|l| l.parent_id != id);
    }
}

fn on_default_bridge(doc: &Json) -> bool {
    at(doc, &["NetworkSettings", "Networks", "bridge"]).is_some()
}

/// moby's `links.Link.ToEnv` for link `full` (`/web/db`) to a child at
/// `ip` exposing `ports` (`5432/tcp`) with environment `child_env`.
pub fn link_vars(full: &str, ip: &str, ports: &[String], child_env: &[String]) -> Vec<String> {
    let short = full.rsplit('/').next().unwrap_or(full);
    let alias = short.to_uppercase().replace('-', "_");
    let mut ports: Vec<(u32, String)> = ports
        .iter()
        .map(|p| {
            let (n, proto) = p.split_once('/').unwrap_or((p.as_str(), "tcp"));
            (n.parse().unwrap_or(0), proto.to_owned())
        })
        .collect();
    // `withTCPPriority`: tcp first, then protocol name, then number.
    ports.sort_by(|(an, ap), (bn, bp)| {
        let key = |proto: &str| (!proto.eq_ignore_ascii_case("tcp"), proto.to_lowercase());
        if ap.eq_ignore_ascii_case(bp) {
            an.cmp(bn)
        } else {
            key(ap).cmp(&key(bp))
        }
    });
    let mut env = Vec::new();
    let Some(first) = ports.first().cloned() else {
        env.push(format!("{alias}_NAME={full}"));
        push_child_env(&mut env, &alias, child_env);
        return env;
    };
    let (mut start, mut end) = (first.clone(), first);
    env.push(format!("{alias}_PORT={}://{ip}:{}", start.1, start.0));
    let last = ports.len() - 1;
    for (i, p) in ports.iter().enumerate() {
        if i == 0 {
            start = p.clone();
            end = p.clone();
        }
        let prefix = format!("{alias}_PORT_{}_{}", p.0, p.1.to_uppercase());
        env.push(format!("{prefix}={}://{ip}:{}", p.1, p.0));
        env.push(format!("{prefix}_ADDR={ip}"));
        env.push(format!("{prefix}_PORT={}", p.0));
        env.push(format!("{prefix}_PROTO={}", p.1));
        if p.0 == end.0 + 1 && p.1.eq_ignore_ascii_case(&start.1) {
            end = p.clone();
            if i < last {
                continue;
            }
        }
        if end != start {
            let prefix = format!("{alias}_PORT_{}_{}", start.0, start.1.to_uppercase());
            env.push(format!("{prefix}_START={}://{ip}:{}", start.1, start.0));
            env.push(format!("{prefix}_PORT_START={}", start.0));
            env.push(format!("{prefix}_END={}://{ip}:{}", end.1, end.0));
            env.push(format!("{prefix}_PORT_END={}", end.0));
        }
        start = p.clone();
        end = p.clone();
    }
    env.push(format!("{alias}_NAME={full}"));
    push_child_env(&mut env, &alias, child_env);
    env
}

fn push_child_env(env: &mut Vec<String>, alias: &str, child_env: &[String]) {
    for v in child_env {
        let Some((name, val)) = v.split_once('=') else {
            continue;
        };
        // Set by builds, not meaningful to a linked container.
        if name == "HOME" || name == "PATH" {
            continue;
        }
        env.push(format!("{alias}_ENV_{name}={val}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_link_forms() {
        assert_eq!(parse_link("db").unwrap(), ("db".into(), "db".into()));
        assert_eq!(
            parse_link("db:database").unwrap(),
            ("db".into(), "database".into())
        );
        assert_eq!(
            parse_link("/db:/web/db").unwrap(),
            ("db".into(), "db".into())
        );
        assert_eq!(
            parse_link("a:b:c").unwrap_err(),
            "bad format for links: a:b:c"
        );
        assert_eq!(
            parse_link("").unwrap_err(),
            "empty string specified for links"
        );
    }

    #[test]
    fn link_vars_match_moby_for_one_port() {
        let env = link_vars(
            "/web/db",
            "172.17.0.2",
            &["5432/tcp".to_owned()],
            &[
                "POSTGRES_USER=ledger".to_owned(),
                "PATH=/usr/bin".to_owned(),
                "PG_MAJOR=16".to_owned(),
            ],
        );
        assert_eq!(
            env,
            [
                "DB_PORT=tcp://172.17.0.2:5432",
                "DB_PORT_5432_TCP=tcp://172.17.0.2:5432",
                "DB_PORT_5432_TCP_ADDR=172.17.0.2",
                "DB_PORT_5432_TCP_PORT=5432",
                "DB_PORT_5432_TCP_PROTO=tcp",
                "DB_NAME=/web/db",
                "DB_ENV_POSTGRES_USER=ledger",
                "DB_ENV_PG_MAJOR=16",
            ]
        );
    }

    #[test]
    fn link_vars_group_port_ranges_and_put_tcp_first() {
        let env = link_vars(
            "/web/my-cache",
            "10.0.0.3",
            &[
                "53/udp".to_owned(),
                "6380/tcp".to_owned(),
                "6379/tcp".to_owned(),
            ],
            &[],
        );
        assert_eq!(env[0], "MY_CACHE_PORT=tcp://10.0.0.3:6379");
        assert!(env.contains(&"MY_CACHE_PORT_6379_TCP_START=tcp://10.0.0.3:6379".to_owned()));
        assert!(env.contains(&"MY_CACHE_PORT_6379_TCP_PORT_END=6380".to_owned()));
        let udp = env
            .iter()
            .position(|e| e == "MY_CACHE_PORT_53_UDP=udp://10.0.0.3:53");
        let range = env
            .iter()
            .position(|e| e == "MY_CACHE_PORT_6379_TCP_END=tcp://10.0.0.3:6380");
        // moby emits a range when the next port breaks it.
        assert!(udp < range);
        assert_eq!(env.last().unwrap(), "MY_CACHE_NAME=/web/my-cache");
    }

    #[test]
    fn no_ports_still_names_the_link() {
        assert_eq!(link_vars("/a/b", "1.2.3.4", &[], &[]), ["B_NAME=/a/b"]);
    }
}
