//! A live simulated host: a world, the tools a learner may use, and a record
//! of what the engine printed. `sh`, the runner and `play` all drive one.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::engine::{Timestamp, World};
use crate::scenario::{self, Scenario};
use crate::shell::{self, CommandOutput, Host, ShellConfig, ShellOutcome};
use crate::world_build;
use crate::writes::Writes;

/// Largest world or scenario file read from disk.
const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Most virtual time `sleep` may add up to in one session: a year. Nothing
/// waits for real, but a clock pushed without bound would reach the end of
/// time and make every relative date meaningless.
pub const MAX_SLEEP_TOTAL_SECONDS: f64 = 365.0 * 86_400.0;

/// Asked before each tool runs; `true` stops the line. The runner installs
/// one to enforce its wall-clock budget, so the session never reads a clock.
pub type Interrupt = Box<dyn Fn() -> bool + Send>;

pub struct Session {
    pub world: World,
    config: ShellConfig,
    /// Each docker or curl invocation's stdout and stderr, in order: what
    /// the simulated host showed, which `shown` checks search.
    pub outputs: Vec<String>,
    /// Whether `outputs` keeps the text; without it each entry is empty
    /// and only counts the invocation.
    keep_outputs: bool,
    /// Container name → its ID when watching began.
    watched: BTreeMap<String, String>,
    /// Container name → index in `outputs` of the invocation that first
    /// removed or replaced it.
    pub changed_at: BTreeMap<String, usize>,
    /// Virtual seconds `sleep` has advanced the clock by so far.
    slept_seconds: f64,
    interrupt: Option<Interrupt>,
    /// Whether `interrupt` stopped a tool in this session.
    pub interrupted: bool,
}

#[derive(Debug)]
pub struct OpenError(pub String);

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OpenError {}

/// Tools every imported Docker-inspect world offers.
const DEFAULT_TOOLS: &[&str] = &["docker", "curl"];

impl Session {
    pub fn new(world: World, tools: &[String]) -> Session {
        Session {
            world,
            config: ShellConfig {
                tools: tools.to_vec(),
            },
            outputs: Vec::new(),
            keep_outputs: true,
            watched: BTreeMap::new(),
            changed_at: BTreeMap::new(),
            slept_seconds: 0.0,
            interrupt: None,
            interrupted: false,
        }
    }

    /// Keeps no copy of what tools print: for a session nothing judges
    /// (`dockdrill sh`), where a large listing's copy is pure cost.
    pub fn discard_outputs(&mut self) {
        self.keep_outputs = false;
    }

    /// What `outputs` records of `writes`.
    fn evidence(&self, writes: &Writes) -> String {
        if self.keep_outputs {
            writes.terminal()
        } else {
            String::new()
        }
    }

    /// Stops every later tool invocation once `interrupt` returns true.
    pub fn set_interrupt(&mut self, interrupt: Interrupt) {
        self.interrupt = Some(interrupt);
    }

    pub fn from_scenario(scenario: &Scenario) -> Result<Session, world_build::BuildError> {
        Ok(Session::new(world_build::build(scenario)?, &scenario.tools))
    }

    /// Opens a scenario file (`.kdl`) or a Docker-inspect world (JSON).
    pub fn open(path: &Path) -> Result<Session, OpenError> {
        if path.extension().is_some_and(|e| e == "kdl") {
            let scenario = scenario::load(path).map_err(|d| OpenError(d.to_string()))?;
            let world = scenario_world(&scenario, path).map_err(|e| OpenError(e.to_string()))?;
            return Ok(Session::new(world, &scenario.tools));
        }
        let world = read_world(path)?;
        let tools: Vec<String> = DEFAULT_TOOLS.iter().map(|t| (*t).to_owned()).collect();
        Ok(Session::new(world, &tools))
    }

    /// Moves the clock to `at`; whatever is due on the way happens. An
    /// instant before the world's clock sets it back without replaying.
    pub fn set_clock(&mut self, at: Timestamp) {
        if at >= self.world.now {
            self.world.advance_to(at);
        } else {
            self.world.now = at;
        }
    }

    /// Starts noting when the container now named `name` is removed or replaced.
    pub fn watch(&mut self, name: &str) {
        let id = self
            .world
            .container(name)
            .map(|c| c.id().to_owned())
            .unwrap_or_default();
        self.watched.insert(name.to_owned(), id);
    }

