//! `docker start`: each container started prints its argument as typed;
//! failures print at once and end in `Error: failed to start containers: ...`.

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};

pub const FLAGS: &[Flag] = &[
    Flag::bool("attach", Some('a')),
    Flag::string("detach-keys", None),
    Flag::bool("interactive", Some('i')),
];

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let mut failed = Vec::new();
    for name in &p.args {
        let now = inv.world.now;
        let result = inv
            .world
            .container_index(name)
            .and_then(|idx| inv.world.start_container(idx, now));
        match result {
            Ok(()) => inv.out.println(name),
            Err(e) => {
                inv.out
                    .eprintln(&format!("Error response from daemon: {e}"));
                failed.push(name.clone());
            }
        }
    }
    if !failed.is_empty() {
        inv.out.fail(&format!(
            "Error: failed to start containers: {}",
            failed.join(", ")
        ));
    }
}
