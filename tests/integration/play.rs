//! `dockdrill play` driven through a pseudo-terminal, as a learner types:
//! line editing is on, the brief comes first, meta-commands answer, and a
//! saved session grades as it played.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};

const SCENARIO: &str = "scenarios/latest-drifted.kdl";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("play")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn play() -> PtySession {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dockdrill"));
    command
        .current_dir(root())
        .args(["play", SCENARIO])
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    spawn_command(command, Some(20_000)).expect("spawn dockdrill play in a pty")
}

/// Types a line once the prompt is there.
fn type_line(p: &mut PtySession, line: &str) {
    p.exp_string("$ ").expect("a prompt");
    p.send_line(line).expect("type a line");
}

fn exit_code(p: &PtySession) -> i32 {
    for _ in 0..200 {
        match p.process().status() {
            Some(WaitStatus::Exited(_, code)) => return code,
            Some(WaitStatus::StillAlive) | None => std::thread::sleep(Duration::from_millis(50)),
            Some(other) => panic!("dockdrill play ended with {other:?}"),
        }
    }
    panic!("dockdrill play did not exit");
}

#[test]
fn the_good_solution_passes_both_checks_and_shows_the_debrief() {
    let mut p = play();
    p.exp_string("Deploy 'succeeded' but the app serves old code: :latest drifted")
        .expect("the title");
    p.exp_string("difficulty: medium").expect("the difficulty");
    p.exp_string("get it onto the current :latest.")
        .expect("the brief");
    type_line(&mut p, "docker ps --format '{{.Names}}  {{.Image}}'");
    p.exp_string("web  a17e5d3c9b82")
        .expect("the pinned ID in docker ps");
    type_line(&mut p, "check");
    p.exp_string("0 of 2 checks pass now.")
        .expect("nothing passes yet");
    type_line(&mut p, "docker inspect myapp:latest --format '{{.Id}}'");
    p.exp_string("sha256:d5208f2801ce")
        .expect("the current :latest");
    type_line(&mut p, "check");
    // rexpect reads bytes as Latin-1, so the test matches ASCII only.
    p.exp_string("1 of 2 checks pass now.")
        .expect("one check passes");
    type_line(&mut p, "hint");
    p.exp_string("Only a new container resolves the tag again")
        .expect("the hint for what is left");
    type_line(
        &mut p,
        "docker rm -f web && docker run -d --name web -p 8080:8080 myapp:latest",
    );
    type_line(&mut p, "curl -s localhost:8080/version");
    p.exp_string("1.8.0").expect("the new build answers");
    type_line(&mut p, "check");
    p.exp_string("2 of 2 checks pass now.")
        .expect("both checks pass");
    type_line(&mut p, "submit");
    p.exp_string("verdict: PASS (2 of 2 checks passed)")
        .expect("the verdict");
    p.exp_string("Follow-up questions").expect("follow-ups");
    p.exp_string("Why does docker restart keep the old code")
        .expect("a question");
    p.exp_string("A container records the image ID")
        .expect("its answer");
    p.exp_string("Debrief").expect("the debrief");
    p.exp_string("Prevention: deploy immutable references")
        .expect("the debrief text");
    p.exp_eof()
        .expect("the session ends after a passing submit");
    assert_eq!(exit_code(&p), 0);
}

#[test]
fn a_saved_session_grades_as_it_played() {
    let dir = scratch("saved");
    let saved = dir.join("attempt.transcript");
    let mut p = play();
    type_line(&mut p, "docker images");
    p.exp_string("myapp        1.7.2     a17e5d3c9b82")
        .expect("images");
    type_line(&mut p, "docker ps");
    p.exp_string("a17e5d3c9b82").expect("ps");
    type_line(&mut p, "docker stop web");
    type_line(&mut p, "docker rm web");
    type_line(&mut p, "docker run -d --name web -p 8080:8080 myapp:latest");
    type_line(&mut p, "curl -s localhost:8080/version");
    p.exp_string("1.8.0").expect("the new build answers");
    type_line(&mut p, &format!("save {}", saved.display()));
    p.exp_string("saved 6 commands to").expect("saved");
    type_line(&mut p, "exit");
    p.exp_eof().expect("exit ends the session");
    assert_eq!(exit_code(&p), 1, "no passing submit: exit 1");

    let graded = Command::new(env!("CARGO_BIN_EXE_dockdrill"))
        .current_dir(root())
        .args(["grade", SCENARIO])
        .arg(&saved)
        .env("NO_COLOR", "1")
        .output()
        .expect("run dockdrill grade");
    let stdout = String::from_utf8_lossy(&graded.stdout);
    assert_eq!(graded.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.ends_with("verdict: PASS (2 of 2 checks passed)\n"),
        "{stdout}"
    );
}

#[test]
fn history_recalls_the_previous_line() {
    let mut p = play();
    type_line(&mut p, "curl -s localhost:8080/version");
    p.exp_string("1.7.2").expect("the old build");
    p.exp_string("$ ").expect("a prompt");
    // Up arrow, then Enter: the same command again.
    p.send("\x1b[A").expect("up arrow");
    p.send_line("").expect("enter");
    p.exp_string("1.7.2").expect("the recalled command ran");
    p.send_control('d').expect("Ctrl-D");
    p.exp_eof().expect("Ctrl-D ends the session");
    assert_eq!(exit_code(&p), 1);
}

#[test]
fn a_failing_submit_keeps_the_session_open_with_hints() {
    let mut p = play();
    type_line(&mut p, "docker restart web");
    type_line(&mut p, "submit");
    p.exp_string("why: step 1, `docker restart web`: web still runs a17e5d3c9b82")
        .expect("the divergence");
    p.exp_string("(you ran `docker restart web`)")
        .expect("the hint");
    p.exp_string("Keep going, or `exit` to leave.")
        .expect("still open");
    type_line(&mut p, "exit");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 1);
}
