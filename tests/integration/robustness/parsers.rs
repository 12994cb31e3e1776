//! Every parser, on generated input: no panic, bounded time, errors that
//! point into the input, and the same answer twice.

use dockdrill::docker::cmd::TABLE;
use dockdrill::docker::flags;
use dockdrill::engine::World;
use dockdrill::template::{self, ExecOptions, Value};
use dockdrill::{scenario, shell, transcript};
use proptest::prelude::*;

use super::support::{self, cases, check, heavy_cases, json_value, mutated, text_from};

const KDL_PIECES: &[&str] = &[
    "scenario ",
    "\"latest-drifted\"",
    " {\n",
    "}\n",
    "world {\n",
    "image \"myapp:latest\" ",
    "container \"web\" ",
    "check \"recreated\" {\n",
    "hint ",
    "followup ",
    "debrief ",
    "id=",
    "image=",
    "state=\"running\"",
    "created=\"-6h\"",
    "publish \"8080:8080\"",
    "env A=\"b\" ",
    "log \"x\" stream=\"stderr\" at=\"-5h\"",
    "http GET \"/version\" status=200 body=\"1\\n\"",
    "running container=\"web\"",
    "shown before-change=\"web\" {",
    "image-of container=\"web\"",
    "#true",
    "#null",
    "-1",
    "1e999",
    "0x",
    "\"\"\"\n",
    "r#\"",
    "/-",
    "/*",
    "*/",
    "//",
    ";",
    "\\",
    "\n",
    " ",
    "=",
    "\"",
    "(type)",
];

const TRANSCRIPT_PIECES: &[&str] = &[
    "$ ",
    "$",
    "# expect: pass",
    "# expect: fail recreated diagnosed",
    "# expect: ",
    "# ",
    "...",
    "[..]",
    "\\",
    "\r",
    "\n",
    "\n",
    "\n",
    "docker ps",
    "web  a17e5d3c9b82",
    "'",
    "\"",
    "\0",
    "\t",
    " ",
];

const SHELL_PIECES: &[&str] = &[
    "docker ",
    "curl ",
    "echo ",
    "grep ",
    "xargs ",
    "awk '{print $1}' ",
    "sleep 1",
    "ps ",
    "-a ",
    "--format '{{.Names}}' ",
    "'",
    "\"",
    "`",
    "$(",
    ")",
    "${",
    "}",
    "$?",
    "$HOME",
    "$1",
    "|",
    "||",
    "&&",
    "&",
    ";",
    "<",
    ">",
    ">>",
    "2>&1",
    ">/dev/null",
    "<<EOF",
    "\\",
    "\\\n",
    "\n",
    "#",
    " ",
    "*",
    "~",
    "=",
    "X=1 ",
    "(",
    "{",
    "if ",
    "then ",
    "fi",
    "!",
];

const TEMPLATE_PIECES: &[&str] = &[
    "{{",
    "}}",
    "{{-",
    "-}}",
    " ",
    ".",
    ".Name",
    ".Config.Image",
    ".a",
    ".b.c",
    "$",
    "$x",
    ":=",
    "=",
    "|",
    "(",
    ")",
    "range ",
    "end",
    "if ",
    "else",
    "else if ",
    "with ",
    "define \"t\"",
    "template \"t\" .",
    "block \"b\" .",
    "break",
    "continue",
    "printf \"%v %q %5.2f %x\" ",
    "print ",
    "println ",
    "json ",
    "len ",
    "index ",
    "slice ",
    "split ",
    "join ",
    "lower ",
    "upper ",
    "title ",
    "pad ",
    "truncate ",
    "eq ",
    "ne ",
    "lt ",
    "and ",
    "or ",
    "not ",
    "call ",
    "html ",
    "js ",
    "urlquery ",
    "nil",
    "true",
    "1",
    "-3",
    "1e308",
    "0x1F",
    "'a'",
    "\"s\"",
    "`raw`",
    "/*",
    "*/",
    "\n",
    "5",
    "3 ",
];

const FLAG_PIECES: &[&str] = &[
    "-a",
    "-q",
    "-aq",
    "-f",
    "-e",
    "-p",
    "-n",
    "-t",
    "-",
    "--",
    "--all",
    "--all=false",
    "--quiet",
    "--format",
    "--format={{.ID}}",
    "--filter",
    "--filter=status=exited",
    "--env",
    "--env=A=b",
    "--publish",
    "--tail",
    "--tail=-1",
    "--since",
    "--time",
    "-t=x",
    "--no-trunc",
    "--size",
    "--name",
    "--restart",
    "--rm",
    "-d",
    "web",
    "myapp:latest",
    "10",
    "abc",
    "=",
    "",
];

