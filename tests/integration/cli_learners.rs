//! The learner commands as a learner runs them: the built binary, real
//! files, exact output. Transcripts here are written as a new user would
//! write them, not as the shipped solutions are.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SCENARIO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/latest-drifted.kdl");

/// One run of `dockdrill`, in a scratch directory of its own.
struct Test {
    dir: PathBuf,
    args: Vec<OsString>,
    stdin: Vec<u8>,
    env: Vec<(String, String)>,
}

/// What a run did.
struct Run {
    stdout: String,
    stderr: String,
    status: i32,
}

fn dockdrill(scratch: &str) -> Test {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli_learners")
        .join(scratch);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    Test {
        dir,
        args: Vec::new(),
        stdin: Vec::new(),
        env: Vec::new(),
    }
}

impl Test {
    fn args(mut self, args: &[&str]) -> Test {
        self.args.extend(args.iter().map(OsString::from));
        self
    }

    /// `grade SCENARIO FILE` with `text` written to FILE first.
    fn grade(self, file: &str, text: &str) -> Test {
        self.file(file, text.as_bytes())
            .args(&["grade", SCENARIO, file])
    }

    /// A shipped solution, copied in so its path prints short.
    fn grade_solution(self, name: &str) -> Test {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("solutions/latest-drifted")
            .join(format!("{name}.transcript"));
        let text = std::fs::read(path).expect("a shipped solution");
        let file = format!("{name}.transcript");
        self.file(&file, &text).args(&["grade", SCENARIO, &file])
    }

    fn file(self, name: &str, bytes: &[u8]) -> Test {
        std::fs::write(self.dir.join(name), bytes).expect("write a scratch file");
        self
    }

    fn stdin(mut self, text: &str) -> Test {
        self.stdin = text.as_bytes().to_vec();
        self
    }

    fn env(mut self, key: &str, value: &str) -> Test {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    fn run(self) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_dockdrill"));
        command
            .current_dir(&self.dir)
            .args(&self.args)
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in &self.env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("run dockdrill");
        if let Some(mut stdin) = child.stdin.take() {
            use std::io::Write;
            stdin.write_all(&self.stdin).expect("write stdin");
        }
        let output = child.wait_with_output().expect("wait for dockdrill");
        let run = Run {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            status: output.status.code().unwrap_or(-1),
        };
        assert!(
            !run.stderr.contains("internal error") && !run.stderr.contains("panicked"),
            "dockdrill panicked:\n{}",
            run.stderr
        );
        run
    }
}

fn same(what: &str, expected: &str, actual: &str) {
    if expected != actual {
        let diff = similar::TextDiff::from_lines(expected, actual);
        panic!(
            "{what} differs (- expected, + actual):\n{}",
            diff.unified_diff().header("expected", "actual")
        );
    }
}

impl Run {
    fn stdout(self, expected: &str) -> Run {
        same("stdout", expected, &self.stdout);
        self
    }

    fn stderr(self, expected: &str) -> Run {
        same("stderr", expected, &self.stderr);
        self
    }

    fn status(self, expected: i32) -> Run {
        assert_eq!(
            self.status, expected,
            "exit status\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    fn stdout_has(self, needle: &str) -> Run {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}:\n{}",
            self.stdout
        );
        self
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).expect("stdout is JSON")
    }
}

// ---------------------------------------------------------------- formats

const RESTART_ONLY_HUMAN: &str = "\
grading restart-only.transcript
against scenario latest-drifted

  ✓ diagnosed  showed the image ID web is pinned to and the ID myapp:latest
               names now, before replacing web
  ✗ recreated  web runs the image that myapp:latest named at the start, on
               port 8080, and serves 1.8.0
      - web runs image a17e5d3c9b82, not d5208f2801ce (what myapp:latest named
        at the start)
      - GET http://localhost:8080/version answers \"1.7.2\\n\", not \"1.8.0\\n\"
      why: step 3, `docker restart web`: web still runs a17e5d3c9b82
           (myapp:1.7.2), not d5208f2801ce (what myapp:latest named at the
           start); a container keeps the image ID it was created with, so the
           fix needs a new container
      why: http://localhost:8080/version is answered by web, which runs
           a17e5d3c9b82 (myapp:1.7.2)

