//! What `docker compose up/down/pull/restart` do to the world, as compose
//! v2.40.3 decides it (`convergence.go`, `create.go`, `down.go`,
//! `pull.go`), recorded as the progress events compose prints.

use serde_json::Value as Json;
use sha2::{Digest, Sha256};

use super::deps::{self, Action, Listed, Visit};
use super::project::{CONDITION_COMPLETED, Dependency, Healthcheck, Project, Service};
use crate::engine::json::str_at;
use crate::engine::ports::parse_publish;
use crate::engine::{
    ContainerSpec, HealthSpec, MountKind, MountSpec, NetworkCreate, PullOutcome, RestartPolicy,
    VolumeOrigin, World,
};

pub const COMPOSE_VERSION: &str = "2.40.3";

/// One progress event: `ID TEXT STATUS` (compose's plain writer prints
/// `fmt.Println("", id, text, status)`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub id: String,
    pub text: String,
    pub status: String,
}

pub(crate) fn ev(id: impl Into<String>, status: &str) -> Event {
    Event {
        id: id.into(),
        text: String::new(),
        status: status.to_owned(),
    }
}

fn ev_text(id: impl Into<String>, text: &str) -> Event {
    Event {
        id: id.into(),
        text: text.to_owned(),
        status: String::new(),
    }
}

/// `docker compose up` options.
#[derive(Clone, Debug, Default)]
pub struct UpOptions {
    pub force_recreate: bool,
    pub no_recreate: bool,
    /// `--pull`: overrides each service's `pull_policy`.
    pub pull: Option<String>,
    /// Only these services (and their dependencies); empty: all.
    pub services: Vec<String>,
    /// `--no-deps`: only the named services, not what they depend on; a
    /// dependency left out is not waited for (compose-go's
    /// `WithSelectedServices(.., IgnoreDependencies)` drops it).
    pub no_deps: bool,
    /// `--wait`: after starting, wait for every service to be running or
    /// healthy.
    pub wait: bool,
}

/// Why a command stopped early.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// compose prints this last and exits 1.
    Error(String),
    /// The command would block for good; the simulated user pressed
    /// Ctrl-C (exit 130, nothing more printed).
    Interrupted,
}

impl From<String> for Failure {
    fn from(e: String) -> Self {
        Failure::Error(e)
    }
}

/// The events so far and, on failure, how the command ended.
pub type Outcome = (Vec<Event>, Result<(), Failure>);

/// compose's `ServiceHash`: a digest of the service config without
/// build, pull_policy and depends_on. (compose hashes compose-go's JSON;
/// this hashes the simulator's normalized service, so the value differs
/// from real compose but changes exactly when the config does.)
pub fn service_hash(service: &Service) -> String {
    let mut s = service.clone();
    s.build = None;
    s.pull_policy = None;
    s.depends_on.clear();
    let json = serde_json::to_string(&s).unwrap_or_default();
    let digest = Sha256::digest(json.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Indexes of the project's containers (not one-off), oldest first.
pub fn project_containers(world: &World, project: &str) -> Vec<usize> {
    world
        .containers
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            let labels = c.labels();
            let get = |k: &str| labels.iter().find(|(l, _)| l == k).map(|(_, v)| v.as_str());
            get("com.docker.compose.project") == Some(project)
                && get("com.docker.compose.oneoff") != Some("True")
        })
        .map(|(i, _)| i)
        .collect()
}

pub fn label_of(world: &World, idx: usize, key: &str) -> String {
    world.containers[idx]
        .labels()
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .unwrap_or_default()
}

fn service_containers(world: &World, project: &str, service: &str) -> Vec<usize> {
    project_containers(world, project)
        .into_iter()
        .filter(|&i| label_of(world, i, "com.docker.compose.service") == service)
        .collect()
}

fn container_name(project: &Project, s: &Service, number: u32) -> String {
    s.container_name
        .clone()
        .unwrap_or_else(|| format!("{}-{}-{number}", project.name, s.name))
}