/// Where a 1-based line/column may point in `text`: at a character, or just
/// past the last one (an error at the end of the input).
fn assert_position(text: &str, line: usize, column: usize) -> Result<(), TestCaseError> {
    assert_position_in(&text.split('\n').collect::<Vec<_>>(), line, column)
}

/// Scenario files end lines at `\n`, `\r\n` or a lone `\r`, as editors do.
fn editor_lines(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .map(str::to_owned)
        .collect()
}

fn assert_position_in<S: AsRef<str>>(
    lines: &[S],
    line: usize,
    column: usize,
) -> Result<(), TestCaseError> {
    prop_assert!(line >= 1, "line {line} is not 1-based");
    prop_assert!(column >= 1, "column {column} is not 1-based");
    prop_assert!(
        line <= lines.len() + 1,
        "line {line} is past the end ({} lines)",
        lines.len()
    );
    if let Some(l) = lines.get(line - 1) {
        let l = l.as_ref();
        prop_assert!(
            column <= l.chars().count() + 2,
            "column {column} is past the end of line {line} ({} chars)",
            l.chars().count()
        );
    }
    Ok(())
}

fn transcript_text() -> BoxedStrategy<String> {
    let solutions: Vec<String> = support::solution_texts()
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    prop_oneof![
        2 => text_from(TRANSCRIPT_PIECES, 80),
        2 => proptest::sample::select(solutions).prop_flat_map(|s| mutated(s, TRANSCRIPT_PIECES)),
    ]
    .boxed()
}

#[test]
fn transcript_parser_is_total_and_points_at_its_errors() {
    let strategy = prop_oneof![
        3 => transcript_text().prop_map(String::into_bytes),
        1 => proptest::collection::vec(any::<u8>(), 0..600),
    ];
    check("transcript::parse_bytes", cases(256), strategy, |bytes| {
        let first = transcript::parse_bytes(&bytes);
        prop_assert_eq!(
            &first,
            &transcript::parse_bytes(&bytes),
            "not deterministic"
        );
        let text = String::from_utf8_lossy(&bytes);
        match first {
            Ok(t) => {
                let lines = text.split('\n').count();
                for step in &t.steps {
                    prop_assert!(step.line >= 1 && step.line <= lines);
                    prop_assert!(!step.command.is_empty());
                }
            }
            Err(e) => {
                prop_assert!(!e.message.is_empty());
                assert_position(&text, e.line, e.column)?;
            }
        }
        Ok(())
    });
}

#[test]
fn elision_matcher_and_diff_are_total() {
    let pieces = text_from(TRANSCRIPT_PIECES, 30);
    check(
        "transcript::matches+diff",
        cases(256),
        (pieces.clone(), pieces),
        |(claimed, printed)| {
            let m = transcript::matches(&claimed, &printed);
            prop_assert_eq!(m, transcript::matches(&claimed, &printed));
            let d = transcript::diff(&claimed, &printed);
            let shown = transcript::render_diff(&d, false);
            prop_assert_eq!(
                &shown,
                &transcript::render_diff(&transcript::diff(&claimed, &printed), false)
            );
            if claimed == printed {
                prop_assert!(m, "a text must match itself");
            }
            Ok(())
        },
    );
}

#[test]
fn scenario_parser_is_total_and_points_at_its_errors() {
    let base = support::scenario_text();
    let strategy = prop_oneof![
        3 => mutated(base, KDL_PIECES),
        1 => text_from(KDL_PIECES, 60),
    ];
    check("scenario::parse", heavy_cases(32), strategy, |text| {
        let first = scenario::parse("gen.kdl", &text);
        let again = scenario::parse("gen.kdl", &text);
        match (&first, &again) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "not deterministic"),
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string(), "not deterministic"),
            _ => prop_assert!(false, "Ok once, Err once"),
        }
        if let Err(diags) = first {
            prop_assert!(!diags.0.is_empty(), "an error with no diagnostic");
            for d in &diags.0 {
                prop_assert!(!d.message.is_empty());
                prop_assert!(d.offset <= text.len(), "offset {} past the end", d.offset);
                assert_position_in(&editor_lines(&text), d.line, d.column)?;
            }
        }
        Ok(())
    });
}

fn world_json_text() -> BoxedStrategy<String> {
    let base = support::corpus_world_text().unwrap_or_else(|| "{\"containers\":[]}".to_owned());
    let parsed: serde_json::Value = serde_json::from_str(&base).unwrap_or_default();
    let edits = proptest::collection::vec((any::<prop::sample::Index>(), json_value()), 1..4);
    let structural = edits.prop_map(move |edits| {
        let mut doc = parsed.clone();
        for (at, value) in edits {
            replace_somewhere(&mut doc, at, value);
        }
        doc.to_string()
    });
    let small_base: String = base.chars().take(3000).collect();
    prop_oneof![
        3 => structural,
        1 => mutated(small_base, &["{", "}", "[", "]", ",", ":", "\"", "null", "1e400", "\n"]),
        1 => json_value().prop_map(|v| v.to_string()),
    ]
    .boxed()
}

