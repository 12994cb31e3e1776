//! Builds the initial engine world from a scenario's declarations.
//!
//! Declared objects go through the same engine operations that `docker run`
//! uses, so a scenario's containers have exactly the inspect documents a
//! real daemon would give them.

use std::fmt;

use serde_json::json;

use crate::engine::image_doc::{self, ImageSpec};
use crate::engine::{
    self, ContainerSpec, HttpRoute, LogEntry, RestartPolicy, Stream, Timestamp, World, ids,
};
use crate::scenario::{
    self, ContainerDecl, ContainerStateDecl, ImageDecl, LogStream, Scenario, TimeSpec,
};

/// A declaration the engine refused (the parser validates most things first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for BuildError {}

/// How long before the scenario's clock the Docker daemon was installed: the
/// default networks' creation time.
const DAEMON_AGE_SECS: i64 = 30 * 86_400;

pub fn build(scenario: &Scenario) -> Result<World, BuildError> {
    let clock = timestamp(scenario.clock);
    let mut world = World::empty(clock, &scenario.name);
    add_default_networks(&mut world, clock.plus_seconds(-DAEMON_AGE_SECS));
    crate::world_build_netvol::add_host_networks_volumes(&mut world, scenario, clock)?;
    for image in &scenario.world.images {
        add_image(&mut world, scenario, image, clock);
    }
    crate::world_build_netvol::add_registry(&mut world, scenario, clock);
    for container in &scenario.world.containers {
        add_container(&mut world, scenario, container, clock)?;
    }
    world.now = clock;
    Ok(world)
}

pub(crate) fn timestamp(t: scenario::Timestamp) -> Timestamp {
    Timestamp::from_unix_seconds(t.secs).plus_nanos(i64::from(t.nanos))
}

pub(crate) fn at(spec: TimeSpec, clock: Timestamp) -> Timestamp {
    match spec {
        TimeSpec::Relative(nanos) => clock.plus_nanos(nanos),
        TimeSpec::Absolute(t) => timestamp(t),
    }
}

/// The ID a declared image gets: its declared prefix completed, or one
/// derived from its references.
fn image_hex(scenario: &Scenario, image: &ImageDecl) -> String {
    let seed = format!("{}/{}", scenario.name, image.references.join(","));
    match &image.id {
        Some(prefix) => ids::complete(prefix, &seed),
        None => ids::derive(&["image", &seed]),
    }
}

pub(crate) fn image_spec(scenario: &Scenario, image: &ImageDecl, clock: Timestamp) -> ImageSpec {
    let hex = image_hex(scenario, image);
    let created = at(image.created, clock);
    ImageSpec {
        repo_tags: image
            .references
            .iter()
            .map(|r| scenario::reference::normalize(r))
            .collect(),
        repo_digests: Vec::new(),
        hex,
        created,
        size: i64::try_from(image.size).unwrap_or(i64::MAX),
        user: image.user.clone(),
        exposed_ports: image.expose.iter().map(|p| p.to_string()).collect(),
        env: image.env.iter().map(|(k, v)| format!("{k}={v}")).collect(),
        entrypoint: image.entrypoint.clone(),
        cmd: image.cmd.clone(),
        working_dir: image.workdir.clone(),
        labels: image.labels.clone(),
        volumes: image.volumes.clone(),
    }
}

pub(crate) fn routes(image: &ImageDecl) -> Vec<HttpRoute> {
    image
        .http
        .iter()
        .map(|r| HttpRoute {
            method: r.method.clone(),
            path: r.path.clone(),
            status: r.status,
            body: r.body.clone(),
            headers: r.headers.clone(),
        })
        .collect()
}

fn add_image(world: &mut World, scenario: &Scenario, image: &ImageDecl, clock: Timestamp) {
    let spec = image_spec(scenario, image, clock);
    let hex = spec.hex.clone();
    world.images.push(engine::Image {
        doc: image_doc::build(&spec),
    });
    world.apps.insert(format!("sha256:{hex}"), routes(image));
}

