//! Volumes: create, remove, prune, and the mounts a new container gets.
//! A volume's data is a set of declared files, so that losing it (rm -v,
//! prune, a new anonymous volume) is observable.

use std::collections::BTreeMap;

use serde_json::{Value as Json, json};

use super::error::EngineError;
use super::json::{at, str_at};
use super::mounts::{MountKind, MountSpec, valid_volume_name};
use super::world::World;

/// The label the daemon puts on volumes it names itself.
pub const ANONYMOUS_LABEL: &str = "com.docker.volume.anonymous";

/// How a volume came to be: its `Labels`/`Options` differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VolumeOrigin {
    /// `docker volume create` (labels and options are maps, maybe empty).
    Explicit,
    /// A named `-v name:/path` or `--mount` of a missing volume.
    Implicit,
    /// Named by the daemon for `-v /path`, `--mount` without source or an
    /// image `VOLUME`.
    Anonymous,
}

pub fn mountpoint(name: &str) -> String {
    format!("/var/lib/docker/volumes/{name}/_data")
}

/// A volume's inspect document, in moby's `volume.Volume` field order.
pub fn volume_doc(
    name: &str,
    created: &str,
    origin: VolumeOrigin,
    labels: &[(String, String)],
) -> Json {
    let mut sorted = labels.to_vec();
    sorted.sort();
    let label_map: serde_json::Map<String, Json> =
        sorted.into_iter().map(|(k, v)| (k, json!(v))).collect();
    let (labels, options) = match origin {
        VolumeOrigin::Explicit => (Json::Object(label_map), json!({})),
        VolumeOrigin::Implicit if label_map.is_empty() => (Json::Null, Json::Null),
        VolumeOrigin::Implicit => (Json::Object(label_map), Json::Null),
        VolumeOrigin::Anonymous => (json!({ ANONYMOUS_LABEL: "" }), Json::Null),
    };
    json!({
        "CreatedAt": created,
        "Driver": "local",
        "Labels": labels,
        "Mountpoint": mountpoint(name),
        "Name": name,
        "Options": options,
        "Scope": "local"
    })
}

impl World {
    fn volume_created_at(&self) -> String {
        self.now.rfc3339()
    }

    /// `POST /volumes/create`. An existing name is returned as is.
    pub fn create_volume(
        &mut self,
        name: Option<&str>,
        origin: VolumeOrigin,
        labels: &[(String, String)],
    ) -> Result<String, EngineError> {
        let name = match name.filter(|n| !n.is_empty()) {
            Some(n) => {
                if !valid_volume_name(n) {
                    return Err(EngineError::Other(format!(
                        "create {n}: \"{n}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path"
                    )));
                }
                n.to_owned()
            }
            None => self.next_id("volume", ""),
        };
        if self.volume(&name).is_some() {
            return Ok(name);
        }
        let doc = volume_doc(&name, &self.volume_created_at(), origin, labels);
        self.volumes.push(doc);
        Ok(name)
    }

    /// IDs of the containers (any state) that mount volume `name`.
    pub fn volume_users(&self, name: &str) -> Vec<String> {
        self.containers
            .iter()
            .filter(|c| {
                c.mounts()
                    .iter()
                    .any(|m| str_at(m, &["Type"]) == "volume" && str_at(m, &["Name"]) == name)
            })
            .map(|c| c.id().to_owned())
            .collect()
    }

    /// `DELETE /volumes/{name}`; `force` ignores a missing volume only
    /// (the daemon never removes a volume in use).
    pub fn remove_volume(&mut self, name: &str, force: bool) -> Result<(), EngineError> {
        let Some(pos) = self
            .volumes
            .iter()
            .position(|v| str_at(v, &["Name"]) == name)
        else {
            if force {
                return Ok(());
            }
            return Err(EngineError::Other(format!("get {name}: no such volume")));
        };
        let users = self.volume_users(name);
        if !users.is_empty() {
            return Err(EngineError::Other(format!(
                "remove {name}: volume is in use - [{}]",
                users.join(", ")
            )));
        }
        self.volumes.remove(pos);
        self.volume_files.remove(name);
        Ok(())
    }

