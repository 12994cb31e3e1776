//! The command table and cobra's dispatch and error conventions.

use super::cmd;
use super::flags::{self, Flag, FlagError, Parsed};
use crate::engine::{EngineError, World};
use crate::writes::{Stream, Writes};

/// What a docker invocation printed, in the order it printed it, and its
/// exit status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub writes: Writes,
    pub status: i32,
}

impl Output {
    pub fn print(&mut self, s: &str) {
        self.writes.write(Stream::Stdout, s);
    }

    /// `print`, taking the text (a listing built in its own buffer is
    /// handed over, not copied).
    pub fn print_string(&mut self, s: String) {
        self.writes.write_string(Stream::Stdout, s);
    }

    pub fn println(&mut self, s: &str) {
        self.writes.write(Stream::Stdout, s);
        self.writes.write(Stream::Stdout, "\n");
    }

    /// Writes to stderr as is.
    pub fn eprint(&mut self, s: &str) {
        self.writes.write(Stream::Stderr, s);
    }

    pub fn eprintln(&mut self, s: &str) {
        self.writes.write(Stream::Stderr, s);
        self.writes.write(Stream::Stderr, "\n");
    }

    /// All that was printed on stdout.
    pub fn stdout(&self) -> &str {
        self.writes.stdout()
    }

    /// All that was printed on stderr.
    pub fn stderr(&self) -> &str {
        self.writes.stderr()
    }

    /// A daemon error as the CLI reports it: `Error response from daemon: ...`, exit 1.
    pub fn daemon_error(&mut self, e: &EngineError) {
        self.eprintln(&format!("Error response from daemon: {e}"));
        self.status = 1;
    }

    /// A client-side error returned from a command's RunE: printed as is, exit 1.
    pub fn fail(&mut self, msg: &str) {
        self.eprintln(msg);
        self.status = 1;
    }
}

/// How many positional arguments a command takes (docker's `cli/required.go`).
#[derive(Clone, Copy, Debug)]
pub enum ArgsRule {
    Any,
    None,
    AtLeast(usize),
    Exactly(usize),
    AtMost(usize),
    Range(usize, usize),
}

/// One docker subcommand.
pub struct Command {
    /// Words after `docker`, e.g. `ps` or `container ls`.
    pub path: &'static str,
    /// cobra's `UseLine`, e.g. `docker ps [OPTIONS]`.
    pub usage: &'static str,
    /// cobra's `Short`, printed under usage in argument errors.
    pub short: &'static str,
    pub flags: &'static [Flag],
    /// false for commands whose first positional argument ends their flags
    /// (`run IMAGE [COMMAND] [ARG...]`).
    pub interspersed: bool,
    pub args: ArgsRule,
    pub run: fn(&mut Invocation<'_>, &Parsed),
}

/// A command being run: the world it acts on and what it has printed.
pub struct Invocation<'a> {
    pub world: &'a mut World,
    pub out: Output,
    /// The command as the user typed it, for usage messages (`docker ps`).
    pub command_path: String,
    pub usage: &'static str,
    /// What was piped to docker (prompts read their answer from it).
    pub stdin: String,
}

/// Management commands (`docker container ...`) and the top-level commands.
const GROUPS: &[&str] = &[
    "container",
    "image",
    "network",
    "volume",
    "system",
    "compose",
];

/// Runs `docker ARGS...` against `world`.
pub fn run(world: &mut World, args: &[String]) -> Output {
    run_with_stdin(world, args, "")
}

/// Runs `docker ARGS...` with `stdin` piped in.
pub fn run_with_stdin(world: &mut World, args: &[String], stdin: &str) -> Output {
    let mut out = Output::default();
    let Some(first) = args.first() else {
        out.print(cmd::help::TOP_LEVEL);
        return out;
    };
    if first == "--version" || first == "-v" {
        out.println("Docker version 28.2.2, build e6534b4");
        return out;
    }
    if first.starts_with('-') && first != "--help" && first != "-h" {
        let flag = first.trim_start_matches('-');
        let flag = flag.split('=').next().unwrap_or(flag);
        let msg = if first.starts_with("---") || first.starts_with("--=") {
            format!("bad flag syntax: {first}")
        } else if first.starts_with("--") {
            format!("unknown flag: --{flag}")
        } else {
            format!(
                "unknown shorthand flag: '{}' in {first}",
                flag.chars().next().unwrap_or('-')
            )
        };
        out.eprintln(&format!(
            "{msg}\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\nRun 'docker --help' for more information"
        ));
        out.status = 125;
        return out;
    }
    if first == "compose" {
        // The compose plugin parses its own flags and subcommands.
        return cmd::compose::run(world, &args[1..]);
    }
    let (path, rest): (String, &[String]) = if GROUPS.contains(&first.as_str()) {
        match args.get(1) {
            Some(sub) if !sub.starts_with('-') => (format!("{first} {sub}"), &args[2..]),
            _ => {
                out.print(&cmd::help::group(first));
                return out;
            }
        }
    } else {
        (first.clone(), &args[1..])
    };
    let Some(command) = cmd::TABLE.iter().find(|c| c.path == path) else {
        if GROUPS.contains(&first.as_str()) {
            // cobra reports it against the management command, whose UseLine is
            // just its path (`docker container`).
            out.eprintln(&format!(
                "docker: unknown command: docker {path}\n\nUsage:  docker {first}\n\nRun 'docker {first} --help' for more information"
            ));
        } else {
            out.eprintln(&format!(
                "docker: unknown command: docker {first}\n\nRun 'docker --help' for more information"
            ));
        }
        out.status = 1;
        return out;
    };
    let command_path = canonical_path(command.usage);
    let mut inv = Invocation {
        world,
        out,
        command_path,
        usage: command.usage,
        stdin: stdin.to_owned(),
    };
    // cobra adds the persistent `-h/--help` flag to every command.
    let mut with_help: Vec<Flag> = command.flags.to_vec();
    with_help.push(Flag::bool("help", Some('h')));
    let parsed = match flags::parse(rest, &with_help, command.interspersed) {
        Ok(p) => p,
        Err(e) => {
            inv.flag_error(&e);
            return inv.out;
        }
    };
    if parsed.flag("help") {
        if rest.iter().any(|a| is_help_shorthand(a)) {
            // docker marks `-h` deprecated; pflag announces it on stdout.
            inv.out
                .println("Flag shorthand -h has been deprecated, use --help");
        }
        inv.out
            .print(&cmd::help::for_command(command, &inv.command_path));
        return inv.out;
    }
    if let Some(msg) = check_args(command, &inv.command_path, parsed.args.len()) {
        inv.out.eprintln(&msg);
        inv.out.status = 1;
        return inv.out;
    }
    (command.run)(&mut inv, &parsed);
    inv.out
}

