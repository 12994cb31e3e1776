//! A container: its inspect document plus what inspect does not show.

use serde_json::Value as Json;

use super::json::{at, bool_at, i64_at, str_at, strings_at};
use super::time::Timestamp;

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
/// field order, so inspect output round-trips; the typed accessors read it.
#[derive(Clone, Debug)]
pub struct Container {
    pub doc: Json,
    pub size_rw: Option<i64>,
    pub size_root_fs: Option<i64>,
    pub logs: Vec<LogEntry>,
}

/// `State.Status` values the engine reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
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
    /// The 64-hex ID.
    pub fn id(&self) -> &str {
        str_at(&self.doc, &["Id"])
    }

    /// The name without docker's leading `/`.
    pub fn name(&self) -> &str {
        let name = str_at(&self.doc, &["Name"]);
        name.strip_prefix('/').unwrap_or(name)
    }

    /// The image reference as typed at create (`.Config.Image`).
    pub fn config_image(&self) -> &str {
        str_at(&self.doc, &["Config", "Image"])
    }

    /// The image ID pinned at create (`.Image`, `sha256:<64hex>`).
    pub fn image_id(&self) -> &str {
        str_at(&self.doc, &["Image"])
    }

    pub fn created(&self) -> Timestamp {
        Timestamp::parse(str_at(&self.doc, &["Created"])).unwrap_or_default()
    }

    pub fn status(&self) -> Status {
        Status::parse(str_at(&self.doc, &["State", "Status"])).unwrap_or(Status::Created)
    }

    pub fn state(&self) -> &Json {
        at(&self.doc, &["State"]).unwrap_or(&Json::Null)
    }

    pub fn is_running(&self) -> bool {
        bool_at(&self.doc, &["State", "Running"])
    }

    pub fn is_paused(&self) -> bool {
        bool_at(&self.doc, &["State", "Paused"])
    }

    pub fn is_restarting(&self) -> bool {
        bool_at(&self.doc, &["State", "Restarting"])
    }

    pub fn exit_code(&self) -> i64 {
        i64_at(&self.doc, &["State", "ExitCode"])
    }

    pub fn started_at(&self) -> Option<Timestamp> {
        Timestamp::parse_optional(str_at(&self.doc, &["State", "StartedAt"]))
            .ok()
            .flatten()
    }

    pub fn finished_at(&self) -> Option<Timestamp> {
        Timestamp::parse_optional(str_at(&self.doc, &["State", "FinishedAt"]))
            .ok()
            .flatten()
    }

    /// `.State.Health.Status` when the container has a healthcheck.
    pub fn health(&self) -> Option<&str> {
        at(&self.doc, &["State", "Health", "Status"]).and_then(Json::as_str)
    }

    /// `Path` + `Args`: the command the container runs.
    pub fn command(&self) -> Vec<String> {
        let mut cmd = vec![str_at(&self.doc, &["Path"]).to_owned()];
        cmd.extend(strings_at(&self.doc, &["Args"]));
        cmd
    }

    pub fn labels(&self) -> Vec<(String, String)> {
        object_strings(at(&self.doc, &["Config", "Labels"]))
    }

    pub fn env(&self) -> Vec<String> {
        strings_at(&self.doc, &["Config", "Env"])
    }

    pub fn restart_policy(&self) -> &str {
        str_at(&self.doc, &["HostConfig", "RestartPolicy", "Name"])
    }

    /// Published ports from `.NetworkSettings.Ports` as (container port/proto,
    /// host ip, host port); only ports with a binding.
    pub fn published_ports(&self) -> Vec<PortBinding> {
        let mut out = Vec::new();
        if let Some(ports) = at(&self.doc, &["NetworkSettings", "Ports"]).and_then(Json::as_object)
        {
            for (port, bindings) in ports {
                for b in bindings.as_array().into_iter().flatten() {
                    out.push(PortBinding {
                        container_port: port.clone(),
                        host_ip: str_at(b, &["HostIp"]).to_owned(),
                        host_port: str_at(b, &["HostPort"]).to_owned(),
                    });
                }
            }
        }
        out
    }

    /// Every container port in `.NetworkSettings.Ports`, bound or not.
    pub fn port_keys(&self) -> Vec<String> {
        at(&self.doc, &["NetworkSettings", "Ports"])
            .and_then(Json::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Names of the networks the container is attached to.
    pub fn network_names(&self) -> Vec<String> {
        at(&self.doc, &["NetworkSettings", "Networks"])
            .and_then(Json::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
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
