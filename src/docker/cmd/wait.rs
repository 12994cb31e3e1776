//! `docker wait`: blocks until each container is not running, then prints
//! its exit code. The simulator moves the clock to the container's next
//! exit when one is declared (a one-shot job, a crash); a container that
//! would never exit by itself leaves `wait` blocked for good, which the
//! simulator ends at once as if the user pressed Ctrl-C (no output,
//! exit 130), like a foreground `run` of a server.

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};

pub const FLAGS: &[Flag] = &[];

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let mut errors = Vec::new();
    for name in &p.args {
        let idx = match inv.world.container_index(name) {
            Ok(i) => i,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let c = &inv.world.containers[idx];
        let id = c.id().to_owned();
        // `not-running`: a restarting container is Running; its next exit
        // (not its restart) ends the wait.
        if c.is_running() && !c.is_restarting() {
            let Some((at, _)) = inv.world.scheduled_exit(idx) else {
                inv.out.status = 130;
                return;
            };
            let events_before = inv.world.events.len();
            inv.world.advance_to(at);
            let code = inv.world.events[events_before.min(inv.world.events.len())..]
                .iter()
                .find(|e| e.actor == id && e.action == "die")
                .and_then(|e| e.attributes.get("exitCode"))
                .and_then(|c| c.parse::<i64>().ok())
                .unwrap_or(0);
            inv.out.println(&code.to_string());
            continue;
        }
        if c.is_restarting() {
            let Some(at) = inv.world.runtime_of(idx).restart_at else {
                inv.out.println(&c.exit_code().to_string());
                continue;
            };
            // It starts again, then waits for that run's exit.
            inv.world.advance_to(at);
            if let Ok(idx) = inv.world.container_index(&id)
                && let Some((at, _)) = inv.world.scheduled_exit(idx)
            {
                inv.world.advance_to(at);
                let code = inv
                    .world
                    .container(&id)
                    .map_or(0, crate::engine::Container::exit_code);
                inv.out.println(&code.to_string());
                continue;
            }
            inv.out.status = 130;
            return;
        }
        inv.out.println(&c.exit_code().to_string());
    }
    for e in &errors {
        inv.out.daemon_error(e);
    }
}
