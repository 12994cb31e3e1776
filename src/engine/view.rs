//! The typed fields of container and image documents the engine reads all
//! the time (every `ps` row, every name lookup), read from the JSON text
//! without building a tree when the document is still text (see `doc.rs`).
//!
//! Each view has two readers that must agree: `from_tree`, over a
//! `serde_json::Value` with the engine's lenient accessors (a missing or
//! mistyped field reads as empty), and `from_text`, a typed serde reader that
//! gives up (`None`) on any field of an unexpected type, so that the lenient
//! reader decides every case the typed one is unsure of. A differential test
//! holds them to the same result on every world the project ships.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value as Json;

use super::container::Status;
use super::doc::View;
use super::json::{at, bool_at, i64_at, str_at, strings_at};
use super::time::Timestamp;

/// What the engine reads of a container document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContainerView {
    pub id: String,
    /// As the daemon stores it, with the leading `/`.
    pub name: String,
    pub image_id: String,
    pub config_image: String,
    pub created: Timestamp,
    pub status: Status,
    pub running: bool,
    pub paused: bool,
    pub restarting: bool,
    pub dead: bool,
    pub exit_code: i64,
    pub started_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
    pub health: Option<String>,
    pub path: String,
    pub args: Vec<String>,
    pub labels: Vec<(String, String)>,
    pub env: Vec<String>,
    pub restart_policy: String,
    /// `.NetworkSettings.Ports`: every container port, with its bindings
    /// as (host IP, host port).
    pub ports: Vec<(String, Vec<(String, String)>)>,
    /// `.NetworkSettings` is an object (`ps` shows no networks otherwise).
    pub has_network_settings: bool,
    /// Every key of `.NetworkSettings.Networks`.
    pub network_keys: Vec<String>,
    /// The networks whose settings are an object, with their `NetworkID`.
    pub networks: Vec<(String, String)>,
    pub mounts: Vec<MountView>,
}

/// What `ps` reads of a mount.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MountView {
    pub name: String,
    pub source: String,
    pub destination: String,
    pub driver: String,
}

/// What an imported container document carries besides the daemon's
/// answer (`IMPORT_EXTRAS`), as JSON values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportedExtras {
    pub size_rw: Option<Json>,
    pub size_root_fs: Option<Json>,
    pub logs: Option<Json>,
}

impl ContainerView {
    /// The view and the import extras of an imported document, in one pass
    /// over its text when the typed reader takes it.
    pub fn read_imported(text: &str) -> (ContainerView, ImportedExtras) {
        if let Some(read) = Self::typed(text) {
            return read;
        }
        let mut tree: Json = serde_json::from_str(text).unwrap_or(Json::Null);
        // `null` counts as absent, as serde reads an `Option` on the typed path.
        let present = |key: &str| tree.get(key).filter(|v| !v.is_null()).cloned();
        let extras = ImportedExtras {
            size_rw: present("_SizeRw"),
            size_root_fs: present("_SizeRootFs"),
            logs: present("_logs"),
        };
        Self::strip_extras(&mut tree);
        (Self::from_tree(&tree), extras)
    }

    fn typed(text: &str) -> Option<(ContainerView, ImportedExtras)> {
        let Obj(raw): Obj<RawContainer> = serde_json::from_str(text).ok()?;
        let extras = ImportedExtras {
            size_rw: raw.size_rw.clone(),
            size_root_fs: raw.size_root_fs.clone(),
            logs: raw.logs.clone(),
        };
        Some((Self::from_raw(raw), extras))
    }

