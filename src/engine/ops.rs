//! State transitions of the engine: what `create`, `start`, `stop`, `kill`,
//! `restart`, `rm`, `tag`, `rmi` and `pull` do to the world. Pure: no
//! printing; errors are typed and worded as dockerd words them.

use serde_json::{Value as Json, json};
use sha2::{Digest, Sha256};

use super::container::{Container, Status};
use super::container_doc;
use super::error::EngineError;
use super::ids;
use super::image::Image;
use super::json::{set, str_at};
use super::names;
use super::network;
use super::ports::PortSpec;
use super::reference::Reference;
use super::time::Timestamp;
use super::world::World;

/// `--restart`, as the daemon validates it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum RestartPolicy {
    #[default]
    No,
    Always,
    UnlessStopped,
    OnFailure(i64),
}

impl RestartPolicy {
    /// Parses `--restart` (`opts.ParseRestartPolicy` in the CLI, then the
    /// daemon's `ValidateRestartPolicy`); errors are their texts.
    pub fn parse(s: &str) -> Result<RestartPolicy, String> {
        let (name, count) = match s.split_once(':') {
            Some(("", _)) => {
                return Err(
                    "invalid restart policy format: no policy provided before colon".to_owned(),
                );
            }
            Some((n, c)) if !c.is_empty() => (
                n,
                Some(c.parse::<i64>().map_err(|_| {
                    "invalid restart policy format: maximum retry count must be an integer"
                        .to_owned()
                })?),
            ),
            Some((n, _)) => (n, None),
            None => (s, None),
        };
        let policy = match name {
            "" | "no" => RestartPolicy::No,
            "always" => RestartPolicy::Always,
            "unless-stopped" => RestartPolicy::UnlessStopped,
            "on-failure" => {
                let n = count.unwrap_or(0);
                if n < 0 {
                    return Err(
                        "invalid restart policy: maximum retry count cannot be negative".to_owned(),
                    );
                }
                return Ok(RestartPolicy::OnFailure(n));
            }
            other => {
                return Err(format!(
                    "invalid restart policy: unknown policy '{other}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'"
                ));
            }
        };
        if count.is_some_and(|c| c != 0) {
            return Err(
                "invalid restart policy: maximum retry count can only be used with 'on-failure'"
                    .to_owned(),
            );
        }
        Ok(policy)
    }

    pub fn name(&self) -> &'static str {
        match self {
            RestartPolicy::No => "no",
            RestartPolicy::Always => "always",
            RestartPolicy::UnlessStopped => "unless-stopped",
            RestartPolicy::OnFailure(_) => "on-failure",
        }
    }

    pub fn max_retries(&self) -> i64 {
        match self {
            RestartPolicy::OnFailure(n) => *n,
            _ => 0,
        }
    }
}

/// What a new container is made from: the CLI's parsed flags plus the image
/// the daemon resolved.
#[derive(Clone, Debug, Default)]
pub struct ContainerSpec {
    /// A declared 64-hex ID (scenarios); `None` derives one.
    pub id: Option<String>,
    pub name: Option<String>,
    /// As typed; becomes `.Config.Image`.
    pub image_ref: String,
    /// `sha256:<64hex>`, pinned now; becomes `.Image`.
    pub image_id: String,
    pub env: Vec<String>,
    pub cmd: Option<Vec<String>>,
    pub entrypoint: Option<Vec<String>>,
    pub labels: Vec<(String, String)>,
    pub publish: Vec<PortSpec>,
    pub restart: RestartPolicy,
    pub auto_remove: bool,
    pub created: Timestamp,
    /// `bridge` unless `--network` says otherwise.
    pub network: String,
    /// Not detached: the CLI attaches stdout/stderr (and stdin with `-i`).
    pub attach: bool,
    pub interactive: bool,
    pub tty: bool,
    pub workdir: Option<String>,
    pub user: Option<String>,
    pub hostname: Option<String>,
    /// `-v` and `--mount`, in the order given.
    pub mounts: Vec<super::mounts::MountSpec>,
    /// `--network-alias`: names on the user-defined network.
    pub aliases: Vec<String>,
    /// `--memory` in bytes (0: no limit).
    pub memory: i64,
    /// `--health-*` / `--no-healthcheck`: the container's own healthcheck,
    /// merged field by field over the image's at create.
    pub healthcheck: Option<HealthSpec>,
    /// `--stop-signal`, as typed (over the image's `StopSignal`).
    pub stop_signal: Option<String>,
    /// `--stop-timeout` in seconds (`Config.StopTimeout`).
    pub stop_timeout: Option<i64>,
    /// `--link name[:alias]`, as typed.
    pub links: Vec<String>,
    /// `--volumes-from container[:mode]`, as typed.
    pub volumes_from: Vec<String>,
}

