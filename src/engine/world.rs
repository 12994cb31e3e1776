//! The simulated Docker host: every object the engine knows, and its clock.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value as Json;
use serde_json::value::RawValue;

use super::behavior::Behavior;
use super::container::{Container, LogEntry};
use super::doc::{Doc, DocText};
use super::error::EngineError;
use super::events::Event;
use super::host::HostFs;
use super::ids;
use super::image::Image;
use super::json::str_at;
use super::lifecycle::Runtime;
use super::logs::{self, Logs};
use super::reference::Reference;
use super::registry::Registry;
use super::scan::{Refused, Scanned, Scanner};
use super::time::Timestamp;
use super::trees::Trees;
use super::view::{ImageView, ImportedExtras, ScannedExtras, ViewScratch};

mod containers;
mod lookup;
mod split;

pub use lookup::ContainerLookup;

use containers::ContainersRead;

/// What an application answers over HTTP, declared per image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRoute {
    pub method: String,
    pub path: String,
    pub status: u16,
    pub body: String,
    pub headers: Vec<(String, String)>,
    /// The route answers only when the container's environment has each
    /// `KEY=value` (an empty value: unset or empty). Among the routes that
    /// apply, the one with the most conditions wins.
    pub when_env: Vec<(String, String)>,
}

impl HttpRoute {
    /// Whether this route applies to a container with environment `env`
    /// (`KEY=value` strings, as `.Config.Env`).
    pub fn applies(&self, env: &[String]) -> bool {
        super::behavior::env_matches(&self.when_env, env)
    }
}

/// The whole simulated host.
#[derive(Clone, Debug)]
pub struct World {
    /// The daemon's clock; every command runs at this instant.
    pub now: Timestamp,
    pub daemon_version: String,
    pub api_version: String,
    /// In creation order (oldest first).
    pub containers: Vec<Container>,
    pub images: Vec<Image>,
    /// Built from the file's text on first use (see `trees.rs`).
    pub networks: Trees,
    pub volumes: Trees,
    /// HTTP routes by image ID (`sha256:...`).
    pub apps: BTreeMap<String, Vec<HttpRoute>>,
    /// Seed for IDs the engine derives (the scenario's name).
    pub seed: String,
    /// How many objects the engine has created: makes derived IDs unique.
    pub created_objects: u64,
    /// What `docker pull` can fetch; empty unless the scenario declares it.
    pub registry: Registry,
    /// Declared process behaviour, by container ID or image ID (`sha256:...`).
    pub behaviors: BTreeMap<String, Behavior>,
    /// The daemon's bookkeeping per container ID (restart manager, probes).
    pub runtime: BTreeMap<String, Runtime>,
    /// The daemon's event log, oldest first (at most `EVENTS_LIMIT`).
    pub events: Vec<Event>,
    /// Files on the simulated host (bind sources, build contexts, compose files).
    pub host: HostFs,
    /// Each volume's files by path relative to the volume root.
    pub volume_files: BTreeMap<String, BTreeMap<String, String>>,
    /// Build steps already cached (BuildKit's `CACHED`), by cache key.
    pub build_cache: BTreeSet<String>,
    /// Registries `docker login` succeeded for (`docker.io`, `ghcr.io`).
    pub logins: BTreeSet<String>,
    /// `docker history` rows by image ID, newest first; images without an
    /// entry show one row per layer.
    pub history: BTreeMap<String, Vec<HistoryEntry>>,
    /// Legacy links (`run --link` on the default bridge), oldest first.
    pub links: Vec<super::links::LegacyLink>,
}

/// One row of `docker history`: a build step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    /// `sha256:...` for the image a step produced, else `<missing>`.
    pub id: String,
    pub created: Timestamp,
    pub created_by: String,
    pub size: i64,
    pub comment: String,
}

/// Why a Docker-inspect world file could not be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ImportError {}

impl World {
    pub fn empty(now: Timestamp, seed: &str) -> World {
        World {
            now,
            daemon_version: "28.2.2".to_owned(),
            api_version: "1.50".to_owned(),
            containers: Vec::new(),
            images: Vec::new(),
            networks: Trees::default(),
            volumes: Trees::default(),
            apps: BTreeMap::new(),
            seed: seed.to_owned(),
            created_objects: 0,
            registry: Registry::default(),
            behaviors: BTreeMap::new(),
            runtime: BTreeMap::new(),
            events: Vec::new(),
            host: HostFs::default(),
            volume_files: BTreeMap::new(),
            build_cache: BTreeSet::new(),
            logins: BTreeSet::new(),
            history: BTreeMap::new(),
            links: Vec::new(),
        }
    }

