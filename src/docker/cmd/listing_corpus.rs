//! Every listing case of the conformance corpus, replayed through
//! `docker::run` against its imported world.

use std::path::PathBuf;

use crate::docker;
use crate::engine::{Timestamp, World};

/// Splits a simple bash command line: words, single and double quotes.
fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                cur.extend(chars.by_ref().take_while(|&q| q != '\''));
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
            ' ' | '\t' => {
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

fn is_listing(argv: &[String]) -> bool {
    let words: Vec<&str> = argv.iter().map(String::as_str).collect();
    matches!(
        words.as_slice(),
        ["docker", "ps", ..]
            | ["docker", "images", ..]
            | ["docker", "container", "ls" | "list" | "ps", ..]
            | ["docker", "image", "ls" | "list", ..]
            | ["docker", "network", "ls" | "list", ..]
            | ["docker", "volume", "ls" | "list", ..]
    )
}

#[test]
fn listing_cases_match_the_corpus() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/worlds");
    let Ok(worlds) = std::fs::read_dir(&root) else {
        eprintln!("corpus not found at {}; skipping", root.display());
        return;
    };
    let mut worlds: Vec<PathBuf> = worlds.filter_map(|e| e.ok().map(|e| e.path())).collect();
    worlds.sort();
    let mut failures = Vec::new();
    let mut checked = 0;
    for dir in worlds {
        let Ok(text) = std::fs::read_to_string(dir.join("world.json")) else {
            continue;
        };
        let Ok(world) = World::from_inspect_json(&text, "world") else {
            failures.push(format!("{}: world does not import", dir.display()));
            continue;
        };
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut cases: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.file_name().is_some_and(|n| n != "world.json"))
            .collect();
        cases.sort();
        for case in cases {
            let Ok(text) = std::fs::read_to_string(&case) else {
                continue;
            };
            let Ok(doc) = serde_json::from_str::<serde_json::Value>(&text) else {
                continue;
            };
            let field = |k: &str| doc.get(k).and_then(|v| v.as_str()).unwrap_or("");
            let command = field("command");
            if command.contains('|') || command.contains("&&") {
                continue;
            }
            let argv = split_words(command);
            if !is_listing(&argv) {
                continue;
            }
            let mut w = world.clone();
            if let Ok(now) = Timestamp::parse(field("now")) {
                w.now = now;
            }
            let out = docker::run(&mut w, &argv[1..]);
            checked += 1;
            let code = doc.get("exit_code").and_then(|v| v.as_i64()).unwrap_or(0);
            if out.stdout() != field("stdout")
                || out.stderr() != field("stderr")
                || i64::from(out.status) != code
            {
                failures.push(format!(
                    "{}: {command}\n--- want (exit {code})\n{}{}--- got (exit {})\n{}{}",
                    case.display(),
                    field("stdout"),
                    field("stderr"),
                    out.status,
                    out.stdout(),
                    out.stderr()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} listing cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
