//! The recorded worlds shipped with the tests: the oracle's and the
//! conformance corpus's `world.json` files, in a stable order.

use std::path::{Path, PathBuf};

pub fn world_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        root.join("tests/oracle/worlds"),
        root.join("../shared/conformance/worlds"),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let file = entry.path().join("world.json");
            if file.is_file() {
                files.push(file);
            }
        }
    }
    files.sort();
    assert!(!files.is_empty(), "no world.json found");
    files
}
