use super::*;

#[test]
fn misspelled_node_suggests_the_right_one() {
    let text = minimal_with("    difficulty easy", "    dificulty easy");
    assert_points(
        &text,
        &[
            ("scenario \"mini\"", "`scenario` is missing `difficulty`"),
            ("dificulty", "unknown node `dificulty` in `scenario`"),
        ],
    );
    let d = errs(&text);
    assert_eq!(d.0[1].help.as_deref(), Some("did you mean `difficulty`?"));
}

#[test]
fn misspelled_property_suggests_the_right_one() {
    let text = minimal_with(
        "size=10\n    image \"app:latest\"",
        "sise=10\n    image \"app:latest\"",
    );
    assert_points(
        &text,
        &[
            ("image \"app:1\"", "`image` is missing `size=`"),
            (
                "sise",
                "unknown property `sise` on `image`; expected `id`, `created` or `size`",
            ),
        ],
    );
    assert_eq!(
        errs(&text).0[1].help.as_deref(),
        Some("did you mean `size`?")
    );
}

#[test]
fn unknown_top_level_node() {
    let text = format!("{MINIMAL}chekc \"x\" {{}}\n");
    assert_points(
        &text,
        &[(
            "chekc",
            "unknown top-level node `chekc`; expected `scenario`, `world`, `check`",
        )],
    );
    assert_eq!(
        errs(&text).0[0].help.as_deref(),
        Some("did you mean `check`?")
    );
}

#[test]
fn wrong_argument_count_and_type() {
    let text = minimal_with("title \"T\"", "title");
    assert_points(
        &text,
        &[("title", "`title` takes 1 argument (the title), found 0")],
    );
    let text = minimal_with("title \"T\"", "title \"T\" \"U\"");
    assert_points(
        &text,
        &[(
            "\"U\"",
            "unexpected argument: `title` takes 1 argument (the title)",
        )],
    );
    let text = minimal_with(
        "size=10\n    image \"app:latest\"",
        "size=\"10\"\n    image \"app:latest\"",
    );
    assert_points(
        &text,
        &[(
            "\"10\"",
            "expected an integer (the size in bytes), found the string \"10\"",
        )],
    );
    let text = minimal_with("title \"T\"", "title 12");
    assert_diags(
        &text,
        &[(2, 11, "expected a string (the title), found the integer 12")],
    );
    assert_eq!(errs(&text).0[0].help.as_deref(), Some("quote it: \"12\""));
    let text = minimal_with("brief \"B\"", "brief \"B\" {\n        x 1\n    }");
    assert_points(
        &text,
        &[("{\n        x", "`brief` takes no children block")],
    );
}

#[test]
fn bad_values_are_pinpointed() {
    let cases = [
        (
            "difficulty easy",
            "difficulty extreme",
            "extreme",
            "unknown difficulty \"extreme\"",
        ),
        (
            "\"2026-11-27T09:00:00Z\"",
            "\"2026-13-27T09:00:00Z\"",
            "\"2026-13",
            "bad clock: \"2026-13-27T09:00:00Z\" is not an RFC 3339 time like \"2026-11-27T09:00:00Z\" (with \"Z\" or an offset like \"+01:00\")",
        ),
        (
            "created=\"-2d\"",
            "created=\"-2days\"",
            "\"-2days\"",
            "bad `created` time: \"-2days\" is not a time offset",
        ),
        (
            "id=\"abcd1234\"",
            "id=\"abcg1234\"",
            "\"abcg1234\"",
            "is not a hex ID ('g' is not a hex digit)",
        ),
        (
            "id=\"abcd1234\"",
            "id=\"abc\"",
            "\"abc\"",
            "has 3 hex digits; an ID or ID prefix has 4 to 64",
        ),
        (
            "id=\"abcd1234\"",
            "id=\"ABCD1234\"",
            "\"ABCD1234\"",
            "Docker IDs are lowercase hex",
        ),
        (
            "state \"running\"",
            "state \"runing\"",
            "\"runing\"",
            "unknown state \"runing\"",
        ),
        (
            "image \"app:latest\"",
            "image \"App:latest\"",
            "\"App:latest\"",
            "is not a valid image reference",
        ),
    ];
    for (from, to, token, msg) in cases {
        let text = minimal_with(from, to);
        // A broken reference also breaks what refers to it; only check the first.
        let d = errs(&text);
        let (line, column) = at(&text, token);
        let first = &d.0[0];
        assert!(
            first.line == line && first.column == column && first.message.contains(msg),
            "{to}: expected {line}:{column} {msg:?}, got\n{d}"
        );
    }
}

