//! The authoring commands as an author runs them: the built binary, in
//! scratch directories, output compared exactly (colour off, fixed width).

use std::path::{Path, PathBuf};
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn dockdrill(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dockdrill"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("DOCKDRILL_BLESS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("the dockdrill binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A fresh, empty directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "dockdrill-cli-authors-{test}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// A scratch directory holding a freshly scaffolded incident `demo`.
fn scaffolded(test: &str) -> PathBuf {
    let dir = scratch(test);
    let run = dockdrill(&dir, &["new", "demo"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("readable");
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).expect("writable");
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[track_caller]
fn assert_text(actual: &str, expected: &str) {
    if actual != expected {
        panic!("output differs\n--- expected\n{expected}\n--- actual\n{actual}\n---");
    }
}

// ---- check ----

#[test]
fn check_passes_the_shipped_scenario_with_no_findings() {
    let run = dockdrill(&repo(), &["check", "scenarios/latest-drifted.kdl"], &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_text(&run.stdout, "scenarios/latest-drifted.kdl: ok\n");
}

#[test]
fn check_reports_every_parse_error_at_once_with_snippets_and_exits_2() {
    let dir = scaffolded("check-parse");
    std::fs::create_dir_all(dir.join("x")).ok();
    let typo = dir.join("x/typo.kdl");
    std::fs::copy(dir.join("scenarios/demo.kdl"), &typo).ok();
    edit(&typo, "difficulty easy", "dificulty easy");
    edit(&typo, "state \"running\"", "state \"runing\"");
    let run = dockdrill(&dir, &["check", "x/typo.kdl", "--color", "never"], &[]);
    assert_eq!(run.code, 2);
    assert_text(
        &run.stdout,
        r#"  x `scenario` is missing `difficulty`
   ,-[x/typo.kdl:6:1]
 5 | 
 6 | scenario "demo" {
   : ^^^^^^^^
 7 |     title "The app is up, but nothing answers on port 8080"
   `----

  x unknown node `dificulty` in `scenario`; expected `title`, `difficulty`, `tools`, `clock` or
  | `brief`
   ,-[x/typo.kdl:8:5]
 7 |     title "The app is up, but nothing answers on port 8080"
 8 |     dificulty easy
   :     ^^^^^^^^^
 9 |     tools docker curl
   `----
  help: did you mean `difficulty`?

  x unknown state "runing"; expected one of created, running, paused, restarting, exited, dead
    ,-[x/typo.kdl:38:15]
 37 |     container "shop" {
 38 |         state "runing"
    :               ^^^^^^^^
 39 |         image {
    `----
  help: did you mean `running`?

x/typo.kdl: 3 errors, 0 warnings
"#,
    );
}

#[test]
fn check_warns_with_label_and_help_and_exits_0_or_1_with_deny_warnings() {
    let dir = scaffolded("check-lint");
    edit(
        &dir.join("scenarios/demo.kdl"),
        "localhost:8080/\"",
        "localhost:8080/helth\"",
    );
    // NO_COLOR with the default --color auto: plain ASCII.
    let run = dockdrill(&dir, &["check", "scenarios/demo.kdl"], &[("NO_COLOR", "1")]);
    assert_eq!(run.code, 0);
    assert_text(
        &run.stdout,
        r#"lint(unknown-route)

  ! check "published" requests GET /helth, which no declared image serves
    ,-[scenarios/demo.kdl:44:14]
 43 |     }
 44 |     http GET "http://localhost:8080/helth" status=200 body="shop 2.3.0\n"
    :              ^^^^^^^^^^^^^^|^^^^^^^^^^^^^^
    :                            `-- every container answers this with 404 page not found
 45 | }
    `----
  help: did you mean "/healthz"?

lint(verdict-mismatch)

  ! solution "good" does not get the verdict it declares: check "published" fails: GET http://
  | localhost:8080/helth answers 404, not 200; GET http://localhost:8080/helth answers "404 page
  | not found\n", not "shop 2.3.0\n"
   ,-[solutions/demo/good.transcript:1:1]
 1 | # expect: pass
   : ^^^^^^^|^^^^^^
   :        `-- it gets `# expect: fail published`
 2 | # The fix: see that nothing publishes port 8080, then recreate shop with -p.
   `----
  help: fix the solution, or the checks, or declare the verdict it gets if that is what it is for

scenarios/demo.kdl: 0 errors, 2 warnings
"#,
    );
    let denied = dockdrill(
        &dir,
        &["check", "scenarios/demo.kdl", "--deny-warnings"],
        &[],
    );
    assert_eq!(denied.code, 1);
    assert_eq!(
        denied.stdout, run.stdout,
        "not a terminal: no colour either way"
    );
    let coloured = dockdrill(
        &dir,
        &["check", "scenarios/demo.kdl", "--color", "always"],
        &[],
    );
    assert!(coloured.stdout.contains("\u{1b}["), "{}", coloured.stdout);
}

#[test]
fn check_reports_a_port_collision_as_an_error_naming_both_containers() {
    let dir = scaffolded("check-ports");
    edit(
        &dir.join("scenarios/demo.kdl"),
        "        restart \"unless-stopped\"\n    }",
        "        restart \"unless-stopped\"\n        publish \"9090:8080\"\n    }\n    container \"old-shop\" image=\"shop:2.3.0\" created=\"-2h\" {\n        publish \"127.0.0.1:9090:8080\"\n    }",
    );
    let run = dockdrill(&dir, &["check", "scenarios/demo.kdl"], &[]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.starts_with("lint(port-collision)\n\n  x containers \"shop\" and \"old-shop\" both publish host port 9090/tcp\n"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("`-- \"shop\" already publishes 9090:8080"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with("scenarios/demo.kdl: 1 error, 0 warnings\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn check_lints_what_the_solutions_exercise() {
    let dir = scaffolded("check-coverage");
    let scenario = dir.join("scenarios/demo.kdl");
    // A hint for a program the drill does not allow.
    edit(
        &scenario,
        "when-ran=\"docker restart\"",
        "when-ran=\"kubectl rollout restart\"",
    );
    // The wrong fix now claims a pass and a wrong output.
    let wrong = dir.join("solutions/demo/wrong-fix.transcript");
    edit(&wrong, "# expect: fail published", "# expect: pass");
    edit(
        &wrong,
        "$ docker restart shop\nshop\n",
        "$ docker restart shop\nshop!\n",
    );
    let run = dockdrill(&dir, &["check", "scenarios/demo.kdl"], &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let codes: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("lint("))
        .collect();
    assert_eq!(
        codes,
        [
            "lint(check-without-wrong-fix)",
            "lint(hint-never-shown)",
            "lint(unknown-tool)",
            "lint(verdict-mismatch)",
            "lint(claimed-output)",
        ],
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("  help: - claimed, + printed:\n        --- claimed\n        +++ printed\n        @@ -1,1 +1,1 @@\n        -shop!\n        +shop\n"), "{}", run.stdout);
    assert!(
        run.stdout
            .ends_with("scenarios/demo.kdl: 0 errors, 5 warnings\n")
    );
}

#[test]
fn check_without_solutions_warns_that_there_is_no_good_solution() {
    let dir = scaffolded("check-nosolutions");
    std::fs::remove_dir_all(dir.join("solutions")).ok();
    let run = dockdrill(&dir, &["check", "scenarios"], &[]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("lint(no-good-solution)\n\n  ! scenario \"demo\" has no good solution: solutions/demo holds no solutions\n"), "{}", run.stdout);
}

#[test]
fn check_of_a_missing_file_exits_2() {
    let dir = scratch("check-missing");
    let run = dockdrill(&dir, &["check", "nope.kdl"], &[]);
    assert_eq!(run.code, 2);
    assert_text(
        &run.stderr,
        "dockdrill check: nope.kdl: no such file or directory\n",
    );
}

// ---- new ----

#[test]
fn a_new_incident_passes_check_and_test_as_scaffolded() {
    let dir = scratch("new-accept");
    let run = dockdrill(&dir, &["new", "disk-full"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with(
        "created scenarios/disk-full.kdl\ncreated solutions/disk-full/good.transcript\ncreated solutions/disk-full/wrong-fix.transcript\n\nNext:\n"
    ), "{}", run.stdout);
    let check = dockdrill(
        &dir,
        &["check", "scenarios/disk-full.kdl", "--deny-warnings"],
        &[],
    );
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert_text(&check.stdout, "scenarios/disk-full.kdl: ok\n");
    let test = dockdrill(&dir, &["test", "scenarios/disk-full.kdl"], &[]);
    assert_eq!(test.code, 0, "{}", test.stdout);
    assert_text(
        &test.stdout,
        "
running 4 tests
test disk-full::good::published ... ok
test disk-full::good::output ... ok
test disk-full::wrong-fix::published ... ok
test disk-full::wrong-fix::output ... ok

test result: ok. 4 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out

",
    );
}

#[test]
fn new_writes_under_dir_and_refuses_to_overwrite() {
    let dir = scratch("new-dir");
    let run = dockdrill(&dir, &["new", "api", "--dir", "drills"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.join("drills/scenarios/api.kdl").is_file());
    let scenario = read(&dir.join("drills/scenarios/api.kdl"));
    std::fs::write(dir.join("drills/solutions/api/good.transcript"), "mine\n").ok();
    let again = dockdrill(&dir, &["new", "api", "--dir", "drills"], &[]);
    assert_eq!(again.code, 2);
    assert_text(
        &again.stderr,
        "dockdrill new: refusing to overwrite drills/scenarios/api.kdl, drills/solutions/api/good.transcript, drills/solutions/api/wrong-fix.transcript\n",
    );
    assert_eq!(read(&dir.join("drills/scenarios/api.kdl")), scenario);
    assert_eq!(
        read(&dir.join("drills/solutions/api/good.transcript")),
        "mine\n"
    );
}

#[test]
fn new_rejects_a_name_that_cannot_name_a_scenario() {
    let dir = scratch("new-name");
    let run = dockdrill(&dir, &["new", "Disk_Full"], &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("is not a scenario name"),
        "{}",
        run.stderr
    );
    assert!(!dir.join("scenarios").exists());
}

// ---- test ----

#[test]
fn test_filters_skips_and_lists_like_cargo_test() {
    let dir = scaffolded("test-filters");
    let list = dockdrill(&dir, &["test", "--list", "wrong-fix"], &[]);
    assert_eq!(list.code, 0);
    assert_text(
        &list.stdout,
        "demo::wrong-fix::published: test
demo::wrong-fix::output: test

2 tests, 0 benchmarks
",
    );
    let skipped = dockdrill(&dir, &["test", "published", "--skip", "wrong-fix"], &[]);
    assert_eq!(skipped.code, 0);
    assert_text(
        &skipped.stdout,
        "
running 1 test
test demo::good::published ... ok

test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 3 filtered out

",
    );
    let exact = dockdrill(
        &dir,
        &["test", "--list", "--exact", "demo::good::output", "wrong"],
        &[],
    );
    assert_text(
        &exact.stdout,
        "demo::good::output: test\n\n1 test, 0 benchmarks\n",
    );
}

#[test]
fn test_json_is_a_stream_of_libtest_like_events() {
    let dir = scaffolded("test-json");
    let run = dockdrill(
        &dir,
        &[
            "test",
            "--format",
            "json",
            "--exact",
            "demo::good::published",
        ],
        &[],
    );
    assert_eq!(run.code, 0);
    assert_text(
        &run.stdout,
        r#"{"type":"suite","event":"started","test_count":1}
{"type":"test","event":"started","name":"demo::good::published"}
{"type":"test","name":"demo::good::published","event":"ok","scenario":"demo","solution":"good","check":"published"}
{"type":"suite","event":"ok","passed":1,"failed":0,"ignored":0,"measured":0,"filtered_out":3}
"#,
    );
    let list = dockdrill(
        &dir,
        &[
            "test",
            "--list",
            "--format",
            "json",
            "--exact",
            "demo::good::published",
        ],
        &[],
    );
    assert_text(
        &list.stdout,
        r#"{"type":"suite","event":"discovery"}
{"type":"test","event":"discovered","name":"demo::good::published","ignore":false,"scenario":"demo","solution":"good","check":"published"}
{"type":"suite","event":"completed","tests":1,"benchmarks":0,"total":1,"ignored":0}
"#,
    );
}

#[test]
fn test_fails_with_exit_1_and_reports_in_every_format() {
    let dir = scaffolded("test-fail");
    edit(
        &dir.join("solutions/demo/wrong-fix.transcript"),
        "# expect: fail published",
        "# expect: pass",
    );
    let human = dockdrill(&dir, &["test"], &[]);
    assert_eq!(human.code, 1);
    assert!(
        human
            .stdout
            .contains("test demo::wrong-fix::published ... FAILED\n"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains(
            "\nfailures:\n\n---- demo::wrong-fix::published ----\ncheck `published` failed:\n"
        ),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.ends_with(
            "test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out\n\n"
        ),
        "{}",
        human.stdout
    );
    let json = dockdrill(&dir, &["test", "--format", "json"], &[]);
    assert_eq!(json.code, 1);
    assert!(
        json.stdout
            .lines()
            .all(|l| l.starts_with('{') && l.ends_with('}'))
    );
    assert!(json.stdout.ends_with("{\"type\":\"suite\",\"event\":\"failed\",\"passed\":3,\"failed\":1,\"ignored\":0,\"measured\":0,\"filtered_out\":0}\n"), "{}", json.stdout);
    let junit = dockdrill(&dir, &["test", "--format", "junit"], &[]);
    assert_eq!(junit.code, 1);
    assert!(junit.stdout.starts_with("<?xml"), "{}", junit.stdout);
    assert!(
        junit
            .stdout
            .contains("<testsuite name=\"demo\" tests=\"4\""),
        "{}",
        junit.stdout
    );
    assert!(junit.stdout.contains("<failure"), "{}", junit.stdout);
}

#[test]
fn test_exits_2_when_a_solution_cannot_be_loaded() {
    let dir = scaffolded("test-load");
    std::fs::write(dir.join("solutions/demo/bad.transcript"), "$ docker ps\n").ok();
    let run = dockdrill(&dir, &["test"], &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("solutions/demo/bad.transcript:1:1: a solution needs a header"),
        "{}",
        run.stderr
    );
}

// ---- bless and review ----

const DRIFTED_GOOD: &str = "# expect: pass
# my notes
$ docker ps --format '{{.Names}}: {{.Ports}}'   # look first
shop: 80/tcp
$ docker rm -f shop
shop
$ docker run -d --name shop -p 8080:8080 --restart unless-stopped shop:2.3.0
[..]
$ curl -s localhost:8080/
shop 2.2.0
";

const BLESSED_GOOD: &str = "# expect: pass
# my notes
$ docker ps --format '{{.Names}}: {{.Ports}}'   # look first
shop: 8080/tcp
$ docker rm -f shop
shop
$ docker run -d --name shop -p 8080:8080 --restart unless-stopped shop:2.3.0
[..]
$ curl -s localhost:8080/
shop 2.3.0
";

#[test]
fn bless_proposes_only_for_differing_transcripts_keeping_comments_and_elisions() {
    let dir = scaffolded("bless");
    let good = dir.join("solutions/demo/good.transcript");
    let wrong = dir.join("solutions/demo/wrong-fix.transcript");
    std::fs::write(&good, DRIFTED_GOOD).ok();
    let wrong_before = std::fs::metadata(&wrong).and_then(|m| m.modified()).ok();
    let run = dockdrill(&dir, &["test", "--bless"], &[]);
    assert_eq!(
        run.code, 1,
        "the output case still fails until the proposal is accepted"
    );
    assert_text(
        &read(&dir.join("solutions/demo/good.transcript.new")),
        BLESSED_GOOD,
    );
    assert_eq!(read(&good), DRIFTED_GOOD, "the original stays until review");
    assert!(!dir.join("solutions/demo/wrong-fix.transcript.new").exists());
    assert_eq!(
        std::fs::metadata(&wrong).and_then(|m| m.modified()).ok(),
        wrong_before
    );
    assert_text(
        &run.stderr,
        "--- solutions/demo/good.transcript
+++ solutions/demo/good.transcript.new
@@ -1,10 +1,10 @@
 # expect: pass
 # my notes
 $ docker ps --format '{{.Names}}: {{.Ports}}'   # look first
-shop: 80/tcp
+shop: 8080/tcp
 $ docker rm -f shop
 shop
 $ docker run -d --name shop -p 8080:8080 --restart unless-stopped shop:2.3.0
 [..]
 $ curl -s localhost:8080/
-shop 2.2.0
+shop 2.3.0
bless: 1 proposal(s) written; accept or reject with `dockdrill review`
",
    );

    // Not a terminal: review needs a decision.
    let undecided = dockdrill(&dir, &["review"], &[]);
    assert_eq!(undecided.code, 2);
    assert!(undecided.stderr.contains("pass --accept or --reject"));
    let unnamed = dockdrill(&dir, &["review", "--accept"], &[]);
    assert_eq!(unnamed.code, 2);

    let accept = dockdrill(&dir, &["review", "--accept", "--all"], &[]);
    assert_eq!(accept.code, 0, "{}", accept.stderr);
    assert_text(
        &accept.stdout,
        "accepted solutions/demo/good.transcript\n1 accepted, 0 rejected, 0 left for later\n",
    );
    assert_eq!(read(&good), BLESSED_GOOD);
    assert!(!dir.join("solutions/demo/good.transcript.new").exists());
    assert_eq!(dockdrill(&dir, &["test"], &[]).code, 0);
    let nothing = dockdrill(&dir, &["test", "--bless"], &[]);
    assert_eq!(nothing.code, 0);
    assert_text(
        &nothing.stderr,
        "bless: every claimed output matches; nothing to propose\n",
    );
}

#[test]
fn bless_by_environment_and_reject_by_path() {
    let dir = scaffolded("reject");
    let good = dir.join("solutions/demo/good.transcript");
    std::fs::write(&good, DRIFTED_GOOD).ok();
    let run = dockdrill(&dir, &["test", "good"], &[("DOCKDRILL_BLESS", "1")]);
    assert_eq!(run.code, 1);
    let proposal = dir.join("solutions/demo/good.transcript.new");
    assert!(proposal.is_file());
    let reject = dockdrill(
        &dir,
        &["review", "--reject", "solutions/demo/good.transcript"],
        &[],
    );
    assert_eq!(reject.code, 0, "{}", reject.stderr);
    assert_text(
        &reject.stdout,
        "rejected solutions/demo/good.transcript.new\n0 accepted, 1 rejected, 0 left for later\n",
    );
    assert!(!proposal.exists());
    assert_eq!(read(&good), DRIFTED_GOOD);
    let none = dockdrill(&dir, &["review", "--accept", "--all"], &[]);
    assert_text(&none.stdout, "no proposals to review\n");
}

// ---- help ----

#[test]
fn every_authoring_command_has_help_with_examples() {
    for command in ["check", "new", "review", "test"] {
        let run = dockdrill(&repo(), &[command, "--help"], &[]);
        assert_eq!(run.code, 0, "{command}");
        assert!(
            run.stdout.contains("Examples:\n  dockdrill "),
            "{command}: {}",
            run.stdout
        );
    }
}
