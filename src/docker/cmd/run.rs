//! `docker run`: create, start, and print the ID (`-d`) or attach.
//!
//! A foreground run attaches to the container. For a long-running server
//! the real command never returns: the terminal stays attached until the
//! user presses Ctrl-C, which the CLI's signal proxy forwards as SIGINT.
//! The simulator models exactly that: the container is created and started
//! (its name and ports are taken), then interrupted at once; it exits 130
//! (128 + SIGINT) and so does `docker run`. A container whose image declares
//! no server (no HTTP routes, no exposed ports) is taken to finish at once:
//! `echo ARGS` prints its arguments, `false` exits 1, anything else exits 0
//! without output. `--rm` removes the container afterwards.

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};
use super::create::{CreateError, container_flags, create, parse_spec, with_help};
use crate::engine::json::{at, str_at};

/// `run`'s flags: the container flags (see `create::container_flags`) plus
/// `-d` and the attach options.
pub const RUN_FLAGS: &[Flag] = container_flags!(
    Flag::bool("detach", Some('d')),
    Flag::string("detach-keys", None),
    Flag::bool("sig-proxy", None),
);

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let detach = p.flag("detach");
    if !super::create::check_mount_flags(inv, p) {
        return;
    }
    let spec = match parse_spec(inv, p, detach) {
        Ok(s) => s,
        Err(msg) => return with_help(&mut inv.out, &msg, "run"),
    };
    let id = match create(inv, p, spec, false) {
        Ok(id) => id,
        Err(e) => {
            let msg = match e {
                CreateError::Daemon(_) => e.message(),
                CreateError::Client(m) => m,
            };
            return with_help(&mut inv.out, &msg, "run");
        }
    };
    let Ok(idx) = inv.world.container_index(&id) else {
        return;
    };
    let now = inv.world.now;
    if let Err(e) = inv.world.start_container(idx, now) {
        return with_help(
            &mut inv.out,
            &format!("Error response from daemon: {e}"),
            "run",
        );
    }
    if detach {
        inv.out.println(&id);
        return;
    }
    if let Some((exit_at, _)) = inv.world.scheduled_exit(idx) {
        return attach_until_exit(inv, idx, exit_at);
    }
    let c = &inv.world.containers[idx];
    let image_id = c.image_id().to_owned();
    let server =
        inv.world.apps.contains_key(&image_id) || at(&c.doc, &["Config", "ExposedPorts"]).is_some();
    let (code, printed) = if server {
        (130, String::new())
    } else {
        match str_at(&c.doc, &["Path"]) {
            "echo" => {
                let args: Vec<String> = c.command().into_iter().skip(1).collect();
                (0, format!("{}\n", args.join(" ")))
            }
            "false" => (1, String::new()),
            _ => (0, String::new()),
        }
    };
    inv.out.print(&printed);
    let _ = inv.world.finish_foreground(idx, code);
    inv.out.status = code as i32;
}

/// A process declared to exit by itself: the CLI stays attached (the
/// clock moves to the exit), prints what it wrote, and exits with its code
/// (137 when the OOM killer took it, before its last words).
fn attach_until_exit(inv: &mut Invocation<'_>, idx: usize, exit_at: crate::engine::Timestamp) {
    let id = inv.world.containers[idx].id().to_owned();
    let from = inv.world.events.len();
    let behavior = inv.world.behavior(idx);
    inv.world.advance_to(exit_at);
    let code = inv.world.events[from.min(inv.world.events.len())..]
        .iter()
        .find(|e| e.actor == id && e.action == "die")
        .and_then(|e| e.attributes.get("exitCode"))
        .and_then(|c| c.parse::<i64>().ok())
        .unwrap_or(0);
    let mut lines = behavior.startup_logs;
    if let Some(exit) = behavior.exit.filter(|_| code != 137) {
        lines.extend(exit.logs);
    }
    for (stream, line) in lines {
        match stream {
            crate::engine::Stream::Stdout => inv.out.println(&line),
            crate::engine::Stream::Stderr => inv.out.eprintln(&line),
        }
    }
    inv.out.status = i32::try_from(code).unwrap_or(1);
}