    pub fn run_line(&mut self, line: &str) -> ShellOutcome {
        let config = ShellConfig {
            tools: self.config.tools.clone(),
        };
        shell::run_line(line, &config, self)
    }

    fn note_changes(&mut self, invocation: usize) {
        for (name, id) in &self.watched {
            if self.changed_at.contains_key(name) {
                continue;
            }
            let current = self
                .world
                .container(name)
                .map(|c| c.id().to_owned())
                .unwrap_or_default();
            if &current != id {
                self.changed_at.insert(name.clone(), invocation);
            }
        }
    }
}

impl Host for Session {
    fn run(&mut self, argv: &[String], stdin: &str) -> CommandOutput {
        if self.interrupt.as_ref().is_some_and(|stop| stop()) {
            self.interrupted = true;
            return CommandOutput::failure(
                "dockdrill: stopped: over the wall-clock budget\n".to_owned(),
                124,
            );
        }
        let Some(program) = argv.first() else {
            return CommandOutput::default();
        };
        match program.as_str() {
            "docker" => {
                let out = crate::docker::run_with_stdin(&mut self.world, &argv[1..], stdin);
                let index = self.outputs.len();
                // What the learner saw of it, as the terminal showed it.
                self.outputs.push(self.evidence(&out.writes));
                self.note_changes(index);
                CommandOutput {
                    writes: out.writes,
                    status: out.status,
                }
            }
            "curl" => {
                let (writes, status) = crate::curl::run_in_order(&self.world, None, &argv[1..]);
                self.outputs.push(self.evidence(&writes));
                CommandOutput { writes, status }
            }
            "sleep" => sleep(&mut self.world, &mut self.slept_seconds, argv),
            other => CommandOutput::failure(format!("bash: {other}: command not found\n"), 127),
        }
    }
}

/// `sleep N[s|m|h|d]...` advances the virtual clock by the sum of its
/// operands, as GNU sleep waits for their sum; nothing waits. The shell's
/// builtin has already validated the operands.
fn sleep(world: &mut World, slept_seconds: &mut f64, argv: &[String]) -> CommandOutput {
    let mut seconds = 0.0;
    for arg in argv.iter().skip(1) {
        match operand_seconds(arg) {
            Some(n) => seconds += n,
            None => {
                return CommandOutput::failure(
                    format!(
                        "sleep: invalid time interval '{arg}'\nTry 'sleep --help' for more information.\n"
                    ),
                    1,
                );
            }
        }
    }
    if *slept_seconds + seconds > MAX_SLEEP_TOTAL_SECONDS {
        return CommandOutput::failure(
            format!(
                "dockdrill: sleep: the virtual clock may advance at most {MAX_SLEEP_TOTAL_SECONDS} seconds (365 days) in one session; this sleep would pass that limit\n"
            ),
            1,
        );
    }
    *slept_seconds += seconds;
    #[allow(clippy::cast_possible_truncation)]
    let nanos = (seconds * 1e9) as i64;
    let until = world.now.plus_nanos(nanos);
    world.advance_to(until);
    CommandOutput::default()
}

/// One operand in seconds, or `None` when it is not a finite, non-negative
/// number with an optional s/m/h/d suffix.
fn operand_seconds(arg: &str) -> Option<f64> {
    let (num, unit) = match arg.char_indices().last() {
        Some((i, 's')) => (&arg[..i], 1.0),
        Some((i, 'm')) => (&arg[..i], 60.0),
        Some((i, 'h')) => (&arg[..i], 3600.0),
        Some((i, 'd')) => (&arg[..i], 86_400.0),
        _ => (arg, 1.0),
    };
    let n: f64 = num.parse().ok()?;
    (n.is_finite() && n >= 0.0 && n * unit <= MAX_SLEEP_TOTAL_SECONDS).then_some(n * unit)
}

/// Reads one Docker-inspect world file (bounded in size); errors name the
/// file, and the line and column for JSON and shape errors.
pub fn read_world(path: &Path) -> Result<World, OpenError> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| OpenError(format!("{shown}: {e}")))?;
    if !meta.is_file() {
        return Err(OpenError(format!("{shown}: not a file")));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(OpenError(format!(
            "{shown}: larger than the {MAX_INPUT_BYTES}-byte limit for worlds"
        )));
    }
    let text = read_text(path, meta.len()).map_err(|e| OpenError(format!("{shown}: {e}")))?;
    let seed = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    World::from_inspect_text(text, &seed).map_err(|e| OpenError(format!("{shown}:{e}")))
}