/// Pull layer lines as compose relays them (one event per layer status
/// that carries progress details).
fn pull_events(service: &str, o: &PullOutcome, out: &mut Vec<Event>) {
    use crate::engine::PullEvent;
    let mut fetched = Vec::new();
    for l in &o.layers {
        match l {
            PullEvent::LayerExists(id) => out.push(ev_text(id.clone(), "Already exists")),
            PullEvent::LayerPulled(id) => {
                out.push(ev_text(id.clone(), "Pulling fs layer"));
                fetched.push(id.clone());
            }
        }
    }
    for id in &fetched {
        out.push(ev_text(id.clone(), "Verifying Checksum"));
        out.push(ev_text(id.clone(), "Download complete"));
    }
    for id in &fetched {
        out.push(ev_text(id.clone(), "Pull complete"));
    }
    out.push(ev_text(service, "Pulled"));
}

/// Pulls one service's image; the error is compose's final message.
fn pull_service(
    world: &mut World,
    s: &Service,
    project: &str,
    out: &mut Vec<Event>,
) -> Result<(), String> {
    let image = s.image_name(project);
    out.push(ev_text(s.name.clone(), "Pulling"));
    match world.pull(&image) {
        Ok(o) => {
            pull_events(&s.name, &o, out);
            Ok(())
        }
        Err(e) => {
            out.push(Event {
                id: s.name.clone(),
                text: "Error".to_owned(),
                status: e.to_string(),
            });
            Err(format!("Error response from daemon: {e}"))
        }
    }
}

/// `docker compose pull`: every service with an image, name order.
pub fn pull(world: &mut World, project: &Project) -> Outcome {
    let mut out = Vec::new();
    for s in project.services.values() {
        if s.image.is_none() {
            out.push(ev_text(s.name.clone(), "Skipped - No image to be pulled"));
            continue;
        }
        if let Err(e) = pull_service(world, s, &project.name, &mut out) {
            return (out, Err(e.into()));
        }
    }
    (out, Ok(()))
}

fn policy_pulls(policy: &str, present: bool) -> bool {
    match policy {
        "always" => true,
        "never" | "build" => false,
        _ => !present,
    }
}

fn selected(project: &Project, services: &[String], no_deps: bool) -> Vec<String> {
    let order = project.dependency_order();
    if services.is_empty() {
        return order;
    }
    if no_deps {
        return order.into_iter().filter(|s| services.contains(s)).collect();
    }
    // The named services and everything they depend on.
    let mut want: Vec<String> = services.to_vec();
    let mut i = 0;
    while i < want.len() {
        if let Some(s) = project.services.get(&want[i]) {
            for d in s.depends_on.keys() {
                if !want.contains(d) {
                    want.push(d.clone());
                }
            }
        }
        i += 1;
    }
    order.into_iter().filter(|s| want.contains(s)).collect()
}