    pub fn volume_is_anonymous(&self, name: &str) -> bool {
        self.volume(name)
            .and_then(|v| at(v, &["Labels", ANONYMOUS_LABEL]))
            .is_some()
    }

    /// Bytes of data in a volume: its declared files.
    pub fn volume_size(&self, name: &str) -> i64 {
        self.volume_files.get(name).map_or(0, |files| {
            files
                .values()
                .map(|f| i64::try_from(f.len()).unwrap_or(i64::MAX))
                .sum()
        })
    }

    /// `POST /volumes/prune`: unused volumes, anonymous ones only unless
    /// `all`. Returns the names removed (in list order) and bytes freed.
    pub fn prune_volumes(&mut self, all: bool) -> (Vec<String>, i64) {
        let names: Vec<String> = self
            .volumes
            .iter()
            .map(|v| str_at(v, &["Name"]).to_owned())
            .collect();
        let mut removed = Vec::new();
        let mut bytes = 0;
        for name in names {
            if !all && !self.volume_is_anonymous(&name) {
                continue;
            }
            if !self.volume_users(&name).is_empty() {
                continue;
            }
            bytes += self.volume_size(&name);
            if self.remove_volume(&name, false).is_ok() {
                removed.push(name);
            }
        }
        (removed, bytes)
    }

    /// The anonymous volumes container `idx` mounts (for `rm -v`).
    pub fn anonymous_volumes_of(&self, idx: usize) -> Vec<String> {
        let Some(c) = self.containers.get(idx) else {
            return Vec::new();
        };
        c.mounts()
            .iter()
            .filter(|m| str_at(m, &["Type"]) == "volume")
            .map(|m| str_at(m, &["Name"]).to_owned())
            .filter(|n| self.volume_is_anonymous(n))
            .collect()
    }

    /// Creates the volumes a new container needs and returns its
    /// `Mounts` (sorted by destination) for the inspect document.
    /// Image `VOLUME`s not covered by a requested mount become anonymous
    /// volumes, as the daemon makes them.
    pub fn prepare_mounts(
        &mut self,
        requested: &[MountSpec],
        image_volumes: &[String],
    ) -> Result<Vec<Json>, EngineError> {
        for m in requested {
            let host = &self.host;
            super::mounts::validate(m, |p| host.exists(p)).map_err(EngineError::Other)?;
        }
        let mut all: Vec<MountSpec> = requested.to_vec();
        for target in image_volumes {
            if !all.iter().any(|m| &m.target == target) {
                all.push(MountSpec {
                    kind: MountKind::Volume,
                    source: String::new(),
                    target: target.clone(),
                    read_only: false,
                    bind_text: None,
                    from_mount_flag: false,
                });
            }
        }
        let mut by_target: BTreeMap<String, Json> = BTreeMap::new();
        for m in all {
            if by_target.contains_key(&m.target) {
                return Err(EngineError::Other(format!(
                    "Duplicate mount point: {}",
                    m.target
                )));
            }
            let entry = match m.kind {
                MountKind::Volume => {
                    let origin = if m.source.is_empty() {
                        VolumeOrigin::Anonymous
                    } else {
                        VolumeOrigin::Implicit
                    };
                    let name = self.create_volume(Some(&m.source), origin, &[])?;
                    let mode = if m.from_mount_flag || !m.source.is_empty() {
                        "z"
                    } else {
                        ""
                    };
                    json!({
                        "Type": "volume",
                        "Name": name,
                        "Source": mountpoint(&name),
                        "Destination": m.target,
                        "Driver": "local",
                        "Mode": mode,
                        "RW": !m.read_only,
                        "Propagation": ""
                    })
                }
                MountKind::Bind => json!({
                    "Type": "bind",
                    "Source": self.host.absolute(&m.source),
                    "Destination": m.target,
                    "Mode": if m.read_only && !m.from_mount_flag { "ro" } else { "" },
                    "RW": !m.read_only,
                    "Propagation": "rprivate"
                }),
                MountKind::Tmpfs => json!({
                    "Type": "tmpfs",
                    "Source": "",
                    "Destination": m.target,
                    "Mode": "",
                    "RW": !m.read_only,
                    "Propagation": ""
                }),
            };
            by_target.insert(m.target.clone(), entry);
        }
        Ok(by_target.into_values().collect())
    }