/// The file at `path` (`len` bytes when last looked at) as UTF-8, read
/// into one buffer sized once, with huge pages advised for a large one; a
/// file that grew past the limit since is refused rather than read on.
fn read_text(path: &Path, len: u64) -> std::io::Result<String> {
    let file = std::fs::File::open(path)?;
    let buffer = match read_in_pieces(&file, len)? {
        Some(buffer) => buffer,
        None => read_to_end(file, len)?,
    };
    crate::utf8::string_from_utf8(buffer).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        )
    })
}

/// The whole file from its start, read on until its end (or just past the
/// limit, which is then refused), whatever its size was when looked at.
fn read_to_end(file: std::fs::File, len: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let capacity = usize::try_from(len.min(MAX_INPUT_BYTES)).unwrap_or(0);
    let mut buffer = Vec::with_capacity(capacity.saturating_add(1));
    crate::hugepages::advise(&mut buffer);
    file.take(MAX_INPUT_BYTES + 1).read_to_end(&mut buffer)?;
    if buffer.len() as u64 > MAX_INPUT_BYTES {
        return Err(std::io::Error::other(format!(
            "larger than the {MAX_INPUT_BYTES}-byte limit for worlds"
        )));
    }
    Ok(buffer)
}

/// Files at least this large are read by two threads: a thread costs
/// ~0.1 ms to start, a megabyte ~0.3 ms to read into fresh pages.
const TWO_THREAD_READ_MIN_BYTES: u64 = 2 << 20;

/// Pieces a large file is read in, each claimed by whichever of two
/// threads is free: the size of a huge page, on huge-page boundaries.
const READ_PIECE_BYTES: usize = 2 << 20;

/// A large file read by two threads at once: the kernel's copy and the
/// zeroing of the fresh pages it copies into are most of a large world's
/// read, and one core would otherwise idle through them. The threads claim
/// 2 MiB pieces in turn rather than a half each: on this virtual machine a
/// fresh page costs from one to several microseconds, so one thread's half
/// can take three times the other's, and the other then takes over.
/// `None` when the file is small, or is no longer `len` bytes long (it
/// changed since it was looked at): then it is read from its start by
/// [`read_to_end`], as if this had not been tried.
#[cfg(unix)]
fn read_in_pieces(file: &std::fs::File, len: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::os::unix::fs::FileExt;
    if !(TWO_THREAD_READ_MIN_BYTES..=MAX_INPUT_BYTES).contains(&len) {
        return Ok(None);
    }
    let Ok(len) = usize::try_from(len) else {
        return Ok(None);
    };
    // Zeroed memory this large comes from fresh pages the allocator does
    // not write, so the advice still comes before the first touch.
    let mut buffer = vec![0u8; huge_page_friendly_size(len)];
    crate::hugepages::advise(&mut buffer);
    let text = &mut buffer[..len];
    // Pieces start where huge pages do, so two threads never zero one.
    let to_boundary = text.as_ptr().addr().wrapping_neg() % READ_PIECE_BYTES;
    let (first, rest) = text.split_at_mut(to_boundary.min(len));
    let mut offset = 0;
    let pieces: Vec<(u64, &mut [u8])> = std::iter::once(first)
        .chain(rest.chunks_mut(READ_PIECE_BYTES))
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let at = offset as u64;
            offset += piece.len();
            (at, piece)
        })
        .collect();
    let pieces = std::sync::Mutex::new(pieces.into_iter());
    // Whether every piece claimed was read whole; a thread that meets the
    // file's end (or an error) takes the rest so the other stops early.
    let read_pieces = || -> std::io::Result<bool> {
        loop {
            let Ok(mut unread) = pieces.lock() else {
                return Ok(false);
            };
            let Some((at, piece)) = unread.next() else {
                return Ok(true);
            };
            drop(unread);
            let whole = read_exactly_at(file, piece, at);
            if !matches!(whole, Ok(true)) {
                if let Ok(mut unread) = pieces.lock() {
                    unread.by_ref().for_each(drop);
                }
                return whole;
            }
        }
    };
    let whole = std::thread::scope(|scope| {
        let other = scope.spawn(read_pieces);
        let mine = read_pieces();
        // A panic there is not ours to raise: the plain read decides.
        let other = other.join().unwrap_or(Ok(false));
        Ok::<bool, std::io::Error>(mine? && other?)
    })?;
    // One byte more would mean the file grew since it was looked at.
    if !whole || file.read_at(&mut [0], len as u64)? != 0 {
        return Ok(None);
    }
    buffer.truncate(len);
    #[cfg(test)]
    tests::PIECEWISE_READS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Ok(Some(buffer))
}

