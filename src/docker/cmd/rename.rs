//! `docker rename CONTAINER NEW_NAME`: silent on success; a failure prints
//! the daemon's error, then `Error: failed to rename container named X`.

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};

pub const FLAGS: &[Flag] = &[];

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let (Some(old), Some(new)) = (p.args.first(), p.args.get(1)) else {
        return;
    };
    let (old, new) = (old.trim(), new.trim());
    if old.is_empty() || new.is_empty() {
        return inv
            .out
            .fail("Error: Neither old nor new names may be empty");
    }
    let result = inv
        .world
        .container_index(old)
        .and_then(|idx| inv.world.rename_container(idx, new));
    if let Err(e) = result {
        inv.out.daemon_error(&e);
        inv.out
            .fail(&format!("Error: failed to rename container named {old}"));
    }
}