/// `docker compose up -d`.
pub fn up(world: &mut World, project: &Project, opts: &UpOptions) -> Outcome {
    let mut out = Vec::new();
    for s in &opts.services {
        if !project.services.contains_key(s) {
            return (out, Err(format!("no such service: {s}").into()));
        }
    }
    let order = selected(project, &opts.services, opts.no_deps);
    // 1. Images: pull (per pull_policy, or --pull) or build.
    for name in &order {
        let s = &project.services[name];
        let image = s.image_name(&project.name);
        let present = world.image(&image).is_ok();
        if let Some((context, dockerfile)) = &s.build
            && (!present || s.pull_policy.as_deref() == Some("build"))
        {
            out.push(ev_text(format!("Service {name}"), "Building"));
            match world.build_image(context, dockerfile, std::slice::from_ref(&image), &[]) {
                Ok(_) => out.push(ev(format!("Service {name}"), "Built")),
                Err(e) => return (out, Err(e.into())),
            }
            continue;
        }
        let policy = opts
            .pull
            .clone()
            .or_else(|| s.pull_policy.clone())
            .unwrap_or_else(|| "missing".to_owned());
        if s.image.is_some()
            && policy_pulls(&policy, present)
            && let Err(e) = pull_service(world, s, &project.name, &mut out)
        {
            return (out, Err(e.into()));
        }
    }
    // 2. Networks and volumes.
    for (key, n) in &project.networks {
        if world.network(&n.name).is_some() {
            continue;
        }
        if n.external {
            return (
                out,
                Err(format!(
                    "network {} declared as external, but could not be found",
                    n.name
                )
                .into()),
            );
        }
        let id = format!("Network {}", n.name);
        out.push(ev(id.clone(), "Creating"));
        let req = NetworkCreate {
            name: n.name.clone(),
            driver: "bridge".to_owned(),
            labels: vec![
                ("com.docker.compose.network".to_owned(), key.clone()),
                (
                    "com.docker.compose.project".to_owned(),
                    project.name.clone(),
                ),
                (
                    "com.docker.compose.version".to_owned(),
                    COMPOSE_VERSION.to_owned(),
                ),
            ],
            ..NetworkCreate::default()
        };
        if let Err(e) = world.create_network(&req) {
            return (out, Err(format!("Error response from daemon: {e}").into()));
        }
        out.push(ev(id, "Created"));
    }
    for (key, v) in &project.volumes {
        if world.volume(&v.name).is_some() {
            continue;
        }
        if v.external {
            return (
                out,
                Err(format!("external volume \"{}\" not found", v.name).into()),
            );
        }
        let id = format!("Volume {}", v.name);
        out.push(ev(id.clone(), "Creating"));
        let labels = vec![
            (
                "com.docker.compose.project".to_owned(),
                project.name.clone(),
            ),
            (
                "com.docker.compose.version".to_owned(),
                COMPOSE_VERSION.to_owned(),
            ),
            ("com.docker.compose.volume".to_owned(), key.clone()),
        ];
        if let Err(e) = world.create_volume(Some(&v.name), VolumeOrigin::Explicit, &labels) {
            return (out, Err(format!("Error response from daemon: {e}").into()));
        }
        out.push(ev(id, "Created"));
    }
    // 3. Convergence, in dependency order.
    for name in &order {
        let s = &project.services[name];
        let existing = service_containers(world, &project.name, name);
        let hash = service_hash(s);
        let image_id = world
            .image(&s.image_name(&project.name))
            .map(|i| i.id().to_owned())
            .unwrap_or_default();
        if existing.is_empty() {
            let cname = container_name(project, s, 1);
            let id = format!("Container {cname}");
            out.push(ev(id.clone(), "Creating"));
            if let Err(e) = create(world, project, s, &cname, 1, &[]) {
                out.push(ev(id, &e));
                return (out, Err(e.into()));
            }
            out.push(ev(id, "Created"));
            continue;
        }
        for idx in existing {
            let cname = world.containers[idx].name().to_owned();
            let recreate = if opts.no_recreate {
                false
            } else {
                // --force-recreate applies to the named services; their
                // dependencies recreate only when they diverged.
                (opts.force_recreate && (opts.services.is_empty() || opts.services.contains(name)))
                    || label_of(world, idx, "com.docker.compose.config-hash") != hash
                    || label_of(world, idx, "com.docker.compose.image") != image_id
            };
            let id = format!("Container {cname}");
            if recreate {
                stop_dependents(world, project, &order, name, &mut out);
                let Ok(idx) = world.container_index(&cname) else {
                    continue;
                };
                out.push(ev(id.clone(), "Recreate"));
                let number: u32 = label_of(world, idx, "com.docker.compose.container-number")
                    .parse()
                    .unwrap_or(1);
                // Anonymous volumes carry over to the new container.
                let inherited: Vec<(String, String)> = world.containers[idx]
                    .mounts()
                    .iter()
                    .filter(|m| str_at(m, &["Type"]) == "volume")
                    .map(|m| {
                        (
                            str_at(m, &["Destination"]).to_owned(),
                            str_at(m, &["Name"]).to_owned(),
                        )
                    })
                    .filter(|(_, n)| world.volume_is_anonymous(n))
                    .collect();
                let old_id = world.containers[idx].id().to_owned();
                let _ = world.stop_container(idx, None, None);
                if let Err(e) = world.remove_container(&old_id, true) {
                    return (out, Err(format!("Error response from daemon: {e}").into()));
                }
                let new_name = container_name(project, s, number);
                if let Err(e) = create(world, project, s, &new_name, number, &inherited) {
                    return (out, Err(e.into()));
                }
                out.push(ev(id, "Recreated"));
            } else if world.containers[idx].is_running() {
                out.push(ev(id, "Running"));
            }
        }
    }
    // 4. Start, in dependency order, each service once its dependencies
    // meet their conditions.
    let listed = listed_containers(world, project, &order);
    let visits: Vec<Visit> = order
        .iter()
        .map(|name| Visit {
            service: name.clone(),
            depends_on: project.services[name].depends_on.clone(),
            action: Action::Start,
        })
        .collect();
    if let Err(e) = deps::run(world, &visits, &listed, &mut out) {
        return (out, Err(e));
    }
    // 5. `--wait`: every service healthy (or running without a
    // healthcheck); a one-shot job others await must have completed.
    if opts.wait {
        // A service name is never empty: this visit is the project.
        let waited = Visit {
            service: String::new(),
            depends_on: order
                .iter()
                .map(|name| {
                    (
                        name.clone(),
                        Dependency {
                            condition: wait_condition(project, &order, name),
                            restart: false,
                            required: true,
                        },
                    )
                })
                .collect(),
            action: Action::Nothing,
        };
        let mut all = visits;
        for v in &mut all {
            // Already started: only the wait remains.
            v.depends_on.clear();
            v.action = Action::Nothing;
        }
        all.push(waited);
        if let Err(e) = deps::run(world, &all, &listed, &mut out) {
            return (out, Err(e));
        }
    }
    (out, Ok(()))
}