    /// Imports a world in the conformance corpus's format: `now`, versions,
    /// and `containers`/`images`/`networks`/`volumes` as Engine API inspect
    /// objects, with `_SizeRw`, `_SizeRootFs` and `_logs` on containers.
    pub fn from_inspect_json(text: &str, seed: &str) -> Result<World, ImportError> {
        Self::from_inspect_text(text.to_owned(), seed)
    }

    /// [`World::from_inspect_json`] for a file already read: its text
    /// becomes the imported documents' shared text (see `doc.rs`), so it is
    /// held once.
    pub fn from_inspect_text(text: String, seed: &str) -> Result<World, ImportError> {
        // One pass checks the whole text's syntax, as building its tree
        // would, and reads the containers' and images' views on the way.
        let file = Arc::new(text);
        match scan_top(&file) {
            Ok(Some(top)) => build(&file, top, seed),
            Ok(None) => Err(at_start("a world is a JSON object".to_owned())),
            // serde_json says where and why; should it take the text after
            // all, the import goes through serde alone.
            Err(Refused) => import_via_serde(&file, seed),
        }
    }

    /// The import with `serde_json`'s reader for the top level and the views
    /// read one document at a time: the reference the scanner's one pass is
    /// tested against (`tests/integration/lazy_documents.rs`).
    #[doc(hidden)]
    pub fn from_inspect_text_via_serde(text: String, seed: &str) -> Result<World, ImportError> {
        import_via_serde(&Arc::new(text), seed)
    }