/// Replaces one node of `doc` (chosen by `at` in pre-order) with `value`.
fn replace_somewhere(
    doc: &mut serde_json::Value,
    at: prop::sample::Index,
    value: serde_json::Value,
) {
    fn count(v: &serde_json::Value) -> usize {
        1 + match v {
            serde_json::Value::Array(a) => a.iter().map(count).sum(),
            serde_json::Value::Object(o) => o.values().map(count).sum(),
            _ => 0,
        }
    }
    fn visit(v: &mut serde_json::Value, target: &mut usize, value: &mut Option<serde_json::Value>) {
        if *target == 0 {
            if let Some(new) = value.take() {
                *v = new;
            }
            return;
        }
        *target -= 1;
        match v {
            serde_json::Value::Array(a) => a.iter_mut().for_each(|c| visit(c, target, value)),
            serde_json::Value::Object(o) => o.values_mut().for_each(|c| visit(c, target, value)),
            _ => {}
        }
    }
    // The root itself is rarely interesting: start below it.
    let n = count(doc).saturating_sub(1).max(1);
    let mut target = 1 + at.index(n);
    visit(doc, &mut target, &mut Some(value));
}

#[test]
fn world_import_is_total_and_docker_reads_whatever_it_imports() {
    let reads: &[&[&str]] = &[
        &["ps", "-a"],
        &["ps", "-a", "-s", "--no-trunc"],
        &["images", "-a"],
        &["ps", "-a", "--format", "{{json .}}"],
        &["images", "--format", "{{json .}}"],
        &["network", "ls"],
        &["volume", "ls"],
        &["info"],
    ];
    check(
        "World::from_inspect_json",
        heavy_cases(48),
        world_json_text(),
        |text| {
            let first = World::from_inspect_json(&text, "gen");
            match &first {
                Err(e) => {
                    prop_assert!(!e.message.is_empty());
                    assert_position(&text, e.line, e.column)?;
                    let again = World::from_inspect_json(&text, "gen").err();
                    prop_assert_eq!(Some(e), again.as_ref(), "not deterministic");
                }
                Ok(world) => {
                    let mut names: Vec<String> = support::world_names(world);
                    names.truncate(6);
                    let mut argvs: Vec<Vec<String>> = reads
                        .iter()
                        .map(|r| r.iter().map(|s| (*s).to_owned()).collect())
                        .collect();
                    for n in &names {
                        for sub in ["inspect", "logs", "port"] {
                            argvs.push(vec![sub.to_owned(), n.clone()]);
                        }
                    }
                    for argv in &argvs {
                        let mut a = world.clone();
                        let mut b = world.clone();
                        let out = dockdrill::docker::run(&mut a, argv);
                        prop_assert_eq!(
                            &out,
                            &dockdrill::docker::run(&mut b, argv),
                            "not deterministic"
                        );
                        prop_assert!(out.stdout().len() + out.stderr().len() < 64 << 20);
                    }
                }
            }
            Ok(())
        },
    );
}

#[test]
fn shell_parser_is_total_and_points_at_its_errors() {
    check(
        "shell::parse",
        cases(512),
        text_from(SHELL_PIECES, 40),
        |line| {
            let first = shell::parse(&line);
            prop_assert_eq!(&first, &shell::parse(&line), "not deterministic");
            if let Err(e) = first {
                prop_assert!(!e.message.is_empty());
                // A command line's errors have a column; `\`-newline continuations
                // make it a column in the whole text.
                prop_assert!(e.column >= 1, "column {} is not 1-based", e.column);
                prop_assert!(
                    e.column <= line.chars().count() + 1,
                    "column {} past the end ({} chars)",
                    e.column,
                    line.chars().count()
                );
            }
            Ok(())
        },
    );
}

/// Template data: JSON-shaped values (what inspect templates see).
fn template_data() -> BoxedStrategy<serde_json::Value> {
    prop_oneof![
        1 => json_value(),
        1 => Just(serde_json::json!({
            "Name": "/web", "a": [1, 2, 3], "b": {"c": "d"},
            "Config": {"Image": "myapp:latest", "Env": ["A=b"]}
        })),
    ]
    .boxed()
}

