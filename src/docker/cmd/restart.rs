//! `docker restart`: the same container again, with the image ID it was
//! created with. Prints each argument as typed.

use super::super::command::Invocation;
use super::super::flags::Parsed;
use super::stop::each_container;

pub use super::stop::FLAGS;

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    each_container(inv, p, |world, idx, name, sig, timeout| {
        world.restart_container(idx, name, sig, timeout)
    });
}