fn add_container(
    world: &mut World,
    scenario: &Scenario,
    decl: &ContainerDecl,
    clock: Timestamp,
) -> Result<(), BuildError> {
    let err = |message: String| BuildError {
        line: decl.span.line,
        column: decl.span.column,
        message,
    };
    let pinned_ref = decl.pinned.as_deref().unwrap_or(&decl.image);
    let image = scenario.world.image(pinned_ref).ok_or_else(|| {
        err(format!(
            "container {}: no declared image {pinned_ref}",
            decl.name
        ))
    })?;
    let image_id = format!("sha256:{}", image_hex(scenario, image));
    let created = at(decl.created, clock);
    let restart = match decl.restart {
        None | Some(scenario::RestartPolicy::No) => RestartPolicy::No,
        Some(scenario::RestartPolicy::Always) => RestartPolicy::Always,
        Some(scenario::RestartPolicy::UnlessStopped) => RestartPolicy::UnlessStopped,
        Some(scenario::RestartPolicy::OnFailure(n)) => {
            RestartPolicy::OnFailure(i64::from(n.unwrap_or(0)))
        }
    };
    let publish = decl
        .publish
        .iter()
        .map(|p| engine::PortSpec {
            host_ip: p.host_ip.clone().unwrap_or_default(),
            host_port: p.host_port.map(|h| h.to_string()).unwrap_or_default(),
            container_port: p.container_port,
            proto: p.protocol.to_string(),
        })
        .collect();
    let spec = ContainerSpec {
        id: decl
            .id
            .as_ref()
            .map(|id| ids::complete(id, &format!("{}/container/{}", scenario.name, decl.name))),
        name: Some(decl.name.clone()),
        image_ref: decl.image.clone(),
        image_id,
        env: decl.env.iter().map(|(k, v)| format!("{k}={v}")).collect(),
        cmd: decl.cmd.clone(),
        labels: decl.labels.clone(),
        publish,
        restart,
        created,
        network: decl
            .storage
            .network
            .clone()
            .unwrap_or_else(|| "bridge".to_owned()),
        aliases: decl.storage.aliases.clone(),
        mounts: crate::world_build_netvol::mounts(decl).map_err(&err)?,
        ..ContainerSpec::default()
    };
    world.now = created;
    let id = world
        .insert_container(spec)
        .map_err(|e| err(e.to_string()))?;
    let idx = world.container_index(&id).map_err(|e| err(e.to_string()))?;
    for (path, text) in &decl.storage.files {
        world
            .write_container_file(idx, path, text)
            .map_err(|e| err(format!("container {}: {e}", decl.name)))?;
    }
    let started = decl.started.map_or(created, |s| at(s, clock));
    match decl.state {
        ContainerStateDecl::Created => {}
        ContainerStateDecl::Running => {
            world.now = started;
            world
                .start_container(idx, started)
                .map_err(|e| err(e.to_string()))?;
        }
        ContainerStateDecl::Paused => {
            world.now = started;
            world
                .start_container(idx, started)
                .map_err(|e| err(e.to_string()))?;
            world.pause_container(idx).map_err(|e| err(e.to_string()))?;
        }
        ContainerStateDecl::Exited { code, finished } => {
            world.now = started;
            world
                .start_container(idx, started)
                .map_err(|e| err(e.to_string()))?;
            world.now = finished.map_or(started, |f| at(f, clock));
            world.finish_foreground(idx, i64::from(code));
        }
    }
    let logs = image_logs(image, decl, started, clock);
    if let Some(c) = world.containers.get_mut(idx) {
        c.logs = logs;
    }
    Ok(())
}

/// The container's log: its own declared lines, or else what its image
/// prints at start; each at its declared time or a millisecond apart from
/// the start.
fn image_logs(
    image: &ImageDecl,
    decl: &ContainerDecl,
    started: Timestamp,
    clock: Timestamp,
) -> Vec<LogEntry> {
    if decl.state == ContainerStateDecl::Created {
        return Vec::new();
    }
    let lines = if decl.logs.is_empty() {
        &image.logs
    } else {
        &decl.logs
    };
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let offset = i64::try_from(i).unwrap_or(0).saturating_mul(1_000_000);
            LogEntry {
                time: line.at.map_or(started.plus_nanos(offset), |t| at(t, clock)),
                stream: match line.stream {
                    LogStream::Stdout => Stream::Stdout,
                    LogStream::Stderr => Stream::Stderr,
                },
                line: if line.text.ends_with('\n') {
                    line.text.clone()
                } else {
                    format!("{}\n", line.text)
                },
            }
        })
        .collect()
}

/// The networks every Docker host has: bridge, host and none.
fn add_default_networks(world: &mut World, created: Timestamp) {
    let seed = world.seed.clone();
    for (i, (name, driver)) in [("bridge", "bridge"), ("host", "host"), ("none", "null")]
        .into_iter()
        .enumerate()
    {
        let id = ids::derive(&["network", &seed, name]);
        let is_bridge = name == "bridge";
        let options = if is_bridge {
            json!({
                "com.docker.network.bridge.default_bridge": "true",
                "com.docker.network.bridge.enable_icc": "true",
                "com.docker.network.bridge.enable_ip_masquerade": "true",
                "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
                "com.docker.network.bridge.name": "docker0",
                "com.docker.network.driver.mtu": "1500"
            })
        } else {
            json!({})
        };
        let ipam_config = if is_bridge {
            json!([{"Subnet": "172.17.0.0/16", "Gateway": "172.17.0.1"}])
        } else {
            json!(null)
        };
        let offset = i64::try_from(i).unwrap_or(0) * 30_000_000;
        world.networks.push(json!({
            "Name": name,
            "Id": id,
            "Created": created.plus_nanos(offset).rfc3339_nano(),
            "Scope": "local",
            "Driver": driver,
            "EnableIPv4": true,
            "EnableIPv6": false,
            "IPAM": {"Driver": "default", "Options": null, "Config": ipam_config},
            "Internal": false,
            "Attachable": false,
            "Ingress": false,
            "ConfigFrom": {"Network": ""},
            "ConfigOnly": false,
            "Containers": {},
            "Options": options,
            "Labels": {}
        }));
    }
}