hints for what you did:
  • (you ran `docker restart web`) A restart starts the same container again,
    with the image ID it was created with. Compare docker inspect web --format
    '{{.Image}}' with docker inspect myapp:latest --format '{{.Id}}'.
  • (check recreated fails) Only a new container resolves the tag again:
    docker rm -f web, then docker run -d --name web -p 8080:8080 myapp:latest,
    and check with curl -s localhost:8080/version.

verdict: FAIL (1 of 2 checks passed)
";

#[test]
fn human_report_explains_a_restart_that_kept_the_old_image() {
    dockdrill("human_restart")
        .grade_solution("restart-only")
        .run()
        .stdout(RESTART_ONLY_HUMAN)
        .stderr("")
        .status(1);
}

#[test]
fn human_report_of_a_pass_lists_every_check() {
    dockdrill("human_pass")
        .grade_solution("rm-and-run")
        .run()
        .stdout(
            "\
grading rm-and-run.transcript
against scenario latest-drifted

  ✓ diagnosed  showed the image ID web is pinned to and the ID myapp:latest
               names now, before replacing web
  ✓ recreated  web runs the image that myapp:latest named at the start, on
               port 8080, and serves 1.8.0

verdict: PASS (2 of 2 checks passed)
",
        )
        .stderr("")
        .status(0);
}

#[test]
fn json_report_carries_checks_diagnoses_and_hints() {
    let run = dockdrill("json_restart")
        .grade_solution("restart-only")
        .args(&["--format", "json"])
        .run()
        .stderr("")
        .status(1);
    let doc = run.json();
    assert_eq!(doc["verdict"], "fail");
    assert_eq!(doc["transcript"], "restart-only.transcript");
    assert_eq!(doc["checks"][0]["name"], "diagnosed");
    assert_eq!(doc["checks"][0]["passed"], true);
    assert_eq!(doc["checks"][1]["passed"], false);
    assert_eq!(doc["diagnoses"][0]["check"], "recreated");
    assert_eq!(doc["diagnoses"][0]["step"], 3);
    assert_eq!(doc["diagnoses"][0]["command"], "docker restart web");
    assert_eq!(
        doc["diagnoses"][0]["sentence"],
        "step 3, `docker restart web`: web still runs a17e5d3c9b82 (myapp:1.7.2), not d5208f2801ce (what myapp:latest named at the start); a container keeps the image ID it was created with, so the fix needs a new container"
    );
    assert_eq!(doc["hints"][0]["name"], "restart-does-not-repin");
    assert_eq!(doc["hints"][0]["cause"], "ran");
    assert_eq!(doc["mismatches"], serde_json::json!([]));
    assert_eq!(doc["steps"], 4);
}

#[test]
fn json_report_of_a_pass() {
    let run = dockdrill("json_pass")
        .grade_solution("stop-rm-run")
        .args(&["--format", "json"])
        .run()
        .stderr("")
        .status(0);
    let doc = run.json();
    assert_eq!(doc["verdict"], "pass");
    assert_eq!(doc["diagnoses"], serde_json::json!([]));
    assert_eq!(doc["hints"], serde_json::json!([]));
}

