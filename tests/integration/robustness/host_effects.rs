//! Nothing a transcript says reaches the host: files outside the scenario are
//! neither written nor read, no program runs, no connection opens. A canary
//! directory holds a secret; transcripts name it every way a shell can, both
//! in-process and through the real binary (run from inside that directory so
//! relative paths name it too); afterwards the directory holds exactly the
//! same files with exactly the same bytes, and no output contains the secret.

use std::path::Path;
use std::process::Command;

use dockdrill::runner;
use dockdrill::transcript;

use super::support::{self, snapshot, temp_dir};

const SECRET: &str = "CANARY-SECRET-7f3a9c1e";

/// Lines that would touch `dir`/`canary` (or the host at large) if anything
/// ran for real. `{d}` is the canary directory, `{c}` the canary file.
const ATTACKS: &[&str] = &[
    "cat {c}",
    "cat < {c}",
    "cat canary",
    "head {c}; tail {c}; grep -r CANARY {d}; grep CANARY {c}",
    "awk '{print}' {c}; sort {c}; uniq {c}; wc {c}; cut -c1- {c}",
    "xargs -a {c} echo; xargs echo < {c}",
    "echo pwned > {c}",
    "echo pwned >> {c}",
    "echo pwned > canary",
    "echo new > {d}/new-file",
    "echo $(cat {c})",
    "echo `cat {c}`",
    "X=$(cat {c}); echo $X",
    "rm -rf /",
    "rm -rf {d}",
    "rm {c}",
    "mv {c} {c}.bak; cp {c} {d}/copy; touch {d}/touched; mkdir {d}/sub; ln -s / {d}/root",
    "tee {c} <<< pwned",
    "sort -o {c} {c}",
    "source {c}; . {c}",
    "sh {c}; bash -c 'cat {c}'; exec cat {c}; eval cat {c}",
    "{c}",
    "./canary",
    "/bin/rm -f {c}",
    "python3 -c 'open(\"{c}\",\"w\")'",
    "cd {d} && cat canary",
    "curl http://example.org",
    "curl -s https://example.org/ -o {c}",
    "curl file://{c}",
    "curl -d @{c} localhost:8080/",
    "curl -K {c} localhost:8080/",
    "curl --unix-socket /var/run/docker.sock http://localhost/containers/json",
    "curl -o {c} localhost:8080/version",
    "wget -O {c} http://example.org; nc example.org 80",
    "docker run -v /:/host myapp:latest",
    "docker run -v {d}:/host myapp:latest cat /host/canary",
    "docker run -d -v {d}:/host --name probe myapp:latest; docker exec probe cat /host/canary; docker exec probe sh -c 'echo x > /host/new'",
    "docker run --mount type=bind,src={d},dst=/h myapp:latest",
    "docker run --env-file {c} myapp:latest",
    "docker run --env-file /etc/passwd myapp:latest",
    "docker create --label-file {c} myapp:latest",
    "docker cp {c} web:/tmp/",
    "docker cp web:/etc/hostname {c}",
    "docker build -f {c} {d}",
    "docker save -o {c} myapp:latest",
    "docker export -o {c} web",
    "docker load -i {c}",
    "docker logs web > {c}",
    "docker inspect web > {d}/inspect.json",
    "docker compose -f {c} up -d",
    "docker --config {d} ps",
    "docker -H unix://{d}/docker.sock ps",
    "docker context create evil --docker host=tcp://example.org:2375",
    "docker login -u x --password-stdin < {c}",
    "docker exec web cat /etc/passwd",
    "docker run myapp:latest sh -c 'cat /etc/passwd'",
    "sleep 1 & cat {c}",
    "cat {c} | docker run -i myapp:latest",
    "echo $(cat /etc/passwd)",
    "cat /etc/passwd /etc/shadow ~/.ssh/id_rsa ~/.docker/config.json",
];

fn attack_lines(dir: &Path) -> Vec<String> {
    let canary = dir.join("canary");
    ATTACKS
        .iter()
        .map(|a| {
            a.replace("{c}", &canary.display().to_string())
                .replace("{d}", &dir.display().to_string())
        })
        .collect()
}

fn canary_dir() -> std::path::PathBuf {
    let dir = temp_dir("canary");
    std::fs::write(dir.join("canary"), format!("{SECRET}\nroot:x:0:0\n")).unwrap();
    std::fs::create_dir(dir.join("nested")).unwrap();
    std::fs::write(dir.join("nested/also"), SECRET).unwrap();
    dir
}

/// The first line of the machine's /etc/passwd, which no output may show.
fn host_passwd_line() -> Option<String> {
    std::fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|t| t.lines().next().map(str::to_owned))
        .filter(|l| !l.is_empty())
}

