//! `docker tag SOURCE TARGET`: moves TARGET onto SOURCE's image; prints
//! nothing.

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};
use crate::engine::Reference;

pub const FLAGS: &[Flag] = &[];

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let (Some(source), Some(target)) = (p.args.first(), p.args.get(1)) else {
        return;
    };
    // The API client validates both references before calling the daemon.
    for r in [source, target] {
        if let Err(e) = Reference::parse(r) {
            return inv.out.fail(&format!(
                "Error parsing reference: \"{r}\" is not a valid repository/tag: {e}"
            ));
        }
    }
    if Reference::parse(target).is_ok_and(|r| r.digest.is_some()) {
        return inv
            .out
            .fail("refusing to create a tag with a digest reference");
    }
    if let Err(e) = inv.world.tag_image(source, target) {
        inv.out.daemon_error(&e);
    }
}
