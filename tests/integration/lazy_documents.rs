//! Imported container and image documents stay JSON text until something
//! needs the whole tree; the typed views read from the text must equal what
//! the lenient tree accessors read, on every world the project ships and on
//! variants of them with fields nulled, retyped and removed.

use std::path::Path;

use dockdrill::engine::{ContainerView, ImageView, ImportedExtras, View, World};
use serde_json::Value as Json;
use worlds::world_files;

use crate::worlds;

fn objects(world: &Json, key: &str) -> Vec<Json> {
    world[key].as_array().cloned().unwrap_or_default()
}

fn stripped(mut doc: Json) -> Json {
    ContainerView::strip_extras(&mut doc);
    doc
}

/// `from_text` may give up, but never disagrees with `from_tree`.
fn agrees<V: View + PartialEq + std::fmt::Debug>(doc: &Json, strip: fn(Json) -> Json) -> bool {
    let text = serde_json::to_string(doc).unwrap();
    let from_tree = V::from_tree(&strip(doc.clone()));
    match V::from_text(&text) {
        Some(from_text) => {
            assert_eq!(from_text, from_tree, "views differ for {text}");
            true
        }
        None => false,
    }
}

/// The import reader (view and extras in one pass) gives what the tree gives.
fn import_agrees(doc: &Json) {
    let text = serde_json::to_string(doc).unwrap();
    // `null` counts as absent.
    let present = |key: &str| doc.get(key).filter(|v| !v.is_null()).cloned();
    let extras = ImportedExtras {
        size_rw: present("_SizeRw"),
        size_root_fs: present("_SizeRootFs"),
        logs: present("_logs"),
    };
    let expected = (ContainerView::from_tree(&stripped(doc.clone())), extras);
    assert_eq!(ContainerView::read_imported(&text), expected, "for {text}");
}

#[test]
fn typed_views_of_shipped_worlds_equal_the_tree_accessors() {
    let (mut containers, mut images) = (0, 0);
    for file in world_files() {
        let world: Json = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for doc in objects(&world, "containers") {
            import_agrees(&doc);
            assert!(
                agrees::<ContainerView>(&doc, stripped),
                "{}: the typed reader gave up on a daemon document",
                file.display()
            );
            containers += 1;
        }
        for doc in objects(&world, "images") {
            assert!(
                agrees::<ImageView>(&doc, |d| d),
                "{}: the typed reader gave up on a daemon document",
                file.display()
            );
            images += 1;
        }
    }
    assert!(
        containers > 10 && images > 10,
        "{containers} containers, {images} images"
    );
}

/// Every object member, at every depth, nulled, made a number, made a
/// string, made an empty object, and removed.
fn variants(doc: &Json) -> Vec<Json> {
    fn paths(v: &Json, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        if let Some(map) = v.as_object() {
            for (k, child) in map {
                prefix.push(k.clone());
                out.push(prefix.clone());
                paths(child, prefix, out);
                prefix.pop();
            }
        }
    }
    let mut all = Vec::new();
    paths(doc, &mut Vec::new(), &mut all);
    let mut out = Vec::new();
    for path in all {
        for replacement in [
            Some(Json::Null),
            Some(Json::from(7)),
            Some(Json::from("x")),
            Some(serde_json::json!({})),
            Some(serde_json::json!([null])),
            None,
        ] {
            let mut v = doc.clone();
            let (last, parents) = path.split_last().unwrap();
            let mut cur = &mut v;
            for p in parents {
                cur = cur.get_mut(p).unwrap();
            }
            let map = cur.as_object_mut().unwrap();
            match &replacement {
                Some(r) => {
                    map.insert(last.clone(), r.clone());
                }
                None => {
                    map.shift_remove(last);
                }
            }
            out.push(v);
        }
    }
    out
}

