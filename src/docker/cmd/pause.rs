//! `docker pause` / `docker unpause`: each argument printed on success;
//! errors joined after (exit 1).

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};

pub const FLAGS: &[Flag] = &[];

pub fn run_pause(inv: &mut Invocation<'_>, p: &Parsed) {
    each(inv, p, true);
}

pub fn run_unpause(inv: &mut Invocation<'_>, p: &Parsed) {
    each(inv, p, false);
}

fn each(inv: &mut Invocation<'_>, p: &Parsed, pause: bool) {
    let mut errors = Vec::new();
    for name in &p.args {
        let result = inv.world.container_index(name).and_then(|idx| {
            if pause {
                inv.world.pause_container(idx)
            } else {
                inv.world.unpause_container(idx)
            }
        });
        match result {
            Ok(()) => inv.out.println(name),
            Err(e) => errors.push(e),
        }
    }
    for e in &errors {
        inv.out.daemon_error(e);
    }
}
