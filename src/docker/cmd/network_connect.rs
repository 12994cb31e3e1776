//! `docker network connect NETWORK CONTAINER` and `disconnect`: print
//! nothing on success. `connect --link NAME:ALIAS` makes ALIAS name NAME on
//! that network, for this container only.

use super::super::command::Invocation;
use super::super::flags::{Flag, FlagError, Parsed};

pub const CONNECT_FLAGS: &[Flag] = &[
    Flag::list("alias", None),
    Flag::list("driver-opt", None),
    Flag::int("gw-priority", None),
    Flag::string("ip", None),
    Flag::string("ip6", None),
    Flag::list("link", None),
    Flag::list("link-local-ip", None),
];

pub const DISCONNECT_FLAGS: &[Flag] = &[Flag::bool("force", Some('f'))];

pub fn connect(inv: &mut Invocation<'_>, p: &Parsed) {
    let (Some(network), Some(container)) = (p.args.first(), p.args.get(1)) else {
        return;
    };
    // pflag validates `--link` as it reads it.
    for raw in p.list("link") {
        if let Err(reason) = crate::engine::links::parse_link(raw) {
            return inv.flag_error(&FlagError::InvalidValue {
                value: raw.clone(),
                flag: "--link".to_owned(),
                reason,
            });
        }
    }
    let aliases = p.list("alias").to_vec();
    if let Err(e) = inv.world.connect_network(network, container, &aliases) {
        return inv.out.daemon_error(&e);
    }
    // `--link NAME:ALIAS` is an endpoint alias for NAME on that network.
    inv.world
        .set_endpoint_links(container, network, p.list("link"));
}

pub fn disconnect(inv: &mut Invocation<'_>, p: &Parsed) {
    let (Some(network), Some(container)) = (p.args.first(), p.args.get(1)) else {
        return;
    };
    if let Err(e) = inv
        .world
        .disconnect_network(network, container, p.flag("force"))
    {
        inv.out.daemon_error(&e);
    }
}
