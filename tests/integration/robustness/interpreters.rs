//! The interpreters on generated input: the shell over a fake host, the
//! docker CLI over a corpus world, and whole grades of generated
//! transcripts. No panic, bounded output, the same bytes twice.

use dockdrill::docker::cmd::TABLE;
use dockdrill::report;
use dockdrill::runner;
use dockdrill::shell::{self, MAX_LINE_OUTPUT, ShellConfig};
use dockdrill::transcript;
use proptest::prelude::*;

use super::support::{self, FakeHost, cases, check, heavy_cases, text_from};

const LINE_PIECES: &[&str] = &[
    "docker ps",
    "docker ps -a --format '{{.Names}} {{.Status}}'",
    "docker inspect web --format '{{.Image}}'",
    "curl -s localhost:8080/version",
    "echo hi",
    "echo $(echo a b)",
    "echo \"$(docker ps -q)\"",
    "fail",
    "grep x",
    "grep -c .",
    "head -n 2",
    "tail -1",
    "sort -r",
    "uniq -c",
    "wc -l",
    "cut -d' ' -f1",
    "tr a-z A-Z",
    "awk '{print $1}'",
    "xargs echo",
    "xargs -n1 docker inspect",
    "sleep 2",
    "true",
    "false",
    "cat",
    " | ",
    " && ",
    " || ",
    "; ",
    " > /dev/null",
    " 2>&1",
    " > /tmp/out",
    " < /etc/passwd",
    "X=$(echo 1) ",
    "$X",
    "$?",
    "'",
    "\"",
    "\\",
    "#",
    "$(",
    ")",
    " ",
];

fn config() -> ShellConfig {
    ShellConfig {
        tools: vec!["docker".to_owned(), "curl".to_owned(), "fail".to_owned()],
    }
}

#[test]
fn shell_runs_any_line_boundedly_and_deterministically() {
    check(
        "shell::run_line",
        cases(512),
        text_from(LINE_PIECES, 24),
        |line| {
            let config = config();
            let mut host = FakeHost { calls: 0 };
            let first = shell::run_line(&line, &config, &mut host);
            let mut host2 = FakeHost { calls: 0 };
            let second = shell::run_line(&line, &config, &mut host2);
            prop_assert_eq!(&first, &second, "not deterministic");
            prop_assert_eq!(host.calls, host2.calls);
            // The limit note itself may follow the last allowed byte.
            prop_assert!(first.terminal().len() <= MAX_LINE_OUTPUT + 4096);
            prop_assert!((0..=255).contains(&first.status), "status {}", first.status);
            Ok(())
        },
    );
}

/// `docker` argv: a command path from the table, then flags and operands
/// drawn from what that command accepts and what the world holds.
fn docker_argv(names: Vec<String>) -> BoxedStrategy<Vec<String>> {
    let names = if names.is_empty() {
        vec!["web".to_owned()]
    } else {
        names
    };
    (0..TABLE.len() + 1)
        .prop_flat_map(move |i| {
            let path: Vec<String> = match TABLE.get(i) {
                Some(cmd) => cmd.path.split(' ').map(str::to_owned).collect(),
                None => Vec::new(),
            };
            let mut longs: Vec<String> = Vec::new();
            if let Some(cmd) = TABLE.get(i) {
                for f in cmd.flags {
                    longs.push(format!("--{}", f.long));
                    if let Some(c) = f.short {
                        longs.push(format!("-{c}"));
                    }
                }
            }
            longs.extend(
                [
                    "--help",
                    "--format",
                    "{{json .}}",
                    "{{.ID}} {{.Names}}",
                    "table {{.Repository}}\t{{.Tag}}",
                    "--filter",
                    "status=running",
                    "name=web",
                    "dangling=true",
                    "label=a=b",
                    "-p",
                    "8080:8080",
                    "127.0.0.1:80:80/udp",
                    "--restart",
                    "always",
                    "-e",
                    "A=b",
                    "--env-file",
                    "/etc/passwd",
                    "-v",
                    "/:/host",
                    "--tail",
                    "3",
                    "--since",
                    "1h",
                    "-t",
                    "0",
                    "--",
                    "-",
                    "",
                ]
                .iter()
                .map(|s| (*s).to_owned()),
            );
            let operand = prop_oneof![
                3 => proptest::sample::select(longs),
                2 => proptest::sample::select(names.clone()),
                1 => "[a-z0-9:./=-]{0,10}",
            ];
            proptest::collection::vec(operand, 0..7).prop_map(move |rest| {
                let mut argv = path.clone();
                argv.extend(rest);
                argv
            })
        })
        .boxed()
}

