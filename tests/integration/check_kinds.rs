//! The check kinds incidents need beyond image IDs: text evidence, "the same
//! container as at the start", "not restarted", "the image another container
//! ran", what a tag names at the end, and HTTP routes that depend on a
//! container's environment. Each is judged through the public grader.

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
    image "app:1" id="aaaa1111bbbb" created="-3d" size=10 {
        cmd "/app"
        expose "8080/tcp"
        http GET "/mode" body="plain\n"
        http GET "/mode" body="fancy\n" {
            when-env MODE="fancy"
        }
        http GET "/db" status=500 body="DATABASE_URL is not set\n" {
            when-env DATABASE_URL=""
        }
        http GET "/db" body="connected\n"
    }
    image "app:stable" id="cccc2222dddd" created="-3d" size=10 {
        cmd "/app"
        expose "8080/tcp"
    }
    container "web" id="1111aaaa2222" image="app:1" created="-2d" {
        publish "8080:8080"
        env MODE="plain"
    }
    container "db" id="3333bbbb4444" image="app:stable" created="-2d" started="-2d"
}
check "saw-mode" {
    about "showed web's MODE"
    shown before-change="web" {
        text "MODE=plain" "MODE:plain"
    }
}
check "fancy" {
    about "web answers fancy"
    http GET "http://localhost:8080/mode" body="fancy\n"
}
check "db-kept" {
    about "db is the same container and was not restarted"
    container "db" {
        same-container
        not-restarted
    }
}
check "db-same" {
    about "db is the same container"
    container "db" {
        same-container
    }
}
check "web-like-db" {
    about "web runs the image db ran at the start"
    container "web" {
        image {
            image-of container="db"
        }
    }
}
check "stable-kept" {
    about "app:stable still names the image it named at the start"
    tag "app:stable" {
        id-of image="app:stable" at="start"
    }
}
"#;

fn scenario() -> Scenario {
    match scenario::parse("kinds.kdl", WORLD) {
        Ok(s) => s,
        Err(d) => panic!("{d}"),
    }
}

/// Which checks pass after running `commands` (claims are not judged here).
fn passing(commands: &[&str]) -> Vec<String> {
    let text: String = commands.iter().map(|c| format!("$ {c}\n")).collect();
    let t = match transcript::parse(&text) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    let v = match runner::grade(&scenario(), &t, "t") {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    };
    v.checks
        .iter()
        .filter(|c| c.passed)
        .map(|c| c.name.clone())
        .collect()
}

fn printed(commands: &[&str]) -> Vec<String> {
    let text: String = commands.iter().map(|c| format!("$ {c}\n")).collect();
    let t = transcript::parse(&text).unwrap_or_else(|e| panic!("{e}"));
    let v = runner::grade(&scenario(), &t, "t").unwrap_or_else(|e| panic!("{e}"));
    v.steps.iter().map(|s| s.printed.clone()).collect()
}

#[test]
fn text_evidence_counts_any_listed_text_before_the_change() {
    assert!(
        passing(&["docker inspect web --format '{{.Config.Env}}'"]).contains(&"saw-mode".into())
    );
    assert!(!passing(&["docker ps"]).contains(&"saw-mode".into()));
    // Seen only after web was replaced: too late.
    assert!(
        !passing(&[
            "docker rm -f web",
            "docker run -d --name web -e MODE=plain app:1",
            "docker inspect web"
        ])
        .contains(&"saw-mode".into())
    );
}

#[test]
fn curl_output_counts_as_shown() {
    let text = r#"
scenario "c" {
    title "T"
    difficulty easy
    tools docker curl
    clock "2026-11-27T09:00:00Z"
    brief "B"
}
world {
    image "app:1" created="-3d" size=10 {
        cmd "/app"
        http GET "/mode" body="plain\n"
    }
    container "web" image="app:1" created="-2d" {
        publish "8080:8080"
    }
}
check "saw" {
    about "A"
    shown {
        text "plain"
    }
}
"#;
    let s = scenario::parse("c.kdl", text).unwrap_or_else(|d| panic!("{d}"));
    let t = transcript::parse("$ curl -s localhost:8080/mode\n").unwrap_or_else(|e| panic!("{e}"));
    let v = runner::grade(&s, &t, "t").unwrap_or_else(|e| panic!("{e}"));
    assert!(v.checks[0].passed, "{:?}", v.checks[0].reasons);
}

#[test]
fn routes_follow_the_containers_environment() {
    assert_eq!(
        printed(&["curl -s localhost:8080/mode", "curl -s localhost:8080/db"]),
        ["plain\n", "DATABASE_URL is not set\n"]
    );
    let after = printed(&[
        "docker rm -f web",
        "docker run -d --name web -p 8080:8080 -e MODE=fancy -e DATABASE_URL=postgres://db/app app:1",
        "curl -s localhost:8080/mode",
        "curl -s localhost:8080/db",
    ]);
    assert_eq!(&after[2..], ["fancy\n", "connected\n"]);
    assert!(
        passing(&[
            "docker rm -f web",
            "docker run -d --name web -p 8080:8080 -e MODE=fancy app:1"
        ])
        .contains(&"fancy".into())
    );
}

