//! Check kinds for lifecycle incidents, judged through the public grader:
//! `container ... after=` (the world played on with nothing typed),
//! `health`, `memory`, `exit-code` and `steady`; and what a paused
//! container does to a request (`paused=` in the world, curl's timeout).

use dockdrill::runner;
use dockdrill::scenario::{self, Scenario};
use dockdrill::transcript;

const WORLD: &str = r#"
scenario "kinds" {
    title "T"
    difficulty easy
    tools docker curl
    clock "2026-11-27T09:00:00Z"
    brief "B"
}
world {
    image "worker:1" created="-3d" size=10 {
        cmd "/worker"
        oom after="5s" peak="700m"
    }
    image "web:1" created="-3d" size=10 {
        cmd "/web"
        expose "8080/tcp"
        binaries "sh" "curl"
        healthcheck test="curl -fsS http://localhost:8080/healthz || exit 1" interval="10s"
        http GET "/healthz" body="ok\n"
    }
    container "worker" image="worker:1" created="-1h" started="-1h" {
        restart "always"
        memory "512m"
    }
    container "web" image="web:1" created="-1h" started="-1h" state="paused" paused="-20m" {
        publish "8080:8080"
    }
}
check "worker-holds" {
    about "worker stays up for 2 minutes after the end"
    container "worker" after="2m" {
        steady
    }
}
check "worker-limit" {
    about "worker keeps a limit that fits"
    container "worker" {
        memory-limit min="700m" max="2g"
    }
}
check "web-healthy" {
    about "web is healthy a minute later"
    container "web" after="1m" {
        health "healthy"
    }
}
check "web-killed" {
    about "web exited with 137"
    container "web" {
        exit-code 137
    }
}
"#;

fn grade(commands: &[&str]) -> dockdrill::verdict::Verdict {
    let s: Scenario = match scenario::parse("kinds.kdl", WORLD) {
        Ok(s) => s,
        Err(d) => panic!("{d}"),
    };
    let text: String = commands.iter().map(|c| format!("$ {c}\n")).collect();
    let t = transcript::parse(&text).unwrap_or_else(|e| panic!("{e}"));
    runner::grade(&s, &t, "t").unwrap_or_else(|e| panic!("{e}"))
}

fn passing(commands: &[&str]) -> Vec<String> {
    grade(commands)
        .checks
        .iter()
        .filter(|c| c.passed)
        .map(|c| c.name.clone())
        .collect()
}

#[test]
fn a_fix_that_only_looks_right_at_the_last_command_fails_after() {
    // Restarted: Up for a second at the end, OOM-killed 5s later.
    let v = grade(&[
        "docker restart worker",
        "docker ps --filter name=worker --format '{{.Status}}'",
    ]);
    assert_eq!(v.steps[1].printed, "Up 1 second\n");
    let held = v.checks.iter().find(|c| c.name == "worker-holds");
    assert!(held.is_some_and(|c| !c.passed), "{:?}", v.checks);
    // A limit above the peak holds.
    assert!(
        passing(&[
            "docker rm -f worker",
            "docker run -d --name worker --restart always --memory 1g worker:1"
        ])
        .contains(&"worker-holds".to_owned())
    );
}

#[test]
fn memory_bounds_reject_no_limit_and_a_limit_too_small_or_too_large() {
    let run = |flags: &str| {
        passing(&[
            "docker rm -f worker",
            &format!("docker run -d --name worker --restart always {flags} worker:1"),
        ])
        .contains(&"worker-limit".to_owned())
    };
    assert!(run("--memory 1g"));
    assert!(!run(""));
    assert!(!run("--memory 600m"));
    assert!(!run("--memory 4g"));
}

#[test]
fn a_paused_container_gets_no_answer_and_its_pause_time_is_declared() {
    let v = grade(&[
        "curl -sS -m 5 localhost:8080/healthz",
        "curl -s localhost:8080/healthz",
        "docker events --since 1h --until 2026-11-27T09:00:00Z --filter event=pause --format '{{.Action}} {{.Actor.Attributes.name}}'",
        "docker inspect web --format '{{.State.Status}}'",
    ]);
    let printed: Vec<(&str, i32)> = v
        .steps
        .iter()
        .map(|s| (s.printed.as_str(), s.status))
        .collect();
    assert_eq!(
        printed,
        vec![
            (
                "curl: (28) Operation timed out after 5001 milliseconds with 0 bytes received\n",
                28
            ),
            ("", 130),
            ("pause web\n", 0),
            ("paused\n", 0),
        ]
    );
}

#[test]
fn health_after_unpause_and_exit_code_after_kill() {
    let unpaused = passing(&["docker unpause web"]);
    assert!(unpaused.contains(&"web-healthy".to_owned()));
    assert!(!unpaused.contains(&"web-killed".to_owned()));
    let killed = passing(&["docker kill web"]);
    assert!(killed.contains(&"web-killed".to_owned()));
    assert!(!killed.contains(&"web-healthy".to_owned()));
}
