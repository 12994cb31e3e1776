//! The typed fields of container and image documents the engine reads all
//! the time (every `ps` row, every name lookup), read from the JSON text
//! without building a tree when the document is still text (see `doc.rs`).
//!
//! Each view has two readers that must agree: `from_tree`, over a
//! `serde_json::Value` with the engine's lenient accessors (a missing or
//! mistyped field reads as empty), and `from_text`, a typed reader over the
//! JSON scanner (`scan.rs`) that reads the fields as serde's derived
//! readers of `Option` fields would, and gives up (`None`) on any field of
//! an unexpected type or given twice, so that the lenient reader decides
//! every case the typed one is unsure of. A differential test
//! (`tests/lazy_documents.rs`) holds them to the same result on every world
//! the project ships and on thousands of variants.

use serde_json::Value as Json;

use super::container::Status;
use super::doc::View;
use super::json::{at, bool_at, i64_at, str_at, strings_at};
use super::scan::{Refused, Scanned, Scanner};
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
        let mut scanner = Scanner::new(text);
        match Self::scan_document(&mut scanner) {
            Some(read) => read,
            None => Self::read_lenient(text),
        }
    }

    /// What the typed reader reads of a whole document, `None` if it gave
    /// up or the text is not acceptable JSON.
    fn scan_document(scanner: &mut Scanner<'_>) -> Option<(ContainerView, ImportedExtras)> {
        if scanner.peek() != Some(b'{') {
            return None;
        }
        let read = Self::scan(scanner).ok()??;
        scanner.finish().ok()?;
        Some(read)
    }

    /// Reads the container document (an object) the scanner is at, checking
    /// all of it; `Ok(None)` when the typed reader gave up on it.
    pub(crate) fn scan(s: &mut Scanner<'_>) -> Scanned<Option<(ContainerView, ImportedExtras)>> {
        s.gave_up = false;
        let mut raw = RawContainer::default();
        let mut seen = Seen::default();
        s.object(|s, k| raw.member(s, k, &mut seen))?;
        if s.gave_up {
            return Ok(None);
        }
        Ok(Some(raw.into_view()))
    }

    /// The tree's reading of a document the typed reader gave up on.
    pub(crate) fn read_lenient(text: &str) -> (ContainerView, ImportedExtras) {
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
}

