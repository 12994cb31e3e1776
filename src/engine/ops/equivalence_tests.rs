//! Shortcuts the container operations take, held to the long way round on
//! every container of every shipped world and scenario:
//! - `rm -f` of a running container leaves its document alone on the way
//!   out (`World::exit_before_removal`), where it went through
//!   `process_exit` and the document's changes;
//! - `network::connect` reads a changed document's ID, name and networks
//!   from its tree (`network::identity`), not from a view read again.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::Signal;
use crate::engine::json::{bool_at, set};
use crate::engine::lifecycle::ExitCause;
use crate::engine::{EngineError, World};

/// The removal as it was: SIGKILL through `process_exit`, with
/// `AutoRemove` held off so that the exit does not remove it first.
fn remove_reference(world: &mut World, reference: &str) -> Result<(), EngineError> {
    let idx = world.container_index(reference)?;
    if world.containers[idx].is_running() {
        if let Some(rt) = world.runtime_mut(idx) {
            rt.exit_on_next = true;
            rt.manually_stopped = true;
        }
        if world.containers[idx].is_restarting() {
            let doc = &mut world.containers[idx].doc;
            set(doc, &["State", "Restarting"], json!(false));
            set(doc, &["State", "Running"], json!(false));
            set(doc, &["State", "Status"], json!("exited"));
        } else {
            world.record_container_event(idx, "kill", &[("signal", "9".to_owned())]);
            let auto = bool_at(&world.containers[idx].doc, &["HostConfig", "AutoRemove"]);
            set(
                &mut world.containers[idx].doc,
                &["HostConfig", "AutoRemove"],
                json!(false),
            );
            world.process_exit(idx, ExitCause::Signaled(Signal::KILL));
            set(
                &mut world.containers[idx].doc,
                &["HostConfig", "AutoRemove"],
                json!(auto),
            );
        }
    }
    world.destroy(idx);
    Ok(())
}

fn world_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        root.join("tests/oracle/worlds"),
        root.join("../shared/conformance/worlds"),
    ] {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let file = entry.path().join("world.json");
            if file.is_file() {
                files.push(file);
            }
        }
    }
    files.sort();
    files
}

/// Every shipped world and every shipped scenario's world, each also a
/// few virtual minutes on (restart policies and healthchecks move).
fn worlds() -> Vec<(String, World)> {
    let mut out = Vec::new();
    for file in world_files() {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        if let Ok(world) = World::from_inspect_text(text, "removal") {
            out.push((file.display().to_string(), world));
        }
    }
    for path in crate::testdata::shipped_scenarios() {
        let Ok(scenario) = crate::scenario::load(&path) else {
            continue;
        };
        if let Ok(world) = crate::world_build::build(&scenario) {
            out.push((path.display().to_string(), world));
        }
    }
    let later: Vec<(String, World)> = out
        .iter()
        .map(|(name, world)| {
            let mut w = world.clone();
            let at = w.now.plus_seconds(200);
            w.advance_to(at);
            (format!("{name} +200s"), w)
        })
        .collect();
    out.extend(later);
    out
}

#[test]
fn forced_removal_leaves_the_world_as_the_exit_then_removal_did() {
    let mut compared = 0;
    let mut running = 0;
    for (name, world) in worlds() {
        let ids: Vec<String> = world.containers.iter().map(|c| c.id().to_owned()).collect();
        for id in ids {
            running += usize::from(world.container(&id).is_ok_and(|c| c.is_running()));
            // The start world keeps sharing the documents, as in a replay.
            let mut fast = world.clone();
            let mut slow = world.clone();
            let a = fast.remove_container(&id, true);
            let b = remove_reference(&mut slow, &id);
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{name}: {id}");
            assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{name}: {id}");
            compared += 1;
        }
    }
    assert!(
        compared > 50 && running > 20,
        "{compared} removals, {running} of running containers"
    );
}

#[test]
fn identity_from_the_tree_is_the_views() {
    let mut compared = 0;
    for (name, world) in worlds() {
        for c in &world.containers {
            let from_view = (c.id().to_owned(), c.name().to_owned(), c.network_names());
            // Parsing the tree (without a change) leaves the view as read.
            let _ = &*c.doc;
            assert!(c.doc.is_parsed());
            assert_eq!(crate::engine::network::identity(c), from_view, "{name}");
            // A change drops the view: the tree is read, as a view would be.
            let mut changed = c.clone();
            set(&mut changed.doc, &["State", "Error"], json!(""));
            let from_tree = crate::engine::network::identity(&changed);
            assert_eq!(
                from_tree,
                (
                    changed.id().to_owned(),
                    changed.name().to_owned(),
                    changed.network_names()
                ),
                "{name}"
            );
            compared += 1;
        }
    }
    assert!(compared > 50, "{compared} containers");
}