    /// How many imports in this process read their `containers` list with
    /// two threads (for tests).
    #[doc(hidden)]
    pub fn two_thread_imports() -> usize {
        split::SPLIT_READS.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Resolves a container the way the daemon does: full ID, then exact
    /// name, then unique ID prefix.
    pub fn container_index(&self, reference: &str) -> Result<usize, EngineError> {
        if reference.is_empty() {
            return Err(EngineError::NoSuchContainer(reference.to_owned()));
        }
        if let Some(i) = self.containers.iter().position(|c| c.id() == reference) {
            return Ok(i);
        }
        let name = reference.strip_prefix('/').unwrap_or(reference);
        if let Some(i) = self.containers.iter().position(|c| c.name() == name) {
            return Ok(i);
        }
        if let Some(i) = self.link_name_index(name) {
            return Ok(i);
        }
        let mut matches = self
            .containers
            .iter()
            .enumerate()
            .filter(|(_, c)| c.id().starts_with(reference));
        match (matches.next(), matches.next()) {
            (Some((i, _)), None) => Ok(i),
            (Some(_), Some(_)) => Err(EngineError::AmbiguousContainer(reference.to_owned())),
            _ => Err(EngineError::NoSuchContainer(reference.to_owned())),
        }
    }

    pub fn container(&self, reference: &str) -> Result<&Container, EngineError> {
        self.container_index(reference).map(|i| &self.containers[i])
    }

    /// Resolves an image the way the daemon does: a full ID, then the
    /// reference (`:latest` implied, digests via RepoDigests), then a unique ID
    /// prefix (with or without `sha256:`).
    pub fn image_index(&self, reference: &str) -> Result<usize, EngineError> {
        let not_found = || EngineError::NoSuchImage(reference.to_owned());
        if let Some(hex) = reference.strip_prefix("sha256:")
            && hex.len() == 64
        {
            return self
                .images
                .iter()
                .position(|i| i.hex() == hex)
                .ok_or_else(not_found);
        }
        if let Ok(r) = Reference::parse(reference) {
            let r = r.with_default_tag();
            if let Some(digest) = &r.digest {
                let want = format!("{}@{digest}", r.familiar_name());
                if let Some(i) = self
                    .images
                    .iter()
                    .position(|img| img.repo_digests().contains(&want))
                {
                    return Ok(i);
                }
            } else {
                let want = r.familiar();
                if let Some(i) = self.images.iter().position(|img| img.has_tag(&want)) {
                    return Ok(i);
                }
            }
        }
        let prefix = reference.strip_prefix("sha256:").unwrap_or(reference);
        if !ids::is_hex(prefix) {
            return Err(not_found());
        }
        let mut matches = self
            .images
            .iter()
            .enumerate()
            .filter(|(_, img)| img.hex().starts_with(prefix));
        match (matches.next(), matches.next()) {
            (Some((i, _)), None) => Ok(i),
            _ => Err(not_found()),
        }
    }

    pub fn image(&self, reference: &str) -> Result<&Image, EngineError> {
        self.image_index(reference).map(|i| &self.images[i])
    }

    pub fn image_by_id(&self, id: &str) -> Option<&Image> {
        self.images.iter().find(|i| i.id() == id)
    }

    /// Containers newest first, as `GET /containers/json` lists them.
    pub fn containers_newest_first(&self) -> Vec<&Container> {
        // Each creation time parsed once, not once per comparison.
        // The list is kept oldest first, so its reverse is usually in order
        // already: checked in one pass before sorting.
        let mut list: Vec<(std::cmp::Reverse<Timestamp>, &Container)> = self
            .containers
            .iter()
            .rev()
            .map(|c| (std::cmp::Reverse(c.created()), c))
            .collect();
        let order = |(ta, a): &(std::cmp::Reverse<Timestamp>, &Container),
                     (tb, b): &(std::cmp::Reverse<Timestamp>, &Container)| {
            ta.cmp(tb).then_with(|| b.id().cmp(a.id()))
        };
        if !list.is_sorted_by(|x, y| order(x, y).is_le()) {
            list.sort_by(order);
        }
        list.into_iter().map(|(_, c)| c).collect()
    }

    /// A fresh ID for an object the engine creates now, unique within the
    /// world and stable across runs.
    pub fn next_id(&mut self, kind: &str, name: &str) -> String {
        self.created_objects += 1;
        let n = self.created_objects.to_string();
        ids::derive(&[&self.seed, kind, name, &n])
    }

    pub fn network(&self, reference: &str) -> Option<&Json> {
        self.networks
            .iter()
            .find(|n| str_at(n, &["Id"]) == reference || str_at(n, &["Name"]) == reference)
            .or_else(|| {
                let mut m = self
                    .networks
                    .iter()
                    .filter(|n| !reference.is_empty() && str_at(n, &["Id"]).starts_with(reference));
                match (m.next(), m.next()) {
                    (Some(n), None) => Some(n),
                    _ => None,
                }
            })
    }

    pub fn volume(&self, name: &str) -> Option<&Json> {
        self.volumes.iter().find(|v| str_at(v, &["Name"]) == name)
    }
}

/// What an imported container carries besides the daemon's answer.
#[derive(Default)]
struct ImportExtras {
    size_rw: Option<i64>,
    size_root_fs: Option<i64>,
    logs: ImportedLogs,
}

/// A container's log lines as the import read them.
enum ImportedLogs {
    Lines(Vec<LogEntry>),
    /// Checked, still the text at this place in the file.
    At(Range<usize>),
}

impl Default for ImportedLogs {
    fn default() -> Self {
        ImportedLogs::Lines(Vec::new())
    }
}

impl ImportedLogs {
    fn into_logs(self, file: &Arc<String>) -> Logs {
        match self {
            ImportedLogs::Lines(lines) => Logs::from(lines),
            ImportedLogs::At(range) => Logs::from_text(DocText::new(Arc::clone(file), range)),
        }
    }
}

impl ImportExtras {
    /// The extras as the import scan read them: `_logs` stays text.
    fn read(extras: ScannedExtras) -> Result<ImportExtras, String> {
        let logs = match extras.logs {
            None => ImportedLogs::default(),
            Some((range, checked)) => checked.map(|()| ImportedLogs::At(range))?,
        };
        Ok(ImportExtras {
            size_rw: extras.size_rw.and_then(|(_, n)| n),
            size_root_fs: extras.size_root_fs.and_then(|(_, n)| n),
            logs,
        })
    }

