# Mirrors the README's commands; `just` is optional.

# Replay every shipped solution through the simulated engine.
drill:
    cargo run --release -- test

# The test suite (what CI runs, after fmt and clippy).
test:
    cargo test

# CI exactly.
ci:
    bash .ci/run

# Docker CLI conformance against the shared corpus.
score:
    cargo build --release
    ../shared/conformance/score

# The binary we ship: target/dist/dockdrill (static PIE on glibc Linux).
dist:
    scripts/build-dist

# Whole-process benchmarks against their targets (docs/PERFORMANCE.md).
bench:
    scripts/bench