/// `getDependencyCondition`: what `--wait` waits for in a service. Only
/// the services this command brings up count: compose has left the others
/// out of the project by then.
fn wait_condition(project: &Project, order: &[String], service: &str) -> String {
    let completed = order
        .iter()
        .filter_map(|n| project.services.get(n))
        .any(|s| {
            s.depends_on
                .get(service)
                .is_some_and(|d| d.condition == CONDITION_COMPLETED)
        });
    if completed {
        CONDITION_COMPLETED.to_owned()
    } else {
        deps::CONDITION_RUNNING_OR_HEALTHY.to_owned()
    }
}

/// The project's containers by service, as compose lists them before a
/// start (`ContainerList`, all states).
fn listed_containers(world: &World, project: &Project, services: &[String]) -> Listed {
    services
        .iter()
        .map(|name| {
            let ids = service_containers(world, &project.name, name)
                .into_iter()
                .map(|i| world.containers[i].id().to_owned())
                .collect();
            (name.clone(), ids)
        })
        .collect()
}

/// `stopDependentContainers`: before `service` is recreated, stop the
/// services that declare `restart: true` on it, so the start phase
/// starts them again after it.
fn stop_dependents(
    world: &mut World,
    project: &Project,
    order: &[String],
    service: &str,
    out: &mut Vec<Event>,
) {
    for name in order.iter().rev() {
        let restarts = project.services[name]
            .depends_on
            .get(service)
            .is_some_and(|d| d.restart);
        if !restarts {
            continue;
        }
        for idx in service_containers(world, &project.name, name) {
            let id = format!("Container {}", world.containers[idx].name());
            out.push(ev(id.clone(), "Stopping"));
            let _ = world.stop_container(idx, None, None);
            out.push(ev(id, "Stopped"));
        }
    }
}

