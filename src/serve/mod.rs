//! `dockdrill serve`: drills in the browser. A local web server offers a
//! catalog page and one page per scenario with the brief, a terminal wired
//! to a per-session simulated host, a Check button, and the transcript to
//! download for `dockdrill grade`.
//!
//! This module is the one place in dockdrill that opens a socket (see
//! tests/integration/no_host_effects.rs): it listens for HTTP, by default on loopback
//! only. Learners' lines still never reach the host: each session is a
//! [`crate::play::Play`], the same simulated host `dockdrill play` drives.
//!
//! Stack: axum on tokio (hyper underneath), kept by the tokio project and
//! widely used; with default features off it adds about twenty small crates
//! and gives request-body limits and robust HTTP parsing we would otherwise
//! write ourselves.

mod api;
mod assets;
mod catalog;
mod html;
mod id;
mod live;
mod pages;
mod store;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use catalog::Catalog;
pub use store::Limits;

pub struct Options {
    pub addr: SocketAddr,
    pub scenarios: Vec<PathBuf>,
    pub limits: Limits,
}

/// Default bounds: plenty for a classroom on one machine, and a hard cap
/// on memory (sessions × recorded bytes) whatever browsers send.
pub const DEFAULT_LIMITS: Limits = Limits {
    max_sessions: 256,
    idle: Duration::from_secs(60 * 60),
    max_total_bytes: 256 * 1024 * 1024,
};

/// Loads the scenarios, then serves until the process is stopped. The
/// first line on stdout names the address, so a script that asked for
/// port 0 learns the port.
pub fn run(options: Options) -> Result<(), String> {
    let catalog = Catalog::load(&options.scenarios)?;
    let count = catalog.entries().len();
    let state = Arc::new(api::AppState {
        catalog,
        sessions: Mutex::new(store::Store::new(options.limits)),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .build()
        .map_err(|e| format!("cannot start the server runtime: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.addr)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", options.addr))?;
        let local = listener
            .local_addr()
            .map_err(|e| format!("cannot read the listening address: {e}"))?;
        announce(local, count);
        axum::serve(listener, api::router(state))
            .await
            .map_err(|e| format!("server stopped: {e}"))
    })
}

fn announce(local: SocketAddr, count: usize) {
    let mut out = std::io::stdout().lock();
    let noun = if count == 1 { "scenario" } else { "scenarios" };
    let _ = writeln!(
        out,
        "dockdrill serve: {count} {noun} at http://{local}/ (Ctrl-C stops)"
    );
    if !local.ip().is_loopback() {
        let _ = writeln!(
            out,
            "warning: listening on {}, not loopback: anyone who can reach this address can open sessions",
            local.ip()
        );
    }
    let _ = out.flush();
}