    /// The extras as values (a document the typed reader gave up on).
    fn from_values(extras: ImportedExtras) -> Result<ImportExtras, String> {
        Ok(ImportExtras {
            size_rw: extras.size_rw.and_then(|v| v.as_i64()),
            size_root_fs: extras.size_root_fs.and_then(|v| v.as_i64()),
            logs: ImportedLogs::Lines(
                extras
                    .logs
                    .map(|l| logs::parse(&l))
                    .transpose()?
                    .unwrap_or_default(),
            ),
        })
    }
}

/// The top level of a world file: the small fields as trees, the lists as
/// the text of each element.
#[derive(Default)]
struct TopLevel<'a> {
    now: Option<Json>,
    daemon_version: Option<Json>,
    api_version: Option<Json>,
    containers: Option<MaybeList<'a>>,
    images: Option<MaybeList<'a>>,
    networks: Option<MaybeList<'a>>,
    volumes: Option<MaybeList<'a>>,
}

impl<'de> Deserialize<'de> for TopLevel<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TopVisitor;

        impl<'de> serde::de::Visitor<'de> for TopVisitor {
            type Value = TopLevel<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a world object")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<TopLevel<'de>, A::Error> {
                let mut top = TopLevel::default();
                // A repeated key: the last one counts, as in a JSON object tree.
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "now" => top.now = Some(map.next_value()?),
                        "daemon_version" => top.daemon_version = Some(map.next_value()?),
                        "api_version" => top.api_version = Some(map.next_value()?),
                        "containers" => top.containers = Some(map.next_value()?),
                        "images" => top.images = Some(map.next_value()?),
                        "networks" => top.networks = Some(map.next_value()?),
                        "volumes" => top.volumes = Some(map.next_value()?),
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(top)
            }
        }

        deserializer.deserialize_map(TopVisitor)
    }
}

/// A list's elements as text, or what else stood where a list belongs.
enum MaybeList<'a> {
    Null,
    NotList,
    List(Vec<&'a RawValue>),
}

impl<'de> Deserialize<'de> for MaybeList<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor;

        impl<'de> serde::de::Visitor<'de> for ListVisitor {
            type Value = MaybeList<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<MaybeList<'de>, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<&'de RawValue>()? {
                    items.push(item);
                }
                Ok(MaybeList::List(items))
            }

            fn visit_unit<E>(self) -> Result<MaybeList<'de>, E> {
                Ok(MaybeList::Null)
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<MaybeList<'de>, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(MaybeList::NotList)
            }

            fn visit_bool<E>(self, _: bool) -> Result<MaybeList<'de>, E> {
                Ok(MaybeList::NotList)
            }

            fn visit_i64<E>(self, _: i64) -> Result<MaybeList<'de>, E> {
                Ok(MaybeList::NotList)
            }

            fn visit_u64<E>(self, _: u64) -> Result<MaybeList<'de>, E> {
                Ok(MaybeList::NotList)
            }

            fn visit_f64<E>(self, _: f64) -> Result<MaybeList<'de>, E> {
                Ok(MaybeList::NotList)
            }

            fn visit_str<E>(self, _: &str) -> Result<MaybeList<'de>, E> {
                Ok(MaybeList::NotList)
            }
        }

        deserializer.deserialize_any(ListVisitor)
    }
}

impl TopLevel<'_> {
    /// The top level as the scanner gives it: each element by its place in
    /// `text` (which it borrows from), views not yet read.
    fn located(self, file: &Arc<String>) -> Top<'static> {
        let text: &str = file;
        let string = |v: Option<Json>| v.and_then(|v| v.as_str().map(str::to_owned));
        let list = |found: Option<MaybeList<'_>>| -> TopList<()> {
            match found {
                None | Some(MaybeList::Null) => TopList::Absent,
                Some(MaybeList::NotList) => TopList::NotList,
                Some(MaybeList::List(items)) => TopList::Items(
                    items
                        .into_iter()
                        .map(|raw| {
                            let start = (raw.get().as_ptr() as usize)
                                .saturating_sub(text.as_ptr() as usize)
                                .min(text.len());
                            Item {
                                range: start..start + raw.get().len(),
                                object: raw.get().starts_with('{'),
                                read: None,
                            }
                        })
                        .collect(),
                ),
            }
        };
        Top {
            now: string(self.now).map(Cow::Owned),
            daemon_version: string(self.daemon_version).map(Cow::Owned),
            api_version: string(self.api_version).map(Cow::Owned),
            containers: TopContainers::located(file, list(self.containers)),
            images: list(self.images).unread(),
            networks: list(self.networks),
            volumes: list(self.volumes),
        }
    }
}

