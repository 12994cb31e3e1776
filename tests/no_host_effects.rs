//! Production code never spawns processes or opens sockets: transcripts are
//! simulated, never executed. This test reads the source tree to prove it.

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
    let forbidden = [
        "std::process::Command",
        "process::Command",
        // Address types (std::net::Ipv4Addr) are pure values; sockets are not.
        "TcpStream",
        "TcpListener",
        "UdpSocket",
        "std::os::unix::process",
        "libc::",
    ];
    let mut hits = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            if forbidden.iter().any(|needle| line.contains(needle)) {
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
