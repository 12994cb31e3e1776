//! The programs inside a simulated container, for `docker exec` and
//! healthcheck probes: a small busybox-like set (`sh -c`, `cat`, `env`,
//! `printenv`, `ls`, `ps`, `hostname`, `echo`, `wget`, `true`, `false`,
//! `pwd`, `id`, `whoami`, `sleep`) plus `curl` when the image has it.
//! What exists is the image's declared `binaries` (default: the busybox
//! set, without `bash` or `curl`), as in an Alpine image.

mod files;
mod procs;
mod sh;
mod wget;

pub use procs::{Process, processes};

use crate::engine::World;
use crate::engine::json::str_at;
use crate::writes::{Stream, Writes};

/// What an exec'd process printed, in the order it printed it, and its
/// exit status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExecOutput {
    pub writes: Writes,
    pub status: i32,
}

impl ExecOutput {
    fn ok(stdout: String) -> ExecOutput {
        ExecOutput {
            writes: Writes::from_stdout(stdout),
            status: 0,
        }
    }

    fn err(stderr: String, status: i32) -> ExecOutput {
        ExecOutput {
            writes: Writes::from_stderr(stderr),
            status,
        }
    }

    pub fn stdout(&self) -> &str {
        self.writes.stdout()
    }

    pub fn stderr(&self) -> &str {
        self.writes.stderr()
    }

    fn print(&mut self, text: &str) {
        self.writes.write(Stream::Stdout, text);
    }

    fn eprint(&mut self, text: &str) {
        self.writes.write(Stream::Stderr, text);
    }
}

/// The executables an image without a `binaries` declaration has.
pub const BUSYBOX: &[&str] = &[
    "sh", "cat", "env", "printenv", "ls", "ps", "hostname", "echo", "wget", "true", "false", "pwd",
    "id", "whoami", "sleep",
];

/// Programs the simulator can run when present.
const KNOWN: &[&str] = &[
    "sh", "bash", "cat", "env", "printenv", "ls", "ps", "hostname", "echo", "wget", "curl", "true",
    "false", "pwd", "id", "whoami", "sleep",
];

/// Whether container `idx` has `program` (a name or a path) on its PATH.
pub fn has_binary(world: &World, idx: usize, program: &str) -> bool {
    let name = program.rsplit('/').next().unwrap_or(program);
    let behavior = world.behavior(idx);
    match &behavior.binaries {
        Some(list) => list.iter().any(|b| b == name),
        None => BUSYBOX.contains(&name),
    }
}

/// The runtime's error for a program that is not there, as `docker exec`
/// prints it (exit 127).
pub fn not_found_message(program: &str) -> String {
    let what = if program.contains('/') {
        format!("exec: \"{program}\": stat {program}: no such file or directory")
    } else {
        format!("exec: \"{program}\": executable file not found in $PATH")
    };
    format!(
        "OCI runtime exec failed: exec failed: unable to start container process: {what}: unknown"
    )
}

/// Starts `argv` in container `idx`. `Err` is the runtime's refusal to
/// start it (the program does not exist).
pub fn start(world: &World, idx: usize, argv: &[String]) -> Result<ExecOutput, String> {
    let Some(program) = argv.first() else {
        return Err("No exec command specified".to_owned());
    };
    if !has_binary(world, idx, program) {
        return Err(not_found_message(program));
    }
    Ok(run_program(world, idx, argv))
}

/// Runs `argv` for a probe: a refusal becomes exit -1 with the message.
pub fn exec(world: &World, idx: usize, argv: &[String]) -> ExecOutput {
    start(world, idx, argv).unwrap_or_else(|msg| ExecOutput::err(msg, -1))
}