#[test]
fn bad_publish_restart_and_state() {
    let text = minimal_with(
        "created=\"-6h\"\n",
        "created=\"-6h\" state=\"sleeping\" {\n        publish \"8080:80:80\"\n        restart \"sometimes\"\n        expose \"80\"\n    }\n",
    );
    assert_points(
        &text,
        &[
            ("\"sleeping\"", "unknown container state \"sleeping\""),
            ("\"8080:80:80\"", "\"8080\" is not an IPv4 address"),
            ("\"sometimes\"", "is not a restart policy"),
            ("expose", "unknown node `expose` in `container`"),
        ],
    );
}

#[test]
fn exited_only_properties_need_state_exited() {
    let text = minimal_with("created=\"-6h\"\n", "created=\"-6h\" exit-code=1\n");
    assert_points(
        &text,
        &[("exit-code", "`exit-code` applies only to state=\"exited\"")],
    );
    let exited = minimal_with(
        "created=\"-6h\"\n",
        "created=\"-6h\" state=\"exited\" exit-code=300\n",
    );
    assert_points(&exited, &[("300", "exit code 300 is out of range")]);
}

#[test]
fn duplicates_are_reported_with_the_first_position() {
    let text = minimal_with(
        "    image \"app:latest\" created=\"-1h\" size=10\n",
        "    image \"app:latest\" created=\"-1h\" size=10\n    image \"app:1\" created=\"-3d\" size=1\n    container \"web\" image=\"app:1\" created=\"-1h\"\n",
    );
    let (l1, c1) = at(&text, "\"app:1\" id=");
    let (lw, cw) = at(&text, "\"web\" image=\"app:1\"");
    let d = errs(&text);
    assert_eq!(d.len(), 2, "{d}");
    assert_eq!(
        d.0[0].message,
        format!("\"app:1\" is already declared at {l1}:{c1}; a reference names one image")
    );
    assert_eq!(
        (d.0[0].line, d.0[0].column),
        at(&text, "\"app:1\" created=\"-3d\"")
    );
    assert_eq!(
        d.0[1].message,
        format!("a container named \"web\" is already declared at {lw}:{cw}")
    );
    assert_eq!(
        (d.0[1].line, d.0[1].column),
        at(&text, "\"web\" image=\"app:latest\"")
    );

    let checks = format!("{MINIMAL}check \"ok\" {{\n    about \"again\"\n    ran \"docker\"\n}}\n");
    let d = errs(&checks);
    assert_eq!(d.len(), 1, "{d}");
    assert_eq!(
        d.0[0].message,
        "a check named \"ok\" is already declared at 13:7"
    );
    assert_eq!((d.0[0].line, d.0[0].column), (19, 7));

    let props = minimal_with(
        "size=10\n    image \"app:latest\"",
        "size=10 size=11\n    image \"app:latest\"",
    );
    assert_points(
        &props,
        &[("size=11", "duplicate property `size` on `image`")],
    );
    let nodes = minimal_with("    brief \"B\"\n", "    brief \"B\"\n    brief \"C\"\n");
    assert_points(
        &nodes,
        &[(
            "brief \"C\"",
            "duplicate `brief`; it was already given at 6:5",
        )],
    );
}

#[test]
fn undeclared_references_are_errors() {
    let text = minimal_with("pinned=\"app:1\"", "pinned=\"app:2\"");
    assert_points(
        &text,
        &[(
            "\"app:2\"",
            "`pinned` names \"app:2\", which no declared image has",
        )],
    );

    let text = minimal_with("image=\"app:latest\" pinned", "image=\"ap:latest\" pinned");
    assert_points(
        &text,
        &[(
            "\"ap:latest\"",
            "`image` names \"ap:latest\", which no declared image has",
        )],
    );
    assert_eq!(
        errs(&text).0[0].help.as_deref(),
        Some("did you mean `app:latest`?")
    );

    let text = minimal_with("container \"web\" {", "container \"wbe\" {");
    assert_points(
        &text,
        &[(
            "\"wbe\"",
            "no container named \"wbe\" is declared in `world`",
        )],
    );
    assert_eq!(
        errs(&text).0[0].help.as_deref(),
        Some("did you mean `web`?")
    );

    let shown = minimal_with(
        "        state \"running\"\n    }\n",
        "        state \"running\"\n    }\n    shown before-change=\"db\" {\n        id-of image=\"app:2\"\n        image-of container=\"cache\"\n    }\n",
    );
    assert_points(
        &shown,
        &[
            ("\"db\"", "no container named \"db\" is declared"),
            (
                "\"app:2\"",
                "no image in `world` has the reference \"app:2\"",
            ),
            ("\"cache\"", "no container named \"cache\" is declared"),
        ],
    );
}

