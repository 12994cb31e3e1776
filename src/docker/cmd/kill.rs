//! `docker kill`: SIGKILL unless `-s` says otherwise; prints each argument.

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};
use crate::engine::{EngineError, Signal};

pub const FLAGS: &[Flag] = &[Flag::string("signal", Some('s'))];

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let signal = p.string("signal").filter(|s| !s.is_empty());
    let mut errors = Vec::new();
    for name in &p.args {
        let result = signal
            .map(Signal::parse)
            .transpose()
            .map_err(EngineError::Other)
            .and_then(|sig| {
                let idx = inv.world.container_index(name)?;
                inv.world
                    .kill_container(idx, name, sig.unwrap_or(Signal::KILL))
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
