//! `docker network create NETWORK`: prints the new network's ID.

use super::super::command::Invocation;
use super::super::flags::{Flag, Parsed};
use crate::engine::NetworkCreate;

pub const FLAGS: &[Flag] = &[
    Flag::bool("attachable", None),
    Flag::list("aux-address", None),
    Flag::string("config-from", None),
    Flag::bool("config-only", None),
    Flag::string("driver", Some('d')),
    Flag::list("gateway", None),
    Flag::bool("ingress", None),
    Flag::bool("internal", None),
    Flag::list("ip-range", None),
    Flag::string("ipam-driver", None),
    Flag::list("ipam-opt", None),
    Flag::bool("ipv4", None),
    Flag::bool("ipv6", None),
    Flag::list("label", None),
    Flag::list("opt", Some('o')),
    Flag::string("scope", None),
    Flag::list("subnet", None),
];

fn pairs(items: &[String]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|l| match l.split_once('=') {
            Some((k, v)) => (k.to_owned(), v.to_owned()),
            None => (l.clone(), String::new()),
        })
        .collect()
}

pub fn run(inv: &mut Invocation<'_>, p: &Parsed) {
    let Some(name) = p.args.first() else {
        return;
    };
    // `--subnet`/`--gateway` are string slices: comma-separated too.
    let split = |flag: &str| -> Vec<String> {
        p.list(flag)
            .iter()
            .flat_map(|v| v.split(',').map(str::to_owned).collect::<Vec<_>>())
            .filter(|v| !v.is_empty())
            .collect()
    };
    let subnets = split("subnet");
    let gateways = split("gateway");
    if gateways.len() > subnets.len() {
        return inv
            .out
            .fail("every ip-range or gateway must have a corresponding subnet");
    }
    let req = NetworkCreate {
        name: name.clone(),
        driver: p.string("driver").unwrap_or("bridge").to_owned(),
        subnet: subnets.first().cloned(),
        gateway: gateways.first().cloned(),
        internal: p.flag("internal"),
        attachable: p.flag("attachable"),
        labels: pairs(p.list("label")),
        options: pairs(p.list("opt")),
        from_cli: true,
    };
    match inv.world.create_network(&req) {
        Ok(id) => inv.out.println(&id),
        Err(e) => inv.out.daemon_error(&e),
    }
}