#[test]
fn pinned_by_id_prefix_resolves() {
    let text = minimal_with("pinned=\"app:1\"", "pinned=\"sha256:abcd12\"");
    assert_eq!(
        ok(&text).world.containers[0].pinned.as_deref(),
        Some("sha256:abcd12")
    );
    let wrong = minimal_with("pinned=\"app:1\"", "pinned=\"abcd99\"");
    assert_points(
        &wrong,
        &[(
            "\"abcd99\"",
            "`pinned` names \"abcd99\", which no declared image has",
        )],
    );
}

#[test]
fn hint_naming_a_missing_check() {
    let text = format!("{MINIMAL}hint \"h\" when-failed=\"okk\" {{\n    text \"t\"\n}}\n");
    assert_points(
        &text,
        &[(
            "\"okk\"",
            "`when-failed` names \"okk\", but no check has that name",
        )],
    );
    assert_eq!(errs(&text).0[0].help.as_deref(), Some("did you mean `ok`?"));
    let both =
        format!("{MINIMAL}hint \"h\" when-ran=\"x\" when-failed=\"ok\" {{\n    text \"t\"\n}}\n");
    assert_points(&both, &[("\"ok\" {\n    text", "a hint has one trigger")]);
    let no_text = format!("{MINIMAL}hint \"h\"\n");
    assert_points(&no_text, &[("hint", "`hint` is missing `text`")]);
}

#[test]
fn container_older_than_its_image_needs_a_pin() {
    let text = minimal_with(" pinned=\"app:1\"", "");
    assert_points(
        &text,
        &[(
            "\"app:latest\" created=\"-6h\"",
            "\"app:latest\" names an image created after this container",
        )],
    );
    assert!(
        errs(&text).0[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("pinned="))
    );
}

#[test]
fn impossible_timelines() {
    let future = minimal_with("created=\"-1h\"", "created=\"+1h\"");
    assert_points(
        &future,
        &[("\"+1h\"", "the image is created after the scenario clock")],
    );
    let early = minimal_with("created=\"-6h\"", "created=\"-6h\" started=\"-7h\"");
    assert_points(
        &early,
        &[("\"-7h\"", "the container starts before it is created")],
    );
    let pinned_late = minimal_with("created=\"-2d\"", "created=\"-1m\"");
    assert_points(
        &pinned_late,
        &[(
            "\"app:1\" created",
            "the pinned image was created after the container",
        )],
    );
    let same = minimal_with("pinned=\"app:1\"", "pinned=\"app:latest\"");
    assert!(
        errs(&same)
            .0
            .iter()
            .any(|d| d.message == "`pinned` names the same image as `image`")
    );
}

#[test]
fn missing_required_nodes() {
    assert_diags(
        "note \"only a note\"\n",
        &[
            (1, 1, "missing `scenario` node"),
            (1, 1, "missing `world` node"),
            (1, 1, "no `check` node"),
        ],
    );
}

#[test]
fn many_errors_in_one_file_are_all_reported_in_source_order() {
    let text = r#"scenario "Bad Name" {
    title 12
    difficulty extreme
    tools docker docker
    clock "-1h"
    brief "B"
    colour "red"
}
world {
    image "app:1" id="xyz" created="yesterday" size=-1
    container "web" image="app:9" created="-1h" bogus=1 {
        publish "99999:80"
    }
}
check "c" {
    container "web" {
        state "runing"
    }
    http get "localhost/" status=99
}
hint "h" when-ran="x" when-failed="c" {
    text "t"
}
"#;
    let d = errs(text);
    let positions: Vec<(usize, usize)> = d.0.iter().map(|d| (d.line, d.column)).collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted, "source order");
    let lines: Vec<usize> = d.0.iter().map(|d| d.line).collect();
    for line in [1, 2, 3, 4, 5, 7, 10, 11, 12, 17, 19, 21] {
        assert!(
            lines.contains(&line),
            "nothing reported on line {line}:\n{d}"
        );
    }
    assert!(d.len() >= 18, "got only {}:\n{d}", d.len());
}

#[test]
fn kdl_syntax_errors_are_all_reported_with_positions() {
    let text = "scenario \"x\" {\n    title \"unterminated\n}\nworld 1.\n";
    let d = errs(text);
    assert!(d.len() >= 2, "{d}");
    assert!(
        d.0.iter().all(|d| d.message.starts_with("KDL syntax:")),
        "{d}"
    );
    assert!(
        d.0.iter()
            .any(|d| (d.line, d.column) == at(text, "\"unterminated")),
        "{d}"
    );
    assert!(
        d.0.iter().any(|d| (d.line, d.column) == at(text, "1.")),
        "{d}"
    );
}

#[test]
fn display_is_file_line_col() {
    let d = errs(&minimal_with("difficulty easy", "difficulty hrad"));
    assert_eq!(
        d.to_string(),
        "t.kdl:3:16: error: unknown difficulty \"hrad\"; expected easy, medium or hard\n  help: did you mean `hard`?"
    );
}