#[test]
fn junit_report_has_a_case_per_check_and_one_for_output() {
    dockdrill("junit_restart")
        .grade_solution("restart-only")
        .args(&["--format", "junit"])
        .run()
        .stdout(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="dockdrill grade" tests="3" failures="1" errors="0">
    <testsuite name="latest-drifted::restart-only.transcript" tests="3" disabled="0" errors="0" failures="1">
        <testcase name="diagnosed" classname="latest-drifted::restart-only.transcript">
        </testcase>
        <testcase name="recreated" classname="latest-drifted::restart-only.transcript">
            <failure message="web runs image a17e5d3c9b82, not d5208f2801ce (what myapp:latest named at the start); GET http://localhost:8080/version answers &quot;1.7.2\n&quot;, not &quot;1.8.0\n&quot;">why: step 3, `docker restart web`: web still runs a17e5d3c9b82 (myapp:1.7.2), not d5208f2801ce (what myapp:latest named at the start); a container keeps the image ID it was created with, so the fix needs a new container
why: http://localhost:8080/version is answered by web, which runs a17e5d3c9b82 (myapp:1.7.2)</failure>
        </testcase>
        <testcase name="output" classname="latest-drifted::restart-only.transcript">
        </testcase>
    </testsuite>
</testsuites>
"#,
        )
        .stderr("")
        .status(1);
}

/// The good fix, with a `docker ps` line copied from the write-up instead
/// of from the terminal.
const FABRICATED: &str = "\
$ docker ps --format '{{.Names}}  {{.Image}}'
web  myapp:latest
$ docker inspect web --format '{{.Image}}'
sha256:a17e5d3c9b82...
$ docker inspect myapp:latest --format '{{.Id}}'
sha256:d5208f2801ce...
$ docker rm -f web && docker run -d --name web -p 8080:8080 myapp:latest
web
...
$ curl -s localhost:8080/version
1.8.0
";

#[test]
fn gradescope_results_show_fabricated_output_as_a_penalty_test() {
    dockdrill("gradescope_fabricated")
        .grade("attempt.transcript", FABRICATED)
        .args(&["--format", "gradescope"])
        .run()
        .stdout(
            r#"{
  "score": 0.0,
  "max_score": 2.0,
  "output": "FAIL: 2 of 2 checks passed",
  "tests": [
    {
      "name": "diagnosed",
      "score": 1.0,
      "max_score": 1.0,
      "status": "passed",
      "output": "showed the image ID web is pinned to and the ID myapp:latest names now, before replacing web"
    },
    {
      "name": "recreated",
      "score": 1.0,
      "max_score": 1.0,
      "status": "passed",
      "output": "web runs the image that myapp:latest named at the start, on port 8080, and serves 1.8.0"
    },
    {
      "name": "claimed output matches the engine (penalty)",
      "score": -2.0,
      "max_score": 0.0,
      "status": "failed",
      "output": "1 step(s) claim output that the engine did not print (- claimed, + printed); the penalty takes back every point.\n\nline 1: $ docker ps --format '{{.Names}}  {{.Image}}'\n--- claimed\n+++ printed\n@@ -1,1 +1,1 @@\n-web  myapp:latest\n+web  a17e5d3c9b82\n"
    }
  ]
}
"#,
        )
        .stderr("")
        .status(1);
}

#[test]
fn gradescope_results_score_a_wrong_fix_per_check() {
    let run = dockdrill("gradescope_restart")
        .grade_solution("restart-only")
        .args(&["--format", "gradescope"])
        .run()
        .status(1);
    let doc = run.json();
    assert_eq!(doc["score"], 1.0);
    assert_eq!(doc["max_score"], 2.0);
    assert_eq!(doc["tests"][1]["name"], "recreated");
    assert_eq!(doc["tests"][1]["status"], "failed");
    assert_eq!(doc["tests"][2]["score"], 0.0);
    assert_eq!(doc["tests"][2]["status"], "passed");
}

#[test]
fn human_report_diffs_fabricated_output() {
    dockdrill("human_fabricated")
        .grade("attempt.transcript", FABRICATED)
        .run()
        .stdout(
            "\
grading attempt.transcript
against scenario latest-drifted

  ✓ diagnosed  showed the image ID web is pinned to and the ID myapp:latest
               names now, before replacing web
  ✓ recreated  web runs the image that myapp:latest named at the start, on
               port 8080, and serves 1.8.0

1 step claims output that the engine did not print (- claimed, + printed):

  step 1 (line 1): $ docker ps --format '{{.Names}}  {{.Image}}'
    --- claimed
    +++ printed
    @@ -1,1 +1,1 @@
    -web  myapp:latest
    +web  a17e5d3c9b82

verdict: FAIL (2 of 2 checks passed; 1 step claims output the engine did not print)
",
        )
        .status(1);
}

