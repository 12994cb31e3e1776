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
use super::scan::{KeyGuess, KeyName, RawStr, Refused, Scanned, Scanner};
use super::time::Timestamp;

/// Reads the object the scanner is at member by member: `$k` is each key's
/// [`KeyName`] (unescaped, as serde compares keys; match it against the
/// names in [`key`]), found with the guesses `$guesses` (a
/// [`ViewScratch::keys`] slot: one per kind of object), `$seen` the
/// object's [`Seen`], and
/// `$body` must consume the value. `true` for an object, `false` for
/// `null` (anything else a mismatch). A loop in the reader's own function
/// rather than a callback per member: the key's dispatch and the value's
/// reader inline into it.
macro_rules! each_member {
    ($s:ident, $guesses:expr, $seen:ident, $k:ident => $body:expr) => {{
        match $s.opt_object_open()? {
            None => false,
            Some(false) => true,
            Some(true) => {
                #[allow(unused_mut, unused_variables)]
                let mut $seen = Seen::default();
                let mut index = 0;
                loop {
                    let $k = $s.member_key_guessed(&mut $guesses, index)?;
                    index += 1;
                    $body;
                    if !$s.object_next()? {
                        break;
                    }
                }
                true
            }
        }
    }};
}

/// [`each_member!`] with each key as it stands in the text (a
/// [`RawStr`], for readers that keep keys).
macro_rules! each_raw_member {
    ($s:ident, $key:ident => $body:expr) => {{
        match $s.opt_object_open()? {
            None => false,
            Some(false) => true,
            Some(true) => {
                loop {
                    let $key = $s.member_raw_key()?;
                    $body;
                    if !$s.object_next()? {
                        break;
                    }
                }
                true
            }
        }
    }};
}

/// The keys the container reader dispatches on.
mod key {
    use super::KeyName;

    pub const ARGS: KeyName = KeyName::new(b"Args");
    pub const CONFIG: KeyName = KeyName::new(b"Config");
    pub const CREATED: KeyName = KeyName::new(b"Created");
    pub const DEAD: KeyName = KeyName::new(b"Dead");
    pub const DESTINATION: KeyName = KeyName::new(b"Destination");
    pub const DRIVER: KeyName = KeyName::new(b"Driver");
    pub const ENV: KeyName = KeyName::new(b"Env");
    pub const EXIT_CODE: KeyName = KeyName::new(b"ExitCode");
    pub const FINISHED_AT: KeyName = KeyName::new(b"FinishedAt");
    pub const HEALTH: KeyName = KeyName::new(b"Health");
    pub const HOST_CONFIG: KeyName = KeyName::new(b"HostConfig");
    pub const HOST_IP: KeyName = KeyName::new(b"HostIp");
    pub const HOST_PORT: KeyName = KeyName::new(b"HostPort");
    pub const ID: KeyName = KeyName::new(b"Id");
    pub const IMAGE: KeyName = KeyName::new(b"Image");
    pub const LABELS: KeyName = KeyName::new(b"Labels");
    pub const LOGS: KeyName = KeyName::new(b"_logs");
    pub const MOUNTS: KeyName = KeyName::new(b"Mounts");
    pub const NAME: KeyName = KeyName::new(b"Name");
    pub const NETWORKS: KeyName = KeyName::new(b"Networks");
    pub const NETWORK_ID: KeyName = KeyName::new(b"NetworkID");
    pub const NETWORK_SETTINGS: KeyName = KeyName::new(b"NetworkSettings");
    pub const PATH: KeyName = KeyName::new(b"Path");
    pub const PAUSED: KeyName = KeyName::new(b"Paused");
    pub const PORTS: KeyName = KeyName::new(b"Ports");
    pub const RESTARTING: KeyName = KeyName::new(b"Restarting");
    pub const RESTART_POLICY: KeyName = KeyName::new(b"RestartPolicy");
    pub const RUNNING: KeyName = KeyName::new(b"Running");
    pub const SIZE_ROOT_FS: KeyName = KeyName::new(b"_SizeRootFs");
    pub const SIZE_RW: KeyName = KeyName::new(b"_SizeRw");
    pub const SOURCE: KeyName = KeyName::new(b"Source");
    pub const STARTED_AT: KeyName = KeyName::new(b"StartedAt");
    pub const STATE: KeyName = KeyName::new(b"State");
    pub const STATUS: KeyName = KeyName::new(b"Status");
}

