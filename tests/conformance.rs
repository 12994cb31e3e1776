//! Scores the simulator against the shared Docker CLI corpus (real docker
//! 28.2.2 output) in-process, and fails when the figure drops below the
//! published floor.

use std::path::{Path, PathBuf};

use dockdrill::engine::{Timestamp, World};
use dockdrill::session::Session;

/// Cases that must stay byte-identical (stdout, stderr and exit code).
/// Raise it when conformance improves; never lower it to make a change pass.
const MIN_IDENTICAL_PERCENT: f64 = 0.0;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/worlds")
}

struct Case {
    id: String,
    command: String,
    now: String,
    stdout: String,
    stderr: String,
    exit_code: i32,
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
        .filter_map(|p| {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&p).ok()?).ok()?;
            Some(Case {
                id: format!(
                    "{}/{}",
                    world_dir.file_name()?.to_string_lossy(),
                    p.file_stem()?.to_string_lossy()
                ),
                command: v["command"].as_str()?.to_owned(),
                now: v["now"].as_str()?.to_owned(),
                stdout: v["stdout"].as_str()?.to_owned(),
                stderr: v["stderr"].as_str()?.to_owned(),
                exit_code: i32::try_from(v["exit_code"].as_i64()?).ok()?,
            })
        })
        .collect()
}

#[test]
fn shared_corpus_stays_above_the_published_floor() {
    let dir = corpus_dir();
    let Ok(worlds) = std::fs::read_dir(&dir) else {
        assert!(
            std::env::var_os("DOCKDRILL_REQUIRE_CORPUS").is_none(),
            "no conformance corpus at {}",
            dir.display()
        );
        eprintln!("skipped: no conformance corpus at {}", dir.display());
        return;
    };
    let mut world_dirs: Vec<PathBuf> = worlds
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("world.json").exists())
        .collect();
    world_dirs.sort();
    let (mut total, mut identical) = (0usize, 0usize);
    let mut mismatches = Vec::new();
    for world_dir in world_dirs {
        let text = std::fs::read_to_string(world_dir.join("world.json")).unwrap_or_default();
        let world = World::from_inspect_json(&text, "world").expect("corpus world imports");
        for case in load_cases(&world_dir) {
            total += 1;
            let mut session =
                Session::new(world.clone(), &["docker".to_owned(), "curl".to_owned()]);
            session.set_clock(Timestamp::parse(&case.now).expect("corpus time"));
            let out = session.run_line(&case.command);
            if out.stdout == case.stdout
                && out.stderr == case.stderr
                && out.status == case.exit_code
            {
                identical += 1;
            } else {
                mismatches.push(case.id.clone());
            }
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let percent = 100.0 * identical as f64 / total.max(1) as f64;
    eprintln!("conformance: {identical}/{total} identical ({percent:.1}%)");
    assert!(
        percent >= MIN_IDENTICAL_PERCENT,
        "conformance fell to {percent:.1}% (floor {MIN_IDENTICAL_PERCENT}%); mismatching: {}",
        mismatches.join(", ")
    );
}
