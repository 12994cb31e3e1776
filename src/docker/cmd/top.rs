//! `docker top CONTAINER`: the daemon's `ps -ef` of the container's
//! processes, aligned by a tabwriter with minimum width 20.

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};
use super::super::format::tabwriter::TabWriter;
use crate::engine::EngineError;
use crate::engine::json::str_at;

pub const FLAGS: &[Flag] = &[];

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let Some(name) = p.args.first() else {
        return;
    };
    let idx = match inv.world.container_index(name) {
        Ok(i) => i,
        Err(e) => return inv.out.daemon_error(&e),
    };
    let c = &inv.world.containers[idx];
    if !c.is_running() {
        return inv.out.daemon_error(&EngineError::Other(format!(
            "container {} is not running",
            c.id()
        )));
    }
    if c.is_restarting() {
        return inv.out.daemon_error(&EngineError::Other(format!(
            "Container {} is restarting, wait until the container is running",
            c.id()
        )));
    }
    let started = c.started_at().unwrap_or(inv.world.now);
    let stime = stime(started, inv.world.now);
    let _ = str_at(&c.doc, &["Id"]);
    let mut w = TabWriter::new(20, 3);
    w.write("UID\tPID\tPPID\tC\tSTIME\tTTY\tTIME\tCMD\n");
    for proc in crate::userland::processes(inv.world, idx) {
        w.write(&format!(
            "{}\t{}\t{}\t0\t{stime}\t?\t00:00:00\t{}\n",
            proc.user, proc.host_pid, proc.host_ppid, proc.command
        ));
    }
    inv.out.print(&w.finish());
}

/// procps `STIME`: `HH:MM` when started today, else `MonDD`.
fn stime(started: crate::engine::Timestamp, now: crate::engine::Timestamp) -> String {
    let s = started.rfc3339();
    if started.unix_seconds().div_euclid(86_400) == now.unix_seconds().div_euclid(86_400) {
        return s.get(11..16).unwrap_or("00:00").to_owned();
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = s
        .get(5..7)
        .and_then(|m| m.parse::<usize>().ok())
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or("Jan");
    format!("{month}{}", s.get(8..10).unwrap_or("01"))
}
