//! Behaviour tests for transcripts, at the module's public surface.

use super::*;

fn steps(text: &str) -> Vec<(usize, String, String, usize)> {
    match parse(text) {
        Ok(transcript) => transcript
            .steps
            .into_iter()
            .map(|s| (s.line, s.command, s.claimed, s.claimed_line))
            .collect(),
        Err(error) => panic!("unexpected error: {error}"),
    }
}

fn parse_error(text: &str) -> String {
    match parse(text) {
        Ok(transcript) => panic!("expected an error, got {transcript:?}"),
        Err(error) => error.to_string(),
    }
}

const EXAMPLE: &str = "# expect: fail recreated
# free text comments before the first command are allowed

$ docker inspect web --format '{{.Image}}'   # the pinned ID
sha256:a17e5d3c9b82...
$ docker rm -f web && docker run -d --name web -p 8080:8080 myapp:latest
web
...
$ curl -s localhost:8080/version
1.8.0
";

#[test]
fn example_transcript_parses_into_steps_and_header() {
    let transcript = parse(EXAMPLE).ok();
    assert_eq!(
        transcript.as_ref().and_then(|t| t.expect.clone()),
        Some(Expectation::Fail(vec!["recreated".to_string()]))
    );
    assert_eq!(
        steps(EXAMPLE),
        vec![
            (
                4,
                "docker inspect web --format '{{.Image}}'   # the pinned ID".to_string(),
                "sha256:a17e5d3c9b82...\n".to_string(),
                5
            ),
            (
                6,
                "docker rm -f web && docker run -d --name web -p 8080:8080 myapp:latest"
                    .to_string(),
                "web\n...\n".to_string(),
                7
            ),
            (
                9,
                "curl -s localhost:8080/version".to_string(),
                "1.8.0\n".to_string(),
                10
            ),
        ]
    );
}

#[test]
fn expect_pass_header_parses() {
    let transcript = parse("# expect: pass\n$ true\n").ok();
    assert_eq!(transcript.and_then(|t| t.expect), Some(Expectation::Pass));
}

#[test]
fn no_header_means_no_expectation() {
    assert_eq!(parse("$ true\n").ok().and_then(|t| t.expect), None);
}

#[test]
fn expect_after_first_command_is_output() {
    let parsed = steps("$ echo\n# expect: pass\n");
    assert_eq!(
        parsed.first().map(|s| s.2.as_str()),
        Some("# expect: pass\n")
    );
}

#[test]
fn invalid_expect_header_is_an_error_with_position() {
    assert_eq!(
        parse_error("# expect: maybe\n$ true\n"),
        "1:11: expected `pass` or `fail`, found `maybe`"
    );
    assert_eq!(
        parse_error("# expect: fail\n$ true\n"),
        "1:15: `fail` needs at least one check name"
    );
    assert_eq!(
        parse_error("# expect: pass now\n$ true\n"),
        "1:16: `pass` takes no check names, found `now`"
    );
    assert_eq!(
        parse_error("# expect:\n$ true\n"),
        "1:10: `# expect:` needs `pass` or `fail CHECK...`"
    );
    assert_eq!(
        parse_error("# expect: fail a/b\n$ true\n"),
        "1:16: invalid check name `a/b`"
    );
    assert_eq!(
        parse_error("# expect: pass\n# expect: pass\n$ true\n"),
        "2:1: duplicate `# expect:` header"
    );
}

#[test]
fn output_before_first_command_is_an_error() {
    assert_eq!(
        parse_error("hello\n$ true\n"),
        "1:1: output before the first command"
    );
}

#[test]
fn empty_transcript_has_no_commands() {
    assert_eq!(parse_error(""), "1:1: no commands");
    assert_eq!(parse_error("# just a comment\n\n"), "1:1: no commands");
}

#[test]
fn bare_dollar_is_an_error() {
    assert_eq!(parse_error("$ true\n$\n"), "2:1: `$` without a command");
    assert_eq!(parse_error("$   \n"), "1:1: `$` without a command");
}

