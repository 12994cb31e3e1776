//! `docker volume rm`: prints each removed volume as typed; errors are
//! joined on stderr (exit 1). A volume in use is never removed, even
//! with `-f`.

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};

pub const FLAGS: &[Flag] = &[Flag::bool("force", Some('f'))];

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let force = p.flag("force");
    let mut errors = Vec::new();
    for name in &p.args {
        match inv.world.remove_volume(name, force) {
            Ok(()) => inv.out.println(name),
            Err(e) => errors.push(e),
        }
    }
    for e in &errors {
        inv.out.daemon_error(e);
    }
}
