//! `docker pull`: from the scenario's declared registry only.

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};
use super::create::render_pull;
use crate::engine::Reference;

pub const FLAGS: &[Flag] = &[
    Flag::bool("all-tags", Some('a')),
    Flag::bool("disable-content-trust", None),
    Flag::string("platform", None),
    Flag::bool("quiet", Some('q')),
];

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let Some(raw) = p.args.first() else {
        return;
    };
    let r = match Reference::parse(raw) {
        Ok(r) => r,
        Err(e) => return inv.out.fail(&e.to_string()),
    };
    let quiet = p.flag("quiet");
    let name_only = r.tag.is_none() && r.digest.is_none();
    if p.flag("all-tags") && !name_only {
        return inv.out.fail("tag can't be used with --all-tags/-a");
    }
    if name_only && !quiet {
        inv.out.println("Using default tag: latest");
    }
    match inv.world.pull(raw) {
        Ok(outcome) => {
            if !quiet {
                inv.out.print(&render_pull(&outcome));
            }
            inv.out.println(&outcome.canonical);
        }
        Err(e) => inv.out.daemon_error(&e),
    }
}