#[test]
fn dollar_without_space_is_output() {
    assert_eq!(
        steps("$ echo '$HOME'\n$HOME\n")
            .first()
            .map(|s| s.2.clone()),
        Some("$HOME\n".to_string())
    );
}

#[test]
fn continuation_joins_command_lines() {
    let parsed = steps("$ docker run \\\n> -d \\\n  web\nabc\n");
    assert_eq!(
        parsed,
        vec![(
            1,
            "docker run \\\n-d \\\n  web".to_string(),
            "abc\n".to_string(),
            4
        )]
    );
}

#[test]
fn escaped_backslash_does_not_continue() {
    let parsed = steps("$ echo a\\\\\nout\n");
    assert_eq!(parsed.first().map(|s| s.2.as_str()), Some("out\n"));
}

#[test]
fn continuation_past_end_is_an_error() {
    assert!(parse_error("$ echo \\").contains("continues past the end"));
}

#[test]
fn blank_lines_in_the_middle_are_output_but_trailing_ones_are_not() {
    let parsed = steps("$ a\n\nx\n\n$ b\ny\n\n\n");
    assert_eq!(parsed.first().map(|s| s.2.as_str()), Some("\nx\n\n"));
    assert_eq!(parsed.get(1).map(|s| s.2.as_str()), Some("y\n"));
}

#[test]
fn missing_final_newline_is_fine() {
    assert_eq!(
        steps("$ a\nout").first().map(|s| s.2.as_str()),
        Some("out\n")
    );
}

#[test]
fn crlf_line_endings_are_accepted() {
    let parsed = steps("# expect: pass\r\n$ echo hi\r\nhi\r\n");
    assert_eq!(
        parsed,
        vec![(2, "echo hi".to_string(), "hi\n".to_string(), 3)]
    );
}

#[test]
fn command_without_output_points_at_next_line() {
    let parsed = steps("$ true\n$ false\n");
    assert_eq!(parsed.first().map(|s| (s.2.as_str(), s.3)), Some(("", 2)));
}

#[test]
fn invalid_utf8_and_nul_are_errors_with_position() {
    let bytes = b"$ echo\nab\xffc\n";
    assert_eq!(
        parse_bytes(bytes).err().map(|e| e.to_string()),
        Some("2:3: invalid UTF-8".to_string())
    );
    assert_eq!(parse_error("$ echo\nx\0"), "2:2: NUL byte in transcript");
    assert!(parse_bytes(b"$ true\n").is_ok());
}

#[test]
fn limits_are_errors_naming_the_limit() {
    let big = format!("$ true\n{}", "x\n".repeat(MAX_TRANSCRIPT_BYTES / 2 + 1));
    assert!(parse_error(&big).contains("1 MiB"));
    let long_line = format!("$ true\n{}\n", "x".repeat(MAX_LINE_BYTES + 1));
    assert_eq!(
        parse_error(&long_line),
        format!(
            "2:1: line is {} bytes; the limit is {MAX_LINE_BYTES} bytes",
            MAX_LINE_BYTES + 1
        )
    );
    let many = "$ t\n".repeat(MAX_STEPS + 1);
    assert_eq!(
        parse_error(&many),
        format!(
            "{}:1: more than {MAX_STEPS} commands in one transcript",
            MAX_STEPS + 1
        )
    );
}

#[test]
fn exact_lines_must_be_equal() {
    assert!(matches("a\nb\n", "a\nb\n"));
    assert!(!matches("a\nb\n", "a\nc\n"));
    assert!(!matches("a\n", "a\nb\n"));
    assert!(matches("", ""));
    assert!(!matches("", "x\n"));
}

#[test]
fn claimed_last_line_matches_printed_without_trailing_newline() {
    assert!(matches("a\nb\n", "a\nb"));
    assert!(!matches("a\n", "a\n\n"));
}

