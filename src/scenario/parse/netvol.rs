//! `network`, `volume`, `host` and `registry` in `world`, and the
//! container children `alias`, `volume`, `mount` and `file`.

use super::tree::Node;

use super::Cx;
use super::node::{self, Shape};
use crate::engine::mounts::{parse_mount_flag, parse_volume_flag, valid_volume_name};
use crate::scenario::{
    ContainerStorageDecl, HostDecl, NetworkDecl, TimeSpec, Timestamp, VolumeDecl,
};

const NETWORK_PROPS: [&str; 4] = ["subnet", "gateway", "internal", "created"];
const VOLUME_PROPS: [&str; 1] = ["created"];
const HOST_CHILDREN: [&str; 2] = ["workdir", "file"];

fn name_arg(cx: &mut Cx<'_>, n: &Node<'_>, what: &'static str) -> Option<String> {
    node::arg_string(cx, n, 0, what)
}

/// `file PATH content=TEXT`, the same form as a container's `file`.
fn file_node(cx: &mut Cx<'_>, c: &Node<'_>, what: &'static str) -> Option<(String, String)> {
    if !node::check(cx, c, &Shape::args(1, Some(1), what).props(&["content"])) {
        return None;
    }
    let path = node::arg_string(cx, c, 0, "a path")?;
    let text = node::prop_string(cx, c, "content", "the file's content")
        .map(|(t, _)| t)
        .unwrap_or_default();
    Some((path, text))
}

fn labels(cx: &mut Cx<'_>, n: &Node<'_>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for c in node::children(n) {
        if node::name(c) == "label" {
            node::check(
                cx,
                c,
                &Shape::args(0, Some(0), "none; write KEY=\"value\" properties").any_props(),
            );
            for (k, v, at) in node::pairs(cx, c, "the label value") {
                if out.iter().any(|(seen, _)| *seen == k) {
                    cx.error(at, format!("label {k} is set twice"));
                } else {
                    out.push((k, v));
                }
            }
        }
    }
    out
}

fn created(cx: &mut Cx<'_>, n: &Node<'_>, clock: Option<Timestamp>) -> TimeSpec {
    let Some((text, at)) = node::prop_string(cx, n, "created", "a time like \"-2d\"") else {
        return TimeSpec::Relative(0);
    };
    match TimeSpec::parse(&text) {
        Ok(t) => {
            if let Some(clock) = clock
                && t.resolve(clock).is_none_or(|t| t > clock)
            {
                cx.error(at, "this time is after the scenario clock or out of range");
            }
            t
        }
        Err(e) => {
            cx.error(at, format!("bad `created` time: {e}"));
            TimeSpec::Relative(0)
        }
    }
}

/// `network NAME subnet=CIDR gateway=IP internal=#true created=TIME { label ... }`
pub(crate) fn network(
    cx: &mut Cx<'_>,
    n: &Node<'_>,
    clock: Option<Timestamp>,
) -> Option<NetworkDecl> {
    node::check(
        cx,
        n,
        &Shape::args(1, Some(1), "the network name")
            .props(&NETWORK_PROPS)
            .children(),
    );
    let name = name_arg(cx, n, "the network name")?;
    if matches!(name.as_str(), "bridge" | "host" | "none") {
        cx.error(
            node::name_span(n),
            format!("{name} is a pre-defined network; every world has it already"),
        );
        return None;
    }
    let subnet =
        node::prop_string(cx, n, "subnet", "a CIDR like \"172.20.0.0/16\"").and_then(|(s, at)| {
            let ok = s.split_once('/').is_some_and(|(a, l)| {
                a.parse::<std::net::Ipv4Addr>().is_ok() && l.parse::<u8>().is_ok_and(|l| l <= 30)
            });
            if ok {
                Some(s)
            } else {
                cx.error(
                    at,
                    format!("{s:?} is not an IPv4 CIDR like \"172.20.0.0/16\""),
                );
                None
            }
        });
    let gateway = node::prop_string(cx, n, "gateway", "an IPv4 address").map(|(g, _)| g);
    let internal = node::prop(n, "internal").is_some_and(|e| e.value().as_bool() == Some(true));
    for c in node::children(n) {
        if node::name(c) != "label" {
            node::unknown_child(cx, "network", c, &["label"]);
        }
    }
    Some(NetworkDecl {
        name,
        subnet,
        gateway,
        internal,
        created: created(cx, n, clock),
        labels: labels(cx, n),
        span: cx.node_span(n),
    })
}