#[test]
fn template_engine_is_total_bounded_and_located() {
    check(
        "template::parse+execute",
        cases(512),
        (
            text_from(TEMPLATE_PIECES, 30),
            template_data(),
            any::<(bool, bool)>(),
        ),
        |(src, data, (missing_key_error, header_funcs))| {
            let parsed = template::parse(&src);
            match parsed {
                Err(e) => {
                    let msg = e.to_string();
                    prop_assert_eq!(
                        &msg,
                        &template::parse(&src)
                            .err()
                            .map(|e| e.to_string())
                            .unwrap_or_default()
                    );
                    prop_assert!(msg.starts_with("template: "), "unlocated: {msg}");
                    prop_assert!(has_go_location(&msg), "no :LINE: in {msg:?}");
                }
                Ok(t) => {
                    let value = Value::from_json(&data);
                    let opts = ExecOptions {
                        missing_key_error,
                        header_funcs,
                    };
                    let mut out = String::new();
                    let result = t.execute_into(&value, opts, &mut out);
                    let mut out2 = String::new();
                    let result2 = t.execute_into(&value, opts, &mut out2);
                    prop_assert_eq!(&out, &out2, "not deterministic");
                    prop_assert!(out.len() <= 16 << 20, "output over 16 MiB");
                    match (result, result2) {
                        (Ok(()), Ok(())) => {}
                        (Err(a), Err(b)) => {
                            let msg = a.to_string();
                            prop_assert_eq!(&msg, &b.to_string());
                            prop_assert!(msg.starts_with("template: "), "unlocated: {msg}");
                            prop_assert!(has_go_location(&msg), "no :LINE: in {msg:?}");
                        }
                        _ => prop_assert!(false, "Ok once, Err once"),
                    }
                }
            }
            Ok(())
        },
    );
}

/// Go's template errors name `name:line` (`template: :1:5: ...`, or
/// `template: t:1: ...` for a named template).
fn has_go_location(msg: &str) -> bool {
    let rest = &msg["template: ".len()..];
    let Some((_, after)) = rest.split_once(':') else {
        return false;
    };
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    !digits.is_empty() && after[digits.len()..].starts_with(':')
}

#[test]
fn flag_parser_is_total_and_names_the_offending_flag() {
    let argv = proptest::collection::vec(
        prop_oneof![
            4 => proptest::sample::select(FLAG_PIECES).prop_map(str::to_owned),
            1 => "-{0,2}[a-z=]{0,6}",
            1 => ".{0,4}",
        ],
        0..10,
    );
    let command = 0..TABLE.len();
    check(
        "docker::flags::parse",
        cases(1024),
        (command, argv),
        |(i, argv)| {
            let cmd = &TABLE[i];
            let first = flags::parse(&argv, cmd.flags, cmd.interspersed);
            match &first {
                Ok(parsed) => {
                    for a in &parsed.args {
                        prop_assert!(argv.contains(a), "positional {a:?} not in the input");
                    }
                }
                Err(e) => {
                    let msg = e.to_string();
                    prop_assert!(!msg.is_empty());
                    // pflag errors have no line or column; they name the flag.
                    let named = argv.iter().any(|a| {
                        let flag = a.trim_start_matches('-');
                        let flag = flag.split('=').next().unwrap_or(flag);
                        let long = !flag.is_empty() && msg.contains(flag);
                        // `-tb` is `-t b`: pflag names the `-t, --timeout` flag.
                        let short = !a.starts_with("--")
                            && a.starts_with('-')
                            && a.chars().skip(1).any(|c| msg.contains(&format!("-{c}")));
                        long || short || msg.contains(a.as_str())
                    });
                    prop_assert!(named, "{msg:?} names none of {argv:?}");
                }
            }
            let again = flags::parse(&argv, cmd.flags, cmd.interspersed);
            prop_assert_eq!(
                format!("{first:?}"),
                format!("{again:?}"),
                "not deterministic"
            );
            Ok(())
        },
    );
}

/// Inputs the properties above once shrank to, kept as plain regressions.
#[test]
fn regressions_found_by_the_properties() {
    // A `\` continuation running off the end points at the last `\`.
    let e = transcript::parse_bytes(b"$ $ \\\n\\").unwrap_err();
    assert_eq!((e.line, e.column), (2, 1), "{e}");
    // serde_json's "column 0" right after a newline is column 1.
    let e = World::from_inspect_json("{\n", "w").unwrap_err();
    assert_eq!((e.line, e.column), (2, 1), "{e}");
    // pflag's bad flag syntax, as docker 28.2.2 prints it.
    let mut world = support::corpus_world();
    for arg in ["--=", "---x", "--=x"] {
        let out = dockdrill::docker::run(&mut world, &["ps".into(), arg.into()]);
        assert_eq!(out.status, 125);
        assert!(
            out.stderr().starts_with(&format!(
                "bad flag syntax: {arg}\n\nUsage:  docker ps [OPTIONS]"
            )),
            "{}",
            out.stderr()
        );
    }
    let out = dockdrill::docker::run(&mut world, &["--x".into()]);
    assert_eq!(
        out.stderr(),
        "unknown flag: --x\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\nRun 'docker --help' for more information\n"
    );
}