fn create(
    world: &mut World,
    project: &Project,
    s: &Service,
    name: &str,
    number: u32,
    inherited: &[(String, String)],
) -> Result<(), String> {
    let image_ref = s.image_name(&project.name);
    let image_id = world
        .image(&image_ref)
        .map(|i| i.id().to_owned())
        .map_err(|e| format!("Error response from daemon: {e}"))?;
    let mut labels = s.labels.clone();
    for (k, v) in [
        ("com.docker.compose.config-hash", service_hash(s)),
        ("com.docker.compose.container-number", number.to_string()),
        ("com.docker.compose.depends_on", depends_on_label(s)),
        ("com.docker.compose.image", image_id.clone()),
        ("com.docker.compose.oneoff", "False".to_owned()),
        ("com.docker.compose.project", project.name.clone()),
        (
            "com.docker.compose.project.config_files",
            project.config_file.clone(),
        ),
        (
            "com.docker.compose.project.working_dir",
            project.working_dir.clone(),
        ),
        ("com.docker.compose.service", s.name.clone()),
        ("com.docker.compose.version", COMPOSE_VERSION.to_owned()),
    ] {
        labels.push((k.to_owned(), v));
    }
    let mut publish = Vec::new();
    for p in &s.ports {
        publish.extend(parse_publish(p)?);
    }
    let mut mounts = Vec::new();
    for v in &s.volumes {
        let kind = if v.kind == "bind" {
            MountKind::Bind
        } else {
            MountKind::Volume
        };
        let source = if kind == MountKind::Volume && !v.source.is_empty() {
            project
                .volumes
                .get(&v.source)
                .map_or(v.source.clone(), |d| d.name.clone())
        } else if v.source.is_empty() {
            inherited
                .iter()
                .find(|(dest, _)| *dest == v.target)
                .map(|(_, n)| n.clone())
                .unwrap_or_default()
        } else {
            v.source.clone()
        };
        mounts.push(MountSpec {
            kind,
            source,
            target: v.target.clone(),
            read_only: v.read_only,
            bind_text: None,
            from_mount_flag: true,
        });
    }
    // Image VOLUMEs the service does not mount: inherited ones keep their data.
    for (dest, vol) in inherited {
        if !mounts.iter().any(|m| &m.target == dest) {
            mounts.push(MountSpec {
                kind: MountKind::Volume,
                source: vol.clone(),
                target: dest.clone(),
                read_only: false,
                bind_text: None,
                from_mount_flag: false,
            });
        }
    }
    // The first network by name carries the container; the others are
    // connected before start.
    let nets: Vec<(String, Vec<String>)> = s
        .networks
        .iter()
        .map(|(k, aliases)| {
            let real = project
                .networks
                .get(k)
                .map_or(k.clone(), |n| n.name.clone());
            let mut all = vec![name.to_owned(), s.name.clone()];
            all.extend(aliases.iter().cloned());
            (real, all)
        })
        .collect();
    let (network, aliases) = nets
        .first()
        .cloned()
        .unwrap_or_else(|| ("bridge".to_owned(), Vec::new()));
    let restart = RestartPolicy::parse(s.restart.as_deref().unwrap_or("no"))?;
    let healthcheck = match &s.healthcheck {
        None => None,
        Some(h) => Some(health_spec(h)?),
    };
    let spec = ContainerSpec {
        name: Some(name.to_owned()),
        image_ref,
        image_id,
        env: s
            .environment
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect(),
        cmd: s.command.clone(),
        entrypoint: s.entrypoint.clone(),
        labels,
        publish,
        restart,
        created: world.now,
        network,
        workdir: s.working_dir.clone(),
        user: s.user.clone(),
        hostname: s.hostname.clone(),
        mounts,
        aliases,
        healthcheck,
        ..ContainerSpec::default()
    };
    let id = world
        .insert_container(spec)
        .map_err(|e| format!("Error response from daemon: {e}"))?;
    for (net, aliases) in nets.iter().skip(1) {
        world
            .connect_network(net, &id, aliases)
            .map_err(|e| format!("Error response from daemon: {e}"))?;
    }
    Ok(())
}

/// `ToMobyHealthCheck`: the service's healthcheck as the engine takes it
/// (`disable` is `["NONE"]`; unset settings are the image's or Docker's).
fn health_spec(h: &Healthcheck) -> Result<HealthSpec, String> {
    if h.start_interval.is_some() && h.start_period.is_none() {
        return Err(
            "healthcheck.start_interval requires healthcheck.start_period to be set".to_owned(),
        );
    }
    Ok(HealthSpec {
        test: if h.disable {
            vec!["NONE".to_owned()]
        } else {
            h.test.clone()
        },
        interval: h.interval.unwrap_or(0),
        timeout: h.timeout.unwrap_or(0),
        start_period: h.start_period.unwrap_or(0),
        start_interval: h.start_interval.unwrap_or(0),
        retries: h.retries.unwrap_or(0),
    })
}

