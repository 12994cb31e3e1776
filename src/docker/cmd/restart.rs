//! `docker restart`: the same container again, with the image ID it was
//! created with. Prints each argument as typed.

use super::super::command::Invocation;
use super::super::flags::Parsed;
use super::stop::stop_options;
use crate::engine::{EngineError, Signal};

pub use super::stop::FLAGS;

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let (signal, timeout) = match stop_options(p) {
        Ok(o) => o,
        Err(msg) => return inv.out.fail(&msg),
    };
    let mut errors = Vec::new();
    for name in &p.args {
        let result = signal
            .as_deref()
            .map(Signal::parse)
            .transpose()
            .map_err(EngineError::Other)
            .and_then(|sig| {
                let idx = inv.world.container_index(name)?;
                inv.world.restart_container(idx, name, sig, timeout)
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