// ------------------------------------------------------------ wrong fixes

#[test]
fn blind_fix_is_diagnosed_at_the_step_that_removed_web_too_early() {
    let run = dockdrill("blind_fix")
        .grade_solution("blind-fix")
        .args(&["--format", "json"])
        .run()
        .status(1);
    let doc = run.json();
    assert_eq!(doc["checks"][0]["passed"], false);
    assert_eq!(doc["checks"][1]["passed"], true);
    assert_eq!(
        doc["diagnoses"][0]["sentence"],
        "step 1, `docker rm -f web`: removed web before any command had shown the image ID web runs (a17e5d3c9b82) or the ID of myapp:latest (d5208f2801ce); look first, then fix"
    );
    assert_eq!(doc["hints"][0]["name"], "look-before-you-fix");
}

#[test]
fn retagging_the_old_image_is_diagnosed_at_the_restart() {
    let run = dockdrill("retag_old")
        .grade_solution("retag-old")
        .args(&["--format", "json"])
        .run()
        .status(1);
    let doc = run.json();
    assert_eq!(doc["checks"][1]["passed"], false);
    assert_eq!(
        doc["diagnoses"][0]["sentence"],
        "step 5, `docker restart web`: web still runs a17e5d3c9b82 (myapp:1.7.2, myapp:latest), not d5208f2801ce (what myapp:latest named at the start); a container keeps the image ID it was created with, so the fix needs a new container"
    );
    let hints: Vec<&str> = doc["hints"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| h["name"].as_str())
        .collect();
    assert_eq!(
        hints,
        [
            "restart-does-not-repin",
            "retag-moves-the-pointer-back",
            "recreate-to-repin"
        ]
    );
}

#[test]
fn recreating_after_a_retag_names_the_step_that_moved_the_tag() {
    let run = dockdrill("retag_then_run")
        .grade(
            "attempt.transcript",
            "\
$ docker images
...
$ docker ps
...
$ docker tag myapp:1.7.2 myapp:latest
$ docker rm -f web
web
$ docker run -d --name web -p 8080:8080 myapp:latest
...
$ curl localhost:8080/version
1.7.2
",
        )
        .args(&["--format", "json"])
        .run()
        .status(1);
    let doc = run.json();
    assert_eq!(doc["checks"][0]["passed"], true);
    assert_eq!(doc["checks"][1]["passed"], false);
    assert_eq!(
        doc["diagnoses"][0]["sentence"],
        "step 5, `docker run -d --name web -p 8080:8080 myapp:latest`: created web from myapp:latest, which then named a17e5d3c9b82, not d5208f2801ce (what myapp:latest named at the start); step 3, `docker tag myapp:1.7.2 myapp:latest`, had pointed myapp:latest there"
    );
}

#[test]
fn removing_web_without_running_it_again_is_diagnosed() {
    let run = dockdrill("removed_only")
        .grade(
            "attempt.transcript",
            "\
$ docker inspect web -f '{{.Image}}'
sha256:a17e5d3c9b82...
$ docker images
...
$ docker stop web
web
$ docker rm web
web
",
        )
        .args(&["--format", "json"])
        .run()
        .status(1);
    let doc = run.json();
    assert_eq!(
        doc["diagnoses"][0]["sentence"],
        "step 4, `docker rm web`: removed web, and no later command created it again"
    );
    assert_eq!(
        doc["diagnoses"][1]["sentence"],
        "no running container publishes host port 8080"
    );
}

#[test]
fn a_new_container_without_the_port_is_diagnosed_at_its_run() {
    let run = dockdrill("no_port")
        .grade(
            "attempt.transcript",
            "\
$ docker ps
...
$ docker images
...
$ docker rm -f web
web
$ docker run -d --name web myapp:latest
...
",
        )
        .args(&["--format", "json"])
        .run()
        .status(1);
    let doc = run.json();
    assert_eq!(doc["checks"][0]["passed"], true);
    assert_eq!(
        doc["diagnoses"][0]["sentence"],
        "step 4, `docker run -d --name web myapp:latest`: created web without publishing 8080:8080"
    );
}

