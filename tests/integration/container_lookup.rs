//! Container references resolved through `World::container_lookup` (an
//! index built once, for commands that resolve many) answer exactly as
//! `World::container_index` (a scan per reference) does.

use dockdrill::engine::World;
use serde_json::{Value as Json, json};

use crate::worlds::world_files;

/// References worth asking of `world`: every ID, its prefixes, names with
/// and without the slash, near misses, and prefixes many IDs share.
fn references(world: &World) -> Vec<String> {
    let mut refs: Vec<String> = ["", "/", "nope", "/nope", "0", "a", "f", "ab", "sha256:"]
        .iter()
        .map(|r| (*r).to_owned())
        .collect();
    for c in &world.containers {
        let id = c.id();
        for len in [1, 2, 3, 5, 12, 13, 63, 64] {
            if let Some(prefix) = id.get(..len) {
                refs.push(prefix.to_owned());
                refs.push(prefix.to_uppercase());
                refs.push(format!("/{prefix}"));
            }
        }
        refs.push(format!("{id}0"));
        refs.push(c.name().to_owned());
        refs.push(format!("/{}", c.name()));
        refs.push(format!("{}x", c.name()));
        refs.push(format!("//{}", c.name()));
    }
    refs
}

fn assert_lookup_answers_as_the_scan(world: &World, what: &str) -> usize {
    let lookup = world.container_lookup();
    let refs = references(world);
    for r in &refs {
        assert_eq!(
            lookup.index(r),
            world.container_index(r),
            "{what}: reference {r:?}"
        );
    }
    refs.len()
}

#[test]
fn the_index_answers_every_shipped_world_as_the_scan_does() {
    let mut asked = 0;
    for file in world_files() {
        let text = std::fs::read_to_string(&file).expect("world file");
        let world = World::from_inspect_text(text, "lookup").expect("shipped worlds import");
        asked += assert_lookup_answers_as_the_scan(&world, &file.display().to_string());
    }
    assert!(asked > 500, "only {asked} references asked");
}

/// A container with `id` and `name` and nothing else the import needs.
fn container(id: &str, name: &str, created: usize) -> Json {
    json!({
        "Id": id,
        "Name": name,
        "Created": format!("2026-01-01T00:{:02}:{:02}Z", created / 60 % 60, created % 60),
    })
}

#[test]
fn shared_prefixes_repeated_ids_and_names_resolve_as_the_scan_does() {
    // IDs that share long prefixes, an ID twice, a name twice, a name that
    // is another container's ID prefix, and names with a slash inside.
    let hex = |i: usize| format!("{i:064x}");
    let mut containers = Vec::new();
    for i in 0..200 {
        let mut id = hex(i * 7919);
        if i % 3 == 0 {
            id.replace_range(..10, "abcdef0123");
        }
        containers.push(container(&id, &format!("/svc-{}", i % 150), i));
    }
    containers.push(container(&hex(7919), "/twin", 300));
    containers.push(container(&hex(1), "/abcdef", 301));
    containers.push(container(&hex(2), "/0000", 302));
    containers.push(container(&hex(3), "/web/db", 303));
    let text = json!({ "containers": containers }).to_string();
    let world = World::from_inspect_text(text, "lookup").expect("imports");
    assert_lookup_answers_as_the_scan(&world, "generated world");
    // The cases the world was built for are among the answers.
    let lookup = world.container_lookup();
    assert!(lookup.index("abcdef01").is_err(), "ambiguous prefix");
    assert_eq!(lookup.index("abcdef"), world.container_index("abcdef"));
    assert_eq!(lookup.index(&hex(7919)), Ok(1));
}