    fn from_raw(raw: RawContainer) -> ContainerView {
        let state = raw.state.map(Obj::into_inner).unwrap_or_default();
        let config = raw.config.map(Obj::into_inner).unwrap_or_default();
        let settings = raw.network_settings.map(Obj::into_inner);
        let has_network_settings = settings.is_some();
        let settings = settings.unwrap_or_default();
        let networks = settings.networks.map(|m| m.0).unwrap_or_default();
        ContainerView {
            created: Timestamp::parse(raw.created.as_deref().unwrap_or("")).unwrap_or_default(),
            id: raw.id.unwrap_or_default(),
            name: raw.name.unwrap_or_default(),
            image_id: raw.image.unwrap_or_default(),
            config_image: config.image.unwrap_or_default(),
            status: Status::parse(state.status.as_deref().unwrap_or("")).unwrap_or(Status::Created),
            running: state.running.unwrap_or(false),
            paused: state.paused.unwrap_or(false),
            restarting: state.restarting.unwrap_or(false),
            dead: state.dead.unwrap_or(false),
            exit_code: state.exit_code.unwrap_or(0),
            started_at: optional_time(state.started_at.as_deref()),
            finished_at: optional_time(state.finished_at.as_deref()),
            health: state.health.and_then(|h| h.0.status),
            path: raw.path.unwrap_or_default(),
            args: raw.args.unwrap_or_default(),
            labels: config
                .labels
                .map(|m| {
                    m.0.into_iter()
                        .map(|(k, v)| (k, v.unwrap_or_default()))
                        .collect()
                })
                .unwrap_or_default(),
            env: config.env.unwrap_or_default(),
            restart_policy: raw
                .host_config
                .and_then(|h| h.0.restart_policy)
                .and_then(|p| p.0.name)
                .unwrap_or_default(),
            ports: settings
                .ports
                .map(|m| {
                    m.0.into_iter()
                        .map(|(port, bindings)| {
                            let bindings = bindings
                                .unwrap_or_default()
                                .into_iter()
                                .map(|Obj(b)| {
                                    (
                                        b.host_ip.unwrap_or_default(),
                                        b.host_port.unwrap_or_default(),
                                    )
                                })
                                .collect();
                            (port, bindings)
                        })
                        .collect()
                })
                .unwrap_or_default(),
            has_network_settings,
            network_keys: networks.iter().map(|(k, _)| k.clone()).collect(),
            networks: networks
                .into_iter()
                .filter_map(|(k, v)| v.map(|Obj(v)| (k, v.network_id.unwrap_or_default())))
                .collect(),
            mounts: raw
                .mounts
                .unwrap_or_default()
                .into_iter()
                .map(|Obj(m)| MountView {
                    name: m.name.unwrap_or_default(),
                    source: m.source.unwrap_or_default(),
                    destination: m.destination.unwrap_or_default(),
                    driver: m.driver.unwrap_or_default(),
                })
                .collect(),
        }
    }
}

impl View for ContainerView {
    fn from_text(text: &str) -> Option<Self> {
        Self::typed(text).map(|(view, _)| view)
    }

