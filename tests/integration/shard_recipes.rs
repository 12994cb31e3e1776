//! The scale-out recipes in examples/ do what docs/PERFORMANCE.md says:
//! run for every shard (GitHub Actions matrix entry, Kubernetes completion
//! index), they grade every submission exactly once.
//!
//! Each test lifts the grading script out of the example file as written,
//! fills in what the platform would (matrix values, JOB_COMPLETION_INDEX),
//! and runs it with the dockdrill binary under test first on PATH.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch directory unique to this test process and test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dockdrill-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A course's submissions: the shipped solutions, each handed in by many
/// students, in a directory per student.
fn submissions(dir: &Path) -> Vec<String> {
    let sols: Vec<PathBuf> = {
        let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("solutions/latest-drifted"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        v
    };
    let mut names = Vec::new();
    for student in 0..37 {
        let sol = &sols[student % sols.len()];
        let rel = format!("student-{student:03}/attempt.transcript");
        std::fs::create_dir_all(dir.join(format!("student-{student:03}"))).unwrap();
        std::fs::copy(sol, dir.join(&rel)).unwrap();
        names.push(rel);
    }
    names.sort();
    names
}

/// The lines of the YAML block scalar (`- |` or `run: |`) that follows the
/// first line containing `marker`, dedented.
fn block_after(yaml: &str, marker: &str) -> String {
    let mut lines = yaml.lines().skip_while(|l| !l.contains(marker));
    let opener = lines
        .find(|l| l.trim_end().ends_with('|'))
        .unwrap_or_else(|| panic!("no block scalar after {marker}"));
    let opener_indent = opener.len() - opener.trim_start().len();
    let body: Vec<&str> = lines
        .take_while(|l| l.trim().is_empty() || l.len() - l.trim_start().len() > opener_indent)
        .collect();
    let indent = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    body.iter()
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn path_with_dockdrill() -> String {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_dockdrill"))
        .parent()
        .unwrap()
        .to_path_buf();
    format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// Transcript names in each shard's JSON Lines, keyed by shard file.
fn graded(results: &Path) -> BTreeMap<String, Vec<String>> {
    let mut by_file = BTreeMap::new();
    for entry in std::fs::read_dir(results).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let names = text
            .lines()
            .map(|line| {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                assert!(v["verdict"] == "pass" || v["verdict"] == "fail", "{line}");
                v["transcript"].as_str().unwrap().to_owned()
            })
            .collect();
        by_file.insert(
            path.file_name().unwrap().to_string_lossy().into_owned(),
            names,
        );
    }
    by_file
}

fn assert_exact_cover(by_shard: &BTreeMap<String, Vec<String>>, all: &[String], shards: usize) {
    assert_eq!(by_shard.len(), shards, "one result file per shard");
    let mut seen: Vec<String> = by_shard.values().flatten().cloned().collect();
    seen.sort();
    assert_eq!(seen, all, "every submission graded exactly once");
    let busy = by_shard.values().filter(|v| !v.is_empty()).count();
    assert!(busy > shards / 2, "work spread over shards: {by_shard:?}");
}

#[test]
fn kubernetes_indexed_job_grades_every_submission_once() {
    let yaml = std::fs::read_to_string(root().join("examples/k8s/grade-job.yaml")).unwrap();
    let script = block_after(&yaml, "command:");
    assert!(script.contains("JOB_COMPLETION_INDEX"), "{script}");
    let completions: usize = yaml
        .lines()
        .find_map(|l| l.trim().strip_prefix("completions:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let dir = scratch("k8s");
    let subs = dir.join("submissions");
    let all = submissions(&subs);
    let results = dir.join("results");
    std::fs::create_dir_all(&results).unwrap();
    for index in 0..completions {
        let status = Command::new("sh")
            .args(["-c", &script])
            .env("PATH", path_with_dockdrill())
            .env("JOB_COMPLETION_INDEX", index.to_string())
            .env("SHARDS", completions.to_string())
            .env("SCENARIO", root().join("scenarios/latest-drifted.kdl"))
            .env("SUBMISSIONS", &subs)
            .env("RESULTS", &results)
            .status()
            .unwrap();
        assert!(status.success(), "index {index}: {status}");
    }
    assert_exact_cover(&graded(&results), &all, completions);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn github_actions_matrix_grades_every_submission_once() {
    let yaml = std::fs::read_to_string(root().join("examples/ci/grade-submissions.yml")).unwrap();
    let script = block_after(&yaml, "name: grade shard");
    let matrix: Vec<String> = yaml
        .lines()
        .find_map(|l| l.trim().strip_prefix("shard: ["))
        .unwrap()
        .trim_end_matches(']')
        .split(',')
        .map(|s| s.trim().to_owned())
        .collect();
    let dir = scratch("gha");
    let subs = dir.join("submissions");
    let all = submissions(&subs);
    let results = dir.join("results");
    for shard in &matrix {
        // What the runner substitutes before the shell sees the script.
        let run = script
            .replace("${{ matrix.shard }}", shard)
            .replace("${{ strategy.job-total }}", &matrix.len().to_string());
        assert!(!run.contains("${{"), "unfilled expression in {run}");
        let status = Command::new("bash")
            .args(["-e", "-c", &run])
            .env("PATH", path_with_dockdrill())
            .env("SCENARIO", root().join("scenarios/latest-drifted.kdl"))
            .env("SUBMISSIONS", &subs)
            .env("RESULTS", &results)
            .status()
            .unwrap();
        assert!(status.success(), "shard {shard}: {status}");
    }
    assert_exact_cover(&graded(&results), &all, matrix.len());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn batch_output_is_the_same_on_one_thread_and_many() {
    let dir = scratch("order");
    let subs = dir.join("submissions");
    submissions(&subs);
    let run = |jobs: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_dockdrill"))
            .arg("grade")
            .arg(root().join("scenarios/latest-drifted.kdl"))
            .arg("--batch")
            .arg(&subs)
            .args(["--jobs", jobs])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "some solutions are wrong fixes");
        out.stdout
    };
    let one = run("1");
    assert_eq!(one, run("4"));
    assert_eq!(String::from_utf8_lossy(&one).lines().count(), 37);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn batch_from_stdin_reads_nul_separated_transcripts_in_order() {
    let sol = |n: &str| {
        std::fs::read(root().join(format!("solutions/latest-drifted/{n}.transcript"))).unwrap()
    };
    let mut input = sol("rm-and-run");
    input.push(0);
    input.extend(sol("restart-only"));
    input.push(0);
    input.extend(b"not a transcript: no $ lines\n\xff\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dockdrill"))
        .arg("grade")
        .arg(root().join("scenarios/latest-drifted.kdl"))
        .args(["--batch", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(&input).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let got: Vec<(&str, &str)> = lines
        .iter()
        .map(|v| {
            (
                v["transcript"].as_str().unwrap(),
                v["verdict"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, [("-#1", "pass"), ("-#2", "fail"), ("-#3", "error")]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unreadable transcript is bad input"
    );
}

#[test]
fn test_shards_split_the_cases_exactly_and_keep_a_solution_together() {
    let cases = |shard: Option<&str>| -> Vec<(String, bool)> {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dockdrill"));
        cmd.current_dir(root()).args(["test", "--format", "json"]);
        if let Some(s) = shard {
            cmd.args(["--shard", s]);
        }
        let out = cmd.output().unwrap();
        // libtest's JSON event stream: one finished event per case.
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|e| e["type"] == "test" && e["event"] != "started")
            .map(|e| {
                (
                    e["name"].as_str().unwrap_or_default().to_owned(),
                    e["event"] == "ok",
                )
            })
            .collect()
    };
    let mut whole = cases(None);
    whole.sort();
    assert!(whole.len() > 5, "the shipped solutions' cases: {whole:?}");
    let shards: Vec<Vec<(String, bool)>> =
        (1..=3).map(|i| cases(Some(&format!("{i}/3")))).collect();
    let mut joined: Vec<(String, bool)> = shards.iter().flatten().cloned().collect();
    joined.sort();
    assert_eq!(joined, whole);
    let solution = |name: &str| name.rsplit_once("::").map(|(s, _)| s.to_owned()).unwrap();
    for (i, a) in shards.iter().enumerate() {
        for b in shards.iter().skip(i + 1) {
            assert!(
                a.iter()
                    .all(|(x, _)| b.iter().all(|(y, _)| solution(x) != solution(y))),
                "a solution's checks split across shards"
            );
        }
    }
}
