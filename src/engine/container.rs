//! A container: its inspect document plus what inspect does not show.

use serde_json::Value as Json;

use super::doc::Doc;
use super::json::at;
use super::logs::Logs;
use super::time::Timestamp;
use super::view::{ContainerView, MountRef};

/// One line the container's process wrote, as `docker logs` reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    pub time: Timestamp,
    pub stream: Stream,
    /// The line as written, including its trailing newline if it had one.
    pub line: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// A container as the engine holds it.
///
/// `doc` is exactly what `GET /containers/{id}/json` answers, in the daemon's
/// field order, so inspect output round-trips; the typed accessors read its
/// cached view, so they stay cheap for documents still held as text.
#[derive(Clone, Debug)]
pub struct Container {
    pub doc: Doc<ContainerView>,
    pub size_rw: Option<i64>,
    pub size_root_fs: Option<i64>,
    /// Converted from the imported text on first use (see `logs.rs`).
    pub logs: Logs,
}

/// `State.Status` values the engine reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Status {
    #[default]
    Created,
    Running,
    Paused,
    Restarting,
    Removing,
    Exited,
    Dead,
}

impl Status {
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "created" => Status::Created,
            "running" => Status::Running,
            "paused" => Status::Paused,
            "restarting" => Status::Restarting,
            "removing" => Status::Removing,
            "exited" => Status::Exited,
            "dead" => Status::Dead,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Created => "created",
            Status::Running => "running",
            Status::Paused => "paused",
            Status::Restarting => "restarting",
            Status::Removing => "removing",
            Status::Exited => "exited",
            Status::Dead => "dead",
        }
    }
}

impl Container {
    fn view(&self) -> &ContainerView {
        self.doc.view()
    }

    /// The 64-hex ID.
    pub fn id(&self) -> &str {
        self.view().id()
    }

    /// The name without docker's leading `/`.
    pub fn name(&self) -> &str {
        let name = self.view().name();
        name.strip_prefix('/').unwrap_or(name)
    }

    /// The image reference as typed at create (`.Config.Image`).
    pub fn config_image(&self) -> &str {
        self.view().config_image()
    }

    /// The image ID pinned at create (`.Image`, `sha256:<64hex>`).
    pub fn image_id(&self) -> &str {
        self.view().image_id()
    }

    pub fn created(&self) -> Timestamp {
        self.view().created
    }

    pub fn status(&self) -> Status {
        self.view().status
    }

    pub fn state(&self) -> &Json {
        at(&self.doc, &["State"]).unwrap_or(&Json::Null)
    }

    pub fn is_running(&self) -> bool {
        self.view().running
    }

    pub fn is_paused(&self) -> bool {
        self.view().paused
    }

    pub fn is_restarting(&self) -> bool {
        self.view().restarting
    }

    /// `.State.Dead`
    pub fn is_dead(&self) -> bool {
        self.view().dead
    }

    /// `Path`, and `Args` (its strings).
    pub fn path_and_args(&self) -> (&str, impl ExactSizeIterator<Item = &str> + Clone + '_) {
        let view = self.view();
        (view.path(), view.args())
    }

    /// `.NetworkSettings.Ports`: each container port with its bindings as
    /// (host IP, host port), in document order.
    pub fn port_bindings(
        &self,
    ) -> impl ExactSizeIterator<
        Item = (
            &str,
            impl ExactSizeIterator<Item = (&str, &str)> + Clone + '_,
        ),
    > + Clone
    + '_ {
        self.view().ports()
    }

    pub fn exit_code(&self) -> i64 {
        self.view().exit_code
    }

    pub fn started_at(&self) -> Option<Timestamp> {
        self.view().started_at
    }

    pub fn finished_at(&self) -> Option<Timestamp> {
        self.view().finished_at
    }

    /// `.State.Health.Status` when the container has a healthcheck.
    pub fn health(&self) -> Option<&str> {
        self.view().health()
    }

    /// `Path` + `Args`: the command the container runs.
    pub fn command(&self) -> Vec<String> {
        let view = self.view();
        let args = view.args();
        let mut cmd = Vec::with_capacity(1 + args.len());
        cmd.push(view.path().to_owned());
        cmd.extend(args.map(str::to_owned));
        cmd
    }

    pub fn labels(&self) -> Vec<(String, String)> {
        self.view()
            .labels()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    /// The labels in document order, borrowed.
    pub fn labels_iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + Clone + '_ {
        self.view().labels()
    }

    /// The value of label `key`, without copying the others.
    pub fn label(&self, key: &str) -> Option<&str> {
        self.view()
            .labels()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
    }

    pub fn env(&self) -> Vec<String> {
        self.view().env().map(str::to_owned).collect()
    }

    pub fn restart_policy(&self) -> &str {
        self.view().restart_policy()
    }

    /// Published ports from `.NetworkSettings.Ports` as (container port/proto,
    /// host ip, host port); only ports with a binding.
    pub fn published_ports(&self) -> Vec<PortBinding> {
        self.view()
            .ports()
            .flat_map(|(port, bindings)| {
                bindings.map(move |(ip, host_port)| PortBinding {
                    container_port: port.to_owned(),
                    host_ip: ip.to_owned(),
                    host_port: host_port.to_owned(),
                })
            })
            .collect()
    }

    /// Every container port in `.NetworkSettings.Ports`, bound or not.
    pub fn port_keys(&self) -> Vec<String> {
        self.view().ports().map(|(k, _)| k.to_owned()).collect()
    }

    /// Names of the networks the container is attached to.
    pub fn network_names(&self) -> Vec<String> {
        self.view().network_keys().map(str::to_owned).collect()
    }

    /// `.NetworkSettings.Networks` as (name, network ID), for the networks
    /// whose settings are an object; `None` when `.NetworkSettings` is not
    /// an object.
    pub fn network_ids(&self) -> Option<impl ExactSizeIterator<Item = (&str, &str)> + Clone + '_> {
        let view = self.view();
        view.has_network_settings.then(|| view.networks())
    }

    /// What `ps` reads of `.Mounts`.
    pub fn mount_views(&self) -> impl ExactSizeIterator<Item = MountRef<'_>> + Clone + '_ {
        self.view().mounts()
    }

    pub fn mounts(&self) -> &[Json] {
        at(&self.doc, &["Mounts"])
            .and_then(Json::as_array)
            .map_or(&[], Vec::as_slice)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortBinding {
    /// `8080/tcp`
    pub container_port: String,
    pub host_ip: String,
    pub host_port: String,
}

pub(crate) fn object_strings(v: Option<&Json>) -> Vec<(String, String)> {
    v.and_then(Json::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_owned()))
                .collect()
        })
        .unwrap_or_default()
}