#[test]
fn stopping_web_is_diagnosed_as_the_step_that_left_it_exited() {
    let run = dockdrill("stopped")
        .grade("attempt.transcript", "$ docker stop web\nweb\n")
        .args(&["--format", "json"])
        .run()
        .status(1);
    let doc = run.json();
    let notes: Vec<&str> = doc["diagnoses"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["sentence"].as_str())
        .collect();
    assert_eq!(
        notes,
        [
            "step 1, `docker stop web`: left web exited; the check wants it running",
            "step 1, `docker stop web`: web still runs a17e5d3c9b82 (myapp:1.7.2), not d5208f2801ce (what myapp:latest named at the start); a container keeps the image ID it was created with, so the fix needs a new container",
            "no running container publishes host port 8080",
        ]
    );
}

// ------------------------------------------- unusual but valid transcripts

#[test]
fn long_flag_forms_a_bare_image_name_and_127_0_0_1_pass() {
    dockdrill("unusual_forms")
        .grade(
            "attempt.transcript",
            "\
$ docker ps
CONTAINER ID   IMAGE          COMMAND      CREATED       STATUS       PORTS                                         NAMES
cbb1ca061892   a17e5d3c9b82   \"./server\"   6 hours ago   Up 6 hours   0.0.0.0:8080->8080/tcp, [::]:8080->8080/tcp   web
$ docker inspect -f '{{.Image}}' web
sha256:a17e5d3c9b822719f02352a5eb2d902ac2fee121b15b2cbff91c9a9ef97d9059
$ docker image inspect -f '{{.Id}}' myapp
sha256:d5208f2801ce2ecee31fd251e43a6939c4312e74ad27f708bdc8b95462297cc9
$ docker container rm --force web
web
$ docker run --detach --publish=8080:8080 --name=web myapp
...
$ curl http://127.0.0.1:8080/version
1.8.0
",
        )
        .run()
        .stdout_has("verdict: PASS (2 of 2 checks passed)\n")
        .stderr("")
        .status(0);
}

#[test]
fn ids_instead_of_names_pass() {
    dockdrill("ids")
        .grade(
            "attempt.transcript",
            "\
$ docker ps -q
cbb1ca061892
$ docker inspect cbb1ca061892 --format '{{.Image}}'
sha256:a17e5d3c9b82...
$ docker images -q myapp:latest
d5208f2801ce
$ docker rm -f cbb1ca061892
cbb1ca061892
$ docker run -d --name web -p 8080:8080 d5208f2801ce
...
$ curl -s localhost:8080/version
1.8.0
",
        )
        .run()
        .stdout_has("verdict: PASS (2 of 2 checks passed)\n")
        .status(0);
}

#[test]
fn comments_blank_lines_and_a_continued_command_pass() {
    dockdrill("comments")
        .grade(
            "attempt.transcript",
            "\
# my attempt, typed from memory

$ docker inspect web --format '{{.Image}}'    # what web runs
sha256:a17e5d3c9b82...
$ docker inspect myapp:latest --format '{{.Id}}'
sha256:d5208f2801ce...
$ docker rm --force web && \\
> docker run -d --name web \\
>   -p 8080:8080 myapp:latest
web
...
$ curl -s localhost:8080/version
1.8.0

",
        )
        .run()
        .stdout_has("verdict: PASS (2 of 2 checks passed)\n")
        .status(0);
}

// ---------------------------------------------------------- host commands