impl Invocation<'_> {
    /// cobra's flag error, as docker's `FlagErrorFunc` wraps it (exit 125).
    pub fn flag_error(&mut self, e: &FlagError) {
        self.out.eprintln(&format!(
            "{e}\n\nUsage:  {}\n\nRun '{} --help' for more information",
            self.usage, self.command_path
        ));
        self.out.status = 125;
    }
}

/// cobra's `CommandPath`: built from each command's name (the first word of
/// its `Use`), never from the alias typed, so `docker container list --x`
/// points at `docker container ls --help`. The usage line starts with it.
fn canonical_path(usage: &str) -> String {
    usage
        .split(' ')
        .take_while(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `arg` sets `-h` as a shorthand (alone or combined, like `-sh`).
fn is_help_shorthand(arg: &str) -> bool {
    arg.len() > 1
        && arg.starts_with('-')
        && !arg.starts_with("--")
        && arg[1..].split('=').next().is_some_and(|s| s.contains('h'))
}

/// The positional-argument checks of docker's `cli/required.go`, with their
/// texts (including the `SRun` typo of `RequiresMaxArgs`).
fn check_args(command: &Command, path: &str, n: usize) -> Option<String> {
    let plural = |k: usize| if k == 1 { "argument" } else { "arguments" };
    let usage = command.usage;
    let (what, hint) = match command.args {
        ArgsRule::Any => return None,
        ArgsRule::None if n == 0 => return None,
        ArgsRule::None => ("accepts no arguments".to_owned(), "Run"),
        ArgsRule::AtLeast(k) if n >= k => return None,
        ArgsRule::AtLeast(k) => (format!("requires at least {k} {}", plural(k)), "See"),
        ArgsRule::Exactly(k) if n == k => return None,
        ArgsRule::Exactly(k) => (format!("requires {k} {}", plural(k)), "Run"),
        ArgsRule::AtMost(k) if n <= k => return None,
        ArgsRule::AtMost(k) => (format!("requires at most {k} {}", plural(k)), "SRun"),
        ArgsRule::Range(lo, hi) if (lo..=hi).contains(&n) => return None,
        ArgsRule::Range(lo, hi) => (
            format!("requires at least {lo} and at most {hi} {}", plural(hi)),
            "Run",
        ),
    };
    Some(format!(
        "docker: '{path}' {what}\n\nUsage:  {usage}\n\n{hint} '{path} --help' for more information"
    ))
}

impl Invocation<'_> {
    /// cli's `prompt.Confirm`: prints `MESSAGE [y/N] ` and reads one line
    /// of stdin; only `y`/`Y` confirms. A refusal is a cancelled command:
    /// nothing more is printed and the exit status is 1.
    pub fn confirm(&mut self, message: &str) -> bool {
        self.out.print(&format!("{message} [y/N] "));
        let answer = self.stdin.lines().next().unwrap_or("").trim();
        if answer.eq_ignore_ascii_case("y") {
            true
        } else {
            self.out.status = 1;
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Timestamp;

    fn docker(line: &str) -> Output {
        let mut world = World::empty(Timestamp::default(), "t");
        let args: Vec<String> = line.split(' ').map(str::to_owned).collect();
        run(&mut world, &args)
    }

    #[test]
    fn an_alias_reports_usage_errors_under_the_command_name() {
        let out = docker("container list --bogus");
        assert_eq!(out.status, 125);
        assert_eq!(
            out.stderr(),
            "unknown flag: --bogus\n\nUsage:  docker container ls [OPTIONS]\n\nRun 'docker container ls --help' for more information\n"
        );
        let out = docker("container ps -a -q extra");
        assert!(
            out.stderr()
                .starts_with("docker: 'docker container ls' accepts no arguments"),
            "{}",
            out.stderr()
        );
    }

    #[test]
    fn an_alias_prints_the_help_of_its_command() {
        assert_eq!(
            docker("container list --help").stdout(),
            docker("container ls --help").stdout()
        );
        assert!(
            docker("image list --help")
                .stdout()
                .starts_with("Usage:  docker image ls [OPTIONS] [REPOSITORY[:TAG]]\n")
        );
    }
}
