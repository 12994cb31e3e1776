//! World import reads a file in one pass of its own JSON scanner (checking
//! the syntax and reading the containers' and images' views on the way).
//! These tests hold it to serde_json: every text serde_json refuses as a
//! `Value` is refused with serde_json's message, line and column, and every
//! text it takes imports to the same world as the serde-only import
//! (`World::from_inspect_text_via_serde`).

use std::fmt::Write as _;

use dockdrill::engine::{ImportError, World};
use serde_json::Value as Json;
use worlds::world_files;

use crate::worlds;

/// Everything an import decides, as text.
fn fingerprint(world: &World) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "now {:?} daemon {} api {}",
        world.now, world.daemon_version, world.api_version
    );
    for c in &world.containers {
        let _ = writeln!(
            out,
            "container {:?} {:?} {:?} {:?}\n  tree {}",
            c.doc.view(),
            c.size_rw,
            c.size_root_fs,
            c.logs,
            *c.doc
        );
    }
    for i in &world.images {
        let _ = writeln!(out, "image {:?}\n  tree {}", i.doc.view(), *i.doc);
    }
    for n in &world.networks {
        let _ = writeln!(out, "network {n}");
    }
    for v in &world.volumes {
        let _ = writeln!(out, "volume {v}");
    }
    out
}

fn outcome(result: &Result<World, ImportError>) -> String {
    match result {
        Ok(world) => fingerprint(world),
        Err(e) => format!("error {e:?}"),
    }
}

/// The import of `text` agrees with serde_json and with the serde-only
/// import. Returns whether serde_json took the text.
fn holds(text: &str) -> bool {
    let imported = World::from_inspect_json(text, "t");
    match serde_json::from_str::<Json>(text) {
        Err(e) => {
            let got = imported.as_ref().err();
            let want = ImportError {
                line: e.line().max(1),
                column: e.column().max(1),
                message: e.to_string(),
            };
            assert_eq!(got, Some(&want), "for {text:?}");
            false
        }
        Ok(_) => {
            let reference = World::from_inspect_text_via_serde(text.to_owned(), "t");
            assert_eq!(outcome(&imported), outcome(&reference), "for {text:?}");
            true
        }
    }
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A world of two containers, two images, a network and a volume from the
/// shipped mixed world: small enough to import thousands of times.
fn small_world() -> Json {
    let file = world_files()
        .into_iter()
        .find(|f| f.ends_with("mixed/world.json"))
        .unwrap();
    let mut world: Json = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    for (key, keep) in [
        ("containers", 2),
        ("images", 2),
        ("networks", 1),
        ("volumes", 1),
    ] {
        if let Some(list) = world[key].as_array_mut() {
            list.truncate(keep);
        }
    }
    world
}

#[test]
fn shipped_worlds_import_as_the_serde_reader_imports_them() {
    for file in world_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(holds(&text), "{}", file.display());
        let compact = serde_json::to_string(&serde_json::from_str::<Json>(&text).unwrap()).unwrap();
        assert!(holds(&compact), "{} (compact)", file.display());
    }
}

