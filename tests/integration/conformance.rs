//! Scores the simulator against the shared Docker CLI corpus (real docker
//! 28.2.2 output) in-process, and fails when the figure drops below the
//! published floor.

use crate::common;

use std::path::Path;

/// Cases that must stay byte-identical (stdout, stderr and exit code).
/// Raise it when conformance improves; never lower it to make a change pass.
const MIN_IDENTICAL_PERCENT: f64 = 100.0;

#[test]
fn shared_corpus_stays_above_the_published_floor() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/worlds");
    let Some(world_dirs) = common::world_dirs(&dir) else {
        assert!(
            std::env::var_os("DOCKDRILL_REQUIRE_CORPUS").is_none(),
            "no conformance corpus at {}",
            dir.display()
        );
        eprintln!("skipped: no conformance corpus at {}", dir.display());
        return;
    };
    let (mut total, mut mismatches) = (0usize, Vec::new());
    for world_dir in world_dirs {
        let (n, m) = common::replay_world(&world_dir);
        total += n;
        mismatches.extend(m);
    }
    let identical = total - mismatches.len();
    #[allow(clippy::cast_precision_loss)]
    let percent = 100.0 * identical as f64 / total.max(1) as f64;
    eprintln!("conformance: {identical}/{total} identical ({percent:.1}%)");
    assert!(
        percent >= MIN_IDENTICAL_PERCENT,
        "conformance fell to {percent:.1}% (floor {MIN_IDENTICAL_PERCENT}%); mismatching:\n{}",
        mismatches
            .iter()
            .map(common::Mismatch::describe)
            .collect::<String>()
    );
}