#[test]
fn ellipsis_line_matches_any_number_of_lines() {
    assert!(matches("web\n...\n", "web\n"));
    assert!(matches("web\n...\n", "web\na\nb\nc\n"));
    assert!(matches("...\nend\n", "x\ny\nend\n"));
    assert!(matches("a\n...\nb\n...\nc\n", "a\nb\nc\n"));
    assert!(matches("a\n...\nb\n...\nc\n", "a\nx\nb\ny\nz\nc\n"));
    assert!(!matches("a\n...\nb\n", "a\nx\n"));
    assert!(matches("...\n", ""));
    assert!(matches("...\n...\n", "q\n"));
}

#[test]
fn trailing_ellipsis_matches_line_prefix() {
    assert!(matches(
        "sha256:a17e5d3c9b82...\n",
        "sha256:a17e5d3c9b82ffee00\n"
    ));
    assert!(!matches("sha256:a17e...\n", "sha256:b17e\n"));
    assert!(matches("abc...\n", "abc\n"));
}

#[test]
fn bracket_dots_match_any_run_within_a_line() {
    assert!(matches("Up [..] (healthy)\n", "Up 3 hours (healthy)\n"));
    assert!(matches("[..]:[..]:[..]\n", "a:b:c\n"));
    assert!(matches("x[..]\n", "x\n"));
    assert!(!matches("Up [..] (healthy)\n", "Up 3 hours (unhealthy)x\n"));
    assert!(!matches("ab[..]ba\n", "aba\n"));
    assert!(matches("id [..] name...\n", "id 42 name=web\n"));
}

#[test]
fn adversarial_elisions_stay_fast() {
    let claimed = "...\nx\n".repeat(2000) + "y\n";
    let printed = "x\n".repeat(50_000);
    assert!(!matches(&claimed, &printed));
    let pattern = "[..]a".repeat(500);
    let line = "a".repeat(40_000) + "b";
    assert!(!line_matches(&format!("{pattern}c"), &line));
}

/// The obvious memoised search over (claimed, printed) positions, to check
/// the scanning matcher against on many small cases.
fn reference_matches(claimed: &[&str], printed: &[&str]) -> bool {
    fn go(
        i: usize,
        j: usize,
        c: &[&str],
        p: &[&str],
        memo: &mut std::collections::HashMap<(usize, usize), bool>,
    ) -> bool {
        if let Some(&known) = memo.get(&(i, j)) {
            return known;
        }
        let result = match c.get(i) {
            None => j == p.len(),
            Some(&"...") => go(i + 1, j, c, p, memo) || (j < p.len() && go(i, j + 1, c, p, memo)),
            Some(pattern) => {
                p.get(j).is_some_and(|line| line_matches(pattern, line))
                    && go(i + 1, j + 1, c, p, memo)
            }
        };
        memo.insert((i, j), result);
        result
    }
    go(
        0,
        0,
        claimed,
        printed,
        &mut std::collections::HashMap::new(),
    )
}

#[test]
fn scanning_matcher_agrees_with_memoised_search() {
    let alphabet = ["a", "b", "...", "a..."];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |bound: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        usize::try_from(seed % bound as u64).unwrap_or(0)
    };
    for _ in 0..5000 {
        let claimed: Vec<&str> = (0..next(6)).map(|_| alphabet[next(4)]).collect();
        let printed: Vec<&str> = (0..next(6)).map(|_| ["a", "b", "ab"][next(3)]).collect();
        let claimed_text: String = claimed.iter().map(|l| format!("{l}\n")).collect();
        let printed_text: String = printed.iter().map(|l| format!("{l}\n")).collect();
        assert_eq!(
            matches(&claimed_text, &printed_text),
            reference_matches(&claimed, &printed),
            "{claimed:?} vs {printed:?}"
        );
    }
}

fn tags(d: &StepDiff) -> Vec<(LineTag, String)> {
    d.lines.iter().map(|l| (l.tag, l.text())).collect()
}