#[test]
fn host_commands_never_run_and_claiming_they_did_is_fabrication() {
    let run = dockdrill("host")
        .grade(
            "attempt.transcript",
            "\
$ rm -rf /
$ cat /etc/passwd
root:x:0:0:root:/root:/bin/bash
",
        )
        .args(&["--format", "json"])
        .run()
        .status(1);
    let doc = run.json();
    assert_eq!(doc["mismatches"][0]["command"], "rm -rf /");
    assert_eq!(
        doc["mismatches"][0]["printed"],
        "bash: rm: command not found\n"
    );
    assert_eq!(doc["mismatches"][0]["status"], 127);
    assert_eq!(doc["mismatches"][1]["command"], "cat /etc/passwd");
    assert_eq!(
        doc["mismatches"][1]["printed"],
        "cat: /etc/passwd: No such file or directory\n"
    );
    assert_eq!(
        doc["diagnoses"][0]["sentence"],
        "no command changed web: it still runs a17e5d3c9b82 (myapp:1.7.2), not d5208f2801ce (what myapp:latest named at the start); a container keeps the image ID it was created with, so the fix needs a new container"
    );
}

#[test]
fn host_commands_claimed_honestly_match_but_fix_nothing() {
    let run = dockdrill("host_honest")
        .grade(
            "attempt.transcript",
            "\
$ rm -rf /
bash: rm: command not found
$ cat /etc/passwd
cat: /etc/passwd: No such file or directory
",
        )
        .args(&["--format", "json"])
        .run()
        .status(1);
    let doc = run.json();
    assert_eq!(doc["mismatches"], serde_json::json!([]));
    assert_eq!(doc["checks"][0]["passed"], false);
    assert_eq!(doc["checks"][1]["passed"], false);
}

// ------------------------------------------------------------------ colour

#[test]
fn colour_is_off_when_piped_and_on_when_asked() {
    let plain = dockdrill("colour_auto")
        .grade_solution("restart-only")
        .run();
    assert!(!plain.stdout.contains('\x1b'));
    let forced = dockdrill("colour_always")
        .grade_solution("restart-only")
        .args(&["--color", "always"])
        .run()
        .status(1);
    assert!(forced.stdout.contains("\x1b[31"), "{}", forced.stdout);
    assert!(forced.stdout.contains("\x1b[32"), "{}", forced.stdout);
}

#[test]
fn colour_never_wins_over_clicolor_force() {
    let run = dockdrill("colour_never")
        .grade_solution("restart-only")
        .args(&["--color", "never"])
        .env("CLICOLOR_FORCE", "1")
        .run()
        .stdout(RESTART_ONLY_HUMAN);
    assert!(!run.stdout.contains('\x1b'));
}

#[test]
fn clicolor_force_colours_a_pipe() {
    let run = dockdrill("clicolor_force")
        .grade_solution("restart-only")
        .env("CLICOLOR_FORCE", "1")
        .run()
        .status(1);
    assert!(run.stdout.contains('\x1b'), "{}", run.stdout);
}

#[test]
fn no_color_turns_colour_off_even_when_forced() {
    dockdrill("no_color")
        .grade_solution("restart-only")
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "1")
        .run()
        .stdout(RESTART_ONLY_HUMAN)
        .status(1);
}

#[test]
fn colour_paints_the_diff_of_fabricated_output() {
    let run = dockdrill("colour_diff")
        .grade("attempt.transcript", FABRICATED)
        .args(&["--color", "always"])
        .run()
        .status(1);
    assert!(run.stdout.contains("\x1b[31m-"), "{}", run.stdout);
}

// -------------------------------------------------------------- bad input

#[test]
fn a_missing_transcript_is_bad_input() {
    dockdrill("missing_transcript")
        .args(&["grade", SCENARIO, "nope.transcript"])
        .run()
        .stdout("")
        .stderr(
            "nope.transcript: cannot read the transcript: No such file or directory (os error 2)\n",
        )
        .status(2);
}

#[test]
fn a_missing_scenario_is_bad_input() {
    dockdrill("missing_scenario")
        .file("attempt.transcript", b"$ docker ps\n...\n")
        .args(&["grade", "nope.kdl", "attempt.transcript"])
        .run()
        .stdout("")
        .stderr(
            "nope.kdl:1:1: error: cannot read the file: No such file or directory (os error 2)\n",
        )
        .status(2);
}

