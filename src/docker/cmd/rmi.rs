//! `docker rmi` / `docker image rm`: `Untagged:` and `Deleted:` lines. With
//! `-f`, images that do not exist are reported on stderr without failing.

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};
use crate::engine::{EngineError, RemovedImage};

pub const FLAGS: &[Flag] = &[
    Flag::bool("force", Some('f')),
    Flag::bool("no-prune", None),
    Flag::list("platform", None),
];

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let force = p.flag("force");
    let mut errors = Vec::new();
    let mut fatal = false;
    for name in &p.args {
        match inv.world.remove_image(name, force) {
            Ok(records) => {
                for r in records {
                    match r {
                        RemovedImage::Untagged(t) => inv.out.println(&format!("Untagged: {t}")),
                        RemovedImage::Deleted(id) => inv.out.println(&format!("Deleted: {id}")),
                    }
                }
            }
            Err(e) => {
                fatal |= !matches!(e, EngineError::NoSuchImage(_));
                errors.push(e);
            }
        }
    }
    if errors.is_empty() {
        return;
    }
    for e in &errors {
        inv.out
            .eprintln(&format!("Error response from daemon: {e}"));
    }
    if !force || fatal {
        inv.out.status = 1;
    }
}