/// `docker compose down [-v]`.
pub fn down(world: &mut World, project: &Project, volumes: bool) -> Outcome {
    let mut out = Vec::new();
    let mut order = project.dependency_order();
    order.reverse();
    let mut removed_any = false;
    for name in &order {
        for idx in service_containers(world, &project.name, name)
            .into_iter()
            .rev()
        {
            let cname = world.containers[idx].name().to_owned();
            let cid = world.containers[idx].id().to_owned();
            let id = format!("Container {cname}");
            if world.containers[idx].is_running() {
                out.push(ev(id.clone(), "Stopping"));
                let _ = world.stop_container(idx, None, None);
                out.push(ev(id.clone(), "Stopped"));
            }
            out.push(ev(id.clone(), "Removing"));
            let anonymous = match world.container_index(&cid) {
                Ok(i) if volumes => world.anonymous_volumes_of(i),
                _ => Vec::new(),
            };
            if let Err(e) = world.remove_container(&cid, true) {
                return (out, Err(format!("Error response from daemon: {e}").into()));
            }
            for v in anonymous {
                let _ = world.remove_volume(&v, true);
            }
            out.push(ev(id, "Removed"));
            removed_any = true;
        }
    }
    for n in project.networks.values() {
        if n.external || world.network(&n.name).is_none() {
            continue;
        }
        let id = format!("Network {}", n.name);
        out.push(ev(id.clone(), "Removing"));
        match world.remove_network(&n.name) {
            Ok(()) => out.push(ev(id, "Removed")),
            Err(_) => out.push(ev(id, "Resource is still in use")),
        }
        removed_any = true;
    }
    if volumes {
        for v in project.volumes.values() {
            if v.external || world.volume(&v.name).is_none() {
                continue;
            }
            let id = format!("Volume {}", v.name);
            out.push(ev(id.clone(), "Removing"));
            match world.remove_volume(&v.name, false) {
                Ok(()) => out.push(ev(id, "Removed")),
                Err(_) => out.push(ev(id, "Resource is still in use")),
            }
            removed_any = true;
        }
    }
    let _ = removed_any;
    (out, Ok(()))
}

/// `docker compose restart [SERVICE...]`: every container of the
/// services (and of the services that depend on them with `restart:
/// true`), in dependency order; only `restart: true` dependencies are
/// waited for. A restart keeps each container's image.
pub fn restart(world: &mut World, project: &Project, services: &[String]) -> Outcome {
    let mut out = Vec::new();
    let mut chosen: Vec<String> = services.to_vec();
    if !chosen.is_empty() {
        let mut i = 0;
        while i < chosen.len() {
            for (name, s) in &project.services {
                let restarts = s.depends_on.get(&chosen[i]).is_some_and(|d| d.restart);
                if restarts && !chosen.contains(name) {
                    chosen.push(name.clone());
                }
            }
            i += 1;
        }
    }
    let order: Vec<String> = project
        .dependency_order()
        .into_iter()
        .filter(|n| chosen.is_empty() || chosen.contains(n))
        .collect();
    let listed = listed_containers(world, project, &order);
    let visits: Vec<Visit> = order
        .iter()
        .map(|name| Visit {
            service: name.clone(),
            depends_on: project.services[name]
                .depends_on
                .iter()
                .filter(|(_, d)| d.restart)
                .map(|(k, d)| (k.clone(), d.clone()))
                .collect(),
            action: Action::Restart,
        })
        .collect();
    let result = deps::run(world, &visits, &listed, &mut out);
    (out, result)
}

/// Renders events as compose's plain (non-TTY) progress writer does; an
/// event without ID or text is a log line (a logrus warning), printed as is.
pub fn render(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        if e.id.is_empty() && e.text.is_empty() {
            s.push_str(&format!("{}\n", e.status));
        } else {
            s.push_str(&format!(" {} {} {}\n", e.id, e.text, e.status));
        }
    }
    s
}

/// The container's labels as a JSON object (for tests and checks).
pub fn labels_json(world: &World, idx: usize) -> Json {
    crate::engine::json::at(&world.containers[idx].doc, &["Config", "Labels"])
        .cloned()
        .unwrap_or(Json::Null)
}

/// `com.docker.compose.depends_on`: `service:condition:restart`, sorted,
/// comma-separated.
pub(super) fn depends_on_label(s: &Service) -> String {
    let mut entries: Vec<String> = s
        .depends_on
        .iter()
        .map(|(d, dep)| format!("{d}:{}:{}", dep.condition, dep.restart))
        .collect();
    entries.sort();
    entries.join(",")
}
