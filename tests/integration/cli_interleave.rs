//! A container whose stdout and stderr log lines alternate, read through
//! the built binary: the terminal shows `docker logs` in time order, as
//! docker's CLI writes each entry to its stream as it arrives; redirections
//! and pipes pick the right lines; a transcript's claimed output is judged
//! against that interleaved view.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SCENARIO: &str = r#"
scenario "logs-interleaved" {
    title "A worker whose warnings fall between its progress lines"
    difficulty easy
    tools docker curl
    clock "2026-11-27T09:00:00Z"
    brief """
        The worker prints progress on stdout and warnings on stderr.
        Read its log.
        """
}

world {
    image "worker:1.0" id="5e0f1c2a3b4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7" created="-1d" size=12345678 {
        cmd "./worker"
        expose "8080/tcp"
        http GET "/status" status=200 body="ok\n"
    }
    container "web" id="0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9" image="worker:1.0" created="-2h" started="-2h" state="running" {
        publish "8080:8080"
        log "job 1 started" at="-90m"
        log "warn: job 1 slow" stream="stderr" at="-80m"
        log "job 1 done" at="-70m"
        log "error: job 2 failed" stream="stderr" at="-60m"
        log "job 3 done" at="-50m"
    }
    // Declared out of time order: the daemon would have logged them sorted.
    container "batch" id="1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a" image="worker:1.0" created="-1h" started="-1h" state="running" {
        log "second" at="-10m"
        log "first" stream="stderr" at="-20m"
        log "third" at="-5m"
    }
}

check "still-running" {
    about "web is left running"
    container "web" {
        state "running"
    }
}
"#;

/// What the terminal shows of `docker logs web`: both streams, in the
/// order the lines were logged.
const INTERLEAVED: &str = "\
job 1 started
warn: job 1 slow
job 1 done
error: job 2 failed
job 3 done
";

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli_interleave")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    std::fs::write(dir.join("logs-interleaved.kdl"), SCENARIO).expect("write the scenario");
    dir
}

/// Runs `dockdrill sh SCENARIO -c LINE` with stdout and stderr on one
/// file, as a terminal would show them: what landed there, and the status.
fn sh_terminal(name: &str, line: &str) -> (String, i32) {
    let dir = scratch(name);
    let screen_path = dir.join("screen");
    let screen = File::create(&screen_path).expect("create the screen file");
    let status = Command::new(env!("CARGO_BIN_EXE_dockdrill"))
        .current_dir(&dir)
        .args(["sh", "logs-interleaved.kdl", "-c", line])
        .stdin(Stdio::null())
        .stdout(Stdio::from(screen.try_clone().expect("share the screen")))
        .stderr(Stdio::from(screen))
        .status()
        .expect("run dockdrill sh");
    let shown = std::fs::read_to_string(&screen_path).expect("read the screen file");
    (shown, status.code().unwrap_or(-1))
}

