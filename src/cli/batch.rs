//! `dockdrill grade SCENARIO --batch DIR|-`: many transcripts, one scenario,
//! one JSON Lines verdict per transcript, graded on every core.
//!
//! The scenario is parsed and its world built once; each transcript replays
//! from a copy. Output order is the input order (file names sorted, or the
//! stream's order) whatever the thread count, so runs diff cleanly.
//!
//! `-` reads transcripts from stdin separated by NUL bytes (`\0`), which no
//! transcript can contain: `for f in *.transcript; do cat "$f"; printf '\0'; done`.
//! They are named `-#1`, `-#2`, ... in stream order.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::EXIT_BAD_INPUT;
use super::replays::Replays;
use crate::engine::World;
use crate::report;
use crate::scenario::Scenario;
use crate::shard::Shard;
use crate::transcript::{self, MAX_TRANSCRIPT_BYTES};

#[derive(Args, Debug, Default)]
pub struct BatchArgs {
    /// Grade every `*.transcript` under DIR (recursively; names are paths
    /// relative to DIR), or NUL-separated transcripts on stdin (`-`).
    /// Prints JSON Lines, one verdict per transcript.
    #[arg(long, value_name = "DIR|-")]
    pub batch: Option<String>,
    /// Grade only shard I of N (1-based), chosen by a stable hash of each
    /// transcript's name: N runs with I = 1..N split the batch exactly.
    #[arg(long, value_name = "I/N", requires = "batch")]
    pub shard: Option<Shard>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N", requires = "batch")]
    pub jobs: Option<usize>,
}

/// Transcripts graded between two writes: bounds memory on huge batches
/// while giving every worker plenty to do.
const CHUNK: usize = 4096;
/// Directory levels searched below DIR.
const MAX_DEPTH: usize = 16;

/// One transcript to grade: its name and its bytes (or why they are missing).
struct Item {
    name: String,
    bytes: Result<Vec<u8>, String>,
}

pub fn run(scenario_path: &Path, scenario: &Scenario, args: &BatchArgs) -> ExitCode {
    // Built (imports read) once for the whole batch.
    let start = match crate::session::scenario_world(scenario, scenario_path) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let shard = args.shard.unwrap_or(Shard::ALL);
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let mut tally = Tally::default();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let source = args.batch.as_deref().unwrap_or("-");
    let result = if source == "-" {
        let stdin = std::io::stdin();
        let mut reader = stdin.lock();
        let mut ordinal = 0usize;
        let mut next = || -> Option<Item> {
            loop {
                let record = read_record(&mut reader)?;
                ordinal += 1;
                let name = format!("-#{ordinal}");
                if shard.contains(&name) {
                    return Some(Item {
                        name,
                        bytes: record,
                    });
                }
            }
        };
        grade_all(scenario, &start, jobs, &mut next, &mut out, &mut tally)
    } else {
        let root = PathBuf::from(source);
        let names = match transcript_names(&root) {
            Ok(n) => n,
            Err(e) => {
                eprintln!("{source}: {e}");
                return ExitCode::from(EXIT_BAD_INPUT);
            }
        };
        let mut names = names.into_iter().filter(|n| shard.contains(n));
        let mut next = || {
            names.next().map(|name| {
                let bytes = read_bounded(&root.join(&name));
                Item { name, bytes }
            })
        };
        grade_all(scenario, &start, jobs, &mut next, &mut out, &mut tally)
    };
    if let Err(e) = result.and_then(|()| out.flush()) {
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("dockdrill grade --batch: {e}");
        }
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    tally.exit_code()
}

#[derive(Default)]
struct Tally {
    failed: usize,
    unreadable: usize,
}