    fn from_tree(doc: &Json) -> Self {
        let ports = at(doc, &["NetworkSettings", "Ports"])
            .and_then(Json::as_object)
            .map(|m| {
                m.iter()
                    .map(|(port, bindings)| {
                        let bindings = bindings
                            .as_array()
                            .into_iter()
                            .flatten()
                            .map(|b| {
                                (
                                    str_at(b, &["HostIp"]).to_owned(),
                                    str_at(b, &["HostPort"]).to_owned(),
                                )
                            })
                            .collect();
                        (port.clone(), bindings)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let networks = at(doc, &["NetworkSettings", "Networks"]).and_then(Json::as_object);
        ContainerView {
            id: str_at(doc, &["Id"]).to_owned(),
            name: str_at(doc, &["Name"]).to_owned(),
            image_id: str_at(doc, &["Image"]).to_owned(),
            config_image: str_at(doc, &["Config", "Image"]).to_owned(),
            created: Timestamp::parse(str_at(doc, &["Created"])).unwrap_or_default(),
            status: Status::parse(str_at(doc, &["State", "Status"])).unwrap_or(Status::Created),
            running: bool_at(doc, &["State", "Running"]),
            paused: bool_at(doc, &["State", "Paused"]),
            restarting: bool_at(doc, &["State", "Restarting"]),
            dead: bool_at(doc, &["State", "Dead"]),
            exit_code: i64_at(doc, &["State", "ExitCode"]),
            started_at: optional_time(Some(str_at(doc, &["State", "StartedAt"]))),
            finished_at: optional_time(Some(str_at(doc, &["State", "FinishedAt"]))),
            health: at(doc, &["State", "Health", "Status"])
                .and_then(Json::as_str)
                .map(str::to_owned),
            path: str_at(doc, &["Path"]).to_owned(),
            args: strings_at(doc, &["Args"]),
            labels: super::container::object_strings(at(doc, &["Config", "Labels"])),
            env: strings_at(doc, &["Config", "Env"]),
            restart_policy: str_at(doc, &["HostConfig", "RestartPolicy", "Name"]).to_owned(),
            ports,
            has_network_settings: at(doc, &["NetworkSettings"]).is_some_and(Json::is_object),
            network_keys: networks
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default(),
            networks: networks
                .map(|m| {
                    m.iter()
                        .filter(|(_, v)| v.is_object())
                        .map(|(k, v)| (k.clone(), str_at(v, &["NetworkID"]).to_owned()))
                        .collect()
                })
                .unwrap_or_default(),
            mounts: at(doc, &["Mounts"])
                .and_then(Json::as_array)
                .map(|items| {
                    items
                        .iter()
                        .map(|m| MountView {
                            name: str_at(m, &["Name"]).to_owned(),
                            source: str_at(m, &["Source"]).to_owned(),
                            destination: str_at(m, &["Destination"]).to_owned(),
                            driver: str_at(m, &["Driver"]).to_owned(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    fn strip_extras(doc: &mut Json) {
        if let Some(map) = doc.as_object_mut() {
            for key in IMPORT_EXTRAS {
                map.shift_remove(*key);
            }
        }
    }
}

/// Keys an imported container may carry besides the daemon's answer.
pub const IMPORT_EXTRAS: &[&str] = &["_SizeRw", "_SizeRootFs", "_logs"];

/// What the engine reads of an image document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImageView {
    pub id: String,
    pub repo_tags: Vec<String>,
    pub repo_digests: Vec<String>,
    pub created: Timestamp,
    pub size: i64,
    pub parent: String,
}

impl View for ImageView {
    fn from_text(text: &str) -> Option<Self> {
        let Obj(raw): Obj<RawImage> = serde_json::from_str(text).ok()?;
        Some(ImageView {
            id: raw.id.unwrap_or_default(),
            repo_tags: raw.repo_tags.unwrap_or_default(),
            repo_digests: raw.repo_digests.unwrap_or_default(),
            created: Timestamp::parse(raw.created.as_deref().unwrap_or("")).unwrap_or_default(),
            size: raw.size.unwrap_or(0),
            parent: raw.parent.unwrap_or_default(),
        })
    }

    fn from_tree(doc: &Json) -> Self {
        ImageView {
            id: str_at(doc, &["Id"]).to_owned(),
            repo_tags: strings_at(doc, &["RepoTags"]),
            repo_digests: strings_at(doc, &["RepoDigests"]),
            created: Timestamp::parse(str_at(doc, &["Created"])).unwrap_or_default(),
            size: i64_at(doc, &["Size"]),
            parent: str_at(doc, &["Parent"]).to_owned(),
        }
    }
}

fn optional_time(text: Option<&str>) -> Option<Timestamp> {
    Timestamp::parse_optional(text.unwrap_or("")).ok().flatten()
}

#[derive(Deserialize)]
struct RawContainer {
    #[serde(rename = "Id")]
    id: Option<String>,
    #[serde(rename = "Name")]
    name: Option<String>,
    #[serde(rename = "Image")]
    image: Option<String>,
    #[serde(rename = "Created")]
    created: Option<String>,
    #[serde(rename = "Path")]
    path: Option<String>,
    #[serde(rename = "Args")]
    args: Option<Vec<String>>,
    #[serde(rename = "State")]
    state: Option<Obj<RawState>>,
    #[serde(rename = "Config")]
    config: Option<Obj<RawConfig>>,
    #[serde(rename = "HostConfig")]
    host_config: Option<Obj<RawHostConfig>>,
    #[serde(rename = "NetworkSettings")]
    network_settings: Option<Obj<RawNetworkSettings>>,
    #[serde(rename = "Mounts")]
    mounts: Option<Vec<Obj<RawMount>>>,
    #[serde(rename = "_SizeRw")]
    size_rw: Option<Json>,
    #[serde(rename = "_SizeRootFs")]
    size_root_fs: Option<Json>,
    #[serde(rename = "_logs")]
    logs: Option<Json>,
}

#[derive(Default, Deserialize)]
struct RawState {
    #[serde(rename = "Status")]
    status: Option<String>,
    #[serde(rename = "Running")]
    running: Option<bool>,
    #[serde(rename = "Paused")]
    paused: Option<bool>,
    #[serde(rename = "Restarting")]
    restarting: Option<bool>,
    #[serde(rename = "Dead")]
    dead: Option<bool>,
    #[serde(rename = "ExitCode")]
    exit_code: Option<i64>,
    #[serde(rename = "StartedAt")]
    started_at: Option<String>,
    #[serde(rename = "FinishedAt")]
    finished_at: Option<String>,
    #[serde(rename = "Health")]
    health: Option<Obj<RawHealth>>,
}

#[derive(Deserialize)]
struct RawHealth {
    #[serde(rename = "Status")]
    status: Option<String>,
}

#[derive(Default, Deserialize)]
struct RawConfig {
    #[serde(rename = "Image")]
    image: Option<String>,
    #[serde(rename = "Labels")]
    labels: Option<Ordered<Option<String>>>,
    #[serde(rename = "Env")]
    env: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct RawHostConfig {
    #[serde(rename = "RestartPolicy")]
    restart_policy: Option<Obj<RawRestartPolicy>>,
}

#[derive(Deserialize)]
struct RawRestartPolicy {
    #[serde(rename = "Name")]
    name: Option<String>,
}

#[derive(Default, Deserialize)]
struct RawNetworkSettings {
    #[serde(rename = "Ports")]
    ports: Option<Ordered<Option<Vec<Obj<RawBinding>>>>>,
    #[serde(rename = "Networks")]
    networks: Option<Ordered<Option<Obj<RawEndpoint>>>>,
}

#[derive(Deserialize)]
struct RawBinding {
    #[serde(rename = "HostIp")]
    host_ip: Option<String>,
    #[serde(rename = "HostPort")]
    host_port: Option<String>,
}

#[derive(Deserialize)]
struct RawEndpoint {
    #[serde(rename = "NetworkID")]
    network_id: Option<String>,
}

#[derive(Deserialize)]
struct RawMount {
    #[serde(rename = "Name")]
    name: Option<String>,
    #[serde(rename = "Source")]
    source: Option<String>,
    #[serde(rename = "Destination")]
    destination: Option<String>,
    #[serde(rename = "Driver")]
    driver: Option<String>,
}

#[derive(Deserialize)]
struct RawImage {
    #[serde(rename = "Id")]
    id: Option<String>,
    #[serde(rename = "RepoTags")]
    repo_tags: Option<Vec<String>>,
    #[serde(rename = "RepoDigests")]
    repo_digests: Option<Vec<String>>,
    #[serde(rename = "Created")]
    created: Option<String>,
    #[serde(rename = "Size")]
    size: Option<i64>,
    #[serde(rename = "Parent")]
    parent: Option<String>,
}

/// A JSON object as its entries in document order. A repeated key keeps its
/// first position and its last value, as `serde_json`'s ordered map does.
struct Ordered<V>(Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<V>(PhantomData<V>);

        impl<'de, V: Deserialize<'de>> Visitor<'de> for OrderedVisitor<V> {
            type Value = Ordered<V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered<V>, A::Error> {
                let mut entries: Vec<(String, V)> = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, V>()? {
                    match entries.iter_mut().find(|(k, _)| *k == key) {
                        Some(slot) => slot.1 = value,
                        None => entries.push((key, value)),
                    }
                }
                Ok(Ordered(entries))
            }
        }

        deserializer.deserialize_map(OrderedVisitor(PhantomData))
    }
}

/// A struct read only from a JSON object: serde's derived readers also take
/// an array of the fields in order, which the lenient reader does not.
struct Obj<T>(T);

impl<T> Obj<T> {
    fn into_inner(self) -> T {
        self.0
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjVisitor<T> {
            type Value = Obj<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Obj<T>, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(Obj)
            }
        }

        deserializer.deserialize_map(ObjVisitor(PhantomData))
    }
}