/// The kinds of objects the container reader reads member by member,
/// each with its own key guesses ([`ViewScratch::keys`]).
mod site {
    pub const TOP: usize = 0;
    pub const STATE: usize = 1;
    pub const HEALTH: usize = 2;
    pub const CONFIG: usize = 3;
    pub const HOST_CONFIG: usize = 4;
    pub const RESTART_POLICY: usize = 5;
    pub const NETWORK_SETTINGS: usize = 6;
    pub const NETWORK: usize = 7;
    pub const BINDING: usize = 8;
    pub const MOUNT: usize = 9;
    pub const COUNT: usize = 10;
}

/// A string a view holds, by place rather than by copy: a byte range of
/// the text the view was read from (the world file, shared by every
/// document imported from it), or, with [`OWN`] set, of the view's own
/// strings (values with escapes, and everything read from a tree).
///
/// A 10,000-container import read ~30 owned strings and lists a
/// container, ~60 % of its page faults; a view now makes two allocations
/// (itself, and one list of its strings and ports), three when it has
/// escapes (its own strings).
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
    /// Every list's strings, one run after another, then the ports: a
    /// (key, bindings) pair of entries each, the bindings a [`Run`] stored
    /// as a `Str` (one allocation for both).
    strs: Box<[Str]>,
    /// The ports' entries in `strs`, counted in ports.
    ports: Run,
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
    pub size_rw: ScannedSize,
    pub size_root_fs: ScannedSize,
    pub logs: ScannedLogs,
}

/// A size extra as the scan read it: absent (or `null`), or its place in
/// the scanned text and its value as the engine reads it
/// (`Value::as_i64`), not built.
pub(crate) type ScannedSize = Option<(Range<usize>, Option<i64>)>;

/// `_logs` as the scan read it: absent (or `null`), or its place in the
/// scanned text and what its check found.
pub(crate) type ScannedLogs = Option<(Range<usize>, Result<(), String>)>;

