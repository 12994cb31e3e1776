//! `unknown-tool`: a `when-ran` hint or a `ran` check waits for a command
//! line that starts with a program the scenario does not allow. The learner
//! can type it, but only gets `command not found`, so the hint or check is
//! about a command nobody can really run.
//!
//! The text's first word counts as a program unless it is an allowed tool, a
//! shell builtin, a docker subcommand word (when docker is allowed), a
//! declared container or image name, or not a plain word (a flag, a port,
//! a quoted string): those can all appear inside an allowed command line.

use super::{Finding, locate};
use crate::scenario::{HintTrigger, Predicate, Scenario, Span};
use crate::shell::{self, ShellConfig};

pub fn lint(file: &str, text: &str, scenario: &Scenario, out: &mut Vec<Finding>) {
    let allowed = allowed_words(scenario);
    let tools = scenario.tools.join(" ");
    let mut check = |what: String, pattern: &str, span: Span, property: &str| {
        let Some(word) = pattern.split_whitespace().next() else {
            return;
        };
        let plain = word.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && word
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !plain || allowed.iter().any(|a| a == word) {
            return;
        }
        out.push(
            Finding::warning(
                "unknown-tool",
                locate::within(file, text, span, property),
                format!("{what} waits for `{pattern}`, but `{word}` is not among the scenario's tools ({tools})"),
            )
            .label(format!("`{word}` only answers `command not found`"))
            .help(format!(
                "add `{word}` to `tools` if the learner may use it, or wait for a command an allowed tool runs"
            )),
        );
    };
    for hint in &scenario.hints {
        if let HintTrigger::Ran(pattern) = &hint.trigger {
            check(
                format!("hint {:?}", hint.name),
                pattern,
                hint.span,
                &format!("when-ran={pattern:?}"),
            );
        }
    }
    for c in &scenario.checks {
        for p in &c.predicates {
            if let Predicate::Ran {
                pattern,
                negated: false,
                span,
            } = p
            {
                check(
                    format!("check {:?}", c.name),
                    pattern,
                    *span,
                    &format!("{pattern:?}"),
                );
            }
        }
    }
}

fn allowed_words(scenario: &Scenario) -> Vec<String> {
    let config = ShellConfig {
        tools: scenario.tools.clone(),
    };
    let mut words = shell::command_names(&config);
    if scenario.tools.iter().any(|t| t == "docker") {
        for command in crate::docker::cmd::TABLE {
            words.extend(command.path.split(' ').map(str::to_owned));
        }
    }
    for c in &scenario.world.containers {
        words.push(c.name.clone());
    }
    for i in &scenario.world.images {
        for r in &i.references {
            words.push(r.clone());
            if let Some((repo, _)) = r.rsplit_once(':') {
                words.push(repo.to_owned());
            }
        }
    }
    words
}
