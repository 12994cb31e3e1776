//! `docker rm`: prints each removed argument as typed (with `-l`, each
//! removed link `/parent/alias`). With `-f`, a missing container is
//! reported on stderr but is not a failure (cli `runRm`).

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};
use crate::engine::EngineError;

pub const FLAGS: &[Flag] = &[
    Flag::bool("force", Some('f')),
    Flag::bool("link", Some('l')),
    Flag::bool("volumes", Some('v')),
];

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let force = p.flag("force");
    let mut errors = Vec::new();
    for name in &p.args {
        if p.flag("link") {
            // `-l` removes the link `/parent/alias`, never a container.
            match inv.world.remove_link(name) {
                Ok(()) => inv.out.println(name),
                Err(e) => errors.push(e),
            }
            continue;
        }
        // `-v` also removes the container's anonymous volumes; named
        // volumes always survive.
        let anonymous = match (p.flag("volumes"), inv.world.container_index(name)) {
            (true, Ok(idx)) => inv.world.anonymous_volumes_of(idx),
            _ => Vec::new(),
        };
        match inv.world.remove_container(name, force) {
            Ok(()) => {
                for v in anonymous {
                    let _ = inv.world.remove_volume(&v, true);
                }
                inv.out.println(name);
            }
            Err(e @ EngineError::NoSuchContainer(_)) if force => {
                inv.out
                    .eprintln(&format!("Error response from daemon: {e}"));
            }
            Err(e) => errors.push(e),
        }
    }
    for e in &errors {
        inv.out.daemon_error(e);
    }
}
