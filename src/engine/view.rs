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
//! (`tests/integration/lazy_documents.rs`) holds them to the same result on every world
//! the project ships and on thousands of variants.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde_json::Value as Json;

use super::container::Status;
use super::doc::View;
use super::json::{at, bool_at, i64_at, str_at, strings_at};
use super::scan::{RawStr, Scanned, Scanner};
use super::time::Timestamp;

/// A string a view holds, by place rather than by copy: a byte range of
/// the text the view was read from (the world file, shared by every
/// document imported from it), or, with [`OWN`] set, of the view's own
/// strings (values with escapes, and everything read from a tree).
///
/// A 10,000-container import read ~30 owned strings and lists a
/// container, ~60 % of its page faults; a view now makes three
/// allocations (itself, its string list, its port list).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Str {
    start: u32,
    len: u32,
}

/// [`Str::start`]'s flag for the view's own strings. World files are far
/// below 2 GiB (64 MiB at most); a text or an own string beyond that
/// (only possible through the library) is not read by the typed reader,
/// and own strings past it read as empty.
const OWN: u32 = 1 << 31;

/// A run of a view's string list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Run {
    start: u32,
    len: u32,
}

impl Run {
    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.start as usize + self.len as usize
    }
}

/// A container port: its key (`8080/tcp`) and its bindings, a run of
/// (host IP, host port) pairs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PortRun {
    key: Str,
    bindings: Run,
}

/// What the engine reads of a container document.
///
/// Its strings are places in the document's text (see [`Str`]); the
/// accessors give them as `&str`.
#[derive(Clone, Default)]
pub struct ContainerView {
    /// The text `Str`s point into (the world file), if any.
    base: Option<Arc<String>>,
    own: String,
    /// Every list's strings, one run after another.
    strs: Box<[Str]>,
    ports: Box<[PortRun]>,
    id: Str,
    /// As the daemon stores it, with the leading `/`.
    name: Str,
    image_id: Str,
    config_image: Str,
    path: Str,
    restart_policy: Str,
    health: Option<Str>,
    args: Run,
    env: Run,
    /// (key, value) pairs.
    labels: Run,
    /// Every key of `.NetworkSettings.Networks`.
    network_keys: Run,
    /// (name, `NetworkID`) pairs of the networks whose settings are an
    /// object.
    networks: Run,
    /// (name, source, destination, driver) quadruples.
    mounts: Run,
    pub created: Timestamp,
    pub status: Status,
    pub running: bool,
    pub paused: bool,
    pub restarting: bool,
    pub dead: bool,
    /// `.NetworkSettings` is an object (`ps` shows no networks otherwise).
    pub has_network_settings: bool,
    pub exit_code: i64,
    pub started_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
}

/// What `ps` reads of a mount.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MountView {
    pub name: String,
    pub source: String,
    pub destination: String,
    pub driver: String,
}

/// A [`MountView`] borrowed from a container's view.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MountRef<'v> {
    pub name: &'v str,
    pub source: &'v str,
    pub destination: &'v str,
    pub driver: &'v str,
}

impl MountView {
    pub fn as_ref(&self) -> MountRef<'_> {
        MountRef {
            name: &self.name,
            source: &self.source,
            destination: &self.destination,
            driver: &self.driver,
        }
    }
}

impl MountRef<'_> {
    pub fn to_owned(self) -> MountView {
        MountView {
            name: self.name.to_owned(),
            source: self.source.to_owned(),
            destination: self.destination.to_owned(),
            driver: self.driver.to_owned(),
        }
    }
}

/// What an imported container document carries besides the daemon's
/// answer (`IMPORT_EXTRAS`), as JSON values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportedExtras {
    pub size_rw: Option<Json>,
    pub size_root_fs: Option<Json>,
    pub logs: Option<Json>,
}

/// The import extras as the scan read them: `_logs` by its place in the
/// scanned text, checked as its conversion would check it (see `logs.rs`),
/// not built.
#[derive(Default)]
pub(crate) struct ScannedExtras {
    pub size_rw: Option<Json>,
    pub size_root_fs: Option<Json>,
    pub logs: ScannedLogs,
}

/// `_logs` as the scan read it: absent (or `null`), or its place in the
/// scanned text and what its check found.
pub(crate) type ScannedLogs = Option<(Range<usize>, Result<(), String>)>;