#[test]
fn diff_of_matching_output_has_no_hunks() {
    let d = diff("a\n...\nz\n", "a\nb\nc\nz\n");
    assert!(d.is_match());
    assert!(d.hunks.is_empty());
    assert_eq!(render_diff(&d, false), "");
}

#[test]
fn diff_shows_lines_covered_by_elision_as_equal() {
    let d = diff("web\n...\nlast\n", "web\nx\ny\nwrong\n");
    assert_eq!(
        tags(&d),
        vec![
            (LineTag::Equal, "web".to_string()),
            (LineTag::Equal, "x".to_string()),
            (LineTag::Equal, "y".to_string()),
            (LineTag::Equal, "wrong".to_string()),
            (LineTag::Missing, "last".to_string()),
        ]
    );
    assert!(
        d.lines
            .get(1)
            .is_some_and(|l| l.elided && l.claimed_line == Some(2))
    );
}

#[test]
fn diff_marks_missing_and_unexpected_lines() {
    let d = diff("a\nb\nc\n", "a\nB\nc\nd\n");
    assert_eq!(
        tags(&d),
        vec![
            (LineTag::Equal, "a".to_string()),
            (LineTag::Missing, "b".to_string()),
            (LineTag::Unexpected, "B".to_string()),
            (LineTag::Equal, "c".to_string()),
            (LineTag::Unexpected, "d".to_string()),
        ]
    );
}

#[test]
fn diff_emphasises_changed_characters_of_paired_lines() {
    let d = diff("sha256:a17e5d3c\n", "sha256:d5208f2c\n");
    let missing = d
        .lines
        .first()
        .map(|l| l.segments.clone())
        .unwrap_or_default();
    assert_eq!(
        missing.first().map(|s| (s.text.as_str(), s.emphasized)),
        Some(("sha256:", false))
    );
    assert!(missing.iter().any(|s| s.emphasized));
}

#[test]
fn render_diff_is_unified_like() {
    let d = diff("one\ntwo\nthree\n", "one\n2\nthree\n");
    assert_eq!(
        render_diff(&d, false),
        "--- claimed\n+++ printed\n@@ -1,3 +1,3 @@\n one\n-two\n+2\n three\n"
    );
}

#[test]
fn render_diff_groups_distant_changes_into_hunks() {
    let claimed: String = (1..=20).map(|n| format!("{n}\n")).collect();
    let printed: String = (1..=20)
        .map(|n| match n {
            2 => "two\n".to_string(),
            18 => "eighteen\n".to_string(),
            _ => format!("{n}\n"),
        })
        .collect();
    let d = diff(&claimed, &printed);
    assert_eq!(d.hunks.len(), 2);
    let text = render_diff(&d, false);
    assert!(text.contains("@@ -1,5 +1,5 @@"), "{text}");
    assert!(text.contains("@@ -15,6 +15,6 @@"), "{text}");
}

#[test]
fn render_diff_colours_only_when_asked() {
    let d = diff("a\n", "b\n");
    assert!(!render_diff(&d, false).contains('\u{1b}'));
    assert!(render_diff(&d, true).contains('\u{1b}'));
}

#[test]
fn diff_of_huge_outputs_falls_back_without_elision_awareness() {
    let claimed = "x\n".repeat(3000);
    let printed = "x\n".repeat(3000) + "extra\n";
    let d = diff(&claimed, &printed);
    assert_eq!(
        d.lines
            .iter()
            .filter(|l| l.tag == LineTag::Unexpected)
            .count(),
        1
    );
}

#[test]
fn missing_output_is_all_missing() {
    let d = diff("a\nb\n", "");
    assert_eq!(
        d.hunks.first().map(|h| (
            h.claimed_start,
            h.claimed_len,
            h.printed_start,
            h.printed_len
        )),
        Some((1, 2, 0, 0))
    );
}
