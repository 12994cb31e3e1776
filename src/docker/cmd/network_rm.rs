//! `docker network rm`: prints each removed network as typed; failures go
//! to stderr and make the exit status 1. `-f` ignores missing networks.

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};

pub const FLAGS: &[Flag] = &[Flag::bool("force", Some('f'))];

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let force = p.flag("force");
    for name in &p.args {
        match inv.world.remove_network(name) {
            Ok(()) => inv.out.println(name),
            Err(e) if force && e.to_string() == format!("network {name} not found") => {}
            Err(e) => {
                inv.out
                    .eprintln(&format!("Error response from daemon: {e}"));
                inv.out.status = 1;
            }
        }
    }
}
