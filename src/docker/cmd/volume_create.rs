//! `docker volume create [VOLUME]`: prints the volume's name (a new
//! random-looking one when none is given). An existing name is no error.

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};
use crate::engine::VolumeOrigin;

pub const FLAGS: &[Flag] = &[
    Flag::string("driver", Some('d')),
    Flag::list("label", None),
    Flag::string("name", None),
    Flag::list("opt", Some('o')),
];

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let name = match (p.args.first(), p.string("name")) {
        (Some(a), Some(n)) if a != n => {
            return inv.out.fail(
                "conflicting options: cannot specify a volume-name through both --name and as a positional arg",
            );
        }
        (Some(a), _) => Some(a.clone()),
        (None, n) => n.map(str::to_owned),
    };
    let driver = p.string("driver").unwrap_or("local");
    if driver != "local" {
        return inv.out.fail(&format!(
            "Error response from daemon: create {}: error looking up volume plugin {driver}: plugin \"{driver}\" not found",
            name.as_deref().unwrap_or("")
        ));
    }
    let labels: Vec<(String, String)> = p
        .list("label")
        .iter()
        .map(|l| match l.split_once('=') {
            Some((k, v)) => (k.to_owned(), v.to_owned()),
            None => (l.clone(), String::new()),
        })
        .collect();
    let origin = if name.is_some() {
        VolumeOrigin::Explicit
    } else {
        VolumeOrigin::Anonymous
    };
    match inv.world.create_volume(name.as_deref(), origin, &labels) {
        Ok(n) => inv.out.println(&n),
        Err(e) => inv.out.daemon_error(&e),
    }
}
