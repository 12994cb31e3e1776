//! Shared pieces: case counts, the property runner, fixtures and strategies.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use dockdrill::engine::World;
use dockdrill::scenario::Scenario;
use dockdrill::shell::{CommandOutput, Host};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Counts the heap each thread holds, so a property can bound what one input
/// may allocate. Per thread, because tests run in parallel; memory freed by
/// another thread than the one that allocated it only makes the figure lower.
struct CountingAllocator;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn track(delta: isize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| {
            if now > peak.get() {
                peak.set(now);
            }
        });
    });
}

// SAFETY: every call is forwarded unchanged to the system allocator; the
// bookkeeping only touches const-initialised thread-locals, which never
// allocate.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            track(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            track(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        track(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            track(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Most heap one generated input may hold at once on its thread: several
/// times the largest output limit (16 MiB), far below the machine.
pub const CASE_HEAP_LIMIT: isize = 512 << 20;

/// Runs `f` and returns its result with the peak extra heap it held.
pub fn peak_heap<T>(f: impl FnOnce() -> T) -> (T, isize) {
    let start = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(start));
    let value = f();
    let peak = PEAK.with(Cell::get);
    (value, peak - start)
}

/// How many cases a property runs: `PROPTEST_CASES` when set (the long
/// run), otherwise `default` (kept small so `cargo test` stays fast).
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Cases for the expensive properties (whole grades, docker on a world):
/// a tenth of `PROPTEST_CASES` when it is set.
pub fn heavy_cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
        .map_or(default, |n| (n / 10).max(1))
}

/// Cases for properties that start a process per input: a thousandth of
/// `PROPTEST_CASES` when it is set.
pub fn process_cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
        .map_or(default, |n| (n / 1000).max(1))
}

/// No single generated input may take longer than this, even in a debug
/// build on a loaded machine: "terminates" made checkable.
pub const CASE_TIME_LIMIT: Duration = Duration::from_secs(20);

/// Runs `property` over `cases` inputs from `strategy`, deterministically
/// seeded (set `PROPTEST_SEED` to explore other inputs), and prints how many
/// cases ran, which is how the long run is counted. Fails with the shrunk
/// input.
pub fn check<S>(
    name: &str,
    cases: u32,
    strategy: S,
    property: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S: Strategy,
    S::Value: std::fmt::Debug,
{
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    };
    let seed = std::env::var("PROPTEST_SEED")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0x0d0c_d411);
    let mut seed_bytes = [0u8; 32];
    for (i, chunk) in seed_bytes.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(&(seed.wrapping_add(i as u64)).to_le_bytes());
    }
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let ran = AtomicU64::new(0);
    let started = Instant::now();
    let result = runner.run(&strategy, |value| {
        ran.fetch_add(1, Ordering::Relaxed);
        let t = Instant::now();
        let (outcome, heap) = peak_heap(|| property(value));
        let took = t.elapsed();
        prop_assert!(
            took < CASE_TIME_LIMIT,
            "one input took {took:?}, over the {CASE_TIME_LIMIT:?} limit"
        );
        prop_assert!(
            heap < CASE_HEAP_LIMIT,
            "one input held {heap} bytes of heap at once, over the {CASE_HEAP_LIMIT}-byte limit"
        );
        outcome
    });
    println!(
        "property {name}: {} inputs (incl. shrinking) in {:.1}s",
        ran.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("property {name} failed: {e}");
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn scenario_path() -> PathBuf {
    repo().join("scenarios/latest-drifted.kdl")
}

pub fn scenario_text() -> String {
    std::fs::read_to_string(scenario_path()).expect("shipped scenario")
}

pub fn scenario() -> Scenario {
    dockdrill::scenario::load(&scenario_path()).expect("shipped scenario parses")
}

/// Every shipped solution transcript of latest-drifted, as text.
pub fn solution_texts() -> Vec<(String, String)> {
    let dir = repo().join("solutions/latest-drifted");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("solutions dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "transcript"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).expect("solution"))
        })
        .collect()
}

/// The richest world of the shared conformance corpus when it is present,
/// else the one the shipped scenario builds: docker properties always run.
pub fn corpus_world_text() -> Option<String> {
    let path = repo().join("../shared/conformance/worlds/mixed/world.json");
    std::fs::read_to_string(path).ok()
}

pub fn corpus_world() -> World {
    match corpus_world_text() {
        Some(text) => World::from_inspect_json(&text, "mixed").expect("corpus world imports"),
        None => dockdrill::world_build::build(&scenario()).expect("scenario world builds"),
    }
}

/// Names of things in `world` a generated command can refer to.
pub fn world_names(world: &World) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for c in &world.containers {
        names.push(c.name().trim_start_matches('/').to_owned());
        names.push(c.id().chars().take(12).collect());
    }
    for i in &world.images {
        names.extend(i.repo_tags());
        names.push(
            i.id()
                .trim_start_matches("sha256:")
                .chars()
                .take(12)
                .collect(),
        );
    }
    names.sort();
    names.dedup();
    names.truncate(40);
    names
}