/// A `HealthConfig` as the CLI sends it. Zero durations and retries, and an
/// empty test, mean "the image's" (moby `merge`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HealthSpec {
    /// `["CMD-SHELL", cmd]`, `["NONE"]` (`--no-healthcheck`), or empty.
    pub test: Vec<String>,
    pub interval: i64,
    pub timeout: i64,
    pub start_period: i64,
    pub start_interval: i64,
    pub retries: i64,
}

impl HealthSpec {
    /// moby's `validateHealthCheck`: durations are 0 or at least 1ms.
    pub fn validate(&self) -> Result<(), EngineError> {
        const MINIMUM: i64 = 1_000_000;
        for (name, v) in [
            ("Interval", self.interval),
            ("Timeout", self.timeout),
            ("StartPeriod", self.start_period),
            ("StartInterval", self.start_interval),
        ] {
            if v != 0 && v < MINIMUM {
                return Err(EngineError::Other(format!(
                    "{name} in Healthcheck cannot be less than 1ms"
                )));
            }
        }
        if self.retries < 0 {
            return Err(EngineError::Other(
                "Retries in Healthcheck cannot be negative".to_owned(),
            ));
        }
        Ok(())
    }
}

/// A signal by name or number, as `docker kill -s`/`stop -s` take it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signal(pub i32);

const SIGNALS: &[(&str, i32)] = &[
    ("HUP", 1),
    ("INT", 2),
    ("QUIT", 3),
    ("ILL", 4),
    ("TRAP", 5),
    ("ABRT", 6),
    ("BUS", 7),
    ("FPE", 8),
    ("KILL", 9),
    ("USR1", 10),
    ("SEGV", 11),
    ("USR2", 12),
    ("PIPE", 13),
    ("ALRM", 14),
    ("TERM", 15),
    ("STKFLT", 16),
    ("CHLD", 17),
    ("CONT", 18),
    ("STOP", 19),
    ("TSTP", 20),
    ("TTIN", 21),
    ("TTOU", 22),
    ("URG", 23),
    ("XCPU", 24),
    ("XFSZ", 25),
    ("VTALRM", 26),
    ("PROF", 27),
    ("WINCH", 28),
    ("IO", 29),
    ("PWR", 30),
    ("SYS", 31),
];

impl Signal {
    pub const KILL: Signal = Signal(9);
    pub const TERM: Signal = Signal(15);

    /// moby's `signal.ParseSignal`: `9`, `KILL`, `SIGKILL` (any case).
    pub fn parse(s: &str) -> Result<Signal, String> {
        if let Ok(n) = s.parse::<i32>() {
            if n <= 0 || n > 64 {
                return Err(format!("Invalid signal: {s}"));
            }
            return Ok(Signal(n));
        }
        let upper = s.to_ascii_uppercase();
        let name = upper.strip_prefix("SIG").unwrap_or(&upper);
        SIGNALS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| Signal(*v))
            .ok_or_else(|| format!("Invalid signal: {s}"))
    }

    /// Whether a process that does not handle it dies of it. A server
    /// ignores SIGCHLD/SIGCONT/SIGURG/SIGWINCH; SIGSTOP-like signals would
    /// suspend it, which the simulator treats as "still running".
    pub(crate) fn terminates(self) -> bool {
        !matches!(self.0, 17..=23 | 28)
    }
}

