//! `docker stop`: prints each argument as typed; errors are joined (exit 1).

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};
use crate::engine::{EngineError, Signal};

pub const FLAGS: &[Flag] = &[
    Flag::string("signal", Some('s')),
    Flag::int("time", None),
    Flag::int("timeout", Some('t')),
];

/// `-s` and `-t`/`--time` as stop and restart read them; `Err` is the
/// client's message.
pub fn stop_options(p: &Parsed) -> Result<(Option<String>, Option<i64>), String> {
    if p.is_set("time") && p.is_set("timeout") {
        return Err("conflicting options: cannot specify both --timeout and --time".to_owned());
    }
    let timeout = p.int("timeout").or_else(|| p.int("time"));
    let signal = p
        .string("signal")
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    Ok((signal, timeout))
}

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
                inv.world.stop_container(idx, sig, timeout)
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