#[test]
fn binary_garbage_is_bad_input_with_its_position() {
    dockdrill("garbage")
        .file("attempt.transcript", b"$ docker ps\nabc\xff\xfe\x00\x01")
        .args(&["grade", SCENARIO, "attempt.transcript"])
        .run()
        .stdout("")
        .stderr("attempt.transcript:2:4: invalid UTF-8\n")
        .status(2);
}

#[test]
fn an_empty_transcript_is_bad_input() {
    dockdrill("empty")
        .grade("attempt.transcript", "")
        .run()
        .stdout("")
        .stderr("attempt.transcript:1:1: no commands\n")
        .status(2);
}

#[test]
fn output_before_any_command_is_bad_input() {
    dockdrill("output_first")
        .grade("attempt.transcript", "web  myapp:latest\n$ docker ps\n")
        .run()
        .stdout("")
        .stderr("attempt.transcript:1:1: output before the first command\n")
        .status(2);
}

#[test]
fn a_directory_is_not_a_transcript() {
    dockdrill("directory")
        .args(&["grade", SCENARIO, "."])
        .run()
        .stdout("")
        .stderr(".: cannot read the transcript: not a regular file\n")
        .status(2);
}

#[test]
fn unparsable_kdl_is_bad_input_naming_file_line_and_column() {
    let run = dockdrill("bad_kdl")
        .file(
            "broken.kdl",
            b"scenario \"x\" {\n  title \"t\"\n  difficulty medium oops {\n",
        )
        .file("attempt.transcript", b"$ docker ps\n...\n")
        .args(&["grade", "broken.kdl", "attempt.transcript"])
        .run()
        .stdout("")
        .status(2);
    assert!(
        run.stderr
            .starts_with("broken.kdl:1:14: error: KDL syntax:"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_binary_scenario_is_bad_input() {
    let run = dockdrill("binary_kdl")
        .file("broken.kdl", b"scenario \xff\xfe {}\n")
        .file("attempt.transcript", b"$ docker ps\n...\n")
        .args(&["grade", "broken.kdl", "attempt.transcript"])
        .run()
        .stdout("")
        .status(2);
    assert!(
        run.stderr
            .starts_with("broken.kdl:1:10: error: the file is not UTF-8"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    let run = dockdrill("usage")
        .args(&["grade", SCENARIO])
        .run()
        .status(2);
    assert!(run.stderr.contains("<TRANSCRIPT>"), "{}", run.stderr);
    let run = dockdrill("usage_format")
        .grade("attempt.transcript", "$ docker ps\n...\n")
        .args(&["--format", "xml"])
        .run()
        .status(2);
    assert!(
        run.stderr
            .contains("invalid value 'xml' for '--format <FORMAT>'"),
        "{}",
        run.stderr
    );
}

// -------------------------------------------------------- play, scripted

#[test]
fn play_reads_a_pipe_line_by_line_and_passes_on_submit() {
    let run = dockdrill("play_pipe")
        .args(&["play", SCENARIO])
        .stdin(
            "docker ps --format '{{.Names}}  {{.Image}}'
docker inspect myapp:latest --format '{{.Id}}'
check
docker rm -f web && docker run -d --name web -p 8080:8080 myapp:latest
curl -s localhost:8080/version
save attempt.transcript
submit
",
        )
        .run()
        .stderr("")
        .status(0);
    assert!(run.stdout.starts_with(
        "Deploy 'succeeded' but the app serves old code: :latest drifted\n\
         difficulty: medium · tools: docker, curl\n\n  You shipped a hotfix"
    ));
    let session = &run.stdout[run.stdout.find("$ docker ps").unwrap_or(0)..];
    let (before_submit, after) = session.split_once("$ submit\n").unwrap_or_default();
    same(
        "the session",
        &"\
$ docker ps --format '{{.Names}}  {{.Image}}'
web  a17e5d3c9b82
$ docker inspect myapp:latest --format '{{.Id}}'
sha256:d5208f2801ce2ecee31fd251e43a6939c4312e74ad27f708bdc8b95462297cc9
$ check
  ✓ diagnosed  showed the image ID web is pinned to and the ID myapp:latest
               names now, before replacing web
  ✗ recreated  web runs the image that myapp:latest named at the start, on
               port 8080, and serves 1.8.0
1 of 2 checks pass now.
$ docker rm -f web && docker run -d --name web -p 8080:8080 myapp:latest
web
baab95a88ec878bf928f30dc16e7dab68227ce0b053439eb45f1043e1746d463
$ curl -s localhost:8080/version
1.8.0
$ save attempt.transcript
saved 4 commands to attempt.transcript; grade it with:
  dockdrill grade SCENARIO attempt.transcript
"
        .replace("SCENARIO", SCENARIO),
        before_submit,
    );
    assert!(after.contains("verdict: PASS (2 of 2 checks passed)\n"));
    assert!(after.contains("\nFollow-up questions\n"));
    assert!(after.contains("\nDebrief\n"));

    // The saved session grades as it played.
    let saved =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_learners/play_pipe/attempt.transcript");
    let text = std::fs::read_to_string(saved).expect("the saved transcript");
    dockdrill("play_pipe_graded")
        .grade("attempt.transcript", &text)
        .run()
        .stdout_has("verdict: PASS (2 of 2 checks passed)\n")
        .status(0);
}

#[test]
fn play_hints_follow_what_the_learner_did() {
    let run = dockdrill("play_hints")
        .args(&["play", SCENARIO])
        .stdin("docker restart web\nhint\nhint\nhint\nhint\n")
        .run()
        .status(1);
    let hints: Vec<&str> = run
        .stdout
        .split("$ hint\n")
        .skip(1)
        .map(|h| h.lines().next().unwrap_or_default())
        .collect();
    assert_eq!(
        hints,
        [
            "(you ran `docker restart web`)",
            "(check diagnosed fails)",
            "(check recreated fails)",
            "No new hint; the ones that apply:",
        ]
    );
}

#[test]
fn play_without_a_passing_submit_exits_1_and_says_how_to_keep_work() {
    dockdrill("play_exit")
        .args(&["play", SCENARIO])
        .stdin("sleep 1\nexit\n")
        .run()
        .stdout_has(
            "$ sleep 1\n$ exit\nLeaving without a passing submit. `save FILE` before `exit` keeps your work.\n",
        )
        .stderr("")
        .status(1);
}

#[test]
fn play_with_a_broken_scenario_is_bad_input() {
    let run = dockdrill("play_bad")
        .file("broken.kdl", b"scenario {\n")
        .args(&["play", "broken.kdl"])
        .run()
        .stdout("")
        .status(2);
    assert!(run.stderr.starts_with("broken.kdl:1:"), "{}", run.stderr);
}

// ----------------------------------------------------- help, completions

#[test]
fn every_learner_command_has_help_with_examples() {
    for command in ["grade", "play", "completions"] {
        let run = dockdrill(&format!("help_{command}"))
            .args(&[command, "--help"])
            .run()
            .stderr("")
            .status(0);
        assert!(
            run.stdout.contains("Examples:\n"),
            "{command}:\n{}",
            run.stdout
        );
        assert!(
            run.stdout.contains(&format!("dockdrill {command} ")),
            "{command}:\n{}",
            run.stdout
        );
    }
}

#[test]
fn completions_are_generated_for_bash_zsh_and_fish() {
    for (shell, marker) in [
        ("bash", "_dockdrill() {"),
        ("zsh", "#compdef dockdrill"),
        ("fish", "complete -c dockdrill"),
    ] {
        let run = dockdrill(&format!("completions_{shell}"))
            .args(&["completions", shell])
            .run()
            .stderr("")
            .status(0);
        assert!(run.stdout.contains(marker), "{shell}:\n{}", run.stdout);
        assert!(run.stdout.contains("grade"), "{shell}");
        assert!(run.stdout.contains("play"), "{shell}");
    }
    dockdrill("completions_tcsh")
        .args(&["completions", "tcsh"])
        .run()
        .status(2);
}
