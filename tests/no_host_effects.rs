//! Production code never spawns processes or opens sockets: transcripts are
//! simulated, never executed. This test reads the source tree to prove it.
//! The web server (src/serve/) alone may open sockets, to listen for HTTP.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn production_code_has_no_process_or_network_access() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(!files.is_empty());
    let processes = [
        "std::process::Command",
        "process::Command",
        "std::os::unix::process",
        "libc::",
    ];
    // Address types (std::net::Ipv4Addr) are pure values; sockets are not.
    let sockets = ["TcpStream", "TcpListener", "UdpSocket"];
    // The one exemption: `dockdrill serve` (src/serve/) listens for HTTP.
    // It may open sockets, never processes; what learners type there still
    // runs only in the simulated host.
    let serve = src.join("serve");
    let mut hits = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let may_listen = f.starts_with(&serve);
        for (n, line) in text.lines().enumerate() {
            let hit = processes.iter().any(|needle| line.contains(needle))
                || (!may_listen && sockets.iter().any(|needle| line.contains(needle)));
            if hit {
                hits.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        hits.is_empty(),
        "host access in production code:\n{}",
        hits.join("\n")
    );
}
