//! Behaviour tests for the shell, at its public surface.

use super::*;

/// A host that records every argv and answers `docker` with canned text.
#[derive(Default)]
struct FakeHost {
    calls: Vec<(Vec<String>, String)>,
}

impl Host for FakeHost {
    fn run(&mut self, argv: &[String], stdin: &str) -> CommandOutput {
        self.calls.push((argv.to_vec(), stdin.to_string()));
        match argv.get(1).map(String::as_str) {
            Some("ps") => CommandOutput::success("web\ndb\ncache\n".to_string()),
            Some("fail") => {
                CommandOutput::failure("Error response from daemon: boom\n".to_string(), 1)
            }
            Some("both") => CommandOutput::new("out\n", "err\n", 0),
            Some("inspect") => CommandOutput::success("sha256:abc\n\n".to_string()),
            Some("mixed") => {
                // Like `docker logs` of a container whose streams alternate.
                let mut out = CommandOutput::default();
                out.print("out 1\n");
                out.eprint("err 1\n");
                out.print("out 2\n");
                out.eprint("err 2\n");
                out
            }
            _ => CommandOutput::default(),
        }
    }
}

fn config() -> ShellConfig {
    ShellConfig {
        tools: vec!["docker".to_string(), "curl".to_string()],
    }
}

fn run(line: &str) -> ShellOutcome {
    run_line(line, &config(), &mut FakeHost::default())
}

fn run_with_host(line: &str) -> (ShellOutcome, FakeHost) {
    let mut host = FakeHost::default();
    let outcome = run_line(line, &config(), &mut host);
    (outcome, host)
}