/// A host that answers every tool deterministically from its argv and
/// remembers nothing but a count: for testing the shell on its own.
pub struct FakeHost {
    pub calls: usize,
}

impl Host for FakeHost {
    fn run(&mut self, argv: &[String], stdin: &str) -> CommandOutput {
        self.calls += 1;
        let program = argv.first().map_or("", String::as_str);
        match program {
            "sleep" => CommandOutput::default(),
            "fail" => CommandOutput::failure(format!("{program}: no\n"), 3),
            _ => CommandOutput::success(format!("{}|{}\n", argv.join(" "), stdin.len())),
        }
    }
}

/// Text made of pieces from `alphabet` and arbitrary characters: close to
/// the grammar, so inputs get past the first token, with noise in between.
pub fn text_from(alphabet: &'static [&'static str], max_pieces: usize) -> BoxedStrategy<String> {
    let piece = prop_oneof![
        6 => proptest::sample::select(alphabet).prop_map(str::to_owned),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => "[ -~]{0,6}",
    ];
    proptest::collection::vec(piece, 0..max_pieces)
        .prop_map(|pieces| pieces.concat())
        .boxed()
}

/// `base` with a few random edits (deletions, insertions from `alphabet`,
/// duplications), on character boundaries.
pub fn mutated(base: String, alphabet: &'static [&'static str]) -> BoxedStrategy<String> {
    let edit = (
        0usize..3,
        any::<prop::sample::Index>(),
        0usize..40,
        proptest::sample::select(alphabet),
    );
    proptest::collection::vec(edit, 1..6)
        .prop_map(move |edits| {
            let mut chars: Vec<char> = base.chars().collect();
            for (kind, at, len, piece) in edits {
                let at = at.index(chars.len() + 1);
                let end = (at + len).min(chars.len());
                match kind {
                    0 => {
                        chars.drain(at..end);
                    }
                    1 => {
                        let insert: Vec<char> = piece.chars().collect();
                        chars.splice(at..at, insert);
                    }
                    _ => {
                        let copy: Vec<char> = chars[at..end].to_vec();
                        chars.splice(at..at, copy);
                    }
                }
            }
            chars.into_iter().collect()
        })
        .boxed()
}

/// Arbitrary JSON, with keys a Docker inspect document uses so that
/// generated values land where the engine looks.
pub fn json_value() -> BoxedStrategy<serde_json::Value> {
    use serde_json::Value as J;
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i64>().prop_map(J::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(J::Null, J::Number)),
        proptest::sample::select(JSON_STRINGS).prop_map(|s| J::String(s.to_owned())),
        ".{0,12}".prop_map(J::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(J::Array),
            proptest::collection::vec((proptest::sample::select(JSON_KEYS), inner), 0..6).prop_map(
                |entries| {
                    J::Object(
                        entries
                            .into_iter()
                            .map(|(k, v)| (k.to_owned(), v))
                            .collect(),
                    )
                }
            ),
        ]
    })
    .boxed()
}

pub const JSON_KEYS: &[&str] = &[
    "Id",
    "Name",
    "Names",
    "Image",
    "State",
    "Status",
    "Running",
    "Config",
    "HostConfig",
    "NetworkSettings",
    "Ports",
    "Labels",
    "Env",
    "Cmd",
    "Created",
    "StartedAt",
    "FinishedAt",
    "RepoTags",
    "RepoDigests",
    "Size",
    "_SizeRw",
    "_SizeRootFs",
    "_logs",
    "time",
    "stream",
    "line",
    "Mounts",
    "Networks",
    "RestartPolicy",
    "PortBindings",
    "HostPort",
    "HostIp",
    "ExitCode",
    "Health",
    "now",
    "containers",
    "images",
    "networks",
    "volumes",
];

pub const JSON_STRINGS: &[&str] = &[
    "",
    "web",
    "/web",
    "running",
    "exited",
    "sha256:a17e5d3c9b822719f02352a5eb2d902ac2fee121b15b2cbff91c9a9ef97d9059",
    "myapp:latest",
    "2026-11-27T00:20:56Z",
    "0001-01-01T00:00:00Z",
    "2026-13-45T99:99:99Z",
    "8080/tcp",
    "0.0.0.0",
    "stdout",
    "stderr",
    "-1",
    "9999999999999999999999",
];

/// Reads a whole directory tree (relative path → bytes), for "nothing
/// changed here" assertions.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            let rel = p.strip_prefix(root).unwrap_or(&p).to_path_buf();
            if p.is_dir() {
                out.push((rel, b"<dir>".to_vec()));
                walk(root, &p, out);
            } else {
                out.push((rel, std::fs::read(&p).unwrap_or_default()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

/// A fresh, empty directory under the system temp dir, unique to this test.
pub fn temp_dir(label: &str) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!(
        "dockdrill-robust-{}-{label}-{n}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