/// A world file's top level: the small fields, and each listed object by
/// its place in the file, with its view when the scanner read it.
struct Top<'a> {
    now: Option<Cow<'a, str>>,
    daemon_version: Option<Cow<'a, str>>,
    api_version: Option<Cow<'a, str>>,
    containers: TopContainers,
    images: TopList<Arc<ImageView>>,
    networks: TopList<()>,
    volumes: TopList<()>,
}

/// The `containers` member of the top level: absent (or `null`), not a
/// list, or the list read.
enum TopContainers {
    Absent,
    NotList,
    Read(ContainersRead),
}

impl TopContainers {
    /// The list whose elements serde located, read one by one.
    fn located(file: &Arc<String>, list: TopList<()>) -> TopContainers {
        match list {
            TopList::Absent => TopContainers::Absent,
            TopList::NotList => TopContainers::NotList,
            TopList::Items(items) => TopContainers::Read(ContainersRead::located(
                file,
                items.into_iter().map(|item| (item.range, item.object)),
            )),
        }
    }
}

/// A list member of the top level: absent (or `null`), not a list, or its
/// elements.
enum TopList<T> {
    Absent,
    NotList,
    Items(Vec<Item<T>>),
}

struct Item<T> {
    /// Where the element's text is in the file.
    range: Range<usize>,
    object: bool,
    /// Its view, when the typed reader took it during the scan.
    read: Option<T>,
}

impl TopList<()> {
    fn unread<T>(self) -> TopList<T> {
        match self {
            TopList::Absent => TopList::Absent,
            TopList::NotList => TopList::NotList,
            TopList::Items(items) => TopList::Items(
                items
                    .into_iter()
                    .map(|i| Item {
                        range: i.range,
                        object: i.object,
                        read: None,
                    })
                    .collect(),
            ),
        }
    }
}

impl<T> TopList<T> {
    /// The elements, all of them objects.
    fn objects(self, key: &str) -> Result<Vec<Item<T>>, ImportError> {
        let items = match self {
            TopList::Absent => return Ok(Vec::new()),
            TopList::NotList => return Err(at_start(format!("\"{key}\" must be a list"))),
            TopList::Items(items) => items,
        };
        if let Some(i) = items.iter().position(|item| !item.object) {
            return Err(at_start(format!("{key}[{i}] is not an object")));
        }
        Ok(items)
    }
}

/// Scans a world file: `Ok(None)` for acceptable JSON that is not an
/// object, `Err` for text `serde_json` would refuse.
fn scan_top(file: &Arc<String>) -> Scanned<Option<Top<'_>>> {
    let mut s = Scanner::new(file);
    let mut scratch = ViewScratch::default();
    if s.peek() != Some(b'{') {
        s.skip_value()?;
        s.finish()?;
        return Ok(None);
    }
    let mut top = Top {
        now: None,
        daemon_version: None,
        api_version: None,
        containers: TopContainers::Absent,
        images: TopList::Absent,
        networks: TopList::Absent,
        volumes: TopList::Absent,
    };
    // A repeated key: the last one counts, as in a JSON object tree.
    s.object(|s, k| {
        match k {
            b"now" => top.now = top_string(s)?,
            b"daemon_version" => top.daemon_version = top_string(s)?,
            b"api_version" => top.api_version = top_string(s)?,
            b"containers" => {
                top.containers = split::scan_containers(s, file, &mut scratch)?;
            }
            b"images" => top.images = scan_list(s, |s| Ok(ImageView::scan(s)?.map(Arc::new)))?,
            b"networks" => top.networks = scan_list(s, |s| s.skip_value().map(|()| None))?,
            b"volumes" => top.volumes = scan_list(s, |s| s.skip_value().map(|()| None))?,
            _ => s.skip_value()?,
        }
        Ok(())
    })?;
    s.finish()?;
    Ok(Some(top))
}

/// A string's value; anything else is skipped and reads as absent.
fn top_string<'a>(s: &mut Scanner<'a>) -> Scanned<Option<Cow<'a, str>>> {
    if s.peek() == Some(b'"') {
        let raw = s.string()?;
        return s.decode(raw).map(Some);
    }
    s.skip_value().map(|()| None)
}