#[test]
fn typed_views_never_disagree_with_the_tree_on_odd_documents() {
    let file = world_files()
        .into_iter()
        .find(|f| f.to_string_lossy().contains("varied"))
        .unwrap_or_else(|| world_files()[0].clone());
    let world: Json = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let (mut typed, mut lenient) = (0, 0);
    for doc in objects(&world, "containers").iter().take(3) {
        for v in variants(doc) {
            if v.is_object() {
                import_agrees(&v);
            }
            if agrees::<ContainerView>(&v, stripped) {
                typed += 1;
            } else {
                lenient += 1;
            }
        }
    }
    for doc in objects(&world, "images").iter().take(3) {
        for v in variants(doc) {
            if agrees::<ImageView>(&v, |d| d) {
                typed += 1;
            } else {
                lenient += 1;
            }
        }
    }
    // Both readers were exercised.
    assert!(
        typed > 100 && lenient > 100,
        "typed {typed}, lenient {lenient}"
    );
}

fn imported(file: &Path) -> World {
    World::from_inspect_json(&std::fs::read_to_string(file).unwrap(), "test").unwrap()
}

fn run(world: &mut World, args: &[&str]) -> String {
    let argv: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    dockdrill::docker::run(world, &argv).stdout().to_owned()
}

#[test]
fn listing_containers_leaves_imported_documents_as_text_and_inspect_reads_them() {
    let file = world_files()
        .into_iter()
        .find(|f| f.ends_with("mixed/world.json"))
        .unwrap();
    let mut world = imported(&file);
    let listed = run(&mut world, &["ps", "-a"]);
    assert!(listed.lines().count() > 2, "{listed}");
    run(&mut world, &["images"]);
    assert!(world.containers.iter().all(|c| !c.doc.is_parsed()));
    assert!(world.images.iter().all(|i| !i.doc.is_parsed()));
    // Nor does anything there read networks, volumes or log lines.
    assert!(!world.networks.is_parsed() && !world.volumes.is_parsed());
    let with_logs = world.containers.iter().filter(|c| c.logs.is_text()).count();
    assert!(with_logs >= 2, "{with_logs}");

    let last = world.containers.last().unwrap().name().to_owned();
    let inspected = run(&mut world, &["inspect", &last]);
    assert!(inspected.contains("\"NetworkSettings\""), "{inspected}");
    assert!(!inspected.contains("_SizeRw") && !inspected.contains("_logs"));
    assert!(world.containers.last().unwrap().doc.is_parsed());
}

