//! `docker stop`: prints each argument as typed; errors are joined (exit 1).

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};
use crate::engine::{EngineError, Signal, World};

pub const FLAGS: &[Flag] = &[
    Flag::string("signal", Some('s')),
    Flag::int("time", None),
    Flag::int("timeout", Some('t')),
];

/// `-s` and `-t`/`--time` as stop and restart read them; `Err` is the
/// client's message.
fn stop_options(p: &Parsed) -> Result<(Option<String>, Option<i64>), String> {
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

/// What stop or restart does to one container: its index, the name as
/// typed, the signal and the timeout.
pub type Action =
    fn(&mut World, usize, &str, Option<Signal>, Option<i64>) -> Result<(), EngineError>;

/// The body `runStop` and `runRestart` share: `act` on each container in
/// turn, its name printed as typed when it succeeds, the errors collected
/// and printed at the end. A bad `--signal` fails each container, as the
/// daemon refuses each request.
pub fn each_container(inv: &mut Invocation<'_>, p: &Parsed, act: Action) {
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
                act(inv.world, idx, name, sig, timeout)
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

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    each_container(inv, p, |world, idx, _name, sig, timeout| {
        world.stop_container(idx, sig, timeout)
    });
}