impl ScannedExtras {
    /// The extras as values, `_logs` built from `text` (the scanned text).
    fn into_values(self, text: &str) -> ImportedExtras {
        ImportedExtras {
            size_rw: self.size_rw,
            size_root_fs: self.size_root_fs,
            logs: self.logs.and_then(|(range, _)| {
                serde_json::from_str(text.get(range).unwrap_or_default()).ok()
            }),
        }
    }
}

impl ContainerView {
    fn get(&self, s: Str) -> &str {
        let (text, start) = if s.start & OWN == 0 {
            (self.base.as_ref().map_or("", |b| b.as_str()), s.start)
        } else {
            (self.own.as_str(), s.start & !OWN)
        };
        let start = start as usize;
        text.get(start..start + s.len as usize).unwrap_or("")
    }

    fn run(&self, run: Run) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        self.strs
            .get(run.range())
            .unwrap_or_default()
            .iter()
            .map(|&s| self.get(s))
    }

    fn pairs(&self, run: Run) -> impl ExactSizeIterator<Item = (&str, &str)> + Clone + '_ {
        self.strs
            .get(run.range())
            .unwrap_or_default()
            .chunks_exact(2)
            .map(|p| (self.get(p[0]), self.get(p[1])))
    }

    pub fn id(&self) -> &str {
        self.get(self.id)
    }

    /// As the daemon stores it, with the leading `/`.
    pub fn name(&self) -> &str {
        self.get(self.name)
    }

    /// `.Image`.
    pub fn image_id(&self) -> &str {
        self.get(self.image_id)
    }

    /// `.Config.Image`.
    pub fn config_image(&self) -> &str {
        self.get(self.config_image)
    }

    pub fn path(&self) -> &str {
        self.get(self.path)
    }

    pub fn args(&self) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        self.run(self.args)
    }

    /// `.Config.Labels` in document order.
    pub fn labels(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + Clone + '_ {
        self.pairs(self.labels)
    }

    /// `.Config.Env`.
    pub fn env(&self) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        self.run(self.env)
    }

    /// `.HostConfig.RestartPolicy.Name`.
    pub fn restart_policy(&self) -> &str {
        self.get(self.restart_policy)
    }

    /// `.State.Health.Status`, when `Health` is an object.
    pub fn health(&self) -> Option<&str> {
        self.health.map(|s| self.get(s))
    }

    /// `.NetworkSettings.Ports`: every container port, with its bindings
    /// as (host IP, host port).
    pub fn ports(
        &self,
    ) -> impl ExactSizeIterator<
        Item = (
            &str,
            impl ExactSizeIterator<Item = (&str, &str)> + Clone + '_,
        ),
    > + Clone
    + '_ {
        self.ports
            .iter()
            .map(|p| (self.get(p.key), self.pairs(p.bindings)))
    }

    /// Every key of `.NetworkSettings.Networks`.
    pub fn network_keys(&self) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        self.run(self.network_keys)
    }

    /// The networks whose settings are an object, with their `NetworkID`.
    pub fn networks(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + Clone + '_ {
        self.pairs(self.networks)
    }

    /// `.Mounts`, as `ps` reads them.
    pub fn mounts(&self) -> impl ExactSizeIterator<Item = MountRef<'_>> + Clone + '_ {
        self.strs
            .get(self.mounts.range())
            .unwrap_or_default()
            .chunks_exact(4)
            .map(|m| MountRef {
                name: self.get(m[0]),
                source: self.get(m[1]),
                destination: self.get(m[2]),
                driver: self.get(m[3]),
            })
    }

    /// Every field, resolved: what equality and `Debug` compare and show.
    fn fields(&self) -> ContainerFields<'_> {
        ContainerFields {
            id: self.id(),
            name: self.name(),
            image_id: self.image_id(),
            config_image: self.config_image(),
            created: self.created,
            status: self.status,
            running: self.running,
            paused: self.paused,
            restarting: self.restarting,
            dead: self.dead,
            exit_code: self.exit_code,
            started_at: self.started_at,
            finished_at: self.finished_at,
            health: self.health(),
            path: self.path(),
            args: self.args().collect(),
            labels: self.labels().collect(),
            env: self.env().collect(),
            restart_policy: self.restart_policy(),
            ports: self.ports().map(|(k, b)| (k, b.collect())).collect(),
            has_network_settings: self.has_network_settings,
            network_keys: self.network_keys().collect(),
            networks: self.networks().collect(),
            mounts: self.mounts().collect(),
        }
    }
}