impl ScannedExtras {
    /// The extras as values, `_logs` built from `text` (the scanned text).
    fn into_values(self, text: &str) -> ImportedExtras {
        let value =
            |range: Range<usize>| serde_json::from_str(text.get(range).unwrap_or_default()).ok();
        ImportedExtras {
            size_rw: self.size_rw.and_then(|(range, _)| value(range)),
            size_root_fs: self.size_root_fs.and_then(|(range, _)| value(range)),
            logs: self.logs.and_then(|(range, _)| value(range)),
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
        let ports =
            self.ports.start as usize..self.ports.start as usize + 2 * self.ports.len as usize;
        self.strs
            .get(ports)
            .unwrap_or_default()
            .chunks_exact(2)
            .map(|p| {
                let bindings = Run {
                    start: p[1].start,
                    len: p[1].len,
                };
                (self.get(p[0]), self.pairs(bindings))
            })
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
    /// Each kind of object's keys as last read, by place (see
    /// [`KeyGuess`]); kept from one document to the next.
    keys: [Vec<Option<KeyGuess>>; site::COUNT],
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
    #[inline(always)]
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
        if s.opt_array_open()? {
            loop {
                if let Some(raw) = s.str_or_mismatch()? {
                    let item = self.raw(s, raw)?;
                    self.strs.push(item);
                }
                if !s.array_next()? {
                    break;
                }
            }
        }
        Ok(self.run_from(start))
    }

    /// Whether `key` is among the keys at `stride` in the string list from
    /// `start`.
    fn has_key(&self, base: &str, start: usize, stride: usize, key: Str) -> bool {
        self.strs
            .get(start..)
            .unwrap_or_default()
            .iter()
            .step_by(stride)
            .any(|&k| self.same(base, k, key))
    }

    /// Whether two strings are equal (lengths first: most differ there).
    #[inline]
    fn same(&self, base: &str, a: Str, b: Str) -> bool {
        a.len == b.len && self.text(base, a) == self.text(base, b)
    }

    fn view(&self, base: Option<Arc<String>>, mut view: ContainerView) -> ContainerView {
        view.base = base;
        view.own = self.own.clone();
        let mut strs = Vec::with_capacity(self.strs.len() + 2 * self.ports.len());
        strs.extend_from_slice(&self.strs);
        // Lists are bounded by the text's length, itself below `OWN`.
        #[allow(clippy::cast_possible_truncation)]
        let ports = Run {
            start: strs.len() as u32,
            len: self.ports.len() as u32,
        };
        for port in &self.ports {
            let bindings = Str {
                start: port.bindings.start,
                len: port.bindings.len,
            };
            strs.extend([port.key, bindings]);
        }
        view.strs = strs.into_boxed_slice();
        view.ports = ports;
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
        let mut view = ContainerView::default();
        let mut extras = ScannedExtras::default();
        if s.peek() != Some(b'{') {
            return Err(Refused);
        }
        let (v, b) = (&mut view, &mut *scratch);
        each_member!(s, b.keys[site::TOP], seen, k => match k {
            key::ID => v.id = b.opt_str(seen.field(s, 0))?,
            key::NAME => v.name = b.opt_str(seen.field(s, 1))?,
            key::IMAGE => v.image_id = b.opt_str(seen.field(s, 2))?,
            key::CREATED => {
                let created = seen.field(s, 3).opt_str()?;
                v.created = Timestamp::parse(created.as_deref().unwrap_or("")).unwrap_or_default();
            }
            key::PATH => v.path = b.opt_str(seen.field(s, 4))?,
            key::ARGS => v.args = b.strings(seen.field(s, 5))?,
            key::STATE => state(v, b, seen.field(s, 6))?,
            key::CONFIG => config(v, b, seen.field(s, 7))?,
            key::HOST_CONFIG => v.restart_policy = host_config(b, seen.field(s, 8))?,
            key::NETWORK_SETTINGS => network_settings(v, b, seen.field(s, 9))?,
            key::MOUNTS => v.mounts = mounts(b, seen.field(s, 10))?,
            key::SIZE_RW => extras.size_rw = seen.field(s, 11).opt_value_as_i64()?,
            key::SIZE_ROOT_FS => extras.size_root_fs = seen.field(s, 12).opt_value_as_i64()?,
            key::LOGS => extras.logs = scan_logs(seen.field(s, 13))?,
            _ => s.skip_member_value()?,
        });
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

fn state(v: &mut ContainerView, b: &mut ViewScratch, s: &mut Scanner<'_>) -> Scanned<()> {
    each_member!(s, b.keys[site::STATE], seen, k => match k {
        key::STATUS => {
            let status = seen.field(s, 0).opt_str()?;
            v.status = Status::parse(status.as_deref().unwrap_or("")).unwrap_or(Status::Created);
        }
        key::RUNNING => v.running = seen.field(s, 1).opt_bool()?.unwrap_or(false),
        key::PAUSED => v.paused = seen.field(s, 2).opt_bool()?.unwrap_or(false),
        key::RESTARTING => v.restarting = seen.field(s, 3).opt_bool()?.unwrap_or(false),
        key::DEAD => v.dead = seen.field(s, 4).opt_bool()?.unwrap_or(false),
        key::EXIT_CODE => v.exit_code = seen.field(s, 5).opt_i64()?.unwrap_or(0),
        key::STARTED_AT => v.started_at = optional_time(seen.field(s, 6).opt_str()?.as_deref()),
        key::FINISHED_AT => v.finished_at = optional_time(seen.field(s, 7).opt_str()?.as_deref()),
        key::HEALTH => v.health = health(b, seen.field(s, 8))?,
        _ => s.skip_member_value()?,
    });
    Ok(())
}

/// `.State.Health.Status`, `None` unless `Health` is an object with a
/// string `Status`.
fn health(b: &mut ViewScratch, s: &mut Scanner<'_>) -> Scanned<Option<Str>> {
    let mut health = None;
    each_member!(s, b.keys[site::HEALTH], seen, k => match k {
        key::STATUS => {
            health = match seen.field(s, 0).opt_raw_str()? {
                Some(raw) => Some(b.raw(s, raw)?),
                None => None,
            };
        }
        _ => s.skip_member_value()?,
    });
    Ok(health)
}

fn config(v: &mut ContainerView, b: &mut ViewScratch, s: &mut Scanner<'_>) -> Scanned<()> {
    each_member!(s, b.keys[site::CONFIG], seen, k => match k {
        key::IMAGE => v.config_image = b.opt_str(seen.field(s, 0))?,
        key::LABELS => v.labels = labels(b, seen.field(s, 1))?,
        key::ENV => v.env = b.strings(seen.field(s, 2))?,
        _ => s.skip_member_value()?,
    });
    Ok(())
}

/// `.HostConfig.RestartPolicy.Name`.
fn host_config(b: &mut ViewScratch, s: &mut Scanner<'_>) -> Scanned<Str> {
    let mut name = Str::default();
    each_member!(s, b.keys[site::HOST_CONFIG], seen, k => match k {
        key::RESTART_POLICY => {
            let s = seen.field(s, 0);
            let mut policy = Str::default();
            each_member!(s, b.keys[site::RESTART_POLICY], seen, k => match k {
                key::NAME => policy = b.opt_str(seen.field(s, 0))?,
                _ => s.skip_member_value()?,
            });
            name = policy;
        }
        _ => s.skip_member_value()?,
    });
    Ok(name)
}

fn network_settings(
    v: &mut ContainerView,
    b: &mut ViewScratch,
    s: &mut Scanner<'_>,
) -> Scanned<()> {
    v.has_network_settings = each_member!(s, b.keys[site::NETWORK_SETTINGS], seen, k => match k {
        key::PORTS => ports(b, seen.field(s, 0))?,
        key::NETWORKS => networks(v, b, seen.field(s, 1))?,
        _ => s.skip_member_value()?,
    });
    Ok(())
}

/// `.Config.Labels` as (key, value) pairs, `null` values empty. A key
/// given twice is left to the tree (which keeps its first place and last
/// value).
fn labels(b: &mut ViewScratch, s: &mut Scanner<'_>) -> Scanned<Run> {
    let start = b.strs.len();
    let base = s.text();
    each_raw_member!(s, key => {
        let key = b.raw(s, key)?;
        if b.has_key(base, start, 2, key) {
            s.gave_up = true;
        }
        let value = b.opt_str(s)?;
        b.strs.push(key);
        b.strs.push(value);
    });
    Ok(b.run_from(start))
}

/// `.NetworkSettings.Ports`, into `b.ports`; a key given twice is left to
/// the tree.
fn ports(b: &mut ViewScratch, s: &mut Scanner<'_>) -> Scanned<()> {
    let start = b.ports.len();
    let base = s.text();
    each_raw_member!(s, key => {
        let key = b.raw(s, key)?;
        if b.ports[start..].iter().any(|p| b.same(base, p.key, key)) {
            s.gave_up = true;
        }
        let bindings = bindings(b, s)?;
        b.ports.push(PortRun { key, bindings });
    });
    Ok(())
}

/// A port's bindings as (host IP, host port) pairs, `null` read as none;
/// a `null` binding is left to the tree.
fn bindings(b: &mut ViewScratch, s: &mut Scanner<'_>) -> Scanned<Run> {
    string_rows(b, s, site::BINDING, [key::HOST_IP, key::HOST_PORT])
}

/// A list of objects, each read as the strings under `keys` (in that
/// order), `null` read as none; an element that is not an object is left
/// to the tree.
#[inline(always)]
fn string_rows<const N: usize>(
    b: &mut ViewScratch,
    s: &mut Scanner<'_>,
    site: usize,
    keys: [KeyName; N],
) -> Scanned<Run> {
    let start = b.strs.len();
    if s.opt_array_open()? {
        loop {
            let mut row = [Str::default(); N];
            let object = each_member!(s, b.keys[site], seen, k => {
                match keys.iter().position(|&key| key == k) {
                    // `N` is at most 4.
                    #[allow(clippy::cast_possible_truncation)]
                    Some(i) => row[i] = b.opt_str(seen.field(s, i as u32))?,
                    None => s.skip_member_value()?,
                }
            });
            if !object {
                s.gave_up = true;
            }
            b.strs.extend(row);
            if !s.array_next()? {
                break;
            }
        }
    }
    Ok(b.run_from(start))
}

/// `.NetworkSettings.Networks`: every key, and (name, `NetworkID`) of those
/// whose settings are an object; a key given twice is left to the tree.
fn networks(v: &mut ContainerView, b: &mut ViewScratch, s: &mut Scanner<'_>) -> Scanned<()> {
    b.networks.clear();
    let base = s.text();
    each_raw_member!(s, key => {
        let key = b.raw(s, key)?;
        if b.networks.iter().any(|&(k, _)| b.same(base, k, key)) {
            s.gave_up = true;
        }
        let mut id = Str::default();
        let object = each_member!(s, b.keys[site::NETWORK], seen, k => match k {
            key::NETWORK_ID => id = b.opt_str(seen.field(s, 0))?,
            _ => s.skip_member_value()?,
        });
        b.networks.push((key, object.then_some(id)));
    });
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
    string_rows(
        b,
        s,
        site::MOUNT,
        [key::NAME, key::SOURCE, key::DESTINATION, key::DRIVER],
    )
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
                _ => s.skip_member_value()?,
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
