//! `port-collision`: two containers that hold a port when play starts
//! (running or paused) publish the same host port and protocol on
//! overlapping addresses. Docker would have refused to start the second, so
//! the initial world could not exist.

use super::{Finding, locate};
use crate::scenario::{ContainerStateDecl, PortSpec, Scenario};

pub fn lint(file: &str, text: &str, scenario: &Scenario, out: &mut Vec<Finding>) {
    let holding: Vec<_> = scenario
        .world
        .containers
        .iter()
        .filter(|c| {
            matches!(
                c.state,
                ContainerStateDecl::Running | ContainerStateDecl::Paused
            )
        })
        .collect();
    for (i, later) in holding.iter().enumerate() {
        for spec in &later.publish {
            let Some(port) = spec.host_port else {
                continue;
            };
            let earlier = holding
                .iter()
                .take(i)
                .find_map(|c| c.publish.iter().find(|p| collide(p, spec)).map(|p| (c, p)));
            let Some((first, first_spec)) = earlier else {
                continue;
            };
            let written = spec.to_string();
            out.push(
                Finding::warning(
                    "port-collision",
                    locate::within(file, text, later.span, &format!("\"{written}\"")),
                    format!(
                        "containers {:?} and {:?} both publish host port {port}/{}",
                        first.name, later.name, spec.protocol
                    ),
                )
                .label(format!("{:?} already publishes {first_spec}", first.name))
                .help(
                    "Docker refuses to start a second container on a taken port: publish another host port, or declare one of them state=\"exited\"",
                ),
            );
        }
    }
}

/// Same host port and protocol, on addresses that overlap (no address
/// means all of them).
fn collide(a: &PortSpec, b: &PortSpec) -> bool {
    a.host_port.is_some()
        && a.host_port == b.host_port
        && a.protocol == b.protocol
        && match (&a.host_ip, &b.host_ip) {
            (Some(x), Some(y)) => x == y || is_unspecified(x) || is_unspecified(y),
            _ => true,
        }
}

fn is_unspecified(ip: &str) -> bool {
    ip == "0.0.0.0" || ip == "::"
}