/// A size of at least `len` bytes whose allocation the kernel can back
/// almost wholly with 2 MiB pages. It does so only for whole aligned 2 MiB
/// ranges of a mapping the allocator has not touched yet; glibc maps a
/// large allocation on its own, with a header on its first page, and Linux
/// here places that mapping to end on a 2 MiB boundary, so what stays in
/// 4 KiB pages is the mapping's first (size mod 2 MiB): ~1.5 MiB, 390
/// faults, for the 12 MB world read exactly. A whole number of 2 MiB plus
/// the header's page leaves that one page. Elsewhere (another allocator,
/// another placement) the size only costs unused address space: the pages
/// past the text's last 2 MiB are never touched.
fn huge_page_friendly_size(len: usize) -> usize {
    const HUGE: usize = 2 << 20;
    // glibc's mapping: the request, an 8-byte size field before it, and
    // 16-byte rounding, then rounded up to whole pages.
    const OVERHEAD: usize = 32;
    len.div_ceil(HUGE)
        .saturating_mul(HUGE)
        .saturating_add(4096 - OVERHEAD)
}

#[cfg(not(unix))]
fn read_in_pieces(_file: &std::fs::File, _len: u64) -> std::io::Result<Option<Vec<u8>>> {
    Ok(None)
}

/// Fills `buffer` from `offset`; `false` if the file ends before.
#[cfg(unix)]
fn read_exactly_at(file: &std::fs::File, buffer: &mut [u8], offset: u64) -> std::io::Result<bool> {
    use std::os::unix::fs::FileExt;
    match file.read_exact_at(buffer, offset) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(false),
        Err(e) => Err(e),
    }
}

/// Why a scenario's world could not be built: a position in the scenario
/// file (an `import` node, or the declaration the engine refused).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorldError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for WorldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

impl std::error::Error for WorldError {}

/// The world a scenario starts from: the worlds its `import` nodes name,
/// each read relative to the scenario file (`scenario_path`) and merged in
/// order, with its declared images and containers applied on top. Only the
/// named files are read.
pub fn scenario_world(scenario: &Scenario, scenario_path: &Path) -> Result<World, WorldError> {
    let base = scenario_path.parent().unwrap_or_else(|| Path::new(""));
    let mut imported: Option<World> = None;
    for import in &scenario.world.imports {
        let at = |message: String| WorldError {
            path: scenario_path.to_path_buf(),
            line: import.span.line,
            column: import.span.column,
            message: format!("import {:?}: {message}", import.value),
        };
        let relative = Path::new(&import.value);
        if relative.is_absolute() {
            return Err(at(
                "the path must be relative to the scenario file".to_owned()
            ));
        }
        let world = read_world(&base.join(relative)).map_err(|e| at(e.0))?;
        imported = Some(match imported {
            None => world,
            Some(mut so_far) => {
                merge_world(&mut so_far, world).map_err(at)?;
                so_far
            }
        });
    }
    world_build::build_on(scenario, imported).map_err(|e| WorldError {
        path: scenario_path.to_path_buf(),
        line: e.line,
        column: e.column,
        message: e.message,
    })
}

