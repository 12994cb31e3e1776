//! Replays recorded docker CLI cases (the conformance corpus format:
//! `worlds/<world>/world.json` + `worlds/<world>/NNN.json`) in-process.

use std::path::{Path, PathBuf};

use dockdrill::engine::{Timestamp, World};
use dockdrill::session::Session;

/// One recorded command and what the real docker CLI printed.
pub struct Case {
    pub id: String,
    pub command: String,
    pub now: String,
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

/// What the simulator printed for a case that differs.
pub struct Mismatch {
    pub case: Case,
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

impl Mismatch {
    /// A readable account: the command, then each differing stream.
    pub fn describe(&self) -> String {
        let c = &self.case;
        let mut s = format!("=== {}: {}\n", c.id, c.command);
        if self.stdout != c.stdout {
            s.push_str(&format!(
                "--- stdout want\n{}--- stdout got\n{}",
                c.stdout, self.stdout
            ));
        }
        if self.stderr != c.stderr {
            s.push_str(&format!(
                "--- stderr want\n{}--- stderr got\n{}",
                c.stderr, self.stderr
            ));
        }
        if self.exit_code != c.exit_code {
            s.push_str(&format!(
                "--- exit want {} got {}\n",
                c.exit_code, self.exit_code
            ));
        }
        s
    }
}

/// The world folders under `root`, sorted; `None` when `root` is missing.
pub fn world_dirs(root: &Path) -> Option<Vec<PathBuf>> {
    let entries = std::fs::read_dir(root).ok()?;
    let mut dirs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("world.json").exists())
        .collect();
    dirs.sort();
    Some(dirs)
}

fn load_cases(world_dir: &Path) -> Vec<Case> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(world_dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.as_bytes()[0].is_ascii_digit() && n.ends_with(".json"))
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("case file reads");
            let v: serde_json::Value = serde_json::from_str(&text).expect("case file is JSON");
            let field = |k: &str| v[k].as_str().expect("case field").to_owned();
            Case {
                id: format!(
                    "{}/{}",
                    world_dir.file_name().unwrap_or_default().to_string_lossy(),
                    p.file_stem().unwrap_or_default().to_string_lossy()
                ),
                command: field("command"),
                now: field("now"),
                stdout: field("stdout"),
                stderr: field("stderr"),
                exit_code: i32::try_from(v["exit_code"].as_i64().expect("exit_code"))
                    .expect("exit code fits"),
            }
        })
        .collect()
}

/// Runs every case of one world; returns the case count and the mismatches.
pub fn replay_world(world_dir: &Path) -> (usize, Vec<Mismatch>) {
    let text = std::fs::read_to_string(world_dir.join("world.json")).expect("world reads");
    let world = World::from_inspect_json(&text, "world").expect("recorded world imports");
    let cases = load_cases(world_dir);
    let total = cases.len();
    let mut mismatches = Vec::new();
    for case in cases {
        let mut session = Session::new(world.clone(), &["docker".to_owned(), "curl".to_owned()]);
        session.set_clock(Timestamp::parse(&case.now).expect("recorded time parses"));
        let out = session.run_line(&case.command);
        if out.stdout() != case.stdout
            || out.stderr() != case.stderr
            || out.status != case.exit_code
        {
            mismatches.push(Mismatch {
                case,
                stdout: out.stdout().to_owned(),
                stderr: out.stderr().to_owned(),
                exit_code: out.status,
            });
        }
    }
    (total, mismatches)
}
