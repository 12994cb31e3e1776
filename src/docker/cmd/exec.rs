//! `docker exec CONTAINER COMMAND [ARG...]`: runs one of the container's
//! programs (see `userland`) and exits with its status. A program that is
//! not in the image fails to start: the runtime's message comes back on
//! stdout (the daemon writes it into the stream, with `\r\n`), exit 127.
//! `-e`, `-u` and `-w` are accepted; the simulated programs do not see them.

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};
use crate::engine::EngineError;
use crate::writes::Writes;

pub const FLAGS: &[Flag] = &[
    Flag::bool("detach", Some('d')),
    Flag::string("detach-keys", None),
    Flag::list("env", Some('e')),
    Flag::list("env-file", None),
    Flag::bool("interactive", Some('i')),
    Flag::bool("privileged", None),
    Flag::bool("tty", Some('t')),
    Flag::string("user", Some('u')),
    Flag::string("workdir", Some('w')),
];

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let Some((name, argv)) = p.args.split_first() else {
        return;
    };
    let idx = match inv.world.container_index(name) {
        Ok(i) => i,
        Err(e) => return inv.out.daemon_error(&e),
    };
    let c = &inv.world.containers[idx];
    let refusal = if !c.is_running() {
        Some(format!("container {} is not running", c.id()))
    } else if c.is_paused() {
        Some(format!(
            "Container {name} is paused, unpause the container before exec"
        ))
    } else if c.is_restarting() {
        Some(format!(
            "Container {} is restarting, wait until the container is running",
            c.id()
        ))
    } else {
        None
    };
    if let Some(msg) = refusal {
        return inv.out.daemon_error(&EngineError::Other(msg));
    }
    // Each exec gets the link variables anew: a linked container that
    // stopped fails the exec (moby `setupLinkedContainers`).
    if let Err(e) = inv.world.link_env(idx) {
        return inv.out.daemon_error(&e);
    }
    let exec_id = inv.world.next_id("exec", name);
    let command = argv.join(" ");
    inv.world.record_container_event(
        idx,
        &format!("exec_create: {command}"),
        &[("execID", exec_id.clone())],
    );
    inv.world.record_container_event(
        idx,
        &format!("exec_start: {command}"),
        &[("execID", exec_id.clone())],
    );
    let (writes, status) = match crate::userland::start(inv.world, idx, argv) {
        Ok(out) => (out.writes, out.status),
        Err(msg) => (Writes::from_stdout(format!("{msg}\r\n")), 127),
    };
    inv.world.record_container_event(
        idx,
        "exec_die",
        &[("execID", exec_id), ("exitCode", status.to_string())],
    );
    if p.flag("detach") {
        return;
    }
    if p.flag("tty") {
        // One stream, with the terminal's line endings.
        inv.out.print(
            &writes
                .terminal()
                .replace('\n', "\r\n")
                .replace("\r\r\n", "\r\n"),
        );
    } else {
        // The CLI demultiplexes the frames as they come, so each write
        // reaches its stream in the order the process made it.
        inv.out.writes.append(&writes);
    }
    inv.out.status = status;
}