/// Networks, volumes and log lines kept as text are read, and changed, as
/// the trees and lines built from them.
#[test]
fn networks_volumes_and_logs_kept_as_text_read_and_change_as_built() {
    let file = world_files()
        .into_iter()
        .find(|f| f.ends_with("mixed/world.json"))
        .unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let tree: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut world = imported(&file);
    assert_eq!(
        world.networks.as_slice(),
        tree["networks"].as_array().unwrap().as_slice()
    );
    assert_eq!(
        world.volumes.as_slice(),
        tree["volumes"].as_array().unwrap().as_slice()
    );
    assert!(world.networks.is_parsed() && world.volumes.is_parsed());

    let mut world2 = imported(&file);
    let listed = run(&mut world2, &["network", "ls"]);
    assert_eq!(listed, run(&mut world, &["network", "ls"]));
    let mut world3 = imported(&file);
    let first = world3.volumes.remove(0);
    assert_eq!(first, tree["volumes"][0]);
    assert_eq!(
        world3.volumes.as_slice(),
        &tree["volumes"].as_array().unwrap()[1..]
    );

    let with_logs = tree["containers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["_logs"].as_array().is_some_and(|l| !l.is_empty()))
        .collect::<Vec<_>>();
    assert!(!with_logs.is_empty());
    for doc in with_logs {
        let i = world.container_index(doc["Id"].as_str().unwrap()).unwrap();
        assert!(world.containers[i].logs.is_text());
        run(&mut world, &["logs", "-t", doc["Id"].as_str().unwrap()]);
        assert!(!world.containers[i].logs.is_text());
        assert_eq!(
            world.containers[i].logs.len(),
            doc["_logs"].as_array().unwrap().len()
        );
    }
}

#[test]
fn a_changed_document_is_read_from_its_tree() {
    let file = world_files()
        .into_iter()
        .find(|f| f.ends_with("mixed/world.json"))
        .unwrap();
    let mut world = imported(&file);
    let name = world.containers[0].name().to_owned();
    run(&mut world, &["rename", &name, "renamed-by-test"]);
    assert!(
        world
            .containers
            .iter()
            .any(|c| c.name() == "renamed-by-test")
    );
    let listed = run(&mut world, &["ps", "-a", "--format", "{{.Names}}"]);
    assert!(listed.lines().any(|l| l == "renamed-by-test"), "{listed}");
}

/// Skipping over text accepts what building a tree refuses; the import's
/// scanner checks what a tree would, so such files are refused at import,
/// at the right place, instead of reading as `null` later.
#[test]
fn documents_whose_tree_would_fail_are_refused_at_import_with_a_position() {
    let world = |extra: &str| {
        format!(
            "{{\n  \"containers\": [\n    {{\"Id\": \"{}\", \"Name\": \"/web\",\n     \"Created\": \"2026-01-01T00:00:00Z\", {extra}}}\n  ],\n  \"images\": [{{\"Id\": \"sha256:ab\",\n    {extra}}}]\n}}\n",
            "a".repeat(64)
        )
    };
    // Where and what serde_json says when it builds the whole file's tree.
    for extra in [
        "\"Weight\": 1e400",
        r#""Label": "\udc00x""#,
        r#""Deep": {"Label": ["\ud800"]}"#,
    ] {
        let text = world(extra);
        let whole = serde_json::from_str::<Json>(&text).unwrap_err();
        let e = World::from_inspect_json(&text, "t").unwrap_err();
        assert_eq!((e.line, e.column), (whole.line(), whole.column()), "{e:?}");
        assert_eq!(e.message, whole.to_string());
        assert_eq!(e.line, 4, "the first document holding it: {e:?}");
    }

    // Exponents and escapes that do build a tree still import lazily.
    let w = World::from_inspect_json(
        &world(r#""Weight": 1e3, "Label": "\ud83d\ude00 \u0026""#),
        "t",
    )
    .unwrap();
    assert_eq!(w.containers[0].name(), "web");
    assert!(!w.containers[0].doc.is_parsed());
    assert_eq!(w.containers[0].doc["Weight"], serde_json::json!(1000.0));
    assert_eq!(
        w.containers[0].doc["Label"],
        serde_json::json!("\u{1f600} &")
    );
}

/// Views keep strings as places in the file unless they have escapes,
/// which are decoded into the view's own text: every string a view reads,
/// keys included, written with escapes, reads as the tree reads it; keys
/// given twice (left to the tree) too.
#[test]
fn escaped_strings_and_repeated_keys_read_as_the_tree_reads_them() {
    let escaped = r#"{"Id":"\u0061bc","Name":"/w\u00e9b","Image":"sha256:\u0031","Created":"2026-11-26T00:21:12.5Z","Path":"/bin/\"sh\"","Args":["-c","echo \\ \n \ud83d\ude00"],"State":{"Status":"r\u0075nning","Running":true,"StartedAt":"2026-11-26T00:21:12.5Z","FinishedAt":"0001-01-01T00:00:00Z","Health":{"Status":"he\u0061lthy"}},"Config":{"Image":"ng\u0069nx","Labels":{"k\u0031":"v\u0031","plain":"v2","e":null},"Env":["A=\u00e9"]},"HostConfig":{"RestartPolicy":{"Name":"alw\u0061ys"}},"NetworkSettings":{"Ports":{"80\/tcp":[{"HostIp":"0.0.0.\u0030","HostPort":"8\u00308"}],"443/tcp":null},"Networks":{"br\u0069dge":{"NetworkID":"n\u0031"},"none":null}},"Mounts":[{"Name":"v\u0031","Source":"\/s","Destination":"\/d","Driver":"l\u006fcal"}]}"#;
    let repeated = [
        r#"{"Id":"a","Name":"/a","Config":{"Labels":{"k":"1","j":"2","k":"3"}}}"#,
        r#"{"Id":"a","Name":"/a","Config":{"Labels":{"k":"1","\u006b":"3"}}}"#,
        r#"{"Id":"a","Name":"/a","NetworkSettings":{"Ports":{"80/tcp":null,"80/tcp":[{"HostPort":"1"}]}}}"#,
        r#"{"Id":"a","Name":"/a","NetworkSettings":{"Networks":{"n":null,"m":{},"n":{"NetworkID":"x"}}}}"#,
    ];
    for text in std::iter::once(escaped).chain(repeated) {
        let doc: Json = serde_json::from_str(text).unwrap();
        let from_tree = ContainerView::from_tree(&doc);
        if let Some(from_text) = ContainerView::from_text(text) {
            assert_eq!(from_text, from_tree, "for {text}");
        }
        let (imported, _) = ContainerView::read_imported(text);
        assert_eq!(imported, from_tree, "for {text}");
    }
    let typed = ContainerView::from_text(escaped).expect("the typed reader takes escapes");
    assert_eq!(typed.name(), "/wéb");
    assert_eq!(typed.args().collect::<Vec<_>>(), ["-c", "echo \\ \n 😀"]);
    assert_eq!(
        typed.labels().collect::<Vec<_>>(),
        [("k1", "v1"), ("plain", "v2"), ("e", "")]
    );
    assert_eq!(typed.network_keys().collect::<Vec<_>>(), ["bridge", "none"]);
    assert_eq!(typed.networks().collect::<Vec<_>>(), [("bridge", "n1")]);
    assert_eq!(typed.health(), Some("healthy"));
}

/// A document written with every key spelled another way: a key is read
/// from the text's bytes when it is short and plain, and decoded
/// otherwise, and both must name it as serde does.
fn respelled(v: &Json, spell: &dyn Fn(&str) -> String, out: &mut String) {
    match v {
        Json::Object(map) => {
            out.push('{');
            for (i, (k, child)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&spell(k));
                out.push(':');
                respelled(child, spell, out);
            }
            out.push('}');
        }
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                respelled(item, spell, out);
            }
            out.push(']');
        }
        _ => out.push_str(&serde_json::to_string(v).unwrap()),
    }
}