/// Tokens that stress what serde_json refuses in a tree and skipping does
/// not: numbers at and beyond f64's range, surrogate escapes, control
/// characters, malformed numbers, literals and escapes.
const VALUES: &[&str] = &[
    "1e400",
    "-1e400",
    "1E400",
    "1e-400",
    "1e308",
    "1.7976931348623157e308",
    "1.7976931348623159e308",
    "0e99999999999999999999",
    "1e99999999999999999999",
    "123456789012345678901234567890",
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "-0",
    "0",
    "-0.0",
    "01",
    "1.",
    ".5",
    "1e",
    "1e+",
    "1e-5",
    "-",
    "--1",
    "+1",
    "1.5e3",
    "0.1",
    "\"\\udc00\"",
    "\"\\ud800\"",
    "\"\\ud800x\"",
    "\"\\ud800\\u0041\"",
    "\"\\ud800\\ud800\"",
    "\"\\ud800\\udc00\"",
    "\"\\ud83d\\ude00 \\u0026\"",
    "\"\\u00e9\\u003c\\/\\b\\f\\n\\r\\t\\\"\\\\\"",
    "\"\\x\"",
    "\"\\u12\"",
    "\"\\u12g4\"",
    "\"\\U0041\"",
    "\"a\u{1}b\"",
    "\"a\tb\"",
    "\"a\u{7f}b é ☃ 😀\"",
    "\"unterminated",
    "true",
    "false",
    "null",
    "tru",
    "nul",
    "True",
    "[]",
    "{}",
    "[1,]",
    "[,1]",
    "{\"a\":1,}",
    "{\"a\" 1}",
    "{1:1}",
    "[1 2]",
    "{\"a\":{\"a\":1}}",
    "[\"x\", null, 7]",
    "[\"a\",\"b\"]",
    "[ \"a\" ,\n \"b\" ]",
    "[\"\"]",
    "[\"a\",]",
    "[\"a\" \"b\"]",
    "[\"a\",1]",
    "[\"a\",[\"b\"]]",
    "[\"a\\x\"]",
    "[\"a\u{1}\"]",
    "[\"a\\u00e9\", \"\\ud800\"]",
    "[\"a\"",
    "[\"a\",",
    "{\"Status\":\"healthy\"}",
    "[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"80\"}]",
];

/// Where a value can stand in a world: an unknown field, a field the views
/// read, a label, a key, the top level, a network.
fn places(value: &str) -> Vec<Json> {
    let base = small_world();
    let marker = "\u{1}MARK\u{1}";
    let mut worlds = Vec::new();
    let mut put = |edit: &dyn Fn(&mut Json)| {
        let mut w = base.clone();
        edit(&mut w);
        worlds.push(w);
    };
    put(&|w| w["containers"][0]["Unknown"] = Json::from(marker));
    put(&|w| w["containers"][0]["Name"] = Json::from(marker));
    put(&|w| w["containers"][0]["State"]["ExitCode"] = Json::from(marker));
    put(&|w| w["containers"][0]["State"]["Health"] = Json::from(marker));
    put(&|w| w["containers"][1]["Config"]["Labels"]["x"] = Json::from(marker));
    put(&|w| w["containers"][1]["Config"]["Env"] = Json::from(marker));
    put(&|w| w["containers"][1]["NetworkSettings"]["Ports"] = Json::from(marker));
    put(&|w| w["containers"][1]["NetworkSettings"]["Networks"]["bridge"] = Json::from(marker));
    put(&|w| w["containers"][1]["Mounts"] = Json::from(marker));
    put(&|w| w["containers"][1]["HostConfig"]["RestartPolicy"] = Json::from(marker));
    put(&|w| w["containers"][1]["_SizeRw"] = Json::from(marker));
    put(&|w| w["containers"][1]["_logs"] = Json::from(marker));
    put(&|w| w["images"][0]["Size"] = Json::from(marker));
    put(&|w| w["images"][1]["RepoTags"] = Json::from(marker));
    put(&|w| w["images"][1]["Config"] = Json::from(marker));
    put(&|w| w["networks"][0]["Options"] = Json::from(marker));
    put(&|w| w["extra"] = Json::from(marker));
    put(&|w| w["now"] = Json::from(marker));
    worlds
        .into_iter()
        .map(|w| {
            let text = serde_json::to_string_pretty(&w)
                .unwrap()
                .replace("\"\\u0001MARK\\u0001\"", value);
            // Not JSON any more in general: carry it as a string.
            Json::String(text)
        })
        .collect()
}

