//! Production code never spawns processes or opens sockets: transcripts are
//! simulated, never executed. It touches files only in the few modules whose
//! job that is, reads no clock but the runner's budget, and reads the
//! environment only for colour choices. These tests read the source tree to
//! prove it, so that any new host access has to be deliberate: add the file
//! to an allow-list below, and say why in docs/SECURITY.md. The web server
//! (src/serve/) is the one place allowed to open sockets.

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
    // The other: the C entry point in src/main.rs does the one thing std's
    // runtime did before a Rust `main` that dockdrill relies on, ignoring
    // SIGPIPE. It is this exact line, in that file, and nothing else.
    let main_rs = src.join("main.rs");
    let sigpipe = "libc::signal(libc::SIGPIPE, libc::SIG_IGN);";
    // And advice to the kernel about memory the process owns (huge pages
    // for a large world's buffer): this line, in src/hugepages.rs.
    let hugepages_rs = src.join("hugepages.rs");
    let madvise =
        "let _ = unsafe { libc::madvise(aligned as *mut libc::c_void, len, libc::MADV_HUGEPAGE) };";
    let mut hits = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let may_listen = f.starts_with(&serve);
        for (n, line) in text.lines().enumerate() {
            if (*f == main_rs && line.trim() == sigpipe)
                || (*f == hugepages_rs && line.trim() == madvise)
            {
                continue;
            }
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

/// Lines of production code: test-only modules (`#[cfg(test)] mod x;` files
/// and directories, and the inline `#[cfg(test)] mod tests { ... }` that
/// ends a file) are left out, since tests may use the host freely.
fn production_lines(src: &Path) -> Vec<(std::path::PathBuf, usize, String)> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut test_only: Vec<std::path::PathBuf> = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        for pair in lines.windows(2) {
            let (attr, decl) = (pair[0].trim(), pair[1].trim());
            if attr != "#[cfg(test)]" {
                continue;
            }
            if let Some(name) = decl
                .strip_prefix("mod ")
                .and_then(|rest| rest.strip_suffix(';'))
            {
                let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or("");
                let dir = match stem {
                    "mod" | "lib" | "main" => f.parent().map(Path::to_path_buf),
                    _ => f.parent().map(|p| p.join(stem)),
                };
                if let Some(dir) = dir {
                    test_only.push(dir.join(format!("{name}.rs")));
                    test_only.push(dir.join(name));
                }
            }
        }
    }
    let mut out = Vec::new();
    for f in &files {
        if test_only.iter().any(|t| f.starts_with(t)) {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let mut previous = "";
        for (n, line) in text.lines().enumerate() {
            if previous.trim() == "#[cfg(test)]" && line.trim_start().starts_with("mod ") {
                out.pop();
                break;
            }
            out.push((f.clone(), n + 1, line.to_owned()));
            previous = line;
        }
    }
    out
}

/// Finds lines containing any of `needles` in files other than `allowed`
/// (paths relative to src/).
fn uses_outside(needles: &[&str], allowed: &[&str]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    production_lines(&src)
        .into_iter()
        .filter(|(f, _, line)| {
            let rel = f
                .strip_prefix(&src)
                .unwrap_or(f)
                .to_string_lossy()
                .replace('\\', "/");
            !allowed.contains(&rel.as_str())
                && !line.trim_start().starts_with("//")
                && needles.iter().any(|n| line.contains(n))
        })
        .map(|(f, n, line)| format!("{}:{n}: {}", f.display(), line.trim()))
        .collect()
}

#[test]
fn production_code_touches_files_only_in_the_loader_modules() {
    // Each of these reads only what the user named on the command line (a
    // scenario, a transcript, a world, a directory of them), bounded in size;
    // fsutil is the one writer (atomic replace).
    let allowed = [
        // Readers of what the user named.
        "scenario/mod.rs",
        "session.rs",
        "harness.rs",
        "lint/mod.rs",
        "cli/grade.rs",
        // `grade --batch DIR|-`: the transcripts under DIR, or stdin.
        "cli/batch.rs",
        "cli/sh.rs",
        "cli/test.rs",
        // Interactive tools: `play` and `review` read the terminal.
        "cli/play.rs",
        "cli/review.rs",
        // Author tools that write, through fsutil: `new` scaffolds, `bless`
        // proposes and `review` accepts or rejects proposals.
        "cli/new.rs",
        "bless/pending.rs",
        // The one writer: atomic replace.
        "fsutil.rs",
    ];
    let hits = uses_outside(
        &[
            "std::fs",
            "fs::",
            "File::",
            "OpenOptions",
            "DirBuilder",
            "read_link",
            "std::io::stdin",
        ],
        &allowed,
    );
    assert!(
        hits.is_empty(),
        "file access outside the loader modules (add the file to the allow-list only if reading or writing files is its job):\n{}",
        hits.join("\n")
    );
}

#[test]
fn production_code_reads_no_clock_but_the_grade_budget() {
    let hits = uses_outside(
        &[
            "Instant",
            "SystemTime::",
            "time::SystemTime",
            "UNIX_EPOCH",
            "chrono::",
        ],
        // serve/: the web server evicts idle sessions by wall-clock time;
        // no output a session prints or grades depends on it.
        &["runner.rs", "serve/store.rs", "serve/api.rs"],
    );
    assert!(
        hits.is_empty(),
        "wall-clock use outside the runner's budget (output must not depend on the time):\n{}",
        hits.join("\n")
    );
}

#[test]
fn production_code_reads_the_environment_only_for_colour_bless_and_the_panic_test_hook() {
    let hits = uses_outside(
        &["env::var", "env::vars", "std::env::"],
        // cli/test.rs: DOCKDRILL_BLESS asks for proposals; it changes which
        // files are written, never the bytes printed.
        &["cli/mod.rs", "cli/test.rs", "main.rs"],
    );
    assert!(
        hits.is_empty(),
        "environment access (output must not depend on TZ, LANG, ...):\n{}",
        hits.join("\n")
    );
}

/// Every `unsafe` in production code is one of these exact lines, each
/// explained in docs/SECURITY.md: a new one needs its reason there first.
#[test]
fn production_code_is_unsafe_only_in_the_documented_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let documented = [
        // The C entry point (src/main.rs) and its SIGPIPE call.
        ("main.rs", "#[unsafe(no_mangle)]"),
        ("main.rs", "unsafe {"),
        // Huge-page advice for a large world's buffer.
        (
            "hugepages.rs",
            "let _ = unsafe { libc::madvise(aligned as *mut libc::c_void, len, libc::MADV_HUGEPAGE) };",
        ),
        // A buffer whose two halves were checked as UTF-8.
        (
            "utf8.rs",
            "Ok(unsafe { String::from_utf8_unchecked(buffer) })",
        ),
    ];
    let mut undocumented = Vec::new();
    for (file, n, line) in production_lines(&src) {
        let code = line.split("//").next().unwrap_or("");
        let forms = [
            "unsafe {",
            "unsafe(",
            "unsafe fn",
            "unsafe impl",
            "unsafe extern",
            "unsafe trait",
        ];
        if !forms.iter().any(|form| code.contains(form)) {
            continue;
        }
        let rel = file.strip_prefix(&src).unwrap_or(&file).to_string_lossy();
        let rel = rel.replace('\\', "/");
        if !documented
            .iter()
            .any(|(f, l)| rel == *f && line.trim() == *l)
        {
            undocumented.push(format!("src/{rel}:{n}: {}", line.trim()));
        }
    }
    assert!(
        undocumented.is_empty(),
        "unsafe code not in the documented list (docs/SECURITY.md):\n{}",
        undocumented.join("\n")
    );
}