/// How a key is written out.
type Spelling<'a> = dyn Fn(&str) -> String + 'a;

#[test]
fn keys_spelled_with_escapes_or_padding_read_as_the_tree_reads_them() {
    let quoted = |k: &str| serde_json::to_string(k).unwrap();
    let escape_at = |k: &str, at: usize| {
        let mut out = String::from("\"");
        for (i, c) in k.chars().enumerate() {
            if i == at && u32::from(c) <= 0xFFFF {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            } else {
                let one = quoted(&c.to_string());
                out.push_str(&one[1..one.len() - 1]);
            }
        }
        out.push('"');
        out
    };
    let spellings: Vec<Box<Spelling<'_>>> = vec![
        // Escaped first and last bytes: decoded keys equal to the plain.
        Box::new(move |k| escape_at(k, 0)),
        Box::new(move |k| escape_at(k, k.chars().count().saturating_sub(1))),
        // A key with a NUL after it is another key.
        Box::new(move |k| quoted(&format!("{k}\u{0}"))),
        // Unread members with keys around sixteen bytes before each key.
        Box::new(move |k| {
            let mut out = String::new();
            for len in 13..=18 {
                out.push_str(&format!("{}:[\"{}\"],", quoted(&"p".repeat(len)), k));
            }
            out.push_str(&quoted(k));
            out
        }),
        // Whitespace around the colon.
        Box::new(move |k| format!("{} ", quoted(k))),
    ];
    let mut checked = 0;
    for file in world_files() {
        let world: Json = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for doc in objects(&world, "containers") {
            for spell in &spellings {
                let mut text = String::new();
                respelled(&doc, spell.as_ref(), &mut text);
                let parsed: Json = serde_json::from_str(&text).unwrap();
                let present = |key: &str| parsed.get(key).filter(|v| !v.is_null()).cloned();
                let expected = (
                    ContainerView::from_tree(&stripped(parsed.clone())),
                    ImportedExtras {
                        size_rw: present("_SizeRw"),
                        size_root_fs: present("_SizeRootFs"),
                        logs: present("_logs"),
                    },
                );
                assert_eq!(ContainerView::read_imported(&text), expected, "for {text}");
                if let Some(from_text) = ContainerView::from_text(&text) {
                    assert_eq!(from_text, expected.0, "for {text}");
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "{checked} documents");
}