#[test]
fn odd_values_anywhere_are_refused_or_read_as_serde_json_does() {
    let (mut taken, mut refused) = (0, 0);
    for value in VALUES {
        for text in places(value) {
            let text = text.as_str().unwrap();
            if holds(text) {
                taken += 1;
            } else {
                refused += 1;
            }
        }
    }
    assert!(
        taken > 200 && refused > 200,
        "taken {taken}, refused {refused}"
    );
}

#[test]
fn nesting_is_refused_exactly_where_serde_json_stops() {
    // The container is at depth 3: the world, the list, the document.
    for depth in 118..=130 {
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        for text in places(&nested).iter().take(2) {
            holds(text.as_str().unwrap());
        }
        let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        holds(places(&objects)[0].as_str().unwrap());
    }
}

#[test]
fn whole_files_of_odd_shapes_are_refused_or_read_as_serde_json_does() {
    for text in [
        "",
        " ",
        "\u{feff}{}",
        "{}",
        "{} x",
        "{}\n\t\r ",
        "[]",
        "[1e400]",
        "\"world\"",
        "null",
        "{\"containers\": null, \"images\": null}",
        "{\"containers\": {}}",
        "{\"containers\": 7}",
        "{\"containers\": [7]}",
        "{\"containers\": [{}]}",
        "{\"containers\": [], \"containers\": 1}",
        "{\"images\": [{\"Id\": \"x\"}]}",
        "{\"images\": [{\"Id\": \"sha256:ab\", \"Id\": \"sha256:cd\"}]}",
        "{\"now\": 5}",
        "{\"now\": \"yesterday\"}",
        "{\"now\": \"2026-01-01T00:00:00Z\", \"now\": \"2027-01-01T00:00:00Z\"}",
        "{\"n\\u006fw\": \"2026-01-01T00:00:00Z\"}",
        "{\"networks\": [{\"Name\": \"n\"}], \"volumes\": [{\"Name\": 1e400}]}",
        "{\"containers\": [{\"Id\": \"a\", \"Name\": \"/a\", \"_logs\": 7}]}",
        "{\"containers\": [{\"Id\": \"a\", \"Name\": \"/a\", \"_logs\": [{\"time\": \"x\"}]}]}",
        "{\"containers\": [{\"\\u0049d\": \"a\", \"Name\": \"/a\"}]}",
        "{\"containers\": [{\"Id\": \"a\", \"Name\": \"/a\", \"Id\": \"b\"}]}",
    ] {
        holds(text);
    }
}

/// Mutants of texts that `pick` gives with the places to edit (each
/// place's byte deleted, or a byte of `bytes` inserted or written there,
/// one place after another), `rounds` of them: how many of those still
/// UTF-8 were taken and how many refused, each as serde_json does
/// ([`holds`]).
fn held_mutants(
    rng: &mut Rng,
    rounds: usize,
    bytes: &[u8],
    mut pick: impl FnMut(&mut Rng) -> (Vec<u8>, Vec<usize>),
) -> (usize, usize) {
    let (mut taken, mut refused) = (0, 0);
    for _ in 0..rounds {
        let (mut text, places) = pick(rng);
        for at in places {
            let at = at.min(text.len().saturating_sub(1));
            let byte = bytes[rng.below(bytes.len())];
            match rng.below(3) {
                0 => {
                    text.remove(at);
                }
                1 => text.insert(at, byte),
                _ => text[at] = byte,
            }
        }
        // Keep to UTF-8 (the file is read as text).
        let Ok(text) = String::from_utf8(text) else {
            continue;
        };
        if holds(&text) {
            taken += 1;
        } else {
            refused += 1;
        }
    }
    (taken, refused)
}