    /// Writes a file at `path` inside container `idx`, into the volume
    /// mounted there. `Err` when no volume covers `path`.
    pub fn write_container_file(
        &mut self,
        idx: usize,
        path: &str,
        content: &str,
    ) -> Result<(), String> {
        let c = self.containers.get(idx).ok_or("no such container")?;
        let mut best: Option<(String, String)> = None;
        for m in c.mounts() {
            let dest = str_at(m, &["Destination"]);
            let inside = path.starts_with(&format!("{dest}/"));
            if inside
                && str_at(m, &["Type"]) == "volume"
                && best.as_ref().is_none_or(|(d, _)| d.len() < dest.len())
            {
                best = Some((dest.to_owned(), str_at(m, &["Name"]).to_owned()));
            }
        }
        let (dest, name) =
            best.ok_or_else(|| format!("no volume is mounted over {path} in {}", c.name()))?;
        let rel = path[dest.len()..].trim_start_matches('/').to_owned();
        self.volume_files
            .entry(name)
            .or_default()
            .insert(rel, content.to_owned());
        Ok(())
    }

    /// Every file a process in container `idx` sees: its declared files
    /// outside its mounts, then what each mount holds (volume files, bound
    /// host files), by absolute path.
    pub fn container_files(&self, idx: usize) -> Vec<(String, String)> {
        let Some(c) = self.containers.get(idx) else {
            return Vec::new();
        };
        let dests: Vec<String> = c
            .mounts()
            .iter()
            .map(|m| str_at(m, &["Destination"]).to_owned())
            .collect();
        let under = |path: &str, dest: &str| path == dest || path.starts_with(&format!("{dest}/"));
        let mut out: Vec<(String, String)> = self
            .behavior(idx)
            .files
            .into_iter()
            .filter(|(p, _)| !dests.iter().any(|d| under(p, d)))
            .collect();
        for m in c.mounts() {
            let dest = str_at(m, &["Destination"]).trim_end_matches('/');
            match str_at(m, &["Type"]) {
                "volume" => {
                    if let Some(files) = self.volume_files.get(str_at(m, &["Name"])) {
                        for (rel, content) in files {
                            out.push((format!("{dest}/{rel}"), content.clone()));
                        }
                    }
                }
                "bind" => {
                    let src = str_at(m, &["Source"]);
                    if let Some(content) = self.host.files.get(src) {
                        out.push((dest.to_owned(), content.clone()));
                    }
                    for (rel, content) in self.host.under(src) {
                        out.push((format!("{dest}/{rel}"), content.to_owned()));
                    }
                }
                _ => {}
            }
        }
        out.sort();
        out.dedup_by(|a, b| a.0 == b.0);
        out
    }

    /// What a process in container `idx` reads at `path`: through its
    /// mounts (volume files, bind-mounted host files), else nothing.
    pub fn read_container_file(&self, idx: usize, path: &str) -> Option<String> {
        let c = self.containers.get(idx)?;
        // The longest destination that contains `path` wins, as in a
        // mount table.
        let mut best: Option<&Json> = None;
        for m in c.mounts() {
            let dest = str_at(m, &["Destination"]);
            let inside = path == dest || path.starts_with(&format!("{dest}/"));
            if inside && best.is_none_or(|b| str_at(b, &["Destination"]).len() < dest.len()) {
                best = Some(m);
            }
        }
        let m = best?;
        let rel = path[str_at(m, &["Destination"]).len()..].trim_start_matches('/');
        match str_at(m, &["Type"]) {
            "volume" => self
                .volume_files
                .get(str_at(m, &["Name"]))?
                .get(rel)
                .cloned(),
            "bind" => {
                let src = str_at(m, &["Source"]);
                let full = if rel.is_empty() {
                    src.to_owned()
                } else {
                    format!("{src}/{rel}")
                };
                self.host.read(&full).map(str::to_owned)
            }
            _ => None,
        }
    }
}