/// Adds a later import's objects to the world imported so far; the same
/// container name or ID, image ID, network or volume name twice is an error.
fn merge_world(into: &mut World, next: World) -> Result<(), String> {
    for c in next.containers {
        if into
            .containers
            .iter()
            .any(|o| o.id() == c.id() || o.name() == c.name())
        {
            return Err(format!("container {} is already imported", c.name()));
        }
        into.containers.push(c);
    }
    for i in next.images {
        if into.images.iter().any(|o| o.id() == i.id()) {
            return Err(format!("image {} is already imported", i.id()));
        }
        into.images.push(i);
    }
    let name = |d: &serde_json::Value| {
        d.get("Name")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    for n in next.networks {
        // Every host has bridge, host and none; keep the first import's.
        let n_name = name(&n);
        if into.networks.iter().any(|o| name(o) == n_name) {
            if matches!(n_name.as_str(), "bridge" | "host" | "none") {
                continue;
            }
            return Err(format!("network {n_name} is already imported"));
        }
        into.networks.push(n);
    }
    for v in next.volumes {
        if into.volumes.iter().any(|o| name(o) == name(&v)) {
            return Err(format!("volume {} is already imported", name(&v)));
        }
        into.volumes.push(v);
    }
    into.containers
        .sort_by_key(crate::engine::Container::created);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{MAX_INPUT_BYTES, TWO_THREAD_READ_MIN_BYTES, read_text};
    use std::path::PathBuf;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// How many reads two threads made (rather than falling back to one).
    pub(super) static PIECEWISE_READS: AtomicUsize = AtomicUsize::new(0);

    fn file(name: &str, bytes: &[u8]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("dockdrill-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("test dir");
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("test file");
        path
    }

    /// `len` bytes of printable ASCII whose pattern does not repeat every
    /// 2 MiB, so a piece read into the wrong place shows.
    fn ascii(len: usize) -> Vec<u8> {
        (0..len)
            .map(|i| b' ' + u8::try_from(i % 95).unwrap_or(0))
            .collect()
    }

    /// Texts past the two-thread size with a character of 1 to 4 bytes
    /// starting at each place around the middle and around 2 MiB.
    fn texts_around_the_middle() -> Vec<Vec<u8>> {
        let len = usize::try_from(TWO_THREAD_READ_MIN_BYTES).unwrap_or(0) + 7;
        let mut texts = Vec::new();
        for character in ["a", "é", "€", "😀"] {
            for at in (len / 2 - 4..=len / 2 + 1).chain((2 << 20) - 4..=(2 << 20) + 1) {
                let mut text = ascii(len);
                text[at..at + character.len()].copy_from_slice(character.as_bytes());
                texts.push(text);
            }
        }
        texts
    }

    #[test]
    fn a_large_file_reads_whole_with_characters_across_its_middle() {
        for (i, text) in texts_around_the_middle().into_iter().enumerate() {
            let path = file(&format!("whole-{i}"), &text);
            let before = PIECEWISE_READS.load(Ordering::Relaxed);
            let read = read_text(&path, text.len() as u64).expect("valid UTF-8 reads");
            assert!(read.as_bytes() == &text[..], "text {i}");
            assert!(
                PIECEWISE_READS.load(Ordering::Relaxed) > before,
                "two threads read it"
            );
        }
    }

    #[test]
    fn invalid_utf8_anywhere_in_a_large_file_is_refused_alike() {
        let len = usize::try_from(TWO_THREAD_READ_MIN_BYTES).unwrap_or(0) + 3;
        let mut places = vec![0, 1, len - 1];
        places.extend(len / 2 - 4..=len / 2 + 4);
        for at in places {
            // A lone continuation byte, and a character cut short.
            for bad in [&[0x80u8][..], &[0xe2, 0x82]] {
                let mut text = vec![b'x'; len];
                let end = (at + bad.len()).min(len);
                text[at..end].copy_from_slice(&bad[..end - at]);
                let path = file(&format!("bad-{at}-{}", bad.len()), &text);
                let e = read_text(&path, len as u64).expect_err("invalid UTF-8 is refused");
                assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
                assert_eq!(e.to_string(), "stream did not contain valid UTF-8");
            }
        }
    }

    #[test]
    fn a_file_that_changed_size_since_it_was_looked_at_reads_as_it_is_now() {
        for (name, text) in [
            ("changed", texts_around_the_middle().swap_remove(10)),
            ("changed-large", ascii((11 << 20) + 3)),
        ] {
            let path = file(name, &text);
            let now = text.len() as u64;
            // Looked at when it was smaller (it grew), larger (it shrank),
            // or so small that it would have been read by one thread.
            for then in [now, now - 1, now - 4096, now + 1, now + 5000, now * 2, 10] {
                let read = read_text(&path, then).expect("reads");
                assert!(
                    read.as_bytes() == &text[..],
                    "{name} looked at as {then} bytes"
                );
            }
        }
    }

    #[test]
    fn a_file_looked_at_past_the_limit_is_read_by_one_thread() {
        let text = b"{}".to_vec();
        let path = file("limit", &text);
        let read = read_text(&path, MAX_INPUT_BYTES + 1).expect("reads");
        assert_eq!(read.as_bytes(), &text[..]);
    }
}