/// Byte-level mutations of a small world: deleted, inserted and replaced
/// bytes, chosen among those that change JSON's meaning.
#[test]
fn mutated_worlds_are_refused_or_read_as_serde_json_does() {
    const BYTES: &[u8] = b"\"\\u{}[],:0123456789eE+-.dDnt \n\x01x";
    let base = small_world();
    let texts = [
        serde_json::to_string_pretty(&base).unwrap(),
        serde_json::to_string(&base).unwrap(),
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut round = 0;
    let (taken, refused) = held_mutants(&mut rng, 600, BYTES, |rng| {
        round += 1;
        let bytes = texts[round % 2].clone().into_bytes();
        let places = (0..=rng.below(2)).map(|_| rng.below(bytes.len())).collect();
        (bytes, places)
    });
    assert!(
        taken > 50 && refused > 200,
        "taken {taken}, refused {refused}"
    );
}

/// The reader guesses each key from the key at its place in the
/// container before: worlds of several containers whose later ones have
/// keys changed (renamed, reordered, escaped, spaced, cut short, broken)
/// read as serde_json reads them.
#[test]
fn keys_unlike_the_last_containers_are_read_as_serde_json_does() {
    const BYTES: &[u8] = b"\"\\u{}[],:0123456789 \n\x01xIdNae";
    let mut world = small_world();
    let base = world["containers"].as_array().cloned().unwrap();
    let copies: Vec<Json> = (0..6).map(|i| base[i % base.len()].clone()).collect();
    world["containers"] = Json::from(copies);
    let text = serde_json::to_string(&world).unwrap();
    let start = text.find("\"containers\"").unwrap();
    // The places of the keys (quote to colon) of every container after
    // the first.
    let second = start + text[start..].find("},{\"").unwrap();
    let keys: Vec<usize> = text[second..]
        .match_indices("\":")
        .map(|(at, _)| second + at)
        .collect();
    let mut rng = Rng(0x6b65_7973);
    let (taken, refused) = held_mutants(&mut rng, 500, BYTES, |rng| {
        let bytes = text.clone().into_bytes();
        // A place within a key, from its opening quote to its colon.
        let places = (0..=rng.below(2))
            .map(|_| {
                let end = keys[rng.below(keys.len())];
                let key_start = bytes[..end].iter().rposition(|&b| b == b'"').unwrap_or(end);
                key_start + rng.below(end + 2 - key_start)
            })
            .collect();
        (bytes, places)
    });
    // Keys swapped between places, whole.
    let swapped = text
        .replacen("\"State\":", "\"Statf\":", 2)
        .replacen("\"Id\":", "\"Ie\":", 3);
    assert!(holds(&swapped));
    assert!(
        taken > 100 && refused > 100,
        "taken {taken}, refused {refused}"
    );
}

#[test]
fn a_document_the_typed_reader_gives_up_on_reads_through_its_tree() {
    // Duplicate fields and mistyped values: the view comes from the tree.
    let text = r#"{"containers": [
        {"Id": "a", "Name": "/one", "Name": "/two", "State": {"ExitCode": 1.0}},
        {"Id": "b", "Name": "/b", "State": {"Running": "yes", "ExitCode": 3}}
    ]}"#;
    assert!(holds(text));
    let world = World::from_inspect_json(text, "t").unwrap();
    let names: Vec<&str> = world.containers.iter().map(|c| c.name()).collect();
    assert_eq!(names, ["two", "b"]);
    assert_eq!(world.containers[1].doc.view().exit_code, 3);
    assert!(!world.containers[1].doc.view().running);
    assert!(world.containers.iter().all(|c| !c.doc.is_parsed()));
}

/// A world whose `containers` list is large enough to be read by two
/// threads (over 512 KiB): copies of the mixed world's containers, each
/// with its own ID and name, and `extra` added to each.
fn large_world(extra: &Json) -> Json {
    let mut world = small_world();
    let base = world["containers"].as_array().cloned().unwrap();
    let mut containers = Vec::new();
    for i in 0..400 {
        let mut c = base[i % base.len()].clone();
        c["Id"] = Json::from(format!("{i:064x}"));
        c["Name"] = Json::from(format!("/c{i}"));
        if let (Some(map), Some(extra)) = (c.as_object_mut(), extra.as_object()) {
            for (k, v) in extra {
                map.insert(k.clone(), v.clone());
            }
        }
        containers.push(c);
    }
    world["containers"] = Json::from(containers);
    world
}