/// Runs `dockdrill sh SCENARIO -c LINE` with the streams apart.
fn sh_streams(name: &str, line: &str) -> (String, String) {
    let dir = scratch(name);
    let output = Command::new(env!("CARGO_BIN_EXE_dockdrill"))
        .current_dir(&dir)
        .args(["sh", "logs-interleaved.kdl", "-c", line])
        .stdin(Stdio::null())
        .output()
        .expect("run dockdrill sh");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn docker_logs_shows_both_streams_in_the_order_they_were_logged() {
    assert_eq!(
        sh_terminal("terminal", "docker logs web"),
        (INTERLEAVED.to_owned(), 0)
    );
    let (stdout, stderr) = sh_streams("streams", "docker logs web");
    assert_eq!(stdout, "job 1 started\njob 1 done\njob 3 done\n");
    assert_eq!(stderr, "warn: job 1 slow\nerror: job 2 failed\n");
}

#[test]
fn docker_logs_with_stderr_dropped_shows_only_the_stdout_lines() {
    assert_eq!(
        sh_terminal("devnull", "docker logs web 2>/dev/null"),
        ("job 1 started\njob 1 done\njob 3 done\n".to_owned(), 0)
    );
    assert_eq!(
        sh_terminal("stdout_dropped", "docker logs web >/dev/null"),
        ("warn: job 1 slow\nerror: job 2 failed\n".to_owned(), 0)
    );
}

#[test]
fn docker_logs_piped_with_stderr_greps_both_streams_in_order() {
    assert_eq!(
        sh_terminal("grep", "docker logs web 2>&1 | grep 'job [12]'"),
        (
            "job 1 started\nwarn: job 1 slow\njob 1 done\nerror: job 2 failed\n".to_owned(),
            0
        )
    );
    assert_eq!(
        sh_terminal("tail", "docker logs --tail 3 -t web 2>&1 | tail -n 2"),
        (
            "2026-11-27T08:00:00.000000000Z error: job 2 failed\n\
             2026-11-27T08:10:00.000000000Z job 3 done\n"
                .to_owned(),
            0
        )
    );
}

/// A transcript's claimed output is the terminal view: the interleaved
/// order passes, stdout-then-stderr does not.
#[test]
fn a_transcript_is_judged_against_the_interleaved_terminal() {
    let dir = scratch("grade");
    let faithful = format!(
        "# expect: pass\n$ docker logs web\n{INTERLEAVED}$ docker logs web 2>&1 | grep error\nerror: job 2 failed\n"
    );
    std::fs::write(dir.join("faithful.transcript"), faithful).expect("write a transcript");
    let grade = |file: &str| {
        Command::new(env!("CARGO_BIN_EXE_dockdrill"))
            .current_dir(&dir)
            .args(["grade", "logs-interleaved.kdl", file])
            .env("NO_COLOR", "1")
            .output()
            .expect("run dockdrill grade")
    };
    let output = grade("faithful.transcript");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let grouped = "# expect: pass\n$ docker logs web\njob 1 started\njob 1 done\njob 3 done\nwarn: job 1 slow\nerror: job 2 failed\n";
    std::fs::write(dir.join("grouped.transcript"), grouped).expect("write a transcript");
    let output = grade("grouped.transcript");
    let report = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert!(
        report.contains("1 step claims output that the engine did not print"),
        "{report}"
    );
}

#[test]
fn log_lines_declared_out_of_order_read_in_time_order() {
    assert_eq!(
        sh_terminal("sorted", "docker logs batch"),
        ("first\nsecond\nthird\n".to_owned(), 0)
    );
}

/// docker/cli 28.2.2 `container/rm.go`: with `-f`, a missing container is
/// reported at once, between the names removed; other commands over many
/// containers (`stop`, `kill`, `pause`, `volume rm`, ...) join their errors
/// and print them after every name.
#[test]
fn errors_over_many_containers_print_when_docker_prints_them() {
    assert_eq!(
        sh_terminal("rm_force", "docker rm -f web missing batch"),
        (
            "web\nError response from daemon: No such container: missing\nbatch\n".to_owned(),
            0
        )
    );
    assert_eq!(
        sh_terminal("stop", "docker stop web missing batch"),
        (
            "web\nbatch\nError response from daemon: No such container: missing\n".to_owned(),
            1
        )
    );
}

/// `docker exec` demultiplexes the process's frames as they come: a script
/// that writes to both streams shows them in the order it wrote.
#[test]
fn docker_exec_shows_a_scripts_writes_in_order() {
    assert_eq!(
        sh_terminal("exec", "docker exec web sh -c 'echo a; cat /nope; echo b'"),
        (
            "a\ncat: can't open '/nope': No such file or directory\nb\n".to_owned(),
            0
        )
    );
    assert_eq!(
        sh_terminal(
            "exec_piped",
            "docker exec web sh -c 'echo a; cat /nope; echo b' 2>/dev/null | cat"
        ),
        ("a\nb\n".to_owned(), 0)
    );
}

/// curl 7.88.1 `-v`: the request and response trace on stderr, the body on
/// stdout, then the connection note on stderr again.
#[test]
fn curl_verbose_shows_its_trace_around_the_body() {
    let (shown, status) = sh_terminal("curl", "curl -v localhost:8080/status");
    assert_eq!(status, 0);
    assert!(
        shown.ends_with("< \nok\n* Connection #0 to host localhost left intact\n"),
        "{shown}"
    );
    assert!(
        shown.starts_with("*   Trying 127.0.0.1:8080...\n"),
        "{shown}"
    );
}