/// A list whose objects `read` reads (`Ok(None)`: not read).
fn scan_list<'a, T>(
    s: &mut Scanner<'a>,
    mut read: impl FnMut(&mut Scanner<'a>) -> Scanned<Option<T>>,
) -> Scanned<TopList<T>> {
    match s.peek() {
        Some(b'[') => {
            let mut items = Vec::new();
            s.array(|s| list_item(s, &mut items, &mut read))?;
            Ok(TopList::Items(items))
        }
        Some(b'n') => s.null().map(|_| TopList::Absent),
        _ => s.skip_value().map(|()| TopList::NotList),
    }
}

/// The list element the scanner is at, read by `read` if it is an object.
fn list_item<'a, T>(
    s: &mut Scanner<'a>,
    items: &mut Vec<Item<T>>,
    read: impl FnOnce(&mut Scanner<'a>) -> Scanned<Option<T>>,
) -> Scanned<()> {
    let object = s.peek() == Some(b'{');
    let start = s.pos();
    let read = if object {
        read(s)?
    } else {
        s.skip_value()?;
        None
    };
    items.push(Item {
        range: start..s.pos(),
        object,
        read,
    });
    Ok(())
}

fn import_via_serde(file: &Arc<String>, seed: &str) -> Result<World, ImportError> {
    if let Err(e) = serde_json::from_str::<Checked>(file) {
        return Err(syntax_error(&e));
    }
    let top = match serde_json::from_str::<TopLevel>(file) {
        Ok(top) => top.located(file),
        Err(_) => return Err(at_start("a world is a JSON object".to_owned())),
    };
    build(file, top, seed)
}

/// The world from a scanned top level; `file` is the text `top` points into.
fn build(file: &Arc<String>, top: Top<'_>, seed: &str) -> Result<World, ImportError> {
    let now = match top.now.as_deref() {
        Some(t) => Timestamp::parse(t).map_err(|e| at_start(format!("\"now\": {e}")))?,
        None => Timestamp::default(),
    };
    let mut world = World::empty(now, seed);
    if let Some(v) = top.daemon_version {
        world.daemon_version = v.into_owned();
    }
    if let Some(v) = top.api_version {
        world.api_version = v.into_owned();
    }
    world.containers = match top.containers {
        TopContainers::Absent => Vec::new(),
        TopContainers::NotList => return Err(at_start("\"containers\" must be a list".to_owned())),
        TopContainers::Read(list) => list.into_containers()?,
    };
    for (i, item) in top.images.objects("images")?.into_iter().enumerate() {
        let doc_text = DocText::new(Arc::clone(file), item.range);
        let doc: Doc<ImageView> = match item.read {
            Some(view) => Doc::from_text_and_view(doc_text, view),
            None => Doc::from_text(doc_text),
        };
        if !doc.view().id.starts_with("sha256:") {
            return Err(at_start(format!(
                "images[{i}] needs an \"Id\" of the form sha256:<hex>"
            )));
        }
        world.images.push(Image { doc });
    }
    // Networks and volumes stay text until something reads them.
    let trees = |list: TopList<()>, key: &str| -> Result<Trees, ImportError> {
        let ranges = list
            .objects(key)?
            .into_iter()
            .map(|item| item.range)
            .collect();
        Ok(Trees::from_text(Arc::clone(file), ranges))
    };
    world.networks = trees(top.networks, "networks")?;
    world.volumes = trees(top.volumes, "volumes")?;
    Ok(world)
}

/// An import error about the file's shape, reported at its start.
fn at_start(message: String) -> ImportError {
    ImportError {
        line: 1,
        column: 1,
        message,
    }
}

/// `serde_json`'s syntax error, at its place in the file.
fn syntax_error(e: &serde_json::Error) -> ImportError {
    ImportError {
        // serde_json says column 0 right after a newline: the start of
        // that line, which editors call column 1.
        line: e.line().max(1),
        column: e.column().max(1),
        message: e.to_string(),
    }
}

/// Any JSON value, checked as `serde_json` checks what it builds a
/// `serde_json::Value` from (string escapes, number ranges), and dropped.
/// Asked only for a text the scanner refused, for `serde_json`'s error.
struct Checked;

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CheckedVisitor)
    }
}

struct CheckedVisitor;

impl<'de> serde::de::Visitor<'de> for CheckedVisitor {
    type Value = Checked;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_unit<E>(self) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(Checked)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Checked, A::Error> {
        while map.next_entry::<Checked, Checked>()?.is_some() {}
        Ok(Checked)
    }
}