impl View for ContainerView {
    fn from_text(text: &str) -> Option<Self> {
        Self::scan_document(&mut Scanner::new(text)).map(|(view, _)| view)
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

impl ImageView {
    /// Reads the image document (an object) the scanner is at, checking all
    /// of it; `Ok(None)` when the typed reader gave up on it.
    pub(crate) fn scan(s: &mut Scanner<'_>) -> Scanned<Option<ImageView>> {
        s.gave_up = false;
        let mut raw = RawImage::default();
        let mut seen = Seen::default();
        s.object(|s, k| {
            match k {
                b"Id" => raw.id = seen.field(s, 0).opt_string()?,
                b"RepoTags" => raw.repo_tags = seen.field(s, 1).opt_strings()?,
                b"RepoDigests" => raw.repo_digests = seen.field(s, 2).opt_strings()?,
                b"Created" => raw.created = seen.field(s, 3).opt_str()?,
                b"Size" => raw.size = seen.field(s, 4).opt_i64()?,
                b"Parent" => raw.parent = seen.field(s, 5).opt_string()?,
                _ => s.skip_value()?,
            }
            Ok(())
        })?;
        if s.gave_up {
            return Ok(None);
        }
        Ok(Some(ImageView {
            id: raw.id.unwrap_or_default(),
            repo_tags: raw.repo_tags.unwrap_or_default(),
            repo_digests: raw.repo_digests.unwrap_or_default(),
            created: Timestamp::parse(raw.created.as_deref().unwrap_or("")).unwrap_or_default(),
            size: raw.size.unwrap_or(0),
            parent: raw.parent.unwrap_or_default(),
        }))
    }
}

impl View for ImageView {
    fn from_text(text: &str) -> Option<Self> {
        let mut scanner = Scanner::new(text);
        if scanner.peek() != Some(b'{') {
            return None;
        }
        let view = Self::scan(&mut scanner).ok()??;
        scanner.finish().ok()?;
        Some(view)
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

/// The fields of one object a typed reader has met: a field given twice is
/// a mismatch, as it is for serde's derived readers.
#[derive(Default)]
struct Seen(u32);

impl Seen {
    fn field<'s, 'a>(&mut self, s: &'s mut Scanner<'a>, index: u32) -> &'s mut Scanner<'a> {
        let bit = 1 << index;
        if self.0 & bit != 0 {
            s.gave_up = true;
        }
        self.0 |= bit;
        s
    }
}

/// An object (or `null`: `None`) read member by member by `member`.
fn object<'a, T: Default>(
    s: &mut Scanner<'a>,
    mut member: impl FnMut(&mut T, &mut Scanner<'a>, &[u8], &mut Seen) -> Scanned<()>,
) -> Scanned<Option<T>> {
    let mut value = T::default();
    let mut seen = Seen::default();
    let present = s.opt_object(|s, k| member(&mut value, s, k, &mut seen))?;
    Ok(present.then_some(value))
}

/// An object's entries in document order (or `null`: `None`). A repeated
/// key keeps its first position and its last value, as `serde_json`'s
/// ordered map does.
fn ordered<'a, V>(
    s: &mut Scanner<'a>,
    mut value: impl FnMut(&mut Scanner<'a>) -> Scanned<V>,
) -> Scanned<Option<Vec<(String, V)>>> {
    let mut entries: Vec<(String, V)> = Vec::new();
    let present = s.opt_object(|s, k| {
        let v = value(s)?;
        match entries.iter_mut().find(|(e, _)| e.as_bytes() == k) {
            Some(slot) => slot.1 = v,
            None => {
                let k = std::str::from_utf8(k).map_err(|_| Refused)?;
                entries.push((k.to_owned(), v));
            }
        }
        Ok(())
    })?;
    Ok(present.then_some(entries))
}

/// A list of objects (or `null`: empty); `null` elements are mismatches.
fn objects<'a, T: Default>(
    s: &mut Scanner<'a>,
    mut member: impl FnMut(&mut T, &mut Scanner<'a>, &[u8], &mut Seen) -> Scanned<()>,
) -> Scanned<Option<Vec<T>>> {
    let mut items = Vec::new();
    let present = s.opt_array(|s| {
        match object(s, &mut member)? {
            Some(item) => items.push(item),
            None => s.gave_up = true,
        }
        Ok(())
    })?;
    Ok(present.then_some(items))
}

#[derive(Default)]
struct RawContainer<'a> {
    id: Option<String>,
    name: Option<String>,
    image: Option<String>,
    created: Option<std::borrow::Cow<'a, str>>,
    path: Option<String>,
    args: Option<Vec<String>>,
    state: Option<RawState<'a>>,
    config: Option<RawConfig>,
    restart_policy: Option<String>,
    network_settings: Option<RawNetworkSettings>,
    mounts: Option<Vec<MountView>>,
    size_rw: Option<Json>,
    size_root_fs: Option<Json>,
    logs: Option<Json>,
}

impl<'a> RawContainer<'a> {
    fn member(&mut self, s: &mut Scanner<'a>, k: &[u8], seen: &mut Seen) -> Scanned<()> {
        match k {
            b"Id" => self.id = seen.field(s, 0).opt_string()?,
            b"Name" => self.name = seen.field(s, 1).opt_string()?,
            b"Image" => self.image = seen.field(s, 2).opt_string()?,
            b"Created" => self.created = seen.field(s, 3).opt_str()?,
            b"Path" => self.path = seen.field(s, 4).opt_string()?,
            b"Args" => self.args = seen.field(s, 5).opt_strings()?,
            b"State" => self.state = object(seen.field(s, 6), RawState::member)?,
            b"Config" => self.config = object(seen.field(s, 7), RawConfig::member)?,
            b"HostConfig" => {
                let host_config: Option<RawHostConfig> =
                    object(seen.field(s, 8), RawHostConfig::member)?;
                self.restart_policy = host_config.and_then(|h| h.restart_policy);
            }
            b"NetworkSettings" => {
                self.network_settings = object(seen.field(s, 9), RawNetworkSettings::member)?;
            }
            b"Mounts" => self.mounts = objects(seen.field(s, 10), mount_member)?,
            b"_SizeRw" => self.size_rw = seen.field(s, 11).opt_json()?,
            b"_SizeRootFs" => self.size_root_fs = seen.field(s, 12).opt_json()?,
            b"_logs" => self.logs = seen.field(s, 13).opt_json()?,
            _ => s.skip_value()?,
        }
        Ok(())
    }

    fn into_view(self) -> (ContainerView, ImportedExtras) {
        let state = self.state.unwrap_or_default();
        let config = self.config.unwrap_or_default();
        let has_network_settings = self.network_settings.is_some();
        let settings = self.network_settings.unwrap_or_default();
        let networks = settings.networks.unwrap_or_default();
        let view = ContainerView {
            created: Timestamp::parse(self.created.as_deref().unwrap_or("")).unwrap_or_default(),
            id: self.id.unwrap_or_default(),
            name: self.name.unwrap_or_default(),
            image_id: self.image.unwrap_or_default(),
            config_image: config.image.unwrap_or_default(),
            status: Status::parse(state.status.as_deref().unwrap_or("")).unwrap_or(Status::Created),
            running: state.running.unwrap_or(false),
            paused: state.paused.unwrap_or(false),
            restarting: state.restarting.unwrap_or(false),
            dead: state.dead.unwrap_or(false),
            exit_code: state.exit_code.unwrap_or(0),
            started_at: optional_time(state.started_at.as_deref()),
            finished_at: optional_time(state.finished_at.as_deref()),
            health: state.health,
            path: self.path.unwrap_or_default(),
            args: self.args.unwrap_or_default(),
            labels: config
                .labels
                .map(|labels| {
                    labels
                        .into_iter()
                        .map(|(k, v)| (k, v.unwrap_or_default()))
                        .collect()
                })
                .unwrap_or_default(),
            env: config.env.unwrap_or_default(),
            restart_policy: self.restart_policy.unwrap_or_default(),
            ports: settings.ports.unwrap_or_default(),
            has_network_settings,
            network_keys: networks.iter().map(|(k, _)| k.clone()).collect(),
            networks: networks
                .into_iter()
                .filter_map(|(k, id)| id.map(|id| (k, id)))
                .collect(),
            mounts: self.mounts.unwrap_or_default(),
        };
        let extras = ImportedExtras {
            size_rw: self.size_rw,
            size_root_fs: self.size_root_fs,
            logs: self.logs,
        };
        (view, extras)
    }
}

#[derive(Default)]
struct RawState<'a> {
    status: Option<std::borrow::Cow<'a, str>>,
    running: Option<bool>,
    paused: Option<bool>,
    restarting: Option<bool>,
    dead: Option<bool>,
    exit_code: Option<i64>,
    started_at: Option<std::borrow::Cow<'a, str>>,
    finished_at: Option<std::borrow::Cow<'a, str>>,
    /// `.State.Health.Status`, when `Health` is an object.
    health: Option<String>,
}

impl<'a> RawState<'a> {
    fn member(&mut self, s: &mut Scanner<'a>, k: &[u8], seen: &mut Seen) -> Scanned<()> {
        match k {
            b"Status" => self.status = seen.field(s, 0).opt_str()?,
            b"Running" => self.running = seen.field(s, 1).opt_bool()?,
            b"Paused" => self.paused = seen.field(s, 2).opt_bool()?,
            b"Restarting" => self.restarting = seen.field(s, 3).opt_bool()?,
            b"Dead" => self.dead = seen.field(s, 4).opt_bool()?,
            b"ExitCode" => self.exit_code = seen.field(s, 5).opt_i64()?,
            b"StartedAt" => self.started_at = seen.field(s, 6).opt_str()?,
            b"FinishedAt" => self.finished_at = seen.field(s, 7).opt_str()?,
            b"Health" => {
                let health: Option<Option<String>> = object(
                    seen.field(s, 8),
                    |status: &mut Option<String>, s, k, seen| {
                        match k {
                            b"Status" => *status = seen.field(s, 0).opt_string()?,
                            _ => s.skip_value()?,
                        }
                        Ok(())
                    },
                )?;
                self.health = health.flatten();
            }
            _ => s.skip_value()?,
        }
        Ok(())
    }
}

#[derive(Default)]
struct RawConfig {
    image: Option<String>,
    labels: Option<Vec<(String, Option<String>)>>,
    env: Option<Vec<String>>,
}

impl RawConfig {
    fn member(&mut self, s: &mut Scanner<'_>, k: &[u8], seen: &mut Seen) -> Scanned<()> {
        match k {
            b"Image" => self.image = seen.field(s, 0).opt_string()?,
            b"Labels" => self.labels = ordered(seen.field(s, 1), Scanner::opt_string)?,
            b"Env" => self.env = seen.field(s, 2).opt_strings()?,
            _ => s.skip_value()?,
        }
        Ok(())
    }
}

#[derive(Default)]
struct RawHostConfig {
    /// `.RestartPolicy.Name`.
    restart_policy: Option<String>,
}

impl RawHostConfig {
    fn member(&mut self, s: &mut Scanner<'_>, k: &[u8], seen: &mut Seen) -> Scanned<()> {
        match k {
            b"RestartPolicy" => {
                let policy: Option<Option<String>> =
                    object(seen.field(s, 0), |name: &mut Option<String>, s, k, seen| {
                        match k {
                            b"Name" => *name = seen.field(s, 0).opt_string()?,
                            _ => s.skip_value()?,
                        }
                        Ok(())
                    })?;
                self.restart_policy = policy.flatten();
            }
            _ => s.skip_value()?,
        }
        Ok(())
    }
}

/// A port's bindings: (host IP, host port).
type Bindings = Vec<(String, String)>;

#[derive(Default)]
struct RawNetworkSettings {
    ports: Option<Vec<(String, Bindings)>>,
    /// Each network with its `NetworkID` when its settings are an object.
    networks: Option<Vec<(String, Option<String>)>>,
}

impl RawNetworkSettings {
    fn member(&mut self, s: &mut Scanner<'_>, k: &[u8], seen: &mut Seen) -> Scanned<()> {
        match k {
            b"Ports" => self.ports = ordered(seen.field(s, 0), bindings)?,
            b"Networks" => {
                self.networks = ordered(seen.field(s, 1), |s| {
                    let endpoint: Option<Option<String>> =
                        object(s, |id: &mut Option<String>, s, k, seen| {
                            match k {
                                b"NetworkID" => *id = seen.field(s, 0).opt_string()?,
                                _ => s.skip_value()?,
                            }
                            Ok(())
                        })?;
                    Ok(endpoint.map(Option::unwrap_or_default))
                })?;
            }
            _ => s.skip_value()?,
        }
        Ok(())
    }
}

/// A port's bindings, `null` read as none.
fn bindings(s: &mut Scanner<'_>) -> Scanned<Bindings> {
    let list: Option<Vec<(Option<String>, Option<String>)>> = objects(
        s,
        |(ip, port): &mut (Option<String>, Option<String>), s, k, seen| {
            match k {
                b"HostIp" => *ip = seen.field(s, 0).opt_string()?,
                b"HostPort" => *port = seen.field(s, 1).opt_string()?,
                _ => s.skip_value()?,
            }
            Ok(())
        },
    )?;
    Ok(list
        .unwrap_or_default()
        .into_iter()
        .map(|(ip, port)| (ip.unwrap_or_default(), port.unwrap_or_default()))
        .collect())
}

fn mount_member(m: &mut MountView, s: &mut Scanner<'_>, k: &[u8], seen: &mut Seen) -> Scanned<()> {
    let (field, index) = match k {
        b"Name" => (&mut m.name, 0),
        b"Source" => (&mut m.source, 1),
        b"Destination" => (&mut m.destination, 2),
        b"Driver" => (&mut m.driver, 3),
        _ => return s.skip_value(),
    };
    *field = seen.field(s, index).opt_string()?.unwrap_or_default();
    Ok(())
}

#[derive(Default)]
struct RawImage<'a> {
    id: Option<String>,
    repo_tags: Option<Vec<String>>,
    repo_digests: Option<Vec<String>>,
    created: Option<std::borrow::Cow<'a, str>>,
    size: Option<i64>,
    parent: Option<String>,
}