/// Large lists are read by two threads from a guessed element boundary;
/// the guess never changes the result: worlds whose guess is right, whose
/// guess falls inside a nested object, whose second half is refused or
/// has a non-object element, and mutated copies, all import as the serde
/// reader imports them.
#[test]
fn large_lists_read_by_two_threads_import_as_the_serde_reader_imports_them() {
    let before = World::two_thread_imports();
    let plain = serde_json::to_string(&large_world(&serde_json::json!({}))).unwrap();
    assert!(plain.len() > 600 * 1024, "{} bytes", plain.len());
    assert!(holds(&plain));
    assert!(
        World::two_thread_imports() > before,
        "the second thread's reading was used"
    );
    assert!(holds(
        &serde_json::to_string_pretty(&large_world(&serde_json::json!({}))).unwrap()
    ));
    // Objects that begin like a container, after a comma, inside each one.
    // Most of each container is decoys, so the guess falls on one: the
    // second thread's reading is dropped.
    let decoys: Vec<Json> = (0..60)
        .map(|i| serde_json::json!({"Id": [i, {"Id": i}]}))
        .collect();
    let decoys = serde_json::json!({ "Decoys": decoys });
    let before = World::two_thread_imports();
    assert!(holds(
        &serde_json::to_string(&large_world(&decoys)).unwrap()
    ));
    assert_eq!(World::two_thread_imports(), before, "the guess was a decoy");
    // Refusals and shape errors in the second half.
    let at_three_quarters = |insert: &str| {
        let cut = plain.len() * 3 / 4;
        let at = plain[cut..].find(",{\"Id\"").unwrap() + cut + 1;
        format!("{}{insert}{}", &plain[..at], &plain[at..])
    };
    assert!(!holds(&at_three_quarters("1e400,")));
    assert!(!holds(&at_three_quarters("{\"Id\":\"\\ud800\"},")));
    assert!(holds(&at_three_quarters("7,")));
    assert!(holds(&at_three_quarters("null,")));
    assert!(holds(&at_three_quarters(
        "{\"Id\":\"x\",\"Name\":\"/x\",\"Id\":\"y\"},"
    )));
    let mut rng = Rng(0x5eed_2b16);
    let bytes = plain.as_bytes();
    for _ in 0..12 {
        let mut mutated = bytes.to_vec();
        let at = bytes.len() / 2 + rng.below(bytes.len() / 2);
        mutated[at] = b"{}[],:\"0 x\\"[rng.below(11)];
        if let Ok(text) = String::from_utf8(mutated) {
            holds(&text);
        }
    }
}

