//! The container conditions `file` (a process in it sees a file, through
//! its mounts too) and `resolves` (a host name resolves inside it), judged
//! through the public grader.

use dockdrill::runner;
use dockdrill::scenario;
use dockdrill::transcript;

const WORLD: &str = r#"
scenario "kinds" {
    title "T"
    difficulty easy
    tools docker
    clock "2026-11-27T09:00:00Z"
    brief "B"
}
world {
    image "pg:16" id="aaaa1111bbbb" created="-3d" size=10 {
        cmd "postgres"
        expose "5432/tcp"
        volume "/data"
    }
    image "api:1" id="cccc2222dddd" created="-3d" size=10 {
        cmd "/api"
    }
    container "db" image="pg:16" created="-2d" {
        file "/data/PG_VERSION" content="16\n"
    }
    container "api" image="api:1" created="-2d"
}
check "data-kept" {
    about "db still sees its data"
    container "db" {
        file "/data/PG_VERSION" content="16\n"
    }
}
check "finds-db" {
    about "api resolves db"
    container "api" {
        resolves "db"
    }
}
"#;

fn passing(commands: &[&str]) -> Vec<String> {
    let s = scenario::parse("kinds.kdl", WORLD).unwrap_or_else(|d| panic!("{d}"));
    let text: String = commands.iter().map(|c| format!("$ {c}\n")).collect();
    let t = transcript::parse(&text).unwrap_or_else(|e| panic!("{e}"));
    let v = runner::grade(&s, &t, "t").unwrap_or_else(|e| panic!("{e}"));
    v.checks
        .iter()
        .filter(|c| c.passed)
        .map(|c| c.name.clone())
        .collect()
}

#[test]
fn file_follows_the_volume_the_container_mounts() {
    assert!(passing(&["docker ps"]).contains(&"data-kept".into()));
    assert!(passing(&["docker restart db"]).contains(&"data-kept".into()));
    // A new container gets a new, empty anonymous volume.
    let recreated = passing(&["docker rm -f db", "docker run -d --name db pg:16"]);
    assert!(!recreated.contains(&"data-kept".into()));
    // A fresh named volume is empty too.
    let fresh = passing(&[
        "docker rm -f db",
        "docker volume create keep",
        "docker run -d --name db -v keep:/data pg:16",
    ]);
    assert!(!fresh.contains(&"data-kept".into()), "{fresh:?}");
    // Mounting the old anonymous volume by its name takes the data along.
    let kept = passing(&[
        "docker stop db",
        "docker rename db old",
        "docker run -d --name db -v \"$(docker inspect old --format '{{range .Mounts}}{{.Name}}{{end}}')\":/data pg:16",
    ]);
    assert!(kept.contains(&"data-kept".into()), "{kept:?}");
}

#[test]
fn resolves_needs_a_user_defined_network_in_common() {
    assert!(!passing(&["docker ps"]).contains(&"finds-db".into()));
    assert!(
        !passing(&["docker network create n", "docker network connect n db"])
            .contains(&"finds-db".into())
    );
    assert!(
        passing(&[
            "docker network create n",
            "docker network connect n db",
            "docker network connect n api"
        ])
        .contains(&"finds-db".into())
    );
}

#[test]
fn conditions_parse_with_their_errors() {
    let bad = WORLD.replace(
        "file \"/data/PG_VERSION\" content=\"16\\n\"\n    }\n}",
        "file \"data/PG_VERSION\"\n    }\n}",
    );
    let err = match scenario::parse("kinds.kdl", &bad) {
        Ok(_) => panic!("a relative path parsed"),
        Err(d) => d.to_string(),
    };
    assert!(err.contains("absolute path"), "{err}");
}
