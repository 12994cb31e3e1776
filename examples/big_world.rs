//! Writes a Docker-inspect world with N containers to stdout, for the scale
//! benchmarks in scripts/bench:
//!
//! ```text
//! cargo run --release --example big_world -- 10000 > /tmp/world-10k.json
//! dockdrill sh --world /tmp/world-10k.json -c 'docker ps -a'
//! ```

#[path = "../benches/support/big_world.rs"]
mod big_world;

use std::io::Write;

fn main() -> std::process::ExitCode {
    let n = match std::env::args().nth(1).map(|a| a.parse::<usize>()) {
        None => 10_000,
        Some(Ok(n)) if n <= 1_000_000 => n,
        Some(_) => {
            eprintln!("usage: big_world [CONTAINERS<=1000000]");
            return std::process::ExitCode::from(2);
        }
    };
    let text = big_world::world_json(n);
    if std::io::stdout().write_all(text.as_bytes()).is_err() {
        return std::process::ExitCode::from(1);
    }
    std::process::ExitCode::SUCCESS
}