/// One pulled layer or status line, for the CLI to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PullEvent {
    /// `<id12>: Already exists`
    LayerExists(String),
    /// A layer that was downloaded and extracted.
    LayerPulled(String),
}

/// What a successful pull did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullOutcome {
    /// The tag as pulled, `latest`.
    pub tag: String,
    /// `library/myapp`: the path after the registry host.
    pub path: String,
    /// `myapp:latest`
    pub familiar: String,
    /// `docker.io/library/myapp:latest`
    pub canonical: String,
    pub digest: String,
    pub layers: Vec<PullEvent>,
    /// false when the tag already named this image locally.
    pub downloaded_newer: bool,
    pub image_id: String,
}

/// One line of `docker rmi` output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RemovedImage {
    Untagged(String),
    Deleted(String),
}

pub(crate) fn valid_container_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && name.len() >= 2
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// A deterministic PID for a process started now.
fn pid_for(world: &World, id: &str) -> i64 {
    let h = ids::derive(&[&world.seed, "pid", id, &world.created_objects.to_string()]);
    let n = i64::from_str_radix(&h[..6], 16).unwrap_or(0);
    1000 + n % 60000
}

fn chain_ids(image: &Image) -> Vec<String> {
    let diffs = super::json::strings_at(&image.doc, &["RootFS", "Layers"]);
    let mut out: Vec<String> = Vec::new();
    for d in diffs {
        let next = match out.last() {
            None => d,
            Some(prev) => {
                let mut h = Sha256::new();
                h.update(format!("{prev} {d}").as_bytes());
                let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
                format!("sha256:{hex}")
            }
        };
        out.push(next);
    }
    out
}

fn sort_strings(doc: &mut Json, key: &str) {
    if let Some(list) = doc.get_mut(key).and_then(Json::as_array_mut) {
        list.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
        list.dedup();
    }
}

fn remove_string(doc: &mut Json, key: &str, value: &str) {
    if let Some(list) = doc.get_mut(key).and_then(Json::as_array_mut) {
        list.retain(|v| v.as_str() != Some(value));
    }
}

fn push_string(doc: &mut Json, key: &str, value: &str) {
    match doc.get_mut(key).and_then(Json::as_array_mut) {
        Some(list) => list.push(json!(value)),
        None => set(doc, &[key], json!([value])),
    }
    sort_strings(doc, key);
}

impl World {
    /// The image a new container would use: `ref` resolved locally now.
    /// `NoSuchImage` tells `run` to pull first.
    pub fn resolve_image_for_run(&self, reference: &str) -> Result<String, EngineError> {
        self.image(reference).map(|i| i.id().to_owned())
    }