#[test]
fn docker_runs_any_argv_on_a_corpus_world_deterministically() {
    let world = support::corpus_world();
    let names = support::world_names(&world);
    check(
        "docker::run",
        heavy_cases(256),
        docker_argv(names),
        |argv| {
            let mut a = world.clone();
            let mut b = world.clone();
            let out = dockdrill::docker::run(&mut a, &argv);
            let again = dockdrill::docker::run(&mut b, &argv);
            prop_assert_eq!(&out, &again, "output not deterministic");
            prop_assert_eq!(
                format!("{a:?}"),
                format!("{b:?}"),
                "end state not deterministic"
            );
            prop_assert!(out.stdout().len() + out.stderr().len() < 64 << 20);
            // 0, 1, 125 (docker's own errors), or an attached container's exit code.
            prop_assert!(
                (0..=255).contains(&out.status),
                "docker exit status {} (stderr {:?})",
                out.status,
                out.stderr()
            );
            // A follow-up read of the changed world must still work.
            let after = dockdrill::docker::run(&mut a, &["ps".into(), "-a".into()]);
            prop_assert_eq!(
                after.status,
                0,
                "ps -a after {:?}: {}",
                argv,
                after.stderr()
            );
            Ok(())
        },
    );
}

const STEP_COMMANDS: &[&str] = &[
    "docker ps",
    "docker ps -a",
    "docker ps --format '{{.Names}}  {{.Image}}'",
    "docker inspect web --format '{{.Image}}'",
    "docker inspect web --format '{{.Config.Image}}'",
    "docker inspect myapp:latest --format '{{.Id}}'",
    "docker images",
    "docker logs web",
    "docker logs --tail 1 web",
    "docker port web",
    "docker stop web",
    "docker start web",
    "docker restart web",
    "docker kill web",
    "docker rm web",
    "docker rm -f web",
    "docker run -d --name web -p 8080:8080 myapp:latest",
    "docker run -d --name web -p 8080:8080 --restart unless-stopped myapp:latest",
    "docker rm -f web && docker run -d --name web -p 8080:8080 myapp:latest",
    "docker tag myapp:1.7.2 myapp:latest",
    "docker rmi myapp:1.7.2",
    "docker pull myapp:latest",
    "docker create --name web2 myapp:latest",
    "curl -s localhost:8080/version",
    "curl -s localhost:8080/healthz",
    "curl localhost:9999/",
    "sleep 30",
    "sleep 400d",
    "docker ps -q | xargs docker inspect --format '{{.Name}}'",
    "echo $(docker inspect -f '{{.State.Status}}' web)",
    "docker ps | grep web | wc -l",
    "cat /etc/passwd",
    "rm -rf /",
];

const CLAIM_PIECES: &[&str] = &[
    "web",
    "...",
    "[..]",
    "a17e5d3c9b82",
    "sha256:a17e5d3c9b82...",
    "1.8.0",
    "1.7.2",
    "myapp:latest",
    "CONTAINER ID   IMAGE[..]",
    "",
    "Error response from daemon: [..]",
];

/// A transcript for latest-drifted: plausible commands (and some noise)
/// with claimed output that sometimes matches.
fn generated_transcript() -> BoxedStrategy<String> {
    let command = prop_oneof![
        6 => proptest::sample::select(STEP_COMMANDS).prop_map(str::to_owned),
        1 => text_from(LINE_PIECES, 8).prop_map(|s| s.replace('\n', " ")),
    ];
    let claimed = proptest::collection::vec(proptest::sample::select(CLAIM_PIECES), 0..4);
    let header = prop_oneof![
        Just(""),
        Just("# expect: pass\n"),
        Just("# expect: fail recreated\n"),
    ];
    (header, proptest::collection::vec((command, claimed), 1..12))
        .prop_map(|(header, steps)| {
            let mut text = header.to_owned();
            for (command, claimed) in steps {
                let command = command.trim_start_matches('$').trim().to_owned();
                if command.is_empty() {
                    continue;
                }
                text.push_str(&format!("$ {command}\n"));
                for line in claimed {
                    text.push_str(line);
                    text.push('\n');
                }
            }
            text
        })
        .boxed()
}

/// Every rendering of a verdict, concatenated: what "same bytes" compares.
pub fn rendered(verdict: &dockdrill::verdict::Verdict) -> String {
    format!(
        "{}\n{}\n{}",
        report::human::verdict(verdict, false),
        report::json::verdict(verdict),
        report::junit::verdicts("dockdrill grade", std::slice::from_ref(verdict))
    )
}

#[test]
fn grading_any_transcript_gives_a_verdict_and_the_same_bytes_twice() {
    let scenario = support::scenario();
    check(
        "runner::grade",
        heavy_cases(48),
        generated_transcript(),
        |text| {
            let Ok(parsed) = transcript::parse(&text) else {
                return Ok(());
            };
            let verdict = runner::grade(&scenario, &parsed, "gen.transcript");
            let verdict = match verdict {
                Ok(v) => v,
                Err(e) => return Err(TestCaseError::fail(format!("grade failed: {e}"))),
            };
            prop_assert_eq!(verdict.steps.len(), parsed.steps.len());
            let again = runner::grade(&scenario, &parsed, "gen.transcript")
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(rendered(&verdict), rendered(&again), "not deterministic");
            Ok(())
        },
    );
}