/// A container's `_logs` stays text at import, checked as its conversion
/// checks it: every shape of list and entry (times valid, invalid,
/// mistyped, repeated, escaped; entries that are not objects) gives the
/// serde-only import's lines or its error, and the first error wins.
#[test]
fn logs_of_every_shape_are_checked_and_read_as_the_tree_reads_them() {
    const ENTRIES: &[&str] = &[
        "{\"time\":\"2026-01-02T03:04:05.123456789Z\",\"stream\":\"stdout\",\"line\":\"up\\n\"}",
        "{\"time\":\"2026-01-02T03:04:05Z\",\"stream\":\"stderr\",\"line\":\"\\u00e9 \\\"x\\\"\"}",
        "{\"stream\":\"stderr\",\"line\":null,\"time\":\"2026-01-02T03:04:05+02:00\"}",
        "{\"time\":\"yesterday\"}",
        "{\"time\":5}",
        "{\"time\":null}",
        "{\"time\":[\"2026-01-02T03:04:05Z\"]}",
        "{\"time\":\"2026-01-02T03:04:05Z\",\"time\":\"x\"}",
        "{\"time\":\"x\",\"time\":\"2026-01-02T03:04:05Z\"}",
        "{\"time\":\"2026-01-02T03:04:05Z\",\"time\":7}",
        "{\"ti\\u006de\":\"2026-01-02T03:04:05Z\"}",
        "{\"time\":\"2026\\u002d01-02T03:04:05Z\"}",
        "{\"Time\":\"2026-01-02T03:04:05Z\"}",
        "{}",
        "7",
        "\"2026-01-02T03:04:05Z\"",
        "null",
        "[]",
    ];
    let base = small_world();
    let marker = "\u{1}MARK\u{1}";
    let mut values: Vec<String> = ["null", "7", "\"x\"", "{}", "{\"time\":1}", "[]"]
        .iter()
        .map(|v| (*v).to_owned())
        .collect();
    for a in ENTRIES {
        values.push(format!("[{a}]"));
        for b in ENTRIES {
            values.push(format!("[{a}, {b}]"));
        }
    }
    let mut rng = Rng(0x1095_c0de);
    for _ in 0..200 {
        let picked: Vec<&str> = (0..=rng.below(4))
            .map(|_| ENTRIES[rng.below(ENTRIES.len())])
            .collect();
        values.push(format!("[{}]", picked.join(",")));
    }
    let (mut taken, mut refused) = (0, 0);
    for value in &values {
        let mut w = base.clone();
        w["containers"][1]["_logs"] = Json::from(marker);
        let pretty = serde_json::to_string_pretty(&w).unwrap();
        let compact = serde_json::to_string(&w).unwrap();
        for text in [pretty, compact] {
            let text = text.replace("\"\\u0001MARK\\u0001\"", value);
            assert!(holds(&text));
            match World::from_inspect_json(&text, "t") {
                Ok(_) => taken += 1,
                Err(_) => refused += 1,
            }
        }
    }
    assert!(
        taken > 100 && refused > 100,
        "taken {taken}, refused {refused}"
    );
}

/// The first element that keeps a `containers` list from importing is
/// reported as the whole list's check reports it (an element that is not
/// an object before any other problem, else the first container that
/// cannot be imported), whichever thread read it and in whichever half.
#[test]
fn the_first_unimportable_container_is_reported_whichever_thread_read_it() {
    let no_name = serde_json::json!({"Id": "x"});
    let bad_logs = serde_json::json!({"Id": "y", "Name": "/y", "_logs": 5});
    let number = serde_json::json!(7);
    let cases = [
        (&no_name, &number, "containers[300] is not an object"),
        (&number, &no_name, "containers[100] is not an object"),
        (
            &no_name,
            &bad_logs,
            "containers[100] needs \"Id\" and \"Name\"",
        ),
        (&bad_logs, &no_name, "\"_logs\" must be a list"),
    ];
    for (first, second, expected) in cases {
        for large in [false, true] {
            let mut world = large_world(&serde_json::json!({}));
            let containers = world["containers"].as_array_mut().unwrap();
            if !large {
                containers.truncate(310);
                for c in containers.iter_mut() {
                    // Small enough for one thread.
                    if let Some(map) = c.as_object_mut() {
                        map.retain(|k, _| matches!(k.as_str(), "Id" | "Name" | "Created"));
                    }
                }
            }
            containers[100] = first.clone();
            containers[300] = second.clone();
            let text = serde_json::to_string(&world).unwrap();
            assert_eq!(text.len() > 600 * 1024, large, "{} bytes", text.len());
            let before = World::two_thread_imports();
            let e = World::from_inspect_json(&text, "t").unwrap_err();
            assert_eq!((e.line, e.column, e.message.as_str()), (1, 1, expected));
            if large {
                assert!(World::two_thread_imports() > before, "two threads read it");
            }
            assert!(holds(&text));
        }
    }
}