/// A [`ContainerView`]'s fields as values.
#[derive(Debug, PartialEq, Eq)]
struct ContainerFields<'v> {
    id: &'v str,
    name: &'v str,
    image_id: &'v str,
    config_image: &'v str,
    created: Timestamp,
    status: Status,
    running: bool,
    paused: bool,
    restarting: bool,
    dead: bool,
    exit_code: i64,
    started_at: Option<Timestamp>,
    finished_at: Option<Timestamp>,
    health: Option<&'v str>,
    path: &'v str,
    args: Vec<&'v str>,
    labels: Vec<(&'v str, &'v str)>,
    env: Vec<&'v str>,
    restart_policy: &'v str,
    ports: Vec<(&'v str, Vec<(&'v str, &'v str)>)>,
    has_network_settings: bool,
    network_keys: Vec<&'v str>,
    networks: Vec<(&'v str, &'v str)>,
    mounts: Vec<MountRef<'v>>,
}

impl PartialEq for ContainerView {
    fn eq(&self, other: &Self) -> bool {
        self.fields() == other.fields()
    }
}

impl Eq for ContainerView {}

impl fmt::Debug for ContainerView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.fields(), f)
    }
}

/// The strings and lists of the view being read, kept across the
/// documents of one import so that each view's lists are copied out once,
/// at their final size.
#[derive(Default)]
pub(crate) struct ViewScratch {
    own: String,
    strs: Vec<Str>,
    ports: Vec<PortRun>,
    /// `.NetworkSettings.Networks` as read: each key, and its `NetworkID`
    /// when its settings are an object.
    networks: Vec<(Str, Option<Str>)>,
}

impl ViewScratch {
    fn clear(&mut self) {
        self.own.clear();
        self.strs.clear();
        self.ports.clear();
        self.networks.clear();
    }

    /// A string of the own text.
    fn owned(&mut self, text: &str) -> Str {
        let start = self.own.len();
        match (u32::try_from(start), u32::try_from(text.len())) {
            (Ok(start), Ok(len)) if start < OWN && len < OWN => {
                self.own.push_str(text);
                Str {
                    start: start | OWN,
                    len,
                }
            }
            _ => Str::default(),
        }
    }

    /// A string the scanner read: its place in the text, or its decoded
    /// value when it has escapes.
    #[inline]
    fn raw(&mut self, s: &Scanner<'_>, raw: RawStr) -> Scanned<Str> {
        if !raw.is_escaped() {
            // The text's length was checked below `OWN` before reading.
            #[allow(clippy::cast_possible_truncation)]
            return Ok(Str {
                start: raw.start() as u32,
                len: raw.len() as u32,
            });
        }
        self.decoded(s, raw)
    }

    /// [`ViewScratch::raw`] of a string with escapes (rare: kept out of
    /// line).
    #[cold]
    fn decoded(&mut self, s: &Scanner<'_>, raw: RawStr) -> Scanned<Str> {
        let value = s.decode(raw)?;
        Ok(self.owned(&value))
    }

    /// A string or `null` (empty); anything else is a mismatch.
    #[inline]
    fn opt_str(&mut self, s: &mut Scanner<'_>) -> Scanned<Str> {
        match s.opt_raw_str()? {
            Some(raw) => self.raw(s, raw),
            None => Ok(Str::default()),
        }
    }

    fn text<'t>(&'t self, base: &'t str, s: Str) -> &'t str {
        let (text, start) = if s.start & OWN == 0 {
            (base, s.start)
        } else {
            (self.own.as_str(), s.start & !OWN)
        };
        let start = start as usize;
        text.get(start..start + s.len as usize).unwrap_or("")
    }

    /// The run from `start` to the end of the string list.
    fn run_from(&self, start: usize) -> Run {
        // Lists are bounded by the text's length, itself below `OWN`.
        #[allow(clippy::cast_possible_truncation)]
        Run {
            start: start as u32,
            len: (self.strs.len() - start) as u32,
        }
    }

