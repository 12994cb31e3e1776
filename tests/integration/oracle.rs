//! Replays the held-out oracle corpus in tests/oracle/worlds: command lines
//! the shared conformance corpus lacks, recorded from the real docker CLI
//! 28.2.2 against /work/shared/oracle's fake daemon serving each world (see
//! tests/oracle/README.md). Every case must be byte-identical.

use crate::common;

use std::path::Path;

#[test]
fn recorded_docker_output_is_reproduced_byte_for_byte() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/worlds");
    let world_dirs = common::world_dirs(&dir).expect("tests/oracle/worlds exists");
    assert!(!world_dirs.is_empty(), "no recorded worlds");
    let (mut total, mut mismatches) = (0usize, Vec::new());
    for world_dir in world_dirs {
        let (n, m) = common::replay_world(&world_dir);
        total += n;
        mismatches.extend(m);
    }
    eprintln!("oracle: {}/{total} identical", total - mismatches.len());
    assert!(
        mismatches.is_empty(),
        "{} of {total} recorded cases differ:\n{}",
        mismatches.len(),
        mismatches
            .iter()
            .map(common::Mismatch::describe)
            .collect::<String>()
    );
}
