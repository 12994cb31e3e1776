//! The commands the shell implements itself, one file per command.
//!
//! Each takes its arguments (without the name), its stdin, and the runtime
//! (for `xargs`, which runs other commands, and `sleep`, which asks the
//! host to advance the simulated clock), and returns what it printed.

mod awk;
mod cat;
mod cut;
mod echo;
mod exit_status;
mod getopt;
mod grep;
mod head;
mod regex;
mod sleep;
mod sort;
mod tail;
mod text;
mod tr;
mod uniq;
mod wc;
mod xargs;

use super::CommandOutput;

/// What a built-in command may ask of the shell around it.
pub(crate) trait Runtime {
    /// Runs a command by name exactly as the shell would (built-in, host
    /// tool, or `command not found`).
    fn dispatch(&mut self, argv: &[String], stdin: &str) -> CommandOutput;
    /// Hands a command straight to the host.
    fn host_run(&mut self, argv: &[String], stdin: &str) -> CommandOutput;
    /// Whether `dispatch` would find a command by this name.
    fn knows(&self, name: &str) -> bool;
}

pub(crate) type Builtin = fn(&[String], &str, &mut dyn Runtime) -> CommandOutput;

/// Sorted by name, so `lookup` can binary-search it.
const COMMANDS: &[(&str, Builtin)] = &[
    ("awk", awk::run),
    ("cat", cat::run),
    ("cut", cut::run),
    ("echo", echo::run),
    ("false", exit_status::run_false),
    ("grep", grep::run),
    ("head", head::run),
    ("sleep", sleep::run),
    ("sort", sort::run),
    ("tail", tail::run),
    ("tr", tr::run),
    ("true", exit_status::run_true),
    ("uniq", uniq::run),
    ("wc", wc::run),
    ("xargs", xargs::run),
];

pub(crate) fn lookup(name: &str) -> Option<Builtin> {
    COMMANDS
        .binary_search_by(|(candidate, _)| candidate.cmp(&name))
        .ok()
        .and_then(|index| COMMANDS.get(index))
        .map(|(_, builtin)| *builtin)
}

/// The names of all built-in commands, sorted.
pub(crate) fn names() -> impl Iterator<Item = &'static str> {
    COMMANDS.iter().map(|(name, _)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_table_is_sorted_and_unique() {
        let names: Vec<_> = names().collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
    }

    #[test]
    fn lookup_finds_every_command_and_nothing_else() {
        for name in names() {
            assert!(lookup(name).is_some(), "{name}");
        }
        assert!(lookup("docker").is_none());
        assert!(lookup("").is_none());
    }
}