    /// A list of strings, or `null` (empty).
    fn strings(&mut self, s: &mut Scanner<'_>) -> Scanned<Run> {
        let start = self.strs.len();
        s.opt_array(|s| {
            if s.peek() == Some(b'"') {
                let raw = s.string()?;
                let item = self.raw(s, raw)?;
                self.strs.push(item);
                Ok(())
            } else {
                s.mismatch()
            }
        })?;
        Ok(self.run_from(start))
    }

    /// Whether `key` is among the keys at `stride` in the string list from
    /// `start`.
    fn has_key(&self, base: &str, start: usize, stride: usize, key: Str) -> bool {
        let key = self.text(base, key);
        self.strs[start..]
            .iter()
            .step_by(stride)
            .any(|&k| self.text(base, k) == key)
    }

    fn view(&self, base: Option<Arc<String>>, mut view: ContainerView) -> ContainerView {
        view.base = base;
        view.own = self.own.clone();
        view.strs = self.strs.as_slice().into();
        view.ports = self.ports.as_slice().into();
        view
    }
}

impl ContainerView {
    /// The view and the import extras of an imported document, in one pass
    /// over its text when the typed reader takes it.
    pub fn read_imported(text: &str) -> (ContainerView, ImportedExtras) {
        let base = Arc::new(text.to_owned());
        Self::read_imported_in(&base, 0..base.len())
    }

    /// [`ContainerView::read_imported`] of the document at `range` of
    /// `file`, whose strings the view then points into.
    pub(crate) fn read_imported_in(
        file: &Arc<String>,
        range: Range<usize>,
    ) -> (ContainerView, ImportedExtras) {
        let text = file.get(..range.end).unwrap_or("");
        let mut scanner = Scanner::new_at(text, range.start);
        match Self::scan_document(&mut scanner, file) {
            Some((view, extras)) => (view, extras.into_values(text)),
            None => Self::read_lenient(text.get(range.start..).unwrap_or("")),
        }
    }

    /// What the typed reader reads of a whole document, `None` if it gave
    /// up or the text is not acceptable JSON.
    fn scan_document(
        scanner: &mut Scanner<'_>,
        base: &Arc<String>,
    ) -> Option<(ContainerView, ScannedExtras)> {
        if scanner.peek() != Some(b'{') {
            return None;
        }
        let read = Self::scan(scanner, base, &mut ViewScratch::default()).ok()??;
        scanner.finish().ok()?;
        Some(read)
    }

