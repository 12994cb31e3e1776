//! Same inputs, same bytes: across runs of the binary, whatever the time
//! zone, locale or colour variables say, and across threads grading at once.

use std::process::Command;

use dockdrill::runner;
use dockdrill::transcript;

use super::interpreters::rendered;
use super::support;

/// Environments a grader's machine might have; none may change a byte.
const ENVIRONMENTS: &[&[(&str, &str)]] = &[
    &[],
    &[("TZ", "UTC"), ("LANG", "C"), ("LC_ALL", "C")],
    &[
        ("TZ", "Pacific/Kiritimati"),
        ("LANG", "de_DE.UTF-8"),
        ("LC_ALL", "de_DE.UTF-8"),
    ],
    &[
        ("TZ", "America/St_Johns"),
        ("LANG", "ja_JP.eucJP"),
        ("LC_TIME", "fr_FR"),
    ],
    &[
        ("TZ", "<-0330>3:30"),
        ("LANGUAGE", "tr"),
        ("LC_CTYPE", "tr_TR.UTF-8"),
    ],
    &[
        ("COLUMNS", "20"),
        ("LINES", "5"),
        ("TERM", "xterm-256color"),
        ("HOME", "/nonexistent"),
    ],
    &[
        ("SOURCE_DATE_EPOCH", "0"),
        ("DOCKER_HOST", "tcp://example.org:2375"),
        ("DOCKER_CONFIG", "/etc"),
    ],
];

fn run(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, Vec<u8>, Vec<u8>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dockdrill"));
    cmd.current_dir(support::repo()).args(args);
    for var in [
        "TZ",
        "LANG",
        "LC_ALL",
        "LANGUAGE",
        "NO_COLOR",
        "CLICOLOR_FORCE",
    ] {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied());
    let out = cmd.output().unwrap();
    (out.status.code(), out.stdout, out.stderr)
}

#[test]
fn the_binary_prints_the_same_bytes_whatever_the_environment() {
    let mut invocations: Vec<Vec<String>> = Vec::new();
    // Each solution in one format (rotating), to keep process spawns few.
    let formats = ["human", "json", "junit"];
    for (i, (name, _)) in support::solution_texts().into_iter().enumerate() {
        {
            let format = formats[i % formats.len()];
            invocations.push(
                [
                    "grade",
                    "scenarios/latest-drifted.kdl",
                    &format!("solutions/latest-drifted/{name}"),
                    "--format",
                    format,
                    "--color",
                    "never",
                ]
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            );
        }
    }
    invocations.push(
        [
            "sh",
            "scenarios/latest-drifted.kdl",
            "-c",
            "docker ps -a; docker images; docker inspect web; docker logs -t web; sleep 90m; docker ps",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect(),
    );
    invocations.push(
        ["test", "--format", "json"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
    );
    invocations.push(vec!["test".to_owned()]);
    for args in &invocations {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let reference = run(&args, ENVIRONMENTS[0]);
        assert!(
            matches!(reference.0, Some(0 | 1)),
            "{args:?}: {}",
            String::from_utf8_lossy(&reference.2)
        );
        for env in &ENVIRONMENTS[1..] {
            let other = run(&args, env);
            assert!(
                other == reference,
                "{args:?} printed different bytes under {env:?}:\n--- reference\n{}\n--- this one\n{}",
                String::from_utf8_lossy(&reference.1),
                String::from_utf8_lossy(&other.1)
            );
        }
    }
}

#[test]
fn concurrent_grades_of_one_transcript_are_byte_identical() {
    const THREADS: usize = 8;
    let scenario = support::scenario();
    for (name, text) in support::solution_texts() {
        let parsed = transcript::parse(&text).unwrap();
        let reference = rendered(&runner::grade(&scenario, &parsed, &name).unwrap());
        let results: Vec<String> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..THREADS)
                .map(|_| {
                    scope.spawn(|| {
                        let verdict = runner::grade(&scenario, &parsed, &name).unwrap();
                        rendered(&verdict)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (i, r) in results.iter().enumerate() {
            assert_eq!(r, &reference, "{name}: thread {i} differs");
        }
    }
}
