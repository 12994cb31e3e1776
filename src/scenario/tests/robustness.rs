use super::*;
use crate::scenario::{MAX_FILE_BYTES, load};

#[test]
fn empty_file_reports_what_is_missing() {
    let d = errs("");
    assert_eq!(d.len(), 3, "{d}");
    assert!(d.0.iter().all(|d| (d.line, d.column) == (1, 1)));
}

#[test]
fn garbage_bytes_on_disk_are_reported_not_panicked_on() {
    let dir = std::env::temp_dir().join(format!("dockdrill-scenario-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("garbage.kdl");
    std::fs::write(&path, b"scenario \"x\" {\n  title \"\xff\xfe\"\n}\n\x80").expect("write");
    let Err(d) = load(&path) else {
        panic!("garbage parsed")
    };
    let at: Vec<(usize, usize, usize)> = d.0.iter().map(|d| (d.line, d.column, d.offset)).collect();
    assert_eq!(at, [(2, 10, 24), (2, 11, 25), (4, 1, 30)], "{d}");
    assert!(d.0[0].message.contains("not UTF-8: invalid byte(s) ff"));

    let big = dir.join("big.kdl");
    std::fs::write(&big, vec![b' '; MAX_FILE_BYTES + 10]).expect("write");
    let Err(d) = load(&big) else {
        panic!("huge file parsed")
    };
    assert!(d.0[0].message.contains("larger than"), "{d}");

    let missing = dir.join("missing.kdl");
    let Err(d) = load(&missing) else {
        panic!("missing file parsed")
    };
    assert!(d.0[0].message.starts_with("cannot read the file"), "{d}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn huge_text_is_refused_before_parsing() {
    let text = "a ".repeat(MAX_FILE_BYTES / 2 + 1);
    let d = errs(&text);
    assert_eq!(d.len(), 1);
    assert!(d.0[0].message.contains("limited to"));
}

/// The kdl crate recurses per recovered error; these inputs overflow an 8 MiB
/// stack when handed to it directly. They must come back as diagnostics.
#[test]
fn hostile_inputs_give_diagnostics_not_crashes() {
    let limit = MAX_FILE_BYTES - 16;
    let cases: Vec<String> = vec![
        "}".repeat(limit),
        "a=".repeat(limit / 2),
        format!("a {}", "(a)".repeat(limit / 3 - 1)),
        format!("a {{ {} }}", "=".repeat(limit - 10)),
        "a{".repeat(limit / 2),
        "/*".repeat(limit / 2),
        "\"".repeat(limit),
        format!("a {}", "\"\\q\" ".repeat(limit / 5 - 1)),
        "{".repeat(10_000),
        "}".repeat(16 << 10),
        "a=".repeat(8 << 10),
    ];
    for text in cases {
        let d = errs(&text);
        assert!(!d.is_empty());
        assert!(d.len() <= 16 * 1024 + 4, "{} diagnostics", d.len());
    }
}

#[test]
fn deterministic_pseudo_random_inputs_never_panic() {
    // A fixed xorshift stream over KDL's punctuation and words: cheap fuzzing
    // that stays reproducible.
    let alphabet: [&str; 24] = [
        "{", "}", "\"", "=", "(", ")", ";", "\n", " ", "/-", "/*", "*/", "//", "#", "\\", "1.",
        "0x", "scenario", "world", "image", "check", "\"\"\"", "r#", "é",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for round in 0..300 {
        let mut text = String::new();
        let len = 1 + (round * 7) % 200;
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push_str(alphabet[(state % alphabet.len() as u64) as usize]);
        }
        let _ = parse("fuzz.kdl", &text);
    }
}

#[test]
fn large_valid_file_passes_the_gate() {
    // Over the ungated size, so the iterative syntax check runs first and
    // must accept everything the shipped file uses.
    let mut text = SHIPPED.to_owned();
    while text.len() < 40 << 10 {
        text.push_str(
            "note \"padding: a long, valid note with \\\"escapes\\\" and \\u{e9}\" // comment\n",
        );
        text.push_str("/* block /* nested */ */ note #\"raw \"string\"\"#\n/- note \"dropped\"\n");
    }
    let s = ok(&text);
    assert!(s.notes.len() > 100);
}

#[test]
fn gate_reports_positions_in_large_files() {
    let mut text = SHIPPED.to_owned();
    text.push_str(&"note \"filler\"\n".repeat(2000));
    text.push_str("note \"bad \\q escape\"\nnote }\n");
    let d = errs(&text);
    assert_eq!(d.len(), 2, "{d}");
    assert!(d.0[0].message.contains("unknown escape \\q"), "{d}");
    assert_eq!(d.0[0].column, 11);
    assert_eq!(d.0[1].line, d.0[0].line + 1);
}