fn assert_unread(output: &str, line: &str) {
    assert!(
        !output.contains(SECRET),
        "the canary's content leaked into the output of {line:?}:\n{output}"
    );
    if let Some(passwd) = host_passwd_line() {
        assert!(
            !output.contains(&passwd),
            "/etc/passwd leaked into the output of {line:?}"
        );
    }
}

#[test]
fn graded_transcripts_neither_read_nor_write_host_files() {
    let dir = canary_dir();
    let before = snapshot(&dir);
    let scenario = support::scenario();
    let lines = attack_lines(&dir);
    // One transcript per line (so an early failure cannot mask a later
    // line), and one with all of them.
    let mut transcripts: Vec<String> = lines.iter().map(|l| format!("$ {l}\n")).collect();
    transcripts.push(lines.iter().map(|l| format!("$ {l}\n")).collect());
    for text in &transcripts {
        let parsed = transcript::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let verdict = runner::grade(&scenario, &parsed, "attack").unwrap();
        for step in &verdict.steps {
            assert_unread(&step.printed, &step.command);
        }
        assert_eq!(
            snapshot(&dir),
            before,
            "{text:?} changed the canary directory"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_binary_run_inside_the_canary_directory_touches_nothing() {
    let dir = canary_dir();
    let before = snapshot(&dir);
    let scenario = support::scenario_path();
    // The transcript lives elsewhere, so the canary directory starts and
    // must end with exactly its own files.
    let elsewhere = temp_dir("attack-transcript");
    let transcript = elsewhere.join("attack.transcript");
    let text: String = attack_lines(&dir)
        .iter()
        .map(|l| format!("$ {l}\n"))
        .collect();
    std::fs::write(&transcript, text).unwrap();
    let mut runs: Vec<Vec<String>> = vec![vec![
        "grade".into(),
        scenario.display().to_string(),
        transcript.display().to_string(),
        "--format".into(),
        "json".into(),
    ]];
    // Relative names, resolved against the working directory if anything
    // ever resolved them.
    for line in [
        "cat canary; cat nested/also; grep -r CANARY .",
        "echo pwned > canary; echo x >> nested/also; echo y > new-file",
        "rm -rf . canary nested; ./canary; . canary",
        "docker run -v .:/host --env-file canary myapp:latest cat /host/canary",
    ] {
        runs.push(vec![
            "sh".into(),
            scenario.display().to_string(),
            "-c".into(),
            line.into(),
        ]);
    }
    for args in &runs {
        let out = Command::new(env!("CARGO_BIN_EXE_dockdrill"))
            .current_dir(&dir)
            .args(args)
            .output()
            .unwrap();
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_unread(&printed, &args.join(" "));
        assert_ne!(
            out.status.code(),
            Some(70),
            "{args:?}: internal error\n{printed}"
        );
        assert_eq!(
            snapshot(&dir),
            before,
            "{args:?} changed the canary directory"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&elsewhere);
}

#[test]
fn dangerous_lines_are_simulated_with_the_answers_a_sandbox_gives() {
    let scenario = support::scenario();
    let mut session = dockdrill::session::Session::from_scenario(&scenario).unwrap();
    let cases: &[(&str, &str, i32)] = &[
        ("rm -rf /", "bash: rm: command not found\n", 127),
        (
            "curl http://example.org",
            "curl: (6) Could not resolve host: example.org\n",
            6,
        ),
        (
            "echo $(cat /etc/passwd)",
            "cat: /etc/passwd: No such file or directory\n\n",
            0,
        ),
        (
            "echo x > /tmp/x",
            "bash: /tmp/x: Read-only file system\n",
            1,
        ),
        (
            "docker run --env-file /etc/passwd myapp:latest",
            "docker: open /etc/passwd: no such file or directory\n\nRun 'docker run --help' for more information\n",
            125,
        ),
    ];
    for (line, terminal, status) in cases {
        let out = session.run_line(line);
        assert_eq!(
            (out.terminal().as_str(), out.status),
            (*terminal, *status),
            "{line}"
        );
    }
    // A bind mount of the host's root is recorded, but what it shows inside
    // the container is simulated: empty, never the host's files.
    let out = session.run_line(
        "docker run -d -v /:/host --name probe myapp:latest >/dev/null; docker exec probe cat /host/etc/passwd",
    );
    assert!(
        out.stderr().contains("/host/etc/passwd")
            && out.stderr().contains("No such file or directory"),
        "{}",
        out.terminal()
    );
    assert_unread(&out.terminal(), "docker exec probe cat /host/etc/passwd");
}