#[test]
fn same_container_and_not_restarted() {
    let untouched = passing(&["docker ps"]);
    assert!(untouched.contains(&"db-kept".into()) && untouched.contains(&"db-same".into()));
    let restarted = passing(&["docker restart db"]);
    assert!(!restarted.contains(&"db-kept".into()));
    assert!(restarted.contains(&"db-same".into()));
    let stopped = passing(&["docker stop db"]);
    assert!(
        stopped.contains(&"db-kept".into()),
        "a stop alone leaves StartedAt; state checks catch it"
    );
    let recreated = passing(&["docker rm -f db", "docker run -d --name db app:stable"]);
    assert!(!recreated.contains(&"db-kept".into()) && !recreated.contains(&"db-same".into()));
}

#[test]
fn image_of_selects_what_another_container_ran_at_the_start() {
    assert!(!passing(&["docker ps"]).contains(&"web-like-db".into()));
    assert!(
        passing(&["docker rm -f web", "docker run -d --name web cccc2222dddd"])
            .contains(&"web-like-db".into())
    );
}

#[test]
fn tag_predicate_judges_what_a_reference_names_at_the_end() {
    assert!(passing(&["docker ps"]).contains(&"stable-kept".into()));
    assert!(!passing(&["docker tag app:1 app:stable"]).contains(&"stable-kept".into()));
    assert!(!passing(&["docker rmi -f app:stable"]).contains(&"stable-kept".into()));
}

#[test]
fn new_check_kinds_report_bad_forms() {
    let bad = WORLD
        .replace("text \"MODE=plain\" \"MODE:plain\"", "text \"\"")
        .replace(
            "same-container\n        not-restarted",
            "same-container \"x\"",
        )
        .replace("image-of container=\"db\"", "image-of container=\"nope\"")
        .replace("tag \"app:stable\" {", "tag \"app:gone\" {");
    let Err(d) = scenario::parse("kinds.kdl", &bad) else {
        panic!("bad forms parsed")
    };
    let text = d.to_string();
    for fragment in [
        "an empty text is in every output",
        "unexpected argument: `same-container` takes no arguments",
        "no container named \"nope\"",
        "no image in `world` has the reference \"app:gone\"",
    ] {
        assert!(text.contains(fragment), "missing {fragment:?} in:\n{text}");
    }
}

const ASKED: &str = r#"
scenario "asked" {
    title "T"
    difficulty easy
    tools docker curl
    clock "2026-11-27T09:00:00Z"
    brief "B"
}
world {
    image "job:1" created="-3d" size=10 {
        cmd "/job"
        exits after="1s" code=1 {
            when-env TOKEN=""
            log "fatal: TOKEN is not set" stream="stderr"
        }
    }
    container "job" image="job:1" created="-2d" started="-1m" {
        restart "always"
    }
    container "ok" image="job:1" created="-2d" started="-1m" {
        env TOKEN="t"
    }
}
check "saw-status" {
    about "A"
    shown {
        any {
            text "true" asked="Restarting"
            text "Restarting (1)"
        }
    }
}
"#;

fn asked_verdict(commands: &[&str]) -> (bool, Vec<String>) {
    let s = scenario::parse("asked.kdl", ASKED).unwrap_or_else(|d| panic!("{d}"));
    let text: String = commands.iter().map(|c| format!("$ {c}\n")).collect();
    let t = transcript::parse(&text).unwrap_or_else(|e| panic!("{e}"));
    let v = runner::grade(&s, &t, "t").unwrap_or_else(|e| panic!("{e}"));
    (
        v.checks[0].passed,
        v.steps.iter().map(|s| s.printed.clone()).collect(),
    )
}

#[test]
fn asked_text_counts_only_in_reply_to_that_command() {
    assert!(asked_verdict(&["docker inspect job --format '{{.State.Restarting}}'"]).0);
    // The same word in reply to another question proves nothing.
    assert!(!asked_verdict(&["docker inspect ok --format '{{.State.Running}}'"]).0);
    // `any`: the ps form counts too.
    assert!(asked_verdict(&["docker ps -a --format '{{.Status}}'"]).0);
}

#[test]
fn exits_follow_the_containers_environment() {
    let (_, printed) = asked_verdict(&[
        "docker ps -a --format '{{.Names}} {{.State}}'",
        "docker logs --tail 1 job",
    ]);
    let mut states: Vec<&str> = printed[0].lines().collect();
    states.sort_unstable();
    assert_eq!(states, ["job restarting", "ok running"]);
    assert_eq!(printed[1], "fatal: TOKEN is not set\n");
}

#[test]
fn file_and_memory_limit_conditions_report_bad_forms() {
    let bad = WORLD.replace(
        "        same-container\n        not-restarted",
        "        file \"relative/path\" content=\"x\"\n        file \"/no/content\"\n        memory-limit\n        memory-limit min=\"1g\" max=\"512m\"",
    );
    let Err(d) = scenario::parse("kinds.kdl", &bad) else {
        panic!("bad forms parsed")
    };
    let text = d.to_string();
    for fragment in [
        "\"relative/path\" is not an absolute path",
        "`file` needs content=TEXT",
        "`memory-limit` needs min=SIZE, max=SIZE or both",
        "`memory-limit` has min above max",
    ] {
        assert!(text.contains(fragment), "missing {fragment:?} in:\n{text}");
    }
}
