//! Exit codes: 0 pass, 1 fail, 2 bad input or usage, 70 internal error, and
//! no input, however strange, reaches 70.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use proptest::prelude::*;

use super::support::{self, check, process_cases, temp_dir, text_from};

fn dockdrill(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dockdrill"))
        .current_dir(support::repo())
        .env_remove("DOCKDRILL_TEST_PANIC")
        .args(args)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const SCENARIO: &str = "scenarios/latest-drifted.kdl";

#[test]
fn a_passing_transcript_exits_0_and_a_failing_one_1() {
    let pass = dockdrill(&[
        "grade",
        SCENARIO,
        "solutions/latest-drifted/rm-and-run.transcript",
    ]);
    assert_eq!(pass.status.code(), Some(0), "{}", stderr(&pass));
    let fail = dockdrill(&[
        "grade",
        SCENARIO,
        "solutions/latest-drifted/restart-only.transcript",
    ]);
    assert_eq!(fail.status.code(), Some(1), "{}", stderr(&fail));
}

#[test]
fn bad_input_and_usage_exit_2_with_a_located_message() {
    let dir = temp_dir("exit2");
    let bad = dir.join("bad.transcript");
    std::fs::write(&bad, "$ docker ps\n$\n").unwrap();
    let binary = dir.join("binary.transcript");
    std::fs::write(&binary, b"$ docker ps\n\xff\xfe\n").unwrap();
    let huge = dir.join("huge.transcript");
    std::fs::write(&huge, vec![b'x'; 2 << 20]).unwrap();
    let bad_kdl = dir.join("bad.kdl");
    std::fs::write(&bad_kdl, "scenario \"x\" {\n  title \"t\"\n").unwrap();
    let bad_s = bad.display().to_string();
    let binary_s = binary.display().to_string();
    let huge_s = huge.display().to_string();
    let bad_kdl_s = bad_kdl.display().to_string();
    let dir_s = dir.display().to_string();
    let cases: Vec<(Vec<&str>, String)> = vec![
        (vec!["grade", SCENARIO, &bad_s], format!("{bad_s}:2:1:")),
        (
            vec!["grade", SCENARIO, &binary_s],
            format!("{binary_s}:2:1: invalid UTF-8"),
        ),
        (vec!["grade", SCENARIO, &huge_s], "limit".to_owned()),
        (
            vec!["grade", SCENARIO, "/nonexistent/t"],
            "/nonexistent/t".to_owned(),
        ),
        (
            vec!["grade", SCENARIO, &dir_s],
            "not a regular file".to_owned(),
        ),
        (vec!["grade", &bad_kdl_s, &bad_s], format!("{bad_kdl_s}:")),
        (vec!["grade", "/dev/zero", &bad_s], "/dev/zero".to_owned()),
        (vec!["grade"], "required".to_owned()),
        (vec!["frobnicate"], "unrecognized subcommand".to_owned()),
        (vec!["sh", SCENARIO], "-c".to_owned()),
        (
            vec!["sh", SCENARIO, "--at", "yesterday", "-c", "true"],
            "--at".to_owned(),
        ),
        (
            vec!["sh", "--world", &bad_s, "-c", "true"],
            format!("{bad_s}:1:1"),
        ),
    ];
    for (args, expected) in cases {
        let out = dockdrill(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(&expected),
            "{args:?}: stderr lacks {expected:?}:\n{}",
            stderr(&out)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_panic_exits_70_with_a_message_worth_an_issue() {
    let out = Command::new(env!("CARGO_BIN_EXE_dockdrill"))
        .current_dir(support::repo())
        .env("DOCKDRILL_TEST_PANIC", "1")
        .args([
            "grade",
            SCENARIO,
            "solutions/latest-drifted/rm-and-run.transcript",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(70), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(text.contains("dockdrill 0.1.0: internal error"), "{text}");
    assert!(text.contains("DOCKDRILL_TEST_PANIC"), "{text}");
    assert!(text.contains("This is a bug in dockdrill"), "{text}");
    assert!(text.contains("Please report it"), "{text}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_reader_that_goes_away_is_not_an_internal_error() {
    for args in [
        vec!["test"],
        vec!["test", "--list"],
        vec!["test", "--format", "json"],
        vec!["test", "--format", "junit"],
        vec![
            "grade",
            SCENARIO,
            "solutions/latest-drifted/rm-and-run.transcript",
        ],
        vec![
            "sh",
            SCENARIO,
            "-c",
            "docker inspect web; docker inspect web",
        ],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dockdrill"))
            .current_dir(support::repo())
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the read end before the child writes: `dockdrill ... | true`.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_ne!(out.status.code(), Some(70), "{args:?}: {}", stderr(&out));
        assert!(
            !stderr(&out).contains("internal error"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

fn write(path: &Path, bytes: &[u8]) {
    let mut f = std::fs::File::create(path).unwrap();
    f.write_all(bytes).unwrap();
}

#[test]
fn generated_transcripts_never_reach_the_internal_error_exit() {
    const PIECES: &[&str] = &[
        "$ ",
        "docker ps",
        "docker run -d --name web -p 8080:8080 myapp:latest",
        "docker rm -f web",
        "curl -s localhost:8080/version",
        "1.8.0",
        "...",
        "[..]",
        "# expect: pass",
        "\n",
        "\n",
        "$(",
        "'",
        "|",
        "\\",
        "\u{fffd}",
    ];
    let dir = temp_dir("gen");
    let strategy = (
        text_from(PIECES, 60),
        proptest::sample::select(&["human", "json", "junit"][..]),
    );
    check(
        "binary grade",
        process_cases(12),
        strategy,
        |(text, format)| {
            let path = dir.join("gen.transcript");
            write(&path, text.as_bytes());
            let out = dockdrill(&[
                "grade",
                SCENARIO,
                &path.display().to_string(),
                "--format",
                format,
            ]);
            let code = out.status.code();
            prop_assert!(
                matches!(code, Some(0..=2)),
                "exit {code:?}: {}",
                stderr(&out)
            );
            Ok(())
        },
    );
    let _ = std::fs::remove_dir_all(&dir);
}