fn argv(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn out(line: &str) -> String {
    run(line).stdout().to_owned()
}

#[test]
fn echo_joins_words_with_spaces() {
    assert_eq!(out("echo  hello   world"), "hello world\n");
}

#[test]
fn single_quotes_keep_everything_literal() {
    assert_eq!(out(r#"echo '$HOME "x" \n'"#), "$HOME \"x\" \\n\n");
}

#[test]
fn double_quotes_expand_variables_and_honour_escapes() {
    assert_eq!(
        out(r#"echo "home=$HOME \"q\" \$x \\ \a""#),
        "home=/root \"q\" $x \\ \\a\n"
    );
}

#[test]
fn backslash_escapes_outside_quotes() {
    assert_eq!(out(r"echo a\ b \$HOME \\"), "a b $HOME \\\n");
}

#[test]
fn comment_only_at_word_start() {
    assert_eq!(out("echo a#b # not printed"), "a#b\n");
    assert_eq!(out("# only a comment").len(), 0);
}

#[test]
fn semicolon_runs_both_and_status_is_the_last() {
    let outcome = run("false; echo x");
    assert_eq!(outcome.stdout(), "x\n");
    assert_eq!(outcome.status, 0);
    assert_eq!(run("echo x; false").status, 1);
}

#[test]
fn and_or_short_circuit_like_bash() {
    assert_eq!(out("true && echo yes || echo no"), "yes\n");
    assert_eq!(out("false && echo yes || echo no"), "no\n");
    assert_eq!(out("false || false && echo reached"), "");
    assert_eq!(run("false && echo x").status, 1);
}

#[test]
fn pipe_feeds_stdout_of_left_into_right() {
    assert_eq!(out("docker ps | grep -v db"), "web\ncache\n");
    let (_, host) = run_with_host("echo hi | docker load");
    assert_eq!(
        host.calls,
        vec![(argv(&["docker", "load"]), "hi\n".to_string())]
    );
}

#[test]
fn pipeline_status_is_the_last_command() {
    assert_eq!(run("false | true").status, 0);
    assert_eq!(run("true | false").status, 1);
    assert_eq!(run("! true").status, 1);
    assert_eq!(run("! false").status, 0);
}

#[test]
fn stderr_of_piped_command_reaches_terminal() {
    let outcome = run("docker fail | wc -l");
    assert_eq!(outcome.stdout(), "0\n");
    assert_eq!(outcome.stderr(), "Error response from daemon: boom\n");
}

#[test]
fn terminal_shows_each_commands_writes_in_the_order_made() {
    let outcome = run("docker both; echo next");
    assert_eq!(outcome.terminal(), "out\nerr\nnext\n");
    assert_eq!(outcome.stdout(), "out\nnext\n");
    assert_eq!(outcome.stderr(), "err\n");
}

#[test]
fn terminal_interleaves_a_commands_stdout_and_stderr_in_time_order() {
    let outcome = run("docker mixed");
    assert_eq!(outcome.terminal(), "out 1\nerr 1\nout 2\nerr 2\n");
    assert_eq!(outcome.stdout(), "out 1\nout 2\n");
    assert_eq!(outcome.stderr(), "err 1\nerr 2\n");
}

#[test]
fn stderr_to_stdout_keeps_the_order_of_writes() {
    let outcome = run("docker mixed 2>&1");
    assert_eq!(outcome.stdout(), "out 1\nerr 1\nout 2\nerr 2\n");
    assert_eq!(outcome.stderr(), "");
    let outcome = run("docker mixed >&2");
    assert_eq!(outcome.stderr(), "out 1\nerr 1\nout 2\nerr 2\n");
}

#[test]
fn both_streams_piped_reach_the_next_command_in_order() {
    let outcome = run("docker mixed 2>&1 | cat");
    assert_eq!(outcome.stdout(), "out 1\nerr 1\nout 2\nerr 2\n");
    let outcome = run("docker mixed 2>&1 | grep 2");
    assert_eq!(outcome.terminal(), "out 2\nerr 2\n");
    let outcome = run("docker mixed |& head -n 3");
    assert_eq!(outcome.stdout(), "out 1\nerr 1\nout 2\n");
}

#[test]
fn a_pipe_takes_stdout_while_stderr_reaches_the_terminal() {
    let outcome = run("docker mixed | grep 2");
    assert_eq!(outcome.terminal(), "err 1\nerr 2\nout 2\n");
    assert_eq!(outcome.stdout(), "out 2\n");
    assert_eq!(outcome.stderr(), "err 1\nerr 2\n");
}

#[test]
fn dropping_one_stream_keeps_the_other_whole() {
    assert_eq!(run("docker mixed 2>/dev/null").terminal(), "out 1\nout 2\n");
    assert_eq!(run("docker mixed >/dev/null").terminal(), "err 1\nerr 2\n");
    assert_eq!(run("docker mixed 1>/dev/null").terminal(), "err 1\nerr 2\n");
    assert_eq!(run("docker mixed &>/dev/null").terminal(), "");
    // Order of redirections matters: stderr goes where stdout pointed first.
    let outcome = run("docker mixed 2>&1 >/dev/null");
    assert_eq!(outcome.stdout(), "err 1\nerr 2\n");
    assert_eq!(run("docker mixed >/dev/null 2>&1").terminal(), "");
}

#[test]
fn substitution_captures_stdout_only_and_stderr_shows_at_once() {
    let outcome = run("echo \"[$(docker mixed)]\"");
    assert_eq!(outcome.terminal(), "err 1\nerr 2\n[out 1\nout 2]\n");
    let outcome = run("echo \"[$(docker mixed 2>&1)]\"");
    assert_eq!(outcome.terminal(), "[out 1\nerr 1\nout 2\nerr 2]\n");
}

#[test]
fn xargs_keeps_the_order_of_each_commands_writes() {
    let outcome = run("echo mixed | xargs docker");
    assert_eq!(outcome.terminal(), "out 1\nerr 1\nout 2\nerr 2\n");
}

#[test]
fn command_substitution_strips_trailing_newlines_and_splits() {
    let (outcome, host) = run_with_host("docker rm $(docker ps)");
    assert_eq!(outcome.status, 0);
    assert_eq!(
        host.calls.last().map(|c| c.0.clone()),
        Some(argv(&["docker", "rm", "web", "db", "cache"]))
    );
    assert_eq!(out("echo \"[$(docker inspect)]\""), "[sha256:abc]\n");
}

#[test]
fn quoted_substitution_is_one_word() {
    let (_, host) = run_with_host("docker x \"$(docker ps)\"");
    assert_eq!(
        host.calls.last().map(|c| c.0.clone()),
        Some(argv(&["docker", "x", "web\ndb\ncache"]))
    );
}

#[test]
fn nested_substitution_and_backquotes_work() {
    assert_eq!(out("echo $(echo $(echo deep))"), "deep\n");
    assert_eq!(out("echo `echo old`"), "old\n");
}

#[test]
fn substitution_nesting_beyond_limit_is_an_error() {
    let line = format!("echo {}x{}", "$(echo ".repeat(17), ")".repeat(17));
    let outcome = run(&line);
    assert_eq!(outcome.status, 2);
    assert!(
        outcome.stderr().contains("nested too deeply"),
        "{}",
        outcome.stderr()
    );
    let ok = format!("echo {}x{}", "$(echo ".repeat(16), ")".repeat(16));
    assert_eq!(out(&ok), "x\n");
}

#[test]
fn status_variable_holds_last_status() {
    assert_eq!(out("false; echo $?"), "1\n");
    assert_eq!(out("nope 2>/dev/null; echo $?"), "127\n");
    assert_eq!(out("echo $?"), "0\n");
}

#[test]
fn variables_expand_from_tiny_env() {
    assert_eq!(
        out("echo $HOME ${PWD} [$UNSET] ~ ~/x"),
        "/root /root [] /root /root/x\n"
    );
}

#[test]
fn assignment_sets_variable_for_the_line() {
    assert_eq!(
        out("ID=$(docker ps | head -1); echo \"id=$ID\""),
        "id=web\n"
    );
    assert_eq!(out("A='x y'; echo $A"), "x y\n");
    assert_eq!(run("X=$(false)").status, 1);
}

#[test]
fn assignment_does_not_split_its_value() {
    assert_eq!(out("A=$(docker ps); echo \"$A\""), "web\ndb\ncache\n");
}

#[test]
fn prefix_assignment_does_not_persist() {
    assert_eq!(out("A=1 echo x; echo [$A]"), "x\n[]\n");
}

#[test]
fn unquoted_empty_expansion_disappears_but_quoted_stays() {
    let (_, host) = run_with_host("docker a $EMPTY \"\" ''");
    assert_eq!(
        host.calls.last().map(|c| c.0.clone()),
        Some(argv(&["docker", "a", "", ""]))
    );
}

#[test]
fn line_continuation_joins_lines() {
    let (_, host) = run_with_host("docker run \\\n  -d \\\n  web");
    assert_eq!(
        host.calls.last().map(|c| c.0.clone()),
        Some(argv(&["docker", "run", "-d", "web"]))
    );
}

#[test]
fn unknown_command_exits_127() {
    let outcome = run("dokcer ps");
    assert_eq!(outcome.status, 127);
    assert_eq!(outcome.stderr(), "bash: dokcer: command not found\n");
}

#[test]
fn tool_not_in_config_is_not_found() {
    let outcome = run_line("curl x", &ShellConfig::default(), &mut FakeHost::default());
    assert_eq!(outcome.stderr(), "bash: curl: command not found\n");
}

#[test]
fn path_to_allowed_tool_resolves_to_its_name() {
    let (outcome, host) = run_with_host("/usr/bin/docker ps");
    assert_eq!(outcome.stdout(), "web\ndb\ncache\n");
    assert_eq!(
        host.calls.first().map(|c| c.0.clone()),
        Some(argv(&["docker", "ps"]))
    );
    let missing = run("/usr/bin/python3 -c x");
    assert_eq!(missing.status, 127);
    assert_eq!(
        missing.stderr(),
        "bash: /usr/bin/python3: No such file or directory\n"
    );
}

#[test]
fn suggest_offers_near_names_only() {
    assert_eq!(suggest("dokcer", &config()).as_deref(), Some("docker"));
    assert_eq!(suggest("gerp", &config()).as_deref(), Some("grep"));
    assert_eq!(suggest("docker", &config()), None);
    assert_eq!(suggest("kubectl", &config()), None);
}

#[test]
fn syntax_errors_use_bash_texts_and_exit_2() {
    let cases = [
        (
            "&& echo x",
            "bash: syntax error near unexpected token `&&'\n",
        ),
        ("echo x &&", "bash: syntax error: unexpected end of file\n"),
        ("echo x |", "bash: syntax error: unexpected end of file\n"),
        ("| echo", "bash: syntax error near unexpected token `|'\n"),
        (
            "echo 'abc",
            "bash: unexpected EOF while looking for matching `''\n",
        ),
        (
            "echo \"abc",
            "bash: unexpected EOF while looking for matching `\"'\n",
        ),
        (
            "echo $(echo",
            "bash: unexpected EOF while looking for matching `)'\n",
        ),
        (
            "echo >",
            "bash: syntax error near unexpected token `newline'\n",
        ),
        (
            "echo a ;; echo b",
            "bash: syntax error near unexpected token `;;'\n",
        ),
        ("; echo", "bash: syntax error near unexpected token `;'\n"),
        ("echo )", "bash: syntax error near unexpected token `)'\n"),
        (
            "then echo",
            "bash: syntax error near unexpected token `then'\n",
        ),
    ];
    for (line, message) in cases {
        let outcome = run(line);
        assert_eq!((outcome.stderr(), outcome.status), (message, 2), "{line}");
        assert!(outcome.stdout().is_empty());
    }
}

#[test]
fn syntax_error_reports_column() {
    assert_eq!(parse("echo a && && b").err().map(|e| e.column), Some(11));
    assert_eq!(parse("echo 'x").err().map(|e| e.column), Some(6));
}

#[test]
fn syntax_error_runs_nothing() {
    let (outcome, host) = run_with_host("docker ps; echo 'x");
    assert!(host.calls.is_empty());
    assert!(outcome.stdout().is_empty());
}

#[test]
fn unsupported_features_are_rejected_before_running_anything() {
    let cases = [
        ("docker ps &", "a background job `&`"),
        ("(docker ps)", "a subshell `( ... )`"),
        ("{ docker ps; }", "a command group `{ ... }`"),
        (
            "for i in a; do echo $i; done",
            "a loop (`for`/`while`/`until`)",
        ),
        ("if true; then echo; fi", "a conditional (`if`/`case`)"),
        ("cat <<EOF", "a here-document `<<`"),
        ("f() { echo; }", "a function definition"),
        ("echo $((1+2))", "arithmetic expansion `$(( ... ))`"),
        (
            "echo ${HOME:-x}",
            "a parameter expansion operator `${NAME...}`",
        ),
    ];
    for (line, feature) in cases {
        let (outcome, host) = run_with_host(&format!("docker ps; {line}"));
        assert!(host.calls.is_empty(), "{line}");
        assert_eq!(outcome.status, 2, "{line}");
        assert_eq!(
            outcome.stderr(),
            format!("dockdrill: {feature} is not supported in drills\n"),
            "{line}"
        );
    }
}

#[test]
fn stderr_to_stdout_redirect_merges_into_pipe() {
    assert_eq!(out("docker fail 2>&1 | grep -c boom"), "1\n");
    assert_eq!(out("docker fail |& grep -o boom"), "boom\n");
}

#[test]
fn dev_null_redirects_discard_streams() {
    let outcome = run("docker both >/dev/null");
    assert_eq!((outcome.stdout(), outcome.stderr()), ("", "err\n"));
    let outcome = run("docker both 2>/dev/null");
    assert_eq!((outcome.stdout(), outcome.stderr()), ("out\n", ""));
    let outcome = run("docker both &>/dev/null");
    assert_eq!(outcome.terminal(), "");
    let outcome = run("docker both > /dev/null 2>&1");
    assert_eq!(outcome.terminal(), "");
}

#[test]
fn redirect_order_matters_like_bash() {
    let outcome = run("docker both 2>&1 >/dev/null");
    assert_eq!((outcome.stdout(), outcome.stderr()), ("err\n", ""));
    let outcome = run("echo x >&2");
    assert_eq!((outcome.stdout(), outcome.stderr()), ("", "x\n"));
}

#[test]
fn redirect_to_file_fails_without_touching_host() {
    let (outcome, host) = run_with_host("docker ps > out.txt");
    assert!(host.calls.is_empty());
    assert_eq!(outcome.status, 1);
    assert_eq!(outcome.stderr(), "bash: out.txt: Read-only file system\n");
    assert_eq!(
        run("docker ps >> log").stderr(),
        "bash: log: Read-only file system\n"
    );
    let input = run("grep x < input.txt");
    assert_eq!(
        (input.stderr(), input.status),
        ("bash: input.txt: No such file or directory\n", 1)
    );
}

#[test]
fn redirect_error_message_follows_earlier_stderr_redirect() {
    assert_eq!(run("echo x 2>/dev/null >f").stderr(), "");
}

#[test]
fn sleep_is_delegated_to_host() {
    let (outcome, host) = run_with_host("sleep 5");
    assert_eq!(outcome.status, 0);
    assert_eq!(host.calls, vec![(argv(&["sleep", "5"]), String::new())]);
    let bad = run("sleep soon");
    assert_eq!(bad.status, 1);
    assert!(
        bad.stderr()
            .starts_with("sleep: invalid time interval ‘soon’\n")
    );
}

#[test]
fn xargs_appends_stdin_words_through_dispatch() {
    let (_, host) = run_with_host("docker ps | xargs docker rm -f");
    assert_eq!(
        host.calls.last().map(|c| c.0.clone()),
        Some(argv(&["docker", "rm", "-f", "web", "db", "cache"]))
    );
    assert_eq!(out("docker ps | xargs"), "web db cache\n");
    assert_eq!(
        out("docker ps | xargs -n 1 echo id:"),
        "id: web\nid: db\nid: cache\n"
    );
    assert_eq!(
        out("docker ps | xargs -I{} echo [{}]"),
        "[web]\n[db]\n[cache]\n"
    );
}

#[test]
fn xargs_reports_missing_command_and_failures() {
    let outcome = run("echo a | xargs nope");
    assert_eq!(
        (outcome.stderr(), outcome.status),
        ("xargs: nope: No such file or directory\n", 127)
    );
    assert_eq!(run("echo a | xargs false").status, 123);
}

#[test]
fn deep_xargs_chain_is_bounded() {
    let line = format!("echo a | {}echo", "xargs ".repeat(40));
    let outcome = run(&line);
    assert_ne!(outcome.status, 0);
}

#[test]
fn grep_filters_and_sets_status() {
    assert_eq!(out("docker ps | grep -n d"), "2:db\n");
    assert_eq!(run("docker ps | grep zzz").status, 1);
    assert_eq!(out("docker ps | grep -c -v e"), "1\n");
    assert_eq!(out("docker ps | grep -E 'we|ca'"), "web\ncache\n");
    assert_eq!(out("docker ps | grep -e db -e web"), "web\ndb\n");
    assert_eq!(out("echo WEB | grep -i web"), "WEB\n");
    assert_eq!(out("echo 'web webapp' | grep -ow web"), "web\n");
    assert_eq!(out("echo 'a.b axb' | grep -oF a.b"), "a.b\n");
    assert_eq!(out("echo ab | grep -x a"), "");
    let quiet = run("docker ps | grep -q db");
    assert_eq!((quiet.stdout(), quiet.status), ("", 0));
}

#[test]
fn grep_bad_pattern_exits_2_with_gnu_message() {
    let outcome = run("echo x | grep -E '('");
    assert_eq!(
        (outcome.stderr(), outcome.status),
        ("grep: Unmatched ( or \\(\n", 2)
    );
    let usage = run("grep");
    assert_eq!(usage.status, 2);
    assert_eq!(
        usage.stderr(),
        "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
    );
    let file = run("grep x missing.log");
    assert_eq!(
        (file.stderr(), file.status),
        ("grep: missing.log: No such file or directory\n", 2)
    );
}

#[test]
fn head_and_tail_select_lines() {
    assert_eq!(out("docker ps | head -n 1"), "web\n");
    assert_eq!(out("docker ps | head -2"), "web\ndb\n");
    assert_eq!(out("docker ps | head -n -1"), "web\ndb\n");
    assert_eq!(out("docker ps | head -c 2"), "we");
    assert_eq!(out("docker ps | tail -n 1"), "cache\n");
    assert_eq!(out("docker ps | tail -2"), "db\ncache\n");
    assert_eq!(out("docker ps | tail -n +2"), "db\ncache\n");
    let bad = run("head -n x");
    assert_eq!(
        (bad.stderr(), bad.status),
        ("head: invalid number of lines: ‘x’\n", 1)
    );
}

#[test]
fn wc_counts_like_gnu() {
    assert_eq!(out("docker ps | wc -l"), "3\n");
    assert_eq!(out("echo a b | wc -w"), "2\n");
    assert_eq!(out("echo hi | wc"), "      1       1       3\n");
}

#[test]
fn sort_and_uniq_work_together() {
    assert_eq!(out("docker ps | sort"), "cache\ndb\nweb\n");
    assert_eq!(out("docker ps | sort -r"), "web\ndb\ncache\n");
    assert_eq!(out("echo -e '10\\n9\\n100' | sort -n"), "9\n10\n100\n");
    assert_eq!(out("echo -e 'b\\na\\nb' | sort -u"), "a\nb\n");
    assert_eq!(
        out("echo -e 'a\\na\\nb' | uniq -c"),
        "      2 a\n      1 b\n"
    );
    assert_eq!(out("echo -e 'x 2\\ny 1' | sort -k 2"), "y 1\nx 2\n");
}

#[test]
fn cut_tr_awk_transform_text() {
    assert_eq!(out("echo a:b:c | cut -d: -f2"), "b\n");
    assert_eq!(out("echo a:b:c | cut -d : -f 1,3"), "a:c\n");
    assert_eq!(out("echo abcdef | cut -c 2-4"), "bcd\n");
    assert_eq!(out("echo Hello | tr a-z A-Z"), "HELLO\n");
    assert_eq!(out("echo hello | tr -d l"), "heo\n");
    assert_eq!(out("echo 'a   b' | tr -s ' '"), "a b\n");
    assert_eq!(out("echo 'x  y z' | awk '{print $2}'"), "y\n");
    assert_eq!(out("echo 'a:b:c' | awk -F: '{print $NF, $1}'"), "c a\n");
    let refused = run("echo a | awk 'NR==1'");
    assert_eq!(refused.status, 2);
    let cut = run("cut -f1 -d ab");
    assert!(
        cut.stderr()
            .starts_with("cut: the delimiter must be a single character\n")
    );
}

#[test]
fn cat_copies_stdin_and_has_no_files() {
    assert_eq!(out("echo hi | cat"), "hi\n");
    let outcome = run("cat /etc/passwd");
    assert_eq!(
        (outcome.stderr(), outcome.status),
        ("cat: /etc/passwd: No such file or directory\n", 1)
    );
}

#[test]
fn echo_options_n_and_e() {
    assert_eq!(out("echo -n a"), "a");
    assert_eq!(out("echo -e 'a\\tb'"), "a\tb\n");
    assert_eq!(out("echo -x"), "-x\n");
    assert_eq!(out("echo $'tab\\there'"), "tab\there\n");
}

#[test]
fn oversized_line_is_refused() {
    let line = format!("echo {}", "a".repeat(MAX_LINE_BYTES));
    let outcome = run(&line);
    assert_eq!(outcome.status, 2);
    assert!(outcome.stderr().contains("too long"));
}

#[test]
fn long_pipeline_is_refused() {
    let line = format!("echo x{}", " | cat".repeat(MAX_PIPELINE));
    assert_eq!(run(&line).status, 2);
    let ok = format!("echo x{}", " | cat".repeat(MAX_PIPELINE - 1));
    assert_eq!(out(&ok), "x\n");
}

#[test]
fn doubling_variable_is_bounded() {
    let line = format!("X=abcdefgh;{}echo done", "X=$X$X;".repeat(30));
    let outcome = run(&line);
    assert!(outcome.stdout().len() < 10 * 1024 * 1024);
}

#[test]
fn repeated_large_expansion_in_one_word_is_refused() {
    struct Big;
    impl Host for Big {
        fn run(&mut self, _: &[String], _: &str) -> CommandOutput {
            CommandOutput::success("a ".repeat(1024 * 1024))
        }
    }
    let line = format!("X=$(docker x); echo {}", "$X".repeat(2000));
    let outcome = run_line(&line, &config(), &mut Big);
    assert_eq!(outcome.status, 126);
    assert_eq!(outcome.stderr(), "bash: echo: Argument list too long\n");
}

#[test]
fn runaway_output_is_truncated_with_an_error() {
    struct Flood;
    impl Host for Flood {
        fn run(&mut self, _: &[String], _: &str) -> CommandOutput {
            CommandOutput::success("x".repeat(MAX_COMMAND_OUTPUT + 10))
        }
    }
    let outcome = run_line("docker logs web", &config(), &mut Flood);
    assert_eq!(outcome.stdout().len(), MAX_COMMAND_OUTPUT);
    assert_eq!(outcome.status, 1);
    assert!(outcome.stderr().contains("output truncated"));
}

#[test]
fn hostile_inputs_never_panic() {
    let lines = [
        "",
        " ",
        "\\",
        "'",
        "\"",
        "$",
        "${",
        "$(",
        "`",
        "((",
        "))",
        "}{",
        ";;;",
        "&&&",
        "|||",
        ">>>",
        "<<<",
        "2>&",
        ">&3",
        "echo \\\n",
        "echo ${}",
        "echo ${a b}",
        "$'\\x",
        "!",
        "! ! true",
        "a=",
        "=a",
        "~",
        "echo ~root",
        "x=y=z",
        "echo \u{0}",
        "ééé",
        "2>",
        "echo 1>&-",
        "echo a 9>/dev/null",
        "grep -e",
        "grep '\\'",
        "grep -E 'a{1'",
        "echo x | grep -P x",
        "tr",
        "cut",
        "awk",
        "sort -k",
        "head -n",
        "xargs -n 0",
        "echo | grep ''",
        "echo $#$0$$",
    ];
    for line in lines {
        let _ = run(line);
    }
}

#[test]
fn grep_reports_a_missing_file_when_it_reaches_that_operand() {
    let outcome = run("docker ps | grep web - nofile");
    assert_eq!(
        outcome.terminal(),
        "(standard input):web\ngrep: nofile: No such file or directory\n"
    );
    let outcome = run("docker ps | grep web nofile -");
    assert_eq!(
        outcome.terminal(),
        "grep: nofile: No such file or directory\n(standard input):web\n"
    );
}