    /// Reads the container document (an object) the scanner is at, checking
    /// all of it; `Ok(None)` when the typed reader gave up on it. `base` is
    /// the scanner's text.
    pub(crate) fn scan(
        s: &mut Scanner<'_>,
        base: &Arc<String>,
        scratch: &mut ViewScratch,
    ) -> Scanned<Option<(ContainerView, ScannedExtras)>> {
        s.gave_up = s.text().len() >= OWN as usize;
        scratch.clear();
        let mut view = ContainerView {
            started_at: optional_time(None),
            finished_at: optional_time(None),
            ..ContainerView::default()
        };
        let mut extras = ScannedExtras::default();
        let mut seen = Seen::default();
        s.object(|s, k| {
            match k {
                b"_SizeRw" => extras.size_rw = seen.field(s, 11).opt_json()?,
                b"_SizeRootFs" => extras.size_root_fs = seen.field(s, 12).opt_json()?,
                b"_logs" => extras.logs = scan_logs(seen.field(s, 13))?,
                _ => container_member(&mut view, scratch, s, k, &mut seen)?,
            }
            Ok(())
        })?;
        if s.gave_up {
            return Ok(None);
        }
        Ok(Some((scratch.view(Some(Arc::clone(base)), view), extras)))
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

/// A container's `_logs` (`None` for `null`): where it is, and what its
/// check found. Out of line: a document has it once, and the member loop
/// it sits in is the import's hottest.
#[inline(never)]
fn scan_logs(s: &mut Scanner<'_>) -> Scanned<ScannedLogs> {
    if s.null()? {
        return Ok(None);
    }
    let start = s.pos();
    let checked = super::logs::check(s)?;
    Ok(Some((start..s.pos(), checked)))
}

/// An object read member by member, each with the object's [`Seen`];
/// `false` for `null`, anything else a mismatch.
fn members<'a>(
    s: &mut Scanner<'a>,
    mut member: impl FnMut(&mut Scanner<'a>, &[u8], &mut Seen) -> Scanned<()>,
) -> Scanned<bool> {
    let mut seen = Seen::default();
    s.opt_object(|s, k| member(s, k, &mut seen))
}

fn container_member(
    v: &mut ContainerView,
    b: &mut ViewScratch,
    s: &mut Scanner<'_>,
    k: &[u8],
    seen: &mut Seen,
) -> Scanned<()> {
    match k {
        b"Id" => v.id = b.opt_str(seen.field(s, 0))?,
        b"Name" => v.name = b.opt_str(seen.field(s, 1))?,
        b"Image" => v.image_id = b.opt_str(seen.field(s, 2))?,
        b"Created" => {
            let created = seen.field(s, 3).opt_str()?;
            v.created = Timestamp::parse(created.as_deref().unwrap_or("")).unwrap_or_default();
        }
        b"Path" => v.path = b.opt_str(seen.field(s, 4))?,
        b"Args" => v.args = b.strings(seen.field(s, 5))?,
        b"State" => {
            members(seen.field(s, 6), |s, k, seen| {
                state_member(v, b, s, k, seen)
            })?;
        }
        b"Config" => {
            members(seen.field(s, 7), |s, k, seen| {
                match k {
                    b"Image" => v.config_image = b.opt_str(seen.field(s, 0))?,
                    b"Labels" => v.labels = labels(b, seen.field(s, 1))?,
                    b"Env" => v.env = b.strings(seen.field(s, 2))?,
                    _ => s.skip_value()?,
                }
                Ok(())
            })?;
        }
        b"HostConfig" => {
            members(seen.field(s, 8), |s, k, seen| {
                match k {
                    b"RestartPolicy" => {
                        let mut name = Str::default();
                        members(seen.field(s, 0), |s, k, seen| {
                            match k {
                                b"Name" => name = b.opt_str(seen.field(s, 0))?,
                                _ => s.skip_value()?,
                            }
                            Ok(())
                        })?;
                        v.restart_policy = name;
                    }
                    _ => s.skip_value()?,
                }
                Ok(())
            })?;
        }
        b"NetworkSettings" => {
            v.has_network_settings = members(seen.field(s, 9), |s, k, seen| {
                match k {
                    b"Ports" => ports(b, seen.field(s, 0))?,
                    b"Networks" => networks(v, b, seen.field(s, 1))?,
                    _ => s.skip_value()?,
                }
                Ok(())
            })?;
        }
        b"Mounts" => v.mounts = mounts(b, seen.field(s, 10))?,
        _ => s.skip_value()?,
    }
    Ok(())
}

fn state_member(
    v: &mut ContainerView,
    b: &mut ViewScratch,
    s: &mut Scanner<'_>,
    k: &[u8],
    seen: &mut Seen,
) -> Scanned<()> {
    match k {
        b"Status" => {
            let status = seen.field(s, 0).opt_str()?;
            v.status = Status::parse(status.as_deref().unwrap_or("")).unwrap_or(Status::Created);
        }
        b"Running" => v.running = seen.field(s, 1).opt_bool()?.unwrap_or(false),
        b"Paused" => v.paused = seen.field(s, 2).opt_bool()?.unwrap_or(false),
        b"Restarting" => v.restarting = seen.field(s, 3).opt_bool()?.unwrap_or(false),
        b"Dead" => v.dead = seen.field(s, 4).opt_bool()?.unwrap_or(false),
        b"ExitCode" => v.exit_code = seen.field(s, 5).opt_i64()?.unwrap_or(0),
        b"StartedAt" => v.started_at = optional_time(seen.field(s, 6).opt_str()?.as_deref()),
        b"FinishedAt" => v.finished_at = optional_time(seen.field(s, 7).opt_str()?.as_deref()),
        b"Health" => {
            let mut health = None;
            members(seen.field(s, 8), |s, k, seen| {
                match k {
                    b"Status" => {
                        health = match seen.field(s, 0).opt_raw_str()? {
                            Some(raw) => Some(b.raw(s, raw)?),
                            None => None,
                        };
                    }
                    _ => s.skip_value()?,
                }
                Ok(())
            })?;
            v.health = health;
        }
        _ => s.skip_value()?,
    }
    Ok(())
}

/// `.Config.Labels` as (key, value) pairs, `null` values empty. A key
/// given twice is left to the tree (which keeps its first place and last
/// value).
fn labels(b: &mut ViewScratch, s: &mut Scanner<'_>) -> Scanned<Run> {
    let start = b.strs.len();
    let base = s.text();
    s.opt_object_raw_keys(|s, key| {
        let key = b.raw(s, key)?;
        if b.has_key(base, start, 2, key) {
            s.gave_up = true;
        }
        let value = b.opt_str(s)?;
        b.strs.push(key);
        b.strs.push(value);
        Ok(())
    })?;
    Ok(b.run_from(start))
}

/// `.NetworkSettings.Ports`, into `b.ports`; a key given twice is left to
/// the tree.
fn ports(b: &mut ViewScratch, s: &mut Scanner<'_>) -> Scanned<()> {
    let start = b.ports.len();
    let base = s.text();
    s.opt_object_raw_keys(|s, key| {
        let key = b.raw(s, key)?;
        let name = b.text(base, key);
        if b.ports[start..].iter().any(|p| b.text(base, p.key) == name) {
            s.gave_up = true;
        }
        let bindings = bindings(b, s)?;
        b.ports.push(PortRun { key, bindings });
        Ok(())
    })?;
    Ok(())
}

/// A port's bindings as (host IP, host port) pairs, `null` read as none;
/// a `null` binding is left to the tree.
fn bindings(b: &mut ViewScratch, s: &mut Scanner<'_>) -> Scanned<Run> {
    string_rows(b, s, [b"HostIp", b"HostPort"])
}

/// A list of objects, each read as the strings under `keys` (in that
/// order), `null` read as none; an element that is not an object is left
/// to the tree.
fn string_rows<const N: usize>(
    b: &mut ViewScratch,
    s: &mut Scanner<'_>,
    keys: [&[u8]; N],
) -> Scanned<Run> {
    let start = b.strs.len();
    s.opt_array(|s| {
        let mut row = [Str::default(); N];
        let object = members(s, |s, k, seen| {
            let Some(i) = keys.iter().position(|&key| key == k) else {
                return s.skip_value();
            };
            row[i] = b.opt_str(seen.field(s, i as u32))?;
            Ok(())
        })?;
        if !object {
            s.gave_up = true;
        }
        b.strs.extend(row);
        Ok(())
    })?;
    Ok(b.run_from(start))
}

/// `.NetworkSettings.Networks`: every key, and (name, `NetworkID`) of those
/// whose settings are an object; a key given twice is left to the tree.
fn networks(v: &mut ContainerView, b: &mut ViewScratch, s: &mut Scanner<'_>) -> Scanned<()> {
    b.networks.clear();
    let base = s.text();
    s.opt_object_raw_keys(|s, key| {
        let key = b.raw(s, key)?;
        let name = b.text(base, key);
        if b.networks.iter().any(|&(k, _)| b.text(base, k) == name) {
            s.gave_up = true;
        }
        let mut id = Str::default();
        let object = members(s, |s, k, seen| {
            match k {
                b"NetworkID" => id = b.opt_str(seen.field(s, 0))?,
                _ => s.skip_value()?,
            }
            Ok(())
        })?;
        b.networks.push((key, object.then_some(id)));
        Ok(())
    })?;
    let start = b.strs.len();
    for i in 0..b.networks.len() {
        let key = b.networks[i].0;
        b.strs.push(key);
    }
    v.network_keys = b.run_from(start);
    let start = b.strs.len();
    for i in 0..b.networks.len() {
        if let (key, Some(id)) = b.networks[i] {
            b.strs.push(key);
            b.strs.push(id);
        }
    }
    v.networks = b.run_from(start);
    Ok(())
}

/// `.Mounts` as (name, source, destination, driver), `null` read as none;
/// a `null` mount is left to the tree.
fn mounts(b: &mut ViewScratch, s: &mut Scanner<'_>) -> Scanned<Run> {
    string_rows(b, s, [b"Name", b"Source", b"Destination", b"Driver"])
}

impl View for ContainerView {
    fn from_text(text: &str) -> Option<Self> {
        let base = Arc::new(text.to_owned());
        Self::scan_document(&mut Scanner::new(&base), &base).map(|(view, _)| view)
    }

    fn from_tree(doc: &Json) -> Self {
        let mut b = ViewScratch::default();
        let mut v = ContainerView {
            created: Timestamp::parse(str_at(doc, &["Created"])).unwrap_or_default(),
            status: Status::parse(str_at(doc, &["State", "Status"])).unwrap_or(Status::Created),
            running: bool_at(doc, &["State", "Running"]),
            paused: bool_at(doc, &["State", "Paused"]),
            restarting: bool_at(doc, &["State", "Restarting"]),
            dead: bool_at(doc, &["State", "Dead"]),
            exit_code: i64_at(doc, &["State", "ExitCode"]),
            started_at: optional_time(Some(str_at(doc, &["State", "StartedAt"]))),
            finished_at: optional_time(Some(str_at(doc, &["State", "FinishedAt"]))),
            has_network_settings: at(doc, &["NetworkSettings"]).is_some_and(Json::is_object),
            ..ContainerView::default()
        };
        v.id = b.owned(str_at(doc, &["Id"]));
        v.name = b.owned(str_at(doc, &["Name"]));
        v.image_id = b.owned(str_at(doc, &["Image"]));
        v.config_image = b.owned(str_at(doc, &["Config", "Image"]));
        v.path = b.owned(str_at(doc, &["Path"]));
        v.restart_policy = b.owned(str_at(doc, &["HostConfig", "RestartPolicy", "Name"]));
        v.health = at(doc, &["State", "Health", "Status"])
            .and_then(Json::as_str)
            .map(|h| b.owned(h));
        let list = |b: &mut ViewScratch, items: &mut dyn Iterator<Item = &str>| {
            let start = b.strs.len();
            for item in items {
                let s = b.owned(item);
                b.strs.push(s);
            }
            b.run_from(start)
        };
        let args = strings_at(doc, &["Args"]);
        v.args = list(&mut b, &mut args.iter().map(String::as_str));
        let env = strings_at(doc, &["Config", "Env"]);
        v.env = list(&mut b, &mut env.iter().map(String::as_str));
        let labels = super::container::object_strings(at(doc, &["Config", "Labels"]));
        v.labels = list(
            &mut b,
            &mut labels.iter().flat_map(|(k, v)| [k.as_str(), v.as_str()]),
        );
        if let Some(ports) = at(doc, &["NetworkSettings", "Ports"]).and_then(Json::as_object) {
            for (port, bindings) in ports {
                let key = b.owned(port);
                let bindings = list(
                    &mut b,
                    &mut bindings
                        .as_array()
                        .into_iter()
                        .flatten()
                        .flat_map(|bd| [str_at(bd, &["HostIp"]), str_at(bd, &["HostPort"])]),
                );
                b.ports.push(PortRun { key, bindings });
            }
        }
        let networks = at(doc, &["NetworkSettings", "Networks"]).and_then(Json::as_object);
        v.network_keys = list(
            &mut b,
            &mut networks.into_iter().flatten().map(|(k, _)| k.as_str()),
        );
        v.networks = list(
            &mut b,
            &mut networks
                .into_iter()
                .flatten()
                .filter(|(_, n)| n.is_object())
                .flat_map(|(k, n)| [k.as_str(), str_at(n, &["NetworkID"])]),
        );
        v.mounts = list(
            &mut b,
            &mut at(doc, &["Mounts"])
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
                .flat_map(|m| {
                    [
                        str_at(m, &["Name"]),
                        str_at(m, &["Source"]),
                        str_at(m, &["Destination"]),
                        str_at(m, &["Driver"]),
                    ]
                }),
        );
        b.view(None, v)
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
    #[inline(always)]
    fn field<'s, 'a>(&mut self, s: &'s mut Scanner<'a>, index: u32) -> &'s mut Scanner<'a> {
        let bit = 1 << index;
        if self.0 & bit != 0 {
            s.gave_up = true;
        }
        self.0 |= bit;
        s
    }
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