/// `volume NAME created=TIME { label ...; file PATH TEXT }`
pub(crate) fn volume(
    cx: &mut Cx<'_>,
    n: &Node<'_>,
    clock: Option<Timestamp>,
) -> Option<VolumeDecl> {
    node::check(
        cx,
        n,
        &Shape::args(1, Some(1), "the volume name")
            .props(&VOLUME_PROPS)
            .children(),
    );
    let name = name_arg(cx, n, "the volume name")?;
    if !valid_volume_name(&name) {
        cx.error(
            node::name_span(n),
            format!("{name:?} is not a volume name; Docker allows [a-zA-Z0-9][a-zA-Z0-9_.-]*"),
        );
    }
    let mut files = Vec::new();
    for c in node::children(n) {
        match node::name(c) {
            "label" => {}
            "file" => {
                if let Some((path, text)) = file_node(cx, c, "a path inside the volume") {
                    files.push((path.trim_start_matches('/').to_owned(), text));
                }
            }
            _ => node::unknown_child(cx, "volume", c, &["label", "file"]),
        }
    }
    Some(VolumeDecl {
        name,
        created: created(cx, n, clock),
        labels: labels(cx, n),
        files,
        span: cx.node_span(n),
    })
}

/// `host { workdir PATH; file PATH TEXT ... }`
pub(crate) fn host(cx: &mut Cx<'_>, n: &Node<'_>, host: &mut HostDecl) {
    node::check(cx, n, &Shape::args(0, Some(0), "none").children());
    for c in node::children(n) {
        match node::name(c) {
            "workdir" => {
                if node::check(cx, c, &Shape::args(1, Some(1), "an absolute path"))
                    && let Some(p) = node::arg_string(cx, c, 0, "an absolute path")
                {
                    if p.starts_with('/') {
                        host.workdir = Some(p);
                    } else {
                        cx.error(
                            node::name_span(c),
                            format!("workdir {p:?} must be absolute"),
                        );
                    }
                }
            }
            "file" => {
                if let Some((path, text)) = file_node(cx, c, "an absolute path") {
                    if !path.starts_with('/') {
                        cx.error(
                            node::name_span(c),
                            format!("host file {path:?} must be absolute"),
                        );
                    } else if host.files.iter().any(|(p, _)| *p == path) {
                        cx.error(
                            node::name_span(c),
                            format!("host file {path:?} is declared twice"),
                        );
                    } else {
                        host.files.push((path, text));
                    }
                }
            }
            _ => node::unknown_child(cx, "host", c, &HOST_CHILDREN),
        }
    }
}

/// A container child this file owns; false when `c` is none of them.
/// (A container's `file` is parsed with its process; the world builder
/// puts it into the volume mounted over its path, if any.)
pub(crate) fn container_child(
    cx: &mut Cx<'_>,
    c: &Node<'_>,
    decl: &mut ContainerStorageDecl,
) -> bool {
    match node::name(c) {
        "alias" => {
            node::check(cx, c, &Shape::args(1, None, "network aliases"));
            for (a, _) in node::arg_strings(cx, c, "a network alias") {
                decl.aliases.push(a);
            }
        }
        "volume" => {
            node::check(
                cx,
                c,
                &Shape::args(1, None, "-v specs like \"pgdata:/data\""),
            );
            for (spec, at) in node::arg_strings(cx, c, "a -v spec") {
                match parse_volume_flag(&spec) {
                    Ok(_) => decl.volumes.push(spec),
                    Err(e) => cx.error(at, e),
                }
            }
        }
        "mount" => {
            node::check(cx, c, &Shape::args(1, None, "--mount specs"));
            for (spec, at) in node::arg_strings(cx, c, "a --mount spec") {
                match parse_mount_flag(&spec) {
                    Ok(_) => decl.mounts.push(spec),
                    Err(e) => cx.error(at, e),
                }
            }
        }
        _ => return false,
    }
    true
}