/// Runs a program known to exist.
fn run_program(world: &World, idx: usize, argv: &[String]) -> ExecOutput {
    let Some(c) = world.containers.get(idx) else {
        return ExecOutput::err(String::new(), 1);
    };
    let program = argv[0].rsplit('/').next().unwrap_or(&argv[0]);
    let args = &argv[1..];
    if !KNOWN.contains(&program) {
        // A declared binary the simulator cannot run: it does nothing.
        return ExecOutput::ok(String::new());
    }
    match program {
        "sh" | "bash" => sh::run(world, idx, program, args),
        "cat" => files::cat(world, idx, args),
        "ls" => files::ls(world, idx, args),
        "env" => ExecOutput::ok(environment(world, idx).join("\n") + "\n"),
        "printenv" => {
            let env = environment(world, idx);
            if args.is_empty() {
                return ExecOutput::ok(env.join("\n") + "\n");
            }
            let mut out = String::new();
            let mut status = 0;
            for name in args {
                match env.iter().find_map(|e| e.strip_prefix(&format!("{name}="))) {
                    Some(v) => {
                        out.push_str(v);
                        out.push('\n');
                    }
                    None => status = 1,
                }
            }
            ExecOutput {
                writes: Writes::from_stdout(out),
                status,
            }
        }
        "ps" => ExecOutput::ok(procs::busybox_ps(world, idx)),
        "hostname" => ExecOutput::ok(format!("{}\n", str_at(&c.doc, &["Config", "Hostname"]))),
        "echo" => ExecOutput::ok(format!("{}\n", args.join(" "))),
        "true" | "sleep" => ExecOutput::ok(String::new()),
        "false" => ExecOutput::err(String::new(), 1),
        "pwd" => {
            let wd = str_at(&c.doc, &["Config", "WorkingDir"]);
            ExecOutput::ok(format!("{}\n", if wd.is_empty() { "/" } else { wd }))
        }
        "whoami" => ExecOutput::ok(format!("{}\n", user(world, idx))),
        "id" => {
            let u = user(world, idx);
            let line = if u == "root" {
                "uid=0(root) gid=0(root) groups=0(root)".to_owned()
            } else {
                format!("uid=1000({u}) gid=1000({u}) groups=1000({u})")
            };
            ExecOutput::ok(line + "\n")
        }
        "wget" => wget::run(world, idx, args),
        "curl" => {
            let (writes, status) = crate::curl::run_in_order(world, Some(idx), args);
            ExecOutput { writes, status }
        }
        _ => ExecOutput::ok(String::new()),
    }
}

fn user(world: &World, idx: usize) -> String {
    let u = world
        .containers
        .get(idx)
        .map_or("", |c| str_at(&c.doc, &["Config", "User"]));
    if u.is_empty() {
        "root".to_owned()
    } else {
        u.split(':').next().unwrap_or(u).to_owned()
    }
}

/// The process environment: PATH and HOSTNAME first (the daemon's), the
/// legacy links' variables, the container's variables (replacing a link
/// variable of the same name), then HOME (runc's) unless set.
pub fn environment(world: &World, idx: usize) -> Vec<String> {
    let Some(c) = world.containers.get(idx) else {
        return Vec::new();
    };
    let env = c.env();
    let path = env
        .iter()
        .find(|e| e.starts_with("PATH="))
        .cloned()
        .unwrap_or_else(|| {
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_owned()
        });
    let mut out = vec![
        path,
        format!("HOSTNAME={}", str_at(&c.doc, &["Config", "Hostname"])),
    ];
    out.extend(world.link_env(idx).unwrap_or_default());
    for e in env.into_iter().filter(|e| !e.starts_with("PATH=")) {
        let key = e.split('=').next().unwrap_or(&e);
        match out
            .iter_mut()
            .skip(2)
            .find(|o| o.split('=').next() == Some(key))
        {
            Some(slot) => *slot = e,
            None => out.push(e),
        }
    }
    if !out.iter().any(|e| e.starts_with("HOME=")) {
        let home = if user(world, idx) == "root" {
            "/root".to_owned()
        } else {
            "/".to_owned()
        };
        out.push(format!("HOME={home}"));
    }
    out
}