impl Tally {
    /// 2 if any transcript could not be read, else 1 if any failed, else 0.
    fn exit_code(&self) -> ExitCode {
        if self.unreadable > 0 {
            ExitCode::from(EXIT_BAD_INPUT)
        } else if self.failed > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Pulls items in chunks, grades each chunk on `jobs` threads, and writes
/// the verdicts in item order.
fn grade_all(
    scenario: &Scenario,
    start: &World,
    jobs: usize,
    next: &mut dyn FnMut() -> Option<Item>,
    out: &mut dyn Write,
    tally: &mut Tally,
) -> std::io::Result<()> {
    let replays = Replays::default();
    loop {
        let chunk: Vec<Item> = std::iter::from_fn(&mut *next).take(CHUNK).collect();
        if chunk.is_empty() {
            return Ok(());
        }
        let lines = grade_chunk(scenario, start, &replays, jobs, &chunk);
        for line in lines {
            match line.outcome {
                Outcome::Pass => {}
                Outcome::Fail => tally.failed += 1,
                Outcome::Unreadable => tally.unreadable += 1,
            }
            out.write_all(line.json.as_bytes())?;
        }
    }
}

enum Outcome {
    Pass,
    Fail,
    Unreadable,
}

struct Line {
    outcome: Outcome,
    json: String,
}

fn grade_chunk(
    scenario: &Scenario,
    start: &World,
    replays: &Replays,
    jobs: usize,
    chunk: &[Item],
) -> Vec<Line> {
    let jobs = jobs.clamp(1, chunk.len().max(1));
    if jobs == 1 {
        return chunk
            .iter()
            .map(|i| grade_one(scenario, start, replays, i))
            .collect();
    }
    // Workers claim items one at a time, so a slow transcript never holds
    // up a whole slice; results are put back in item order afterwards.
    let claimed = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<Line>> = std::iter::repeat_with(|| None).take(chunk.len()).collect();
    let done: Vec<Vec<(usize, Line)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = claimed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = chunk.get(i) else {
                            return mine;
                        };
                        mine.push((i, grade_one(scenario, start, replays, item)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_default())
            .collect()
    });
    for (i, line) in done.into_iter().flatten() {
        if let Some(slot) = slots.get_mut(i) {
            *slot = Some(line);
        }
    }
    // A worker that panicked left its slots empty: say so rather than drop them.
    slots
        .into_iter()
        .zip(chunk)
        .map(|(slot, item)| {
            slot.unwrap_or_else(|| {
                error_line(
                    &item.name,
                    "internal error while grading (a bug in dockdrill)",
                )
            })
        })
        .collect()
}

fn grade_one(scenario: &Scenario, start: &World, replays: &Replays, item: &Item) -> Line {
    let bytes = match &item.bytes {
        Ok(b) => b,
        Err(e) => return error_line(&item.name, e),
    };
    let parsed = match transcript::parse_bytes(bytes) {
        Ok(t) => t,
        Err(e) => return error_line(&item.name, &e.to_string()),
    };
    let verdict = match replays.grade(scenario, start, &parsed, &item.name) {
        Ok(v) => v,
        Err(e) => return error_line(&item.name, &e.to_string()),
    };
    Line {
        outcome: if verdict.passed() {
            Outcome::Pass
        } else {
            Outcome::Fail
        },
        json: report::json::verdict_line(&verdict),
    }
}

/// A transcript that could not be graded: `"verdict": "error"` and why
/// (`LINE:COLUMN: message` when the text was at fault).
fn error_line(name: &str, error: &str) -> Line {
    let doc = serde_json::json!({
        "transcript": name,
        "verdict": "error",
        "error": error,
    });
    Line {
        outcome: Outcome::Unreadable,
        json: format!("{doc}\n"),
    }
}

/// The next NUL-terminated record of the stream (the last may lack its NUL),
/// or `None` at the end. A record over the size limit is skipped to its NUL
/// and reported as an error, so one bad submission cannot sink the batch.
fn read_record<R: BufRead>(reader: &mut R) -> Option<Result<Vec<u8>, String>> {
    let limit = MAX_TRANSCRIPT_BYTES as u64 + 1;
    let mut record = Vec::new();
    match std::io::Read::take(reader.by_ref(), limit).read_until(0, &mut record) {
        Ok(0) => return None,
        Ok(_) => {}
        Err(e) => return Some(Err(format!("reading stdin: {e}"))),
    }
    if record.last() == Some(&0) {
        record.pop();
        return Some(Ok(record));
    }
    if record.len() as u64 >= limit {
        let mut skipped = Vec::new();
        loop {
            skipped.clear();
            match std::io::Read::take(reader.by_ref(), limit).read_until(0, &mut skipped) {
                Ok(0) | Err(_) => break,
                Ok(_) if skipped.last() == Some(&0) => break,
                Ok(_) => {}
            }
        }
        return Some(Err(format!(
            "larger than the {MAX_TRANSCRIPT_BYTES}-byte limit for transcripts"
        )));
    }
    Some(Ok(record))
}

/// Every `*.transcript` below `root`, as `/`-separated paths relative to
/// it, sorted: names do not depend on where the directory is mounted, so a
/// transcript lands in the same shard on every machine.
fn transcript_names(root: &Path) -> Result<Vec<String>, String> {
    if !root.is_dir() {
        return Err("not a directory".to_owned());
    }
    let mut names = Vec::new();
    let mut pending = vec![(root.to_path_buf(), String::new(), 0usize)];
    while let Some((dir, prefix, depth)) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let name = format!("{prefix}{file_name}");
            // Symlinks are not followed: a loop must not hang the grader.
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() && depth < MAX_DEPTH {
                pending.push((entry.path(), format!("{name}/"), depth + 1));
            } else if kind.is_file() && file_name.ends_with(".transcript") {
                names.push(name);
            }
        }
    }
    names.sort();
    Ok(names)
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.len() > MAX_TRANSCRIPT_BYTES as u64 {
        return Err(format!(
            "larger than the {MAX_TRANSCRIPT_BYTES}-byte limit for transcripts"
        ));
    }
    std::fs::read(path).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_records_split_on_nul_and_last_may_lack_it() {
        let mut input: &[u8] = b"$ a\n\0$ b\n\0$ c\n";
        let mut got = Vec::new();
        while let Some(r) = read_record(&mut input) {
            got.push(String::from_utf8(r.unwrap_or_default()).unwrap_or_default());
        }
        assert_eq!(got, ["$ a\n", "$ b\n", "$ c\n"]);
    }

    #[test]
    fn oversized_stream_record_is_an_error_and_the_next_one_still_reads() {
        let mut data = vec![b'x'; MAX_TRANSCRIPT_BYTES + 10];
        data.push(0);
        data.extend_from_slice(b"$ ok\n");
        let mut input: &[u8] = &data;
        assert!(read_record(&mut input).is_some_and(|r| r.is_err()));
        assert_eq!(read_record(&mut input), Some(Ok(b"$ ok\n".to_vec())));
        assert_eq!(read_record(&mut input), None);
    }
}