    /// `POST /containers/create`: a new container in state `created`.
    pub fn insert_container(&mut self, spec: ContainerSpec) -> Result<String, EngineError> {
        let image = self
            .image_by_id(&spec.image_id)
            .cloned()
            .ok_or_else(|| EngineError::NoSuchImage(spec.image_ref.clone()))?;
        if let Some(name) = &spec.name {
            let bare = name.strip_prefix('/').unwrap_or(name);
            if !valid_container_name(bare) {
                return Err(EngineError::Other(format!(
                    "Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
                )));
            }
            if let Some(c) = self.containers.iter().find(|c| c.name() == bare) {
                return Err(EngineError::NameConflict {
                    name: bare.to_owned(),
                    id: c.id().to_owned(),
                });
            }
        }
        let network_id = if spec.network == "bridge" || spec.network.is_empty() {
            String::new()
        } else {
            match self.network(&spec.network) {
                Some(n) => str_at(n, &["Id"]).to_owned(),
                None => {
                    return Err(EngineError::Other(format!(
                        "network {} not found",
                        spec.network
                    )));
                }
            }
        };
        if let Some(h) = &spec.healthcheck {
            h.validate()?;
        }
        if let Some(s) = &spec.stop_signal
            && Signal::parse(s).is_err()
        {
            return Err(EngineError::Other(format!("Invalid signal: {s}")));
        }
        let merged = container_doc::merge(&spec, &image).map_err(EngineError::Other)?;
        if !spec.aliases.is_empty() && network_id.is_empty() {
            return Err(EngineError::Other(
                "network-scoped alias is supported only for containers in user defined networks"
                    .to_owned(),
            ));
        }
        // moby's registerMountPoints (volumes-from), then registerLinks.
        let mut copied = self.volumes_from_mounts(&spec.volumes_from)?;
        let link_records = self.links_for_create(&spec.network, &spec.links)?;
        let image_volumes: Vec<String> = super::json::at(&image.doc, &["Config", "Volumes"])
            .and_then(Json::as_object)
            .map(|m| {
                m.keys()
                    .filter(|k| !copied.contains_key(*k))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let mut mounts = self.prepare_mounts(&spec.mounts, &image_volumes)?;
        if !copied.is_empty() {
            for m in mounts {
                copied.insert(str_at(&m, &["Destination"]).to_owned(), m);
            }
            mounts = copied.into_values().collect();
        }
        let hint = spec.name.clone().unwrap_or_default();
        let id = match &spec.id {
            Some(id) if id.len() == 64 && ids::is_hex(id) => {
                if self.containers.iter().any(|c| c.id() == id) {
                    return Err(EngineError::Other(format!(
                        "container ID {id} is already in use"
                    )));
                }
                id.clone()
            }
            Some(id) => return Err(EngineError::Other(format!("invalid container ID {id:?}"))),
            None => self.next_id("container", &hint),
        };
        let name = match &spec.name {
            Some(n) => n.strip_prefix('/').unwrap_or(n).to_owned(),
            None => {
                let mut attempt = 0;
                loop {
                    let n = names::generate(&id, attempt);
                    if !self.containers.iter().any(|c| c.name() == n) {
                        break n;
                    }
                    attempt += 1;
                }
            }
        };
        let mut spec = spec;
        if spec.network.is_empty() {
            spec.network = "bridge".to_owned();
        }
        let mut doc = container_doc::build(&id, &name, &spec, &image, merged, &network_id);
        container_doc::add_mounts(&mut doc, &spec, mounts);
        if !spec.volumes_from.is_empty() {
            set(
                &mut doc,
                &["HostConfig", "VolumesFrom"],
                json!(spec.volumes_from),
            );
        }
        self.containers.push(Container {
            doc: doc.into(),
            size_rw: Some(0),
            size_root_fs: Some(image.size()),
            logs: Default::default(),
        });
        // Without links to record, registering would only write back the
        // `null` the document was built with in `HostConfig.Links` (and so
        // drop its typed view).
        if !spec.links.is_empty()
            || !link_records.is_empty()
            || self.links.iter().any(|l| l.parent_id == id)
        {
            self.register_links(&id, &spec.network, &spec.links, link_records);
        }
        self.record_container_event(self.containers.len() - 1, "create", &[]);
        Ok(id)
    }

    /// `POST /containers/{id}/start`. Starting a running container is a
    /// no-op (the API's 304). A port conflict leaves the container
    /// `created` with the error recorded, as dockerd does.
    pub fn start_container(&mut self, idx: usize, at: Timestamp) -> Result<(), EngineError> {
        self.start_process(idx, at, true)
    }

    /// A start by the user (`manual`: resets the restart manager and
    /// `RestartCount`) or by the restart policy.
    pub(crate) fn start_process(
        &mut self,
        idx: usize,
        at: Timestamp,
        manual: bool,
    ) -> Result<(), EngineError> {
        let Some(c) = self.containers.get(idx) else {
            return Err(EngineError::NoSuchContainer(String::new()));
        };
        match c.status() {
            Status::Running | Status::Restarting => return Ok(()),
            Status::Paused => {
                return Err(EngineError::Other(
                    "cannot start a paused container, try unpause instead".to_owned(),
                ));
            }
            Status::Removing | Status::Dead => {
                return Err(EngineError::Other(
                    "container is marked for removal and cannot be started".to_owned(),
                ));
            }
            Status::Created | Status::Exited => {}
        }
        self.created_objects += 1;
        let id = c.id().to_owned();
        // A never-started container learns its network's ID now.
        let mode = str_at(&c.doc, &["HostConfig", "NetworkMode"]).to_owned();
        if let Some(nid) = self.network(&mode).map(|n| str_at(n, &["Id"]).to_owned()) {
            set(
                &mut self.containers[idx].doc,
                &["NetworkSettings", "Networks", &mode, "NetworkID"],
                json!(nid),
            );
        }
        // Links checked only for a container that has some: the check reads
        // the typed view, which the change above dropped.
        let has_links = self.links.iter().any(|l| l.parent_id == id);
        let connected = if has_links {
            self.check_links_for_start(idx)
        } else {
            Ok(())
        }
        .and_then(|()| network::connect(self, idx));
        if let Err(e) = connected {
            let doc = &mut self.containers[idx].doc;
            set(doc, &["State", "Error"], json!(e.to_string()));
            if super::json::i64_at(doc, &["State", "ExitCode"]) == 0 {
                // exitUnknown: nobody else set an exit code.
                set(doc, &["State", "ExitCode"], json!(128));
            }
            if manual && super::json::bool_at(doc, &["HostConfig", "AutoRemove"]) {
                self.destroy(idx);
            }
            return Err(e);
        }
        let pid = pid_for(self, &id);
        let dir = format!("/var/lib/docker/containers/{id}");
        let doc = &mut self.containers[idx].doc;
        set_fields(
            doc,
            "State",
            [
                ("Status", json!("running")),
                ("Running", json!(true)),
                ("Paused", json!(false)),
                ("Restarting", json!(false)),
                ("OOMKilled", json!(false)),
                ("Dead", json!(false)),
                ("Pid", json!(pid)),
                ("ExitCode", json!(0)),
                ("Error", json!("")),
                ("StartedAt", json!(at.rfc3339_nano())),
            ],
        );
        // Manual starts reset the restart manager's count.
        if manual {
            set(doc, &["RestartCount"], json!(0));
        }
        set(
            doc,
            &["ResolvConfPath"],
            json!(format!("{dir}/resolv.conf")),
        );
        set(doc, &["HostnamePath"], json!(format!("{dir}/hostname")));
        set(doc, &["HostsPath"], json!(format!("{dir}/hosts")));
        set(doc, &["LogPath"], json!(format!("{dir}/{id}-json.log")));
        self.links_after_start(idx);
        self.after_start(idx, manual);
        Ok(())
    }

    /// `DELETE /containers/{id}`; `reference` as typed (the error quotes it).
    pub fn remove_container(&mut self, reference: &str, force: bool) -> Result<(), EngineError> {
        let idx = self.container_index(reference)?;
        let c = &self.containers[idx];
        if c.is_running() && !force {
            let what = if c.is_paused() {
                "container is paused and must be unpaused first".to_owned()
            } else if c.is_restarting() {
                "container is restarting: stop the container before removing or force remove"
                    .to_owned()
            } else {
                return Err(EngineError::ContainerRunning(reference.to_owned()));
            };
            return Err(EngineError::Other(format!(
                "cannot remove container \"{reference}\": {what}"
            )));
        }
        if c.is_running() {
            // `rm -f`: SIGKILL first, with its events; no restart follows.
            if let Some(rt) = self.runtime_mut(idx) {
                rt.exit_on_next = true;
                rt.manually_stopped = true;
            }
            if self.containers[idx].is_restarting() {
                set(
                    &mut self.containers[idx].doc,
                    &["State", "Restarting"],
                    json!(false),
                );
                set(
                    &mut self.containers[idx].doc,
                    &["State", "Running"],
                    json!(false),
                );
                set(
                    &mut self.containers[idx].doc,
                    &["State", "Status"],
                    json!("exited"),
                );
            } else {
                self.record_container_event(idx, "kill", &[("signal", "9".to_owned())]);
                self.exit_before_removal(idx, Signal::KILL);
            }
        }
        self.destroy(idx);
        Ok(())
    }

    /// `POST /images/{source}/tag`: `target` now names `source`'s image. The
    /// image it named before keeps its other tags; with none left it is
    /// dangling.
    pub fn tag_image(&mut self, source: &str, target: &str) -> Result<(), EngineError> {
        let idx = self.image_index(source)?;
        let r =
            Reference::parse(target).map_err(|e| EngineError::InvalidReference(e.to_string()))?;
        if r.digest.is_some() {
            return Err(EngineError::Other(
                "refusing to create a tag with a digest reference".to_owned(),
            ));
        }
        let tag = r.with_default_tag().familiar();
        for (i, img) in self.images.iter_mut().enumerate() {
            if i != idx {
                remove_string(&mut img.doc, "RepoTags", &tag);
            }
        }
        let now = self.now;
        let img = &mut self.images[idx];
        push_string(&mut img.doc, "RepoTags", &tag);
        set(
            &mut img.doc,
            &["Metadata", "LastTagTime"],
            json!(now.rfc3339_nano()),
        );
        Ok(())
    }

    /// `DELETE /images/{ref}` as moby's `ImageService.ImageDelete` decides
    /// (graphdriver store): untag by name, delete by ID, with its conflicts.
    pub fn remove_image(
        &mut self,
        reference: &str,
        force: bool,
    ) -> Result<Vec<RemovedImage>, EngineError> {
        let idx = self.image_index(reference)?;
        let image_id = self.images[idx].id().to_owned();
        let short = |s: &str| s.strip_prefix("sha256:").unwrap_or(s)[..12].to_owned();
        let mut records = Vec::new();
        let by_id = image_id.starts_with(reference)
            || image_id
                .strip_prefix("sha256:")
                .is_some_and(|h| h.starts_with(reference));
        let using = self
            .containers
            .iter()
            .find(|c| c.image_id() == image_id)
            .map(|c| c.id().to_owned());
        let running = self
            .containers
            .iter()
            .find(|c| c.image_id() == image_id && c.is_running())
            .map(|c| c.id().to_owned());
        let single_reference = |img: &Image| {
            let tags = img.repo_tags();
            let digests = img.repo_digests();
            match tags.len() {
                0 => digests.len() == 1,
                1 => {
                    let name = tags[0]
                        .rsplit_once(':')
                        .map_or(tags[0].as_str(), |(n, _)| n);
                    digests.iter().all(|d| d.split('@').next() == Some(name))
                }
                _ => false,
            }
        };
        let mut quiet = false;
        if !by_id {
            if !force
                && single_reference(&self.images[idx])
                && let Some(c) = &using
            {
                return Err(EngineError::ImageInUse {
                    reference: reference.to_owned(),
                    container: short(c),
                    image: short(&image_id),
                });
            }
            let r = Reference::parse(reference)
                .map_err(|e| EngineError::InvalidReference(e.to_string()))?
                .with_default_tag();
            let familiar = r.familiar();
            let img = &mut self.images[idx];
            if r.digest.is_some() {
                remove_string(&mut img.doc, "RepoDigests", &familiar);
            } else {
                remove_string(&mut img.doc, "RepoTags", &familiar);
            }
            records.push(RemovedImage::Untagged(familiar));
            if r.digest.is_none() {
                // No tag of that repository left: its digests go too.
                let name = r.familiar_name();
                let same_repo =
                    |s: &str, sep: char| s.rsplit_once(sep).is_some_and(|(n, _)| n == name);
                if !img.repo_tags().iter().any(|t| same_repo(t, ':')) {
                    for d in img.repo_digests() {
                        if same_repo(&d, '@') {
                            remove_string(&mut img.doc, "RepoDigests", &d);
                            records.push(RemovedImage::Untagged(d));
                        }
                    }
                }
            }
            if !img.repo_tags().is_empty() || !img.repo_digests().is_empty() {
                return Ok(records);
            }
            quiet = true;
        } else if single_reference(&self.images[idx]) {
            if let Some(c) = &running {
                return Err(EngineError::ImageInUseByRunning {
                    image: short(&image_id),
                    container: short(c),
                });
            }
            if let (false, Some(c)) = (force, &using) {
                return Err(EngineError::Other(format!(
                    "conflict: unable to delete {} (must be forced) - image is being used by stopped container {}",
                    short(&image_id),
                    short(c)
                )));
            }
            let img = &mut self.images[idx];
            for t in img.repo_tags().into_iter().chain(img.repo_digests()) {
                records.push(RemovedImage::Untagged(t));
            }
            set(&mut img.doc, &["RepoTags"], json!([]));
            set(&mut img.doc, &["RepoDigests"], json!([]));
        }
        // imageDeleteHelper
        let conflict = if self.images.iter().any(|i| i.parent() == image_id) {
            Some((true, false, "image has dependent child images".to_owned()))
        } else if let Some(c) = &running {
            Some((
                true,
                true,
                format!("image is being used by running container {}", short(c)),
            ))
        } else if !force
            && (!self.images[idx].repo_tags().is_empty()
                || !self.images[idx].repo_digests().is_empty())
        {
            Some((
                false,
                false,
                "image is referenced in multiple repositories".to_owned(),
            ))
        } else if let (false, Some(c)) = (force, &using) {
            Some((
                false,
                true,
                format!("image is being used by stopped container {}", short(c)),
            ))
        } else {
            None
        };
        if let Some((hard, used, message)) = conflict {
            let dangling = self.images[idx].repo_tags().is_empty()
                && self.images[idx].repo_digests().is_empty();
            if quiet && (!dangling || used) {
                return Ok(records);
            }
            return Err(EngineError::Other(format!(
                "conflict: unable to delete {} ({}) - {message}",
                short(&image_id),
                if hard {
                    "cannot be forced"
                } else {
                    "must be forced"
                }
            )));
        }
        let img = &self.images[idx];
        for t in img.repo_tags().into_iter().chain(img.repo_digests()) {
            records.push(RemovedImage::Untagged(t));
        }
        // Layers still used by another image, or by a container's
        // read-write layer on top of one, survive.
        let mut kept: Vec<String> = Vec::new();
        for (i, other) in self.images.iter().enumerate() {
            if i != idx {
                kept.extend(chain_ids(other));
            }
        }
        let mine = chain_ids(img);
        if using.is_some() {
            kept.extend(mine.iter().cloned());
        }
        records.push(RemovedImage::Deleted(image_id.clone()));
        for chain in mine.iter().rev() {
            if kept.contains(chain) {
                break;
            }
            records.push(RemovedImage::Deleted(chain.clone()));
        }
        self.images.remove(idx);
        Ok(records)
    }

    /// `POST /images/create`: fetches `reference` from the declared
    /// registry. Undeclared repositories are denied as Docker Hub denies
    /// unknown ones; a missing tag is `manifest unknown`.
    pub fn pull(&mut self, reference: &str) -> Result<PullOutcome, EngineError> {
        let r = Reference::parse(reference)
            .map_err(|e| EngineError::InvalidReference(e.to_string()))?
            .with_default_tag();
        let repo = r.familiar_name();
        if !self.registry.has_repository(&repo) {
            return Err(EngineError::PullAccessDenied(repo));
        }
        // A digest pins the manifest: whichever tag serves it, and the
        // image gets no tag from the pull.
        let pinned = r.digest.clone();
        let tag = pinned
            .clone()
            .or_else(|| r.tag.clone())
            .unwrap_or_else(|| "latest".to_owned());
        let found = match &pinned {
            Some(d) => self
                .registry
                .repositories
                .get(&repo)
                .and_then(|rep| rep.tags.values().find(|t| &t.digest == d).cloned()),
            None => self.registry.lookup(&repo, &tag).cloned(),
        };
        let Some(remote) = found else {
            return Err(EngineError::ManifestUnknown {
                reference: r.familiar(),
            });
        };
        let familiar = r.familiar();
        let image_id = str_at(&remote.doc, &["Id"]).to_owned();
        let repo_digest = format!("{repo}@{}", remote.digest);
        let local_chains: Vec<String> = self.images.iter().flat_map(chain_ids).collect();
        let incoming = Image {
            doc: remote.doc.clone().into(),
        };
        let layers = chain_ids(&incoming)
            .iter()
            .map(|chain| {
                // Real output names compressed blobs; the simulator names
                // each by a digest of its chain ID.
                let short = ids::derive(&["blob", chain])[..12].to_owned();
                if local_chains.contains(chain) {
                    PullEvent::LayerExists(short)
                } else {
                    PullEvent::LayerPulled(short)
                }
            })
            .collect();
        let already = self.images.iter().any(|i| {
            i.id() == image_id
                && if pinned.is_some() {
                    i.repo_digests().contains(&repo_digest)
                } else {
                    i.has_tag(&familiar)
                }
        });
        let now = self.now;
        if !already {
            for img in &mut self.images {
                if img.id() != image_id && pinned.is_none() {
                    remove_string(&mut img.doc, "RepoTags", &familiar);
                }
            }
            if !self.images.iter().any(|i| i.id() == image_id) {
                let mut doc = remote.doc.clone();
                set(&mut doc, &["RepoTags"], json!([]));
                set(&mut doc, &["RepoDigests"], json!([]));
                self.images.push(Image { doc: doc.into() });
            }
        }
        if let Some(img) = self.images.iter_mut().find(|i| i.id() == image_id) {
            if pinned.is_none() {
                push_string(&mut img.doc, "RepoTags", &familiar);
            }
            push_string(&mut img.doc, "RepoDigests", &repo_digest);
            if !already {
                set(
                    &mut img.doc,
                    &["Metadata", "LastTagTime"],
                    json!(now.rfc3339_nano()),
                );
            }
        }
        Ok(PullOutcome {
            tag,
            path: r.path.clone(),
            familiar,
            canonical: match &pinned {
                Some(d) => format!("{}@{d}", r.full_name()),
                None => format!("{}:{}", r.full_name(), r.tag.as_deref().unwrap_or("latest")),
            },
            digest: remote.digest,
            layers,
            downloaded_newer: !already,
            image_id,
        })
    }
}

/// `set(doc, &[object, key], value)` for each field, finding (or making)
/// the object once instead of once per field.
pub(crate) fn set_fields<const N: usize>(doc: &mut Json, object: &str, fields: [(&str, Json); N]) {
    let Some(top) = doc.as_object_mut() else {
        return;
    };
    let target = top
        .entry(object)
        .and_modify(|v| {
            if !v.is_object() {
                *v = Json::Object(serde_json::Map::new());
            }
        })
        .or_insert_with(|| Json::Object(serde_json::Map::new()));
    if let Some(map) = target.as_object_mut() {
        for (k, v) in fields {
            // In place when the key is there (as `insert` would put it),
            // without a new key string to drop.
            match map.get_mut(k) {
                Some(slot) => *slot = v,
                None => {
                    map.insert(k.to_owned(), v);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::set_fields;
    use crate::engine::json::set;

    #[test]
    fn setting_fields_at_once_equals_setting_them_one_by_one() {
        let docs = [
            json!({"Id": "x", "State": {"Status": "created", "Pid": 7}, "Name": "/a"}),
            json!({"Id": "x", "Name": "/a"}),
            json!({"Id": "x", "State": "broken", "Name": "/a"}),
            json!({"Id": "x", "State": null}),
            json!(["not", "an", "object"]),
            json!(null),
        ];
        for doc in docs {
            let fields = [
                ("Status", json!("running")),
                ("Pid", json!(42)),
                ("Error", json!("")),
            ];
            let mut one_by_one = doc.clone();
            for (k, v) in fields.clone() {
                set(&mut one_by_one, &["State", k], v);
            }
            let mut at_once = doc.clone();
            set_fields(&mut at_once, "State", fields);
            assert_eq!(
                serde_json::to_string(&at_once).ok(),
                serde_json::to_string(&one_by_one).ok(),
                "from {doc}"
            );
        }
    }
}

#[cfg(test)]
mod equivalence_tests;
